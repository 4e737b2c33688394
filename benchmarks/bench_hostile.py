"""What a careless or hostile catalogue costs `servicekit check`, beside what parsing it costs.

    python benchmarks/bench_hostile.py [--runs 3]

Each case is a file a user might hand servicekit (a 30 MB catalogue with a mistake at its end,
a 10 MB name, a 3-million-element array, a million duplicate add-on ids). For each, a fresh
process parses the file with tomli alone (the anchor), and another runs `servicekit check` on
it; both print their time and peak memory. The target (issue #11): check takes at most 3x the
time and memory of parsing, and prints at most 100 problems. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import catalogue

REPO = Path(__file__).resolve().parent.parent
CLINIC = (REPO / "catalogues" / "therapeutic-clinic.toml").read_text(encoding="utf-8")

PARSE = """
import json, resource, sys, time
from decimal import Decimal
import tomli
start = time.perf_counter()
with open(sys.argv[1], "rb") as handle:
    tomli.loads(handle.read().decode("utf-8"), parse_float=Decimal)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"seconds": time.perf_counter() - start, "peak": peak}))
"""

CHECK = """
import contextlib, io, json, resource, sys, time
from servicekit.cli import main
start = time.perf_counter()
out = io.StringIO()
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
    try:
        main(["check", sys.argv[1]])
    except SystemExit as exit:
        status = exit.code
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
lines = out.getvalue().splitlines()
print(json.dumps({"seconds": time.perf_counter() - start, "peak": peak, "status": status,
                  "lines": len(lines), "last": lines[-1] if lines else ""}))
"""


def cases() -> dict[str, str]:
    big = catalogue(75_000)
    last = big.rindex('modality = "')
    big = big[:last] + 'modality = "swedsh"' + big[big.index("\n", last) :]
    name = CLINIC.replace('name = "Riverside Therapeutic Massage"', f'name = "{"x" * 10**7}"', 1)
    elements = ",".join(["1"] * 3_000_000)
    array = CLINIC.replace(
        "[services.swedish]\n", f"[services.swedish]\nextra = [{elements}]\n", 1
    )
    duplicates = ",".join(['"hot-stones"'] * 1_000_000)
    repeated = CLINIC.replace(
        'addons = ["hot-stones", "aromatherapy"]', f"addons = [{duplicates}]", 1
    )
    return {
        "30 MB catalogue, mistake at its end": big,
        "a 10 MB name": name,
        "a 3,000,000-element array": array,
        "1,000,000 duplicate add-on ids": repeated,
    }


def run(code: str, path: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)], check=True, capture_output=True, text=True
    )
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="the best run is shown")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}; best of {args.runs}; check / parse in brackets")
    with tempfile.TemporaryDirectory() as directory:
        for label, text in cases().items():
            path = Path(directory) / "case.toml"
            path.write_text(text, encoding="utf-8")
            parse = min((run(PARSE, path) for _ in range(args.runs)), key=lambda r: r["seconds"])
            check = min((run(CHECK, path) for _ in range(args.runs)), key=lambda r: r["seconds"])
            seconds = check["seconds"] / parse["seconds"]
            memory = check["peak"] / parse["peak"]
            print(
                f"{label} ({len(text.encode()) / 1e6:.1f} MB): parse {parse['seconds']:.2f} s, "
                f"{parse['peak'] / 1e6:.0f} MB; check {check['seconds']:.2f} s ({seconds:.1f}x), "
                f"{check['peak'] / 1e6:.0f} MB ({memory:.1f}x), exit {check['status']}, "
                f"{check['lines']} lines printed, last: {str(check['last'])[:80]}"
            )


if __name__ == "__main__":
    main()
