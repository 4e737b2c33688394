"""The Square objects a catalogue makes, each with its key, its parent and its managed form.

A menu of 10,000 services makes some 40,000 objects, and a plan compares each with the state:
so the objects are kept as the catalog made them, and what a comparison or a report needs
(an object's managed form, its name) is worked out when asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from functools import cached_property
from typing import Any

import attrs

from servicekit.exporting import find_location
from servicekit.exporting.context import ExportContext
from servicekit.exporting.list_prices import ListPrices
from servicekit.exporting.square import limits
from servicekit.exporting.square.catalog import Catalog
from servicekit.exporting.square.managed import display_name, managed, nested
from servicekit.exporting.square.state import SyncState
from servicekit.model.catalogue import Catalogue


@attrs.frozen
class Entry:
    """One Square object of the catalogue's (top-level or nested)."""

    key: str
    obj: Mapping[str, Any]
    parent: str | None
    name: str
    key_of: Callable[[str], str] = attrs.field(eq=False, repr=False)

    @cached_property
    def managed(self) -> dict[str, Any]:
        """Its managed form (`managed.managed`), worked out when asked for."""
        return managed(self.obj, self.key_of)


class Desired:
    """What the catalogue makes in Square, against a state: objects the state knows carry
    their permanent ids and versions, the others temporary ids."""

    def __init__(
        self,
        catalogue: Catalogue,
        state: SyncState | None,
        location: str | None = None,
        *,
        prices: ListPrices | None = None,
    ) -> None:
        self.context = ExportContext(catalogue, find_location(catalogue, location))
        if prices is not None:  # worked out already for an export of the same location
            self.context.list_prices = prices
        limits.check(self.context)
        self.catalog = Catalog(self.context, state)
        self.objects = self.catalog.objects()
        """Top-level objects, in the order to send them (what others refer to first)."""
        self.keys = self.catalog.keys
        """The key of every id the catalogue's objects name."""
        self.parents = self.catalog.parents
        """The key of the parent of every nested object."""
        self._entries: dict[str, Entry] = {}

    @cached_property
    def _top(self) -> dict[str, Mapping[str, Any]]:
        """The top-level objects by key."""
        keys = self.keys
        return {keys[obj["id"]]: obj for obj in self.objects}

    @cached_property
    def by_key(self) -> dict[str, Mapping[str, Any]]:
        """Every object by key (for adoption: a plan looks up the few that changed)."""
        keys = self.keys
        found: dict[str, Mapping[str, Any]] = {}
        for obj in self.objects:
            found[keys[obj["id"]]] = obj
            for child in nested(obj):
                found[keys[child["id"]]] = child
        return found

    def find(self, key: str) -> Mapping[str, Any] | None:
        """The object of `key`, nested or not; None for one the catalogue does not make."""
        found = self._top.get(key)
        parent = self.parents.get(key)
        if found is None and parent is not None:
            keys = self.keys
            found = next(c for c in nested(self._top[parent]) if keys[c["id"]] == key)
        return found

    @cached_property
    def made(self) -> frozenset[str]:
        """The keys of every object the catalogue makes."""
        return frozenset(self.catalog.made)

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
            obj, parent = self._found(key), self.parents.get(key)
            name = display_name(obj, self.entry(parent).name if parent else None)
            found = Entry(key, obj, parent, name, self.keys.__getitem__)
            self._entries[key] = found
        return found

    def name(self, key: str) -> str:
        """How people know the object of `key` ("Swedish Massage, 60 min")."""
        found = self._entries.get(key)
        if found is not None:
            return found.name
        parent = self.parents.get(key)
        return display_name(self._found(key), self.name(parent) if parent else None)

    def get(self, key: str) -> Entry | None:
        return self.entry(key) if self.find(key) is not None else None

    def children_of(self, key: str) -> Iterator[Entry]:
        for child in nested(self._found(key)):
            yield self.entry(self.keys[child["id"]])

    def _found(self, key: str) -> Mapping[str, Any]:
        found = self.find(key)
        if found is None:
            raise KeyError(key)
        return found
