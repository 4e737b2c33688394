"""From a path or a string to a TOML document: size, encoding, syntax and nesting checked.

TOML is parsed by tomli, the project the standard library's tomllib was taken from, because
its compiled wheels load a 10,000-service catalogue in 0.7 s instead of 1.15 s; tomli 2.4 reads
TOML 1.1 (1.0 plus times without seconds and multi-line inline tables). `parse_float=Decimal`
keeps binary floats away from prices.
"""

from __future__ import annotations

import codecs
import functools
import os
import re
from decimal import Decimal
from typing import Any

import tomli

from servicekit.errors import CatalogueError, DocumentError, Problem
from servicekit.files import NotReadable, read_limited

MAX_BYTES = 32 * 1024 * 1024
"""A catalogue of 10,000 services is about 4 MB; anything over this is not a catalogue."""

MAX_DEPTH = 20
"""The deepest catalogue key path is 5 levels; 20 leaves room for plugins' rule parameters."""

# The patterns below read a file that failed to parse: `re` compiles (and caches) each when it
# is first used, so a catalogue that parses compiles none.
_POSITION = r"\s*\(at (line \d+, column \d+|end of document)\)$"


class Document:
    """A parsed TOML document and the text it came from (for locating problems).

    A plain class, made once per file read: nothing compares or shows one, and an attrs
    class compiles its methods in every process that reads a catalogue."""

    __slots__ = ("data", "source", "text")

    def __init__(self, source: str, text: str, data: dict[str, Any]) -> None:
        self.source = source
        self.text = text
        self.data = data


def read(path: str | os.PathLike[str], *, error: type[DocumentError] = CatalogueError) -> Document:
    """Read and parse the TOML file at `path`; problems raise `error`."""
    return parse(read_bytes(path, error=error), str(path), error=error)


def read_bytes(
    path: str | os.PathLike[str], *, error: type[DocumentError] = CatalogueError
) -> bytes:
    """The bytes of the regular file at `path`, at most `MAX_BYTES` of them."""
    _fail = functools.partial(_failure, error)
    if os.path.isdir(path):
        # pathlib only for a path that is not a file: reading one goes by os.path, and
        # pathlib (with the urllib.parse and ipaddress it brings) costs check's start-up.
        from pathlib import Path

        directory = Path(path)
        inside = sorted(p.name for suffix in error.suffixes for p in directory.glob(f"*{suffix}"))
        kinds = " or ".join(error.suffixes)
        hint = f"e.g. {directory / inside[0]}" if inside else f"give the path of a {kinds} file"
        raise _fail(str(directory), f"is a directory, not {error.a_what} file", hint)
    try:
        return read_limited(path, MAX_BYTES)
    except NotReadable as why:
        from pathlib import Path

        message = why.message
        if message.startswith("is more than"):
            message = f"is more than {MAX_BYTES:,} bytes; {error.a_what} may be at most that"
        raise _fail(str(Path(path)), message, why.hint) from None


def decode(raw: bytes, source: str, *, error: type[DocumentError] = CatalogueError) -> str:
    """UTF-8 text, or an error naming the line of the first byte that is not."""
    return _decode(raw, source, functools.partial(_failure, error)).removeprefix("\ufeff")


def parse(
    raw: bytes | str, source: str = "<string>", *, error: type[DocumentError] = CatalogueError
) -> Document:
    """Parse TOML text (bytes must be UTF-8). Floats are read as `Decimal`."""
    _fail = functools.partial(_failure, error)
    size = len(raw) if isinstance(raw, bytes) else len(raw.encode("utf-8", "surrogatepass"))
    if size > MAX_BYTES:
        raise _fail(source, f"is {size:,} bytes; {error.a_what} may be at most {MAX_BYTES:,}")
    text = _decode(raw, source, _fail) if isinstance(raw, bytes) else raw
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise _fail(source, "the file is empty", error.starting_point)
    try:
        data = tomli.loads(text, parse_float=Decimal)
    except tomli.TOMLDecodeError as exc:
        other = _other_format(text, source, error)
        if other is not None:
            raise _fail(source, *other) from None
        message = _readable(re.sub(_POSITION, "", str(exc)))
        lines = text.splitlines()[: max(exc.lineno, 0)]
        message, hint = _said_where(message, lines)
        raise _fail(source, f"TOML syntax error: {message}", hint, line=exc.lineno) from None
    except RecursionError:
        raise _fail(source, f"values are nested too deeply to be {error.a_what}") from None
    if _too_deep(data):
        raise _fail(source, f"values are nested more than {MAX_DEPTH} levels deep")
    return Document(source, text, data)


_YAML_LINE = r"\s*(- |-$|[\w\"' -]+:(\s|$)|---\s*$|%YAML)"
"""A line as YAML writes it: `key: value`, `- item`, `---`; in TOML it would be an error."""


def _other_format(text: str, source: str, error: type[DocumentError]) -> tuple[str, str] | None:
    """What a file that is not TOML seems to be, with a hint; None when it seems TOML."""
    stripped = text.lstrip()
    if stripped.startswith("{") or (stripped.startswith("[") and _is_json(stripped)):
        what = "a catalogue" if error is CatalogueError else error.a_what
        return f"is JSON, not TOML: {what} is written in TOML", _json_hint(stripped, source, error)
    lines = [
        line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    ][:50]
    yaml = sum(1 for line in lines if re.match(_YAML_LINE, line))
    if lines and yaml * 2 > len(lines):
        what = "a catalogue" if error is CatalogueError else error.a_what
        return (
            f"looks like YAML, not TOML: {what} is written in TOML",
            "TOML writes `key = value` and [tables] where YAML writes `key: value`; "
            + _format_docs(error),
        )
    return None


def _is_json(text: str) -> bool:
    import json  # only for a file that is not TOML: a catalogue that is needs none

    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _json_hint(text: str, source: str, error: type[DocumentError]) -> str:
    import shlex

    if error is not CatalogueError:
        return _format_docs(error)
    head = text[:4096]
    command = f"`servicekit import square {shlex.quote(source)} -o catalogue.toml`"
    if '"objects"' in head or '"batches"' in head or '"ITEM"' in head:
        return f"it looks like a Square catalog: {command} starts a catalogue from it"
    if '"servicekit-catalogue-export"' in head:
        return (
            "it is servicekit's JSON export, made for POS systems; keep the TOML catalogue it "
            "was exported from, or write one (" + _format_docs(error) + ")"
        )
    return f"{_format_docs(error)}; for a Square catalog, {command} starts one from it"


def _format_docs(error: type[DocumentError]) -> str:
    if error is CatalogueError:
        return "docs/catalogue-format.md shows every key in TOML"
    return error.starting_point


_KEYS_TUPLE = r"\(((?:'[^']*',? ?)+)\)"


def _readable(message: str) -> str:
    """tomli's messages, with its key tuples written as TOML keys."""

    def keys(match: re.Match[str]) -> str:
        return "[" + ".".join(re.findall(r"'([^']*)'", match.group(1))) + "]"

    message = re.sub(_KEYS_TUPLE, keys, message)
    message = message.replace("Cannot declare", "the table").replace(
        " twice", " is declared twice"
    )
    message = message.replace("Cannot mutate immutable namespace", "cannot add keys to")
    return message.replace("Cannot overwrite a value", "a key is given a value twice")


_KEY = r"\s*((?:[\w-]+|\"[^\"]*\"|'[^']*')(?:\s*\.\s*(?:[\w-]+|\"[^\"]*\"|'[^']*'))*)\s*="
"""A key as a line begins with it (compiled only when a file has a key twice)."""


def _said_where(message: str, lines: list[str]) -> tuple[str, str | None]:
    """tomli's message made particular by the line it is about (the last of `lines`, those up
    to it), with how to fix it: the key given twice, a string left open."""
    line = lines[-1] if lines else ""
    if message == "a key is given a value twice":
        key = _key_of(line)
        # Named only when an earlier line gives the very same key: `a.b.c = 2` after
        # `a.b = 1` is refused for `a.b`, which the line does not write out.
        if key is not None and key in map(_key_of, lines[:-1]):
            return f"key '{key}' is given a value twice", "keep one of the two"
        return message, "a key on this line, or the table it is in, has a value already"
    if message == "Illegal character '\\n'" and ('"' in line or "'" in line):
        return (
            "a string is not closed on its line",
            'end it with the quote it starts with; text of several lines goes in """triple '
            'quotes"""',
        )
    return message, None


def _key_of(line: str) -> str | None:
    """The key a line gives a value to, as written."""
    found = re.match(_KEY, line)
    return found[1] if found else None


def _decode(raw: bytes, source: str, _fail: Any) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        byte = raw[exc.start]
        if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            said = "it is UTF-16 text"
        elif byte >= 0xA0 or byte in _CP1252_LETTERS:
            # A lone byte above 0x7f that UTF-8 cannot read is, in practice, Windows-1252 or
            # Latin-1, what older editors on Windows save: name the letter it stands for.
            letter = bytes([byte]).decode("cp1252", errors="replace")
            said = (
                f"byte 0x{byte:02x} is '{letter}' in Latin-1 or Windows-1252, so it was saved "
                "in one of those"
            )
        else:
            said = f"byte 0x{byte:02x} cannot be read"
        raise _fail(
            source,
            f"the file is not UTF-8 text: {said}",
            "save it as UTF-8 in your editor: Save As, encoding UTF-8",
            line=line,
        ) from None


_CP1252_LETTERS = frozenset(b"\x8a\x8c\x8e\x9a\x9c\x9e\x9f\x80\x85\x91\x92\x93\x94\x96\x97")
"""Bytes below 0xa0 that Windows-1252 uses for letters, the euro sign, quotes and dashes."""


def _too_deep(data: dict[str, Any]) -> bool:
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        children = value.values() if isinstance(value, dict) else value
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


def _failure(
    error: type[DocumentError],
    source: str,
    message: str,
    hint: str | None = None,
    *,
    line: int | None = None,
) -> DocumentError:
    return error([Problem(None, message, hint, line=line)], source=source)
