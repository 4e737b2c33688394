"""The built-in pricing rule types, written against the pricing contract like any plugin's.

Each parameter class implements the protocol of its stage (`servicekit.pricing.stages`,
docs/pricing.md): the stage's method works out its effect on one amount, as `Money` rounded
with the clinic's rounding (`context.money`, which keeps the exact amount for the audit
trail), and `summary` and `explain` word it for menus, exports and the audit trail: with
`servicekit.i18n`'s `_` and the `words` they are given, as a plugin's rule type words itself,
so in English for JSON and exports and in their language for a menu's or a quote's readers.

Each class is in a module of its own, which the `RuleType` names by import path: it is
imported when a catalogue first uses the type, so a catalogue pays only for the types it
uses. The test suite checks every one against the contract (tests/test_startup.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from servicekit import lazy
from servicekit.builtin.conditions import CONDITIONS
from servicekit.hookspecs import hookimpl
from servicekit.model.contributions import RuleType

if TYPE_CHECKING:
    from servicekit.pricing.conditions import Condition

_MODULES = {
    "Discount": "discount",
    "PercentOff": "percent_off",
    "AmountOff": "amount_off",
    "SetPrice": "set_price",
    "Surcharge": "surcharge",
    "PriceEnding": "price_ending",
    "Deposit": "deposit",
    "CancellationFee": "cancellation_fee",
    "Gratuity": "gratuity",
    "Plan": "plan",
    "Package": "package",
    "Membership": "membership",
    "Bundle": "bundle",
}
_EXPORTS = {name: f"{__name__}.{module}" for name, module in _MODULES.items()}

__all__ = ["CONDITIONS", "RULE_TYPES", *_MODULES, "servicekit_conditions", "servicekit_rule_types"]


def _named(name: str, cls: str, summary: str) -> RuleType:
    return RuleType(name, f"{_EXPORTS[cls]}:{cls}", summary)


RULE_TYPES = (
    _named("set-price", "SetPrice", "A price list: member, location or therapist-level prices."),
    _named("surcharge", "Surcharge", "An amount or percentage added, e.g. at peak times."),
    _named("percent-off", "PercentOff", "A percentage off matching lines or the subtotal."),
    _named("amount-off", "AmountOff", "A fixed amount off matching lines or the subtotal."),
    _named("price-ending", "PriceEnding", "Round prices to a grid or to endings such as .95."),
    _named("deposit", "Deposit", "A deposit due when booking: an amount or a percentage."),
    _named("cancellation-fee", "CancellationFee", "A late-cancellation or no-show fee."),
    _named("gratuity", "Gratuity", "Suggested tips, shown but never added to the total."),
    _named("package", "Package", "A number of sessions bought together for a price."),
    _named("membership", "Membership", "A monthly fee with included sessions and a discount."),
    _named("bundle", "Bundle", "An offer on several items of one visit: 10% off the cheaper."),
)


@hookimpl
def servicekit_rule_types() -> Iterator[RuleType]:
    yield from RULE_TYPES


@hookimpl
def servicekit_conditions() -> Iterator[Condition]:
    yield from CONDITIONS


def __getattr__(name: str) -> Any:
    # The classes, by the names this module gave them when it held them all.
    return lazy.attribute(globals(), _EXPORTS, name)
