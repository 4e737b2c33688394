"""Screening speed, each figure beside a hand-coded floor measured in the same run.

    python benchmarks/bench_screen.py [--runs 15] [--number 2000] [--sizes 100 10000 100000]
    python benchmarks/bench_screen.py --instructions    # also: instructions per call

Every figure is the CPU time of the process (time.process_time: on a machine others share,
the time it waits for a core is not counted), the median of the runs.

1. Every bundled scenario (the intakes in catalogues/intakes/ and three more) screened against
   Deep Tissue with hot stones in the bundled clinic with the first-party plugins: the median
   microseconds for the verdict and findings, and the ratio to a floor: a function written for
   that one client, making the same findings from the intake's words with set tests alone.
   Then the same screening as the CLI's `--format json` and `POST /screen` give it,
   `to_dict()`, with what every other service is for this client (`bookable`), beside the
   floor that also writes its findings and that list as a dict.
   Target (issue #14): at most 100 µs each.
   With `--instructions` (valgrind installed), the same figures are also counted in
   instructions per call (callgrind, user space, the collector's long-lived objects frozen as
   `servicekit serve` freezes them): a figure the machine's load does not move.
2. The same screening (osteoporosis and a blood thinner, booked for deep tissue) in synthetic
   catalogues of each size (benchmarks/generate.py): what the catalogue can know before an
   intake is known is worked out when it is built, so the time must not grow with the menu.
   Target: the largest within 1.5× of the smallest.
3. `recommend` for pain relief with that intake over 10,000 services. Target: at most 50 ms.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import servicekit
from servicekit.model.screening import Constraints, Finding

sys.path.insert(0, str(Path(__file__).parent))
from generate import catalogue as synthetic

ROOT = Path(__file__).resolve().parent.parent
DAY = "2026-12-04"
BOOKING = ("deep-tissue", ("hot-stones",))

OSTEOPOROSIS = {
    "client": {
        "conditions": ["osteoporosis", "dvt-history"],
        "medications": ["anticoagulant"],
        "allergies": ["tree-nut"],
        "under_physician_care": True,
    },
    "clearances": [{"provider": "Dr. Lee", "date": "2026-10-15", "scope": "all"}],
}
SCENARIOS: dict[str, Any] = {
    "nothing to report": {"client": {"conditions": [], "medications": [], "allergies": []}},
    "osteoporosis, blood thinner, clearance on file": OSTEOPOROSIS,
    "pregnant, 25 weeks, recent surgery": {
        "client": {"conditions": [], "medications": ["nsaid"], "allergies": []},
        "pregnancy": {"due_date": "2027-03-19"},
        "surgeries": [{"date": "2026-10-20", "region": "right-knee"}],
    },
    **{
        f"{path.stem} (catalogues/intakes)": path
        for path in sorted((ROOT / "catalogues" / "intakes").iterdir())
    },
}
SEVERITY_ORDER = ("caution", "modify", "local", "ask", "clearance", "block")


def options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="repetitions; the median is shown")
    parser.add_argument("--number", type=int, default=2000, help="calls per repetition")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 10_000, 100_000])
    parser.add_argument(
        "--instructions", action="store_true", help="also count instructions (valgrind)"
    )
    parser.add_argument("--count", type=int, help=argparse.SUPPRESS)  # run under callgrind
    return parser.parse_args()


def median_us(call: Callable[[], Any], runs: int, number: int) -> float:
    """The median CPU time of one call in microseconds; `number` shrinks for slow calls so a
    batch takes about a fifth of a second."""
    started = time.process_time()
    call()
    once = time.process_time() - started
    number = max(1, min(number, int(0.2 / max(once, 1e-6))))
    times = []
    for _ in range(runs):
        started = time.process_time()
        for _ in range(number):
            call()
        times.append(time.process_time() - started)
    return statistics.median(times) / number * 1e6


def floor_dict(screening: Any, intake: Any) -> Callable[[], dict[str, Any]]:
    """The floor, and the dict the engine's `to_dict()` gives: its findings as dicts, and the
    verdicts of every other service as a list worked out for this one client beforehand."""
    screen = floor(screening, intake)
    others = [item.to_dict() for item in screening.bookable]
    day, service, addons = screening.day.isoformat(), screening.service, list(screening.addons)

    def as_dict() -> dict[str, Any]:
        verdict, findings = screen()
        return {
            "service": service,
            "addons": addons,
            "date": day,
            "verdict": verdict,
            "findings": [finding.to_dict() for finding in findings],
            "bookable": [dict(item) for item in others],
        }

    return as_dict


def floor(screening: Any, intake: Any) -> Callable[[], tuple[str, list[Finding]]]:
    """A screening written by hand for one client: for each finding the engine made, a set
    test on the intake's words where its triggers are words, then the same `Finding` record;
    the constraints merged and the verdict taken as the most restrictive. No rule pack, no
    plugins, no catalogue: the least a program can do to give the same answer."""
    client = intake.client
    words = frozenset((client.conditions or ()) + (client.medications or ()))
    words |= frozenset(client.allergies or ())
    names = ("rule", "severity", "scope", "reason", "subject", "modification", "constraints",
             "credential", "sources", "triggers", "origin")  # fmt: skip
    made = [
        (
            frozenset(trigger for trigger in finding.triggers if trigger in words),
            {name: getattr(finding, name) for name in names},
            -1 if finding.lifted else SEVERITY_ORDER.index(finding.severity),
        )
        for finding in screening.findings
    ]

    def screen() -> tuple[str, list[Finding]]:
        findings, worst, merged = [], -1, Constraints()
        for needs, fields, rank in made:
            if needs <= words:
                finding = Finding(**fields)
                findings.append(finding)
                worst = max(worst, rank)
                if finding.constraints:
                    merged = merged.merge(finding.constraints)
        return ("clear" if worst < 0 else SEVERITY_ORDER[worst]), findings

    return screen


def clinic() -> Any:
    """The bundled clinic, with the installed plugins (the first-party ones too)."""
    plugins = servicekit.plugin_manager()
    return servicekit.load(ROOT / "catalogues" / "therapeutic-clinic.toml", plugins=plugins)


def calls(catalogue: Any, intake: Any) -> dict[str, Callable[[], Any]]:
    """What is measured of one scenario: the engine's verdict and findings, and `to_dict()`
    with every service's verdict; each beside its floor."""
    service, addons = BOOKING
    made = catalogue.screen(intake, service, addons=addons, at=DAY)
    return {
        "verdict": lambda: catalogue.screen(intake, service, addons=addons, at=DAY).verdict,
        "verdict floor": floor(made, intake),
        "json": lambda: catalogue.screen(intake, service, addons=addons, at=DAY).to_dict(),
        "json floor": floor_dict(made, intake),
    }


def scenarios(args: argparse.Namespace) -> None:
    bundled = clinic()
    service, addons = BOOKING
    counted = instructions() if args.instructions else {}
    print(f"1. the bundled clinic, {service} with {', '.join(addons)}, on {DAY}")
    for name, data in SCENARIOS.items():
        intake = servicekit.load_intake(data)
        made = bundled.screen(intake, service, addons=addons, at=DAY)
        print(f"   {name}: {made.verdict}, {len(made.findings)} findings")
        timed = {
            what: median_us(call, args.runs, args.number)
            for what, call in calls(bundled, intake).items()
        }
        for what, said in (
            ("verdict", "the verdict and findings"),
            ("json", f"as JSON, with {len(made.bookable)} services' verdicts"),
        ):
            engine, hand = timed[what], timed[f"{what} floor"]
            meets = "meets" if engine <= 100 else "misses"
            print(
                f"      {said}: {engine:.0f} µs ({meets} 100 µs), floor {hand:.1f} µs, "
                f"{engine / hand:.1f}× the floor"
            )
            if counted:
                engine, hand = counted[name, what], counted[name, f"{what} floor"]
                print(
                    f"        {engine / 1000:,.0f}k instructions, floor {hand / 1000:,.1f}k, "
                    f"{engine / hand:.1f}× the floor"
                )


def instructions() -> dict[tuple[str, str], float]:
    """Instructions per call of everything `calls` measures, by scenario and what: this
    script run under callgrind (`--count`), which dumps its counts at each `os.getppid()`."""
    if not shutil.which("valgrind"):
        sys.exit("--instructions needs valgrind (Debian's package), which is not installed")
    number = 50
    with tempfile.TemporaryDirectory() as directory:
        out = Path(directory) / "callgrind.out"
        subprocess.run(
            [
                "valgrind", "--tool=callgrind", "--dump-before=getppid",
                f"--callgrind-out-file={out}", sys.executable, __file__, "--count", str(number),
            ],
            check=True,
            capture_output=True,
        )  # fmt: skip
        dumps = sorted(out.parent.glob(f"{out.name}.*"), key=lambda p: int(p.suffix[1:]))
        totals = [_summary(dump) for dump in dumps]
    measured = list(_measured())
    if len(totals) != 2 * len(measured):
        sys.exit(f"callgrind dumped {len(totals)} counts, not the {2 * len(measured)} expected")
    # Each measured batch is the second of its pair: the first holds the warming up.
    return {key: totals[2 * i + 1] / number for i, key in enumerate(measured)}


def _summary(dump: Path) -> int:
    with dump.open() as lines:
        return int(next(line for line in lines if line.startswith("summary:")).split()[1])


def _measured() -> Iterator[tuple[str, str]]:
    """What `count` measures, in its order."""
    for name in SCENARIOS:
        for what in ("verdict", "verdict floor", "json", "json floor"):
            yield name, what


def count(number: int) -> None:
    """Under callgrind: each of `calls`, warmed up, then `number` times, each batch marked by
    `os.getppid()` (callgrind's `--dump-before`)."""
    bundled = clinic()
    made = {name: calls(bundled, servicekit.load_intake(data)) for name, data in SCENARIOS.items()}
    gc.collect()
    gc.freeze()  # as `servicekit serve` does: what was loaded is no collection's work
    for name, what in _measured():
        call = made[name][what]
        for _ in range(3):
            call()
        os.getppid()
        for _ in range(number):
            call()
        os.getppid()


def sizes(args: argparse.Namespace) -> None:
    plugins = servicekit.plugin_manager()
    intake = servicekit.load_intake(OSTEOPOROSIS)
    print("2. osteoporosis and a blood thinner, deep tissue, by catalogue size")
    figures = {}
    recommended = None
    for size in args.sizes:
        # Built from the parsed text: 100,000 services are more than a file may hold.
        catalogue = servicekit.build(tomllib.loads(synthetic(size)), plugins=plugins)
        deep = next(s.id for s in catalogue.services.values() if s.modality == "deep-tissue")

        def verdict(catalogue: Any = catalogue, deep: str = deep) -> str:
            return catalogue.screen(intake, deep, at=DAY).verdict

        figures[size] = median_us(verdict, min(args.runs, 5), args.number)
        hand = median_us(floor(catalogue.screen(intake, deep, at=DAY), intake), 5, args.number)
        ratio = figures[size] / hand
        print(f"   {size:>7,} services: {figures[size]:.0f} µs, {ratio:.1f}× the floor")
        if size == 10_000:
            recommended = catalogue
        del catalogue
    smallest, largest = min(figures), max(figures)
    ratio = figures[largest] / figures[smallest]
    meets = "meets" if ratio <= 1.5 else "misses"
    print(f"   {largest:,} / {smallest:,} services: {ratio:.2f}× ({meets} 1.5×)")
    if recommended is not None:
        ranked: list[Any] = []

        def recommend() -> None:
            ranked[:] = recommended.recommend(["pain-relief"], intake=intake, at=DAY)

        ms = median_us(recommend, 5, 20) / 1000
        meets = "meets" if ms <= 50 else "misses"
        print(
            f"3. recommend over 10,000 services: {ms:.1f} ms ({meets} 50 ms), "
            f"{len(ranked):,} services ranked"
        )


def main() -> None:
    args = options()
    if args.count:
        count(args.count)
        return
    print(f"python {sys.version.split()[0]}; CPU time, median of {args.runs}")
    scenarios(args)
    sizes(args)


if __name__ == "__main__":
    main()
