"""What a quote's rules see, and where: the context of each item, of the visit, of each
guest, and of each guest of each item; and the plan of where each condition of a layout's
rules is checked.

A rule of the lines' stages is checked against each item's own context (its start, its
guests' tags). A rule applied to more than one item or guest at once (one of the visit's
stages, whatever its `unit`, or a surcharge once a visit) is judged for each item and guest
in what it is applied to (each *pair*: that item's start and length, that guest's tags, and
the list price of what the rule is applied to), never by what they all have in common: a
first-time client's booking with a returning friend is still a first-time client's. The
engine then says how the pairs' verdicts combine (`servicekit.pricing.engine`). Each pair is
judged in the least context that says the same of it as its own would, by what the rule's
conditions read (`Condition.depends_on`): once for the whole part when they read what is the
same all over it (codes, its list price), in the item's context when they read no more than an
item and its one guest, and in a context of the pair's own otherwise (`slot_of`). Which
checks a layout's rules need, and where, is the same for every visit of that layout
(`where_checked`); what they say (`conditions_said`) is, with the layout, what decides a run
(`servicekit.pricing.outcomes`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from servicekit.model.visit import Item, Visit
from servicekit.pricing.conditions import Check, Failure
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
    priced), of the visit, of each guest and of each guest of each item, made when first
    asked for."""

    __slots__ = ("_guests", "_made", "_pairs", "_whose", "alone", "items", "visit")

    def __init__(
        self, items: list[PricingContext], visit: PricingContext, made: Any, alone: bool = False
    ) -> None:
        self.items, self.visit, self._made = items, visit, made
        """`_made` says what a guest's context is made of (`outcomes.ItemInfos`)."""
        self.alone = alone
        """Whether every check sees the visit's context: a visit of one item for one guest,
        whose context is the visit's (a booking of one service for one client, the most
        quoted)."""
        self._guests: dict[str, PricingContext] | None = None
        self._pairs: dict[tuple[int, int, str], PricingContext] = {}
        """The contexts of guests of items made so far (`pair`), by (item, place, unit)."""
        self._whose: list[tuple[str, ...]] | None = None

    def guests_of(self) -> list[tuple[str, ...]]:
        """Each item's guests, in the order items are priced."""
        whose = self._whose
        if whose is None:
            whose = self._whose = self._made.guests()
        return whose

    def context(self, slot: Slot) -> PricingContext:
        """The context a slot stands for (`slot_of`)."""
        if slot is None:
            return self.visit
        if isinstance(slot, int):
            return self.items[slot]
        if len(slot) == 2:
            return self.guest(self.guests_of()[slot[0]][slot[1]])
        found = self._pairs.get(slot)
        if found is None:
            found = self._pairs[slot] = self.pair(*slot)
        return found

    def pair(self, item: int, place: int, unit: str) -> PricingContext:
        """What a rule applied to `unit` ("item", "guest" or "visit") sees of one guest of
        one item (the guest at `place` among the item's, which is priced at `item`): the
        item's start and length, that guest's tags, and the list price of what the rule is
        applied to (the item, the guest's part, or the visit)."""
        own = self.items[item]
        guests = self.guests_of()[item]
        guest = guests[place]
        if unit == "visit":
            subtotal = self.visit.list_subtotal
        elif unit == "guest":
            subtotal = self.guest(guest).list_subtotal
        else:
            subtotal = own.list_subtotal
        if len(guests) == 1 and subtotal == own.list_subtotal:
            return own  # the item's own context is its one guest's
        visit = own.visit
        assert visit is not None, "a quote's context has its visit"
        return own.seen_by(guest, visit.guest_tags(guest), subtotal)

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


Slot = int | tuple[int, int] | tuple[int, int, str] | None
"""Where a rule's conditions are checked: an item (its index as priced), the guest at a place
among an item's guests (item, place), one guest of an item judged for a rule applied to the
item, that guest or the visit (item, place, unit), or the visit (None)."""

ALL_OVER = frozenset(("visit", "subtotal"))
"""What is the same all over what a rule is applied to."""
OF_AN_ITEM = frozenset(("visit", "item"))
OF_A_GUEST = frozenset(("visit", "item", "guest"))


def judged_by_pairs(section: str, unit: str) -> bool:
    """Whether a rule is judged for each guest of each item it is applied to, rather than for
    each item: a rule of the visit's stages, and a rule of the lines' once a visit."""
    return unit == "visit" or section not in LINE_STAGES


def slot_of(reads: frozenset[str], unit: str, item: int, place: int, guests: int) -> Slot:
    """Where a rule whose conditions read `reads`, applied to `unit`, is checked for the
    guest at `place` of `item` (an item of `guests` guests): the least context that says of
    them what their own would."""
    if reads <= ALL_OVER:  # the part's own context: its list price, the visit's codes
        return None if unit == "visit" else item if unit == "item" else (item, place)
    if reads <= OF_AN_ITEM or (guests == 1 and reads <= OF_A_GUEST):
        return item  # the item's context is what its one guest sees of it
    return (item, place, unit)


def where_checked(
    layout: Layout,
    sections: tuple[str, ...],
    redeems: tuple[str | None, ...],
    pricing: Pricing,
) -> tuple[tuple[tuple[Check, ...], Slot], ...]:
    """The checks of every rule of `sections` that can price a layout (and of each plan
    redeemed), each with where the engine checks it; the same for every visit of the
    layout, whoever its guests are."""
    plan: list[tuple[tuple[Check, ...], Slot]] = [
        (pricing.plans[ident].checks, engine)
        for engine, ident in enumerate(redeems)
        if ident is not None
    ]
    for section in sections:
        for rule, targets in layout.candidates[section]:
            unit = rule.unit
            if judged_by_pairs(section, unit):  # each guest of each item of the lines
                reads = rule.reads
                slots: dict[Slot, None] = dict.fromkeys(
                    slot_of(reads, unit, item, place, layout.items[item].guests)
                    for item, indexes in targets
                    for index in indexes
                    for place in range(layout.items[item].lines[index].guests)
                )
                plan += [(rule.checks, slot) for slot in slots]
            else:
                plan += [(rule.checks, item) for item, _ in targets]
    return tuple(plan)


MAX_PLANS = 4096
"""Layouts' check plans remembered per catalogue."""


def checks_planned(
    pricing: Pricing, layout: Layout, sections: tuple[str, ...], redeems: tuple[str | None, ...]
) -> Plan:
    """`where_checked`, worked out once per layout, sections and plans redeemed."""
    key = (layout, sections, redeems)
    plan = pricing.check_plans.get(key)
    if plan is None:
        plan = Plan(where_checked(layout, sections, redeems, pricing))
        keep_plan(pricing, key, plan)
    return plan


def keep_plan(pricing: Pricing, key: Hashable, plan: Any) -> None:
    """Keep what a layout's checks come to, while fewer than `MAX_PLANS` are kept."""
    with pricing.lock:
        if len(pricing.check_plans) < MAX_PLANS:
            pricing.check_plans[key] = plan


class Plan:
    """The checks of a layout's rules, each with where it is checked (`where_checked`), and
    what they say, judged at once (`said`)."""

    __slots__ = ("_checks", "_judged", "checks", "slots")

    def __init__(self, checks: tuple[tuple[tuple[Check, ...], Slot], ...]) -> None:
        self.checks = checks
        self.slots = tuple(dict.fromkeys(slot for _, slot in checks))
        """Where they are checked, each once."""
        place = {slot: index for index, slot in enumerate(self.slots)}
        self._judged = _judged(tuple((len(some), place[slot]) for some, slot in checks))
        self._checks = tuple(check for some, _ in checks for check in some)

    def __len__(self) -> int:
        return len(self.checks)

    def said(self, seen: Seen) -> tuple[Failure | None, ...]:
        """What each check says as `seen` sees it: its rule's first failure, or None."""
        return self._judged(self._checks, tuple([seen.context(slot) for slot in self.slots]))

    def said_in(self, context: PricingContext) -> tuple[Failure | None, ...]:
        """`said`, where every check sees `context`: a booking of one service for one
        client, the most quoted."""
        return self._judged(self._checks, (context,) * len(self.slots))


def conditions_said(plan: Plan, seen: Seen) -> tuple[Failure | None, ...]:
    """What each check of `plan` says as `seen` sees it: the first failure, or None."""
    return plan.said_in(seen.visit) if seen.alone else plan.said(seen)


MAX_FORMS = 1024
"""Plans' forms remembered (`_judged`), for every catalogue."""
MAX_NESTED = 16
"""The most checks of one rule judged inline; a rule with more (a plugin's conditions) has
them judged by a loop, as deep nesting is more than Python's parser takes."""


@functools.lru_cache(maxsize=MAX_FORMS)
def _judged(form: tuple[tuple[int, int], ...]) -> Callable[..., tuple[Failure | None, ...]]:
    """A function of a plan's checks (`f`, all in a row) and the contexts they are checked
    in (`c`, one for each place) that says what they say, for plans of this form: for each
    rule, how many checks it has and where they are checked. What it gives is the rules'
    first failures, in order, each the first of its checks to fail (or None).

    The checks are called one after another from one expression, which costs half what a
    loop over them does (a quote calls them all). It is written as Python source and
    compiled, as attrs writes an `__init__`: the source holds only names and numbers made
    here, never a value of a catalogue or plugin, and is compiled once for all plans of
    the same form, whatever their checks."""
    said = []
    first = 0
    for count, place in form:
        if not count:
            said.append("None")  # a rule with no conditions: it always holds
            continue
        last = first + count - 1
        if count > MAX_NESTED:  # each check nests one level: Python's parser allows 200
            found = f"first_failure(f[{first}:{last + 1}], c[{place}])"
        else:
            found = f"f[{last}](c[{place}])"
            for at in range(last - 1, first - 1, -1):
                found = f"(_ if (_ := f[{at}](c[{place}])) is not None else {found})"
        said.append(found)
        first = last + 1
    source = f"def said(f, c):\n    return ({''.join(part + ', ' for part in said)})\n"
    made: dict[str, Any] = {"first_failure": first_failure}
    exec(compile(source, "<servicekit checks>", "exec"), made)
    function: Callable[..., tuple[Failure | None, ...]] = made["said"]
    return function


def first_failure(checks: tuple[Any, ...], context: PricingContext) -> Failure | None:
    """The first of a rule's checks to fail in `context`, or None when all hold."""
    for check in checks:
        failure = check(context)
        if failure is not None:
            return failure
    return None
