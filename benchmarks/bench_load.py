"""Load + build time and peak memory for synthetic catalogues, and command start-up time.

    python benchmarks/bench_load.py [--sizes 1000 10000] [--runs 5] [--instructions]

Prints figures; asserts nothing. Targets (issue #2): 10,000 services load and build in at most
1.5 s with peak RSS at most 200 MB, the 10k/1k time ratio at most 12, and `servicekit --version`
and `--help` start in at most twice the time of `python -c "import click"`; issue #17: `check`
on the bundled clinic in at most 3x (printed beside the libraries it is built on, imported alone).

Start-up is measured as a user meets it: bytecode compiled, as `pip install` leaves it (a first
run of each command writes it, whatever PYTHONDONTWRITEBYTECODE says), each run a fresh
process, the commands taking turns so that a busy machine slows each of them alike. With
`--instructions` (and valgrind installed) it also counts the instructions each start-up runs
(cachegrind, user space): a figure the machine's load does not move. `--sizes` with no sizes
measures start-up alone.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import catalogue

CHILD = """
import json, resource, sys, time
import servicekit
from servicekit.plugins import plugin_manager
plugins = plugin_manager(entry_points=False)
plugins.registry()
times = []
for _ in range(int(sys.argv[2])):
    start = time.perf_counter()
    loaded = servicekit.load(sys.argv[1], plugins=plugins)
    times.append(time.perf_counter() - start)
    del loaded
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"times": times, "peak": peak}))
"""


LIBRARIES = "import attrs, click, pluggy, tomli"


def measure_load(path: Path, runs: int) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), str(runs)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output)


def startup_commands() -> dict[str, list[str]]:
    """The start-ups measured, by the name the report gives them, the anchor first."""
    servicekit = shutil.which("servicekit") or str(Path(sys.executable).parent / "servicekit")
    clinic = str(Path(__file__).resolve().parent.parent / "catalogues" / "therapeutic-clinic.toml")
    return {
        "python -c 'import click'": [sys.executable, "-c", "import click"],
        "servicekit --version": [servicekit, "--version"],
        "servicekit --help": [servicekit, "--help"],
        "servicekit check (the bundled clinic)": [servicekit, "check", clinic],
        # What check cannot do without: the libraries it is built on, imported and nothing else.
        f"  its libraries alone ({LIBRARIES[7:]})": [sys.executable, "-c", LIBRARIES],
    }


def compiled_env() -> dict[str, str]:
    """The environment the commands run in: one that writes bytecode where it is missing."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def measure_startups(commands: dict[str, list[str]], runs: int) -> dict[str, float]:
    """Median wall time of a fresh process running each command, the commands taking turns."""
    env = compiled_env()
    for command in commands.values():  # writes the bytecode of everything the command imports
        subprocess.run(command, check=True, capture_output=True, env=env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, env=env)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(taken) for name, taken in times.items()}


def instructions(command: list[str]) -> int:
    """The instructions a fresh process running `command` executes (cachegrind, user space)."""
    with tempfile.TemporaryDirectory() as directory:
        out = Path(directory) / "cachegrind.out"
        valgrind = ["valgrind", "--tool=cachegrind", "--cache-sim=no"]
        subprocess.run(
            [*valgrind, f"--cachegrind-out-file={out}", *command],
            check=True,
            capture_output=True,
            env=compiled_env(),
        )
        summary = next(ln for ln in out.read_text().splitlines() if ln.startswith("summary:"))
    return int(summary.split()[1])


def report_startups(runs: int, count_instructions: bool) -> None:
    commands = startup_commands()
    anchor = next(iter(commands))
    times = measure_startups(commands, runs)
    print(f"{anchor}: {times[anchor] * 1000:.0f} ms (median of {runs})")
    for name, taken in list(times.items())[1:]:
        print(f"{name}: {taken * 1000:.0f} ms ({taken / times[anchor]:.2f}x)")
    if not count_instructions:
        return
    if not shutil.which("valgrind"):
        print("--instructions needs valgrind (Debian's package), which is not installed")
        return
    counted = {name: instructions(command) for name, command in commands.items()}
    print(f"{anchor}: {counted[anchor] / 1e6:,.0f} M instructions (cachegrind, user space)")
    for name, count in list(counted.items())[1:]:
        print(f"{name}: {count / 1e6:,.0f} M ({count / counted[anchor]:.2f}x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="also count each start-up's instructions with valgrind (a figure load does not move)",
    )
    args = parser.parse_args()

    print(f"python {sys.version.split()[0]}, {args.runs} runs each; best time, peak RSS")
    best: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as directory:
        for size in args.sizes:
            path = Path(directory) / f"catalogue-{size}.toml"
            path.write_text(catalogue(size))
            result = measure_load(path, args.runs)
            best[size] = min(result["times"])
            print(
                f"{size:>6} services ({path.stat().st_size / 1e6:.1f} MB): "
                f"load+build {best[size]:.3f} s "
                f"(median {statistics.median(result['times']):.3f} s), "
                f"peak RSS {result['peak'] / 1e6:.0f} MB"
            )
    if 1000 in best and 10000 in best:
        print(f"10k/1k time ratio: {best[10000] / best[1000]:.1f}")

    report_startups(max(args.runs * 4, 20), args.instructions)


if __name__ == "__main__":
    main()
