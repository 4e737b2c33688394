"""Where in an intake file a key is, so a problem found after reading (a clearance's scope the
catalogue does not know, a due date that is no pregnancy on the appointment day) names its
line: TOML through the catalogue's `Locator`, JSON by a scan of its own.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable

from servicekit.errors import KeyPath
from servicekit.loading.locating import Locator

_SPACE = re.compile(r"[ \t\n\r]*")


def locator(text: str, *, json_text: bool) -> Callable[[KeyPath], int | None]:
    """A function giving the line of a key path in `text` (or of its nearest enclosing key)."""
    if not json_text:
        return Locator(text).line
    lines = JsonLines(text)
    return lines.line


class JsonLines:
    """The line of every key and array item of a JSON document that parsed, found on first
    use with the standard library's own decoder for the values."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._lines: dict[KeyPath, int] | None = None
        self._breaks: list[int] = []
        self._decoder = json.JSONDecoder()

    def line(self, path: KeyPath) -> int | None:
        if self._lines is None:
            self._lines = {}
            self._breaks = [index for index, char in enumerate(self._text) if char == "\n"]
            self._value(0, ())
        for end in range(len(path), 0, -1):
            found = self._lines.get(path[:end])
            if found is not None:
                return found
        return None

    def _at(self, position: int) -> int:
        return bisect.bisect_left(self._breaks, position) + 1

    def _skip(self, position: int) -> int:
        match = _SPACE.match(self._text, position)
        return match.end() if match else position

    def _value(self, position: int, path: KeyPath) -> int:
        text, lines = self._text, self._lines
        assert lines is not None
        position = self._skip(position)
        lines.setdefault(path, self._at(position))
        opening = text[position]
        if opening not in "[{":
            _, end = self._decoder.raw_decode(text, position)
            end_at: int = end
            return end_at
        closing = "}" if opening == "{" else "]"
        position = self._skip(position + 1)
        index = 0
        while text[position] != closing:
            if opening == "{":
                line = self._at(position)
                key, position = self._decoder.raw_decode(text, position)
                here: KeyPath = (*path, key)
                lines[here] = line
                position = self._skip(position) + 1  # past the colon
            else:
                here = (*path, index)
                index += 1
            position = self._skip(self._value(position, here))
            if text[position] == ",":
                position = self._skip(position + 1)
        return position + 1
