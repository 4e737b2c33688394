"""The built-in pricing rule types and their parameters."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Literal

import attrs

from servicekit.errors import Invalid
from servicekit.hookspecs import hookimpl
from servicekit.model.catalogue import doc
from servicekit.model.contributions import RuleType
from servicekit.model.fields import DurationKey, Id, Percent
from servicekit.model.money import Money


@attrs.frozen
class PercentOff:
    percent: Percent = doc("The discount in percent.")
    scope: Literal["line", "order"] = doc(
        "Discount each matching line, or the order's subtotal.", default="line"
    )
    exclusive: bool = doc("When true, never stacks with another discount.", default=True)
    combines_with: tuple[Id, ...] = doc(
        "Ids of non-exclusive rules it may stack with (both must name each other).", default=()
    )
    max_amount: Money | None = doc("The most it may take off.", default=None)

    def __attrs_post_init__(self) -> None:
        _check_stacking(self)


@attrs.frozen
class AmountOff:
    amount: Money = doc("The amount taken off.")
    scope: Literal["line", "order"] = doc(
        "Discount each matching line, or the order's subtotal.", default="line"
    )
    exclusive: bool = doc("When true, never stacks with another discount.", default=True)
    combines_with: tuple[Id, ...] = doc(
        "Ids of non-exclusive rules it may stack with (both must name each other).", default=()
    )

    def __attrs_post_init__(self) -> None:
        _check_stacking(self)


@attrs.frozen
class SetPrice:
    price: Money | None = doc("The price of every matching variation.", default=None)
    prices: Mapping[DurationKey, Money] = doc(
        'Prices by duration in minutes, e.g. { 60 = "85.00", 90 = "120.00" }.', factory=dict
    )

    def __attrs_post_init__(self) -> None:
        if self.price is None and not self.prices:
            raise Invalid("a set-price rule needs `price` or `prices`")


@attrs.frozen
class Surcharge:
    percent: Percent | None = doc("The surcharge in percent of the line.", default=None)
    amount: Money | None = doc("The surcharge as an amount.", default=None)

    def __attrs_post_init__(self) -> None:
        if (self.percent is None) == (self.amount is None):
            raise Invalid("a surcharge needs exactly one of `percent` and `amount`")


def _check_stacking(params: PercentOff | AmountOff) -> None:
    if params.exclusive and params.combines_with:
        raise Invalid(
            "an exclusive discount combines with nothing",
            "set `exclusive = false` to let it stack with the rules in `combines_with`",
        )


RULE_TYPES = (
    RuleType("percent-off", PercentOff, "A percentage off matching lines or the order."),
    RuleType("amount-off", AmountOff, "A fixed amount off matching lines or the order."),
    RuleType("set-price", SetPrice, "A price list: member, location or therapist-level prices."),
    RuleType("surcharge", Surcharge, "An amount or percentage added, e.g. at peak times."),
)


@hookimpl
def servicekit_rule_types() -> Iterator[RuleType]:
    yield from RULE_TYPES
