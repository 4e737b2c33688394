"""The built-in pricing rule types.

Each rule type's parameter class is also its behaviour: `stage` says where in the pricing
pipeline it acts, and the stage's method computes its effect on one amount (see
docs/pricing.md). Methods return unrounded Decimals; the engine rounds each adjustment with the
catalogue's rounding mode and keeps the unrounded amount in the audit trail.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Literal

import attrs

from servicekit.errors import Invalid
from servicekit.hookspecs import hookimpl
from servicekit.model.catalogue import doc
from servicekit.model.contributions import RuleType
from servicekit.model.fields import DurationKey, Id, Minutes, Percent
from servicekit.model.money import Money
from servicekit.pricing.compiled import either
from servicekit.pricing.stages import LineInfo
from servicekit.pricing.summaries import MoneyText

HUNDRED = Decimal(100)


def percent(value: Decimal) -> str:
    return f"{format(value.normalize(), 'f')}%"


def _one_of(params: object, first: str, second: str, what: str) -> None:
    if (getattr(params, first) is None) == (getattr(params, second) is None):
        raise Invalid(f"{what} needs exactly one of `{first}` and `{second}`")


def _percent_or_amount(percent: Decimal | None, amount: Money | None, base: Decimal) -> Decimal:
    return base * percent / HUNDRED if percent is not None else amount.amount


@attrs.frozen(kw_only=True)
class Discount:
    """What every discount has: where it acts and what it stacks with."""

    scope: Literal["line", "order"] = doc(
        "Discount each matching line, or the subtotal of the matching lines.", default="line"
    )
    exclusive: bool = doc(
        "true: never stacks with another discount (the best one for the client wins).",
        default=True,
    )
    combines_with: tuple[Id, ...] = doc(
        "Ids of non-exclusive rules it stacks with; both rules must name each other.",
        default=(),
    )
    limit: int | None = doc(
        "Applies to at most this many lines of a booking (line scope).", default=None
    )

    @property
    def stage(self) -> str:
        return "order-discount" if self.scope == "order" else "line-discount"

    def scoped(self, targets: str) -> str:
        """What it is taken off, in words."""
        if self.scope == "order":
            return f"the subtotal of {targets}"
        return targets if self.limit is None else f"{targets}, on at most {self.limit} lines"

    def stacking(self) -> str:
        if self.combines_with:
            return f", combines with {either(self.combines_with, 'and')}"
        return "" if self.exclusive else ", combines with other discounts that allow it"

    def __attrs_post_init__(self) -> None:
        if self.exclusive and self.combines_with:
            raise Invalid(
                "an exclusive discount combines with nothing",
                "set `exclusive = false` to let it stack with the rules in `combines_with`",
            )
        if self.limit is not None and self.limit < 1:
            raise Invalid("`limit` must be 1 or more")
        if self.limit is not None and self.scope == "order":
            raise Invalid("`limit` counts discounted lines; an order discount has none")


@attrs.frozen(kw_only=True)
class PercentOff(Discount):
    percent: Percent = doc("The discount in percent.")
    max_amount: Money | None = doc("The most it takes off one line, or the order.", default=None)

    percentage = True

    def discount(self, amount: Decimal) -> Decimal:
        off = amount * self.percent / HUNDRED
        return min(off, self.max_amount.amount) if self.max_amount else off

    def summary(self, targets: str, money: MoneyText) -> str:
        text = f"{percent(self.percent)} off {self.scoped(targets)}"
        if self.max_amount is not None:
            text += f", at most {money(self.max_amount)}"
        return text + self.stacking()


@attrs.frozen(kw_only=True)
class AmountOff(Discount):
    amount: Money = doc("The amount taken off.")

    percentage = False

    def discount(self, amount: Decimal) -> Decimal:
        return self.amount.amount

    def summary(self, targets: str, money: MoneyText) -> str:
        return f"{money(self.amount)} off {self.scoped(targets)}{self.stacking()}"


@attrs.frozen(kw_only=True)
class SetPrice:
    price: Money | None = doc("The price of every matching variation or add-on.", default=None)
    prices: Mapping[DurationKey, Money] = doc(
        'Prices by duration in minutes, e.g. { 60 = "85.00", 90 = "120.00" }.', factory=dict
    )

    stage = "base"

    def __attrs_post_init__(self) -> None:
        if self.price is None and not self.prices:
            raise Invalid("a set-price rule needs `price` or `prices`")

    def price_for(self, line: LineInfo) -> Decimal | None:
        price = self.prices.get(line.duration) if line.duration is not None else None
        if price is None:
            price = self.price  # a listed price of 0.00 is a price, not "no price"
        return price.amount if price is not None else None

    def summary(self, targets: str, money: MoneyText) -> str:
        prices = [f"{money(price)} for {minutes} min" for minutes, price in self.prices.items()]
        if self.price is not None:
            prices.append(f"{money(self.price)} otherwise" if prices else money(self.price))
        return f"{targets} at {', '.join(prices)}"


@attrs.frozen(kw_only=True)
class Surcharge:
    percent: Percent | None = doc("The surcharge in percent of the line.", default=None)
    amount: Money | None = doc("The surcharge as an amount per line.", default=None)

    stage = "surcharge"

    def __attrs_post_init__(self) -> None:
        _one_of(self, "percent", "amount", "a surcharge")

    def surcharge(self, amount: Decimal) -> Decimal:
        return _percent_or_amount(self.percent, self.amount, amount)

    def summary(self, targets: str, money: MoneyText) -> str:
        if self.percent is not None:
            return f"{percent(self.percent)} added to {targets}"
        return f"{money(self.amount)} added to {targets}"


@attrs.frozen(kw_only=True)
class PriceEnding:
    grid: Money = doc('Round to multiples of this, e.g. "1.00" or "5.00".')
    ending: Money | None = doc(
        'The price ends this far above a multiple of the grid, e.g. "0.95" for .95 endings.',
        default=None,
    )
    direction: Literal["nearest", "up", "down"] = doc(
        "Which way to move the price.", default="nearest"
    )
    max_change: Money | None = doc(
        "Leave the price as it is when ending it would change it by more than this.",
        default=None,
    )

    stage = "price-ending"

    def __attrs_post_init__(self) -> None:
        if not self.grid:
            raise Invalid("`grid` must be more than 0")
        if self.ending is not None and self.ending >= self.grid:
            raise Invalid("`ending` must be less than `grid`")

    def end(self, amount: Decimal) -> Decimal:
        grid, offset = self.grid.amount, self.ending.amount if self.ending else Decimal(0)
        below = ((amount - offset) // grid) * grid + offset
        if below > amount:
            below -= grid
        above = below if below == amount else below + grid
        if self.direction == "down":
            return below
        if self.direction == "up":
            return above
        return below if amount - below < above - amount else above

    def summary(self, targets: str, money: MoneyText) -> str:
        way = "" if self.direction == "nearest" else f" {self.direction}"
        text = f"prices of {targets} rounded{way} to multiples of {money(self.grid)}"
        if self.ending is not None:
            text += f" plus {money(self.ending)}"
        if self.max_change is not None:
            text += f", changing them by at most {money(self.max_change)}"
        return text


@attrs.frozen(kw_only=True)
class Deposit:
    percent: Percent | None = doc("The deposit in percent of the total.", default=None)
    amount: Money | None = doc("The deposit as an amount.", default=None)

    stage = "deposit"

    def __attrs_post_init__(self) -> None:
        _one_of(self, "percent", "amount", "a deposit")

    def deposit(self, total: Decimal) -> Decimal:
        return _percent_or_amount(self.percent, self.amount, total)

    def summary(self, targets: str, money: MoneyText) -> str:
        if self.percent is not None:
            return f"a deposit of {percent(self.percent)} of the total"
        return f"a deposit of {money(self.amount)}"


@attrs.frozen(kw_only=True)
class CancellationFee:
    kind: Literal["late-cancellation", "no-show"] = doc(
        "A fee for cancelling late, or for not coming at all.", default="late-cancellation"
    )
    notice_hours: int = doc(
        "Cancelling with less notice than this is late (late-cancellation only).", default=24
    )
    percent: Percent | None = doc("The fee in percent of the total.", default=None)
    amount: Money | None = doc("The fee as an amount.", default=None)

    stage = "fee"

    def __attrs_post_init__(self) -> None:
        _one_of(self, "percent", "amount", "a cancellation fee")
        if self.notice_hours < 0:
            raise Invalid("`notice_hours` cannot be negative")

    def fee(self, total: Decimal) -> Decimal:
        return _percent_or_amount(self.percent, self.amount, total)

    def summary(self, targets: str, money: MoneyText) -> str:
        fee = f"{percent(self.percent)} of the total" if self.percent else money(self.amount)
        if self.kind == "no-show":
            return f"not coming costs {fee}"
        return f"cancelling with less than {self.notice_hours} hours' notice costs {fee}"


@attrs.frozen(kw_only=True)
class Gratuity:
    percents: tuple[Percent, ...] = doc("The suggested tips in percent, e.g. [15, 18, 20].")
    basis: Literal["pre-tax", "post-tax"] = doc(
        "Suggest tips on the amount before tax, or on the total.", default="pre-tax"
    )

    stage = "gratuity"

    def __attrs_post_init__(self) -> None:
        if not self.percents:
            raise Invalid("give at least one suggestion in `percents`")

    def summary(self, targets: str, money: MoneyText) -> str:
        basis = "before tax" if self.basis == "pre-tax" else "with tax"
        suggested = either([percent(value) for value in self.percents])
        return f"suggested tips of {suggested} of the total {basis}"


@attrs.frozen(kw_only=True)
class Plan:
    """What packages and memberships share: which sessions they pay for."""

    durations: tuple[Minutes, ...] = doc(
        "Session lengths it pays for; empty means any length of the services it applies to.",
        default=(),
    )

    stage = "plan"
    targets_joined_by = "or"
    """A session is one of the services it names: "5 sessions of Swedish or Deep Tissue"."""

    def covers(self, duration: int) -> bool:
        return not self.durations or duration in self.durations

    def lengths(self) -> str:
        if not self.durations:
            return ""
        return " (" + either([f"{minutes} min" for minutes in self.durations]) + ")"


@attrs.frozen(kw_only=True)
class Package(Plan):
    sessions: int = doc("How many sessions the package holds.")
    price: Money | None = doc("The price of the whole package.", default=None)
    percent: Percent | None = doc(
        "Or: the package costs this percentage less than its sessions at list price.",
        default=None,
    )
    valid_days: int | None = doc("Sessions expire this many days after purchase.", default=None)

    def __attrs_post_init__(self) -> None:
        _one_of(self, "price", "percent", "a package")
        if self.sessions < 1:
            raise Invalid("a package holds at least one session")
        if self.valid_days is not None and self.valid_days < 1:
            raise Invalid("`valid_days` must be 1 or more")

    def purchase(self, unit_price: Decimal | None) -> Decimal:
        if self.price is not None:
            return self.price.amount
        return unit_price * self.sessions * (HUNDRED - self.percent) / HUNDRED

    def describe(self, unit_price: str | None) -> str:
        """What a client buys, e.g. "5 × 105.00 less 15%, valid 365 days"."""
        if self.price is None:
            text = f"{self.sessions} × {unit_price} less {self.percent.normalize():f}%"
        else:
            text = f"{self.sessions} sessions"
        return text + (f", valid {self.valid_days} days" if self.valid_days else "")

    @property
    def needs_unit_price(self) -> bool:
        return self.price is None

    def summary(self, targets: str, money: MoneyText) -> str:
        sessions = f"{self.sessions} sessions of {targets}{self.lengths()}"
        if self.price is not None:
            text = f"{sessions} for {money(self.price)}"
        else:
            text = f"{sessions} at {percent(self.percent)} off"
        return text + (f", valid {self.valid_days} days" if self.valid_days else "")


@attrs.frozen(kw_only=True)
class Membership(Plan):
    fee: Money = doc("The monthly fee.")
    sessions: int = doc("Sessions included each month.", default=1)
    discount: Percent | None = doc(
        "Members' discount in percent on what the membership does not include: add-ons and "
        "other services.",
        default=None,
    )
    tag: Id = doc("The client tag that marks a member.", default="member")

    needs_unit_price = False

    def __attrs_post_init__(self) -> None:
        if self.sessions < 0:
            raise Invalid("`sessions` cannot be negative")

    def purchase(self, unit_price: Decimal | None) -> Decimal:
        return self.fee.amount

    def describe(self, unit_price: str | None) -> str:
        """What a member gets, e.g. "1 session a month included, 10% off everything else"."""
        sessions = f"{self.sessions} session{'s' * (self.sessions != 1)} a month included"
        if self.discount is None:
            return sessions
        return f"{sessions}, {self.discount.normalize():f}% off everything else"

    def summary(self, targets: str, money: MoneyText) -> str:
        # "1 of all services included" read as if every service were: say sessions, and of what.
        sessions = f"{self.sessions} session{'s' * (self.sessions != 1)}{self.lengths()}"
        which = "any service" if targets == "all services" else targets
        text = f"{money(self.fee)} a month, including {sessions} a month of {which}"
        if self.discount is not None:
            text += f", {percent(self.discount)} off everything else"
        return text

    def member_discount(self) -> PercentOff | None:
        """Members' discount on what their membership does not include."""
        return PercentOff(percent=self.discount) if self.discount is not None else None


RULE_TYPES = (
    RuleType("set-price", SetPrice, "A price list: member, location or therapist-level prices."),
    RuleType("surcharge", Surcharge, "An amount or percentage added, e.g. at peak times."),
    RuleType("percent-off", PercentOff, "A percentage off matching lines or the subtotal."),
    RuleType("amount-off", AmountOff, "A fixed amount off matching lines or the subtotal."),
    RuleType("price-ending", PriceEnding, "Round prices to a grid or to endings such as .95."),
    RuleType("deposit", Deposit, "A deposit due when booking: an amount or a percentage."),
    RuleType("cancellation-fee", CancellationFee, "A late-cancellation or no-show fee."),
    RuleType("gratuity", Gratuity, "Suggested tips, shown but never added to the total."),
    RuleType("package", Package, "A number of sessions bought together for a price."),
    RuleType("membership", Membership, "A monthly fee with included sessions and a discount."),
)


@hookimpl
def servicekit_rule_types() -> Iterator[RuleType]:
    yield from RULE_TYPES
