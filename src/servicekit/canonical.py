"""A catalogue in its canonical layout: `servicekit fmt`.

Keys in the order the format reference gives them, tables in the file's order, prices written
with the currency's digits ("95" becomes "95.00"), percentages as numbers when whole and as
decimal strings otherwise, times as "HH:MM". The layout is the bundled catalogues': a table per
entry, `[[rules]]` blocks, `when` and price lists as inline tables, lengths one to a line, long
descriptions wrapped; tomli-w writes every value. Comments are kept: a comment block above a
table header stays above it, and comments inside a table (inline ones too) move to the top of
that table. The result must load to the same catalogue, or nothing is written.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs
import tomli_w

from servicekit.loader import build_document
from servicekit.loading.reading import parse
from servicekit.model import fields
from servicekit.model.catalogue import RuleSpec
from servicekit.model.document import CatalogueFile
from servicekit.model.money import Money, quantum
from servicekit.plugins import PluginManager, default_plugin_manager

TABLES = ("locations", "credentials", "levels", "categories", "modalities", "services",
          "addons", "taxes")  # fmt: skip
"""The top-level tables of entries by id."""


def canonical(text: str, *, source: str, plugins: PluginManager | None = None) -> str:
    """The catalogue `text` in canonical layout. Raises `CatalogueError` when it does not
    load, and `AssertionError` if the layout would change its meaning (a bug)."""
    plugins = plugins or default_plugin_manager()
    document = parse(text, source)
    catalogue = build_document(document, plugins)
    data = _Normalizer(plugins, catalogue.currency).top(document.data)
    out = _with_comments(_Writer().document(data), document.text)
    again = parse(out, source)
    if _Normalizer(plugins, catalogue.currency).top(again.data) != data:
        raise AssertionError(f"{source}: the canonical layout would change its meaning")
    if sorted(_comments(out)) != sorted(_comments(document.text)):
        raise AssertionError(f"{source}: the canonical layout would lose comments")
    return out


class _Normalizer:
    """Catalogue data with its keys ordered and its values in canonical form, by type."""

    def __init__(self, plugins: PluginManager, currency: str) -> None:
        self.rule_types = plugins.registry().rule_types
        self.quantum = quantum(currency)

    def top(self, data: Mapping[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        hints = typing.get_type_hints(CatalogueFile)
        for field in attrs.fields(CatalogueFile):
            if field.name not in data:
                continue
            value = data[field.name]
            if field.name in TABLES:
                cls = typing.get_args(hints[field.name])[1]
                out[field.name] = {key: self.record(cls, entry) for key, entry in value.items()}
            elif field.name == "rules":
                out["rules"] = [self.rule(entry) for entry in value]
            else:
                out[field.name] = self.value(hints[field.name], value)
        return out

    def rule(self, entry: Mapping[str, Any]) -> dict[str, Any]:
        out = self.record(RuleSpec, entry)
        params = self.rule_types[entry["type"]].params
        out.update(self.record(params, entry))
        return out

    def record(self, cls: type, value: Mapping[str, Any]) -> dict[str, Any]:
        hints = typing.get_type_hints(cls)
        return {
            field.name: self.value(hints[field.name], value[field.name])
            for field in attrs.fields(cls)
            if field.name in value
        }

    def value(self, tp: Any, value: Any) -> Any:
        origin, args = typing.get_origin(tp), typing.get_args(tp)
        if origin in (typing.Union, types.UnionType):
            (present,) = [arg for arg in args if arg is not type(None)]
            return self.value(present, value)
        if tp is Money:
            return format(Decimal(str(value)).quantize(self.quantum), "f")
        if tp in (fields.Percent, Decimal):
            number = Decimal(str(value))
            return int(number) if number == number.to_integral_value() else _decimal(number)
        if tp is fields.TimeOfDay:
            return value if isinstance(value, str) else value.strftime("%H:%M")
        if tp is fields.Date and isinstance(value, str):
            return dt.date.fromisoformat(value)
        if origin in (tuple, list, frozenset):
            return [self.value(args[0], item) for item in value]
        if origin in (dict, Mapping):
            return {str(key): self.value(args[1], item) for key, item in value.items()}
        if attrs.has(tp) and isinstance(value, Mapping):
            return self.record(tp, value)
        return value


def _decimal(number: Decimal) -> str:
    return format(number.normalize(), "f")


WIDTH = 99
ORDER = {"services": ("name", "category", "modality", "description")}
"""Keys that read better first than the record's field order puts them."""


class _Writer:
    """The canonical layout; tomli-w writes each value."""

    def document(self, data: Mapping[str, Any]) -> str:
        lines: list[str] = []
        for key, value in data.items():
            if key in TABLES:
                for ident, entry in value.items():
                    self.table(lines, f"{key}.{_key(ident)}", _ordered(entry, ORDER.get(key)))
            elif key == "rules":
                for entry in value:
                    self.table(lines, "rules", entry, array=True)
            elif isinstance(value, Mapping):
                self.table(lines, key, value)
            else:
                lines.append(f"{_key(key)} = {_value(value)}")
        return "\n".join(lines).strip("\n") + "\n"

    def table(
        self, lines: list[str], name: str, entry: Mapping[str, Any], *, array: bool = False
    ) -> None:
        lines += ["", f"[[{name}]]" if array else f"[{name}]"]
        later = []
        for key, value in entry.items():
            if _is_table_list(value) and key == "rules":
                later.append((key, value))  # [[screening.rules]] come after the table's keys
            else:
                lines.extend(self.pair(key, value))
        for key, value in later:
            for item in value:
                self.table(lines, f"{name}.{key}", item, array=True)

    def pair(self, key: str, value: Any) -> list[str]:
        head = f"{_key(key)} = "
        if _is_table_list(value):
            items = [f"  {_inline(item)}," for item in value]
            return [f"{head}[", *items, "]"]
        if isinstance(value, str) and "\n" not in value and len(head) + len(value) + 2 > WIDTH:
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


# Comments: where they are in the source, and where they go in the output.

_HEADER = re.compile(r"^\s*(\[\[?)\s*(.+?)\s*(\]\]?)\s*(#.*)?$")
_KEY_PART = re.compile(r'"((?:[^"\\]|\\.)*)"|\'([^\']*)\'|([A-Za-z0-9_-]+)')


def _with_comments(body: str, source: str) -> str:
    """tomli-w's output with the source's comments put back by the table they belong to."""
    placed = _place(source)
    root = placed.pop(("", 0))
    lines = body.splitlines()
    out: list[str] = root["above"] + root["inside"]
    seen: dict[str, int] = {}
    for line in lines:
        header = _header(line)
        if header is not None:
            name, array = header
            index = seen.get(name, 0) if array else 0
            seen[name] = index + 1
            comments = placed.pop((name, index), {"above": [], "inside": []})
            if comments["above"]:
                if out and out[-1] != "":
                    out.append("")
                out += comments["above"]
            out.append(line)
            out += comments["inside"]
            continue
        out.append(line)
    for leftover in placed.values():  # a table tomli-w writes differently: keep its comments
        out += leftover.get("above", []) + leftover.get("inside", [])
    return "\n".join(out).rstrip("\n") + "\n"


def _place(source: str) -> dict[Any, dict[str, list[str]]]:
    """Each table's comments: those in the block above its header, and those inside it."""
    placed: dict[Any, dict[str, list[str]]] = {("", 0): {"above": [], "inside": []}}
    current: Any = ("", 0)
    pending: list[str] = []
    seen: dict[str, int] = {}
    started = False
    for line, comment, kind in _scan(source):
        if kind == "comment":
            pending.append(comment)
            continue
        if kind == "blank":
            if pending and not started:
                placed[("", 0)]["above"] += pending
                pending = []
            continue
        header = _header(line) if kind == "header" else None
        if header is not None:
            name, array = header
            index = seen.get(name, 0) if array else 0
            seen[name] = index + 1
            current = (name, index)
            entry = placed.setdefault(current, {"above": [], "inside": []})
            entry["above"] += pending
        else:
            entry = placed.setdefault(current, {"above": [], "inside": []})
            target = "above" if current == ("", 0) and not started else "inside"
            entry[target] += pending
        pending = []
        started = True
        if comment:
            entry["inside"].append(comment)
    placed.setdefault(current, {"above": [], "inside": []})["inside"] += pending
    return placed


def _scan(source: str) -> typing.Iterator[tuple[str, str, str]]:
    """Each line with its comment (if any) and what it is: "comment" (a comment alone),
    "blank", "header" or "value". Strings, multi-line strings and arrays are followed so a
    `#` or `[` inside them is not taken for a comment or a header."""
    quote: str | None = None  # the multi-line string delimiter we are inside, if any
    depth = 0  # open brackets of a value spanning lines
    for line in source.splitlines():
        stripped = line.strip()
        if quote is None and depth == 0:
            if not stripped:
                yield line, "", "blank"
                continue
            if stripped.startswith("#"):
                yield line, stripped, "comment"
                continue
        header = quote is None and depth == 0 and stripped.startswith("[")
        comment, quote, depth = _line(line, quote, depth if not header else 0)
        if header:
            depth = 0
        yield line, comment, "header" if header else "value"


def _line(line: str, quote: str | None, depth: int) -> tuple[str, str | None, int]:
    """The comment a line ends with, and the string and bracket state after it."""
    position = 0
    while position < len(line):
        if quote is not None:
            end = line.find(quote, position)
            if end < 0:
                return "", quote, depth
            position, quote = end + 3, None
            continue
        char = line[position]
        if line.startswith(('"""', "'''"), position):
            quote, position = line[position : position + 3], position + 3
        elif char in "\"'":
            position = _string_end(line, position)
        elif char == "#":
            return line[position:].strip(), None, depth
        else:
            depth += {"[": 1, "]": -1}.get(char, 0)
            position += 1
    return "", quote, depth


def _string_end(line: str, start: int) -> int:
    """The position after a one-line string starting at `start`."""
    delimiter, position = line[start], start + 1
    while position < len(line):
        if delimiter == '"' and line[position] == "\\":
            position += 2
            continue
        if line[position] == delimiter:
            return position + 1
        position += 1
    return position


def _header(line: str) -> tuple[str, bool] | None:
    """A table header's dotted name (keys unquoted) and whether it is `[[...]]`."""
    match = _HEADER.match(line)
    if not match or line.lstrip().startswith("#"):
        return None
    parts = []
    for part in _KEY_PART.finditer(match.group(2)):
        parts.append(next(group for group in part.groups() if group is not None))
    return ".".join(parts), match.group(1) == "[["


def _comments(text: str) -> list[str]:
    return [comment for _, comment, _ in _scan(text) if comment]
