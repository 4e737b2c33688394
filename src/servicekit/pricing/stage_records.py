"""The records the stage protocols (`servicekit.pricing.stages`) hand a rule type and take from
it: a line and an item of a booking as a rule sees them, and a discount as Square writes it.

Apart from the protocols because only a quote and an export make them: building a catalogue
checks rule types against the protocols and makes none (`servicekit check` builds none of
their classes). `servicekit.pricing.stages` gives them too, as it always has.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

import attrs

from servicekit.model.money import Money


@attrs.frozen
class LineInfo:
    """A line of a booking a rule prices: a service's length, or an add-on."""

    kind: Literal["service", "addon"]
    id: str
    """The service's or add-on's id in the catalogue."""
    duration: int | None
    """The session's length in minutes; None for an add-on."""
    list_price: Money
    """Its price in the catalogue: the variation's or the add-on's (times the guests it is
    for, when it is priced per guest)."""
    guests: int = 1
    """How many guests it is for."""


@attrs.frozen
class ItemInfo:
    """An item of a visit, as a rule sees it: a service's length for one guest or more."""

    index: int
    """Its place in the visit's items, from 0."""
    service: str
    category: str
    modality: str
    duration: int
    guests: tuple[str, ...]
    start: dt.datetime
    list_price: Money
    """Its service's and add-ons' list prices together."""


@attrs.frozen
class SquareDiscount:
    """How a discount is written as a Square catalog `DISCOUNT`: a fixed percentage, or a
    fixed amount, with an optional cap (percentages only)."""

    percentage: Decimal | None = None
    amount: Money | None = None
    maximum: Money | None = None

    def __attrs_post_init__(self) -> None:
        if (self.percentage is None) == (self.amount is None):
            raise ValueError("a Square discount is a percentage or an amount")
        if self.maximum is not None and self.percentage is None:
            raise ValueError("Square caps percentage discounts only")
