"""Load + build time and peak memory for synthetic catalogues, and command start-up time.

    python benchmarks/bench_load.py [--sizes 1000 10000] [--runs 5]

Prints figures; asserts nothing. Targets (issue #2): 10,000 services load and build in at most
1.5 s with peak RSS at most 200 MB, the 10k/1k time ratio at most 12, and `servicekit --version`
and `--help` start in at most twice the time of `python -c "import click"`; issue #17: `check`
on the bundled clinic in at most 3x (printed beside the libraries it is built on, imported alone).
"""

from __future__ import annotations

import argparse
import json
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


LIBRARIES = "import attrs, cattrs, click, importlib.metadata, pluggy, tomli"


def measure_load(path: Path, runs: int) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), str(runs)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output)


def measure_startup(command: list[str], runs: int) -> float:
    """Median wall time of a fresh process running `command`."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=5)
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

    servicekit = shutil.which("servicekit") or str(Path(sys.executable).parent / "servicekit")
    runs = max(args.runs * 4, 20)
    click = measure_startup([sys.executable, "-c", "import click"], runs)
    version = measure_startup([servicekit, "--version"], runs)
    help_ = measure_startup([servicekit, "--help"], runs)
    print(f"python -c 'import click': {click * 1000:.0f} ms (median of {runs})")
    print(f"servicekit --version: {version * 1000:.0f} ms ({version / click:.2f}x)")
    print(f"servicekit --help: {help_ * 1000:.0f} ms ({help_ / click:.2f}x)")
    clinic = str(Path(__file__).resolve().parent.parent / "catalogues" / "therapeutic-clinic.toml")
    check = measure_startup([servicekit, "check", clinic], runs)
    print(f"servicekit check (the bundled clinic): {check * 1000:.0f} ms ({check / click:.2f}x)")
    # What check cannot do without: the libraries it is built on, imported and nothing else.
    floor = measure_startup([sys.executable, "-c", LIBRARIES], runs)
    print(f"  its libraries alone ({LIBRARIES[7:]}): {floor * 1000:.0f} ms ({floor / click:.2f}x)")


if __name__ == "__main__":
    main()
