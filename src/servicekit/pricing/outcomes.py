"""Quoting a checked visit: the contexts its rules see, its run through the engine (or the
same run, remembered), and its quote.

What a run comes to depends on the visit only through its layout (its items' lines, known
before the visit is) and what each rule that can price it finds: whether its conditions hold
for each item, guest or the visit, and why not. When no rule of the catalogue reads the
context in its stage method (each promises it with `reads_context = False`, as the built-in
types do), a run is remembered by exactly that, and the next quote of the same layout whose
rules' conditions say the same is handed the same run, with the records and wording it made.
Conditions are still checked for every quote; only the arithmetic and its wording are shared.
"""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from servicekit.errors import BookingError
from servicekit.model.money import Money
from servicekit.model.quote import Quote
from servicekit.model.visit import Item, Visit
from servicekit.pricing.engine import Run
from servicekit.pricing.seen import (
    Seen,
    canonical,
    checks_planned,
    conditions_said,
    guest_context,
)
from servicekit.pricing.stages import ItemInfo, PricingContext
from servicekit.pricing.wording import Explanation

if TYPE_CHECKING:
    from servicekit.model.catalogue import Catalogue
    from servicekit.pricing.compiled import Pricing
    from servicekit.pricing.layouts import Layout

ZERO = Decimal(0)
ONE = (0,)
NO_CODES: frozenset[str] = frozenset()
NO_TAGS: frozenset[str] = frozenset()
TOTAL_SECTIONS = ("base", "surcharge", "line-discount", "order-discount", "bundle", "price-ending")
"""The sections whose rules change the total (besides the plans that pay and the taxes)."""
MAX_OUTCOMES = 2048
"""Runs remembered per catalogue; beyond them each quote runs the engine."""
MAX_ASKED = 65536
"""Quotes noted as asked (by their key's hash) per catalogue, to remember the next alike."""


class Shape:
    """What pricing a visit of one item knows before its time, clients and codes: its
    layout, what its rules' conditions are checked by, and its list price. Made once for
    each item (service, length, add-ons, guests, plan) and place (`shape_of`), so the shape
    stands for them in a run's key; a booking of one service asked again is priced from the
    shape it was checked with (`servicekit.pricing.visits.Booked`)."""

    __slots__ = ("alone", "layout", "list_subtotal", "plan")

    def __init__(self, pricing: Pricing, item: Item, location: str | None) -> None:
        guests, redeems = item.guests, (item.redeem,)
        self.layout = layout = pricing.layout(
            ((item.service, item.duration, len(guests), item.addons),)
        )
        self.plan = checks_planned(pricing, layout, TOTAL_SECTIONS, redeems)
        self.alone = len(guests) == 1
        """For one guest: every check sees the item's one context."""
        self.list_subtotal = pricing.money(layout.list_subtotal)


MAX_SHAPES = 4096
"""Shapes of visits of one item remembered per catalogue."""


def shape_of(pricing: Pricing, item: Item, location: str | None) -> Shape:
    """The shape of a visit of `item` at `location`: remembered, or made now."""
    key = (item.service, item.duration, item.addons, item.guests, item.redeem, location)
    found: Shape | None = pricing.shapes.get(key)
    if found is None:
        found = Shape(pricing, item, location)
        with pricing.lock:
            if len(pricing.shapes) < MAX_SHAPES:
                pricing.shapes[key] = found
    return found


def price(
    catalogue: Catalogue,
    pricing: Pricing,
    visit: Visit,
    as_visit: bool,
    shape: Shape | None = None,
) -> Quote:
    """Price a checked visit, asked as a visit (`items`) or as a booking of one service;
    `shape` is its one item's, when known."""
    items = visit.items
    if len(items) == 1:
        return _priced_one(catalogue, pricing, visit, as_visit, shape)
    order = tuple(sorted(range(len(items)), key=lambda place: canonical(items[place])))
    layout = (
        pricing.layout(
            tuple(
                (item.service, item.duration, len(item.guests), item.addons)
                for item in (items[place] for place in order)
            )
        )
        if items or visit.buy is None
        else None
    )
    infos = ItemInfos(catalogue, pricing, visit, layout, order)
    seen = _seen(catalogue, pricing, visit, layout, order, infos)
    key = (
        _key(pricing, visit, as_visit, layout, order, seen)
        if pricing.remembers and layout is not None
        else None
    )
    return _quoted(catalogue, pricing, visit, as_visit, layout, order, seen, infos, key)


def _priced_one(
    catalogue: Catalogue, pricing: Pricing, visit: Visit, as_visit: bool, shape: Shape | None
) -> Quote:
    """`price` for a visit of one item (a booking of one service, the most quoted): what the
    item's shape knows is not worked out again."""
    (item,) = visit.items
    if shape is None:
        shape = shape_of(pricing, item, visit.location)
    layout = shape.layout
    infos = ItemInfos(catalogue, pricing, visit, layout, ONE)
    at = item.start
    holidays = pricing.holidays
    context = PricingContext(
        catalogue,
        visit,
        at,
        item.duration,
        _tags(visit, item.guests) if visit.guests else visit.tags,
        at.date() in holidays if holidays else False,
        shape.list_subtotal,
        pricing.quantum,
        pricing.rounding,
        frozenset(visit.promos) if visit.promos else NO_CODES,
        infos,
        0,
    )  # by position: a class called with keywords has them made into a dict first
    seen = Seen([context], context, infos, shape.alone)
    key = None
    if pricing.remembers:
        plan = shape.plan  # `conditions_said`, inlined: the total's hottest path
        said = plan.said_in(context) if shape.alone else plan.said(seen)
        exempting = pricing.exempting
        key = (
            shape,  # its item and place, as `_key` says them, in one value hashed by identity
            (context.tags & exempting,) if exempting else (),
            visit.promos,
            visit.gift,
            as_visit,
            said,
        )
    return _quoted(catalogue, pricing, visit, as_visit, layout, ONE, seen, infos, key)


def _quoted(
    catalogue: Catalogue,
    pricing: Pricing,
    visit: Visit,
    as_visit: bool,
    layout: Layout | None,
    order: tuple[int, ...],
    seen: Seen,
    infos: ItemInfos,
    key: tuple[Any, ...] | None,
) -> Quote:
    """The quote of the run `key` decides (remembered with its total, or made now), or of
    a run of its own when there is no key."""
    found = pricing.outcomes.get(key) if key is not None else None
    if found is None:
        run = Run(catalogue, pricing, visit, as_visit, layout, order, seen, infos)
        run.price()
        found = (run, pricing.money(run.total))
        if key is not None:
            _remember(pricing, key, found)
    run, total = found
    if visit.pay_with:
        _check_tender(pricing, visit, run.total, run.gift or ZERO)
    return Quote(visit, total, Explanation(run, seen, visit))


def _remember(pricing: Pricing, key: tuple[Any, ...], run: tuple[Run, Money]) -> None:
    """Keep a run (with its total) for the next quote alike once a quote alike was asked
    before: a booking asked once (most of a day of varied bookings) leaves nothing behind to
    take memory and the garbage collector's time; only the key's hash is noted."""
    marker = hash(key)
    asked = pricing.asked
    if marker in asked:
        if len(pricing.outcomes) < MAX_OUTCOMES:
            pricing.outcomes[key] = run
    elif len(asked) < MAX_ASKED:
        asked.add(marker)


def _key(
    pricing: Pricing,
    visit: Visit,
    as_visit: bool,
    layout: Layout,
    order: tuple[int, ...],
    seen: Seen,
) -> tuple[Any, ...]:
    """What decides a run: its layout and the items' order, who its guests are (by name: its
    audit trail names them), the plans that pay, where it is, the tags that exempt it from a
    tax, the codes given, a gift certificate bought, whether it is worded as a visit, and what
    each condition of each rule that can change its total says. (A visit of one item's
    key, made in `_priced_one`, holds its `Shape` in place of the first five.)"""
    items = visit.items
    guests = tuple([items[place].guests for place in order])
    redeems = tuple([items[place].redeem for place in order])
    plan = checks_planned(pricing, layout, TOTAL_SECTIONS, redeems)
    exempt = (
        tuple([context.tags & pricing.exempting for context in seen.items])
        if pricing.exempting
        else ()
    )
    return (
        layout,
        order,
        guests,
        redeems,
        visit.location,
        exempt,
        visit.promos,
        visit.gift,
        as_visit,
        conditions_said(plan, seen),
    )


def _seen(
    catalogue: Catalogue,
    pricing: Pricing,
    visit: Visit,
    layout: Layout | None,
    order: tuple[int, ...],
    infos: ItemInfos,
) -> Seen:
    """What the rules of a visit of several items (or none) see: the context of each item,
    in the order they are priced, and the visit's (each guest's is made when first asked
    for). A visit of one item sees its item's context as the visit's (`_priced_one`)."""
    money, holidays = pricing.money, pricing.holidays
    promos = frozenset(visit.promos) if visit.promos else NO_CODES
    items = [visit.items[place] for place in order]
    contexts = []
    for engine, item in enumerate(items):
        tags = _tags(visit, item.guests)
        assert layout is not None
        subtotal = layout.items[engine].list_subtotal
        at = item.start
        contexts.append(
            PricingContext(
                catalogue,
                visit,
                at,
                item.duration,
                tags,
                at.date() in holidays if holidays else False,
                money(subtotal),
                pricing.quantum,
                pricing.rounding,
                promos,
                infos,
                engine,
            )  # by position, as in `_priced_one`
        )
    tags = _tags(visit, {guest for item in items for guest in item.guests})
    at = visit.at
    vcontext = PricingContext(
        catalogue,
        visit,
        at,
        min(
            [item.duration for item in items],
            default=visit.buy_for[1] if visit.buy_for else None,
        ),
        tags,
        at.date() in holidays if holidays else False,
        money(layout.list_subtotal if layout is not None else ZERO),
        pricing.quantum,
        pricing.rounding,
        promos,
        infos,
    )
    return Seen(contexts, vcontext, infos)


def _tags(visit: Visit, guests: Collection[str]) -> frozenset[str]:
    """The visit's tags, and those every one of `guests` has of their own."""
    own = visit.guests
    if not own or not guests:
        return visit.tags
    shared = frozenset.intersection(*(own.get(guest, NO_TAGS) for guest in guests))
    return visit.tags | shared if shared else visit.tags


class ItemInfos:
    """The visit's items as rules see them (`ItemInfo`), made when a rule first asks; and
    what a guest's context is made of."""

    __slots__ = ("_made", "catalogue", "layout", "order", "pricing", "visit")

    def guests(self) -> list[tuple[str, ...]]:
        """Each item's guests, in the order items are priced."""
        items = self.visit.items
        return [items[place].guests for place in self.order]

    def guest(self, name: str, vcontext: PricingContext) -> PricingContext:
        """The context of one guest's part of the visit."""
        assert self.layout is not None, "a plan bought has no guests"
        return guest_context(
            self.catalogue,
            self.pricing,
            self.visit,
            self.layout,
            self.order,
            vcontext,
            self,
            name,
        )

    def __init__(
        self,
        catalogue: Catalogue,
        pricing: Pricing,
        visit: Visit,
        layout: Layout | None,
        order: tuple[int, ...],
    ) -> None:
        self.catalogue, self.pricing, self.visit = catalogue, pricing, visit
        self.layout, self.order = layout, order
        self._made: tuple[ItemInfo, ...] | None = None

    def all(self) -> tuple[ItemInfo, ...]:
        """Every item, in the visit's order."""
        if self._made is None:
            by_place: dict[int, ItemInfo] = {}
            for engine, place in enumerate(self.order):
                by_place[place] = self._info(engine, place)
            self._made = tuple(by_place[place] for place in sorted(by_place))
        return self._made

    def item(self, engine: int) -> ItemInfo:
        """The item priced at `engine`."""
        return self.all()[self.order[engine]]

    def _info(self, engine: int, place: int) -> ItemInfo:
        item = self.visit.items[place]
        service = self.catalogue.services[item.service]
        assert self.layout is not None, "a visit of items has a layout"
        price = self.layout.items[engine].list_subtotal
        return ItemInfo(
            index=place,
            service=item.service,
            category=service.category,
            modality=service.modality,
            duration=item.duration,
            guests=item.guests,
            start=item.start,
            list_price=self.pricing.money(price),
        )


def _check_tender(pricing: Pricing, visit: Visit, total: Decimal, gift: Decimal) -> None:
    """Gift certificates given pay no more than is due, and never for a gift certificate."""
    if not visit.pay_with:
        return
    due = total - gift
    given = sum([tender.amount.amount for tender in visit.pay_with], ZERO)
    if given > due:
        words = pricing.words
        shown = " + ".join(words.amount(tender.amount.amount) for tender in visit.pay_with)
        raise BookingError(
            f"gift certificates of {shown} are more than the {words.amount(due)} due",
            hint=f"pay at most {words.amount(due)} with them"
            + (", and a gift certificate bought with money" if gift else ""),
            path=("pay_with",),
        )
