"""Screening speed, each figure beside a hand-coded floor measured in the same run.

    python benchmarks/bench_screen.py [--runs 15] [--number 2000] [--sizes 100 10000 100000]

1. Every bundled scenario (the intakes in catalogues/intakes/ and three more) screened against
   Deep Tissue with hot stones in the bundled clinic with the first-party plugins: the median
   microseconds for the verdict and findings, and the ratio to a floor: a function written for
   that one client, making the same findings from the intake's words with set tests alone.
   Then the same screening as the CLI's `--format json` and `POST /screen` give it,
   `to_dict()`, with what every other service is for this client (`bookable`), beside the
   floor that also writes its findings and that list as a dict.
   Target (issue #14): at most 100 µs each.
2. The same screening (osteoporosis and a blood thinner, booked for deep tissue) in synthetic
   catalogues of each size (benchmarks/generate.py): what the catalogue can know before an
   intake is known is worked out when it is built, so the time must not grow with the menu.
   Target: the largest within 1.5× of the smallest.
3. `recommend` for pain relief with that intake over 10,000 services. Target: at most 50 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import timeit
import tomllib
from collections.abc import Callable
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
    return parser.parse_args()


def median_us(call: Callable[[], Any], runs: int, number: int) -> float:
    """The median time of one call in microseconds; `number` shrinks for slow calls so a
    batch takes about a fifth of a second."""
    once = timeit.timeit(call, number=1)
    number = max(1, min(number, int(0.2 / max(once, 1e-9))))
    times = timeit.repeat(call, number=number, repeat=runs)
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


def scenarios(args: argparse.Namespace) -> None:
    plugins = servicekit.plugin_manager()  # the installed plugins: the first-party ones too
    clinic = servicekit.load(ROOT / "catalogues" / "therapeutic-clinic.toml", plugins=plugins)
    service, addons = BOOKING
    print(f"1. the bundled clinic, {service} with {', '.join(addons)}, on {DAY}")
    for name, data in SCENARIOS.items():
        intake = servicekit.load_intake(data)

        def verdict(intake: Any = intake) -> str:
            return clinic.screen(intake, service, addons=addons, at=DAY).verdict

        def as_dict(intake: Any = intake) -> dict[str, Any]:
            return clinic.screen(intake, service, addons=addons, at=DAY).to_dict()

        made = clinic.screen(intake, service, addons=addons, at=DAY)
        engine = median_us(verdict, args.runs, args.number)
        hand = median_us(floor(made, intake), args.runs, args.number)
        meets = "meets" if engine <= 100 else "misses"
        print(
            f"   {name}: {engine:.0f} µs ({meets} 100 µs), floor {hand:.1f} µs, "
            f"{engine / hand:.1f}× the floor; {made.verdict}, {len(made.findings)} findings"
        )
        engine = median_us(as_dict, args.runs, args.number)
        hand = median_us(floor_dict(made, intake), args.runs, args.number)
        meets = "meets" if engine <= 100 else "misses"
        print(
            f"      as JSON, with {len(made.bookable)} services' verdicts: {engine:.0f} µs "
            f"({meets} 100 µs), floor {hand:.1f} µs, {engine / hand:.1f}× the floor"
        )


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
    print(f"python {sys.version.split()[0]}; median of {args.runs}")
    scenarios(args)
    sizes(args)


if __name__ == "__main__":
    main()
