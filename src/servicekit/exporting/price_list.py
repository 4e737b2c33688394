"""The `csv` export: a flat price list for spreadsheets and spreadsheet-based POS imports.

One row per service length and per add-on, in menu order: id, type, name, length name,
category, minutes, price (a decimal in the currency's digits, as spreadsheets expect), currency,
whether a tax applies, and whether it can be booked online. RFC 4180: comma-separated, CRLF
line ends, UTF-8 without a byte-order mark. A cell that a spreadsheet would read as a formula
(starting with =, +, -, @) is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io

from servicekit.exporting.context import ExportContext
from servicekit.model.money import Money, quantum
from servicekit.pricing.compiled import TaxTargets

COLUMNS = (
    "id",
    "type",
    "name",
    "variation",
    "category",
    "duration_minutes",
    "price",
    "currency",
    "taxable",
    "bookable_online",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def write(context: ExportContext) -> bytes:
    out = io.StringIO()
    rows = csv.writer(out, lineterminator="\r\n")
    rows.writerow(COLUMNS)
    catalogue = context.catalogue
    taxes = [TaxTargets.parse(tax.applies_to) for tax in context.taxes]
    for service in context.services:
        category = catalogue.categories[service.category].name
        taxed = any(targets.line("service", service, None) for targets in taxes)
        for variation in service.variations:
            price = context.price(service, variation.duration)
            rows.writerow(
                [
                    f"{service.id}:{variation.duration}",
                    "service",
                    _text(service.name),
                    _text(variation.label),
                    _text(category),
                    variation.duration,
                    _amount(price),
                    context.currency,
                    _yes(taxed),
                    _yes(variation.online),
                ]
            )
    for addon in context.addons:
        taxed = any(targets.line("addon", None, addon) for targets in taxes)
        rows.writerow(
            [
                addon.id,
                "addon",
                _text(addon.name),
                "",
                "",
                addon.minutes,
                _amount(context.addon_price(addon)),
                context.currency,
                _yes(taxed),
                "",
            ]
        )
    _warn_location_prices(context)
    return out.getvalue().encode("utf-8")


def _warn_location_prices(context: ExportContext) -> None:
    """A flat list has one price per row: name the rules whose prices it cannot hold."""
    if context.location is not None or not context.catalogue.locations:
        return
    for index, rule in enumerate(context.catalogue.rules):
        if context.is_location_price(rule):
            context.warn(
                ("rules", index),
                f"rule '{rule.id}' sets prices at some locations; the price list holds the "
                "price everywhere else",
                "export each location with --location for its own prices",
            )


def _amount(price: Money) -> str:
    return format(price.amount.quantize(quantum(price.currency)), "f")


def _text(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"
