"""Quotes made before the typed pricing contract (issue 12), compared with today's.

`tests/data/stored-quotes.json` holds the quote JSON (`Quote.to_dict()`) or the booking error
of every service and length of the three bundled catalogues, and of the therapeutic clinic with
every built-in rule type and condition added (`tests/data/stored-quotes-rules.toml`), each
under a handful of bookings: add-ons, client tags, promotion codes, days and times, locations,
therapist levels, plans redeemed and bought. It was written once, by the engine as it was
before the change, with `python -m tests.test_stored_quotes`; a difference is a change in what
clients are charged or told, never a reason to write it again.

The catalogues are read from `tests/data/stored-quotes/`, copies of the bundled ones as they
were then: the bundled catalogues have grown since (visits, bundles, gift certificates), and
the stored quotes are of the catalogues they were made of. Where a later change made another
meaning the default (issue 13: tips on what the services are worth, a late-cancelled plan
session forfeited), the copies say the old one in so many words, each with a comment.

A quote has gained one key since: `warnings`, present when it names a client tag or promotion
code no rule knows. The stored quotes are compared without it, and its warnings are checked
to be of those alone.

One later change no catalogue can say the old way: since the review of issue 13 a price ended
lower is a discount line, so that no line but a discount is below zero. A stored quote is
compared as that makes it (`as_since`): such a line's kind is "discount" and its id
"discount:<rule>@<line>"; its amount, label and detail are as they were.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Iterator
from typing import Any

import pytest

import servicekit
from servicekit.errors import BookingError
from tests.conftest import REPO, first_party_plugins

STORED = REPO / "tests" / "data" / "stored-quotes.json"
PINNED = REPO / "tests" / "data" / "stored-quotes"
EXTRA_RULES = REPO / "tests" / "data" / "stored-quotes-rules.toml"

SCENARIOS: dict[str, dict[str, Any]] = {
    "weekday morning, every add-on": {"at": "2026-12-02T11:00", "addons": "all"},
    "first visit, member, promo codes, Friday evening": {
        "at": "2026-12-04T18:30",
        "tags": ["member", "first-visit"],
        "promos": ["WINTER10", "spring5"],
    },
    "referral, loyal, senior, Sunday morning, an unknown code": {
        "at": "2026-12-06T10:30",
        "tags": ["loyal", "referred", "senior", "physician-referral"],
        "promos": ["BOGUS"],
        "addons": "first",
    },
    "VIP on a holiday afternoon, every add-on": {
        "at": "2026-12-25T14:00",
        "tags": ["vip"],
        "addons": "all",
    },
    "VIP staff late at night, a capped code used up": {
        "at": "2026-12-09T23:15",
        "tags": ["vip", "staff"],
        "promos": ["WINTER10"],
        "promo_uses": {"WINTER10": 200},
    },
    "quiet hours, an expired code": {
        "at": "2027-01-05T10:00",
        "promos": ["WINTER10"],
        "addons": "first",
    },
    "redeem the first plan": {"at": "2026-12-03T09:00", "redeem": 0, "addons": "first"},
    "redeem the second plan as a member": {
        "at": "2026-12-05T19:00",
        "redeem": 1,
        "tags": ["member"],
    },
    "buy the first plan": {"at": "2026-12-03T09:00", "buy": 0},
}
"""Bookings quoted for every service and length. "all"/"first" add-ons are the service's own;
a number for `redeem` or `buy` is the catalogue's plan at that place."""


@functools.cache
def catalogues() -> dict[str, servicekit.Catalogue]:
    plugins = first_party_plugins()
    found = {
        path.name: servicekit.load(path, plugins=plugins) for path in sorted(PINNED.glob("*.toml"))
    }
    clinic = (PINNED / "therapeutic-clinic.toml").read_text(encoding="utf-8")
    clinic = clinic.replace('timezone = "America/Chicago"\n', 'timezone = "America/Chicago"\n'
                            "holidays = [2026-12-25]\n", 1)  # fmt: skip
    text = clinic + "\n" + EXTRA_RULES.read_text(encoding="utf-8")
    found["therapeutic-clinic.toml + every rule type"] = servicekit.loads(text, plugins=plugins)
    return found


def bookings(catalogue: servicekit.Catalogue) -> Iterator[dict[str, Any]]:
    plans = [rule.id for rule in catalogue.rules if rule.params.stage == "plan"]
    # Each booking at one place, in turn: every location, with and without each level.
    places: list[dict[str, Any]] = [{}]
    if catalogue.locations:
        places = [
            {"location": location, "therapist_level": level}
            for level in (None, *catalogue.levels)
            for location in catalogue.locations
        ]
    for service in catalogue.services.values():
        for variation in service.variations:
            for index, (name, scenario) in enumerate(SCENARIOS.items()):
                place = places[index % len(places)]
                booking = {"service": service.id, "duration": variation.duration, **scenario}
                addons = booking.pop("addons", ())
                if addons == "all":
                    booking["addons"] = list(service.addons)
                elif addons == "first":
                    booking["addons"] = list(service.addons[:1])
                for key in ("redeem", "buy"):
                    if key in booking:
                        if booking[key] >= len(plans):
                            break
                        booking[key] = plans[booking[key]]
                else:
                    yield {"scenario": name, **booking, **place}
    for plan in plans:
        yield {"scenario": "buy a plan alone", "buy": plan, "at": "2026-12-03T09:00"}


def quoted(catalogue: servicekit.Catalogue, booking: dict[str, Any]) -> dict[str, Any]:
    arguments = {key: value for key, value in booking.items() if key != "scenario"}
    try:
        return {"quote": catalogue.quote(**arguments).to_dict()}
    except BookingError as error:
        return {"error": str(error)}


def stored_set() -> dict[str, list[dict[str, Any]]]:
    return {
        name: [
            {"booking": booking, **quoted(catalogue, booking)} for booking in bookings(catalogue)
        ]
        for name, catalogue in catalogues().items()
    }


def read_stored() -> dict[str, list[dict[str, Any]]]:
    return json.loads(STORED.read_text(encoding="utf-8"))


STORED_SET = read_stored() if STORED.exists() else {}


def as_since(quote: dict[str, Any]) -> dict[str, Any]:
    """A stored quote as the changes since it was stored, which its catalogue cannot undo,
    make it: a price ended lower is a discount line (issue 13's review)."""
    lines = []
    for line in quote["lines"]:
        if line["kind"] == "price-ending" and line["amount"] < 0:
            line = {**line, "kind": "discount", "id": "discount:" + line["id"].partition(":")[2]}
        lines.append(line)
    return {**quote, "lines": lines}


@pytest.mark.parametrize("name", sorted(STORED_SET))
def test_every_stored_quote_is_quoted_the_same_today(name):
    catalogue = catalogues()[name]
    stored = STORED_SET[name]
    for entry in stored:
        booking = entry["booking"]
        expected = {key: value for key, value in entry.items() if key != "booking"}
        if "quote" in expected:
            expected["quote"] = as_since(expected["quote"])
        today = quoted(catalogue, booking)
        warnings = today.get("quote", {}).pop("warnings", [])
        assert today == expected, booking
        asked = {
            "unknown-tag": booking.get("tags", []),
            "unknown-promo": booking.get("promos", []),
        }
        for warning in warnings:
            assert warning["value"] in [v.upper() if warning["kind"] == "unknown-promo" else v
                                        for v in asked[warning["kind"]]], warning  # fmt: skip


def test_the_stored_set_is_there_and_covers_the_bookings_it_claims():
    assert sorted(STORED_SET) == sorted(catalogues())
    for name, catalogue in catalogues().items():
        assert [entry["booking"] for entry in STORED_SET[name]] == list(bookings(catalogue))
    outcomes = {
        entry["quote"]["audit"][index]["outcome"]
        for entries in STORED_SET.values()
        for entry in entries
        if "quote" in entry
        for index in range(len(entry["quote"]["audit"]))
    }
    # Every way a rule can apply or not is among the stored quotes.
    assert outcomes == {
        "applied", "condition", "not-targeted", "lost", "not-combinable", "limit",
        "no-effect", "outside-margin", "exempt", "superseded", "unknown-promo",
    }  # fmt: skip


def main() -> None:
    """Write the stored set: once, before a change to pricing, never to make a test pass."""
    document = stored_set()
    # One quote a line: small enough to keep, and a change shows as the lines it touches.
    text = ",\n".join(
        f"{json.dumps(name)}: [\n"
        + ",\n".join(json.dumps(entry, ensure_ascii=False) for entry in entries)
        + "\n]"
        for name, entries in document.items()
    )
    STORED.write_text("{\n" + text + "\n}\n", "utf-8")
    counts = {name: len(entries) for name, entries in document.items()}
    print(f"wrote {STORED.relative_to(REPO)}: {counts}", file=sys.stderr)


if __name__ == "__main__":
    main()
