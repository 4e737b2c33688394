"""A priced booking: lines that add up to the total, what is due when, and why.

`Quote.to_dict()` is the JSON the CLI prints: money as integer minor units, the currency stated
once, and `total` equal to the sum of `lines[].amount`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, Generic, Literal, Protocol, TypeVar, overload

import attrs

from servicekit.model.catalogue import frozen_mapping
from servicekit.model.money import Money, minor_units

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
    "service", "addon", "package", "membership", "surcharge", "discount", "price-ending", "tax"
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
            "at": self.at.isoformat() if self.at else None,
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
        return {
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
    _json: dict[str, Any] | None = attrs.field(default=None, init=False, eq=False, repr=False)
    """Its JSON, kept once made: one record may serve many quotes."""

    def to_dict(self) -> dict[str, Any]:
        return dict(_kept(self, self._made))

    def _made(self) -> dict[str, Any]:
        data = {"kind": self.kind, "amount": self.amount.minor, "rule": self.rule}
        data.update(label=self.label, detail=self.detail)
        if self.notice_hours is not None:
            data["notice_hours"] = self.notice_hours
        return data


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


def _kept(record: Any, make: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """A record's JSON: made the first time it is asked for, then kept in the record."""
    json: dict[str, Any] | None = record._json
    if json is None:
        json = make()
        object.__setattr__(record, "_json", json)  # a cache: frozen fields stay as they are
    return json


class Explanation(Protocol):
    """What the pricing engine leaves with a quote, to word it when it is first read."""

    def quote_lines(self) -> tuple[Line, ...]: ...
    def quote_audit(self) -> tuple[AuditEntry, ...]: ...
    def quote_deposit(self) -> Charge | None: ...
    def quote_fees(self) -> tuple[Charge, ...]: ...
    def quote_gratuity(self) -> tuple[Tip, ...]: ...


@attrs.frozen(slots=False, eq=False)
class Quote:
    """A priced booking. `total` is the sum of `lines`, exactly; the deposit, fees and tips
    are shown beside it, never in it.

    The total is worked out when the quote is made; lines, audit trail, deposit, fees and
    tips are worded the first time they are read, then kept.
    """

    booking: Booking
    total: Money
    _explanation: Explanation = attrs.field(repr=False, alias="explanation")

    @once
    def lines(self) -> tuple[Line, ...]:
        """The lines, in order: each priced line followed by what adjusts it, then order
        discounts, then taxes."""
        return self._explanation.quote_lines()

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

    @property
    def currency(self) -> str:
        return self.total.currency

    @property
    def tax(self) -> Money:
        """Tax added to the prices (taxes included in prices are not added)."""
        added = [line.amount.amount for line in self.lines if line.kind == "tax"]
        return Money.trusted(sum(added, self.total.amount * 0), self.currency)

    def to_dict(self) -> dict[str, Any]:
        return {
            "currency": self.currency,
            "minor_units": minor_units(self.currency),
            "booking": self.booking.to_dict(),
            "lines": [line.to_dict() for line in self.lines],
            "tax": self.tax.minor,
            "total": self.total.minor,
            "deposit": self.deposit.to_dict() if self.deposit else None,
            "fees": [fee.to_dict() for fee in self.fees],
            "gratuity": [tip.to_dict() for tip in self.gratuity],
            "audit": [entry.to_dict() for entry in self.audit],
        }
