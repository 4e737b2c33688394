"""What Square said, merged into the sync state: upload answers (`record`), and a fresh
ListCatalog (`refresh` writes it, `drift` only reports it).

Answers can be given in any order and any number of times: they are put in the order Square
gave them, an object's newest version wins, and an id Square deleted never comes back. An
answer whose batches did not all succeed still records what Square did create. An answer to
an upload planned from another state (another Square account's), or holding objects the
state never uploaded, is refused before anything is written.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs

from servicekit.collector import paused
from servicekit.errors import ExportError, Problem
from servicekit.exporting.square import shapes
from servicekit.exporting.square.desired import Desired
from servicekit.exporting.square.ids import Temporary
from servicekit.exporting.square.managed import (
    CHILDREN,
    described,
    differences,
    display_name,
    kept_fields,
    managed,
)
from servicekit.exporting.square.shapes import Located, Response
from servicekit.exporting.square.state import Known, SyncState, square_locations
from servicekit.model.catalogue import Catalogue

Source = str | os.PathLike[str] | Mapping[str, Any] | list[Any]
"""A Square answer: a file's path, or its parsed JSON."""
AGAIN = "refresh with a fresh ListCatalog (`servicekit square refresh`) and plan again"


@attrs.frozen
class Recorded:
    """The state after recording, and what the answers said went wrong."""

    state: SyncState
    warnings: tuple[Problem, ...] = ()


@attrs.frozen
class Drifted:
    """An object that changed in Square since the last sync, or that Square no longer has."""

    key: str
    type: str
    name: str
    deleted: bool
    details: tuple[str, ...] = ()

    def line(self) -> str:
        what = described(self.type, self.name, self.key)
        if self.deleted:
            return f"- {what}: deleted in Square"
        return f"~ {what}: changed in Square: " + "; ".join(self.details)

    def to_dict(self) -> dict[str, Any]:
        return attrs.asdict(self, recurse=False) | {"details": list(self.details)}


@attrs.frozen
class Drift:
    """What changed in Square since the last sync."""

    changes: tuple[Drifted, ...]
    quiet: int = 0
    """Objects whose version changed in what servicekit leaves to Square (team members,
    images): not drift."""

    @property
    def drifted(self) -> bool:
        return bool(self.changes)

    def lines(self) -> list[str]:
        lines = [change.line() for change in self.changes]
        if self.quiet:
            lines.append(
                f"{self.quiet} object{'s' * (self.quiet != 1)} changed in Square only in what "
                "servicekit leaves to Square (team members, images, SKUs)"
            )
        deleted = sum(change.deleted for change in self.changes)
        lines.append(
            f"Drift: {deleted} deleted, {len(self.changes) - deleted} changed in Square"
            if self.changes
            else "No drift: Square holds what the last sync left."
        )
        return lines

    def to_dict(self) -> dict[str, Any]:
        return {"drifted": self.drifted, "changes": [c.to_dict() for c in self.changes]}


@paused()
def record(
    catalogue: Catalogue,
    state: SyncState,
    answers: Iterable[Source],
    *,
    location: str | None = None,
) -> Recorded:
    """Merge Square's answers to uploads (BatchUpsert and BatchDelete responses, or JSON
    arrays of them) into `state`; returns the new state, to save. Raises `ExportError`
    (nothing merged) for an answer that is not Square's, or not to this state's uploads."""
    state.check(catalogue, location)
    responses = read_answers(answers)
    for response in responses:
        if response.kind == "listing":
            raise ExportError(
                f"{response.source} is a ListCatalog page, not the answer to an upload",
                hint="refresh the state with it: `servicekit square refresh`",
            )
    merger = _Merger(catalogue, state, location)
    order = sorted(range(len(responses)), key=lambda i: (responses[i].time or "", i))
    warnings = []
    for index in order:
        response = responses[index]
        merger.answer(response)
        for error in response.errors:
            warnings.append(
                Problem(
                    None,
                    f"{response.source}: Square refused part of the request: {error}; what "
                    "that batch held is unchanged in Square",
                    AGAIN,
                    severity="warning",
                )
            )
    for key in merger.unseen():
        warnings.append(
            Problem(
                None,
                f"Square's answer gives an id for {key} but not the object: its version is "
                "unknown, so the next update of it would be refused",
                AGAIN,
                severity="warning",
            )
        )
    return Recorded(merger.result(), tuple(warnings))


@paused()
def refresh(
    catalogue: Catalogue,
    state: SyncState,
    listing: Iterable[Source],
    *,
    location: str | None = None,
) -> tuple[SyncState, Drift]:
    """The state as a fresh ListCatalog (every page) shows Square, and the drift: objects
    Square no longer has are forgotten (the next plan creates them again, with new ids)."""
    state.check(catalogue, location)
    objects = shapes.pages(read_answers(listing), "refresh")
    merger = _Merger(catalogue, state, location)
    found = drift_of(state, objects, merger.desired)
    merger.listing(objects)
    return merger.result(), found


@paused()
def drift(
    catalogue: Catalogue,
    state: SyncState,
    listing: Iterable[Source],
    *,
    location: str | None = None,
) -> Drift:
    """What changed in Square since the last sync, from a fresh ListCatalog (every page)."""
    state.check(catalogue, location)
    objects = shapes.pages(read_answers(listing), "drift")
    return drift_of(state, objects, Desired(catalogue, state, location))


def drift_of(state: SyncState, objects: list[Located], desired: Desired) -> Drift:
    square = {located.obj["id"]: (located, parent) for located, parent in shapes.flatten(objects)}
    changes, quiet = [], 0
    names = {key: known.name for key, known in state.objects.items()}
    for key in sorted(state.objects):
        known = state.objects[key]
        found = square.get(known.id)
        if found is None or found[0].obj.get("is_deleted"):
            if known.parent is None or state.objects[known.parent].id in square:
                changes.append(Drifted(key, known.type, known.name, deleted=True))
            continue
        obj = found[0].obj
        if obj.get("version") == known.version:
            continue
        now = _managed(obj, key, state.by_id, desired)
        if now == known.data:
            quiet += 1
            continue
        details = differences(with_names(known.data, state, names), with_names(now, state, names))
        changes.append(Drifted(key, known.type, known.name, deleted=False, details=tuple(details)))
    return Drift(tuple(changes), quiet)


def read_answers(answers: Iterable[Source]) -> list[Response]:
    """Square's answers (files, or answers already read), each checked for its shape."""
    if isinstance(answers, str | os.PathLike | Mapping):
        answers = [answers]
    found: list[Response] = []
    for number, answer in enumerate(answers, 1):
        name = None if isinstance(answer, str | os.PathLike) else f"answer {number}"
        try:
            found += shapes.read(answer, name)
        except shapes.ShapeError as error:
            raise ExportError(error.message, hint=error.hint) from None
    return found


def _managed(
    obj: dict[str, Any], key: str, by_id: Mapping[str, str], desired: Desired
) -> dict[str, Any]:
    entry = desired.get(key)
    return managed(
        obj, lambda ident: by_id.get(ident, "?" + ident), entry.managed if entry else {}
    )


def with_names(data: Any, state: SyncState, names: Mapping[str, str]) -> Any:
    """Square data with the ids the state knows replaced by what they stand for, by name."""
    if isinstance(data, str):
        key = state.by_id.get(data)
        return names.get(key, data) if key else data
    if isinstance(data, Mapping):
        return {field: with_names(value, state, names) for field, value in data.items()}
    if isinstance(data, list):
        return [with_names(item, state, names) for item in data]
    return data


class _Merger:
    """Merges answers into a copy of the state, checking each belongs to it."""

    def __init__(self, catalogue: Catalogue, state: SyncState, location: str | None) -> None:
        self.state = state
        self.desired = Desired(catalogue, state, location)
        self.objects: dict[str, Known] = dict(state.objects)
        self.by_id: dict[str, str] = dict(state.by_id)
        self.deleted: set[str] = set(state.deleted)
        self.nested: dict[str, set[str]] = {}
        """The keys of what is nested in each parent."""
        for key, known in state.objects.items():
            if known.parent is not None:
                self.nested.setdefault(known.parent, set()).add(key)
        self.locations = square_locations(catalogue, location)
        self.allowed = set(self.locations) | set(state.square_locations)

    def result(self) -> SyncState:
        locations = tuple(sorted(set(self.locations) or set(self.state.square_locations)))
        return self.state.evolve(
            objects=self.objects, deleted=frozenset(self.deleted), square_locations=locations
        )

    def unseen(self) -> list[str]:
        """Objects an answer mapped without returning them (Square always returns them)."""
        return sorted(key for key, known in self.objects.items() if known.version is None)

    def answer(self, response: Response) -> None:
        for located in response.objects:
            self._check_locations(located, response.source)
        for client, permanent in response.mappings:
            self._mapping(client, permanent, response.source)
        for located, parent in shapes.flatten(list(response.objects)):
            key = self.by_id.get(located.obj["id"])
            if key is None:
                raise ExportError(
                    f"{response.source}: {located.path}: {located.obj['type']} "
                    f"{located.obj['id']} is not an object this sync state uploaded",
                    hint="record only Square's answers to uploads planned from this state; is "
                    "it the answer to an upload to another Square account?",
                )
            self._take(located.obj, key, parent)
        for ident in response.deleted:
            self._forget(ident)

    def listing(self, objects: list[Located]) -> None:
        """A complete ListCatalog: what it does not hold, Square no longer has."""
        square = {
            located.obj["id"]: (located.obj, parent) for located, parent in shapes.flatten(objects)
        }
        for key, known in list(self.objects.items()):
            found = square.get(known.id)
            if found is None or found[0].get("is_deleted"):
                self._forget(known.id)
            else:
                self._take(found[0], key, found[1])

    def _mapping(self, client: str, permanent: str, source: str) -> None:
        parsed = Temporary.parse(client)
        if parsed is None:
            raise ExportError(
                f"{source}: maps {client}, which is not a temporary id servicekit made",
                hint="record only Square's answers to servicekit's uploads",
            )
        if parsed.lineage not in (None, self.state.lineage) or (
            parsed.lineage is None and parsed.location != self.state.location
        ):
            raise ExportError(
                f"{source}: answers an upload planned from another sync state (its temporary "
                f"ids are {client}, not #{self.state.lineage}~...)",
                hint="record it into the state it was planned from: each Square account and "
                "location has its own",
            )
        if permanent in self.deleted:
            return  # an old answer: Square has since deleted what it created
        key = parsed.key
        before = self.objects.get(key)
        if before is not None and before.id != permanent:
            # Square made the object again: an older plan was uploaded twice. Both live in
            # Square now; the extra one is kept under a key of its own, for the next plan
            # to delete.
            key = f"{key}~{permanent}"
        self.by_id[permanent] = key
        if key not in self.objects:
            kind = parsed.kind.upper().replace("-", "_")
            kind = {"ADDONS": "MODIFIER_LIST", "VARIATION": "ITEM_VARIATION"}.get(kind, kind)
            self.objects[key] = Known(kind, permanent, None, key, {})

    def _take(self, obj: dict[str, Any], key: str, parent_id: str | None) -> None:
        before = self.objects.get(key)
        version = obj.get("version")
        if (
            before is not None
            and before.id == obj["id"]
            and before.version is not None
            and (version is None or version < before.version)
        ):
            return  # an older answer than the state holds
        if obj.get("is_deleted"):
            self._forget(obj["id"])
            return
        parent = self.by_id.get(parent_id) if parent_id else None
        parent_name = self.objects[parent].name if parent in self.objects else None
        entry = self.desired.get(key)
        data = managed(
            obj, lambda ident: self.by_id.get(ident, "?" + ident), entry.managed if entry else {}
        )
        self.objects[key] = Known(
            type=obj["type"],
            id=obj["id"],
            version=version,
            name=display_name(obj, parent_name),
            data=data,
            kept=kept_fields(obj),
            parent=parent,
        )
        if parent is not None:
            self.nested.setdefault(parent, set()).add(key)
        if obj["type"] in CHILDREN:
            holds = {child.get("id") for child in _children(obj)}
            for child in list(self.nested.get(key, ())):
                if child in self.objects and self.objects[child].id not in holds:
                    self._forget(self.objects[child].id)  # an upload replaces what is nested

    def _forget(self, ident: str) -> None:
        key = self.by_id.pop(ident, None)
        self.deleted.add(ident)
        if key is None or key not in self.objects:
            return
        parent = self.objects.pop(key).parent
        if parent is not None:
            self.nested.get(parent, set()).discard(key)
        for child in list(self.nested.pop(key, ())):
            if child in self.objects:
                self._forget(self.objects[child].id)

    def _check_locations(self, located: Located, source: str) -> None:
        for path, ident in _location_ids(located):
            if ident not in self.allowed:
                raise ExportError(
                    f"{source}: {path}: location {ident} is not one of this Square account's "
                    f"({', '.join(sorted(self.allowed)) or 'the catalogue gives none'})",
                    hint="it is the answer of another Square account: record it into that "
                    "account's state; or give the location its Square id in the catalogue "
                    '(pos_ids = { square = "..." })',
                )


def _children(obj: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    field = CHILDREN.get(obj["type"])
    data = obj.get(f"{obj['type'].lower()}_data") or {}
    yield from (child for child in data.get(field) or [] if isinstance(child, Mapping))


def _location_ids(located: Located) -> Iterator[tuple[str, str]]:
    for item, _ in shapes.flatten([located]):
        obj = item.obj
        for field in ("present_at_location_ids", "absent_at_location_ids"):
            for index, ident in enumerate(obj.get(field) or []):
                yield f"{item.path}.{field}[{index}]", ident
        where = f"{obj['type'].lower()}_data"
        data = obj.get(where) or {}
        for index, override in enumerate(data.get("location_overrides") or []):
            if override.get("location_id") is not None:
                path = f"{item.path}.{where}.location_overrides[{index}].location_id"
                yield path, override["location_id"]
