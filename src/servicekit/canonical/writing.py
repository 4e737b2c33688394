"""The canonical layout: a table per entry, `[[rules]]` blocks, `when` and price lists inline,
lengths one to a line, long descriptions wrapped. tomli-w writes every value."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import tomli_w

from servicekit.canonical.comments import lines as lines_of
from servicekit.canonical.normalizing import TABLES

WIDTH = 99
ORDER = {"services": ("name", "category", "modality", "description")}
"""Keys that read better first than the record's field order puts them."""


def write(data: Mapping[str, Any]) -> str:
    """Normalized catalogue data as TOML text in the canonical layout."""
    lines: list[str] = []
    for key, value in data.items():
        if key in TABLES:
            for ident, entry in value.items():
                _table(lines, f"{key}.{_key(ident)}", _ordered(entry, ORDER.get(key)))
        elif key == "rules":
            for entry in value:
                _table(lines, "rules", entry, array=True)
        elif key == "plugins":
            # A plugin's settings are its own: tomli-w's layout, a table per plugin.
            for name, settings in value.items():
                lines += ["", *lines_of(tomli_w.dumps({"plugins": {name: settings}}))]
        elif isinstance(value, Mapping):
            _table(lines, key, value)
        else:
            lines.extend(_pair(key, value))
    return "\n".join(lines).strip("\n") + "\n"


def _table(lines: list[str], name: str, entry: Mapping[str, Any], *, array: bool = False) -> None:
    lines += ["", f"[[{name}]]" if array else f"[{name}]"]
    later = []
    for key, value in entry.items():
        if _is_table_list(value) and key == "rules":
            later.append((key, value))  # [[screening.rules]] come after the table's keys
        else:
            lines.extend(_pair(key, value))
    for key, value in later:
        for item in value:
            _table(lines, f"{name}.{key}", item, array=True)


def _pair(key: str, value: Any) -> list[str]:
    head = f"{_key(key)} = "
    if _is_table_list(value):
        items = [f"  {_inline(item)}," for item in value]
        return [f"{head}[", *items, "]"]
    if isinstance(value, str) and "\n" in value and "\r" not in value:  # CRLF would not survive
        return lines_of(tomli_w.dumps({key: value}, multiline_strings=True))
    if isinstance(value, str) and len(head) + len(value) + 2 > WIDTH and _wrappable(value):
        return _wrapped(head, value)
    return [head + _value(value)]


def _ordered(entry: Mapping[str, Any], first: tuple[str, ...] | None) -> Mapping[str, Any]:
    if not first:
        return entry
    return {**{k: entry[k] for k in first if k in entry}, **entry}


def _is_table_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, Mapping) for v in value)


def _key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _value(key)


def _value(value: Any) -> str:
    """A value as TOML, one line: tomli-w's formatting for scalars."""
    if isinstance(value, Mapping):
        return _inline(value)
    if isinstance(value, list):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    return tomli_w.dumps({"v": value}).partition(" = ")[2].rstrip("\n")


def _inline(table: Mapping[str, Any]) -> str:
    if not table:
        return "{}"
    return "{ " + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in table.items()) + " }"


def _wrappable(text: str) -> bool:
    """Words with one space between them: a line-ending backslash in a multi-line string
    swallows the white space after it, so any other spacing would not survive wrapping."""
    return text == " ".join(text.split())


def _wrapped(head: str, text: str, width: int = WIDTH - 7) -> list[str]:
    """A long string as a multi-line string whose line ends are escaped: the same text."""
    escaped = _value(text)[1:-1]  # tomli-w's escaping, without its quotes
    lines, line = [], ""
    for word in escaped.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line + " \\")
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [f'{head}"""', *lines, line + '"""']
