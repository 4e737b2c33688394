"""The built-in pricing rule types, written against the pricing contract like any plugin's.

Each parameter class implements the protocol of its stage (`servicekit.pricing.stages`,
docs/pricing.md): the stage's method works out its effect on one amount, as `Money` rounded
with the clinic's rounding (`context.money`, which keeps the exact amount for the audit
trail), and `summary` and `explain` word it for menus, exports and the audit trail.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Literal

import attrs

from servicekit.builtin.conditions import CONDITIONS
from servicekit.errors import Invalid
from servicekit.hookspecs import hookimpl
from servicekit.model.catalogue import doc
from servicekit.model.contributions import RuleType
from servicekit.model.fields import DurationKey, Id, Minutes, Percent
from servicekit.model.money import Money
from servicekit.pricing.conditions import Condition
from servicekit.pricing.stages import (
    BasePriceRule,
    DepositRule,
    DiscountRule,
    FeeRule,
    GratuityRule,
    LineInfo,
    PlanRule,
    PriceEndingRule,
    PricingContext,
    SquareDiscount,
    SurchargeRule,
    Words,
)

HUNDRED = Decimal(100)


def _one_of(params: object, first: str, second: str, what: str) -> None:
    if (getattr(params, first) is None) == (getattr(params, second) is None):
        raise Invalid(f"{what} needs exactly one of `{first}` and `{second}`")


def _share(
    percent: Decimal | None, amount: Money | None, base: Money, context: PricingContext
) -> Money:
    """A percentage of `base`, or the fixed amount."""
    if percent is not None:
        return context.money(base.amount * percent / HUNDRED)
    assert amount is not None, "one of the two is given (checked when read)"
    return amount


def _explain(
    percent: Decimal | None, nominal: Money | None, base: Money, amount: Money, words: Words
) -> str:
    """ "10% of $160.00", or "$50.00": noting "at most" when less was taken than asked."""
    taken = Money.trusted(abs(amount.amount), amount.currency)
    if percent is not None:
        text = f"{words.percent(percent)} of {words.money(base)}"
        if taken.amount < words.round(base.amount * percent / HUNDRED).amount:
            text += f", at most {words.money(taken)}"
        return text
    if nominal is not None and taken.amount < nominal.amount:
        return f"{words.money(nominal)}, at most {words.money(taken)}"
    return words.money(taken)


@attrs.frozen(kw_only=True)
class Discount(DiscountRule):
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
    def stage(self) -> Literal["line-discount", "order-discount"]:
        return "order-discount" if self.scope == "order" else "line-discount"

    def scoped(self, targets: str) -> str:
        """What it is taken off, in words."""
        if self.scope == "order":
            return f"the subtotal of {targets}"
        return targets if self.limit is None else f"{targets}, on at most {self.limit} lines"

    def stacking(self, words: Words) -> str:
        if self.combines_with:
            return f", combines with {words.either(self.combines_with, 'and')}"
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

    def discount(self, amount: Money, line: LineInfo | None, context: PricingContext) -> Money:
        off = amount.amount * self.percent / HUNDRED
        return context.money(min(off, self.max_amount.amount) if self.max_amount else off)

    def summary(self, targets: str, words: Words) -> str:
        text = f"{words.percent(self.percent)} off {self.scoped(targets)}"
        if self.max_amount is not None:
            text += f", at most {words.money(self.max_amount)}"
        return text + self.stacking(words)

    def explain(self, base: Money, amount: Money, words: Words) -> str:
        return _explain(self.percent, None, base, amount, words)

    def square_discount(self) -> SquareDiscount:
        return SquareDiscount(percentage=self.percent, maximum=self.max_amount)


@attrs.frozen(kw_only=True)
class AmountOff(Discount):
    amount: Money = doc("The amount taken off.")

    percentage = False

    def discount(self, amount: Money, line: LineInfo | None, context: PricingContext) -> Money:
        return self.amount

    def summary(self, targets: str, words: Words) -> str:
        return f"{words.money(self.amount)} off {self.scoped(targets)}{self.stacking(words)}"

    def explain(self, base: Money, amount: Money, words: Words) -> str:
        return _explain(None, self.amount, base, amount, words)

    def square_discount(self) -> SquareDiscount:
        return SquareDiscount(amount=self.amount)


@attrs.frozen(kw_only=True)
class SetPrice(BasePriceRule):
    price: Money | None = doc("The price of every matching variation or add-on.", default=None)
    prices: Mapping[DurationKey, Money] = doc(
        'Prices by duration in minutes, e.g. { 60 = "85.00", 90 = "120.00" }.', factory=dict
    )

    stage = "base"

    def __attrs_post_init__(self) -> None:
        if self.price is None and not self.prices:
            raise Invalid("a set-price rule needs `price` or `prices`")

    def price_for(self, line: LineInfo, context: PricingContext) -> Money | None:
        price = self.prices.get(line.duration) if line.duration is not None else None  # type: ignore[call-overload]
        return self.price if price is None else price  # a listed 0.00 is a price, not "none"

    def summary(self, targets: str, words: Words) -> str:
        prices = [
            f"{words.money(price)} for {minutes} min" for minutes, price in self.prices.items()
        ]
        if self.price is not None:
            own = words.money(self.price)
            prices.append(f"{own} otherwise" if prices else own)
        return f"{targets} at {', '.join(prices)}"


@attrs.frozen(kw_only=True)
class Surcharge(SurchargeRule):
    percent: Percent | None = doc("The surcharge in percent of the line.", default=None)
    amount: Money | None = doc("The surcharge as an amount per line.", default=None)

    stage = "surcharge"

    def __attrs_post_init__(self) -> None:
        _one_of(self, "percent", "amount", "a surcharge")

    def surcharge(self, amount: Money, line: LineInfo, context: PricingContext) -> Money:
        return _share(self.percent, self.amount, amount, context)

    def summary(self, targets: str, words: Words) -> str:
        if self.percent is not None:
            return f"{words.percent(self.percent)} added to {targets}"
        assert self.amount is not None
        return f"{words.money(self.amount)} added to {targets}"

    def explain(self, base: Money, amount: Money, words: Words) -> str:
        return _explain(self.percent, self.amount, base, amount, words)


@attrs.frozen(kw_only=True)
class PriceEnding(PriceEndingRule):
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

    def end(self, amount: Money, line: LineInfo, context: PricingContext) -> Money:
        price = amount.amount
        grid, offset = self.grid.amount, self.ending.amount if self.ending else Decimal(0)
        below = ((price - offset) // grid) * grid + offset
        if below > price:
            below -= grid
        above = below if below == price else below + grid
        if self.direction == "down":
            ended = below
        elif self.direction == "up":
            ended = above
        else:
            ended = below if price - below < above - price else above
        return Money.trusted(ended, amount.currency)

    def summary(self, targets: str, words: Words) -> str:
        way = "" if self.direction == "nearest" else f" {self.direction}"
        text = f"prices of {targets} rounded{way} to multiples of {words.money(self.grid)}"
        if self.ending is not None:
            text += f" plus {words.money(self.ending)}"
        if self.max_change is not None:
            text += f", changing them by at most {words.money(self.max_change)}"
        return text


@attrs.frozen(kw_only=True)
class Deposit(DepositRule):
    percent: Percent | None = doc("The deposit in percent of the total.", default=None)
    amount: Money | None = doc("The deposit as an amount.", default=None)

    stage = "deposit"

    def __attrs_post_init__(self) -> None:
        _one_of(self, "percent", "amount", "a deposit")

    def deposit(self, total: Money, context: PricingContext) -> Money:
        return _share(self.percent, self.amount, total, context)

    def summary(self, targets: str, words: Words) -> str:
        if self.percent is not None:
            return f"a deposit of {words.percent(self.percent)} of the total"
        assert self.amount is not None
        return f"a deposit of {words.money(self.amount)}"

    def explain(self, base: Money, amount: Money, words: Words) -> str:
        return _explain(self.percent, self.amount, base, amount, words)


@attrs.frozen(kw_only=True)
class CancellationFee(FeeRule):
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

    def fee(self, total: Money, context: PricingContext) -> Money:
        return _share(self.percent, self.amount, total, context)

    def explain(self, base: Money, amount: Money, words: Words) -> str:
        return _explain(self.percent, self.amount, base, amount, words)

    def summary(self, targets: str, words: Words) -> str:
        if self.percent:
            fee = f"{words.percent(self.percent)} of the total"
        else:
            assert self.amount is not None
            fee = words.money(self.amount)
        if self.kind == "no-show":
            return f"not coming costs {fee}"
        return f"cancelling with less than {self.notice_hours} hours' notice costs {fee}"


@attrs.frozen(kw_only=True)
class Gratuity(GratuityRule):
    percents: tuple[Percent, ...] = doc("The suggested tips in percent, e.g. [15, 18, 20].")
    basis: Literal["pre-tax", "post-tax"] = doc(
        "Suggest tips on the amount before tax, or on the total.", default="pre-tax"
    )

    stage = "gratuity"

    def __attrs_post_init__(self) -> None:
        if not self.percents:
            raise Invalid("give at least one suggestion in `percents`")

    def summary(self, targets: str, words: Words) -> str:
        basis = "before tax" if self.basis == "pre-tax" else "with tax"
        suggested = words.either([words.percent(value) for value in self.percents])
        return f"suggested tips of {suggested} of the total {basis}"


@attrs.frozen(kw_only=True)
class Plan(PlanRule):
    """What packages and memberships share: which sessions they pay for."""

    durations: tuple[Minutes, ...] = doc(
        "Session lengths it pays for; empty means any length of the services it applies to.",
        default=(),
    )

    stage = "plan"
    targets_joined_by = "or"
    """A session is one of the services it names: "5 sessions of Swedish or Deep Tissue"."""

    def covers(self, duration: int, context: PricingContext) -> bool:
        return not self.durations or duration in self.durations

    def lengths(self, words: Words) -> str:
        if not self.durations:
            return ""
        return " (" + words.either([f"{minutes} min" for minutes in self.durations]) + ")"


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

    kind = "package"

    def purchase(self, unit_price: Money | None, context: PricingContext) -> Money:
        if self.price is not None:
            return self.price
        assert unit_price is not None, "a package priced by its sessions is bought for one"
        assert self.percent is not None, "a package has a price or a percent"
        return context.money(
            unit_price.amount * self.sessions * (HUNDRED - self.percent) / HUNDRED
        )

    def detail(self, unit_price: Money | None, words: Words) -> str:
        """What a client buys, e.g. "5 × $105.00 less 15%, valid 365 days"."""
        if self.price is None and unit_price is not None and self.percent is not None:
            text = (
                f"{self.sessions} × {words.money(unit_price)} less {words.percent(self.percent)}"
            )
        else:
            text = f"{self.sessions} sessions"
        return text + (f", valid {self.valid_days} days" if self.valid_days else "")

    @property
    def needs_unit_price(self) -> bool:
        return self.price is None

    def summary(self, targets: str, words: Words) -> str:
        sessions = f"{self.sessions} sessions of {targets}{self.lengths(words)}"
        if self.price is not None:
            text = f"{sessions} for {words.money(self.price)}"
        else:
            assert self.percent is not None
            text = f"{sessions} at {words.percent(self.percent)} off"
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

    kind = "membership"
    needs_unit_price = False

    def __attrs_post_init__(self) -> None:
        if self.sessions < 0:
            raise Invalid("`sessions` cannot be negative")

    def purchase(self, unit_price: Money | None, context: PricingContext) -> Money:
        return self.fee

    def detail(self, unit_price: Money | None, words: Words) -> str:
        """What a member gets, e.g. "1 session a month included, 10% off everything else"."""
        sessions = f"{self.sessions} session{'s' * (self.sessions != 1)} a month included"
        if self.discount is None:
            return sessions
        return f"{sessions}, {words.percent(self.discount)} off everything else"

    def summary(self, targets: str, words: Words) -> str:
        # "1 of all services included" read as if every service were: say sessions, and of what.
        sessions = f"{self.sessions} session{'s' * (self.sessions != 1)}{self.lengths(words)}"
        which = "any service" if targets == "all services" else targets
        text = f"{words.money(self.fee)} a month, including {sessions} a month of {which}"
        if self.discount is not None:
            text += f", {words.percent(self.discount)} off everything else"
        return text

    def member_tag(self) -> str:
        return self.tag

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


@hookimpl
def servicekit_conditions() -> Iterator[Condition]:
    yield from CONDITIONS
