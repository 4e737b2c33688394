"""Catalogue values as JSON: money in integer minor units, decimals as strings, and the one
way exports serialize, so the same catalogue gives the same bytes."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Mapping
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
    """The export's bytes: indented for people and diffs, keys in the order written.

    The bytes are `json.dumps(document, indent=2, ensure_ascii=False)`'s and a newline.
    Python writes indented JSON in Python, value by value; a large menu's export would
    spend most of its time there. So what holds no more than values on one line (a length
    with its price, say) is written by the C encoder, the indenting in its separators.
    """
    return (_indented(document, 0) + "\n").encode("utf-8")


def _indented(value: Any, level: int) -> str:
    """`value` as `json.dumps(value, indent=2, ensure_ascii=False)` writes it at `level`."""
    if isinstance(value, dict):
        if not value:
            return "{}"
        if not all(type(key) is str for key in value):  # as JSON writes keys that are not
            return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", _NEWLINE[level])
        inside = _NEWLINE[level + 1]
        if all(map(_flat, value.values())):
            return "{" + inside + _ON_ONE_LINE[level + 1](value)[1:-1] + _NEWLINE[level] + "}"
        items = [_string(key) + ": " + _text(item, level + 1) for key, item in value.items()]
        return "{" + inside + ("," + inside).join(items) + _NEWLINE[level] + "}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        inside = _NEWLINE[level + 1]
        if all(map(_flat, value)):
            return "[" + inside + _ON_ONE_LINE[level + 1](value)[1:-1] + _NEWLINE[level] + "]"
        items = [_text(item, level + 1) for item in value]
        return "[" + inside + ("," + inside).join(items) + _NEWLINE[level] + "]"
    return _ON_ONE_LINE[0](value)


def _text(value: Any, level: int) -> str:
    """A value in a container written at `level`: strings and numbers at once."""
    kind = type(value)
    if kind is str:
        return _string(value)
    if kind is int:
        return int.__repr__(value)
    return _indented(value, level)


class _Newlines(dict[int, str]):
    def __missing__(self, level: int) -> str:
        self[level] = found = "\n" + "  " * level
        return found


class _Encoders(dict[int, Callable[[Any], str]]):
    """The C encoder writing a container of values, each on a line indented to a level (as
    `JSONEncoder.encode` makes it for each call, made once)."""

    def __missing__(self, level: int) -> Callable[[Any], str]:
        separators = ("," + _NEWLINE[level], ": ")
        encoder = json.JSONEncoder(ensure_ascii=False, separators=separators)
        make = getattr(json.encoder, "c_make_encoder", None)
        if make is None:  # not CPython
            self[level] = encoder.encode
            return encoder.encode
        iterencode = make(
            None, encoder.default, _string, None, ": ", separators[0], False, False, True
        )

        def encode(value: Any) -> str:
            return "".join(iterencode(value, 0))

        self[level] = encode
        return encode


_NEWLINE = _Newlines()
"""A new line indented to each level."""
_ON_ONE_LINE = _Encoders()
_string = json.encoder.encode_basestring


def _flat(value: Any) -> bool:
    """Whether JSON writes `value` on one line however it indents: not a container, or an
    empty one."""
    return not isinstance(value, dict | list | tuple) or not value


def content_hash(document: Any) -> str:
    """A SHA-256 of the document's canonical JSON (sorted keys, no spaces)."""
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()
