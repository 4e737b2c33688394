"""Checking a visit a caller asks to price against the catalogue: its items, guests, plans and
tender, with the valid choices on error.

`Catalogue.quote` takes a visit as `items` (each a `VisitItem`, a dict of its fields, or the
command line's short form) or, as it always has, one service with its duration and add-ons;
either becomes a checked `Visit`. Items without a start follow each other in time, each
guest's after their previous item (its length, its add-ons' minutes and its buffer), from the
visit's start; guests of one item are served together.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from servicekit.errors import BookingError, KeyPath, did_you_mean
from servicekit.i18n import _, ngettext
from servicekit.loading.scalars import describe
from servicekit.model.catalogue import Catalogue, Service, frozen_mapping
from servicekit.model.money import Money
from servicekit.model.short_form import SHORT_EXAMPLE, addon_twice
from servicekit.model.visit import (
    FIRST_GUEST,
    NO_PLANS,
    HeldPlan,
    Item,
    Tender,
    Visit,
    VisitItem,
)
from servicekit.pricing import contract
from servicekit.pricing.booking import (
    MAX_SHOWN,
    NO_USES,
    check_addon,
    choices,
    counted,
    durations,
    location_of,
    moment,
    not_an_id,
    promotion_codes,
    service_named,
    strings,
    tags_of,
    uses_of,
    written_moment,
)
from servicekit.pricing.outcomes import Shape, shape_of

if TYPE_CHECKING:
    from servicekit.pricing.compiled import CompiledRule, Pricing

DAY = dt.timedelta(days=1)
LISTS = (tuple, list)
IDS = (str, type(None))
IDS_OR_MINUTES = (int, type(None))
PLAIN = (str, int, type(None))
"""The values of an item's fields remembered by: exactly these (a float or a bool that
equals an int is checked the long way)."""
MAX_REMEMBERED = 4096
"""Bookings, tag sets and code lists remembered checked, per catalogue."""
MAX_ITEMS = 50
"""The most items one visit may have: a day of appointments for a large party."""
MAX_NAME = 60
ITEM_KEYS = ("service", "duration", "addons", "guest", "redeem", "start")
PLAN_KEYS = ("holder", "sessions_left", "bought")
GIFT = "gift:"
GIFT_FORM = "gift:AMOUNT"
GUESTS_EXAMPLE = 'e.g. {"ann": {"tags": ["member"]}}'
PLANS_EXAMPLE = 'e.g. {"five-pack": {"sessions_left": 3, "holder": "ann"}}'


def make_visit(
    catalogue: Catalogue,
    pricing: Pricing,
    service: str | None,
    duration: int | None = None,
    *,
    items: Iterable[Any] | None = None,
    addons: Any = (),
    at: Any = None,
    tags: Iterable[str] = (),
    promos: Iterable[str] = (),
    location: str | None = None,
    therapist_level: str | None = None,
    guests: Mapping[str, Mapping[str, Any]] | None = None,
    redeem: str | None = None,
    plans: Mapping[str, Mapping[str, Any]] | None = None,
    buy: str | None = None,
    pay_with: Iterable[str] = (),
    promo_uses: Mapping[str, int] | None = None,
) -> tuple[Visit, bool]:
    """The checked visit, and whether it was asked as a visit (`items`) rather than as a
    booking of one service: or a `BookingError` saying what to change."""
    not_an_id(
        service=service,
        location=location,
        therapist_level=therapist_level,
        redeem=redeem,
        buy=buy,
    )
    promos = promotion_codes(promos)
    tags = tags_of(tags)
    start = moment(at, pricing.timezone)
    if therapist_level is not None and therapist_level not in catalogue.levels:
        raise BookingError(
            f"unknown therapist level '{therapist_level[:MAX_SHOWN]}'",
            hint=choices(catalogue.levels),
            path=("therapist_level",),
            choices=catalogue.levels,
            unknown="therapist level",
        )
    plan, gift = _bought(catalogue, pricing, buy)
    asked, made = _checked_items(
        catalogue, pricing, service, duration, items, addons, redeem, plan, gift, start
    )
    own = _guests(guests)
    held = _held(pricing, plans)
    _check_guests(made, own)
    place = location_of(catalogue, [catalogue.services[item.service] for item in made], location)
    buy_for = _bought_for(catalogue, pricing, plan, made, service, duration, asked, promos, redeem)
    visit = Visit(
        items=made,
        at=made[0].start if made and at is None and items is not None else start,
        tags=tags,
        promos=tuple(code.upper() for code in promos),
        location=place,
        therapist_level=therapist_level,
        guests=frozen_mapping(_guest_tags(pricing, made, own)),
        plans=frozen_mapping(held),
        promo_uses=frozen_mapping(uses_of(promo_uses)) if promo_uses else NO_USES,
        buy=plan,
        gift=gift,
        pay_with=_tender(catalogue, pay_with),
        buy_for=buy_for,
    )
    _check_redemptions(pricing, visit, items is not None)
    if (
        items is None
        and service is not None
        and made
        and plan is None
        and gift is None
        and not pay_with
    ):
        _remember_booked(pricing, visit, service, duration, addons, location, redeem)
    elif (
        items is not None
        and gift is None
        and not pay_with
        and guests is None
        and plans is None
        and promo_uses is None
        and all(item.redeem is None for item in made)
    ):
        _remember_listed(pricing, visit, items, location)
    return visit, items is not None


def _checked_items(
    catalogue: Catalogue,
    pricing: Pricing,
    service: str | None,
    duration: int | None,
    items: Iterable[Any] | None,
    addons: Any,
    redeem: str | None,
    plan: str | None,
    gift: Money | None,
    start: dt.datetime,
) -> tuple[list[VisitItem], tuple[Item, ...]]:
    """The items asked for, and the visit's items checked and put in time: remembered for a
    list of plain items asked before (then none are given as asked)."""
    key = None
    if items is not None and service is duration is redeem is plan is None and not addons:
        key = _items_key(items)
    made = _remembered_items(pricing, key, start)
    if made is not None:
        return [], made
    asked = _asked_items(catalogue, service, duration, items, addons, redeem, plan, gift)
    made = _items(catalogue, pricing, asked, start, items is not None)
    if key is not None and all(item.start is None for item in asked):
        _remember_items(pricing, key, made, start)
    return asked, made


def _bought_for(
    catalogue: Catalogue,
    pricing: Pricing,
    plan: str | None,
    made: tuple[Item, ...],
    service: str | None,
    duration: int | None,
    asked: list[VisitItem],
    promos: tuple[str, ...],
    redeem: str | None,
) -> tuple[str, int | None] | None:
    """The service and length a package or membership bought is priced for, the purchase
    checked; None when none is bought."""
    if plan is None:
        return None
    chosen = catalogue.services[made[0].service] if made else None
    if service is not None and chosen is None:  # a plan bought for a service's sessions
        chosen = service_named(catalogue, service)
    _check_purchase(pricing, plan, chosen, duration, asked, promos, redeem)
    if chosen is not None:
        return chosen.id, durations(chosen, duration) if duration is None else duration
    return (service, duration) if service is not None else None


class Booked:
    """What checking a booking of one service found of its service, length, add-ons, place
    and plan (all a booking asked alike shares), and the shape it is priced in: the next
    booking of them checks only its time, tags and codes, and is priced from the shape."""

    __slots__ = ("addons", "duration", "guests", "length", "location", "redeem", "service",
                 "shape", "visit_guests")  # fmt: skip

    def __init__(self, pricing: Pricing, visit: Visit) -> None:
        (item,) = visit.items
        self.service, self.duration, self.addons = item.service, item.duration, item.addons
        self.guests, self.redeem, self.length = item.guests, item.redeem, item.end - item.start
        self.location, self.visit_guests = visit.location, visit.guests
        self.shape = shape_of(pricing, item, visit.location)


def booked(
    pricing: Pricing,
    service: str,
    duration: Any,
    addons: Any,
    at: Any,
    tags: Any,
    promos: Any,
    location: Any,
    therapist_level: Any,
    redeem: Any,
    promo_uses: Any,
) -> tuple[Visit, Shape] | None:
    """A booking of one service checked before (its service, length, add-ons, place and
    plan), so only what it is asked with now is checked: its time, tags and codes; with the
    shape it is priced in. None when it was not, or is asked with anything else."""
    if (
        promo_uses is not None
        or tags.__class__ not in LISTS
        or promos.__class__ not in LISTS
        or duration.__class__ not in IDS_OR_MINUTES
        or location.__class__ not in IDS
        or therapist_level.__class__ not in IDS
        or redeem.__class__ not in IDS
    ):
        return None
    kind = addons.__class__
    if kind is not tuple:
        if kind is not list:
            return None
        addons = tuple(addons)
    try:
        known: Booked | None = pricing.booked.get(
            (service, duration, addons, location, therapist_level, redeem)
        )
    except TypeError:  # an add-on that is not an id: checked, and refused, the long way
        return None
    if known is None:
        return None
    tag_set, codes, start = _asked_now(pricing, tags, promos, at)
    item = Item(known.service, known.duration, known.addons, known.guests, start,
                start + known.length, known.redeem)  # fmt: skip
    # By position: attrs' __init__ called with keywords costs twice as much.
    visit = Visit((item,), start, tag_set, codes, known.location, therapist_level,
                  known.visit_guests, NO_PLANS, NO_USES)  # fmt: skip
    return visit, known.shape


def listed(
    pricing: Pricing,
    items: Any,
    at: Any,
    tags: Any,
    promos: Any,
    location: Any,
    therapist_level: Any,
) -> Visit | None:
    """A visit of a list of items checked before (at the same place, with the same level,
    for guests with no tags of their own and no plans), so only what it is asked with now is
    checked: its time, tags and codes. None when it was not, or is asked with anything else."""
    if (
        tags.__class__ not in LISTS
        or promos.__class__ not in LISTS
        or location.__class__ not in IDS
        or therapist_level.__class__ not in IDS
    ):
        return None
    key = _items_key(items)
    if key is None:
        return None
    known: Listed | None = pricing.listed.get((key, location, therapist_level))
    if known is None:
        return None
    tag_set, codes, start = _asked_now(pricing, tags, promos, at)
    made = tuple(
        [
            Item(service, duration, addons, guests, start + begins, start + ends, None)
            for service, duration, addons, guests, begins, ends in known.items
        ]
    )
    # Its first item starts at its start, as `make_visit` puts items in time.
    return Visit(made, start, tag_set, codes, known.location, therapist_level, known.guests,
                 known.plans, NO_USES)  # fmt: skip


class Listed:
    """What checking a visit of a list of items found, for the next visit of the same list
    (`listed`): its items' services, lengths, add-ons and guests and when each begins and
    ends after the visit's start, its place, and its guests' tags and plans (none)."""

    __slots__ = ("guests", "items", "location", "plans")

    def __init__(self, visit: Visit) -> None:
        self.items = tuple(
            (item.service, item.duration, item.addons, item.guests, item.start - visit.at,
             item.end - visit.at)
            for item in visit.items
        )  # fmt: skip
        self.location, self.guests, self.plans = visit.location, visit.guests, visit.plans


def _remember_listed(pricing: Pricing, visit: Visit, items: Any, location: Any) -> None:
    """Remember what checking a visit of a list of items found (`Listed`)."""
    key = _items_key(items)
    if key is not None and visit.items and len(pricing.listed) < MAX_REMEMBERED:
        pricing.listed[key, location, visit.therapist_level] = Listed(visit)


def _asked_now(
    pricing: Pricing, tags: Any, promos: Any, at: Any
) -> tuple[frozenset[str], tuple[str, ...], dt.datetime]:
    """What a booking or list of items checked before is asked with now, checked: client
    tags and codes as given (a list or tuple; remembered checked by what was written) and
    its start in the clinic's zone."""
    written = tags if tags.__class__ is tuple else tuple(tags)
    tag_set = pricing.tag_sets.get(written)
    if tag_set is None:
        tag_set = tags_of(written)
        if len(pricing.tag_sets) < MAX_REMEMBERED:
            pricing.tag_sets[written] = tag_set
    codes = promos if promos.__class__ is tuple else tuple(promos)
    if codes:
        codes = pricing.codes.get(codes) or _codes(pricing, codes)
    zone = pricing.timezone
    start = written_moment(at, zone) if at.__class__ is str else moment(at, zone)
    return tag_set, codes, start


def _codes(pricing: Pricing, codes: tuple[str, ...]) -> tuple[str, ...]:
    upper = tuple(code.upper() for code in promotion_codes(codes))
    if len(pricing.codes) < MAX_REMEMBERED:
        pricing.codes[codes] = upper
    return upper


def _remember_booked(
    pricing: Pricing,
    visit: Visit,
    service: str,
    duration: Any,
    addons: Any,
    location: Any,
    redeem: Any,
) -> None:
    """Remember what checking a booking of one service found of its service, length,
    add-ons, place and plan: the next booking of them checks only its time, tags and codes."""
    if addons.__class__ not in LISTS:
        return  # quantities by id: a couples' add-ons, checked each time
    written = addons if addons.__class__ is tuple else tuple(addons)
    if not all(ident.__class__ is str for ident in written):
        return
    key = (service, duration, written, location, visit.therapist_level, redeem)
    if len(pricing.booked) < MAX_REMEMBERED:
        pricing.booked[key] = Booked(pricing, visit)


def _items_key(items: Any) -> tuple[Any, ...] | None:
    """What a list of items asks, as a key to remember its items checked by: None when an
    item is not plain (text, or a dict of ids, minutes and names) or says when it starts."""
    if items.__class__ not in LISTS:
        return None
    found: list[Any] = []
    for item in items:
        if item.__class__ is str:
            found.append(item)
            continue
        if item.__class__ is not dict or "start" in item:
            return None
        fields = []
        for name, value in item.items():
            kind = value.__class__
            if kind in LISTS:
                value = tuple(value)
                if not all(part.__class__ is str for part in value):
                    return None
            elif kind is dict:
                pairs = tuple(value.items())
                if not all(a.__class__ is str and n.__class__ is int for a, n in pairs):
                    return None
                value = (dict, *pairs)
            elif kind not in PLAIN:
                return None
            fields.append((name, value))
        found.append(tuple(fields))
    return tuple(found)


def _remembered_items(
    pricing: Pricing, key: tuple[Any, ...] | None, start: dt.datetime
) -> tuple[Item, ...] | None:
    """The items of a list asked before, checked, moved to start at `start`; or None."""
    if key is None:
        return None
    offsets = pricing.visit_items.get(key)
    if offsets is None:
        return None
    return tuple(
        Item(service, duration, addons, guests, start + begins, start + ends, redeem)
        for service, duration, addons, guests, begins, ends, redeem in offsets
    )


def _remember_items(
    pricing: Pricing, key: tuple[Any, ...], made: tuple[Item, ...], start: dt.datetime
) -> None:
    """Remember a list of items checked, by when each begins and ends after the visit's
    start: the next visit of the same items checks only its time, tags, codes and guests."""
    if len(pricing.visit_items) < MAX_REMEMBERED:
        pricing.visit_items[key] = tuple(
            (item.service, item.duration, item.addons, item.guests,
             item.start - start, item.end - start, item.redeem)
            for item in made
        )  # fmt: skip


# -- what was asked -----------------------------------------------------------------------


def _asked_items(
    catalogue: Catalogue,
    service: str | None,
    duration: int | None,
    items: Iterable[Any] | None,
    addons: Any,
    redeem: str | None,
    plan: str | None,
    gift: Money | None,
) -> list[VisitItem]:
    """The items asked for: `items`, or the one service with its duration and add-ons."""
    if items is None:
        if service is None:
            if plan is None and gift is None:
                raise BookingError(
                    "say which service to price",
                    hint=choices(catalogue.services),
                    path=("service",),
                    choices=catalogue.services,
                )
            if addons or duration is not None:
                raise BookingError(
                    "add-ons and a duration need a service",
                    hint="say which service they are for",
                    path=("addons",) if addons else ("duration",),
                )
            if redeem is not None:
                raise BookingError(
                    f"to redeem '{redeem}', say which service it is for",
                    hint="give the service whose session it pays for",
                    path=("redeem",),
                )
            return []
        if plan is not None:
            if addons or redeem:
                raise BookingError(
                    "a package or membership bought is priced on its own",
                    hint="leave out add-ons, promotion codes and --redeem",
                    path=("addons",) if addons else ("redeem",),
                )
            return []  # a plan bought for a service's sessions: no session is booked
        return [VisitItem(service, duration, addons, None, redeem)]
    for name, value in (("service", service), ("duration", duration), ("redeem", redeem)):
        if value is not None:
            raise BookingError(
                f"a visit names its services in its items: leave out `{name}`",
                hint=f'give it in each item, e.g. {{"{name}": ...}} or {SHORT_EXAMPLE}',
                path=(name,),
            )
    if addons:
        raise BookingError(
            "a visit's add-ons are its items': leave out `addons`",
            hint=SHORT_EXAMPLE,
            path=("addons",),
        )
    if plan is not None:
        raise BookingError(
            "a package or membership bought is priced on its own",
            hint="quote buying it without items",
            path=("buy",),
        )
    if isinstance(items, str | bytes | Mapping) or not isinstance(items, Iterable):
        raise BookingError(
            f"items is a list of items, not {describe(items)}",
            hint='e.g. ["swedish:60", {"service": "deep-tissue", "duration": 90}]',
            path=("items",),
        )
    found = []
    for index, value in enumerate(items):
        if index == MAX_ITEMS:
            raise BookingError(
                f"a visit of more than {MAX_ITEMS} items; at most {MAX_ITEMS} are priced together",
                hint="quote the party in several visits",
                path=("items",),
            )
        try:
            found.append(_item(value))
        except BookingError as error:
            raise error.within("items", index) from None
    if not found and gift is None:
        raise BookingError("a visit needs at least one item", hint=SHORT_EXAMPLE, path=("items",))
    return found


def _item(value: Any) -> VisitItem:
    if isinstance(value, VisitItem):
        return value
    if isinstance(value, str):
        return VisitItem.parse(value)
    if isinstance(value, Mapping):
        unknown = [key for key in value if key not in ITEM_KEYS]
        if unknown:
            key = str(unknown[0])[:MAX_SHOWN]
            raise BookingError(
                f"an item has no key '{key}'",
                hint=did_you_mean(key, ITEM_KEYS),
                path=(key,),
                choices=ITEM_KEYS,
            )
        if "service" not in value:
            raise BookingError("an item names its service", hint=SHORT_EXAMPLE, path=("service",))
        return VisitItem(**value)
    raise BookingError(
        f"an item is an object of its fields or text, not {describe(value)}",
        hint=SHORT_EXAMPLE,
    )


def _guests(guests: Mapping[str, Mapping[str, Any]] | None) -> dict[str, frozenset[str]]:
    """The guests named in `guests`, each with their own tags."""
    if guests is None:
        return {}
    _a_mapping(
        guests,
        "guests maps each guest's name to what is known of them",
        GUESTS_EXAMPLE,
        ("guests",),
    )
    found = {}
    for name, facts in guests.items():
        _name(name, "a guest", ("guests",))
        if facts is None:
            facts = {}
        if not isinstance(facts, Mapping) or any(key != "tags" for key in facts):
            raise BookingError(
                f"guest '{name}': say their tags, as {{\"tags\": [...]}}",
                hint=GUESTS_EXAMPLE,
                path=("guests", name),
            )
        path = ("guests", name, "tags")
        found[name] = tags_of(facts.get("tags", ()), f"guests.{name}.tags", path)
    return found


def _a_mapping(value: Any, message: str, example: str, path: KeyPath) -> None:
    if not isinstance(value, Mapping):
        raise BookingError(message, hint=example, path=path)


def _name(name: Any, what: str, path: KeyPath) -> str:
    if not isinstance(name, str) or not name.strip():
        shown = f"'{name}'" if isinstance(name, str) else describe(name)
        raise BookingError(f"{what} is named by text, not {shown}", hint="e.g. ann", path=path)
    if len(name) > MAX_NAME or not name.isprintable():
        raise BookingError(
            f"{what}'s name '{name[:MAX_NAME]}' is too long or has control characters",
            hint=f"at most {MAX_NAME} printable characters",
            path=path,
        )
    return name


def _held(pricing: Pricing, plans: Mapping[str, Mapping[str, Any]] | None) -> dict[str, HeldPlan]:
    """What the caller says of the plans the clients hold."""
    if plans is None:
        return {}
    said = "plans maps each plan the clients hold to what is known of it"
    _a_mapping(plans, said, PLANS_EXAMPLE, ("plans",))
    found = {}
    for ident, facts in plans.items():
        rule = plan_named(pricing, ident, "hold", ("plans", ident))
        if not isinstance(facts, Mapping):
            raise BookingError(
                f"plans.{ident}: say what is known of it",
                hint="holder, sessions_left, bought",
                path=("plans", ident),
            )
        for key in facts:
            if key not in PLAN_KEYS:
                shown = str(key)[:MAX_SHOWN]
                raise BookingError(
                    f"plans.{ident} has no key '{shown}'",
                    hint=did_you_mean(shown, PLAN_KEYS),
                    path=("plans", ident, shown),
                    choices=PLAN_KEYS,
                )
        holder, left, bought = (facts.get(key) for key in PLAN_KEYS)
        if holder is not None:
            _name(holder, "a plan's holder", ("plans", ident, "holder"))
        path = ("plans", ident, "sessions_left")
        if left is not None and (isinstance(left, bool) or not isinstance(left, int) or left < 0):
            raise BookingError(
                f"plans.{ident}.sessions_left is a whole number, 0 or more, not {counted(left)}",
                hint="e.g. 3",
                path=path,
            )
        most = rule.params.sessions + contract.value(rule.params, "rollover")
        if left is not None and left > most:
            raise BookingError(
                f"plans.{ident}.sessions_left is {left}, but '{ident}' holds at most {most}",
                hint=_holds(rule),
                path=path,
            )
        found[ident] = HeldPlan(holder, left, _day(bought, ("plans", ident, "bought")))
    return found


def _holds(rule: CompiledRule) -> str:
    params = rule.params
    rollover = contract.value(params, "rollover")
    if params.kind == "membership":
        said = ngettext(
            "it includes %(count)s session a month",
            "it includes %(count)s sessions a month",
            params.sessions,
        )
        if rollover:
            more = ngettext(
                "and up to %(count)s unused session carried over",
                "and up to %(count)s unused sessions carried over",
                rollover,
            )
            return f"{said}, {more}"
        return said
    return ngettext("it holds %(count)s session", "it holds %(count)s sessions", params.sessions)


def _day(value: Any, path: KeyPath) -> dt.date | None:
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    shown = f"'{value[:MAX_SHOWN]}'" if isinstance(value, str) else describe(value)
    raise BookingError(
        f"{'.'.join(map(str, path))} is a date, not {shown}", hint="e.g. 2026-01-10", path=path
    )


def plan_named(
    pricing: Pricing, ident: str, verb: str, path: KeyPath = ("redeem",)
) -> CompiledRule:
    """The catalogue's package or membership `ident`, or an error listing them."""
    if not isinstance(ident, str) or ident not in pricing.plans:
        shown = f"'{ident[:MAX_SHOWN]}'" if isinstance(ident, str) else describe(ident)
        raise BookingError(
            f"there is no package or membership {shown} to {verb}",
            hint=choices(pricing.plans),
            path=path,
            choices=pricing.plans,
            unknown="plan",
        )
    return pricing.plans[ident]


# -- items in time --------------------------------------------------------------------------


def _items(
    catalogue: Catalogue,
    pricing: Pricing,
    asked: list[VisitItem],
    at: dt.datetime,
    listed: bool,
) -> tuple[Item, ...]:
    """The items checked, each with its guests and its start and end."""
    free: dict[str, dt.datetime] = {}
    made = []
    first = FIRST_GUEST
    for index, asked_item in enumerate(asked):
        try:
            named = _guests_of(asked_item)
        except BookingError as error:
            raise (error.within("items", index) if listed else error) from None
        if named:
            first = named[0]
            break
    for index, asked_item in enumerate(asked):
        try:
            made.append(_item_in_time(catalogue, pricing, asked_item, first, free, at))
        except BookingError as error:
            raise (error.within("items", index) if listed else error) from None
    if any(given.start is not None for given in asked):
        _check_overlaps(made)  # items put in time one after another never overlap
    if made:
        begins = min(item.start for item in made)
        ends = max(item.end for item in made)
        if ends - begins > DAY:
            hours = (ends - begins) / dt.timedelta(hours=1)
            last = max(range(len(made)), key=lambda index: made[index].end)
            raise BookingError(
                f"the visit lasts {hours:.1f} hours, from {begins:%Y-%m-%d %H:%M} to "
                f"{ends:%Y-%m-%d %H:%M}; a visit is at most a day",
                hint="quote each day's items as a visit of its own",
                path=("items", last, "start") if listed else ("at",),
            )
    return tuple(made)


def _item_in_time(
    catalogue: Catalogue,
    pricing: Pricing,
    asked: VisitItem,
    first: str,
    free: dict[str, dt.datetime],
    at: dt.datetime,
) -> Item:
    """One item checked, starting when it says or when its guests are free (`free`, which
    it updates): its errors' paths are the item's keys."""
    service = service_named(catalogue, asked.service)
    minutes = durations(service, asked.duration)
    guests = _item_guests(service, _guests_of(asked), first)
    addons = _addons(catalogue, service, asked.addons, guests)
    if asked.redeem is not None:
        plan_named(pricing, asked.redeem, "redeem")
        if len(guests) > 1:
            raise BookingError(
                f"a plan pays for one guest's session, and '{service.id}' is for {len(guests)}",
                hint="pay for it, or book each guest's session as its own item",
                path=("redeem",),
            )
    if asked.start is not None:
        try:
            start = moment(asked.start, pricing.timezone)
        except BookingError as error:
            raise error.at("start") from None
    else:
        start = max([free.get(guest, at) for guest in guests])
    variation = service.variation(minutes)
    assert variation is not None, "the length was checked"
    extra = sum(
        catalogue.addons[ident].minutes * math.ceil(count / len(guests)) for ident, count in addons
    )
    end = start + dt.timedelta(minutes=minutes + extra)
    for guest in guests:
        free[guest] = end + dt.timedelta(minutes=variation.buffer)
    return Item(service.id, minutes, addons, guests, start, end, asked.redeem)


def _check_overlaps(items: list[Item]) -> None:
    """A guest is in one room at a time: two items of theirs that overlap are a mistake. (An
    item for several guests, a couples massage, has them together, as it should.)"""
    latest: dict[str, int] = {}
    """By guest, their item that ends last of those begun so far."""
    for index in sorted(range(len(items)), key=lambda place: items[place].start):
        item = items[index]
        for guest in item.guests:
            before = latest.get(guest)
            if before is None or items[before].end <= item.start:
                latest[guest] = index
                continue
            first = items[before]
            raise BookingError(
                f"guest '{guest}' would be in two places at once: items[{before}] "
                f"({_when(first)}) and items[{index}] ({_when(item)})",
                hint=f"start items[{index}] at {first.end:%H:%M} or later, or leave out its "
                f"start to follow {guest}'s item before it",
                path=("items", index, "start"),
            )


def _when(item: Item) -> str:
    return f"{item.service}, {item.start:%H:%M}–{item.end:%H:%M}"


def _check_guests(items: tuple[Item, ...], own: Mapping[str, frozenset[str]]) -> None:
    """Every guest said something of is a guest of an item: another name is a typo, and
    what was said of them would change nothing."""
    booked = {guest for item in items for guest in item.guests}
    for name in own:
        if name not in booked:
            raise BookingError(
                f"unknown guest '{name}': no item of this visit is for them",
                hint=did_you_mean(name, booked) if booked else "the visit has no items",
                path=("guests", name),
                choices=sorted(booked),
                unknown="guest",
            )


def _guests_of(item: VisitItem) -> tuple[str, ...]:
    guest = item.guest
    if guest is None:
        return ()
    if isinstance(guest, str):
        return (_name(guest, "a guest", ("guest",)),)
    if isinstance(guest, Iterable) and not isinstance(guest, Mapping | bytes):
        return tuple(_name(name, "a guest", ("guest",)) for name in guest)
    raise BookingError(
        f"an item's guest is a name or a list of names, not {describe(guest)}",
        hint='e.g. "ann", or ["ann", "ben"] for a service for two',
        path=("guest",),
    )


def _item_guests(service: Service, named: tuple[str, ...], first: str) -> tuple[str, ...]:
    """The guests of an item: those named, or the visit's first guest and, for a service
    for several, "guest 2" and on."""
    twice = [name for index, name in enumerate(named) if name in named[:index]]
    if twice:
        raise BookingError(
            f"guest '{twice[0]}' is named twice for one item",
            hint="name each guest once",
            path=("guest",),
        )
    wanted = service.guests
    if named and len(named) != wanted and not (len(named) < wanted and len(named) == 1):
        raise BookingError(
            ngettext(
                "'%(service)s' is for %(count)s guest, and %(named)s are named",
                "'%(service)s' is for %(count)s guests, and %(named)s are named",
                wanted,
                service=service.id,
                named=len(named),
            ),
            hint=f"name {wanted}, e.g. @ann,ben" if wanted > 1 else "name one",
            path=("guest",),
        )
    guests = list(named or (first,))
    number = 2
    while len(guests) < wanted:
        name = f"guest {number}"
        if name not in guests:
            guests.append(name)
        number += 1
    return tuple(guests)


def _addons(
    catalogue: Catalogue, service: Service, asked: Any, guests: tuple[str, ...]
) -> tuple[tuple[str, int], ...]:
    """Add-ons with how many of the item's guests have each: offered, and at most one each."""
    if isinstance(asked, Mapping):
        pairs: list[tuple[Any, Any, KeyPath]] = [
            (ident, count, ("addons", str(ident))) for ident, count in asked.items()
        ]
    else:
        listed = strings(asked, "addons")
        for index, ident in enumerate(listed):
            if ident in listed[:index]:
                raise addon_twice(ident, len(guests)).within("addons", index)
        pairs = [(ident, 1, ("addons", index)) for index, ident in enumerate(listed)]
    found = []
    for ident, count, path in pairs:
        if not isinstance(ident, str):
            raise BookingError(
                f"add-ons are named by id, not {describe(ident)}",
                hint='e.g. ["hot-stones"]',
                path=path,
            )
        check_addon(catalogue, service, ident, path)
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise BookingError(
                f"how many guests have add-on '{ident}' is a whole number from 1, not "
                f"{describe(count)}",
                hint=f"at most {len(guests)}",
                path=path,
            )
        if count > len(guests):
            raise BookingError(
                ngettext(
                    "add-on '%(addon)s' for %(asked)s guests, but '%(service)s' is for one guest",
                    "add-on '%(addon)s' for %(asked)s guests, but '%(service)s' is for "
                    "%(count)s guests",
                    len(guests),
                    addon=ident,
                    asked=count,
                    service=service.id,
                ),
                hint=f"a guest has each add-on once: at most {len(guests)}",
                path=path,
            )
        found.append((ident, count))
    return tuple(found)


def _guest_tags(
    pricing: Pricing, items: tuple[Item, ...], own: Mapping[str, frozenset[str]]
) -> dict[str, frozenset[str]]:
    """Each guest's own tags: those given, and a membership's tag on a guest who pays a
    session with it (a session paid with a membership is a member's)."""
    found = dict(own)
    for item in items:
        plan = pricing.plans.get(item.redeem) if item.redeem else None
        tag = plan.member_tag if plan is not None else None
        if tag is not None:
            found[item.guest] = found.get(item.guest, frozenset()) | {tag}
    return found


# -- plans, gift certificates and tender --------------------------------------------------


def _check_redemptions(pricing: Pricing, visit: Visit, listed: bool) -> None:
    """Each plan pays for no more sessions than it holds, for its holder (or, shareable, for
    any guest), and not after it expired. (`listed`: the visit was asked as `items`, so an
    item's `redeem` is where a problem is.)"""
    used: dict[str, list[int]] = {}
    for index, item in enumerate(visit.items):
        if item.redeem is not None:
            used.setdefault(item.redeem, []).append(index)
    for ident, indexes in used.items():
        items = [visit.items[index] for index in indexes]
        rule = pricing.plans[ident]
        params = rule.params
        held = visit.plans.get(ident, HeldPlan())

        def at(index: int) -> KeyPath:
            return ("items", index, "redeem") if listed else ("redeem",)

        if params.sessions < 1:
            raise BookingError(
                f"'{ident}' includes no sessions to redeem",
                hint="pay for the session",
                path=at(indexes[0]),
            )
        left = held.sessions_left if held.sessions_left is not None else params.sessions
        if len(items) > left:
            raise BookingError(
                ngettext(
                    "'%(plan)s' pays for %(count)s session of this visit",
                    "'%(plan)s' pays for %(count)s sessions of this visit",
                    len(items),
                    plan=ident,
                ),
                hint=ngettext(
                    "only %(count)s session is left on it: pay for the others",
                    "only %(count)s sessions are left on it: pay for the others",
                    left,
                )
                if left
                else _("it has no sessions left: pay for them"),
                path=at(indexes[left]),
            )
        guests = {item.guest for item in items}
        if not contract.value(params, "shareable"):
            holder = held.holder or items[0].guest
            others = sorted(guests - {holder})
            if others:
                kind = params.kind
                other = next(index for index in indexes if visit.items[index].guest in others)
                raise BookingError(
                    f"'{ident}' pays for sessions of {holder} only; it is not shared, and this "
                    f"visit uses it for {', '.join(others)}",
                    hint=f"a {kind} is personal unless it is shareable = true",
                    path=at(other),
                )
        days = contract.value(params, "valid_days")
        if days and held.bought is not None:
            expired = held.bought + dt.timedelta(days=days)
            if visit.at.date() > expired:
                raise BookingError(
                    f"'{ident}' bought on {held.bought.isoformat()} expired on "
                    f"{expired.isoformat()}",
                    hint=ngettext(
                        "its sessions are valid %(count)s day",
                        "its sessions are valid %(count)s days",
                        days,
                    ),
                    path=("plans", ident, "bought"),
                )


def _bought(catalogue: Catalogue, pricing: Pricing, buy: str | None) -> tuple[Any, Any]:
    """What `buy` buys: a plan (its id), or a gift certificate (its amount)."""
    if buy is None:
        return None, None
    cards = catalogue.gift_cards
    path = ("buy",)
    if not buy.startswith(GIFT):
        if buy not in pricing.plans and cards is not None:
            shown = buy[:MAX_SHOWN]
            raise BookingError(
                f"there is no package, membership or gift certificate '{shown}' to buy",
                hint=did_you_mean(shown, [*pricing.plans, GIFT_FORM])
                + f"; a gift certificate is {GIFT_FORM}, e.g. {GIFT}50.00",
                path=path,
                choices=[*sorted(pricing.plans), GIFT_FORM],
                unknown="plan",
            )
        plan_named(pricing, buy, "buy", path)
        return buy, None
    amount = _amount(catalogue, buy, path)
    if cards is None:
        raise BookingError(
            "this clinic sells no gift certificates",
            hint="add a [gift_cards] table to the catalogue",
            path=path,
        )
    if not cards.sells(amount):
        words = pricing.words
        sold = [words.money(money) for money in cards.amounts]
        if cards.min is not None and cards.max is not None:
            sold.append(f"any from {words.money(cards.min)} to {words.money(cards.max)}")
        raise BookingError(
            f"a gift certificate of {words.money(amount)} is not sold",
            hint="amounts sold: " + ", ".join(sold),
            path=path,
        )
    return None, amount


def _amount(catalogue: Catalogue, text: str, path: KeyPath) -> Money:
    """The amount in `gift:AMOUNT`, in the catalogue's currency and whole minor units."""
    written = text[len(GIFT) :]
    currency = catalogue.currency
    try:
        amount = Decimal(written)
        good = amount.is_finite() and amount > 0 and written.strip() == written
        money = Money(amount, currency)
        good = good and money.is_rounded()
    except (InvalidOperation, ValueError, TypeError, ArithmeticError):
        good = False
    if not good:
        raise BookingError(
            f"'{text[:MAX_SHOWN]}' is not {GIFT_FORM} with an amount above 0 in {currency}",
            hint=f"e.g. {GIFT}50.00",
            path=path,
        )
    return money


def _tender(catalogue: Catalogue, pay_with: Iterable[str]) -> tuple[Tender, ...]:
    found = []
    for index, text in enumerate(strings(pay_with, "pay_with")):
        path = ("pay_with", index)
        if not text.startswith(GIFT):
            raise BookingError(
                f"'{text[:MAX_SHOWN]}' is not a way servicekit knows to pay",
                hint=f"a gift certificate: {GIFT_FORM}, e.g. {GIFT}50.00",
                path=path,
                choices=[GIFT_FORM],
            )
        found.append(Tender("gift", _amount(catalogue, text, path)))
    return tuple(found)


def _check_purchase(
    pricing: Pricing,
    plan: str,
    service: Service | None,
    duration: int | None,
    asked: list[VisitItem],
    promos: tuple[str, ...],
    redeem: str | None,
) -> None:
    """A plan bought is priced on its own, for a service and length when its price needs
    them."""
    rule = pricing.plans[plan]
    if asked or promos or redeem:
        raise BookingError(
            "a package or membership bought is priced on its own",
            hint="leave out add-ons, promotion codes and --redeem",
            path=("promos",) if promos and not asked else ("buy",),
        )
    if service is None and rule.params.needs_unit_price:
        raise BookingError(
            f"'{plan}' is priced from its sessions: say which service and duration",
            path=("service",),
        )
