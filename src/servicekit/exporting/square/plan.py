"""A plan: what an upload would create, update and delete in Square, and the request bodies.

The catalogue's objects are compared with the sync state. An object the state does not know
is created; one whose managed form differs is updated (an item whole, with its variations,
when its lengths change; a variation alone when only its price or name does); one the state
knows and the catalogue no longer makes is deleted, unless kept on purpose. Deleting an item
or a modifier list deletes what is nested in it; an item uploaded without a length removes
that length. Send the BatchUpsert bodies first, in order, then the BatchDelete bodies.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal

import attrs

from servicekit.collector import paused
from servicekit.errors import ExportError, Problem, did_you_mean
from servicekit.exporting.square.batches import Upload, delete_bodies, pack, text_of
from servicekit.exporting.square.desired import Desired, Entry
from servicekit.exporting.square.managed import (
    CHILDREN,
    described,
    differences,
    display_name,
    nested,
    nested_words,
    same,
    without_children,
)
from servicekit.exporting.square.state import Known, SyncState
from servicekit.model.catalogue import Catalogue

Action = Literal["create", "update", "delete", "keep"]
DELETE_ORDER = ("PRICING_RULE", "PRODUCT_SET", "TIME_PERIOD", "DISCOUNT", "ITEM",
                "ITEM_VARIATION", "MODIFIER_LIST", "MODIFIER", "TAX", "CATEGORY")  # fmt: skip
"""What depends on others goes first, so nothing is left pointing at a deleted object."""
LIVE = {
    "PRICING_RULE": "Square keeps applying its discount automatically",
    "DISCOUNT": "staff can still apply it at checkout",
    "ITEM": "clients can still book it in Square",
    "ITEM_VARIATION": "clients can still book it in Square",
    "MODIFIER_LIST": "its add-ons can still be chosen in Square",
    "MODIFIER": "it can still be chosen in Square",
    "TAX": "Square keeps charging it on the items that carry it",
}
"""What it means that an object stays in Square."""
SIGNS = {"create": "+", "update": "~", "delete": "-", "keep": "="}


@attrs.frozen
class Change:
    """One object an upload creates, updates, deletes, or keeps although the catalogue
    dropped it."""

    action: Action
    key: str
    type: str
    name: str
    details: tuple[str, ...] = ()
    """What changes, in words, or why."""

    def line(self) -> str:
        text = f"{SIGNS[self.action]} {self.action} {described(self.type, self.name, self.key)}"
        return text + (": " + "; ".join(self.details) if self.details else "")

    def to_dict(self) -> dict[str, Any]:
        return attrs.asdict(self, recurse=False) | {"details": list(self.details)}


@attrs.frozen
class Plan:
    """What an upload would do, and the bodies that do it."""

    changes: tuple[Change, ...]
    upload: Upload | None
    """The BatchUpsert request bodies, none when nothing is created or updated."""
    delete: tuple[dict[str, Any], ...]
    """The BatchDelete request bodies (200 ids each), none when nothing is deleted."""
    warnings: tuple[Problem, ...]
    """What Square cannot hold, as the export names it."""
    state: SyncState

    def of(self, action: Action) -> tuple[Change, ...]:
        return tuple(change for change in self.changes if change.action == action)

    @property
    def upserts(self) -> tuple[dict[str, Any], ...]:
        return self.upload.bodies if self.upload else ()

    @property
    def empty(self) -> bool:
        return not self.upserts and not self.delete

    def upsert_json(self) -> bytes | None:
        """The BatchUpsert bodies as a file (one body, or a JSON array in order)."""
        return text_of(self.upload) if self.upload else None

    def lines(self) -> list[str]:
        """The plan in words, as `servicekit square plan` prints it."""
        lines = [change.line() for change in self.changes]
        counts = [
            f"{len(self.of(action))} to {action}"
            for action in ("create", "update", "delete", "keep")
            if self.of(action) or action != "keep"
        ]
        sent = sum(len(batch["objects"]) for body in self.upserts for batch in body["batches"])
        ids = sum(len(body["object_ids"]) for body in self.delete)
        lines.append(
            f"Plan: {', '.join(counts)}; {sent} object{'s' * (sent != 1)} in "
            f"{len(self.upserts)} upsert request{'s' * (len(self.upserts) != 1)}, {ids} id"
            f"{'s' * (ids != 1)} in {len(self.delete)} delete request"
            f"{'s' * (len(self.delete) != 1)}."
        )
        if self.upload and self.upload.waiting:
            lines.append(
                f"{self.upload.waiting:,} objects wait for the permanent ids of what this upload "
                "creates: upload, record Square's answers and plan again."
            )
        return lines

    def to_dict(self) -> dict[str, Any]:
        return {
            "changes": [change.to_dict() for change in self.changes],
            "upsert": list(self.upserts),
            "delete": list(self.delete),
            "warnings": [warning.to_dict() for warning in self.warnings],
        }


@paused()
def plan(
    catalogue: Catalogue,
    state: SyncState,
    *,
    location: str | None = None,
    keep: Iterable[str] = (),
) -> Plan:
    """What an upload of `catalogue` would change in Square, given the sync `state`.

    `keep` names keys (as the plan shows them) of objects the catalogue dropped that should
    stay live in Square. Raises `ExportError` for a state of another catalogue, location or
    Square account, for what Square would refuse, and for a key that cannot be kept.
    """
    state.check(catalogue, location)
    desired = Desired(catalogue, state, location)
    known = state.objects
    changes: list[Change] = []
    sending: list[Mapping[str, Any]] = []
    replaced: set[str] = set()
    """Parents uploaded whole: lengths or add-ons they no longer list go with the upload."""
    key_of = desired.keys.__getitem__
    held = desired.catalog.held

    def unchanged(obj: Mapping[str, Any], key: str, before: Known) -> bool:
        """Whether Square holds the object as the catalogue makes it (the catalog found out
        for its items and lengths as it made them)."""
        found = held.get(key)
        return same(obj, before.data, key_of) if found is None else found

    whole = desired.catalog.whole
    for obj in desired.objects:
        key = key_of(obj["id"])
        if key in whole:
            continue
        before = known.get(key)
        if before is None:
            sending.append(obj)
            name = display_name(obj)
            changes.append(Change("create", key, obj["type"], name))
            for child in nested(obj):
                child_name = display_name(child, name)
                changes.append(Change("create", key_of(child["id"]), child["type"], child_name))
        elif not unchanged(obj, key, before):
            sending.append(obj)
            replaced.add(key)
            changes.append(_updated(desired.entry(key), before, state, desired))
            changes += _children_changes(desired, key, state)
        else:
            for child in nested(obj):
                child_key = key_of(child["id"])
                was = known.get(child_key)
                if was is not None and not unchanged(child, child_key, was):
                    sending.append(child)
                    changes.append(_updated(desired.entry(child_key), was, state, desired))
    made = desired.made
    gone = [key for key in known if key not in made]
    kept = _kept(state, gone, set(keep), replaced)
    deleting = [key for key in gone if key not in kept]
    changes += _removals(state, deleting, kept, replaced)
    # What is nested goes with its parent: deleted with it, or left out of its upload.
    top = [key for key in deleting if known[key].parent is None]
    top.sort(key=lambda key: (_rank(known[key].type), key))
    return Plan(
        changes=tuple(changes),
        upload=pack(sending, desired.catalog.ids_in) if sending else None,
        delete=tuple(delete_bodies(known[key].id for key in top)),
        warnings=tuple(desired.warnings),
        state=state,
    )


def _updated(entry: Entry, before: Known, state: SyncState, desired: Desired) -> Change:
    skip = CHILDREN.get(entry.obj["type"])
    old = without_children(before.data, skip)
    new = without_children(entry.managed, skip)
    details = differences(_named_ids(old, state, desired), _named_ids(new, state, desired))
    if skip is not None:
        where = f"{entry.obj['type'].lower()}_data"
        was, now = before.data.get(where, {}).get(skip, []), entry.managed[where].get(skip, [])
        details += nested_words(was, now, lambda key: _name(key, state, desired))
    return Change("update", entry.key, entry.obj["type"], entry.name, tuple(details))


def _name(key: str, state: SyncState, desired: Desired) -> str:
    if key in desired:
        return f"'{desired.name(key)}'"
    return f"'{state.objects[key].name}'" if key in state.objects else key


def _children_changes(desired: Desired, key: str, state: SyncState) -> list[Change]:
    """The nested objects of a parent uploaded whole: new ones, and changed ones."""
    found = []
    for child in desired.children_of(key):
        was = state.objects.get(child.key)
        if was is None:
            found.append(Change("create", child.key, child.obj["type"], child.name))
        elif was.data != child.managed:
            found.append(_updated(child, was, state, desired))
    return found


def _removals(
    state: SyncState, deleting: list[str], kept: set[str], replaced: set[str]
) -> list[Change]:
    changes = []
    for key in sorted(deleting, key=lambda key: (_rank(state.objects[key].type), key)):
        known = state.objects[key]
        why: tuple[str, ...] = ()
        if "~" in key:
            why = ("a duplicate an upload of an older plan made",)
        elif known.parent in replaced:
            why = ("removed by the upload of its parent",)
        elif known.parent in deleting:
            why = ("deleted with its parent",)
        changes.append(Change("delete", key, known.type, known.name, why))
    for key in sorted(kept, key=lambda key: (_rank(state.objects[key].type), key)):
        known = state.objects[key]
        live = LIVE.get(known.type, "it stays in Square")
        changes.append(Change("keep", key, known.type, known.name, (f"kept: {live}",)))
    return changes


def _kept(state: SyncState, gone: list[str], asked: set[str], replaced: set[str]) -> set[str]:
    """The objects to keep: those asked for, what is nested in them, and what they refer to
    that would go too (a kept pricing rule keeps its discount, product set, time periods)."""
    unknown = sorted(asked - set(gone))
    if unknown:
        raise ExportError(
            f"cannot keep '{unknown[0]}': "
            + ("the catalogue still has it" if unknown[0] in state.objects else "no such key"),
            hint=did_you_mean(unknown[0], gone) if gone else "this plan deletes nothing",
        )
    for key in sorted(asked):
        if state.objects[key].parent in replaced:
            raise ExportError(
                f"cannot keep '{key}': uploading '{state.objects[key].parent}' replaces what is "
                "nested in it",
                hint="keep the length or add-on in the catalogue instead",
            )
    kept, todo = set(), list(asked)
    by_id = {state.objects[key].id: key for key in gone}
    while todo:
        key = todo.pop()
        if key in kept:
            continue
        kept.add(key)
        todo += [other for other in gone if state.objects[other].parent == key]
        todo += [by_id[ident] for ident in _ids_in(state.objects[key].data) if ident in by_id]
    return kept


def _ids_in(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _ids_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from _ids_in(item)


def _rank(kind: str) -> int:
    return DELETE_ORDER.index(kind) if kind in DELETE_ORDER else len(DELETE_ORDER)


def _named_ids(data: Any, state: SyncState, desired: Desired) -> Any:
    """References in words: a Square or temporary id becomes the name of what it stands for."""
    if isinstance(data, str):
        key = state.by_id.get(data) or desired.catalog.keys.get(data)
        if key is None:
            return data
        entry = desired.get(key)
        return entry.name if entry else state.objects[key].name
    if isinstance(data, Mapping):
        return {key: _named_ids(value, state, desired) for key, value in data.items()}
    if isinstance(data, list):
        return [_named_ids(item, state, desired) for item in data]
    return data
