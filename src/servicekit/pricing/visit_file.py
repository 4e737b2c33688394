"""A visit written in a file, TOML or JSON: what `servicekit quote --visit FILE` reads.

The file holds `Catalogue.quote`'s keyword arguments (`servicekit.model.visit.VisitFile`
documents each; `servicekit schema visit` prints its JSON Schema): a file and a request to
`POST /quote` say a visit the same way. Reading checks its shape, each problem located by its
key path and line; what the values mean is checked by quoting, as for any caller.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

from servicekit.errors import BookingError, DocumentError, KeyPath, Problem, did_you_mean
from servicekit.loading.reading import decode, parse, read_bytes
from servicekit.loading.strict_json import DECODER, Refused
from servicekit.model.visit import GuestSpec, ItemSpec, PlanSpec, VisitFile
from servicekit.screening.locating import locator


class VisitFileError(DocumentError):
    """A visit file that cannot be read: malformed, or with keys a visit does not have."""

    what = "visit"
    a_what = "a visit"
    starting_point = "a visit has [[items]], each with a service; see docs/pricing.md"
    suffixes = (".toml", ".json")


KEYS: dict[KeyPath, tuple[str, ...]] = {
    (): tuple(field.name for field in attrs.fields(VisitFile)),
    ("items",): tuple(field.name for field in attrs.fields(ItemSpec)),
    ("guests",): tuple(field.name for field in attrs.fields(GuestSpec)),
    ("plans",): tuple(field.name for field in attrs.fields(PlanSpec)),
}
"""The keys each table of a visit file may have."""


MAX_VISIT_BYTES = 1024 * 1024
"""A visit of 50 items is a few kilobytes; a file far larger than this is another file."""


@attrs.frozen
class VisitDocument:
    """A visit file read: `Catalogue.quote`'s keyword arguments, and where each is written."""

    source: str
    arguments: dict[str, Any]
    line: Callable[[KeyPath], int | None]
    """The line of a key path in the file (or of its nearest enclosing key)."""

    def error(self, error: BookingError) -> VisitFileError:
        """A `BookingError` about what the file says, at the key and line it is said on."""
        path = error.path or None
        problem = Problem(path, error.message, error.hint, line=self.line(path) if path else None)
        return VisitFileError([problem], source=self.source)


def load_visit(path: str | os.PathLike[str]) -> VisitDocument:
    """The visit a file gives, or `VisitFileError` naming every problem of its shape, each
    at its key path and line."""
    path = Path(path)
    source = str(path)
    raw = read_bytes(path, error=VisitFileError)
    if len(raw) > MAX_VISIT_BYTES:
        problem = Problem(
            None,
            f"is {len(raw):,} bytes; a visit may be at most {MAX_VISIT_BYTES:,}",
            "a visit is a few items: is it the right file?",
        )
        raise VisitFileError([problem], source=source)
    text = None
    if path.suffix.lower() != ".toml":
        text = decode(raw, source, error=VisitFileError)
    json_text = text is not None and (
        path.suffix.lower() == ".json" or text.lstrip().startswith("{")
    )
    if text is not None and json_text:
        data = _json(text, source)
    else:
        document = parse(raw, source, error=VisitFileError)
        data, text = document.data, document.text
    assert text is not None
    lines = locator(text, json_text=json_text)
    problems = [
        attrs.evolve(problem, line=lines(problem.path)) if problem.path else problem
        for problem in _shape(data)
    ]
    if problems:
        raise VisitFileError(problems, source=source)
    return VisitDocument(source, dict(data), lines)


def _json(text: str, source: str) -> Any:
    try:
        return DECODER.decode(text)
    except json.JSONDecodeError as error:
        problem = Problem(None, f"JSON syntax error: {error.msg}", line=error.lineno)
        raise VisitFileError([problem], source=source) from None
    except Refused as error:
        raise VisitFileError([Problem(None, str(error))], source=source) from None
    except RecursionError:
        raise VisitFileError(
            [Problem(None, "values are nested too deeply to be a visit")], source=source
        ) from None


def _shape(data: Any) -> Any:
    """Problems with the file's tables and keys, each at its key path."""
    if not isinstance(data, dict):
        yield Problem(None, "a visit is a table of keys", VisitFileError.starting_point)
        return
    yield from _keys((), data)
    items = data.get("items", [])
    if not isinstance(items, list):
        yield Problem(("items",), "items is an array of tables: [[items]]")
    else:
        for index, item in enumerate(items):
            if isinstance(item, dict):
                yield from _keys(("items", index), item, ("items",))
                if "service" not in item:
                    yield Problem(("items", index), "missing key 'service'", "name its service")
            elif not isinstance(item, str):
                yield Problem(("items", index), "an item is a table (or its short form, text)")
    for table in ("guests", "plans"):
        entries = data.get(table, {})
        if not isinstance(entries, dict):
            yield Problem((table,), f"{table} is a table of tables: [{table}.<name>]")
            continue
        for name, entry in entries.items():
            if isinstance(entry, dict):
                yield from _keys((table, name), entry, (table,))
            else:
                yield Problem((table, name), f"expected a table: [{table}.{name}]")


def _keys(path: KeyPath, table: dict[str, Any], kind: KeyPath = ()) -> Any:
    known = KEYS[kind]
    for key in table:
        if key not in known:
            yield Problem((*path, key), f"unknown key '{key}'", did_you_mean(str(key), known))
