"""Turn cattrs' nested validation errors into flat, located `Problem`s.

cattrs reports where each error happened in notes attached to the exceptions (attribute names
and indexes); walking them gives the key path the user sees: `$.services.x.variations[1].price`.
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs
from cattrs.errors import (
    AttributeValidationNote,
    BaseValidationError,
    ForbiddenExtraKeysError,
    IterableValidationNote,
)

from servicekit.errors import Invalid, KeyPath, Problem, did_you_mean


def problems_from(exc: BaseException, path: KeyPath = ()) -> Iterator[Problem]:
    """Every problem inside a structuring exception, each with its key path."""
    if isinstance(exc, BaseValidationError):
        for inner in exc.exceptions:
            yield from _located(inner, path, exc.cl)
    elif isinstance(exc, ForbiddenExtraKeysError):
        known = [field.name for field in attrs.fields(exc.cl) if field.name != "id"]
        for key in sorted(exc.extra_fields):
            yield Problem((*path, key), f"unknown key '{key}'", did_you_mean(key, known))
    elif isinstance(exc, Invalid):
        yield Problem(path, exc.message, exc.hint)
    else:
        yield Problem(path, f"invalid value: {exc}")


def _located(exc: BaseException, path: KeyPath, container: type) -> Iterator[Problem]:
    here = path
    attribute = None
    for note in getattr(exc, "__notes__", ()):
        if isinstance(note, AttributeValidationNote):
            attribute = note.name
            here = (*path, note.name)
        elif isinstance(note, IterableValidationNote):
            here = (*path, note.index)
    if isinstance(exc, KeyError) and attribute is not None:
        yield Problem(path, f"missing key '{attribute}'", _field_doc(container, attribute))
    else:
        yield from problems_from(exc, here)


def _field_doc(cls: type, name: str) -> str | None:
    if not attrs.has(cls):
        return None
    doc = attrs.fields_dict(cls)[name].metadata.get("doc")
    return f"{name}: {doc[0].lower()}{doc[1:].rstrip('.')}" if doc else None
