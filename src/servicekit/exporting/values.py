"""Catalogue values as JSON: money in integer minor units, decimals as strings, and the one
way exports serialize, so the same catalogue gives the same bytes."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from servicekit.model.money import Money


def plain(value: Any) -> Any:
    """A catalogue value as JSON data: Money as minor units, Decimal as a string, dates in ISO
    8601, sets sorted, attrs records as objects of every field."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Money):
        return value.minor
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S" if value.second else "%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, frozenset | set):
        return sorted(plain(item) for item in value)
    if isinstance(value, tuple | list):
        return [plain(item) for item in value]
    if attrs.has(type(value)):
        return {
            field.name: plain(getattr(value, field.name)) for field in attrs.fields(type(value))
        }
    raise TypeError(f"no JSON form for {type(value).__name__}")


def given(record: Any) -> dict[str, Any]:
    """The fields of an attrs record that differ from their defaults, as JSON data."""
    out = {}
    for field in attrs.fields(type(record)):
        value = getattr(record, field.name)
        default = field.default
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            default = default.factory()
        if value != default:
            out[field.name] = plain(value)
    return out


def decimal_text(value: Decimal) -> str:
    """`Decimal("8.250")` -> "8.25", `Decimal("10")` -> "10": no exponent, no padding."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def dumps(document: Any) -> bytes:
    """The export's bytes: indented for people and diffs, keys in the order written."""
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def content_hash(document: Any) -> str:
    """A SHA-256 of the document's canonical JSON (sorted keys, no spaces)."""
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()
