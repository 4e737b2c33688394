"""Square field values the object builders share."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from servicekit.model.fields import Id
from servicekit.model.money import Money

SQUARE = Id("square")
"""The key of a location's Square id in its `pos_ids`."""
MAX_NAME = 255
"""The longest name every Square object takes (items take 512)."""


class Objects(Protocol):
    """What builds an export's objects offers the builders of some of them (`catalog.Catalog`)."""

    def ident(self, kind: str, *parts: str | int) -> str:
        """The object's id: the permanent one Square gave it, or a deterministic `#` id."""

    def head(self, kind: str, ident: str, where: Mapping[str, Any]) -> dict[str, Any]:
        """An object's type, id, last known version and where it is present."""

    def presence(
        self, locations: tuple[str, ...], path: tuple[str | int, ...], what: str
    ) -> Mapping[str, Any]:
        """Where an object for `locations` (none: everywhere) is present in Square."""


def money(value: Money) -> dict[str, Any]:
    """Square's Money: integer minor units and the ISO 4217 code."""
    return {"amount": value.minor, "currency": value.currency}


def name(text: str, limit: int = MAX_NAME) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
