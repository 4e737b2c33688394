"""Find the line of a key path in TOML text.

tomllib does not report positions, so when a catalogue has problems we scan the (already valid)
TOML once more and note the line where every table, key and array element starts. This is a
scanner, not a parser: it skips values and only follows tables, inline tables and arrays.
It runs only when there is something to report, and reads closely only the tables on the way
to the paths asked for: a warning about one add-on of a 10,000-service catalogue skips over the
services' tables (still minding strings and brackets, so a `[` inside a value is not taken for a
table header).
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable

from servicekit.errors import KeyPath

_SPACE = re.compile(r"[ \t]*")
_BLANK = re.compile(r"(?:[ \t\r\n]|#[^\n]*)*")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_BASIC = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_LITERAL = re.compile(r"'[^'\n]*'")
_MULTI_BASIC = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""(?:"{1,2}(?!"))?', re.DOTALL)
_MULTI_LITERAL = re.compile(r"'''(?:[^']|'(?!''))*'''(?:'{1,2}(?!'))?", re.DOTALL)
_SCALAR = re.compile(r"[^,\]}\n#]+")
_PLAIN_HEADER = re.compile(r"\[[ \t]*([A-Za-z0-9_-]+(?:[ \t]*\.[ \t]*[A-Za-z0-9_-]+)*)[ \t]*\]")
"""A table header of bare keys."""
_HEADER_LIKE = re.compile(r"^[ \t]*\[", re.MULTILINE)
"""A line that starts like a table header; it is one unless it is inside a value."""
_STRINGS_AND_COMMENTS = re.compile(
    "|".join(
        (_MULTI_BASIC.pattern, _MULTI_LITERAL.pattern, _BASIC.pattern, _LITERAL.pattern, "#[^\n]*")
    ),
    re.DOTALL,
)


class Locator:
    """Lines of key paths in one TOML document, scanned on first use.

    `wanted` are the paths that will be asked for, when known: only the tables on their way
    are read closely. A path not among them may then find only its table's line.
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
        self.pos = 0
        self.lines: dict[KeyPath, int] = {}
        self.array_tables: dict[KeyPath, int] = {}
        self.newlines = [match.start() for match in re.finditer("\n", text)]

    def line_here(self) -> int:
        return bisect.bisect_left(self.newlines, self.pos) + 1

    def record(self, path: KeyPath) -> None:
        if path not in self.lines:
            self.lines[path] = self.line_here()

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
            elif self.on_the_way is None or table in self.on_the_way or not self.skip_body():
                self.key_value(table)

    def skip_body(self) -> bool:
        """Pass over a table's keys and values up to the next table header, a line that
        starts with `[` outside any value, found by regular expressions rather than a step
        at a time (a table of 10,000 services is skipped in a few milliseconds). False when
        a multi-line string is open on the way: the table is then read closely."""
        text, start = self.text, self.pos
        for header in _HEADER_LIKE.finditer(text, start):
            between = _STRINGS_AND_COMMENTS.sub("", text[start : header.start()])
            if "'" in between or '"' in between:
                return False  # the `[` is inside a multi-line string
            if sum(map(between.count, "[{")) == sum(map(between.count, "]}")):
                self.pos = header.start()
                return True
            # else a `[` opening a line inside an array of arrays: look further
        self.pos = len(text)
        return True

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
        if self.peek("{"):
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
            self.pos += 1
            index = 0
            while True:
                self.skip(_BLANK)
                if self.peek("]") or self.pos >= len(self.text):
                    self.pos += 1
                    return
                if self.peek(","):
                    self.pos += 1
                    continue
                self.record((*path, index))
                self.value((*path, index))
                index += 1
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


def _unquote(token: str) -> str:
    try:
        return json.loads(token)
    except ValueError:
        return token[1:-1]
