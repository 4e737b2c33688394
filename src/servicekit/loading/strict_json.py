"""JSON as servicekit reads what people and programs write: fractions as exact decimals, and
no key given twice or NaN, which `json` would take silently (the last key winning, a float
that is no number)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any


class Refused(ValueError):
    """JSON that parsed, with what servicekit does not take from it: the message says what;
    `constant` is the one refused (NaN, Infinity, -Infinity), if that is what it was, for a
    reader to find its line."""

    def __init__(self, message: str, constant: str | None = None) -> None:
        super().__init__(message)
        self.constant = constant


def _no_constant(name: str) -> Any:
    raise Refused(f"{name} is not a number JSON allows", name)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    table = dict(pairs)
    if len(table) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise Refused(f"key '{key}' is given twice in one object")
            seen.add(key)
    return table


DECODER = json.JSONDecoder(
    parse_float=Decimal, parse_constant=_no_constant, object_pairs_hook=_no_duplicates
)
"""What `json.loads` would make with these options: made once. `decode` raises
`json.JSONDecodeError` for text that is not JSON and `Refused` for what is refused."""
