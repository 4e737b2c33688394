"""Turn cattrs' nested validation errors into flat, located `Problem`s.

cattrs reports where each error happened in notes attached to the exceptions (attribute names
and indexes); walking them gives the key path the user sees: `$.services.x.variations[1].price`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from servicekit.errors import Invalid, KeyPath, Problem, did_you_mean

if TYPE_CHECKING:
    from cattrs.errors import BaseValidationError, ForbiddenExtraKeysError


def problems_from(
    exc: BaseException,
    path: KeyPath = (),
    *,
    extra_keys: Sequence[str] = (),
    owner: tuple[type, str] | None = None,
) -> Iterator[Problem]:
    """Every problem inside a structuring exception, each with its key path.

    `owner` names the class being structured at `path` (a rule type's parameters, say) and
    how to speak of it in an unknown-key message; `extra_keys` are keys that class is read
    alongside, suggested too.
    """
    walker = _Walker(extra_keys, owner)
    yield from walker.problems(exc, path)


class _Walker:
    def __init__(self, extra_keys: Sequence[str], owner: tuple[type, str] | None) -> None:
        self.extra_keys = extra_keys
        self.owner = owner

    def problems(self, exc: BaseException, path: KeyPath) -> Iterator[Problem]:
        # cattrs' errors are only raised once cattrs is imported (loading.converter).
        errors = sys.modules.get("cattrs.errors")
        if errors is not None and isinstance(exc, errors.BaseValidationError):
            yield from self.group(exc, path)
        elif errors is not None and isinstance(exc, errors.ForbiddenExtraKeysError):
            yield from self.unknown_keys(exc, path)
        elif isinstance(exc, Invalid):
            yield Problem(path, exc.message, exc.hint)
        else:
            yield Problem(path, f"invalid value: {exc}")

    def group(self, exc: BaseValidationError, path: KeyPath) -> Iterator[Problem]:
        from cattrs.errors import AttributeValidationNote, IterableValidationNote

        found: list[Problem] = []
        for inner in exc.exceptions:
            here, attribute = path, None
            for note in getattr(inner, "__notes__", ()):
                if isinstance(note, AttributeValidationNote):
                    here, attribute = (*path, note.name), note.name
                elif isinstance(note, IterableValidationNote):
                    here = (*path, note.index)
            if isinstance(inner, KeyError) and attribute is not None:
                found.append(Problem(path, f"missing key '{attribute}'", _doc(exc.cl, attribute)))
            else:
                found.extend(self.problems(inner, here))
        # "unknown key 'pirce' (did you mean 'price'?)" already says the key is missing.
        suggested = {p.hint for p in found if p.message.startswith("unknown key")}
        for problem in found:
            key = problem.message.removeprefix("missing key ")
            if key == problem.message or f"did you mean {key}?" not in suggested:
                yield problem

    def unknown_keys(self, exc: ForbiddenExtraKeysError, path: KeyPath) -> Iterator[Problem]:
        known = [field.name for field in attrs.fields(exc.cl) if field.name != "id"]
        about = ""
        if self.owner is not None and exc.cl is self.owner[0]:
            known += self.extra_keys
            about = f" {self.owner[1]}"
        for key in sorted(exc.extra_fields):
            yield Problem((*path, key), f"unknown key '{key}'{about}", did_you_mean(key, known))


def _doc(cls: Any, name: str) -> str | None:
    if not attrs.has(cls):
        return None
    doc = attrs.fields_dict(cls)[name].metadata.get("doc")
    return f"{name}: {doc.rstrip('.')}" if doc else None
