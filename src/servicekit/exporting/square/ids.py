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
from servicekit.exporting.files import read_json


def temporary(kind: str, *parts: str | int) -> str:
    """A deterministic temporary id, e.g. `#variation-swedish-60`."""
    return "#" + "-".join([kind, *map(str, parts)])


def digest(values: Iterable[str], length: int = 10) -> str:
    """A short stable name for a set of ids (an add-on list shared by several services)."""
    text = "\n".join(values).encode("utf-8")
    return hashlib.sha256(text).hexdigest()[:length]


@attrs.frozen
class SquareIds:
    """Permanent Square ids by temporary id, and each object's last known version."""

    permanent: Mapping[str, str] = attrs.field(factory=dict)
    versions: Mapping[str, int] = attrs.field(factory=dict)

    def __bool__(self) -> bool:
        return bool(self.permanent)

    @classmethod
    def load(cls, sources: Iterable[str | os.PathLike[str] | Mapping[str, Any]]) -> SquareIds:
        """Merge BatchUpsertCatalogObjects responses (paths or parsed), later ones winning."""
        permanent: dict[str, str] = {}
        versions: dict[str, int] = {}
        for source in sources:
            response, name = _read(source)
            mappings = response.get("id_mappings") if isinstance(response, Mapping) else None
            if not isinstance(mappings, list):
                raise ExportError(
                    f"{name} is not a Square BatchUpsertCatalogObjects response",
                    hint="give the JSON Square returned for an upload: it has `id_mappings`",
                )
            for mapping in mappings:
                client, permanent_id = mapping.get("client_object_id"), mapping.get("object_id")
                if isinstance(client, str) and isinstance(permanent_id, str):
                    permanent[client] = permanent_id
            for found in _objects(response.get("objects") or []):
                if isinstance(found.get("id"), str) and isinstance(found.get("version"), int):
                    versions[found["id"]] = found["version"]
        return cls(permanent, versions)

    def resolve(self, ident: str) -> str:
        return self.permanent.get(ident, ident)


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
