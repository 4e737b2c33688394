"""Fingerprints of what exports and Square plans contain, to prove a faster export writes the
same bytes: a SHA-256 of every export (each format, every location), of its warnings, of the
menu built from it, and of every Square plan of a sync (first upload, each upload after an
answer, nothing changed, a price changed, a service renamed).

    python -m tests.export_fingerprints > tests/data/export-fingerprints.json

writes the stored fingerprints; `tests/test_export_fingerprints.py` compares against them.
They were stored from commit c863dae, before list prices were worked out in one pass; the
menus of day-spa.toml and therapeutic-clinic.toml again from main at 570f671, whose rule
summaries speak the menu's language (919d0dc): every other fingerprint is the same there;
every menu's again when a menu's service said where it is offered (`only_at`), its exports
and plans unchanged; therapeutic-clinic.toml's menu again when a bundle was listed among the
offers (its bundle had been under "Good to know"), nothing else changed.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import textwrap
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
from benchmarks.bench_export import answer
from benchmarks.generate import catalogue

import servicekit
from servicekit import hookimpl, square
from servicekit.exporting.square.state import square_locations
from servicekit.menus.model import build_menu
from servicekit.model.contributions import RuleType
from servicekit.model.money import Money
from servicekit.plugins import PluginManager

REPO = Path(__file__).resolve().parent.parent
STORED = REPO / "tests" / "data" / "export-fingerprints.json"
FORMATS = ("json", "csv", "square")
LINEAGE = "FNGRPRNT"
"""The sync state's lineage: fixed, so the plans' temporary ids are the same every run."""
PRICE = re.compile(r'price = "(\d+)\.(\d\d)"')


@attrs.frozen(kw_only=True)
class ByLocation:
    """A list price that reads the context: more at one location, its own price elsewhere."""

    dearer_at: str
    extra: Money
    stage = "base"
    reads_context = True

    def price_for(self, line: Any, context: Any) -> Money | None:
        if context.location == self.dearer_at:
            return Money.trusted(line.list_price.amount + self.extra.amount, self.extra.currency)
        return None if context.location else line.list_price


@attrs.frozen(kw_only=True)
class LongerForLess:
    """A list price that reads the line alone: sessions from 90 minutes at a tenth off."""

    stage = "base"
    reads_context = False

    def price_for(self, line: Any, context: Any) -> Money | None:
        if line.duration is None or line.duration < 90:
            return None
        return context.money(line.list_price.amount * 9 / 10)


class EdgePrices:
    """Rule types of a plugin's that set list prices, one reading the context."""

    @hookimpl
    def servicekit_rule_types(self) -> list[RuleType]:
        return [
            RuleType(name="by-location", params=ByLocation, summary="Dearer at one place."),
            RuleType(name="longer-for-less", params=LongerForLess, summary="Long for less."),
        ]


EDGES = textwrap.dedent(
    """\
    format = 1

    [clinic]
    name = "Every List Price"
    currency = "USD"
    locale = "en_US"
    timezone = "America/Chicago"

    [locations.uptown]
    name = "Uptown"
    pos_ids = { square = "LUPTOWN" }

    [locations.harbour]
    name = "Harbour"
    pos_ids = { square = "LHARBOUR" }

    [locations.village]
    name = "Village"

    [categories.massage]
    name = "Massage"

    [categories.spa]
    name = "Spa"

    [services.swedish]
    name = "Swedish"
    category = "massage"
    modality = "swedish"
    variations = [
      { duration = 30, price = "55.00" },
      { duration = 60, price = "95.00" },
      { duration = 90, price = "130.00" },
    ]
    addons = ["stones", "oil", "scrub"]

    [services.deep]
    name = "Deep Tissue"
    category = "massage"
    modality = "deep-tissue"
    locations = ["uptown", "harbour"]
    variations = [{ duration = 60, price = "115.00" }, { duration = 90, price = "160.00" }]
    addons = ["stones"]

    [services.facial]
    name = "Facial"
    category = "spa"
    modality = "swedish"
    locations = ["village", "harbour"]
    variations = [{ duration = 45, price = "0.00" }, { duration = 75, price = "88.40" }]
    addons = ["scrub", "oil"]

    [services.couples]
    name = "Couples"
    category = "spa"
    modality = "swedish"
    guests = 2
    priced_per = "guest"
    variations = [{ duration = 60, price = "90.10" }, { duration = 120, price = "171.00" }]

    [addons.stones]
    name = "Hot Stones"
    price = "20.00"

    [addons.oil]
    name = "Oil"
    price = "7.45"
    taxable = false

    [addons.scrub]
    name = "Scrub"
    price = "14.10"

    [taxes.sales]
    name = "Sales tax"
    rate = "6.25"
    applies_to = ["services", "addons"]

    [taxes.city]
    name = "City tax"
    rate = "1.5"
    applies_to = ["category:spa"]
    locations = ["harbour"]

    [[rules]]
    id = "swedish-list"
    type = "set-price"
    applies_to = ["service:swedish"]
    prices = { 60 = "99.00" }

    [[rules]]
    id = "massage-uptown"
    type = "set-price"
    applies_to = ["category:massage"]
    when = { locations = ["uptown"] }
    prices = { 60 = "105.00", 90 = "140.00" }

    [[rules]]
    id = "swedish-harbour"
    type = "set-price"
    applies_to = ["service:swedish"]
    when = { locations = ["harbour"] }
    price = "101.30"

    [[rules]]
    id = "all-village"
    type = "set-price"
    applies_to = ["services"]
    when = { locations = ["village"] }
    prices = { 75 = "80.00", 120 = "150.00" }

    [[rules]]
    id = "stones-harbour"
    type = "set-price"
    applies_to = ["addon:stones"]
    when = { locations = ["harbour"] }
    price = "22.00"

    [[rules]]
    id = "addons-village"
    type = "set-price"
    applies_to = ["addons"]
    when = { locations = ["village", "uptown"] }
    price = "12.35"

    [[rules]]
    id = "dearer-harbour"
    type = "by-location"
    applies_to = ["service:deep", "service:couples"]
    dearer_at = "harbour"
    extra = "7.00"

    [[rules]]
    id = "long-for-less"
    type = "longer-for-less"
    applies_to = ["category:spa", "service:deep"]

    [[rules]]
    id = "member-price"
    type = "set-price"
    applies_to = ["service:swedish"]
    when = { tags = ["member"] }
    price = "85.00"

    [[rules]]
    id = "ninety-five"
    type = "price-ending"
    applies_to = ["services"]
    grid = "1.00"
    ending = "0.95"
    max_change = "0.60"

    [[rules]]
    id = "round-up-uptown"
    type = "price-ending"
    applies_to = ["services", "addons"]
    when = { locations = ["uptown"] }
    grid = "5.00"
    direction = "up"

    [[rules]]
    id = "weekend"
    type = "surcharge"
    applies_to = ["services"]
    when = { days = ["sat", "sun"] }
    percent = 10

    [[rules]]
    id = "members"
    type = "percent-off"
    applies_to = ["services", "addons"]
    when = { tags = ["member"] }
    percent = 10
    """
)
"""A catalogue that reaches every list-price path: prices set everywhere and at locations,
by id, category and kind, for services and add-ons, by a plugin's rule reading the context
and one reading the line alone, ended everywhere and at one location; locations with and
without a Square id; services only at some."""


def edge_plugins() -> PluginManager:
    from tests.conftest import first_party_plugins

    plugins = first_party_plugins()
    plugins.register(EdgePrices(), name="edge-prices")
    return plugins


def generated(services: int = 10_000) -> str:
    """The benchmarks' synthetic catalogue."""
    return str(catalogue(services))


def digest(value: Any) -> str:
    if not isinstance(value, bytes):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True, default=repr).encode()
    return hashlib.sha256(value).hexdigest()


def fingerprints(
    text: str,
    plugins: PluginManager,
    *,
    source: str,
    menus: bool = True,
    renamed: str = "",
    locations: tuple[str, ...] | None = None,
    every_answer: bool = True,
) -> dict[str, str]:
    """Every fingerprint of one catalogue: its exports (of every location, or of
    `locations`), menus and Square plans (and the deprecated `square` export given the
    answer to the first upload, and with `every_answer` the answers to every upload)."""
    catalogue = servicekit.loads(text, source=source, plugins=plugins)
    found: dict[str, str] = {}
    for where in (None, *(catalogue.locations if locations is None else locations)):
        for fmt in FORMATS:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                result = catalogue.export(fmt, location=where)
            name = f"{fmt}@{where or 'all'}"
            found[name] = digest(result.content)
            found[f"{name} warnings"] = digest([w.render() for w in result.warnings])
        if menus:
            found[f"menu@{where or 'all'}"] = digest(repr(build_menu(catalogue, where)))
    found.update(_sync(catalogue, text, plugins, source, renamed, every_answer))
    return found


def _sync(
    catalogue: Any,
    text: str,
    plugins: PluginManager,
    source: str,
    renamed: str,
    every_answer: bool,
) -> Iterator[tuple[str, str]]:
    """Plan, answer as Square would, record, plan again until nothing waits; then the
    deprecated export given those answers, a plan with nothing changed, one with a price
    changed and one with a service renamed."""
    state = square.SyncState(
        clinic=catalogue.clinic.name,
        currency=catalogue.currency,
        location=None,
        lineage=LINEAGE,
        square_locations=square_locations(catalogue),
    )
    answers: list[dict[str, Any]] = []
    for step in range(1, 10):
        plan = square.plan(catalogue, state)
        yield f"plan {step}", _plan(plan)
        if not plan.upserts:
            break
        said = [answer(body, step) for body in plan.upserts]
        answers += said
        state = square.record(catalogue, state, said).state
    yield "state", digest(state.to_json())
    first = json.loads(catalogue.export("square").content)
    given = {
        "first answer": [
            answer(body, 1) for body in (first if isinstance(first, list) else [first])
        ],
        "every answer": answers,
    }
    if not every_answer:
        del given["every answer"]
    for what, ids in given.items():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            result = catalogue.export("square", ids=ids)
        yield f"square --square-ids, {what}", digest(result.content)
        yield (
            f"square --square-ids, {what}, warnings",
            digest([w.render() for w in result.warnings]),
        )
    changed = PRICE.sub(lambda m: f'price = "{int(m[1]) + 1}.{m[2]}"', text, count=1)
    after = servicekit.loads(changed, source=source, plugins=plugins)
    yield "plan, a price changed", _plan(square.plan(after, state))
    if renamed:
        after = servicekit.loads(
            text.replace(f"[services.{renamed}]", f"[services.{renamed}-renamed]"),
            source=source,
            plugins=plugins,
        )
        yield "plan, a service renamed", _plan(square.plan(after, state))


def _plan(plan: Any) -> str:
    return digest(
        [
            (plan.upsert_json() or b"").decode(),
            plan.delete,
            plan.lines(),
            [w.to_dict() for w in plan.warnings],
            plan.to_dict()["changes"],
        ]
    )


def bundled() -> Iterator[tuple[str, Callable[[], dict[str, str]]]]:
    """Each catalogue's name and how to fingerprint it."""
    from tests.conftest import CATALOGUES, first_party_plugins

    for path in CATALOGUES:
        yield (
            path.name,
            lambda path=path: fingerprints(
                path.read_text("utf-8"), first_party_plugins(), source=str(path)
            ),
        )
    yield (
        "every-list-price",
        lambda: fingerprints(EDGES, edge_plugins(), source="edges.toml", renamed="facial"),
    )
    yield (
        "generated-1000",
        lambda: fingerprints(
            generated(1000),
            first_party_plugins(),
            source="catalogue.toml",
            menus=False,
            renamed="service-1",
            locations=("location-2",),
        ),
    )
    yield (
        "generated-10000",
        lambda: fingerprints(
            generated(),
            first_party_plugins(),
            source="catalogue.toml",
            menus=False,
            locations=(),
            every_answer=False,
        ),
    )


if __name__ == "__main__":
    stored = {name: make() for name, make in bundled()}
    sys.stdout.write(json.dumps(stored, indent=2, sort_keys=True) + "\n")
