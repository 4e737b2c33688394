"""Square request bodies: objects packed into batches and requests as Square takes them.

A `BatchUpsertCatalogObjects` batch holds at most 1,000 objects (nested variations and modifiers
count) and is applied all or nothing; a request holds at most 10,000. A temporary `#` id is
known only within its batch, so objects that refer to each other by temporary id share one.
The idempotency key is a hash of the request: sending the same body twice is the same request.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs

from servicekit.errors import ExportError
from servicekit.exporting.square.managed import children

MAX_BATCH = 1_000
MAX_REQUEST = 10_000
MAX_DELETE = 200
"""The most ids a `BatchDeleteCatalogObjects` request takes."""
_TEMPORARY = re.compile(r'"(#[^"\\]*)"')


@attrs.frozen
class Upload:
    """Request bodies to send in order, and how many objects wait for a later upload."""

    bodies: tuple[dict[str, Any], ...]
    texts: tuple[str, ...]
    """Each body as written: one catalog object a line."""
    waiting: int = 0
    """Objects that refer by temporary id to more objects than a batch holds: they go in a
    later upload, once their references have permanent ids."""


def size(obj: Mapping[str, Any]) -> int:
    """How many objects Square counts: the object and its nested variations or modifiers."""
    return 1 + len(children(obj))


def pack(
    objects: Sequence[Mapping[str, Any]],
    ids_in: Callable[[Mapping[str, Any]], Iterable[str] | None] | None = None,
) -> Upload:
    """The request bodies for `objects` (in the order made: what others refer to first).

    `ids_in` gives every id an object holds (its own and its nested objects' included)
    when its maker knows where they are, None otherwise: the others are read out of the
    object's JSON. Only the objects sent are written.
    """
    sizes = [size(obj) for obj in objects]
    for obj, count in zip(objects, sizes, strict=True):
        if count > MAX_BATCH:
            raise ExportError(
                f"{obj['id']} holds {count - 1:,} variations or modifiers, more than a "
                f"Square batch holds ({MAX_BATCH:,} objects)",
                hint="offer fewer lengths or add-ons with one service",
            )
    texts: dict[int, str] = {}
    defined = {ident: index for index, obj in enumerate(objects) for ident in _defines(obj)}
    references = []
    for index, obj in enumerate(objects):
        held = ids_in(obj) if ids_in is not None else None
        if held is None:
            held = _TEMPORARY.findall(texts.setdefault(index, _compact(obj)))
        references.append({defined[i] for i in held if i in defined and i.startswith("#")})
    groups, waiting = _components(sizes, references), 0
    if max((count for count, _ in groups), default=0) > MAX_BATCH:
        groups = _leaves(sizes, references)
        waiting = len(objects) - len(groups)
    requests = _requests(_batches(groups))
    bodies, written = [], []
    for request in requests:
        text = ",\n".join(
            _batch_text([texts.get(i) or texts.setdefault(i, _compact(objects[i])) for i in batch])
            for batch in request
        )
        key = "servicekit-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:48]
        bodies.append(
            {
                "idempotency_key": key,
                "batches": [{"objects": [objects[i] for i in batch]} for batch in request],
            }
        )
        written.append(f'{{\n  "idempotency_key": "{key}",\n  "batches": [\n{text}\n  ]\n}}')
    return Upload(tuple(bodies), tuple(written), waiting)


def text_of(upload: Upload) -> bytes:
    """The bodies as a file: one body, or a JSON array of them when there are several."""
    text = ",\n".join(upload.texts)
    return (text if len(upload.texts) == 1 else f"[\n{text}\n]").encode("utf-8") + b"\n"


def delete_bodies(ids: Iterable[str]) -> list[dict[str, Any]]:
    """`BatchDeleteCatalogObjects` bodies for `ids`, at most 200 ids each."""
    ids = list(ids)
    return [
        {"object_ids": ids[start : start + MAX_DELETE]} for start in range(0, len(ids), MAX_DELETE)
    ]


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def _batch_text(texts: list[str]) -> str:
    """A batch with one catalog object a line: readable and diffable, and quick to write
    for 10,000 services (indenting every nested key would take seconds)."""
    objects = ",\n".join("        " + text for text in texts)
    return f'    {{\n      "objects": [\n{objects}\n      ]\n    }}'


def _defines(obj: Mapping[str, Any]) -> list[str]:
    """The ids an object defines: its own and its nested variations' or modifiers'."""
    return [obj["id"], *(child["id"] for child in children(obj))]


Group = tuple[int, list[int]]
"""Objects that must share a batch: how many Square counts, and their positions."""


def _components(sizes: list[int], references: list[set[int]]) -> list[Group]:
    """Objects that refer to each other by temporary id, in the order of their first."""
    parent = list(range(len(sizes)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    for index, found in enumerate(references):
        for other in found:
            parent[root(index)] = root(other)
    groups: dict[int, list[int]] = {}
    for index in range(len(sizes)):
        groups.setdefault(root(index), []).append(index)
    return [(sum(sizes[i] for i in group), group) for group in groups.values()]


def _leaves(sizes: list[int], references: list[set[int]]) -> list[Group]:
    """What can be created now: objects that refer to no other object by temporary id."""
    return [(sizes[index], [index]) for index, found in enumerate(references) if found <= {index}]


def _batches(groups: list[Group]) -> list[Group]:
    """Groups packed in order into batches of at most MAX_BATCH counted objects, each batch
    keeping its objects in the order they were made (what others refer to first)."""
    batches: list[Group] = []
    for count, group in groups:
        if batches and batches[-1][0] + count <= MAX_BATCH:
            batches[-1] = (batches[-1][0] + count, batches[-1][1] + group)
        else:
            batches.append((count, list(group)))
    return [(count, sorted(group)) for count, group in batches]


def _requests(batches: list[Group]) -> list[list[list[int]]]:
    requests: list[tuple[int, list[list[int]]]] = []
    for count, batch in batches:
        if requests and requests[-1][0] + count <= MAX_REQUEST:
            requests[-1] = (requests[-1][0] + count, [*requests[-1][1], batch])
        else:
            requests.append((count, [batch]))
    return [request for _, request in requests] or [[]]
