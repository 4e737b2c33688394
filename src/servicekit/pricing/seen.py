"""What a quote's rules see, and where: the context of each item, of the visit and of each
guest, and the plan of where each condition of a layout's rules is checked.

A rule of the lines' stages is checked against each item's own context (its start, its
guests' tags); a rule of the visit's stages against the visit's, or against each guest's or
item's part of it, by its `unit`. Which checks a layout's rules need, and where, is the same
for every visit of that layout (`where_checked`); what they say (`conditions_said`) is, with
the layout, what decides a run (`servicekit.pricing.outcomes`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from servicekit.model.visit import Item, Visit
from servicekit.pricing.conditions import Failure
from servicekit.pricing.layouts import Layout
from servicekit.pricing.stages import LINE_STAGES, PricingContext

if TYPE_CHECKING:
    from servicekit.model.catalogue import Catalogue
    from servicekit.pricing.compiled import Pricing
    from servicekit.pricing.trace import Line

ZERO = Decimal(0)


class Group:
    """What a rule of the visit's stages is applied to once: the visit, a guest's part or
    an item's, with its context and its lines (a line shared by several guests in part)."""

    __slots__ = ("context", "guest", "item", "lines")

    def __init__(
        self,
        context: PricingContext,
        lines: list[tuple[Line, int | None]],
        item: int | None = None,
        guest: str | None = None,
    ) -> None:
        self.context, self.lines, self.item, self.guest = context, lines, item, guest
        """`lines`: each line with the place of the group's guest among its guests, or None
        for the whole line."""


class Seen:
    """What one quote's rules see: the context of each of its items (in the order they are
    priced), of the visit, and of each guest, made when first asked for."""

    __slots__ = ("_guests", "_made", "items", "visit")

    def __init__(self, items: list[PricingContext], visit: PricingContext, made: Any) -> None:
        self.items, self.visit, self._made = items, visit, made
        """`_made` says what a guest's context is made of (`outcomes.ItemInfos`)."""
        self._guests: dict[str, PricingContext] | None = None

    def guests_of(self) -> list[tuple[str, ...]]:
        """Each item's guests, in the order items are priced."""
        return self._made.guests()

    def guest(self, name: str) -> PricingContext:
        guests = self._guests
        if guests is None:
            guests = self._guests = {}
        found = guests.get(name)
        if found is None:
            found = guests[name] = self._made.guest(name, self.visit)
        return found


def canonical(item: Item) -> tuple[Any, ...]:
    """The order items are priced in, whatever order they are listed in."""
    return (item.start, item.guests, item.service, item.duration, item.addons, item.redeem or "")


def guest_context(
    catalogue: Catalogue,
    pricing: Pricing,
    visit: Visit,
    layout: Layout,
    order: tuple[int, ...],
    vcontext: PricingContext,
    infos: Any,
    guest: str,
) -> PricingContext:
    """The context of one guest's part of a visit: their first start, their shortest
    session, their tags and the list price of their items (a shared item's in part)."""
    items = [
        (engine, visit.items[place])
        for engine, place in enumerate(order)
        if guest in visit.items[place].guests
    ]
    subtotal = sum(
        [layout.items[engine].list_subtotal / len(item.guests) for engine, item in items], ZERO
    )
    return PricingContext(
        catalogue,
        visit,
        at=min(item.start for _, item in items),
        duration=min(item.duration for _, item in items),
        tags=visit.guest_tags(guest),
        holiday=vcontext.holiday,
        list_subtotal=pricing.money(subtotal.quantize(pricing.quantum, pricing.rounding)),
        quantum=pricing.quantum,
        rounding=pricing.rounding,
        promos=vcontext.promos,
        infos=infos,
        guest=guest,
    )


Slot = int | tuple[int, int] | None
"""Where a rule's conditions are checked: an item (its index as priced), the guest at a place
among an item's guests (item, place), or the visit (None)."""


def where_checked(
    layout: Layout,
    sections: tuple[str, ...],
    redeems: tuple[str | None, ...],
    pricing: Pricing,
) -> tuple[tuple[tuple[Any, ...], Slot], ...]:
    """The checks of every rule of `sections` that can price a layout (and of each plan
    redeemed), each with where the engine checks it; the same for every visit of the
    layout, whoever its guests are."""
    plan: list[tuple[tuple[Any, ...], Slot]] = [
        (pricing.plans[ident].checks, engine)
        for engine, ident in enumerate(redeems)
        if ident is not None
    ]
    for section in sections:
        for rule, targets in layout.candidates[section]:
            unit = rule.unit
            if unit == "visit":
                plan.append((rule.checks, None))
            elif unit == "item" or section in LINE_STAGES:
                plan += [(rule.checks, item) for item, _ in targets]
            else:  # each guest of the lines targeted, in the order the engine meets them
                places = dict.fromkeys(
                    (item, place)
                    for item, indexes in targets
                    for index in indexes
                    for place in range(layout.items[item].lines[index].guests)
                )
                plan += [(rule.checks, slot) for slot in places]
    return tuple(plan)


MAX_PLANS = 4096
"""Layouts' check plans remembered per catalogue."""


def checks_planned(
    pricing: Pricing, layout: Layout, sections: tuple[str, ...], redeems: tuple[str | None, ...]
) -> tuple[tuple[tuple[Any, ...], Slot], ...]:
    """`where_checked`, worked out once per layout, sections and plans redeemed."""
    key = (layout, sections, redeems)
    plan = pricing.check_plans.get(key)
    if plan is None:
        plan = where_checked(layout, sections, redeems, pricing)
        with pricing.lock:
            if len(pricing.check_plans) < MAX_PLANS:
                pricing.check_plans[key] = plan
    return plan


def conditions_said(
    plan: tuple[tuple[tuple[Any, ...], Slot], ...],
    seen: Seen,
    guests: list[tuple[str, ...]],
) -> tuple[Failure | None, ...]:
    """What each check of `plan` says as `seen` sees it: the first failure, or None.
    `guests` are each item's guests, in the order items are priced."""
    said: list[Failure | None] = []
    add = said.append
    items, visit = seen.items, seen.visit
    if len(items) == 1 and items[0] is visit:
        # A booking of one service, the most quoted: every check sees its one context, and
        # no slot need be looked up.
        for checks, _ in plan:
            for check in checks:
                failure = check(visit)
                if failure is not None:
                    add(failure)
                    break
            else:
                add(None)
        return tuple(said)
    for checks, slot in plan:
        if slot.__class__ is int:
            context = items[slot]
        elif slot is None:
            context = visit
        else:
            item, place = slot  # type: ignore[misc]
            context = seen.guest(guests[item][place])
        for check in checks:
            failure = check(context)
            if failure is not None:
                add(failure)
                break
        else:
            add(None)
    return tuple(said)


def first_failure(checks: tuple[Any, ...], context: PricingContext) -> Failure | None:
    """The first of a rule's checks to fail in `context`, or None when all hold."""
    for check in checks:
        failure = check(context)
        if failure is not None:
            return failure
    return None
