"""The built-in pricing rule types, written against the pricing contract like any plugin's.

Each parameter class implements the protocol of its stage (`servicekit.pricing.stages`,
docs/pricing.md): the stage's method works out its effect on one amount, as `Money` rounded
with the clinic's rounding (`context.money`, which keeps the exact amount for the audit
trail), and `summary` and `explain` word it for menus, exports and the audit trail.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any, Literal

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
    BundleRule,
    DepositRule,
    DiscountRule,
    FeeRule,
    GratuityRule,
    ItemInfo,
    LineInfo,
    PlanRule,
    PriceEndingRule,
    PricingContext,
    SquareDiscount,
    SurchargeRule,
    Words,
)

HUNDRED = Decimal(100)
EACH = {"guest": "each guest's", "item": "each item's", "visit": "the visit's"}
UNIT_DOC = (
    'What it applies to once: "item" (each line of each item, the default for lines), '
    '"guest" (each guest\'s share) or "visit" (the visit as a whole).'
)


def unit(text: str = UNIT_DOC) -> Any:
    """The `unit` key of a rule type whose default is its stage's."""
    return doc(text, default=None)


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
    unit: Literal["item", "guest", "visit"] | None = unit(
        'Line scope: "item" (default: each line) or "guest" (each guest\'s share of a line, '
        "so an amount is taken off for each guest of a couples service). Order scope: "
        '"visit" (default: the subtotal of the visit\'s lines), "guest" (each guest\'s '
        'subtotal) or "item" (each item\'s).'
    )

    reads_context = False

    @property
    def stage(self) -> Literal["line-discount", "order-discount"]:
        return "order-discount" if self.scope == "order" else "line-discount"

    def scoped(self, targets: str) -> str:
        """What it is taken off, in words."""
        if self.scope == "order":
            if self.unit in ("guest", "item"):
                return f"{EACH[self.unit]} subtotal of {targets}"
            return f"the subtotal of {targets}"
        each = ", for each guest" if self.unit == "guest" else ""
        return (
            f"{targets}{each}"
            if self.limit is None
            else f"{targets}{each}, on at most {self.limit} lines"
        )

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
        if self.scope == "line" and self.unit == "visit":
            raise Invalid(
                'a line discount is taken off each line: its unit is "item" or "guest"',
                hint='for an amount off the visit as a whole, write scope = "order"',
            )


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
    reads_context = False

    def __attrs_post_init__(self) -> None:
        if self.price is None and not self.prices:
            raise Invalid("a set-price rule needs `price` or `prices`")

    @property  # the protocol's class attribute, worked out from the keys given
    def acts_on(self) -> tuple[Literal["service", "addon"], ...]:  # type: ignore[override]
        """Prices by length are sessions' prices; only `price` prices add-ons."""
        return ("service",) if self.price is None else ("service", "addon")

    def named_lengths(self) -> Mapping[str, Iterable[int]]:
        return {"prices": tuple(self.prices)}

    def price_for(self, line: LineInfo, context: PricingContext) -> Money | None:
        price = self.prices.get(line.duration) if line.duration is not None else None
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
    unit: Literal["item", "guest", "visit"] | None = unit(
        '"item" (default: each line), "guest" (each guest\'s share of a line: an amount '
        'for each guest of a couples service) or "visit" (once, on the subtotal of the '
        "lines it targets: a booking fee)."
    )

    stage = "surcharge"
    reads_context = False

    def __attrs_post_init__(self) -> None:
        _one_of(self, "percent", "amount", "a surcharge")

    def surcharge(self, amount: Money, line: LineInfo | None, context: PricingContext) -> Money:
        return _share(self.percent, self.amount, amount, context)

    def summary(self, targets: str, words: Words) -> str:
        each = {"guest": ", for each guest", "visit": ", once a visit"}.get(self.unit or "", "")
        if self.percent is not None:
            return f"{words.percent(self.percent)} added to {targets}{each}"
        assert self.amount is not None
        return f"{words.money(self.amount)} added to {targets}{each}"

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
    reads_context = False

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
    percent: Percent | None = doc(
        "The deposit in percent of what it applies to, with its tax.", default=None
    )
    amount: Money | None = doc("The deposit as an amount.", default=None)
    unit: Literal["visit", "guest", "item"] | None = unit(
        '"visit" (default: one deposit), "guest" (one for each guest) or "item" (one for '
        "each item)."
    )

    stage = "deposit"
    reads_context = False

    def __attrs_post_init__(self) -> None:
        _one_of(self, "percent", "amount", "a deposit")

    def deposit(self, total: Money, context: PricingContext) -> Money:
        return _share(self.percent, self.amount, total, context)

    def summary(self, targets: str, words: Words) -> str:
        each = {"guest": " for each guest", "item": " for each item"}.get(self.unit or "", "")
        if self.percent is not None:
            of = "the total" if targets == "all services and all add-ons" else targets
            return f"a deposit of {words.percent(self.percent)} of {of}{each}"
        assert self.amount is not None
        return f"a deposit of {words.money(self.amount)}{each}"

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
    plan_sessions: Literal["forfeit", "fee", "waive"] = doc(
        'A session paid with a package or membership: "forfeit" (it is used up, and the fee '
        'is taken on what else the client pays), "fee" (charged like a paid session: a '
        'percentage of its list price, a fixed amount whatever was paid that day) or "waive" '
        "(left alone, and the fee is taken on what else the client pays).",
        default="forfeit",
    )
    unit: Literal["visit", "guest", "item"] | None = unit(
        '"visit" (default: one fee), "guest" (one for each guest) or "item" (one for each item).'
    )

    stage = "fee"
    reads_context = False

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
        each = {"guest": " for each guest", "item": " for each item"}.get(self.unit or "", "")
        if self.kind == "no-show":
            text = f"not coming costs {fee}{each}"
        else:
            text = f"cancelling with less than {self.notice_hours} hours' notice costs {fee}{each}"
        return (
            text
            + {
                "forfeit": "",
                "fee": ", sessions paid with a plan too",
                "waive": "; sessions paid with a plan are not charged",
            }[self.plan_sessions]
        )


@attrs.frozen(kw_only=True)
class Gratuity(GratuityRule):
    percents: tuple[Percent, ...] = doc("The suggested tips in percent, e.g. [15, 18, 20].")
    basis: Literal["pre-tax", "post-tax"] = doc(
        "Suggest tips on the amount before tax, or on the total.", default="pre-tax"
    )
    on: Literal["list", "paid"] = doc(
        'Tips on what the services are worth ("list": before discounts, a session paid '
        'with a plan at its list price) or on what the client pays ("paid").',
        default="list",
    )

    stage = "gratuity"
    reads_context = False

    def __attrs_post_init__(self) -> None:
        if not self.percents:
            raise Invalid("give at least one suggestion in `percents`")

    def summary(self, targets: str, words: Words) -> str:
        basis = "before tax" if self.basis == "pre-tax" else "with tax"
        suggested = words.either([words.percent(value) for value in self.percents])
        if self.on == "paid":
            return f"suggested tips of {suggested} of the total {basis}"
        return f"suggested tips of {suggested} of the services' value {basis}"


@attrs.frozen(kw_only=True)
class Plan(PlanRule):
    """What packages and memberships share: which sessions they pay for."""

    durations: tuple[Minutes, ...] = doc(
        "Session lengths it pays for; empty means any length of the services it applies to.",
        default=(),
    )
    shareable: bool = doc(
        "Whether several guests may pay sessions with it; otherwise only its holder.",
        default=False,
    )
    upgrade: Literal["none", "difference"] = doc(
        '"difference": a holder may book a longer length than it pays for and pay the '
        "difference in list price; `upgrades` sets prices by length instead.",
        default="none",
    )
    upgrades: Mapping[DurationKey, Money] = doc(
        'What upgrading a session to a longer length costs, by length: { 90 = "30.00" }.',
        factory=dict,
    )

    stage = "plan"
    targets_joined_by = "or"
    """A session is one of the services it names: "5 sessions of Swedish or Deep Tissue"."""
    reads_context = False

    def covers(self, duration: int, context: PricingContext) -> bool:
        return not self.durations or duration in self.durations

    def named_lengths(self) -> Mapping[str, Iterable[int]]:
        return {"durations": self.durations, "upgrades": tuple(self.upgrades)}

    def upgrade_price(self, line: LineInfo, context: PricingContext) -> Money | None:
        """The upgrade's price: set for the length, or the difference from the longest
        length it pays for, of the same service."""
        if line.duration is None:
            return None
        price = self.upgrades.get(line.duration)
        if price is not None or self.upgrade != "difference":
            return price
        service = context.catalogue.services.get(line.id)
        paid = [
            variation
            for variation in (service.variations if service is not None else ())
            if variation.duration < line.duration and self.covers(variation.duration, context)
        ]
        if not paid:
            return None
        longest = max(paid, key=lambda variation: variation.duration)
        difference = max(line.list_price.amount - longest.price.amount, Decimal(0))
        return Money.trusted(difference, line.list_price.currency)

    def upgrades_said(self, words: Words) -> str:
        """How sessions may be upgraded, in words."""
        said = [
            f"{minutes} min for {words.money(price)}" for minutes, price in self.upgrades.items()
        ]
        if self.upgrade == "difference":
            said.append("a longer session for the difference")
        return f"; upgrades: {words.either(said, 'and')}" if said else ""

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
        text += f", valid {self.valid_days} days" if self.valid_days else ""
        text += ", shareable" if self.shareable else ""
        return text + self.upgrades_said(words)


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
    rollover: int = doc(
        "Unused sessions carried into the next month, at most this many (0: none carry).",
        default=0,
    )

    kind = "membership"
    needs_unit_price = False

    def __attrs_post_init__(self) -> None:
        if self.sessions < 0:
            raise Invalid("`sessions` cannot be negative")
        if self.rollover < 0:
            raise Invalid("`rollover` cannot be negative")

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
        if self.rollover:
            text += f"; up to {self.rollover} unused carried over"
        return text + self.upgrades_said(words)

    def member_tag(self) -> str:
        return self.tag

    def member_discount(self) -> PercentOff | None:
        """Members' discount on what their membership does not include."""
        return PercentOff(percent=self.discount) if self.discount is not None else None


@attrs.frozen(kw_only=True)
class Bundle(BundleRule):
    items: tuple[str, ...] = doc(
        'What each item of the bundle is, one entry per item: "services" (any), '
        '"service:ID", "category:ID" or "modality:ID", e.g. ["category:massage", '
        '"category:facial"]; each is filled by a different item of the visit.'
    )
    percent: Percent | None = doc("Percent off: of the cheapest item, or of all.", default=None)
    amount: Money | None = doc("An amount off: the cheapest item, or all together.", default=None)
    on: Literal["cheapest", "all"] = doc(
        'What it is taken off: "cheapest" (the cheapest of the items) or "all" (the items '
        "together).",
        default="cheapest",
    )
    guests: Literal["any", "different", "same"] = doc(
        'Whose items they are: "any", "different" (each a different guest\'s: "the third '
        'guest free") or "same" (one guest\'s).',
        default="any",
    )
    exclusive: bool = doc(
        "true: never stacks with another bundle (the best one for the client wins).",
        default=True,
    )
    combines_with: tuple[Id, ...] = doc(
        "Ids of non-exclusive bundles it stacks with; both rules must name each other.",
        default=(),
    )
    limit: int | None = doc(
        "How many times it applies in one visit, each to different items.", default=1
    )

    stage = "bundle"
    reads_context = False

    def __attrs_post_init__(self) -> None:
        _one_of(self, "percent", "amount", "a bundle")
        if len(self.items) < 2:
            raise Invalid(
                "a bundle is of two items or more", hint='e.g. items = ["services", "services"]'
            )
        for item in self.items:
            kind, _, ident = item.partition(":")
            if item != "services" and (
                kind not in ("service", "category", "modality") or not ident
            ):
                raise Invalid(
                    f"'{item}' is not what a bundle's item is",
                    hint='"services", "service:ID", "category:ID" or "modality:ID"',
                )
        if self.limit is not None and self.limit < 1:
            raise Invalid("`limit` must be 1 or more")
        if self.exclusive and self.combines_with:
            raise Invalid(
                "an exclusive bundle combines with nothing",
                "set `exclusive = false` to let it stack with the rules in `combines_with`",
            )

    @property
    def slots(self) -> tuple[str, ...]:
        return self.items

    @property
    def percentage(self) -> bool:
        return self.percent is not None

    def discount(
        self, amounts: tuple[Money, ...], items: tuple[ItemInfo, ...], context: PricingContext
    ) -> tuple[Money, ...]:
        zero = Money.trusted(Decimal(0), context.list_subtotal.currency)
        if self.on == "cheapest":
            cheapest = min(range(len(amounts)), key=lambda index: amounts[index].amount)
            off = _share(self.percent, self.amount, amounts[cheapest], context)
            return tuple(off if index == cheapest else zero for index in range(len(amounts)))
        if self.percent is not None:
            return tuple(_share(self.percent, None, amount, context) for amount in amounts)
        assert self.amount is not None
        whole = sum((amount.amount for amount in amounts), Decimal(0))
        if not whole:
            return tuple(zero for _ in amounts)
        # The amount shared out in proportion; the last takes what rounding left.
        shares = [context.money(self.amount.amount * a.amount / whole) for a in amounts[:-1]]
        last = self.amount.amount - sum((share.amount for share in shares), Decimal(0))
        return (*shares, Money.trusted(max(last, Decimal(0)), self.amount.currency))

    def summary(self, targets: str, words: Words) -> str:
        off = words.percent(self.percent) if self.percent is not None else None
        if off is None:
            assert self.amount is not None
            off = words.money(self.amount)
        what = words.either([_slot(item, words) for item in self.items], "and")
        guests = {"different": ", each for a different guest", "same": ", for one guest"}
        on = "the cheapest of" if self.on == "cheapest" else ""
        text = f"{off} off {on} {what} in one visit".replace("  ", " ")
        if self.limit != 1:
            text += (
                ", as often as the visit makes it"
                if self.limit is None
                else f", up to {self.limit} times"
            )
        return text + guests.get(self.guests, "") + self._stacking(words)

    def _stacking(self, words: Words) -> str:
        if self.combines_with:
            return f", combines with {words.either(self.combines_with, 'and')}"
        return ""

    def explain(self, base: Money, amount: Money, words: Words) -> str:
        return _explain(self.percent, self.amount, base, amount, words)


def _slot(item: str, words: Words) -> str:
    """A bundle's item in words: "a massage" (a category's name), "Swedish Massage"."""
    kind, _, ident = item.partition(":")
    if item == "services":
        return "any service"
    if kind == "service":
        return words.name("service", ident)
    if kind == "category":
        return "a " + words.name("category", ident).lower()
    return f"a {ident.replace('-', ' ')} service"


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
    RuleType("bundle", Bundle, "An offer on several items of one visit: 10% off the cheaper."),
)


@hookimpl
def servicekit_rule_types() -> Iterator[RuleType]:
    yield from RULE_TYPES


@hookimpl
def servicekit_conditions() -> Iterator[Condition]:
    yield from CONDITIONS
