"""What quotes share, and what they keep: a day of quotes stays in bounded memory, and each
quote's JSON is its own, the same as its records say.

Quotes priced alike share a run and what it words (`servicekit.pricing.wording`): the JSON of
their lines, deposit, fees, tips and audit trail is made once and copied into each quote's,
with the entries that differ from quote to quote (a rule that can price none of the lines, and
why not, which may name the booking's start) joined in. These tests quote many bookings of one
shape at new instants, and a desk's day of varied ones, as a point of sale would.
"""

from __future__ import annotations

import datetime as dt
import random

import servicekit
from servicekit.pricing.seen import MAX_PLANS
from servicekit.pricing.wording import MAX_REMEMBERED
from tests.conftest import REPO, first_party_plugins

TAGS = ("member", "first-visit", "senior", "vip")


def the_clinic() -> servicekit.Catalogue:
    text = (REPO / "catalogues" / "therapeutic-clinic.toml").read_text()
    return servicekit.loads(text, plugins=first_party_plugins())


def a_day(catalogue: servicekit.Catalogue, count: int, seed: int) -> list[dict[str, object]]:
    """`count` bookings a desk might quote: random services, lengths, add-ons, starts to the
    minute, tags and codes (only those the clinic takes)."""
    draw = random.Random(seed)
    found: list[dict[str, object]] = []
    while len(found) < count:
        service = draw.choice(list(catalogue.services.values()))
        start = dt.datetime(2026, 12, 1, 8) + dt.timedelta(minutes=draw.randrange(40 * 24 * 60))
        booking = {
            "service": service.id,
            "duration": draw.choice(service.variations).duration,
            "addons": draw.sample(list(service.addons), draw.randint(0, len(service.addons))),
            "at": start.isoformat(),
            "tags": draw.sample(TAGS, draw.randint(0, 2)),
            "promos": ["WINTER10"] if draw.random() < 0.2 else [],
        }
        try:
            catalogue.quote(**booking)  # type: ignore[arg-type]
        except servicekit.BookingError:
            continue
        found.append(booking)
    return found


def test_a_quotes_json_says_what_its_records_say():
    catalogue = the_clinic()
    for booking in a_day(catalogue, 300, seed=1) * 2:  # twice: the second time, all shared
        quote = catalogue.quote(**booking)  # type: ignore[arg-type]
        data = quote.to_dict()
        assert data["audit"] == [entry.to_dict() for entry in quote.audit]
        assert data["lines"] == [line.to_dict() for line in quote.lines]
        deposit = quote.deposit.to_dict() if quote.deposit is not None else None
        assert data["deposit"] == deposit
        assert data["fees"] == [fee.to_dict() for fee in quote.fees]
        assert data["gratuity"] == [tip.to_dict() for tip in quote.gratuity]


EARLY_SWEDISH = """
[[rules]]
id = "early-swedish"
type = "amount-off"
amount = "10.00"
when = { days = ["mon", "tue", "wed", "thu"], before = "10:00" }
applies_to = ["service:swedish"]
"""
"""A rule that can never price a deep-tissue booking, and says why by the booking's start."""


def test_quotes_alike_at_new_minutes_each_say_their_own_start():
    text = (REPO / "catalogues" / "therapeutic-clinic.toml").read_text() + EARLY_SWEDISH
    catalogue = servicekit.loads(text, plugins=first_party_plugins())
    booking = {"service": "deep-tissue", "duration": 90, "addons": ["hot-stones"]}
    start = dt.datetime(2026, 12, 2, 11, 0)  # a Wednesday, after the early hours
    for minute in range(0, 300, 7):
        at = start + dt.timedelta(minutes=minute)
        quote = catalogue.quote(**booking, at=at.isoformat())
        data = quote.to_dict()
        assert data["booking"]["at"].startswith(at.isoformat())
        (early,) = [entry for entry in data["audit"] if entry["rule"] == "early-swedish"]
        assert early["reason"].startswith(f"it starts at {at:%H:%M};")
        assert data["audit"] == [entry.to_dict() for entry in quote.audit]


def test_no_quotes_json_is_another_quotes():
    catalogue = the_clinic()
    booking = {"service": "deep-tissue", "duration": 90, "addons": ["hot-stones", "cupping"]}
    first = catalogue.quote(**booking, at="2026-12-02T10:00").to_dict()
    expected = catalogue.quote(**booking, at="2026-12-02T10:00").to_dict()
    for part in (first["lines"], first["audit"], first["fees"], first["gratuity"]):
        for record in part:
            record["changed"] = True
    first["deposit"]["changed"] = True
    again = catalogue.quote(**booking, at="2026-12-02T10:00").to_dict()
    assert again == expected


def test_what_a_day_of_quotes_keeps_is_bounded():
    catalogue = the_clinic()
    pricing = catalogue.pricing
    quotes = [
        catalogue.quote(**booking)  # type: ignore[arg-type]
        for booking in a_day(catalogue, 2000, seed=2)
    ]
    for quote in quotes:
        quote.to_dict()
    assert len(pricing.remembered) <= MAX_REMEMBERED
    assert len(pricing.check_plans) <= MAX_PLANS
    runs = {id(quote._explanation.run): quote._explanation.run for quote in quotes}
    for run in runs.values():
        # What a run words is one set of records for each way its unjudged checks come out
        # for deposits, fees and tips (a handful), never one for each quote.
        assert len(run.besides) <= 8
        assert len(run.worded) <= 4 + 2 * len(run.besides)
