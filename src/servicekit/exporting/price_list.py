"""The `csv` export: a flat price list for spreadsheets and spreadsheet-based POS imports.

One row per service length and per add-on, in menu order: id, type, name, length name,
category, minutes (and buffer minutes after a session), price (a decimal in the currency's
digits, as spreadsheets expect), currency, whether a tax applies and which (with its rate, and
"incl." where prices include it), and whether it can be booked online. A price list holds list
prices only: the rules it cannot hold are named in one warning. RFC 4180: comma-separated, CRLF
line ends, UTF-8 without a byte-order mark. A cell that a spreadsheet would read as a formula
(starting with =, +, -, @) is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io

from servicekit.exporting.context import ExportContext
from servicekit.exporting.values import decimal_text
from servicekit.model.catalogue import Tax
from servicekit.model.money import Money, quantum
from servicekit.pricing.compiled import TaxTargets

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
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def write(context: ExportContext) -> bytes:
    out = io.StringIO()
    rows = csv.writer(out, lineterminator="\r\n")
    rows.writerow(COLUMNS)
    catalogue = context.catalogue
    taxes = [(tax, TaxTargets.parse(tax.applies_to)) for tax in context.taxes]
    for service in context.services:
        category = catalogue.categories[service.category].name
        taxed = [tax for tax, targets in taxes if targets.line("service", service, None)]
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
                    variation.buffer,
                    _amount(price),
                    context.currency,
                    _yes(bool(taxed)),
                    _text(_taxes(taxed)),
                    _yes(variation.online),
                ]
            )
    for addon in context.addons:
        taxed = [tax for tax, targets in taxes if targets.line("addon", None, addon)]
        rows.writerow(
            [
                addon.id,
                "addon",
                _text(addon.name),
                "",
                "",
                addon.minutes,
                "",
                _amount(context.addon_price(addon)),
                context.currency,
                _yes(bool(taxed)),
                _text(_taxes(taxed)),
                "",
            ]
        )
    _warn_location_prices(context)
    _warn_rules(context)
    return out.getvalue().encode("utf-8")


def _taxes(taxes: list[Tax]) -> str:
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
