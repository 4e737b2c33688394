"""Comments: where they are in the source, and where they go in the canonical layout.

TOML parsers drop comments, so they are found by scanning the text (following strings and
brackets, so a `#` or `[` inside a value is not taken for one) and put back by the table they
belong to. A comment block above a table header stays above it; comments inside a table,
inline ones too, move to the top of that table. Tables the canonical layout does not write as
tables of their own lend their comments to one it does: a sub-table such as
`[services.swedish.prices]` to its entry, a bare parent such as `[services]` to the next one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal

Kind = Literal["comment", "blank", "header", "value"]
Anchor = tuple[str, int]
"""A table in the output: its dotted name and, for an array of tables, which one."""

ROOT: Anchor = ("", 0)

_HEADER = re.compile(r"^\s*(\[\[?)\s*(.+?)\s*(\]\]?)\s*(#.*)?$")
_KEY_PART = re.compile(r'"((?:[^"\\]|\\.)*)"|\'([^\']*)\'|([A-Za-z0-9_-]+)')
_OPEN, _CLOSE = "[{", "]}"


def lines(text: str) -> list[str]:
    """The lines of TOML text. Only LF and CRLF end a line in TOML: `str.splitlines` would
    also split at characters such as U+0085 or U+2028, which may sit inside a string."""
    return [line.removesuffix("\r") for line in text.removesuffix("\n").split("\n")]


def comments(text: str) -> list[str]:
    """Every comment in `text`, in order."""
    return [comment for _, comment, _ in scan(text) if comment]


def with_comments(body: str, source: str) -> str:
    """The canonical `body` with the comments of `source` put back by their tables."""
    visible = {header[0] for line in lines(body) if (header := _header(line))}
    placed = _place(source, visible)
    root = placed.pop(ROOT, _empty())
    out: list[str] = root["above"] + root["inside"]
    seen: dict[str, int] = {}
    for line in lines(body):
        header = _header(line)
        if header is None:
            out.append(line)
            continue
        comments_ = placed.pop(_count(seen, *header), _empty())
        if comments_["above"]:
            if out and out[-1] != "":
                out.append("")
            out += comments_["above"]
        out.append(line)
        out += comments_["inside"]
    for leftover in placed.values():  # cannot happen, but a comment is never dropped
        out += leftover["above"] + leftover["inside"]
    return "\n".join(out).rstrip("\n") + "\n"


def _empty() -> dict[str, list[str]]:
    return {"above": [], "inside": []}


def _count(seen: dict[str, int], name: str, array: bool) -> Anchor:
    """The anchor of a header, counting the `[[name]]` headers seen so far."""
    index = seen.get(name, 0) if array else 0
    seen[name] = index + 1
    return name, index


def _place(source: str, visible: set[str]) -> dict[Anchor, dict[str, list[str]]]:
    """Each output table's comments: those in the block above its header, and those inside."""
    placed: dict[Anchor, dict[str, list[str]]] = {ROOT: _empty()}
    seen: dict[str, int] = {}
    current: Anchor | None = ROOT  # None: in a bare parent table, which the output lacks
    last = ROOT
    pending: list[str] = []  # comments alone on their lines, waiting for what follows
    started = False
    for line, comment, kind in scan(source):
        if kind == "comment":
            pending.append(comment)
            continue
        if kind == "blank":
            if pending and not started:  # the file's opening block
                placed[ROOT]["above"] += pending
                pending = []
            continue
        started, own = True, False
        if kind == "header" and (header := _header(line)) is not None:
            current, own = _anchor(_count(seen, *header), visible, seen)
        inline = [comment] if comment else []
        if current is None:
            pending += inline
            continue
        last = current
        entry = placed.setdefault(current, _empty())
        entry["above" if own else "inside"] += pending
        entry["inside"] += inline
        pending = []
    placed.setdefault(last, _empty())["inside"] += pending
    return placed


def _anchor(anchor: Anchor, visible: set[str], seen: dict[str, int]) -> tuple[Anchor | None, bool]:
    """The output table a source header's comments go to, and whether it is the header's own:
    itself, the nearest table it is inside of, or None for a bare parent."""
    name = anchor[0]
    if name in visible:
        return anchor, True
    parts = name.split(".")
    for end in range(len(parts) - 1, 0, -1):
        parent = ".".join(parts[:end])
        if parent in visible:  # the latest of an array of tables, as TOML reads it
            return (parent, max(seen.get(parent, 1) - 1, 0)), False
    return None, False


def scan(source: str) -> Iterator[tuple[str, str, Kind]]:
    """Each line with its comment (if any) and what it is: "comment" (a comment alone),
    "blank", "header" or "value"."""
    quote: str | None = None  # the multi-line string delimiter we are inside, if any
    depth = 0  # brackets and braces open in a value spanning lines
    for line in lines(source):
        stripped = line.strip()
        between = quote is None and depth == 0
        if between and not stripped:
            yield line, "", "blank"
        elif between and stripped.startswith("#"):
            yield line, stripped, "comment"
        elif between and stripped.startswith("["):
            comment, quote, _ = _lex(line, None, 0)
            yield line, comment, "header"
        else:
            comment, quote, depth = _lex(line, quote, depth)
            yield line, comment, "value"


def _lex(line: str, quote: str | None, depth: int) -> tuple[str, str | None, int]:
    """The comment a line ends with, and the string and bracket state after it."""
    position = 0
    while position < len(line):
        if quote is not None:
            position, quote = _multiline_end(line, position, quote)
            continue
        char = line[position]
        if line.startswith(('"""', "'''"), position):
            quote, position = line[position : position + 3], position + 3
        elif char in "\"'":
            position = _string_end(line, position)
        elif char == "#":
            return line[position:].strip(), None, depth
        else:
            depth += (char in _OPEN) - (char in _CLOSE)
            position += 1
    return "", quote, depth


def _multiline_end(line: str, position: int, quote: str) -> tuple[int, str | None]:
    """Where a multi-line string closes on this line (None: it has), or the line's end."""
    while position < len(line):
        if quote == '"""' and line[position] == "\\":
            position += 2  # an escape, or a line-ending backslash
            continue
        if line.startswith(quote, position):
            end = position + 3
            while end < len(line) and end - position < 5 and line[end] == quote[0]:
                end += 1  # up to two quotes may end the string itself
            return end, None
        position += 1
    return position, quote


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
    parts = [
        next(group for group in part.groups() if group is not None)
        for part in _KEY_PART.finditer(match.group(2))
    ]
    return ".".join(parts), match.group(1) == "[["
