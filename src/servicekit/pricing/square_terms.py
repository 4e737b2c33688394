"""What a rule's conditions mean in Square's catalog: `SquareTerms`, which each condition
writes its part of on export (`Condition.to_square`) and reads its part back from on import
(`Condition.from_square`).

Apart from `servicekit.pricing.conditions`, which gives it too, because only the Square export
and import make one: building a catalogue (`servicekit check`) builds none.
"""

from __future__ import annotations

import datetime as dt

import attrs

from servicekit.model.money import Money


@attrs.define
class SquareTerms:
    """What a rule's conditions mean in Square's catalog, where a `PRICING_RULE` applies a
    discount by itself within its dates, time periods and minimum order.

    On export each condition a rule states writes its part (or, in `manual`, why Square cannot
    apply the discount by itself, so staff must); on import each reads its part back from
    what Square's objects said.
    """

    manual: list[str] = attrs.field(factory=list)
    """Why staff must apply the discount by hand, in words: "it needs the code WINTER10"."""
    days: tuple[str, ...] = ()
    """Weekdays ("mon", ...) its time periods are on; empty for every day."""
    after: dt.time | None = None
    before: dt.time | None = None
    holidays: bool = False
    """Only on the clinic's holidays: a time period on each of them."""
    holiday_dates: tuple[dt.date, ...] = ()
    """On import: the dates of whole-day time periods, taken as the clinic's holidays."""
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    minimum: Money | None = None
    """The least order subtotal."""
    min_duration: int | None = None
    """The least session length: the products are the lengths that reach it."""
    locations: tuple[str, ...] = ()
    """Where it applies (the objects are present there)."""
    promo: str | None = None
    """On import: the code a discount applied by hand is given."""
