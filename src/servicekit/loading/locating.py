"""Find the line of a key path in TOML text.

tomli does not report positions, so when a catalogue has problems we scan the (already valid)
TOML once more and note the line where the tables, keys and array elements asked for start.
This is a scanner, not a parser: it skips values and only follows tables, inline tables and
arrays on the way to the paths asked for. Everything else — other tables, other values, the
rest of an array past the last element asked for — is passed over by regular expressions that
still mind strings and brackets (so a `[` inside a value is not taken for a table header),
without building anything.

Its cost is linear in the text with small constant memory: no table of every line, no
per-character backtracking in the string patterns (they use possessive repeats), so a 30 MB
catalogue or a 10 MB string is located in a fraction of the time parsing it took.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from servicekit.errors import KeyPath

_SPACE = re.compile(r"[ \t]*+")
_BLANK = re.compile(r"(?:[ \t\r\n]++|#[^\n]*+)*+")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]++")
_BASIC = re.compile(r'"[^"\\\n]*+(?:\\.[^"\\\n]*+)*+"')
_LITERAL = re.compile(r"'[^'\n]*+'")
_MULTI_BASIC = re.compile(
    r'"""[^"\\]*+(?:(?:\\.|"(?!""))[^"\\]*+)*+"""(?:"{1,2}(?!"))?', re.DOTALL
)
_MULTI_LITERAL = re.compile(r"'''[^']*+(?:'(?!'')[^']*+)*+'''(?:'{1,2}(?!'))?", re.DOTALL)
_SCALAR = re.compile(r"[^,\]}\n#]++")
_PLAIN_HEADER = re.compile(r"\[[ \t]*([A-Za-z0-9_-]+(?:[ \t]*\.[ \t]*[A-Za-z0-9_-]+)*)[ \t]*\]")
"""A table header of bare keys."""
_FILLER = re.compile(
    "(?:"
    + "|".join(
        (
            r"[^\[\]{}\"'#]++",
            _MULTI_BASIC.pattern,
            _MULTI_LITERAL.pattern,
            _BASIC.pattern,
            _LITERAL.pattern,
            r"#[^\n]*+",
        )
    )
    + ")*+",
    re.DOTALL,
)
"""Everything up to the next bracket or brace outside strings and comments, in one match."""


class Locator:
    """Lines of key paths in one TOML document, scanned on first use.

    `wanted` are the paths that will be asked for: only the tables, keys and elements on their
    way are read closely, and a path not among them may find only its table's line. Without
    `wanted`, every key's line is noted (for small documents only: that costs memory).
    """

    def __init__(self, text: str, wanted: Iterable[KeyPath] | None = None) -> None:
        self._text = text
        self._lines: dict[KeyPath, int] | None = None
        self._on_the_way = (
            None
            if wanted is None
            else frozenset(path[:end] for path in wanted for end in range(len(path) + 1))
        )

    def line(self, path: KeyPath) -> int | None:
        """The line where `path` (or, failing that, its nearest enclosing key) starts."""
        if self._lines is None:
            self._lines = _Scanner(self._text, self._on_the_way).scan()
        for end in range(len(path), 0, -1):
            line = self._lines.get(path[:end])
            if line is not None:
                return line
        return None


class _Scanner:
    def __init__(self, text: str, on_the_way: frozenset[KeyPath] | None = None) -> None:
        self.text = text
        self.on_the_way = on_the_way
        self.last_index = _last_indexes(on_the_way)
        self.entered = None if on_the_way is None else frozenset(p[:-1] for p in on_the_way if p)
        """The paths with something on the way inside them."""
        self.pos = 0
        self.lines: dict[KeyPath, int] = {}
        self.array_tables: dict[KeyPath, int] = {}
        self.counted = 0  # the line number is worked out as the scan moves forward
        self.line_number = 1

    def wanted(self, path: KeyPath) -> bool:
        return self.on_the_way is None or path in self.on_the_way

    def to_enter(self, path: KeyPath) -> bool:
        return self.entered is None or path in self.entered

    def record(self, path: KeyPath) -> None:
        if path not in self.lines and self.wanted(path):
            self.line_number += self.text.count("\n", self.counted, self.pos)
            self.counted = self.pos
            self.lines[path] = self.line_number

    def skip(self, pattern: re.Pattern[str]) -> str:
        match = pattern.match(self.text, self.pos)
        if match is None:
            return ""
        self.pos = match.end()
        return match.group()

    def peek(self, token: str) -> bool:
        return self.text.startswith(token, self.pos)

    def scan(self) -> dict[KeyPath, int]:
        table: KeyPath = ()
        while True:
            self.skip(_BLANK)
            if self.pos >= len(self.text):
                return self.lines
            if self.peek("[["):
                self.pos += 2
                keys = self.keys()
                path = (*self.resolve(keys[:-1]), keys[-1])
                index = self.array_tables.get(path, -1) + 1
                self.array_tables[path] = index
                self.record(path)
                table = (*path, index)
                self.record(table)
                self.pos += 2
            elif self.peek("["):
                plain = _PLAIN_HEADER.match(self.text, self.pos)
                if plain:  # most headers: [services.swedish], read in one step
                    self.pos = plain.end()
                    keys = tuple(key.strip() for key in plain.group(1).split("."))
                else:
                    self.pos += 1
                    keys = self.keys()
                    self.pos += 1
                table = self.resolve(keys)
                self.record(table)
            elif self.wanted(table):
                self.key_value(table)
            else:
                self.skip_body()

    def skip_body(self) -> None:
        """Pass over a table's keys and values up to the next table header: a `[` that starts
        a line outside every value."""
        text, depth = self.text, 0
        while True:
            self.skip(_FILLER)
            if self.pos >= len(text):
                return
            char = text[self.pos]
            if char == "[" and depth == 0 and self.at_line_start():
                return
            if char in "[{":
                depth += 1
            elif char in "]}":
                depth -= 1
            self.pos += 1  # a bracket, or a quote that opens no string (not valid TOML)

    def at_line_start(self) -> bool:
        start = self.text.rfind("\n", 0, self.pos) + 1
        return not self.text[start : self.pos].strip(" \t")

    def skip_nested(self) -> None:
        """Pass over an array or inline table, from its opening bracket to its closing one."""
        text, depth = self.text, 0
        while self.pos < len(text):
            char = text[self.pos]
            self.pos += 1
            if char in "[{":
                depth += 1
            elif char in "]}":
                depth -= 1
                if depth == 0:
                    return
            self.skip(_FILLER)

    def resolve(self, keys: KeyPath) -> KeyPath:
        """A header's path, with the current index of every array of tables on the way."""
        path: KeyPath = ()
        for key in keys:
            path = (*path, key)
            if path in self.array_tables:
                path = (*path, self.array_tables[path])
        return path

    def keys(self) -> KeyPath:
        keys: list[str] = []
        while True:
            self.skip(_SPACE)
            if self.peek('"'):
                keys.append(_unquote(self.skip(_BASIC)))
            elif self.peek("'"):
                keys.append(self.skip(_LITERAL)[1:-1])
            else:
                keys.append(self.skip(_BARE_KEY))
            self.skip(_SPACE)
            if not self.peek("."):
                return tuple(keys)
            self.pos += 1

    def key_value(self, table: KeyPath) -> None:
        start = self.pos
        keys = self.keys()
        for end in range(1, len(keys) + 1):
            self.record((*table, *keys[:end]))
        self.skip(_SPACE)
        if not self.peek("=") or self.pos == start:
            # Not valid TOML after all: stop rather than loop.
            self.pos = len(self.text)
            return
        self.pos += 1
        self.value((*table, *keys))

    def value(self, path: KeyPath) -> None:
        self.skip(_SPACE)
        if (self.peek("{") or self.peek("[")) and not self.to_enter(path):
            self.skip_nested()
        elif self.peek("{"):
            self.pos += 1
            while True:
                self.skip(_BLANK)
                if self.peek("}") or self.pos >= len(self.text):
                    self.pos += 1
                    return
                if self.peek(","):
                    self.pos += 1
                    continue
                self.key_value(path)
        elif self.peek("["):
            self.elements(path)
        elif self.peek('"""'):
            self.skip(_MULTI_BASIC)
        elif self.peek("'''"):
            self.skip(_MULTI_LITERAL)
        elif self.peek('"'):
            self.skip(_BASIC)
        elif self.peek("'"):
            self.skip(_LITERAL)
        else:
            self.skip(_SCALAR)

    def elements(self, path: KeyPath) -> None:
        """An array's elements, up to the last one asked for; the rest is passed over."""
        opening = self.pos
        self.pos += 1
        last = self.last_index.get(path)
        index = 0
        while True:
            self.skip(_BLANK)
            if self.peek("]") or self.pos >= len(self.text):
                self.pos += 1
                return
            if self.peek(","):
                self.pos += 1
                continue
            if last is not None and index > last:
                self.pos = opening
                self.skip_nested()
                return
            self.record((*path, index))
            self.value((*path, index))
            index += 1


def _last_indexes(on_the_way: frozenset[KeyPath] | None) -> dict[KeyPath, int]:
    """For each path on the way, the last array index asked for inside it."""
    last: dict[KeyPath, int] = {}
    for path in on_the_way or ():
        if path and isinstance(path[-1], int):
            last[path[:-1]] = max(last.get(path[:-1], -1), path[-1])
    return last


def _unquote(token: str) -> str:
    try:
        return json.loads(token)
    except ValueError:
        return token[1:-1]
