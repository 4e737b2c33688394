"""The sync state: what Square holds of a catalogue, kept in a JSON file beside it.

For every Square object the catalogue makes, by its key (`item-swedish`), the state records
its Square id, its version, its name, what it holds of the menu (its managed form, so a plan
sends only what changed and shows how) and the fields staff set in Square that an upload sends
back. It also says whose it is: the clinic and currency, the location exported alone (if any),
the Square location ids of the account, and a lineage that the temporary ids of its plans
carry. The file is written atomically, one object a line with sorted keys, so it diffs well
in version control; `docs/pos-integration.md` describes every key.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from functools import cached_property
from typing import Any

import attrs

from servicekit.errors import ExportError
from servicekit.exporting.square.fields import SQUARE
from servicekit.files import read_json, write_atomically
from servicekit.model.catalogue import Catalogue

FORMAT = "servicekit-square-state"
VERSION = 1
REPAIR = (
    "restore it from version control, or rebuild it from Square with `servicekit square adopt`"
)
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@attrs.frozen
class Known:
    """One object Square holds for the catalogue."""

    type: str
    """Square's object type, e.g. `ITEM_VARIATION`."""
    id: str
    """Square's permanent id."""
    version: int | None
    """The version Square last returned; an update must send it."""
    name: str
    """How people know it, e.g. "Swedish Massage, 60 min"."""
    data: Mapping[str, Any]
    """Its managed form as Square holds it (`managed.managed`)."""
    kept: Mapping[str, Any] = attrs.field(factory=dict)
    """Fields staff set in Square that an upload sends back (`managed.KEPT`)."""
    parent: str | None = None
    """The key of the item or modifier list it is nested in."""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type, "id": self.id, "version": self.version}
        out.update(name=self.name, data=self.data)
        if self.kept:
            out["kept"] = self.kept
        if self.parent:
            out["parent"] = self.parent
        return out


@attrs.frozen
class SyncState:
    """What Square holds of one catalogue (for one location, or for all of them)."""

    clinic: str
    currency: str
    location: str | None
    """The catalogue location exported alone to a Square account of its own, or None."""
    lineage: str
    """Named in the temporary ids of this state's plans, to recognize Square's answers."""
    square_locations: tuple[str, ...] = ()
    """The Square location ids of the account, as the catalogue's `pos_ids` give them."""
    objects: Mapping[str, Known] = attrs.field(factory=dict)
    """By key, e.g. `variation-swedish-60`."""
    deleted: frozenset[str] = frozenset()
    """Ids Square deleted: an old response naming one again does not bring it back."""
    source: str | None = attrs.field(default=None, eq=False)
    """The file it was read from, for messages."""

    @cached_property
    def by_id(self) -> Mapping[str, str]:
        """Keys by Square id."""
        return {known.id: key for key, known in self.objects.items()}

    @classmethod
    def start(cls, catalogue: Catalogue, location: str | None = None) -> SyncState:
        """An empty state for a catalogue (and the location exported alone, if any)."""
        import secrets  # here: `check` reads where a state would be, never starts one

        lineage = "".join(secrets.choice(ALPHABET) for _ in range(8))
        return cls(
            clinic=catalogue.clinic.name,
            currency=catalogue.currency,
            location=location,
            lineage=lineage,
            square_locations=square_locations(catalogue, location),
        )

    def evolve(self, **changes: Any) -> SyncState:
        return attrs.evolve(self, **changes)

    def check(self, catalogue: Catalogue, location: str | None = None) -> None:
        """Refuse a state that belongs to another catalogue, location or Square account."""
        name = self.source or "the sync state"
        if self.currency != catalogue.currency or self.clinic != catalogue.clinic.name:
            raise ExportError(
                f"{name} is for '{self.clinic}' ({self.currency}), not '{catalogue.clinic.name}' "
                f"({catalogue.currency})",
                hint="give this catalogue's own state with --state; if the clinic was renamed, "
                'set "clinic" in the state file to its new name',
            )
        if self.location != location:

            def scope(ident: str | None) -> str:
                return f"location '{ident}' alone" if ident else "every location"

            raise ExportError(
                f"{name} is for an export of {scope(self.location)}, not of {scope(location)}",
                hint="each location with a Square account of its own has a state of its own, "
                "NAME.LOCATION.square-state.json beside the catalogue",
            )
        ours = set(square_locations(catalogue, location))
        if self.square_locations and ours and not ours & set(self.square_locations):
            raise ExportError(
                f"{name} is for the Square account with locations "
                f"{', '.join(self.square_locations)}, and the catalogue's locations are "
                f"{', '.join(sorted(ours))}: it is another Square account",
                hint="give the state of this account with --state, or adopt the account with "
                "`servicekit square adopt`",
            )

    # reading and writing

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> SyncState:
        """Read a state file, or an `ExportError` naming what is wrong and where."""
        from servicekit.collector import paused

        source = os.fspath(path)
        with paused():
            return _Reader(source).state(read_json(path))

    def to_json(self) -> bytes:
        """The file's bytes: the same state always gives the same bytes."""
        head = {
            "format": FORMAT,
            "format_version": VERSION,
            "clinic": self.clinic,
            "currency": self.currency,
            "location": self.location,
            "lineage": self.lineage,
            "square_locations": sorted(self.square_locations),
        }
        lines = [f"  {_dumps(key)}: {_dumps(value)}," for key, value in head.items()]
        entries = ",\n".join(
            f"    {_dumps(key)}: {_dumps(self.objects[key].to_dict())}"
            for key in sorted(self.objects)
        )
        lines.append(f'  "objects": {{\n{entries}\n  }},' if entries else '  "objects": {},')
        lines.append(f'  "deleted": {_dumps(sorted(self.deleted))}')
        return ("{\n" + "\n".join(lines) + "\n}\n").encode("utf-8")

    def save(self, path: str | os.PathLike[str], *, inputs: Iterable[str] = ()) -> None:
        """Write the state atomically: a reader sees the old file or the new one."""
        write_atomically(path, self.to_json(), inputs=inputs)


def square_locations(catalogue: Catalogue, location: str | None = None) -> tuple[str, ...]:
    """The Square location ids the catalogue gives (of the one location exported alone)."""
    found = {
        ident: square
        for ident, place in catalogue.locations.items()
        if (square := place.pos_ids.get(SQUARE))
    }
    if location is not None:
        return (found[location],) if location in found else ()
    return tuple(sorted(found.values()))


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))


class _Reader:
    """Reads a state file strictly: every error names the file, the JSON path and the fix."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, path: str, message: str) -> ExportError:
        return ExportError(f"{self.source}: {path}: {message}", hint=REPAIR)

    def field(self, data: Mapping[str, Any], key: str, path: str, kinds: tuple[type, ...]) -> Any:
        if key not in data:
            raise self.fail(path, f"has no `{key}`")
        value = data[key]
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            names = " or ".join(_TYPE_WORDS[kind] for kind in kinds)
            raise self.fail(f"{path}.{key}", f"is {_shown(value)}, not {names}")
        return value

    def strings(self, data: Mapping[str, Any], key: str, path: str) -> tuple[str, ...]:
        values = self.field(data, key, path, (list,))
        for index, value in enumerate(values):
            if not isinstance(value, str):
                raise self.fail(f"{path}.{key}[{index}]", f"is {_shown(value)}, not a string")
        return tuple(values)

    def state(self, data: Any) -> SyncState:
        if not isinstance(data, dict):
            raise self.fail("$", f"is {_shown(data)}, not a sync state (a JSON object)")
        if data.get("format") != FORMAT:
            raise ExportError(
                f"{self.source}: not a servicekit Square sync state (its `format` is "
                f'{_shown(data.get("format"))}, not "{FORMAT}")',
                hint="give the state file `servicekit square` wrote (NAME.square-state.json)",
            )
        version = self.field(data, "format_version", "$", (int,))
        if version != VERSION:
            raise ExportError(
                f"{self.source}: sync state format {version}; this servicekit reads format "
                f"{VERSION}",
                hint="upgrade servicekit" if version > VERSION else REPAIR,
            )
        location = data.get("location")
        if location is not None and not isinstance(location, str):
            raise self.fail("$.location", f"is {_shown(location)}, not a location id or null")
        raw = self.field(data, "objects", "$", (dict,))
        known = self.known
        objects = {key: known(entry, key) for key, entry in raw.items()}
        ids = {entry.id for entry in objects.values()}
        if len(ids) < len(objects):
            self.duplicate(objects)
        for key, entry in objects.items():
            if entry.parent is not None and entry.parent not in objects:
                raise self.fail(f"{_at(key)}.parent", f"'{entry.parent}' is not in the state")
        return SyncState(
            clinic=self.field(data, "clinic", "$", (str,)),
            currency=self.field(data, "currency", "$", (str,)),
            location=location,
            lineage=self.lineage(data),
            square_locations=self.strings(data, "square_locations", "$"),
            objects=objects,
            deleted=frozenset(self.strings(data, "deleted", "$") if "deleted" in data else ()),
            source=self.source,
        )

    def duplicate(self, objects: Mapping[str, Known]) -> None:
        """Name the first object whose id an object before it has."""
        ids: dict[str, str] = {}
        for key, known in objects.items():
            if known.id in ids:
                raise self.fail(f"{_at(key)}.id", f"{known.id} is also the id of {ids[known.id]}")
            ids[known.id] = key

    def lineage(self, data: Mapping[str, Any]) -> str:
        from servicekit.exporting.square.ids import LINEAGE

        lineage = self.field(data, "lineage", "$", (str,))
        if not LINEAGE.fullmatch(lineage):
            raise self.fail("$.lineage", f"is {_shown(lineage)}, not eight capitals or digits")
        return lineage

    def known(self, entry: Any, key: str) -> Known:
        # The usual case checked at once, each field read once: a large menu's state holds
        # 40,000 objects. Anything else (a null kept, a wrong type) is for `explained`.
        if type(entry) is dict:
            get = entry.get
            ident, kind, name, data = get("id"), get("type"), get("name"), get("data")
            version, kept, parent = get("version"), get("kept", _ABSENT), get("parent")
            if (
                type(ident) is str
                and ident
                and ident[0] != "#"
                and type(kind) is str
                and type(name) is str
                and type(data) is dict
                and (version is None or type(version) is int)
                and (kept is _ABSENT or type(kept) is dict)
                and (parent is None or type(parent) is str)
            ):
                return Known(
                    kind, ident, version, name, data, {} if kept is _ABSENT else kept, parent
                )
        return self.explained(entry, _at(key))

    def explained(self, entry: Any, path: str) -> Known:
        """An object of the state that is not what servicekit writes: say what is wrong."""
        if not isinstance(entry, dict):
            raise self.fail(path, f"is {_shown(entry)}, not an object")
        version = entry.get("version")
        if version is not None and (not isinstance(version, int) or isinstance(version, bool)):
            raise self.fail(f"{path}.version", f"is {_shown(version)}, not a whole number")
        parent = entry.get("parent")
        if parent is not None and not isinstance(parent, str):
            raise self.fail(f"{path}.parent", f"is {_shown(parent)}, not a key")
        ident = self.field(entry, "id", path, (str,))
        if not ident or ident.startswith("#"):
            raise self.fail(f"{path}.id", f"is {_shown(ident)}, not a permanent Square id")
        return Known(
            type=self.field(entry, "type", path, (str,)),
            id=ident,
            version=version,
            name=self.field(entry, "name", path, (str,)),
            data=self.field(entry, "data", path, (dict,)),
            kept=self.field(entry, "kept", path, (dict,)) if "kept" in entry else {},
            parent=parent,
        )


def _at(key: str) -> str:
    """The JSON path of an object of the state."""
    return f"$.objects[{json.dumps(key, ensure_ascii=False)}]"


_ABSENT: Any = object()
"""A key the state's object does not have."""
_TYPE_WORDS = {str: "a string", int: "a whole number", dict: "an object", list: "a list"}


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:39] + "…"
