"""The `csv` export: a flat price list for spreadsheets and spreadsheet-based POS imports.

One row per service length and per add-on, in menu order: id, type, name, length name,
category, minutes (and buffer minutes after a session), price (a decimal in the currency's
digits, as spreadsheets expect), currency, whether a tax applies and which (with its rate, and
"incl." where prices include it), whether it can be booked online, and the locations where it
is offered at that price (ids separated by spaces; empty when the catalogue has none). A line
whose price or taxes differ by location has a row for each price, so `id` and `locations`
together name a row. A price list holds list prices only: the rules it cannot hold, and what
else it has no column for (credentials, tax exemptions, which add-ons go with which service),
are named in warnings. RFC 4180: comma-separated, CRLF line ends, UTF-8 without a byte-order
mark. A cell that a spreadsheet would read as a formula (starting with =, +, -, @) is prefixed
with an apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal

import attrs

from servicekit.exporting.context import ExportContext
from servicekit.exporting.list_prices import LinePrices
from servicekit.exporting.values import decimal_text
from servicekit.model.catalogue import AddOn, Service, Tax
from servicekit.model.money import Money, quantum
from servicekit.pricing.compiled import TaxTargets
from servicekit.pricing.words import either

COLUMNS = (
    "id",
    "type",
    "name",
    "variation",
    "category",
    "duration_minutes",
    "buffer_minutes",
    "price",
    "currency",
    "taxable",
    "taxes",
    "bookable_online",
    "locations",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@attrs.frozen
class Offer:
    """Where a line is offered at one price with one set of taxes."""

    locations: tuple[str, ...]
    """Location ids; empty when the catalogue has none."""
    price: Money
    taxes: tuple[Tax, ...]


def write(context: ExportContext) -> bytes:
    out = io.StringIO()
    rows = csv.writer(out, lineterminator="\r\n")
    rows.writerow(COLUMNS)
    catalogue = context.catalogue
    offers = _Offers(context)
    taxes = [(tax, TaxTargets.parse(tax.applies_to)) for tax in context.taxes]
    for service in context.services:
        category = catalogue.categories[service.category].name
        taxed = tuple(tax for tax, targets in taxes if targets.line("service", service, None))
        for variation, prices in zip(service.variations, context.lengths(service), strict=True):
            duration = variation.duration
            for offer in offers.of(service.locations, taxed, prices):
                rows.writerow(
                    [
                        f"{service.id}:{duration}",
                        "service",
                        _text(service.name),
                        _text(variation.label),
                        _text(category),
                        duration,
                        variation.buffer,
                        offers.amount(offer.price),
                        context.currency,
                        _yes(bool(offer.taxes)),
                        _text(offers.taxes(offer.taxes)),
                        _yes(variation.online),
                        " ".join(offer.locations),
                    ]
                )
    for addon in context.addons:
        taxed = tuple(tax for tax, targets in taxes if targets.line("addon", None, addon))
        where = offers.addon_locations(addon)
        for offer in offers.of(where, taxed, context.addon_prices(addon)):
            rows.writerow(
                [
                    addon.id,
                    "addon",
                    _text(addon.name),
                    "",
                    "",
                    addon.minutes,
                    "",
                    offers.amount(offer.price),
                    context.currency,
                    _yes(bool(offer.taxes)),
                    _text(offers.taxes(offer.taxes)),
                    "",
                    " ".join(offer.locations),
                ]
            )
    _warn_rules(context)
    _warn_unexpressed(context)
    return out.getvalue().encode("utf-8")


class _Offers:
    """Where each line is offered at which price, with what is the same for many lines
    (which taxes apply where, how an amount is written) worked out once."""

    def __init__(self, context: ExportContext) -> None:
        self.context = context
        self._taxed: dict[tuple[tuple[str, ...], tuple[str, ...]], list[_Taxed]] = {}
        self._amounts: dict[Decimal, str] = {}
        self._words: dict[tuple[str, ...], str] = {}
        self._offering: dict[str, list[Service]] | None = None

    def of(self, only: tuple[str, ...], taxed: tuple[Tax, ...], prices: LinePrices) -> list[Offer]:
        """Where a line is offered (`only` those locations, or all), a row for each price
        and set of taxes it has there: one row when they are the same everywhere."""
        context = self.context
        if context.location is not None:
            here = context.location.id
            return [Offer((here,), prices.at(None), tuple(_at(taxed, here)))]
        if not context.catalogue.locations:
            return [Offer((), prices.at(None), taxed)]
        places = self._places(only, taxed)
        if prices.uniform:
            return [Offer(locations, prices.listed, taxes) for taxes, locations in places]
        grouped: dict[tuple[Money, int], list[str]] = {}
        for number, (_, locations) in enumerate(places):
            for ident in locations:
                grouped.setdefault((prices.at(ident), number), []).append(ident)
        first = {ident: index for index, ident in enumerate(only or context.catalogue.locations)}
        found = [
            Offer(tuple(where), price, places[number][0])
            for (price, number), where in grouped.items()
        ]
        return sorted(found, key=lambda offer: first[offer.locations[0]])

    def _places(self, only: tuple[str, ...], taxed: tuple[Tax, ...]) -> list[_Taxed]:
        """The locations of `only` (or all) by the taxes of `taxed` charged there, in the
        order of their first location."""
        key = (only, tuple(tax.id for tax in taxed))
        found = self._taxed.get(key)
        if found is None:
            grouped: dict[tuple[str, ...], tuple[list[Tax], list[str]]] = {}
            for ident in only or tuple(self.context.catalogue.locations):
                taxes = _at(taxed, ident)
                ids = tuple(tax.id for tax in taxes)
                grouped.setdefault(ids, (taxes, []))[1].append(ident)
            found = self._taxed[key] = [
                (tuple(taxes), tuple(where)) for taxes, where in grouped.values()
            ]
        return found

    def amount(self, price: Money) -> str:
        """A price as a decimal in the currency's digits."""
        found = self._amounts.get(price.amount)
        if found is None:
            found = self._amounts[price.amount] = _amount(price)
        return found

    def taxes(self, taxes: tuple[Tax, ...]) -> str:
        key = tuple(tax.id for tax in taxes)
        found = self._words.get(key)
        if found is None:
            found = self._words[key] = _taxes(taxes)
        return found

    def addon_locations(self, addon: AddOn) -> tuple[str, ...]:
        """Where an add-on is offered: where the services offering it are (all: empty)."""
        if self._offering is None:
            self._offering = {}
            for service in self.context.catalogue.services.values():
                for ident in service.addons:
                    self._offering.setdefault(ident, []).append(service)
        offering = self._offering.get(addon.id, [])
        if not offering or any(not service.locations for service in offering):
            return ()
        return tuple(
            ident
            for ident in self.context.catalogue.locations
            if any(ident in service.locations for service in offering)
        )


_Taxed = tuple[tuple[Tax, ...], tuple[str, ...]]
"""Taxes, and the locations where they are the ones charged."""


def _at(taxes: Sequence[Tax], location: str) -> list[Tax]:
    return [tax for tax in taxes if not tax.locations or location in tax.locations]


def _taxes(taxes: tuple[Tax, ...]) -> str:
    """e.g. "Sales tax 6.25%" or "MwSt. 19% incl."; several separated by "; "."""
    return "; ".join(
        f"{tax.name} {decimal_text(tax.rate)}%" + (" incl." if tax.inclusive else "")
        for tax in taxes
    )


def _warn_rules(context: ExportContext) -> None:
    """Name, in one warning, the rules whose effect a list of list prices cannot show."""
    rules = [rule.id for _, rule in context.rules]
    if rules:
        shown = ", ".join(rules[:10]) + (f" and {len(rules) - 10} more" if len(rules) > 10 else "")
        context.warn(
            ("rules",),
            f"a price list holds list prices only; these rules are not in it: {shown}",
            "export json for the rules, or render the menu (servicekit menu) for clients",
        )


def _warn_unexpressed(context: ExportContext) -> None:
    """What else the catalogue says that a flat price list has no column for."""
    needed = context.credentials
    if needed:
        context.warn(
            ("credentials",),
            f"services need credentials ({either(sorted(needed), 'and')}); a price list "
            "does not say who may give them",
            "export json or square to keep them",
        )
    for tax in context.taxes:
        if tax.exempt_tags:
            context.warn(
                ("taxes", tax.id, "exempt_tags"),
                f"tax '{tax.id}' is waived for clients tagged {either(tax.exempt_tags)}; the "
                "price list shows it as always charged",
            )
    every = {addon.id for addon in context.addons}
    paired = [s.id for s in context.services if set(s.addons) != every]
    if paired and context.addons:
        context.warn(
            ("services",),
            "which add-ons go with which service is not in a price list: add-ons are listed "
            "once, for every service",
            "export json or square to keep them",
        )


def _amount(price: Money) -> str:
    return format(price.amount.quantize(quantum(price.currency)), "f")


def _text(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"
