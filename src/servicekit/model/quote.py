"""A priced booking or visit: lines that add up to the total, what is due when, and why.

`Quote.to_dict()` is the JSON the CLI prints: money as integer minor units, the currency stated
once. A quote of one service (`catalogue.quote("swedish", 60)`) lists every line in `lines`,
as it always has; a quote of a visit (`catalogue.quote(items=[...])`) lists each item with its
own lines in `items`, and in `lines` the visit's own (order discounts, bundles, taxes, a gift
certificate bought). Either way `total` is the sum of all the lines, exactly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Generic, Literal, Protocol, TypeVar, overload

import attrs

from servicekit.model.catalogue import frozen_mapping
from servicekit.model.money import Money, minor_units
from servicekit.model.visit import Item, Tender, Visit, isoformat

if TYPE_CHECKING:
    from servicekit.model.quote_text import QuoteText

Value = TypeVar("Value")


class once(Generic[Value]):
    """A value worked out the first time it is read, then kept in the instance.

    `functools.cached_property` takes a lock on every first read; quotes are made by the
    thousand, and what is kept is the same whichever thread works it out first.
    """

    def __init__(self, method: Callable[[Any], Value]) -> None:
        self.method = method
        self.name = method.__name__
        self.__doc__ = method.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type) -> once[Value]: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> Value: ...

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.method(instance)
        return value


LineKind = Literal[
    "service",
    "addon",
    "package",
    "membership",
    "gift-card",
    "surcharge",
    "discount",
    "price-ending",
    "tax",
]

Outcome = Literal[
    "applied",
    "condition",
    "not-targeted",
    "lost",
    "not-combinable",
    "limit",
    "no-effect",
    "outside-margin",
    "exempt",
    "superseded",
    "unknown-promo",
]
"""Why a rule did or did not change the price; `AuditEntry.reason` says it in words."""


@attrs.frozen
class Booking:
    """What is being priced, checked against the catalogue and normalized."""

    service: str | None
    duration: int | None
    addons: tuple[str, ...] = ()
    at: dt.datetime = attrs.field(kw_only=True)
    """The appointment's start, in the clinic's time zone."""
    tags: frozenset[str] = frozenset()
    promos: tuple[str, ...] = ()
    """Promotion codes as given, in capitals."""
    location: str | None = None
    therapist_level: str | None = None
    redeem: str | None = None
    """A package or membership this session is paid with."""
    buy: str | None = None
    """A package or membership being bought (instead of a session)."""
    promo_uses: Mapping[str, int] = attrs.field(factory=dict, converter=frozen_mapping)

    def to_dict(self) -> dict[str, Any]:
        return {
            "service": self.service,
            "duration": self.duration,
            "addons": list(self.addons),
            "at": isoformat(self.at) if self.at else None,
            "tags": sorted(self.tags),
            "promos": list(self.promos),
            "location": self.location,
            "therapist_level": self.therapist_level,
            "redeem": self.redeem,
            "buy": self.buy,
            "promo_uses": dict(self.promo_uses),
        }


@attrs.frozen
class Line:
    """One line of a quote. Adjustments (surcharges, discounts, taxes) name their rule.

    Lines, audit entries, charges and tips are small slotted records, the same for every quote
    that has them, so the engine may hand many quotes the same one; each keeps its JSON once
    made.
    """

    id: str
    kind: LineKind
    label: str
    amount: Money
    rule: str | None = None
    target: str | None = None
    """The line an adjustment applies to; None for order-wide ones."""
    detail: str | None = None
    """How the amount came about, e.g. "10% of 160.00"."""
    allocations: Mapping[str, Money] = attrs.field(factory=dict, converter=frozen_mapping)
    """How an order discount or a tax splits over the lines, by line id."""
    included: Money | None = None
    """For a tax already included in prices: the amount included (the line adds 0)."""
    quantity: int = 1
    """How many it prices: the guests a service priced per guest is for, or the guests of an
    item who have an add-on."""
    value: Money | None = None
    """In a visit, a session paid with a plan: its list price, what tips and reports use."""
    _json: dict[str, Any] | None = attrs.field(default=None, init=False, eq=False, repr=False)
    """Its JSON, kept once made: one record may serve many quotes."""

    def to_dict(self) -> dict[str, Any]:
        data = dict(_kept(self, self._made))
        if self.allocations:
            data["allocations"] = dict(data["allocations"])
        return data

    def _made(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "label": self.label,
            "amount": self.amount.minor,
            "rule": self.rule,
            "target": self.target,
            "detail": self.detail,
        }
        if self.allocations:
            data["allocations"] = {key: money.minor for key, money in self.allocations.items()}
        if self.included is not None:
            data["included"] = self.included.minor
        if self.quantity != 1:
            data["quantity"] = self.quantity
        if self.value is not None:
            data["value"] = self.value.minor
        return data


@attrs.frozen
class AuditEntry:
    """One rule considered for one line (or for the whole booking), and what came of it."""

    rule: str | None
    type: str | None
    stage: str
    outcome: Outcome
    reason: str
    line: str | None = None
    amount: Money | None = None
    """The rounded effect on the line; negative for discounts."""
    unrounded: Decimal | None = None
    """The effect before rounding to minor units, in the currency's major unit."""
    item: int | None = None
    """In a visit, the item (its index in `items`) it was considered for, when it was
    considered for one item apart from the others; `line` is then that item's line."""
    _json: dict[str, Any] | None = attrs.field(default=None, init=False, eq=False, repr=False)
    """Its JSON, kept once made: one record may serve many quotes."""

    @property
    def applied(self) -> bool:
        return self.outcome == "applied"

    def to_dict(self) -> dict[str, Any]:
        return dict(_kept(self, self._made))

    def _made(self) -> dict[str, Any]:
        unrounded = None
        if self.unrounded is not None and self.amount is not None:
            # In minor units like every JSON amount, with the fraction rounding took away.
            minor = self.unrounded.scaleb(minor_units(self.amount.currency))
            unrounded = f"{minor.normalize():f}"
        data = {
            "rule": self.rule,
            "type": self.type,
            "stage": self.stage,
            "applied": self.applied,
            "outcome": self.outcome,
            "reason": self.reason,
            "line": self.line,
            "amount": self.amount.minor if self.amount is not None else None,
            "unrounded": unrounded,
        }
        if self.item is not None:
            data["item"] = self.item
        return data


@attrs.frozen
class Charge:
    """An amount due outside the total: a deposit or a cancellation fee."""

    kind: Literal["deposit", "late-cancellation", "no-show"]
    amount: Money
    rule: str
    label: str
    """The rule's name, e.g. Deposit for new clients."""
    detail: str
    notice_hours: int | None = None
    forfeits: tuple[Forfeit, ...] = ()
    """Plan sessions a late cancellation or a no-show uses up, besides the amount."""
    _json: dict[str, Any] | None = attrs.field(default=None, init=False, eq=False, repr=False)
    """Its JSON, kept once made: one record may serve many quotes."""

    def to_dict(self) -> dict[str, Any]:
        data = dict(_kept(self, self._made))
        if self.forfeits:
            data["forfeits"] = [dict(forfeit) for forfeit in data["forfeits"]]
        return data

    def _made(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind, "amount": self.amount.minor, "rule": self.rule}
        data.update(label=self.label, detail=self.detail)
        if self.notice_hours is not None:
            data["notice_hours"] = self.notice_hours
        if self.forfeits:
            data["forfeits"] = [forfeit.to_dict() for forfeit in self.forfeits]
        return data


@attrs.frozen
class Forfeit:
    """A plan session a late cancellation or a no-show uses up: the item and its plan."""

    item: int
    plan: str

    def to_dict(self) -> dict[str, Any]:
        return {"item": self.item, "plan": self.plan}


@attrs.frozen
class Tip:
    """A suggested gratuity; never part of the total."""

    percent: Decimal
    amount: Money
    basis: Literal["pre-tax", "post-tax"]
    _json: dict[str, Any] | None = attrs.field(default=None, init=False, eq=False, repr=False)
    """Its JSON, kept once made: one record may serve many quotes."""

    def to_dict(self) -> dict[str, Any]:
        return dict(_kept(self, self._made))

    def _made(self) -> dict[str, Any]:
        return {"percent": f"{self.percent:f}", "amount": self.amount.minor, "basis": self.basis}


@attrs.frozen
class QuoteWarning:
    """Something in what was asked that is probably a mistake and changed nothing: a client
    tag no rule reads, a promotion code no rule has, a guest with nothing booked."""

    kind: Literal["unknown-tag", "unknown-promo", "unknown-guest"]
    value: str
    message: str
    hint: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "value": self.value, "message": self.message, "hint": self.hint}

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


@attrs.frozen
class QuoteItem:
    """An item of a visit, priced: the item as booked, its lines, and their sum (before the
    visit's own lines: order discounts, bundles and taxes, shared out in their allocations)."""

    index: int
    item: Item
    lines: tuple[Line, ...]
    subtotal: Money

    def to_dict(self) -> dict[str, Any]:
        lines = [line.to_dict() for line in self.lines]
        return item_json(self.index, self.item, lines, self.subtotal.minor)


def item_json(
    index: int, item: Item, lines: list[dict[str, Any]], subtotal: int
) -> dict[str, Any]:
    """A priced item's JSON, from its lines' JSON and its subtotal in minor units: the
    item's own (`Item.to_dict()`) between its place and its lines, made as one dict rather
    than two merged (a visit's JSON makes one an item)."""
    guests = item.guests
    return {
        "index": index,
        "guest": guests[0],
        "guests": list(guests),
        "service": item.service,
        "duration": item.duration,
        "addons": dict(item.addons),
        "start": isoformat(item.start),
        "end": isoformat(item.end),
        "redeem": item.redeem,
        "lines": lines,
        "subtotal": subtotal,
    }


def kept_json(record: Line | AuditEntry | Charge | Tip) -> dict[str, Any]:
    """A record's JSON as it keeps it, not a copy: for JSON shared by quotes, which each
    copy it (`to_dict` gives a copy of its own)."""
    json = record._json
    if json is None:  # `_kept`, inlined: a quote's JSON asks this of each of its records
        json = record._made()
        object.__setattr__(record, "_json", json)
    return json


def _kept(record: Any, make: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """A record's JSON: made the first time it is asked for, then kept in the record."""
    json: dict[str, Any] | None = record._json
    if json is None:
        json = make()
        object.__setattr__(record, "_json", json)  # a cache: frozen fields stay as they are
    return json


class Explanation(Protocol):
    """What the pricing engine leaves with a quote, to word it when it is first read."""

    def quote_items(self) -> tuple[QuoteItem, ...]: ...
    def quote_lines(self) -> tuple[Line, ...]: ...
    def quote_audit(self) -> tuple[AuditEntry, ...]: ...
    def quote_deposit(self) -> Charge | None: ...
    def quote_fees(self) -> tuple[Charge, ...]: ...
    def quote_gratuity(self) -> tuple[Tip, ...]: ...
    def quote_warnings(self) -> tuple[QuoteWarning, ...]: ...
    def quote_json(self, quote: Quote) -> dict[str, Any]: ...
    def quote_booking(self) -> Booking | None: ...
    def quote_text(self, quote: Quote, locale: str) -> QuoteText: ...
    def asked_in(self, locale: str) -> Explanation: ...

    @property
    def as_visit(self) -> bool: ...

    @property
    def locale(self) -> str | None: ...


@attrs.frozen(slots=False, eq=False)
class Quote:
    """A priced booking or visit. `total` is the sum of all its lines, exactly; the deposit,
    fees and tips are shown beside it, never in it, and gift certificates it is paid with
    are taken off `amount_due`, never off the total.

    The total is worked out when the quote is made; lines, audit trail, deposit, fees and
    tips are worded the first time they are read, then kept. Their text is English; `said()`
    words them for readers of any locale.
    """

    visit: Visit
    total: Money
    _explanation: Explanation = attrs.field(repr=False, alias="explanation")

    @once
    def booking(self) -> Booking | None:
        """The booking of one service, as asked (`catalogue.quote("swedish", 60)`, or buying
        a plan or gift certificate on its own); None for a visit asked by its items."""
        return self._explanation.quote_booking()

    @property
    def is_visit(self) -> bool:
        """Whether it was asked as a visit (`items=`): its JSON lists each item's lines."""
        return self._explanation.as_visit

    @once
    def items(self) -> tuple[QuoteItem, ...]:
        """The visit's items, each with its own lines (a booking of one service has one)."""
        return self._explanation.quote_items()

    @once
    def lines(self) -> tuple[Line, ...]:
        """The lines not shown under an item. A booking of one service: every line, in order,
        each priced line followed by what adjusts it, then order discounts, then taxes. A
        visit: its own lines (surcharges once a visit, bundles, order discounts, a gift
        certificate bought, taxes)."""
        return self._explanation.quote_lines()

    @property
    def all_lines(self) -> tuple[Line, ...]:
        """Every line of the quote: its items' and its own. They add up to the total."""
        if not self.is_visit:
            return self.lines
        return (*(line for item in self.items for line in item.lines), *self.lines)

    @once
    def audit(self) -> tuple[AuditEntry, ...]:
        """Every rule and tax considered, applied or not, with the reason, in stage order."""
        return self._explanation.quote_audit()

    @once
    def deposit(self) -> Charge | None:
        return self._explanation.quote_deposit()

    @once
    def fees(self) -> tuple[Charge, ...]:
        return self._explanation.quote_fees()

    @once
    def gratuity(self) -> tuple[Tip, ...]:
        return self._explanation.quote_gratuity()

    @once
    def warnings(self) -> tuple[QuoteWarning, ...]:
        """What was asked that is probably a mistake and changed nothing: an unknown client
        tag, promotion code or guest, each with the closest known value."""
        return self._explanation.quote_warnings()

    @property
    def currency(self) -> str:
        return self.total.currency

    @property
    def tax(self) -> Money:
        """Tax added to the prices (taxes included in prices are not added)."""
        added = [line.amount.amount for line in self.lines if line.kind == "tax"]
        return Money.trusted(sum(added, self.total.amount * 0), self.currency)

    @property
    def tender(self) -> tuple[Tender, ...]:
        """Gift certificates the visit is paid with, after tax."""
        return self.visit.pay_with

    @property
    def amount_due(self) -> Money:
        """What is left to pay: the total less the gift certificates given."""
        paid = sum([tender.amount.amount for tender in self.visit.pay_with], self.total.amount * 0)
        return Money.trusted(self.total.amount - paid, self.currency)

    @property
    def locale(self) -> str | None:
        """The locale its reader asked for (`Catalogue.quote(..., locale="de_DE")`): `to_dict()`
        then adds what they read, under `text`, beside the English. None: English alone."""
        return self._explanation.locale

    def asked_in(self, locale: str) -> Quote:
        """The same quote, asked for by a reader of `locale` (see `locale`)."""
        return attrs.evolve(self, explanation=self._explanation.asked_in(locale))

    def said(self, locale: str | None = None) -> QuoteText:
        """The quote as readers of `locale` read it (default: its own `locale`, else the
        active one of `servicekit.i18n`): its lines, audit trail, deposit, fees and warnings
        in their language, money, dates and the catalogue's names as their locale writes
        them. What `servicekit quote` prints; worded when first read."""
        if locale is None:
            from servicekit.i18n import active_locale

            locale = self.locale or active_locale()
        return self._explanation.quote_text(self, locale)

    def to_dict(self) -> dict[str, Any]:
        """The quote as JSON data: what `servicekit quote --format json` prints. Ids and
        English text; with a `locale`, also what its readers read (`text`, `locale`)."""
        return self._explanation.quote_json(self)
