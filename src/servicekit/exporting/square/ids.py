"""Square ids: the temporary `#` ids an export gives its objects, and the permanent ids Square
gave them in earlier uploads.

A `#` id always creates an object, so uploading the same menu twice would duplicate it. After
an upload, Square's response maps each temporary id to a permanent one (`id_mappings`) and
returns each object's `version`. Given those responses (`--square-ids`), the next export
updates the objects Square already has instead of creating them again, and says which objects
Square has that the catalogue no longer holds.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs

from servicekit.errors import ExportError
from servicekit.files import read_json

KINDS = ("item", "variation", "category", "tax", "addons", "modifier", "discount",
         "product-set", "time-period", "pricing-rule")  # fmt: skip
"""What a temporary id names, the first word after `#` (and a location's `<id>/`)."""


def temporary(kind: str, *parts: str | int, location: str | None = None) -> str:
    """A deterministic temporary id, e.g. `#variation-swedish-60`; in a location's export
    `#the-beaches/variation-swedish-60`, so it never meets the ids of another export."""
    namespace = f"{location}/" if location else ""
    return "#" + namespace + "-".join([kind, *map(str, parts)])


@attrs.frozen
class Temporary:
    """A temporary id read back: its location (None for an export of every location), its
    kind and the rest, e.g. (None, "variation", "swedish-60")."""

    location: str | None
    kind: str
    rest: str

    @classmethod
    def parse(cls, ident: str) -> Temporary | None:
        """The parts of a temporary id servicekit made, or None for any other id."""
        if not ident.startswith("#"):
            return None
        location, _, local = ident[1:].rpartition("/")
        for kind in sorted(KINDS, key=len, reverse=True):
            if local.startswith(f"{kind}-"):
                return cls(location or None, kind, local[len(kind) + 1 :])
        return None


def digest(values: Iterable[str], length: int = 10) -> str:
    """A short stable name for a set of ids (an add-on list shared by several services)."""
    text = "\n".join(values).encode("utf-8")
    return hashlib.sha256(text).hexdigest()[:length]


@attrs.frozen
class SquareIds:
    """What Square said about earlier uploads: permanent ids by temporary id, and the last
    state it returned of each object (its version, and the fields staff set in Square)."""

    permanent: Mapping[str, str] = attrs.field(factory=dict)
    objects: Mapping[str, Mapping[str, Any]] = attrs.field(factory=dict)
    """The latest object Square returned, by permanent id (variations and modifiers too)."""

    def __bool__(self) -> bool:
        return bool(self.permanent)

    def version(self, permanent: str) -> int | None:
        version = self.objects.get(permanent, {}).get("version")
        return version if isinstance(version, int) else None

    def data(self, permanent: str) -> Mapping[str, Any]:
        """The `*_data` of the object as Square last returned it (empty when unknown)."""
        found = self.objects.get(permanent, {})
        return next((v for k, v in found.items() if k.endswith("_data")), None) or {}

    @classmethod
    def load(cls, sources: Iterable[str | os.PathLike[str] | Mapping[str, Any]]) -> SquareIds:
        """Merge Square's responses (paths or parsed JSON), oldest first, later ones winning.

        `BatchUpsertCatalogObjects` responses map temporary ids to permanent ones; they and
        `ListCatalog` / `SearchCatalogObjects` responses give the objects' current state.
        """
        permanent: dict[str, str] = {}
        objects: dict[str, Mapping[str, Any]] = {}
        for source in sources:
            response, name = _read(source)
            _check_response(response, name)
            for mapping in response.get("id_mappings") or []:
                if not isinstance(mapping, Mapping):
                    continue
                client, permanent_id = mapping.get("client_object_id"), mapping.get("object_id")
                if isinstance(client, str) and isinstance(permanent_id, str):
                    permanent[client] = permanent_id
            for found in _objects(response.get("objects") or []):
                if isinstance(found.get("id"), str):
                    objects[found["id"]] = found
        return cls(permanent, objects)

    def resolve(self, ident: str) -> str:
        return self.permanent.get(ident, ident)

    def name_of(self, permanent: str) -> str | None:
        """The name Square has for an object, when a response gave it."""
        name = self.data(permanent).get("name")
        return name if isinstance(name, str) else None


def _check_response(response: Any, name: str) -> None:
    if isinstance(response, Mapping) and response.get("errors"):
        first = response["errors"][0] if isinstance(response["errors"], list) else {}
        detail = first.get("detail") or first.get("code") if isinstance(first, Mapping) else None
        raise ExportError(
            f"{name} is Square's answer to a failed upload: {detail or 'see its errors'}",
            hint="fix what Square reports and upload again; give only successful responses",
        )
    if not isinstance(response, Mapping) or not (
        isinstance(response.get("id_mappings"), list) or isinstance(response.get("objects"), list)
    ):
        raise ExportError(
            f"{name} is not a Square catalog response",
            hint="give the JSON Square returned for an upload (BatchUpsertCatalogObjects) or a "
            "ListCatalog response",
        )


def _read(source: str | os.PathLike[str] | Mapping[str, Any]) -> tuple[Any, str]:
    if isinstance(source, Mapping):
        return source, "a Square response"
    return read_json(source), os.fspath(source)


def _objects(objects: list[Any]) -> Iterator[dict[str, Any]]:
    """Every catalog object in a response, nested variations and modifiers included."""
    stack = [item for item in objects if isinstance(item, dict)]
    while stack:
        found = stack.pop()
        yield found
        for key in ("item_data", "modifier_list_data"):
            data = found.get(key)
            if isinstance(data, dict):
                nested = data.get("variations") or data.get("modifiers") or []
                stack.extend(item for item in nested if isinstance(item, dict))
