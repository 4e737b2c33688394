"""Adopting a Square catalogue that exists already: which of Square's objects stand for which
of the catalogue's, so the first sync updates them instead of duplicating the menu.

Objects are matched by the ids a state or an import recorded, then by what they are: items by
name, their variations by length, categories, taxes and discounts by name, add-on lists by the
names of their add-ons, and an automatic discount's pricing rule, product set and time periods
through the discount. What matches goes into the state with Square's id and version; what
does not is reported: the catalogue's objects are created by the next plan, and Square's own
are left alone (servicekit never changes or deletes an object it does not manage).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from functools import cached_property
from typing import Any, cast

import attrs

from servicekit.collector import paused
from servicekit.exporting.list_prices import ListPrices
from servicekit.exporting.square import shapes
from servicekit.exporting.square.desired import Desired, Entry
from servicekit.exporting.square.managed import (
    CHILDREN,
    SYNCED_TYPES,
    data_of,
    described,
    differences,
    display_name,
    kept_fields,
    managed,
    nested_words,
    without_children,
)
from servicekit.exporting.square.record import Source, read_answers, with_names
from servicekit.exporting.square.shapes import Located
from servicekit.exporting.square.state import Known, SyncState, square_locations
from servicekit.model.catalogue import Catalogue

_SPACES = re.compile(r"\s+")


@attrs.frozen
class Adoption:
    """The state adoption made, and what it could not match."""

    state: SyncState
    matched: int
    """Objects of the catalogue's that Square already has."""
    created: tuple[str, ...]
    """The catalogue's objects Square does not have, as the next plan will create them."""
    left: tuple[str, ...]
    """Square's objects that stand for nothing in the catalogue: left alone."""
    differs: tuple[str, ...]
    """Adopted objects that the next plan changes, and how."""
    notes: tuple[str, ...] = ()

    def lines(self) -> list[str]:
        lines = [f"adopted {self.matched} object{'s' * (self.matched != 1)} Square has"]
        sections = (
            ("the next plan updates", self.differs),
            ("Square does not have (the next plan creates them)", self.created),
            ("Square's own, matching nothing in the catalogue (left alone)", self.left),
        )
        for title, items in sections:
            if items:
                lines.append(f"{title}:")
                lines += [f"  {item}" for item in items]
        return lines + [f"note: {note}" for note in self.notes]

    def to_dict(self) -> dict[str, Any]:
        return {
            "matched": self.matched,
            "created": list(self.created),
            "left": list(self.left),
            "differs": list(self.differs),
            "notes": list(self.notes),
        }


@paused()
def adopt(
    catalogue: Catalogue,
    listing: Iterable[Source] | list[Located],
    *,
    state: SyncState | None = None,
    location: str | None = None,
    hints: Mapping[str, str] | None = None,
    compare: bool = True,
    prices: ListPrices | None = None,
) -> Adoption:
    """A sync state matching `catalogue` to the Square catalogue a ListCatalog (every page)
    shows. `state` (a former one) and `hints` (key -> Square id, as an import records them)
    are tried before names; the new state keeps the former's lineage. With `compare`, the
    adoption also says what the first plan will change in what it adopted (`differs`).
    `prices` are the catalogue's list prices at `location` when an export has them already."""
    if state is not None:
        state.check(catalogue, location)
    else:
        state = SyncState.start(catalogue, location)
    if isinstance(listing, list) and all(isinstance(item, Located) for item in listing):
        objects: list[Located] = listing
    else:
        objects = shapes.pages(read_answers(cast("Iterable[Source]", listing)), "adopt")
    matcher = _Matcher(Desired(catalogue, None, location, prices=prices), objects)
    for key, ident in {**{k: v.id for k, v in state.objects.items()}, **(hints or {})}.items():
        matcher.by_id(key, ident)
    matcher.by_what()
    fresh = state.evolve(
        square_locations=square_locations(catalogue, location), deleted=frozenset()
    )
    return matcher.adoption(catalogue, fresh, location, compare)


def _normal(text: Any) -> str:
    return _SPACES.sub(" ", text).strip().casefold() if isinstance(text, str) else ""


class _Matcher:
    def __init__(self, desired: Desired, objects: list[Located]) -> None:
        self.desired = desired
        self.square: dict[str, tuple[dict[str, Any], str | None]] = {}
        for located, parent in shapes.flatten(objects):
            if not located.obj.get("is_deleted"):
                self.square[located.obj["id"]] = (located.obj, parent)
        # Square's objects by type and parent, and by name too, in the order listed: a
        # catalogue of 10,000 services is matched without comparing each with every other.
        self.owned: dict[tuple[str, str | None], list[dict[str, Any]]] = {}
        self.nested: dict[str | None, list[dict[str, Any]]] = {}
        self.named: dict[tuple[str, str | None, str], list[dict[str, Any]]] = {}
        for obj, owner in self.square.values():
            self.owned.setdefault((obj["type"], owner), []).append(obj)
            self.nested.setdefault(owner, []).append(obj)
            name = _normal(data_of(obj).get("name"))
            self.named.setdefault((obj["type"], owner, name), []).append(obj)
        self.matched: dict[str, str] = {}
        """Square id by key."""
        self.used: set[str] = set()
        self.notes: list[str] = []

    def match(self, key: str, ident: str) -> None:
        self.matched[key] = ident
        self.used.add(ident)

    def by_id(self, key: str, ident: str) -> None:
        entry = self.desired.get(key)
        found = self.square.get(ident)
        if entry is None or found is None or ident in self.used or key in self.matched:
            return
        if found[0]["type"] == entry.obj["type"]:
            self.match(key, ident)

    def candidates(self, kind: str, parent: str | None = None) -> Iterator[dict[str, Any]]:
        """Square's objects of `kind` in `parent` (None: at the top) not matched yet."""
        for obj in self.owned.get((kind, parent), ()):
            if obj["id"] not in self.used:
                yield obj

    def by_what(self) -> None:
        for kind in ("CATEGORY", "TAX", "DISCOUNT"):
            for entry in self._of(kind):
                self._by_name(entry)
        for entry in self._of("ITEM"):
            self._by_name(entry, services=True)
            if entry.key in self.matched:
                self._variations(entry)
        for entry in self._of("MODIFIER_LIST"):
            self._modifier_list(entry)
        for entry in self._of("PRICING_RULE"):
            self._pricing_rule(entry)

    def _of(self, kind: str) -> list[Entry]:
        """The catalogue's top-level objects of `kind` not matched yet, in the order made."""
        return [
            self.desired.entry(key) for key in self._top.get(kind, ()) if key not in self.matched
        ]

    @cached_property
    def _top(self) -> dict[str, list[str]]:
        """The keys of the catalogue's top-level objects by type."""
        found: dict[str, list[str]] = {}
        parents = self.desired.parents
        for key, obj in self.desired.by_key.items():
            if key not in parents:
                found.setdefault(obj["type"], []).append(key)
        return found

    def _by_name(self, entry: Entry, parent: str | None = None, services: bool = False) -> None:
        """Match the first of Square's objects of the entry's type and name (in `parent`),
        not matched yet; `services`: of the items, only services."""
        name = _normal(data_of(entry.obj).get("name"))
        same = [
            obj
            for obj in self.named.get((entry.obj["type"], parent, name), ())
            if obj["id"] not in self.used
            and (not services or data_of(obj).get("product_type") == "APPOINTMENTS_SERVICE")
        ]
        if same:
            self.match(entry.key, same[0]["id"])
            if len(same) > 1:
                others = ", ".join(obj["id"] for obj in same[1:])
                self.notes.append(
                    f"Square has {len(same)} {entry.obj['type']} objects named '{entry.name}': "
                    f"adopted {same[0]['id']}, left {others} alone"
                )

    def _variations(self, entry: Entry) -> None:
        parent = self.matched[entry.key]
        for child in self.desired.children_of(entry.key):
            if child.key in self.matched:
                continue
            length = data_of(child.obj).get("service_duration")
            same = [
                obj
                for obj in self.candidates("ITEM_VARIATION", parent)
                if data_of(obj).get("service_duration") == length
            ]
            if same:
                self.match(child.key, same[0]["id"])
            else:
                self._by_name(child, parent)

    def _modifier_list(self, entry: Entry) -> None:
        wanted = sorted(
            _normal(data_of(child.obj).get("name"))
            for child in (self.desired.children_of(entry.key))
        )
        for obj in self.candidates("MODIFIER_LIST"):
            names = sorted(
                _normal(data_of(child).get("name")) for child in self.nested.get(obj["id"], ())
            )
            if names == wanted:
                self.match(entry.key, obj["id"])
                break
        else:
            self._by_name(entry)
        if entry.key not in self.matched:
            return
        parent = self.matched[entry.key]
        for child in self.desired.children_of(entry.key):
            if child.key not in self.matched:
                self._by_name(child, parent)

    def _pricing_rule(self, entry: Entry) -> None:
        """A pricing rule through its discount; its product set and time periods through it."""
        data = data_of(entry.obj)
        mine = data.get("discount_id")
        discount = self.matched.get(self.desired.catalog.keys.get(mine, "")) if mine else None
        rules = [
            obj
            for obj in self.candidates("PRICING_RULE")
            if discount is not None and data_of(obj).get("discount_id") == discount
        ]
        if rules:
            self.match(entry.key, rules[0]["id"])
        else:
            self._by_name(entry)
        if entry.key not in self.matched:
            return
        square = data_of(self.square[self.matched[entry.key]][0])
        pairs = [(data.get("match_products_id"), square.get("match_products_id"))]
        pairs += zip(data.get("time_period_ids") or [], square.get("time_period_ids") or [],
                     strict=False)  # fmt: skip
        for mine, theirs in pairs:
            key = self.desired.catalog.keys.get(mine) if isinstance(mine, str) else None
            if key and theirs in self.square and theirs not in self.used:
                self.by_id(key, theirs)

    def adoption(
        self, catalogue: Catalogue, state: SyncState, location: str | None, compare: bool
    ) -> Adoption:
        desired = self.desired
        by_id = {ident: key for key, ident in self.matched.items()}
        objects: dict[str, Known] = {}
        for key, ident in sorted(
            self.matched.items(), key=lambda pair: desired.parents.get(pair[0]) or ""
        ):
            obj, parent_id = self.square[ident]
            parent = by_id.get(parent_id) if parent_id else None
            if parent_id and parent is None:
                continue  # nested in an object that did not match: it is not ours
            parent_name = objects[parent].name if parent in objects else None
            objects[key] = Known(
                obj["type"],
                ident,
                obj.get("version"),
                display_name(obj, parent_name),
                managed(obj, lambda i: by_id.get(i, "?" + i), desired.entry(key).managed),
                kept_fields(obj),
                parent,
            )
        adopted = state.evolve(objects=objects)
        return Adoption(
            state=adopted,
            matched=len(objects),
            created=tuple(
                described(obj["type"], desired.name(key), key)
                for key, obj in desired.by_key.items()
                if key not in objects
                and (key not in desired.parents or desired.parents[key] in objects)
            ),
            left=tuple(
                f"{obj['type']} '{display_name(obj)}' ({ident})"
                for ident, (obj, parent) in self.square.items()
                if ident not in by_id and parent is None and obj["type"] in SYNCED_TYPES
            ),
            differs=tuple(self._differs(catalogue, adopted, location)) if compare else (),
            notes=tuple(self.notes),
        )

    def _differs(
        self, catalogue: Catalogue, state: SyncState, location: str | None
    ) -> Iterator[str]:
        """What the first plan changes in the adopted objects, as the plan will say it."""
        desired = Desired(catalogue, state, location)
        names = {key: known.name for key, known in state.objects.items()}
        for ident, (obj, _) in self.square.items():
            names["?" + ident] = f"'{display_name(obj)}' (Square's own)"
        for key, known in state.objects.items():
            entry = desired.entry(key)
            if entry.managed == known.data:
                continue
            field = CHILDREN.get(known.type)
            old, new = without_children(known.data, field), without_children(entry.managed, field)
            words = differences(with_names(old, state, names), with_names(new, state, names))
            if field:
                words += nested_words(
                    data_of(known.data).get(field) or [],
                    data_of(entry.managed).get(field) or [],
                    lambda k: names.get(k, k),
                )
            yield described(known.type, known.name, key) + ": " + "; ".join(words)
