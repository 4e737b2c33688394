"""The Square objects a catalogue makes, each with its key, its parent and its managed form.

A menu of 10,000 services makes some 40,000 objects, and a plan compares each with the state:
so the objects are kept as the catalog made them, and what a comparison or a report needs
(an object's managed form, its name) is worked out when asked for.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cached_property
from typing import Any

import attrs

from servicekit.exporting import find_location
from servicekit.exporting.context import ExportContext
from servicekit.exporting.square import limits
from servicekit.exporting.square.catalog import Catalog
from servicekit.exporting.square.managed import children, display_name, managed
from servicekit.exporting.square.state import SyncState
from servicekit.model.catalogue import Catalogue


@attrs.frozen
class Entry:
    """One Square object of the catalogue's (top-level or nested)."""

    key: str
    obj: Mapping[str, Any]
    parent: str | None
    managed: dict[str, Any]
    name: str


class Desired:
    """What the catalogue makes in Square, against a state: objects the state knows carry
    their permanent ids and versions, the others temporary ids."""

    def __init__(
        self, catalogue: Catalogue, state: SyncState | None, location: str | None = None
    ) -> None:
        self.context = ExportContext(catalogue, find_location(catalogue, location))
        limits.check(self.context)
        self.catalog = Catalog(self.context, state)
        self.objects = self.catalog.objects()
        """Top-level objects, in the order to send them (what others refer to first)."""
        self.keys = self.catalog.keys
        """The key of every id the catalogue's objects name."""
        self._entries: dict[str, Entry] = {}

    @cached_property
    def _index(self) -> tuple[dict[str, Mapping[str, Any]], dict[str, str]]:
        """Every object by key, and the parent of each nested one: worked out when a plan
        changes something (a plan that changes nothing needs neither)."""
        by_key: dict[str, Mapping[str, Any]] = {}
        parents: dict[str, str] = {}
        for obj in self.objects:
            key = self.keys[obj["id"]]
            by_key[key] = obj
            for child in children(obj):
                child_key = self.keys[child["id"]]
                by_key[child_key] = child
                parents[child_key] = key
        return by_key, parents

    @property
    def by_key(self) -> dict[str, Mapping[str, Any]]:
        return self._index[0]

    @property
    def parents(self) -> dict[str, str]:
        return self._index[1]

    @cached_property
    def made(self) -> frozenset[str]:
        """The keys of every object the catalogue makes."""
        keys = self.keys
        return frozenset(
            keys[ident]
            for obj in self.objects
            for ident in (obj["id"], *(child["id"] for child in children(obj)))
        )

    @property
    def warnings(self) -> list[Any]:
        """What Square cannot hold, as the export names it."""
        return self.context.warnings

    def key_of(self, ident: str) -> str:
        return self.keys[ident]

    def __contains__(self, key: str) -> bool:
        return key in self.made

    def entry(self, key: str) -> Entry:
        """The object of `key`, with its managed form and its name."""
        found = self._entries.get(key)
        if found is None:
            obj, parent = self.by_key[key], self.parents.get(key)
            name = display_name(obj, self.entry(parent).name if parent else None)
            found = Entry(key, obj, parent, managed(obj, self.keys.__getitem__), name)
            self._entries[key] = found
        return found

    def name(self, key: str) -> str:
        """How people know the object of `key` ("Swedish Massage, 60 min")."""
        found = self._entries.get(key)
        if found is not None:
            return found.name
        parent = self.parents.get(key)
        return display_name(self.by_key[key], self.name(parent) if parent else None)

    def get(self, key: str) -> Entry | None:
        return self.entry(key) if key in self.by_key else None

    def children_of(self, key: str) -> Iterator[Entry]:
        for child in children(self.by_key[key]):
            yield self.entry(self.keys[child["id"]])
