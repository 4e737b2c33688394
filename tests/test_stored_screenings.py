"""Screenings made before screening was made faster and translatable (issues 14 and 17),
compared with today's.

`tests/data/stored-screenings.json` holds `Screening.to_dict()` (what the CLI's `--format json`
and `POST /screen` give), or the intake error, of every scenario below against every service of
the three bundled catalogues with the first-party plugins: without add-ons, with each of the
service's add-ons, with all of them, and with a therapist who holds no credential. It was
written once, by the engine as it was before the change, with
`python -m tests.test_stored_screenings`; a difference is a change in what a therapist is told,
never a reason to write it again.

Written again once, on purpose (2026-12-05), for two defects a user found: a rule that leaves a
booked add-on out was listed twice, word for word (and its physician's approval with it), and
an add-on rule's advice on how to give an add-on that another finding leaves out was kept
("no cups on the abdomen" beside "leave out: cupping"; a clearance or a credential it asks for
stays). Checked entry by entry: only those findings and approvals went (134 duplicates,
pregnancy-cupping 36 times); every verdict, constraint and service's verdict is as stored.

Written again on purpose (2026-12-05, later), for two more: an intake that leaves `allergies`
unanswered now asks the client for every session (the rule pack's tree-nut allergy changes
every massage: oils and lotions), not only with an oil add-on (the "nothing answered" and
"first trimester" scenarios, 146 entries, gained `unanswered-allergies`, no verdict changed);
and the bundled `recent-surgery.json` answers `allergies = []`, so it still shows the surgery's
clearance (15 entries lost `unanswered-allergies`, 12 of them ask → clearance).
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Iterator
from typing import Any

import pytest

import servicekit
from servicekit.errors import ServicekitError
from tests.conftest import REPO, first_party_plugins

STORED = REPO / "tests" / "data" / "stored-screenings.json"
DAY = "2026-12-04"

SCENARIOS: dict[str, Any] = {
    # benchmarks/bench_screen.py's own three, then the bundled intakes.
    "nothing to report": {"client": {"conditions": [], "medications": [], "allergies": []}},
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
    **{
        f"{path.name} (catalogues/intakes)": str(path.relative_to(REPO))
        for path in sorted((REPO / "catalogues" / "intakes").iterdir())
    },
    # More of what screening tells apart: every question unanswered, the other specialty
    # populations, clearances for one service, a local rule with nowhere named, an injury.
    "nothing answered": {"client": {}},
    "pregnant, first trimester, high risk unanswered": {
        "client": {"conditions": [], "medications": [], "under_physician_care": False},
        "pregnancy": {"weeks": 10},
    },
    "high-risk pregnancy, preeclampsia": {
        "client": {"conditions": ["preeclampsia"], "medications": [], "allergies": []},
        "pregnancy": {"weeks": 32, "high_risk": True},
    },
    "cancer in treatment, port, neutropenia": {
        "client": {
            "conditions": ["cancer-active-treatment", "port-or-picc", "neutropenia"],
            "medications": ["corticosteroid"],
            "allergies": ["essential-oil"],
            "under_physician_care": True,
            "areas_to_avoid": ["chest"],
        },
        "clearances": [
            {"provider": "Dr. Ruiz", "date": "2026-11-01", "scope": "oncology-massage"},
        ],
    },
    "lymph nodes removed, varicose veins, an expired clearance": {
        "client": {
            "conditions": ["lymph-nodes-removed", "varicose-veins"],
            "medications": ["antiplatelet"],
            "allergies": [],
            "under_physician_care": False,
        },
        "clearances": [
            {
                "provider": "Dr. Ng",
                "date": "2025-01-10",
                "expires": "2025-06-30",
                "scope": "all",
            }
        ],
    },
    "fever, sprain, recent injury": {
        "client": {
            "conditions": ["fever", "fracture", "diabetic-neuropathy"],
            "medications": ["insulin", "muscle-relaxant"],
            "allergies": [],
            "under_physician_care": True,
        },
        "injuries": [{"date": "2026-11-30", "region": "left-foot"}],
    },
}
"""Intakes screened against every service: a dict, or a file of catalogues/intakes."""


@functools.cache
def catalogues() -> dict[str, servicekit.Catalogue]:
    plugins = first_party_plugins()
    return {
        path.name: servicekit.load(path, plugins=plugins)
        for path in sorted((REPO / "catalogues").glob("*.toml"))
    }


def bookings(catalogue: servicekit.Catalogue) -> Iterator[dict[str, Any]]:
    for name in SCENARIOS:
        for service in catalogue.services.values():
            yield {"scenario": name, "service": service.id}
            for addon in service.addons:
                yield {"scenario": name, "service": service.id, "addons": [addon]}
            if len(service.addons) > 1:
                yield {"scenario": name, "service": service.id, "addons": list(service.addons)}
            yield {"scenario": name, "service": service.id, "credentials": []}


def screened(catalogue: servicekit.Catalogue, booking: dict[str, Any]) -> dict[str, Any]:
    intake = SCENARIOS[booking["scenario"]]
    if isinstance(intake, str):
        intake = str(REPO / intake)
    arguments = {key: value for key, value in booking.items() if key not in ("scenario",)}
    service = arguments.pop("service")
    try:
        return {"screening": catalogue.screen(intake, service, at=DAY, **arguments).to_dict()}
    except ServicekitError as error:
        return {"error": str(error).replace(str(REPO), "<repo>")}


def stored_set() -> dict[str, list[dict[str, Any]]]:
    return {
        name: [
            {"booking": booking, **screened(catalogue, booking)} for booking in bookings(catalogue)
        ]
        for name, catalogue in catalogues().items()
    }


def read_stored() -> dict[str, list[dict[str, Any]]]:
    return json.loads(STORED.read_text(encoding="utf-8"))


STORED_SET = read_stored() if STORED.exists() else {}


@pytest.mark.parametrize("name", sorted(STORED_SET))
def test_every_stored_screening_is_screened_the_same_today(name):
    catalogue = catalogues()[name]
    for entry in STORED_SET[name]:
        booking = entry["booking"]
        expected = {key: value for key, value in entry.items() if key != "booking"}
        # Byte for byte, as JSON: the same keys in the same order, not only equal dicts.
        assert as_json(screened(catalogue, booking)) == as_json(expected), booking


def as_json(found: dict[str, Any]) -> str:
    """A stored entry as the file has it (`main`)."""
    return json.dumps(found, ensure_ascii=False)


def test_the_stored_set_is_there_and_covers_the_bookings_it_claims():
    assert sorted(STORED_SET) == sorted(catalogues())
    for name, catalogue in catalogues().items():
        assert [entry["booking"] for entry in STORED_SET[name]] == list(bookings(catalogue))
    verdicts = {
        entry["screening"]["verdict"]
        for entries in STORED_SET.values()
        for entry in entries
        if "screening" in entry
    }
    # Every verdict but a failed check's is among the stored screenings.
    assert verdicts == {"clear", "modify", "clearance", "ask", "block"}


def main() -> None:
    """Write the stored set: once, before a change to screening, never to make a test pass."""
    document = stored_set()
    # One screening a line: a change shows as the lines it touches.
    text = ",\n".join(
        f"{json.dumps(name)}: [\n" + ",\n".join(as_json(entry) for entry in entries) + "\n]"
        for name, entries in document.items()
    )
    STORED.write_text("{\n" + text + "\n}\n", "utf-8")
    counts = {name: len(entries) for name, entries in document.items()}
    print(f"wrote {STORED.relative_to(REPO)}: {counts}", file=sys.stderr)


if __name__ == "__main__":
    main()
