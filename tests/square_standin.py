"""A stand-in for Square's Catalog API, in memory, behaving as Square's documentation says.

- `BatchUpsertCatalogObjects`: each batch of at most 1,000 objects (nested ones count) is
  applied all or nothing, the request holding at most 10,000; a `#` id creates an object and
  is known only within its batch (`id_mappings` give the permanent ids); an update must send
  the object's current `version` (`VERSION_MISMATCH` otherwise) and a permanent id Square does
  not have is `NOT_FOUND`; an upload replaces an object whole, and an item's variations or a
  list's modifiers left out are deleted; every object a batch writes gets a new version. The
  same idempotency key with the same body answers the same; with another body it is refused.
- `BatchDeleteCatalogObjects` deletes what it can, cascading to nested objects, and answers the
  ids it deleted.
- `ListCatalog` pages 100 top-level objects at a time, variations inside their items.

Plus what staff do in Square's Dashboard: edit an object (a new version), delete one.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator
from typing import Any

import httpx

DATA = {
    "ITEM": "item_data",
    "ITEM_VARIATION": "item_variation_data",
    "CATEGORY": "category_data",
    "TAX": "tax_data",
    "DISCOUNT": "discount_data",
    "MODIFIER_LIST": "modifier_list_data",
    "MODIFIER": "modifier_data",
    "TIME_PERIOD": "time_period_data",
    "PRODUCT_SET": "product_set_data",
    "PRICING_RULE": "pricing_rule_data",
}
NESTED = {"ITEM": ("variations", "ITEM_VARIATION", "item_id"),
          "MODIFIER_LIST": ("modifiers", "MODIFIER", "modifier_list_id")}  # fmt: skip
PARENT = {child: (parent, field) for parent, (_, child, field) in NESTED.items()}
REFERENCES = (
    "item_id", "category_id", "modifier_list_id", "discount_id", "match_products_id",
    "exclude_products_id", "apply_products_id",
)  # fmt: skip
LISTS = ("tax_ids", "time_period_ids", "product_ids_any", "product_ids_all")
NAME_LIMIT = {"ITEM": 512}
PAGE = 100


class Refused(Exception):
    def __init__(self, code: str, detail: str, field: str | None = None) -> None:
        super().__init__(detail)
        self.error = {"category": "INVALID_REQUEST_ERROR", "code": code, "detail": detail}
        if field:
            self.error["field"] = field


class StandIn:
    """One Square account's catalog."""

    def __init__(self, locations: tuple[str, ...] = ()) -> None:
        self.locations = locations
        self.stored: dict[str, dict[str, Any]] = {}
        """Every object ever made, by id, without its nested objects (`is_deleted` when gone)."""
        self.nested: dict[str, list[str]] = {}
        self.clock = 1_767_225_600_000  # a version is the time it was written, in ms
        self.made = 0
        self.fresh: set[str] = set()
        """The permanent ids the batch being applied gives its temporary ones."""
        self.answered: dict[str, tuple[str, tuple[int, dict[str, Any]]]] = {}
        self.requests: list[tuple[str, Any]] = []

    # the API

    def batch_upsert(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        self.requests.append(("batch-upsert", copy.deepcopy(body)))
        key = body.get("idempotency_key")
        digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
        if key in self.answered:
            seen, answer = self.answered[key]
            if seen != digest:
                return 400, _errors(Refused("IDEMPOTENCY_KEY_REUSED", "The idempotency key "
                                             "was used with another request."))  # fmt: skip
            return answer
        batches = body["batches"]
        if sum(_count(obj) for batch in batches for obj in batch["objects"]) > 10_000:
            return 400, _errors(Refused("BAD_REQUEST", "Too many objects in the request."))
        objects, mappings, errors = [], [], []
        now = self._tick()
        for batch in batches:
            saved = copy.deepcopy((self.stored, self.nested, self.made))
            try:
                written, made = self._apply(batch["objects"], now)
            except Refused as refused:
                self.stored, self.nested, self.made = saved
                errors.append(refused.error)
                continue
            objects += [self.render(ident) for ident in written]
            mappings += made
        answer: dict[str, Any] = {}
        if errors:
            answer["errors"] = errors
        if objects:
            answer.update(objects=objects, updated_at=_time(now), id_mappings=mappings or None)
            if answer["id_mappings"] is None:
                del answer["id_mappings"]
        result = (200 if objects else 400, answer)
        self.answered[key] = (digest, result)
        return result

    def batch_delete(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        self.requests.append(("batch-delete", copy.deepcopy(body)))
        if not 1 <= len(body.get("object_ids") or []) <= 200:
            return 400, _errors(Refused("BAD_REQUEST", "Give 1 to 200 object ids."))
        now = self._tick()
        deleted = []
        for ident in body["object_ids"]:
            deleted += self._delete(ident, now)
        return 200, {"deleted_object_ids": deleted, "deleted_at": _time(now)}

    def list_catalog(self, types: str | None = None, cursor: str | None = None):
        wanted = set(types.split(",")) if types else None
        found = [
            ident
            for ident, obj in sorted(self.stored.items())
            if not obj["is_deleted"]
            and obj["type"] not in PARENT
            and (wanted is None or obj["type"] in wanted)
        ]
        start = int(cursor) if cursor else 0
        page = {"objects": [self.render(ident) for ident in found[start : start + PAGE]]}
        if start + PAGE < len(found):
            page["cursor"] = str(start + PAGE)
        return 200, page

    def pages(self, types: str | None = None) -> list[dict[str, Any]]:
        """Every ListCatalog page, as an integration collects them."""
        found, cursor = [], None
        while True:
            _, page = self.list_catalog(types, cursor)
            found.append(page)
            cursor = page.get("cursor")
            if not cursor:
                return found

    # what staff do in the Dashboard

    def edit(self, ident: str, change: Callable[[dict[str, Any]], None]) -> None:
        obj = self.stored[ident]
        change(obj[DATA[obj["type"]]])
        self._stamp(obj, self._tick())

    def delete(self, ident: str) -> list[str]:
        return self._delete(ident, self._tick())

    # reading what Square holds

    def render(self, ident: str) -> dict[str, Any]:
        obj = copy.deepcopy(self.stored[ident])
        if obj["type"] in NESTED:
            field, _, _ = NESTED[obj["type"]]
            children = [self.render(child) for child in self.nested.get(ident, [])]
            if obj["type"] == "ITEM":
                for ordinal, child in enumerate(children):
                    child["item_variation_data"]["ordinal"] = ordinal
            obj[DATA[obj["type"]]][field] = children
        return obj

    def live(self, kind: str | None = None) -> list[dict[str, Any]]:
        """Every object Square holds (nested ones too), rendered."""
        return [
            self.render(ident)
            for ident, obj in sorted(self.stored.items())
            if not obj["is_deleted"] and (kind is None or obj["type"] == kind)
        ]

    def names(self, kind: str) -> list[str]:
        return sorted(obj[DATA[kind]].get("name", "") for obj in self.live(kind))

    # over HTTP, for Square's SDK

    def transport(
        self, check: Callable[[str, Any, Any], None] | None = None
    ) -> httpx.MockTransport:
        def handle(request: httpx.Request) -> httpx.Response:
            path = request.url.path
            body = json.loads(request.content) if request.content else None
            if path.endswith("/catalog/batch-upsert"):
                status, answer = self.batch_upsert(body)
            elif path.endswith("/catalog/batch-delete"):
                status, answer = self.batch_delete(body)
            elif path.endswith("/catalog/list"):
                status, answer = self.list_catalog(
                    request.url.params.get("types"), request.url.params.get("cursor")
                )
            else:
                return httpx.Response(404, json={"errors": [{"code": "NOT_FOUND"}]})
            if check is not None:
                check(path, body, answer)
            return httpx.Response(status, json=answer)

        return httpx.MockTransport(handle)

    # how a batch is applied

    def _tick(self) -> int:
        self.clock += 1_000
        return self.clock

    def _new_id(self) -> str:
        self.made += 1
        return hashlib.sha256(f"object {self.made}".encode()).hexdigest()[:24].upper()

    def _apply(self, objects: list[dict[str, Any]], now: int) -> tuple[list[str], list[dict]]:
        if sum(_count(obj) for obj in objects) > 1_000:
            raise Refused("BAD_REQUEST", "Too many objects in a single batch (max 1000).")
        temporary = {}
        for obj in _all(objects):
            ident = obj.get("id")
            if not isinstance(ident, str) or not ident:
                raise Refused("INVALID_VALUE", "Every object needs an id.", "id")
            if ident.startswith("#"):
                if ident in temporary:
                    raise Refused("INVALID_VALUE", f"Duplicate temporary id {ident}.", "id")
                temporary[ident] = self._new_id()
        objects = _replaced(copy.deepcopy(objects), temporary)
        self.fresh = set(temporary.values())
        for obj in _all(objects):
            self._check_references(obj)
        written = []
        for obj in objects:
            self._write(obj, now)
            written.append(obj["id"])
        mappings = [{"client_object_id": t, "object_id": p} for t, p in temporary.items()]
        return written, mappings

    def _check_references(self, obj: dict[str, Any]) -> None:
        data = obj.get(DATA.get(obj.get("type"), "?")) or {}
        ids = [data.get(field) for field in REFERENCES]
        ids += [ident for field in LISTS for ident in data.get(field) or []]
        ids += [c.get("id") for c in data.get("categories") or []]
        ids += [i.get("modifier_list_id") for i in data.get("modifier_list_info") or []]
        for ident in ids:
            if isinstance(ident, str) and ident.startswith("#"):
                raise Refused("INVALID_VALUE", f"Unknown temporary id {ident} in this batch.")
            if isinstance(ident, str) and not self._exists(ident) and ident not in self.fresh:
                raise Refused("NOT_FOUND", f"Object `{ident}` not found.")

    def _exists(self, ident: str) -> bool:
        return ident in self.stored and not self.stored[ident]["is_deleted"]

    def _write(self, obj: dict[str, Any], now: int, parent: str | None = None) -> None:
        kind, ident = obj.get("type"), obj["id"]
        if kind not in DATA or not isinstance(obj.get(DATA[kind]), dict):
            raise Refused("INVALID_VALUE", f"Object `{ident}` has no {DATA.get(kind, 'data')}.")
        if obj.get("is_deleted"):
            raise Refused("INVALID_VALUE", "`is_deleted` must not be true.", "is_deleted")
        data = obj[DATA[kind]]
        name = data.get("name")
        if isinstance(name, str) and len(name) > NAME_LIMIT.get(kind, 255):
            raise Refused("INVALID_VALUE", f"The name of `{ident}` is too long.", "name")
        existing = self.stored.get(ident)
        if existing is not None:
            if existing["is_deleted"] or existing["type"] != kind:
                raise Refused("NOT_FOUND", f"Object `{ident}` not found.")
            if obj.get("version") != existing["version"]:
                raise Refused(
                    "VERSION_MISMATCH",
                    "Object version does not match latest database version.",
                    "version",
                )
        elif ident not in self.fresh:
            raise Refused("NOT_FOUND", f"Object `{ident}` not found.")
        stored = {key: copy.deepcopy(value) for key, value in obj.items() if key != "version"}
        stored["is_deleted"] = False
        stored.setdefault("present_at_all_locations", True)
        if kind in NESTED:
            field, child_kind, back = NESTED[kind]
            children = stored[DATA[kind]].pop(field, None) or []
            if kind == "ITEM" and not 1 <= len(children) <= 250:
                raise Refused("INVALID_VALUE", "An item has 1 to 250 variations.", "variations")
            old = self.nested.get(ident, [])
            for child in children:
                if child.get("type") != child_kind:
                    raise Refused("INVALID_VALUE", f"`{ident}` nests a {child.get('type')}.")
                child[DATA[child_kind]][back] = ident
                if child["id"] in self.stored and child["id"] not in old:
                    raise Refused("INVALID_VALUE", f"`{child['id']}` belongs to another object.")
                self._write(child, now, parent=ident)
            kept = [child["id"] for child in children]
            for gone in old:
                if gone not in kept:
                    self._delete(gone, now)
            self.nested[ident] = kept
        elif kind in PARENT and parent is None:
            back = PARENT[kind][1]
            owner = stored[DATA[kind]].get(back)
            if not isinstance(owner, str) or not (self._exists(owner) or owner in self.fresh):
                raise Refused("NOT_FOUND", f"The parent of `{ident}` is not found.", back)
            if ident not in self.nested.setdefault(owner, []):
                self.nested[owner].append(ident)
        if kind == "ITEM_VARIATION":
            stored["item_variation_data"].pop("ordinal", None)
        self._stamp(stored, now)
        self.stored[ident] = stored

    def _stamp(self, obj: dict[str, Any], now: int) -> None:
        obj["version"] = now
        obj["updated_at"] = _time(now)

    def _delete(self, ident: str, now: int) -> list[str]:
        obj = self.stored.get(ident)
        if obj is None or obj["is_deleted"]:
            return []
        gone = [ident]
        for child in list(self.nested.get(ident, [])):
            gone += self._delete(child, now)
        obj["is_deleted"] = True
        self._stamp(obj, now)
        if obj["type"] in PARENT:
            owner = obj[DATA[obj["type"]]].get(PARENT[obj["type"]][1])
            if owner in self.nested and ident in self.nested[owner]:
                self.nested[owner].remove(ident)
        return gone


def _count(obj: dict[str, Any]) -> int:
    nested = NESTED.get(obj.get("type"))
    children = (obj.get(DATA.get(obj.get("type"), "?")) or {}).get(nested[0]) if nested else None
    return 1 + len(children or [])


def _all(objects: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for obj in objects:
        yield obj
        nested = NESTED.get(obj.get("type"))
        if nested:
            yield from (obj.get(DATA[obj["type"]]) or {}).get(nested[0]) or []


def _replaced(value: Any, temporary: dict[str, str]) -> Any:
    if isinstance(value, str):
        return temporary.get(value, value)
    if isinstance(value, dict):
        return {key: _replaced(item, temporary) for key, item in value.items()}
    if isinstance(value, list):
        return [_replaced(item, temporary) for item in value]
    return value


def _time(ms: int) -> str:
    moment = dt.datetime.fromtimestamp(ms / 1000, dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _errors(refused: Refused) -> dict[str, Any]:
    return {"errors": [refused.error]}
