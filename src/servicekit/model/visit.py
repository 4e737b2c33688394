"""A visit: what a client books in one go, for themselves and their guests.

A caller describes a visit with `VisitItem`s (or plain dicts, or the command line's short form,
`VisitItem.parse`); pricing checks them against the catalogue (`servicekit.pricing.visits`) and
prices the checked `Visit`: its items, each a service of one length with its add-ons for one
guest or more, one after another in time, and what holds for the whole visit (the time, the
clients' tags, promotion codes, the plans they hold, how they pay).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Literal

import attrs

from servicekit.model.catalogue import EMPTY, doc
from servicekit.model.fields import Date, Id, Minutes, PromoCode
from servicekit.model.money import Money
from servicekit.model.short_form import SHORT_FORM as SHORT_FORM
from servicekit.model.short_form import parse_item

FIRST_GUEST = "guest 1"
"""The name of a visit's first guest when the caller names none."""

MAX_DAYS = 4096
"""Days remembered per time zone (`isoformat`); beyond them, each start is written anew."""
_DAYS: dict[dt.tzinfo, dict[dt.date, tuple[str, str]]] = {}
"""For each zone, the days its clocks keep one offset on, each with its date as written
("2026-12-02T") and that offset ("-06:00")."""
_TWO = tuple(f"{number:02d}" for number in range(60))


def isoformat(at: dt.datetime) -> str:
    """`at.isoformat()`: a quote's JSON writes its starts and ends, each new to it, and an
    aware datetime's `isoformat` costs twice the naive one (it asks its zone the offset).
    On a day the zone's clocks keep one offset, the time is written into that day's date
    and offset, worked out once; any other start (a day the clocks change, a fraction of a
    second, no zone) is written by `isoformat` itself."""
    days = _DAYS.get(at.tzinfo)  # type: ignore[arg-type]
    day = days.get(at.date()) if days is not None else None
    if day is None or at.microsecond:
        return _new_day(at)
    date, offset = day
    return f"{date}{_TWO[at.hour]}:{_TWO[at.minute]}:{_TWO[at.second]}{offset}"


def _new_day(at: dt.datetime) -> str:
    """`at.isoformat()`, remembering its day when the clocks keep one offset all of it."""
    written = at.isoformat()
    zone = at.tzinfo
    if zone is None or (zone not in _DAYS and len(_DAYS) >= MAX_DAYS):
        return written
    days = _DAYS.setdefault(zone, {})
    day = at.date()
    if len(days) < MAX_DAYS and steady(zone, day):
        # "2026-12-02T11:00:00[.000001]-06:00": the date and the offset, around the time
        days[day] = (written[:11], written[26:] if at.microsecond else written[19:])
    return written


def steady(zone: dt.tzinfo, day: dt.date) -> bool:
    """Whether the clocks keep one offset all day, so every local time of it is written
    with it and none is skipped or repeated."""
    start = dt.datetime.combine(day, dt.time(), zone)
    offset = start.utcoffset()
    # Both folds: where a repeated hour begins before midnight (St John's until 2010), a
    # time's second pass (fold=1) has another offset than its first.
    return all(
        (start + dt.timedelta(hours=hour)).replace(fold=fold).utcoffset() == offset
        for hour in range(25)
        for fold in (0, 1)
    )


@attrs.frozen
class VisitItem:
    """One item of a visit as a caller gives it: a service, its length, its add-ons (by id,
    or by id with a quantity: how many of the item's guests have it), the guest it is for (a
    name, or several for a service for several guests), the plan that pays for it, and when
    it starts (by default when the guest's item before it ends)."""

    service: str
    duration: int | None = None
    addons: Any = ()
    """Add-on ids, `["hot-stones"]`, or quantities by id, `{"hot-stones": 2}`."""
    guest: Any = None
    """A guest's name, or a list of names for a service for several guests."""
    redeem: str | None = None
    start: Any = None
    """A date and time (or its ISO text); None: after the guest's previous item."""

    @classmethod
    def parse(cls, text: str) -> VisitItem:
        """An item in the command line's short form: `deep-tissue:90+hot-stones@ann`
        (`servicekit.model.short_form`)."""
        return cls(**parse_item(text))


@attrs.frozen(slots=False)  # a dict's fields are set for a quarter of a frozen slot's cost
class Item:
    """An item of a checked visit: a service's length with its add-ons, for its guests, from
    `start` to `end` (its length, its add-ons' time and its buffer)."""

    service: str
    duration: int
    addons: tuple[tuple[str, int], ...]
    """Add-on ids with how many of the item's guests have each, in the order given."""
    guests: tuple[str, ...]
    start: dt.datetime
    end: dt.datetime
    redeem: str | None = None

    @property
    def guest(self) -> str:
        """The guest it is for (the first, for a service for several)."""
        return self.guests[0]

    def to_dict(self) -> dict[str, Any]:
        return {
            "guest": self.guest,
            "guests": list(self.guests),
            "service": self.service,
            "duration": self.duration,
            "addons": dict(self.addons),
            "start": isoformat(self.start),
            "end": isoformat(self.end),
            "redeem": self.redeem,
        }


@attrs.frozen
class HeldPlan:
    """What the caller says of a package or membership a client holds: who holds it, how
    many sessions are left on it, and when it was bought (for a package that expires)."""

    holder: str | None = None
    sessions_left: int | None = None
    bought: dt.date | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "holder": self.holder,
            "sessions_left": self.sessions_left,
            "bought": self.bought.isoformat() if self.bought else None,
        }


@attrs.frozen
class Tender:
    """A way the visit is paid that is not money off: a gift certificate's amount, taken off
    what is due after tax."""

    kind: Literal["gift"]
    amount: Money

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "amount": self.amount.minor}

    def __str__(self) -> str:
        return f"{self.kind}:{self.amount.amount:f}"


@attrs.frozen(slots=False)  # made for every quote: see `Item`
class Visit:
    """A checked visit: its items in the order given, and what holds for all of them.

    `tags` are the whole party's; `guests` holds each guest's own tags (a guest who pays a
    session with a membership carries its member tag). `buy` is a package or membership
    bought on its own; `gift` a gift certificate bought, alone or with the items; `pay_with`
    the gift certificates the visit is paid with.
    """

    items: tuple[Item, ...]
    at: dt.datetime
    tags: frozenset[str] = frozenset()
    promos: tuple[str, ...] = ()
    location: str | None = None
    therapist_level: str | None = None
    guests: Mapping[str, frozenset[str]] = EMPTY
    """Read-only mappings, as `frozen_mapping` makes them (pricing makes them so)."""
    plans: Mapping[str, HeldPlan] = EMPTY
    promo_uses: Mapping[str, int] = EMPTY
    buy: str | None = None
    gift: Money | None = None
    pay_with: tuple[Tender, ...] = ()
    buy_for: tuple[str, int | None] | None = None
    """The service and length a package priced from its sessions is bought for."""

    def guest_tags(self, guest: str) -> frozenset[str]:
        """The tags of one guest: the party's and their own."""
        own = self.guests.get(guest)
        return self.tags | own if own else self.tags

    def to_dict(self) -> dict[str, Any]:
        # What is empty (most of it, for most visits) is made empty, not copied.
        tags, guests, plans, uses, pay_with = (
            self.tags, self.guests, self.plans, self.promo_uses, self.pay_with
        )  # fmt: skip
        return {
            "at": isoformat(self.at),
            "tags": sorted(tags) if tags else [],
            "guests": {name: {"tags": sorted(own)} for name, own in guests.items()}
            if guests
            else {},
            "promos": list(self.promos),
            "location": self.location,
            "therapist_level": self.therapist_level,
            "plans": {ident: held.to_dict() for ident, held in plans.items()} if plans else {},
            "promo_uses": dict(uses) if uses else {},
            "buy": self.buy if self.gift is None else f"gift:{self.gift.amount:f}",
            "pay_with": [str(tender) for tender in pay_with] if pay_with else [],
        }


NO_PLANS: Mapping[str, HeldPlan] = EMPTY


# -- a visit written in a file (`servicekit quote --visit FILE`) ---------------------------


@attrs.frozen
class ItemSpec:
    """An item of a visit file: `[[items]]`."""

    service: Id = doc("The service's id.")
    duration: Minutes | None = doc(
        "Its length in minutes; may be left out when the service has one.", default=None
    )
    addons: tuple[Id, ...] = doc(
        'Add-on ids, ["hot-stones"], or how many of the item\'s guests have each, '
        "{ hot-stones = 2 }.",
        default=(),
    )
    guest: str | None = doc(
        'The guest it is for: a name, or names for a service for several, ["ann", "ben"]. '
        "Default: the visit's first guest.",
        default=None,
    )
    redeem: Id | None = doc("A package or membership that pays for it.", default=None)
    start: dt.datetime | None = doc(
        "When it starts; default: when its guest's previous item ends (with its buffer), "
        "or the visit's start.",
        default=None,
    )


@attrs.frozen
class GuestSpec:
    """A guest of a visit file: `[guests.<name>]`."""

    tags: tuple[Id, ...] = doc("What is known of this guest: member, first-visit, ...", default=())


@attrs.frozen
class PlanSpec:
    """What the clients hold of a plan: `[plans.<id>]`."""

    holder: str | None = doc("The guest who holds it.", default=None)
    sessions_left: int | None = doc("How many sessions are left on it.", default=None)
    bought: Date | None = doc(
        "When it was bought: a package expires its `valid_days` after.", default=None
    )


@attrs.frozen
class VisitFile:
    """A visit to quote, as `servicekit quote --visit FILE` reads it (TOML or JSON): the
    keyword arguments of `Catalogue.quote`, from its items to how it is paid."""

    items: tuple[ItemSpec, ...] = doc("The items, one [[items]] each.", default=())
    at: dt.datetime | None = doc(
        "The visit's start, in the clinic's local time unless it has an offset.", default=None
    )
    tags: tuple[Id, ...] = doc("What is known of every client of the visit.", default=())
    promos: tuple[PromoCode, ...] = doc("Promotion codes given.", default=())
    location: Id | None = doc("Where; needed when the clinic has several locations.", default=None)
    therapist_level: Id | None = doc("The therapists' level, from [levels].", default=None)
    guests: Mapping[str, GuestSpec] = doc(
        "The guests, by name, with their own tags: [guests.ann].", factory=dict
    )
    plans: Mapping[Id, PlanSpec] = doc(
        "What the clients hold of packages and memberships: [plans.five-pack].", factory=dict
    )
    buy: str | None = doc('A gift certificate bought with the visit: "gift:100.00".', default=None)
    pay_with: tuple[str, ...] = doc(
        'Gift certificates given as tender, after tax: ["gift:50.00"].', default=()
    )
    promo_uses: Mapping[PromoCode, int] = doc(
        "How often each capped promotion code has been redeemed so far.", factory=dict
    )
