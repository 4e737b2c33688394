"""The `square` export: a Square Catalog API `BatchUpsertCatalogObjects` request body.

Objects are packed into batches of at most 1,000 (nested variations and modifiers count), each
batch holding every object its temporary `#` ids refer to, and requests hold at most 10,000.
The idempotency key is a hash of the request, so sending the same export twice is the same
request and a changed menu is a new one.

A menu that needs more than one request is written as a JSON array of request bodies, to send
in order. One whose objects cannot be split into batches with temporary ids alone (a large
menu sharing a tax or a category across more than 1,000 objects) is uploaded in steps: each
export holds what can be created now, and the next export, given Square's responses
(`--square-ids`), refers to those objects by their permanent ids.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Mapping
from typing import Any

from servicekit.errors import ExportError
from servicekit.exporting.context import ExportContext
from servicekit.exporting.square.catalog import Catalog
from servicekit.exporting.square.ids import SquareIds, Temporary

MAX_BATCH = 1_000
MAX_REQUEST = 10_000


def write(context: ExportContext) -> bytes:
    bodies = requests(context)
    text = ",\n".join(_body_text(body) for body in bodies)
    return (text if len(bodies) == 1 else f"[\n{text}\n]").encode("utf-8") + b"\n"


def _body_text(body: dict[str, Any]) -> str:
    """A request body with one catalog object a line: readable and diffable, and quick to
    write for 10,000 services (indenting every nested key would take seconds)."""
    batches = ",\n".join(
        '    {\n      "objects": [\n'
        + ",\n".join("        " + _compact(obj) for obj in batch["objects"])
        + "\n      ]\n    }"
        for batch in body["batches"]
    )
    key = _compact(body["idempotency_key"])
    return f'{{\n  "idempotency_key": {key},\n  "batches": [\n{batches}\n  ]\n}}'


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def requests(context: ExportContext) -> list[dict[str, Any]]:
    """The request bodies of the export, in the order to send them."""
    ids = _ids(context.options.get("ids"))
    catalog = Catalog(context, ids)
    objects = catalog.objects()
    for obj in objects:
        if size(obj) > MAX_BATCH:
            raise ExportError(
                f"{obj['id']} holds {size(obj) - 1:,} variations or modifiers, more than a "
                f"Square batch holds ({MAX_BATCH:,} objects)",
                hint="offer fewer lengths or add-ons with one service",
            )
    if ids:
        _stale(context, ids, catalog.made)
    groups = _components(objects)
    if max((size for size, _ in groups), default=0) > MAX_BATCH:
        groups = _first_step(context, objects, groups)
    bodies = [_body(batches) for batches in _requests(_batches(objects, groups))]
    if len(bodies) > 1:
        context.warn(
            None,
            f"the export needs {len(bodies)} requests of at most {MAX_REQUEST:,} objects: it "
            "is a JSON array of request bodies; send them in order",
        )
    return bodies


def _ids(option: Any) -> SquareIds:
    """The `ids` option: a `SquareIds`, or one or more responses (parsed, or files)."""
    if option is None:
        return SquareIds()
    if isinstance(option, SquareIds):
        return option
    if isinstance(option, str | bytes | os.PathLike | Mapping):
        option = [option]
    return SquareIds.load(option)


def _is_reference(key: str) -> bool:
    return key == "id" or key.endswith(("_id", "_ids", "_any"))


def _stale(context: ExportContext, ids: SquareIds, made: set[str]) -> None:
    """What Square has from earlier uploads of this export that the catalogue no longer
    holds. Lengths dropped from a service go when the service is uploaded: an upload
    replaces its variations. Ids of other exports (another location's) are left alone."""
    catalogue = context.catalogue
    here = context.location.id if context.location else None
    gone, lengths = [], []
    for client, permanent in sorted(ids.permanent.items()):
        parsed = Temporary.parse(client)
        if client in made or parsed is None or parsed.location != here:
            continue
        if parsed.kind == "variation":
            service, _, minutes = parsed.rest.rpartition("-")
            if service in catalogue.services and minutes.isdigit():
                lengths.append(f"{catalogue.services[service].name}, {minutes} min")
        elif parsed.kind != "modifier":  # modifiers go with their list
            gone.append(ids.name_of(permanent) or client)
    if gone:
        listed = ", ".join(gone[:12]) + (f" and {len(gone) - 12} more" if len(gone) > 12 else "")
        context.warn(
            None,
            f"Square still has {len(gone)} object{'s' * (len(gone) != 1)} from an earlier upload "
            f"that this export no longer has: {listed}",
            "delete them in Square if they should go; servicekit does not delete anything",
        )
    if lengths:
        context.warn(
            None,
            f"uploading this removes lengths the catalogue dropped: {', '.join(lengths[:12])}",
        )


def _defines(obj: dict[str, Any]) -> Iterator[str]:
    """The ids an object defines: its own and its nested variations' or modifiers'."""
    yield obj["id"]
    for key in ("item_data", "modifier_list_data"):
        for nested in (obj.get(key) or {}).get(
            "variations" if key == "item_data" else "modifiers"
        ) or ():
            yield nested["id"]


def _references(value: Any, key: str = "") -> Iterator[str]:
    """Every temporary id an object refers to (its own ids among them)."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _references(v, k)
    elif isinstance(value, list):
        for item in value:
            yield from _references(item, key)
    elif isinstance(value, str) and value.startswith("#") and _is_reference(key):
        yield value


def size(obj: dict[str, Any]) -> int:
    """How many objects Square counts: the object and its nested variations or modifiers."""
    return sum(1 for _ in _defines(obj))


Group = tuple[int, list[int]]
"""Objects that must share a batch: how many Square counts, and their positions."""


def _components(objects: list[dict[str, Any]]) -> list[Group]:
    """Objects that refer to each other by temporary id, which must share a batch, in the
    order of their first object."""
    parent = list(range(len(objects)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    owner = {ident: index for index, obj in enumerate(objects) for ident in _defines(obj)}
    for index, obj in enumerate(objects):
        for ident in _references(obj):
            other = owner.get(ident)
            if other is None:
                raise AssertionError(f"{obj['id']} refers to {ident}, which no object defines")
            parent[root(index)] = root(other)
    groups: dict[int, list[int]] = {}
    for index in range(len(objects)):
        groups.setdefault(root(index), []).append(index)
    return [(sum(size(objects[i]) for i in group), group) for group in groups.values()]


def _first_step(
    context: ExportContext, objects: list[dict[str, Any]], groups: list[Group]
) -> list[Group]:
    """What can be created now: objects that refer to no other object by temporary id."""
    leaves = [
        index for index, obj in enumerate(objects) if set(_references(obj)) <= set(_defines(obj))
    ]
    largest = max(count for count, _ in groups)
    context.warn(
        None,
        f"{largest:,} objects refer to each other by temporary id, more than a Square batch "
        f"holds ({MAX_BATCH:,}): this export holds the {len(leaves):,} that can be created now, "
        f"and {len(objects) - len(leaves):,} wait for their permanent ids",
        "send it, save Square's responses, and export again with --square-ids for each "
        "response, until this warning is gone",
    )
    return [(size(objects[index]), [index]) for index in leaves]


def _batches(objects: list[dict[str, Any]], groups: list[Group]) -> list[list[dict[str, Any]]]:
    """Groups packed in order into batches of at most MAX_BATCH counted objects, each batch
    keeping its objects in the order they were made (what others refer to first)."""
    batches: list[Group] = []
    for count, group in groups:
        if batches and batches[-1][0] + count <= MAX_BATCH:
            batches[-1] = (batches[-1][0] + count, batches[-1][1] + group)
        else:
            batches.append((count, list(group)))
    return [[objects[index] for index in sorted(group)] for _, group in batches]


def _requests(batches: list[list[dict[str, Any]]]) -> list[list[list[dict[str, Any]]]]:
    requests: list[tuple[int, list[list[dict[str, Any]]]]] = []
    for batch in batches:
        count = sum(size(obj) for obj in batch)
        if requests and requests[-1][0] + count <= MAX_REQUEST:
            requests[-1] = (requests[-1][0] + count, [*requests[-1][1], batch])
        else:
            requests.append((count, [batch]))
    return [request for _, request in requests] or [[]]


def _body(batches: list[list[dict[str, Any]]]) -> dict[str, Any]:
    batch_list = [{"objects": batch} for batch in batches if batch]
    canonical = json.dumps(batch_list, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    key = "servicekit-" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:48]
    return {"idempotency_key": key, "batches": batch_list}
