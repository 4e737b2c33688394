"""The built-in pricing rule types, written against the pricing contract like any plugin's.

Each parameter class implements the protocol of its stage (`servicekit.pricing.stages`,
docs/pricing.md): the stage's method works out its effect on one amount, as `Money` rounded
with the clinic's rounding (`context.money`, which keeps the exact amount for the audit
trail), and `summary` and `explain` word it for menus, exports and the audit trail: with
`servicekit.i18n`'s `_` and the `words` they are given, as a plugin's rule type words itself,
so in English for JSON and exports and in their language for a menu's or a quote's readers.
"""

# Annotations are objects, not strings: each rule's keys are read by its parameter class's
# field types, and every rule type's are checked when plugins are collected
# (see servicekit.model.catalogue). Names only a type checker imports are quoted.

from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

import attrs

from servicekit.builtin.conditions import CONDITIONS
from servicekit.errors import Invalid
from servicekit.hookspecs import hookimpl
from servicekit.i18n import _, ngettext, then
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
    PlanRule,
    PriceEndingRule,
    PricingContext,
    SurchargeRule,
    Words,
)

if TYPE_CHECKING:  # a quote's and an export's records, quoted where they annotate a method
    from servicekit.pricing.stage_records import ItemInfo, LineInfo, SquareDiscount

HUNDRED = Decimal(100)
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
        of = {"percent": words.percent(percent), "base": words.money(base)}
        if taken.amount < words.round(base.amount * percent / HUNDRED).amount:
            return _(
                "%(percent)s of %(base)s, at most %(amount)s", **of, amount=words.money(taken)
            )
        return _("%(percent)s of %(base)s", **of)
    if nominal is not None and taken.amount < nominal.amount:
        return _(
            "%(asked)s, at most %(amount)s", asked=words.money(nominal), amount=words.money(taken)
        )
    return words.money(taken)


def _clauses(*said: str) -> str:
    """A phrase and what qualifies it, the empty ones left out: "20% off X, at most $30.00"."""
    return ", ".join(filter(None, said))


def _each(unit: str | None) -> str:
    """Whom an amount is for, when not the visit: "for each guest"."""
    if unit == "guest":
        return _("for each guest")
    return _("for each item") if unit == "item" else ""


# A base, never made: each discount rule type below generates its own repr and equality.
@attrs.frozen(kw_only=True, repr=False, eq=False)
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
            if self.unit == "guest":
                return _("each guest's subtotal of %(targets)s", targets=targets)
            if self.unit == "item":
                return _("each item's subtotal of %(targets)s", targets=targets)
            return _("the subtotal of %(targets)s", targets=targets)
        at_most = self.limit and ngettext(
            "on at most %(count)s line", "on at most %(count)s lines", self.limit
        )
        return _clauses(targets, _each(self.unit if self.unit == "guest" else None), at_most or "")

    def stacking(self, words: Words) -> str:
        """What it stacks with, in words (empty when it stacks with nothing)."""
        if self.combines_with:
            return _("combines with %(rules)s", rules=words.either(self.combines_with, "and"))
        return "" if self.exclusive else _("combines with other discounts that allow it")

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

    def discount(self, amount: Money, line: "LineInfo | None", context: PricingContext) -> Money:
        off = amount.amount * self.percent / HUNDRED
        return context.money(min(off, self.max_amount.amount) if self.max_amount else off)

    def summary(self, targets: str, words: Words) -> str:
        at_most = self.max_amount and _("at most %(amount)s", amount=words.money(self.max_amount))
        return _clauses(
            _(
                "%(percent)s off %(targets)s",
                percent=words.percent(self.percent),
                targets=self.scoped(targets),
            ),
            at_most or "",
            self.stacking(words),
        )

    def explain(self, base: Money, amount: Money, words: Words) -> str:
        return _explain(self.percent, None, base, amount, words)

    def square_discount(self) -> "SquareDiscount":
        from servicekit.pricing.stage_records import SquareDiscount  # an export's, not check's

        return SquareDiscount(percentage=self.percent, maximum=self.max_amount)


@attrs.frozen(kw_only=True)
class AmountOff(Discount):
    amount: Money = doc("The amount taken off.")

    percentage = False

    def discount(self, amount: Money, line: "LineInfo | None", context: PricingContext) -> Money:
        return self.amount

    def summary(self, targets: str, words: Words) -> str:
        return _clauses(
            _(
                "%(amount)s off %(targets)s",
                amount=words.money(self.amount),
                targets=self.scoped(targets),
            ),
            self.stacking(words),
        )

    def explain(self, base: Money, amount: Money, words: Words) -> str:
        return _explain(None, self.amount, base, amount, words)

    def square_discount(self) -> "SquareDiscount":
        from servicekit.pricing.stage_records import SquareDiscount  # an export's, not check's

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

    def price_for(self, line: "LineInfo", context: PricingContext) -> Money | None:
        price = self.prices.get(line.duration) if line.duration is not None else None
        return self.price if price is None else price  # a listed 0.00 is a price, not "none"

    def summary(self, targets: str, words: Words) -> str:
        prices = [
            _("%(price)s for %(length)s", price=words.money(price), length=_minutes(minutes))
            for minutes, price in self.prices.items()
        ]
        if self.price is not None:
            own = words.money(self.price)
            prices.append(_("%(price)s otherwise", price=own) if prices else own)
        return _("%(targets)s at %(prices)s", targets=targets, prices=", ".join(prices))


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

    def surcharge(self, amount: Money, line: "LineInfo | None", context: PricingContext) -> Money:
        return _share(self.percent, self.amount, amount, context)

    def summary(self, targets: str, words: Words) -> str:
        each = _("once a visit") if self.unit == "visit" else _each(self.unit)
        if self.unit == "item":
            each = ""  # a surcharge is on each line unless it says otherwise
        if self.percent is not None:
            added = words.percent(self.percent)
        else:
            assert self.amount is not None
            added = words.money(self.amount)
        return _clauses(_("%(amount)s added to %(targets)s", amount=added, targets=targets), each)

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

    def end(self, amount: Money, line: "LineInfo", context: PricingContext) -> Money:
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
        grid = words.money(self.grid)
        multiples = (
            _("multiples of %(grid)s", grid=grid)
            if self.ending is None
            else _(
                "multiples of %(grid)s plus %(ending)s",
                grid=grid,
                ending=words.money(self.ending),
            )
        )
        if self.direction == "up":
            text = _(
                "prices of %(targets)s rounded up to %(multiples)s",
                targets=targets,
                multiples=multiples,
            )
        elif self.direction == "down":
            text = _(
                "prices of %(targets)s rounded down to %(multiples)s",
                targets=targets,
                multiples=multiples,
            )
        else:
            text = _(
                "prices of %(targets)s rounded to %(multiples)s",
                targets=targets,
                multiples=multiples,
            )
        changing = self.max_change and _(
            "changing them by at most %(amount)s", amount=words.money(self.max_change)
        )
        return _clauses(text, changing or "")


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
        if self.percent is None:
            assert self.amount is not None
            text = _("a deposit of %(amount)s", amount=words.money(self.amount))
        elif targets == words.targets(("services", "addons")):
            text = _("a deposit of %(percent)s of the total", percent=words.percent(self.percent))
        else:
            text = _(
                "a deposit of %(percent)s of %(targets)s",
                percent=words.percent(self.percent),
                targets=targets,
            )
        return " ".join(filter(None, (text, _each(self.unit))))

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
            fee = _("%(percent)s of the total", percent=words.percent(self.percent))
        else:
            assert self.amount is not None
            fee = words.money(self.amount)
        fee = " ".join(filter(None, (fee, _each(self.unit))))
        if self.kind == "no-show":
            text = _("not coming costs %(fee)s", fee=fee)
        else:
            text = ngettext(
                "cancelling with less than %(count)s hour's notice costs %(fee)s",
                "cancelling with less than %(count)s hours' notice costs %(fee)s",
                self.notice_hours,
                fee=fee,
            )
        if self.plan_sessions == "fee":
            return _clauses(text, _("sessions paid with a plan too"))
        if self.plan_sessions == "waive":
            return then((text, _("sessions paid with a plan are not charged")))
        return text


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
        suggested = words.either([words.percent(value) for value in self.percents])
        before = self.basis == "pre-tax"
        if self.on == "paid":
            if before:
                return _("suggested tips of %(tips)s of the total before tax", tips=suggested)
            return _("suggested tips of %(tips)s of the total with tax", tips=suggested)
        if before:
            return _(
                "suggested tips of %(tips)s of the services' value before tax", tips=suggested
            )
        return _("suggested tips of %(tips)s of the services' value with tax", tips=suggested)


# A base, never made: each plan rule type below generates its own repr and equality.
@attrs.frozen(kw_only=True, repr=False, eq=False)
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

    def upgrade_price(self, line: "LineInfo", context: PricingContext) -> Money | None:
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
        """How sessions may be upgraded, in words (empty when they may not)."""
        said = [
            _("%(length)s for %(price)s", length=_minutes(minutes), price=words.money(price))
            for minutes, price in self.upgrades.items()
        ]
        if self.upgrade == "difference":
            said.append(_("a longer session for the difference"))
        return _("upgrades: %(upgrades)s", upgrades=words.either(said, "and")) if said else ""

    def of_lengths(self, sessions: str, words: Words) -> str:
        """`sessions` of the lengths it pays for: "5 sessions of Swedish (60 min)"."""
        if not self.durations:
            return sessions
        lengths = words.either([_minutes(minutes) for minutes in self.durations])
        return _("%(sessions)s (%(lengths)s)", sessions=sessions, lengths=lengths)


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
            text = _(
                "%(count)s × %(price)s less %(percent)s",
                count=self.sessions,
                price=words.money(unit_price),
                percent=words.percent(self.percent),
            )
        else:
            text = ngettext("%(count)s session", "%(count)s sessions", self.sessions)
        return _clauses(text, self.valid(self.valid_days))

    @staticmethod
    def valid(days: int | None) -> str:
        """How long it is valid, in words (empty for ever)."""
        return ngettext("valid %(count)s day", "valid %(count)s days", days) if days else ""

    @property
    def needs_unit_price(self) -> bool:
        return self.price is None

    def summary(self, targets: str, words: Words) -> str:
        sessions = self.of_lengths(
            ngettext(
                "%(count)s session of %(targets)s",
                "%(count)s sessions of %(targets)s",
                self.sessions,
                targets=targets,
            ),
            words,
        )
        if self.price is not None:
            text = _(
                "%(sessions)s for %(price)s", sessions=sessions, price=words.money(self.price)
            )
        else:
            assert self.percent is not None
            text = _(
                "%(sessions)s at %(percent)s off",
                sessions=sessions,
                percent=words.percent(self.percent),
            )
        text = _clauses(
            text, self.valid(self.valid_days), _("shareable") if self.shareable else ""
        )
        return then((text, self.upgrades_said(words)))


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
        return _clauses(
            ngettext(
                "%(count)s session a month included",
                "%(count)s sessions a month included",
                self.sessions,
            ),
            self.members_off(words),
        )

    def members_off(self, words: Words) -> str:
        """Members' discount in words (empty without one)."""
        if self.discount is None:
            return ""
        return _("%(percent)s off everything else", percent=words.percent(self.discount))

    def summary(self, targets: str, words: Words) -> str:
        # "1 of all services included" read as if every service were: say sessions, and of what.
        sessions = self.of_lengths(
            ngettext("%(count)s session", "%(count)s sessions", self.sessions), words
        )
        if targets == words.targets(("services",)):
            included = _("including %(sessions)s a month of any service", sessions=sessions)
        else:
            included = _(
                "including %(sessions)s a month of %(targets)s", sessions=sessions, targets=targets
            )
        text = _clauses(
            _("%(fee)s a month", fee=words.money(self.fee)), included, self.members_off(words)
        )
        carried = self.rollover and ngettext(
            "up to %(count)s unused carried over",
            "up to %(count)s unused carried over",
            self.rollover,
        )
        return then((text, carried or "", self.upgrades_said(words)))

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
            kind, _colon, ident = item.partition(":")
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
        self, amounts: tuple[Money, ...], items: "tuple[ItemInfo, ...]", context: PricingContext
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
        if self.on == "cheapest":
            text = _("%(off)s off the cheapest of %(items)s in one visit", off=off, items=what)
        else:
            text = _("%(off)s off %(items)s in one visit", off=off, items=what)
        if self.limit is None:
            often = _("as often as the visit makes it")
        elif self.limit != 1:
            often = ngettext("up to %(count)s time", "up to %(count)s times", self.limit)
        else:
            often = ""
        guests = {"different": _("each for a different guest"), "same": _("for one guest")}
        combines = self.combines_with and _(
            "combines with %(rules)s", rules=words.either(self.combines_with, "and")
        )
        return _clauses(text, often, guests.get(self.guests, ""), combines or "")

    def explain(self, base: Money, amount: Money, words: Words) -> str:
        return _explain(self.percent, self.amount, base, amount, words)


def _slot(item: str, words: Words) -> str:
    """A bundle's item in words: "a massage" (a category's name), "Swedish Massage"."""
    kind, _colon, ident = item.partition(":")
    if item == "services":
        return _("any service")
    if kind == "service":
        return words.name("service", ident)
    if kind == "category":
        name = words.name("category", ident)
        # English puts a category in the middle of a phrase lower-cased; German never does.
        return _("a %(category)s", category=name.lower() if _english(words) else name)
    return _("a %(modality)s service", modality=ident.replace("-", " "))


def _minutes(minutes: int) -> str:
    return _("%(minutes)s min", minutes=minutes)


def _english(words: Words) -> bool:
    return words.locale.partition("_")[0] == "en"


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
