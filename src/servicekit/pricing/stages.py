"""The pricing contract: the stages a booking goes through, and what a rule type of each
stage implements.

A rule type's parameter class (the `params` of its `RuleType`) is also its behaviour: it
implements the protocol of its stage, below. servicekit checks it when the plugin is
collected, so a missing or misspelt method is an error naming the plugin and the method, not
a surprise at the first quote. A class may say its stage with a `stage` class attribute, or
subclass its stage's protocol (and then inherit the optional methods' defaults).

Every method gets a `PricingContext`: the visit and the item it prices, the clients' tags, the
local time and the catalogue, so a rule can decide by what it sees. Amounts are `Money` in the
catalogue's currency: a rule returns them rounded to the currency's minor units
(`context.money(amount)` rounds with the clinic's rounding and keeps the exact amount for the
audit trail), never negative, and the engine checks that it does.

Methods marked optional have a default (the body shown here); the engine uses it for a class
that does not define the method. docs/pricing.md ("Writing a rule type") documents each one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeVar

from servicekit import lazy
from servicekit.model.money import Money

if TYPE_CHECKING:
    from servicekit.model.catalogue import Catalogue
    from servicekit.model.quote import Booking
    from servicekit.model.visit import Visit
    from servicekit.pricing.stage_records import ItemInfo, LineInfo, SquareDiscount

# The records a rule is handed and returns live in `stage_records`, which only a quote or an
# export imports: this module gives them on first use (PEP 562), as it gave them before.
_EXPORTS = dict.fromkeys(
    ("ItemInfo", "LineInfo", "SquareDiscount"), "servicekit.pricing.stage_records"
)


def __getattr__(name: str) -> Any:
    return lazy.attribute(globals(), _EXPORTS, name)


STAGES = (
    "plan",
    "base",
    "surcharge",
    "line-discount",
    "order-discount",
    "bundle",
    "price-ending",
    "tax",
    "deposit",
    "fee",
    "gratuity",
)
"""The stages in the order they run. Plugins cannot reorder them; taxes are the catalogue's."""

Unit = Literal["item", "guest", "visit"]
"""What a rule is applied to once: each item (each of its lines), each guest's share, or
the visit as a whole."""
LINE_STAGES = ("base", "surcharge", "line-discount", "price-ending")
"""Stages that act on each line of each item; the others act on the visit (or on each
guest's or item's part of it)."""

Method = TypeVar("Method", bound=Callable[..., Any])


def optional(method: Method) -> Method:
    """Marks a protocol's method as optional: its body is the default the engine uses."""
    method.__servicekit_optional__ = True  # type: ignore[attr-defined]
    return method


class Words(Protocol):
    """How a rule type words amounts, times, days, lists and names for its readers.

    servicekit calls a rule type's and a condition's wording methods (`summary`, `explain`,
    `detail`, `describe`, a `Failure`'s `said`) with words for one reader and their locale
    active: the catalogue's for what JSON and exports say (English, amounts as the clinic's
    locale writes them), or a reader's (a menu's, a quote's text) in their language. Words
    made with `servicekit.i18n._` (servicekit's) or a plugin's own `servicekit.i18n.Messages`
    then come out in that language (docs/pricing.md, "Words in any language")."""

    @property
    def locale(self) -> str:
        """The locale the words are for: "en" for what JSON says, "de_DE" for a German
        reader. The active locale while servicekit asks a rule type for words."""
        ...

    def money(self, amount: Money) -> str:
        """`Money("30", "USD")` as "$30.00" in en_US; the amount is rounded first."""
        ...

    def round(self, amount: Decimal) -> Money:
        """An amount of the catalogue's currency, rounded with the clinic's rounding."""
        ...

    def percent(self, value: Decimal) -> str:
        """`Decimal("12.50")` as "12.5%"."""
        ...

    def either(self, names: Iterable[str], joiner: str = "or") -> str:
        """ "a", "a or b", "a, b or c" (or "a, b and c" with `joiner="and"`)."""
        ...

    def name(self, kind: str, ident: str) -> str:
        """What the catalogue calls an entry: `name("location", "downtown")` is "Downtown".
        `kind` is "service", "addon", "category", "location" or "level"."""
        ...

    def targets(self, selectors: tuple[str, ...], joined_by: str = "and") -> str:
        """`applies_to` selectors in words: `targets(("services",))` is "all services"."""
        ...

    def time(self, value: dt.time) -> str:
        """A time of day: "17:00" in JSON's words, "5:00 PM" for an en_US reader."""
        ...

    def date(self, value: dt.date) -> str:
        """A date: "2026-12-24" in JSON's words, "24.12.2026" for a de_DE reader."""
        ...

    def days(self, days: Iterable[str]) -> str:
        """Weekdays ("mon", ...) as alternatives: "Saturday or Sunday"; for a reader in
        their week's order and words, runs of three or more as a range."""
        ...


class PricingContext:
    """What a rule sees of what it prices. Every rule method gets one.

    `catalogue` is the whole catalogue and `visit` the whole visit (`servicekit.model.visit`:
    its items, guests, tags, codes, plans). A context is of one item (a line rule's), of one
    guest's items, or of the whole visit (an order discount's, a deposit's); `item` is the
    item's `ItemInfo` (None for a guest's or the visit's) and `items` every item of the visit.
    The rest is read once per context: `tags` (the clients': the visit's, with those every
    guest of the item (of the visit) has, and a membership's tag on a guest who pays with
    it), `promos` (in capitals), `at` (the start in the clinic's time zone: the item's, or
    the first item's) and its `date`, `time` and `weekday` (0 is Monday), `holiday` (one of
    the clinic's), `location`, `therapist_level`, `duration` (the item's minutes; for a
    guest's or the visit's, the shortest of theirs; None when a plan is bought alone),
    `list_subtotal` (what it prices at list prices, before any rule) and `promo_uses` (how
    often each capped code was redeemed). `booking` is the item as a booking of one service.

    A price listed rather than quoted (a menu's, an export's list prices, which rules with no
    condition but the location set) has no visit: `visit`, `booking`, `at`, `date`, `time`
    and `weekday` are None, there are no tags or promotion codes, and `duration` and
    `list_subtotal` are the listed line's.
    """

    __slots__ = (
        "_booking",
        "_currency",
        "_engine",
        "_exact",
        "_infos",
        "_made",
        "_quantum",
        "_rounding",
        "at",
        "catalogue",
        "date",
        "duration",
        "guest",
        "holiday",
        "list_subtotal",
        "location",
        "promo_uses",
        "promos",
        "tags",
        "therapist_level",
        "time",
        "visit",
        "weekday",
    )

    def __init__(
        self,
        catalogue: Catalogue,
        visit: Visit,
        at: dt.datetime,
        duration: int | None,
        tags: frozenset[str],
        holiday: bool,
        list_subtotal: Money,
        quantum: Decimal,
        rounding: str,
        promos: frozenset[str],
        infos: Any = None,
        engine: int | None = None,
        guest: str | None = None,
        booking: Booking | None = None,
    ) -> None:
        self.catalogue, self.visit, self.tags, self.holiday = catalogue, visit, tags, holiday
        self.at, self.date, self.time, self.weekday = at, at.date(), at.time(), at.weekday()
        self.promos = promos
        self.location, self.therapist_level = visit.location, visit.therapist_level
        self.duration, self.promo_uses = duration, visit.promo_uses
        self.list_subtotal = list_subtotal
        self._infos, self._engine, self.guest, self._booking = infos, engine, guest, booking
        """`_infos` makes the items' `ItemInfo`s when a rule first asks; `_engine` is the
        place of this context's item among them (as priced), or None."""
        self._currency, self._quantum, self._rounding = list_subtotal.currency, quantum, rounding
        self._exact: Decimal | None = None
        self._made: Money | None = None

    def seen_by(self, guest: str, tags: frozenset[str], list_subtotal: Money) -> PricingContext:
        """This item's context as one of its guests is judged in it, for a rule applied to
        a part of the visit whose list price is `list_subtotal`: their own tags, the item's
        start and length."""
        assert self.at is not None, "an item of a visit has its start"
        assert self.visit is not None, "an item is of a visit"
        return PricingContext(
            self.catalogue,
            self.visit,
            at=self.at,
            duration=self.duration,
            tags=tags,
            holiday=self.holiday,
            list_subtotal=list_subtotal,
            quantum=self._quantum,
            rounding=self._rounding,
            promos=self.promos,
            infos=self._infos,
            engine=self._engine,
            guest=guest,
        )

    @classmethod
    def listing(
        cls,
        catalogue: Catalogue,
        line: LineInfo,
        *,
        location: str | None,
        quantum: Decimal,
        rounding: str,
    ) -> PricingContext:
        """The context of a line's listed price, at `location` (None: everywhere)."""
        context = cls.__new__(cls)
        context.catalogue, context.visit, context._booking = catalogue, None, None
        context.tags = frozenset()
        context.at = context.date = context.time = context.weekday = None
        context.promos, context.holiday = frozenset(), False
        context.location, context.therapist_level = location, None
        context.duration, context.promo_uses = line.duration, {}
        context.list_subtotal = line.list_price
        context._infos = context._engine = context.guest = None
        context._currency, context._quantum = line.list_price.currency, quantum
        context._rounding, context._exact, context._made = rounding, None, None
        return context

    catalogue: Catalogue
    visit: Visit | None
    guest: str | None
    tags: frozenset[str]
    promos: frozenset[str]
    at: dt.datetime | None
    date: dt.date | None
    time: dt.time | None
    weekday: int | None
    holiday: bool
    location: str | None
    therapist_level: str | None
    duration: int | None
    list_subtotal: Money
    promo_uses: Mapping[str, int]

    @property
    def item(self) -> ItemInfo | None:
        """The item this context is of (None for a guest's, the visit's, or a listed price)."""
        if self._engine is None:
            return None
        return self._infos.item(self._engine)

    @property
    def items(self) -> tuple[ItemInfo, ...]:
        """Every item of the visit, in the order listed."""
        return () if self._infos is None else self._infos.all()

    @property
    def booking(self) -> Booking | None:
        """The item (the visit's first, for a context of the whole visit; a plan bought, for
        its service and length) as a booking of one service; None for a listed price."""
        if self._booking is None and self.visit is not None:
            from servicekit.model.quote import Booking

            visit = self.visit
            item = (
                visit.items[self.item.index if self.item is not None else 0]
                if visit.items
                else None
            )
            service, duration = (
                (item.service, item.duration) if item else (visit.buy_for or (None, None))
            )
            self._booking = Booking(
                service=service,
                duration=duration,
                addons=tuple(ident for ident, _ in item.addons) if item else (),
                at=item.start if item else visit.at,
                tags=self.tags,
                promos=visit.promos,
                location=visit.location,
                therapist_level=visit.therapist_level,
                redeem=item.redeem if item else None,
                buy=visit.buy,
                promo_uses=visit.promo_uses,
            )
        return self._booking

    def money(self, amount: Decimal | int) -> Money:
        """`amount` in the catalogue's currency, rounded to its minor units with the clinic's
        rounding. The exact amount is kept for the audit trail's `unrounded`."""
        exact = amount if type(amount) is Decimal else Decimal(amount)
        made = Money.trusted(exact.quantize(self._quantum, self._rounding), self._currency)
        self._exact, self._made = exact, made
        return made

    def exact(self, returned: object) -> Decimal | None:
        """The exact amount `returned` was rounded from, when `money()` made it (so it is in
        the catalogue's currency and whole minor units); None otherwise. Forgets it."""
        exact = self._exact if returned is self._made else None
        self._exact = self._made = None
        return exact


class RuleParams(Protocol):
    """What a rule type of any stage offers."""

    @property
    def stage(self) -> str:
        """Where in the pipeline it acts: one of `STAGES`, bar "tax"."""
        ...

    @optional
    def summary(self, targets: str, words: Words) -> str | None:
        """What the rule does, in a phrase for menus and exports: "20% off all services, at
        most $30.00". `targets` is what it applies to, in words. Default: None, and the rule
        type's own `summary` is shown."""
        return None

    targets_joined_by: str = "and"
    """How `targets` joins several targets: "and" (default), or "or" when the rule acts on
    one of them at a time (a package pays for a session of one of its services)."""

    reads_context: bool = True
    """Whether its stage method reads the context, besides `context.money`. False promises
    that what it returns depends on its other arguments alone, so servicekit may remember it
    for the next quote of the same lines under the same rules (the built-in types do)."""

    acts_on: tuple[Literal["service", "addon"], ...] = ("service", "addon")
    """The kinds of line it acts on: "service" (a session) and "addon". What its
    `applies_to` names of another kind has no effect, and `servicekit check` warns of it."""

    @optional
    def named_lengths(self) -> Mapping[str, Iterable[int]]:
        """The session lengths in minutes its keys name, by key: `{"prices": (60, 90)}`.
        `servicekit check` refuses a length no service it applies to is offered in, as it
        refuses an unknown id. Default: none."""
        return {}

    @optional
    def tags_read(self) -> Iterable[str]:
        """The client tags its stage method reads from the context (`context.tags`), beyond
        those its `when` names: a quote warns that a tag nothing reads changes nothing, so a
        rule type that prices by tags names them (`return self.tiers.keys()`). Default:
        none."""
        return ()


class AdjustmentRule(RuleParams, Protocol):
    """What the rules that adjust a price or ask for an amount share: a detail in words, and
    what they are applied to once."""

    unit: Unit | None = None
    """What it is applied to once: "item" (each line of each item), "guest" (each guest's
    share of a line, or of the visit) or "visit" (the visit as a whole). Default: None, the
    stage's own: each item for surcharges and line discounts, the visit for bundles, order
    discounts, deposits and fees."""

    @optional
    def explain(self, base: Money, amount: Money, words: Words) -> str:
        """How `amount` came about from `base`, for its line and the audit trail: "10% of
        $160.00". `amount` is what the rule added, took off (negative) or asked for. Default:
        the amount in money, "$16.00"."""
        return words.money(Money.trusted(abs(amount.amount), amount.currency))


class PlanRule(RuleParams, Protocol):
    """Stage "plan": a package or membership, bought on its own and redeemed for sessions."""

    @property
    def stage(self) -> Literal["plan"]: ...

    @property
    def kind(self) -> Literal["package", "membership"]:
        """What a client buys: a package of sessions, or a membership (a session paid with it
        is a member's, see `member_tag`)."""
        ...

    @property
    def sessions(self) -> int:
        """How many sessions it holds (a package) or includes a month (a membership); one
        with none cannot be redeemed."""
        ...

    @property
    def durations(self) -> tuple[int, ...]:
        """The session lengths it pays for; empty for any length of its services."""
        ...

    @property
    def needs_unit_price(self) -> bool:
        """Whether its price is worked out from a session's list price, so buying it needs a
        service and duration."""
        ...

    def covers(self, duration: int, context: PricingContext) -> bool:
        """Whether it pays for a session of this length (of a service it applies to)."""
        ...

    def purchase(self, unit_price: Money | None, context: PricingContext) -> Money:
        """What buying it costs; `unit_price` is the list price of the session it is bought
        for (None when bought alone)."""
        ...

    acts_on: tuple[Literal["service", "addon"], ...] = ("service",)
    """A plan pays for sessions, never for add-ons."""

    @optional
    def named_lengths(self) -> Mapping[str, Iterable[int]]:
        """As `RuleParams.named_lengths`. Default: its `durations`."""
        return {"durations": self.durations}

    shareable: bool = False
    """Whether several guests may pay sessions with it; otherwise one guest, its holder."""

    rollover: int = 0
    """How many unused sessions carry into the next month, at most (a membership)."""

    @optional
    def upgrade_price(self, line: LineInfo, context: PricingContext) -> Money | None:
        """What a session of a length it does not pay for costs a holder: the upgrade from
        a length it pays for (a set price, or the difference in list price). Default: None,
        it cannot be upgraded, and paying with it is refused."""
        return None

    @optional
    def member_tag(self) -> str | None:
        """The client tag a session paid with it carries (a membership's `member`), so the
        rules for members apply. Default: None."""
        return None

    @optional
    def member_discount(self) -> DiscountRule | None:
        """A line discount for clients with `member_tag` on what it does not pay for. Default:
        None."""
        return None

    @optional
    def detail(self, unit_price: Money | None, words: Words) -> str | None:
        """What a client buys, shown on the purchase line: "5 × $105.00 less 15%". Default:
        None."""
        return None


class BasePriceRule(RuleParams, Protocol):
    """Stage "base": the price of a line, instead of its list price."""

    @property
    def stage(self) -> Literal["base"]: ...

    def price_for(self, line: LineInfo, context: PricingContext) -> Money | None:
        """The line's price, or None when the rule has none for it."""
        ...


class SurchargeRule(AdjustmentRule, Protocol):
    """Stage "surcharge": an amount added to a line, a share of its own price."""

    @property
    def stage(self) -> Literal["surcharge"]: ...

    def surcharge(self, amount: Money, line: LineInfo | None, context: PricingContext) -> Money:
        """What is added to a line whose price is `amount` (0 or more); with `unit` "visit",
        to the subtotal `amount` of the lines it targets (`line` None), once."""
        ...


class DiscountRule(AdjustmentRule, Protocol):
    """Stages "line-discount" and "order-discount": an amount taken off each line it applies
    to, or off the subtotal of those lines."""

    @property
    def stage(self) -> Literal["line-discount", "order-discount"]: ...

    @property
    def exclusive(self) -> bool:
        """True: never stacks with another discount; the best for the client wins."""
        ...

    @property
    def combines_with(self) -> tuple[str, ...]:
        """Ids of the non-exclusive rules it stacks with (both must name each other)."""
        ...

    @property
    def percentage(self) -> bool:
        """True for a share of the price: stacked, percentages come before fixed amounts."""
        ...

    limit: int | None = None
    """The most lines of a booking it discounts (line discounts); None for no limit."""

    def discount(self, amount: Money, line: LineInfo | None, context: PricingContext) -> Money:
        """What comes off `amount` (0 or more; the engine never takes off more than it):
        a line's price, or for an order discount (`line` None) the subtotal."""
        ...

    @optional
    def square_discount(self) -> SquareDiscount | None:
        """The rule as a Square catalog discount, when Square can apply it as servicekit
        does (a fixed percentage or amount). Default: None, and the Square export warns that
        it is not exported."""
        return None


class PriceEndingRule(AdjustmentRule, Protocol):
    """Stage "price-ending": a line's price moved to an ending, such as .95."""

    @property
    def stage(self) -> Literal["price-ending"]: ...

    @property
    def max_change(self) -> Money | None:
        """Leave a price alone when ending it would change it by more than this."""
        ...

    def end(self, amount: Money, line: LineInfo, context: PricingContext) -> Money:
        """The price `amount` ends as (below zero, it is left alone)."""
        ...

    @optional
    def explain(self, base: Money, amount: Money, words: Words) -> str:
        """How the price changed: "$88.35 → $87.95" (the default)."""
        ended = Money.trusted(base.amount + amount.amount, base.currency)
        return f"{words.money(base)} → {words.money(ended)}"


class DepositRule(AdjustmentRule, Protocol):
    """Stage "deposit": what is due when booking, beside the total (the largest wins)."""

    @property
    def stage(self) -> Literal["deposit"]: ...

    def deposit(self, total: Money, context: PricingContext) -> Money:
        """The deposit on a booking of `total` (0 or more; never more than the total)."""
        ...


class FeeRule(AdjustmentRule, Protocol):
    """Stage "fee": a late-cancellation or no-show fee, beside the total."""

    @property
    def stage(self) -> Literal["fee"]: ...

    @property
    def kind(self) -> Literal["late-cancellation", "no-show"]: ...

    @property
    def notice_hours(self) -> int:
        """Cancelling with less notice than this is late (late-cancellation fees)."""
        ...

    plan_sessions: Literal["forfeit", "fee", "waive"] = "forfeit"
    """What a late cancellation or no-show does to a session paid with a plan: "forfeit"
    uses it up (the fee is taken on what else the client pays); "fee" charges it like a paid
    one (a percentage of its list price, a fixed amount whatever was paid); "waive" leaves
    it alone (the fee is taken on what else the client pays)."""

    def fee(self, total: Money, context: PricingContext) -> Money:
        """The fee on a booking of `total` (0 or more; never more than the total)."""
        ...


class GratuityRule(RuleParams, Protocol):
    """Stage "gratuity": suggested tips, shown beside the total, never in it."""

    @property
    def stage(self) -> Literal["gratuity"]: ...

    @property
    def percents(self) -> tuple[Decimal, ...]:
        """The suggested tips, in percent."""
        ...

    @property
    def basis(self) -> Literal["pre-tax", "post-tax"]:
        """Tips on the total before tax, or with it."""
        ...

    on: Literal["list", "paid"] = "list"
    """Tips on what the services are worth ("list": their prices before discounts, a
    session paid with a plan at its list price) or on what the client pays ("paid")."""


class BundleRule(AdjustmentRule, Protocol):
    """Stage "bundle": an offer on several items of one visit together, "a massage and a
    facial: 10% off the cheaper". Each of its `slots` is filled by a different item; the
    engine finds the items that save the client most, and takes what `discount` says off
    each of them (off the lines of theirs the rule targets)."""

    @property
    def stage(self) -> Literal["bundle"]: ...

    @property
    def exclusive(self) -> bool:
        """True: never stacks with another bundle; the best for the client wins."""
        ...

    @property
    def combines_with(self) -> tuple[str, ...]:
        """Ids of the non-exclusive bundles it stacks with (both must name each other)."""
        ...

    @property
    def percentage(self) -> bool:
        """True for a share of the price: stacked, percentages come before fixed amounts."""
        ...

    @property
    def slots(self) -> tuple[str, ...]:
        """What each item of the bundle is: "services" (any), "service:ID", "category:ID"
        or "modality:ID"."""
        ...

    guests: Literal["any", "different", "same"] = "any"
    """Whether its items are for any guests, each for a different guest, or all for one."""

    limit: int | None = 1
    """How many times it applies in one visit (to different items); None for no limit."""

    def discount(
        self, amounts: tuple[Money, ...], items: tuple[ItemInfo, ...], context: PricingContext
    ) -> tuple[Money, ...]:
        """What comes off each item filling the slots, in slot order: `amounts` are what
        the rule targets of each, after line discounts. The engine takes off no more than
        each amount, and never more in all than the cheapest of them."""
        ...


PROTOCOLS: Mapping[str, type] = {
    "plan": PlanRule,
    "base": BasePriceRule,
    "surcharge": SurchargeRule,
    "line-discount": DiscountRule,
    "bundle": BundleRule,
    "order-discount": DiscountRule,
    "price-ending": PriceEndingRule,
    "deposit": DepositRule,
    "fee": FeeRule,
    "gratuity": GratuityRule,
}
"""The protocol a rule type of each stage implements."""
