"""What can be known of a visit before its time, clients and codes are: its layout.

A layout is what a visit's items are made of: each item's service length and add-ons (with how
many guests have each), the rules that can price each of their lines, and the taxes that
charge them. The lines of every service length and add-on, with their list prices and rules,
are worked out when the catalogue is built (`servicekit.pricing.compiled`); a layout puts them
together the first time a visit of that shape is quoted, and is remembered. A quote then only
checks the conditions of the rules its layout names; a rule that can price none of its lines
costs it nothing until its audit trail is read.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from servicekit.model.catalogue import AddOn, Service
from servicekit.pricing.stages import LineInfo

if TYPE_CHECKING:
    from servicekit.model.quote import LineKind
    from servicekit.pricing.compiled import CompiledRule, CompiledTax

Targets = tuple[tuple[int, tuple[int, ...]], ...]
"""The lines a rule targets, by item: (item index, (line indexes in that item, ...)), ..."""


@attrs.frozen(eq=False)
class LineLayout:
    """A line a booking can have, known when the catalogue is built: a service's length or an
    add-on (for one guest or more), its list price, and the rules that can price it."""

    key: str
    """Its id within its item: "service", or "addon:<id>"."""
    kind: LineKind
    label: str
    base: Decimal
    """Its list price: the variation's or add-on's price, times `quantity` where it is priced
    per guest."""
    info: LineInfo
    service: Service | None
    addon: AddOn | None
    duration: int | None
    rules: Mapping[str, tuple[CompiledRule, ...]]
    """By section, the rules whose targets include it, in the order they are considered."""
    quantity: int = 1
    """How many it prices: the guests of a service priced per guest, or the guests of an item
    who have an add-on."""
    guests: int = 1
    """How many guests it is for: what a rule applied per guest splits it into."""


@attrs.frozen(eq=False)
class ItemLayout:
    """An item's lines (a service's length and its add-ons, or a plan bought), and what can
    price them: for each section, the rules that target at least one line, with those lines."""

    lines: tuple[LineLayout, ...]
    candidates: Mapping[str, tuple[tuple[CompiledRule, tuple[int, ...]], ...]]
    taxes: tuple[tuple[CompiledTax, tuple[int, ...]], ...]
    list_subtotal: Decimal
    guests: int = 1


@attrs.frozen(eq=False)
class Layout:
    """A visit's items, and for each section the rules that target a line of any of them,
    with those lines by item, in the order the rules are considered."""

    items: tuple[ItemLayout, ...]
    candidates: Mapping[str, tuple[tuple[CompiledRule, Targets], ...]]
    considered: Mapping[str, frozenset[CompiledRule]]
    taxes: tuple[tuple[CompiledTax, Targets], ...]
    list_subtotal: Decimal

    @classmethod
    def of(cls, items: tuple[ItemLayout, ...], sections: tuple[str, ...]) -> Layout:
        """The layout of a visit of these items."""
        candidates: dict[str, tuple[tuple[CompiledRule, Targets], ...]]
        taxes: tuple[tuple[CompiledTax, Targets], ...]
        if len(items) == 1:
            (only,) = items
            candidates = {
                section: tuple((rule, ((0, lines),)) for rule, lines in only.candidates[section])
                for section in sections
            }
            taxes = tuple((tax, ((0, lines),)) for tax, lines in only.taxes)
        elif not items:  # a gift certificate bought on its own
            candidates = dict.fromkeys(sections, ())
            taxes = ()
        else:
            candidates = {section: _merged(items, section) for section in sections}
            taxes = tuple(
                (
                    tax,
                    tuple(
                        (index, item.taxes[position][1])
                        for index, item in enumerate(items)
                        if item.taxes[position][1]
                    ),
                )
                for position, (tax, _) in enumerate(items[0].taxes)
            )
        return cls(
            items=items,
            candidates=candidates,
            considered={
                section: frozenset(rule for rule, _ in found)
                for section, found in candidates.items()
            },
            taxes=taxes,
            list_subtotal=sum([item.list_subtotal for item in items], Decimal(0)),
        )


def _merged(
    items: tuple[ItemLayout, ...], section: str
) -> tuple[tuple[CompiledRule, Targets], ...]:
    """The rules of a section that target a line of any item, in the section's order."""
    targeted: dict[CompiledRule, list[tuple[int, tuple[int, ...]]]] = {}
    for index, item in enumerate(items):
        for rule, lines in item.candidates[section]:
            targeted.setdefault(rule, []).append((index, lines))
    ranked = sorted(targeted, key=lambda rule: rule.position)
    return tuple((rule, tuple(targeted[rule])) for rule in ranked)
