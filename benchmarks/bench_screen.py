"""Screening speed: one intake against one service with the default rule pack (70 rules).

    python benchmarks/bench_screen.py [--runs 15] [--number 2000]

Prints median microseconds per screening, for the verdict and findings of the booked service
and with every service's verdict worded as JSON too. Target (issue #4): at most 200 µs median.
"""

from __future__ import annotations

import sys
from pathlib import Path

import servicekit

sys.path.insert(0, str(Path(__file__).parent))
from timing import median_us, options

ROOT = Path(__file__).resolve().parent.parent

INTAKES = {
    "nothing to report": {
        "client": {"conditions": [], "medications": [], "allergies": []},
    },
    "osteoporosis, blood thinner, clearance on file": {
        "client": {
            "conditions": ["osteoporosis", "dvt-history"],
            "medications": ["anticoagulant"],
            "allergies": ["tree-nut"],
            "under_physician_care": True,
        },
        "clearances": [{"provider": "Dr. Lee", "date": "2026-10-15", "scope": "all"}],
    },
    "pregnant, 25 weeks, recent surgery": {
        "client": {"conditions": [], "medications": ["nsaid"], "allergies": []},
        "pregnancy": {"due_date": "2027-03-19"},
        "surgeries": [{"date": "2026-10-20", "region": "right-knee"}],
    },
}


def main() -> None:
    args = options(__doc__)
    catalogue = servicekit.load(
        ROOT / "catalogues" / "therapeutic-clinic.toml",
        plugins=servicekit.plugin_manager(),  # the installed plugins: the first-party ones too
    )
    rules = len(catalogue._screening.rules)
    print(f"python {sys.version.split()[0]}; {rules} screening rules; median of {args.runs}")
    for name, data in INTAKES.items():
        intake = servicekit.load_intake(data)

        def verdict(intake=intake):
            return catalogue.screen(intake, "deep-tissue", addons=["hot-stones"], at="2026-12-04")

        booked = median_us(lambda: verdict().verdict, args)
        everything = median_us(lambda: verdict().to_dict(), args)
        meets = "meets" if booked <= 200 else "misses"
        print(
            f"{name}: {booked:.0f} µs for the booking ({meets} the 200 µs target), "
            f"{everything:.0f} µs with all {len(catalogue.services)} services as JSON"
        )


if __name__ == "__main__":
    main()
