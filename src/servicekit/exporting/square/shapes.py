"""Square's JSON, read strictly: catalog objects and the responses that hold them.

Everything servicekit reads from Square (a ListCatalog page, an upload's response, a catalog
to import) is checked here first, field by field, against the shapes Square's API reference
gives for the fields servicekit reads. A value of the wrong kind is an error naming the file
and the JSON path (`$.objects[3].item_data.variations: is 5, not a list`), so no later step
can trip over it. A `null` is a field left out, as the official SDKs write them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any, Literal

import attrs

from servicekit.errors import ExportError, ServicekitError
from servicekit.files import read_json

MONEY = {"amount": int, "currency": str}
OVERRIDES = [{"location_id": str, "price_money": MONEY}]
OBJECT = "catalog object"
"""A nested catalog object (a variation in its item, a modifier in its list)."""
COMMON: dict[str, Any] = {
    "type": str,
    "id": str,
    "version": int,
    "is_deleted": bool,
    "present_at_all_locations": bool,
    "present_at_location_ids": [str],
    "absent_at_location_ids": [str],
}
DATA: dict[str, dict[str, Any]] = {
    "ITEM": {
        "name": str, "description": str, "description_html": str, "product_type": str,
        "categories": [{"id": str}], "category_id": str, "tax_ids": [str], "is_taxable": bool,
        "modifier_list_info": [{"modifier_list_id": str, "enabled": bool,
                                "min_selected_modifiers": int, "max_selected_modifiers": int}],
        "variations": [OBJECT], "image_ids": [str], "item_options": [dict],
    },
    "ITEM_VARIATION": {
        "item_id": str, "name": str, "service_duration": int, "price_money": MONEY,
        "pricing_type": str, "available_for_booking": bool, "ordinal": int,
        "location_overrides": OVERRIDES, "team_member_ids": [str], "sku": str, "upc": str,
    },
    "MODIFIER_LIST": {
        "name": str, "modifiers": [OBJECT], "min_selected_modifiers": int,
        "max_selected_modifiers": int, "selection_type": str, "modifier_type": str,
    },
    "MODIFIER": {
        "name": str, "price_money": MONEY, "location_overrides": OVERRIDES, "ordinal": int,
        "modifier_list_id": str, "on_by_default": bool,
    },
    "CATEGORY": {"name": str},
    "TAX": {
        "name": str, "percentage": str, "inclusion_type": str, "enabled": bool,
        "calculation_phase": str, "applies_to_custom_amounts": bool,
    },
    "DISCOUNT": {
        "name": str, "discount_type": str, "percentage": str, "amount_money": MONEY,
        "maximum_amount_money": MONEY, "pin_required": bool,
    },
    "PRICING_RULE": {
        "name": str, "discount_id": str, "match_products_id": str, "exclude_products_id": str,
        "apply_products_id": str, "time_period_ids": [str], "valid_from_date": str,
        "valid_until_date": str, "minimum_order_subtotal_money": MONEY,
        "customer_group_ids_any": [str],
    },
    "PRODUCT_SET": {"name": str, "product_ids_any": [str], "product_ids_all": [str],
                    "all_products": bool},
    "TIME_PERIOD": {"event": str},
}  # fmt: skip
"""The fields servicekit reads of each type's `*_data`, and what each must be."""
WORDS = {str: "a string", int: "a whole number", bool: "true or false", dict: "an object"}
HINT = "give the JSON exactly as Square returned it"

Kind = Literal["upsert", "delete", "listing"]


class ShapeError(ServicekitError):
    """A Square document that is not what Square writes, located by its JSON path."""

    def __init__(self, source: str, path: str, message: str) -> None:
        super().__init__(f"{source}: {path}: {message}", hint=HINT)
        self.source, self.path, self.detail = source, path, message


def check_object(obj: Any, path: str, source: str) -> None:
    """Check a catalog object, and the objects nested in it, against Square's shapes."""
    if not isinstance(obj, dict):
        raise ShapeError(source, path, f"is {shown(obj)}, not a catalog object")
    for required in ("type", "id"):
        if obj.get(required) is None:
            raise ShapeError(source, path, f"a catalog object has no `{required}`")
    _check(obj, COMMON, path, source)
    if not obj["id"]:
        raise ShapeError(source, f"{path}.id", "is empty")
    kind = obj["type"]
    where = f"{kind.lower()}_data"
    data = obj.get(where)
    if data is not None:
        if not isinstance(data, dict):
            raise ShapeError(source, f"{path}.{where}", f"is {shown(data)}, not an object")
        _check(data, DATA.get(kind, {}), f"{path}.{where}", source)


def _check(value: Any, shape: Any, path: str, source: str) -> None:
    if value is None:
        return
    if shape == OBJECT:
        check_object(value, path, source)
    elif isinstance(shape, list):
        if not isinstance(value, list):
            raise ShapeError(source, path, f"is {shown(value)}, not a list")
        for index, item in enumerate(value):
            if item is None:
                raise ShapeError(source, f"{path}[{index}]", "is null")
            _check(item, shape[0], f"{path}[{index}]", source)
    elif isinstance(shape, dict):
        if not isinstance(value, dict):
            raise ShapeError(source, path, f"is {shown(value)}, not an object")
        for key, inner in shape.items():
            _check(value.get(key), inner, f"{path}.{key}", source)
    elif shape is int and (not isinstance(value, int) or isinstance(value, bool)):
        raise ShapeError(source, path, f"is {shown(value)}, not a whole number")
    elif not isinstance(value, shape):
        raise ShapeError(source, path, f"is {shown(value)}, not {WORDS[shape]}")


def shown(value: Any) -> str:
    """A value as a message shows it: JSON, cut short."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


@attrs.frozen
class Located:
    """A catalog object and where it is: its JSON path in its file."""

    obj: dict[str, Any]
    path: str


@attrs.frozen
class Response:
    """One answer of Square's, read and checked: what it created, changed, deleted or lists."""

    source: str
    kind: Kind
    objects: tuple[Located, ...] = ()
    mappings: tuple[tuple[str, str], ...] = ()
    """(temporary id, permanent id) pairs, from an upload's `id_mappings`."""
    deleted: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()
    """Square's errors, in words: a request whose batches did not all succeed."""
    time: str | None = None
    """When Square answered (`updated_at`, `deleted_at`), to put answers in order."""
    cursor: str | None = None
    """A ListCatalog page that is not the last one has a cursor."""


def read(source: str | os.PathLike[str] | Any, name: str | None = None) -> list[Response]:
    """The responses in a file (or parsed JSON): one response, a JSON array of responses, or
    a list of catalog objects (as an SDK's pager gives them)."""
    if isinstance(source, str | os.PathLike):
        data, name = read_json(source), os.fspath(source)
    else:
        data, name = source, name or "a Square response"
    if isinstance(data, list) and all(isinstance(item, dict) and "type" in item for item in data):
        return [_listing(data, "$", name)]
    if isinstance(data, list):
        return [_response(item, f"$[{index}]", name) for index, item in enumerate(data)]
    return [_response(data, "$", name)]


def _listing(objects: list[Any], path: str, source: str) -> Response:
    located = []
    for index, obj in enumerate(objects):
        check_object(obj, f"{path}[{index}]", source)
        located.append(Located(obj, f"{path}[{index}]"))
    return Response(source, "listing", tuple(located))


def _response(data: Any, path: str, source: str) -> Response:
    if not isinstance(data, dict):
        raise ShapeError(source, path, f"is {shown(data)}, not a Square response")
    fields = {key: value for key, value in data.items() if value is not None}
    errors = tuple(_errors(fields.get("errors"), f"{path}.errors", source))
    objects: list[Located] = []
    for key in ("objects", "related_objects"):
        if key in fields:
            if not isinstance(fields[key], list):
                raise ShapeError(source, f"{path}.{key}", f"is {shown(fields[key])}, not a list")
            objects += _listing(fields[key], f"{path}.{key}", source).objects
    if "deleted_object_ids" in fields or "deleted_at" in fields:
        deleted = fields.get("deleted_object_ids") or []
        _check(deleted, [str], f"{path}.deleted_object_ids", source)
        time = _time(fields.get("deleted_at"), f"{path}.deleted_at", source)
        return Response(source, "delete", deleted=tuple(deleted), errors=errors, time=time)
    if "id_mappings" in fields or "updated_at" in fields or (errors and not objects):
        mappings = fields.get("id_mappings") or []
        _check(mappings, [{"client_object_id": str, "object_id": str}], path + ".id_mappings",
               source)  # fmt: skip
        pairs = tuple((m["client_object_id"], m["object_id"]) for m in mappings)
        time = _time(fields.get("updated_at"), f"{path}.updated_at", source)
        return Response(source, "upsert", tuple(objects), pairs, errors=errors, time=time)
    if "objects" in fields or "related_objects" in fields or "cursor" in fields:
        cursor = fields.get("cursor")
        _check(cursor, str, f"{path}.cursor", source)
        return Response(source, "listing", tuple(objects), errors=errors, cursor=cursor or None)
    raise ShapeError(
        source,
        path,
        "is not a Square catalog response (it has none of `objects`, `id_mappings`, "
        "`deleted_object_ids`)",
    )


def _errors(value: Any, path: str, source: str) -> Iterator[str]:
    if value is None:
        return
    _check(value, [{"category": str, "code": str, "detail": str, "field": str}], path, source)
    for error in value:
        words = [error.get("code") or error.get("category") or "ERROR"]
        if error.get("detail"):
            words.append(error["detail"])
        if error.get("field"):
            words.append(f"(field {error['field']})")
        yield ": ".join(words[:2]) + (f" {words[2]}" if len(words) > 2 else "")


def _time(value: Any, path: str, source: str) -> str | None:
    _check(value, str, path, source)
    return value


def pages(responses: list[Response], purpose: str) -> list[Located]:
    """The objects of a complete ListCatalog: every page, the last one without a cursor."""
    listings = [response for response in responses if response.kind == "listing"]
    others = [response for response in responses if response.kind != "listing"]
    if others:
        raise ExportError(
            f"{others[0].source} is Square's answer to an upload, not a ListCatalog page",
            hint=f"{purpose} reads ListCatalog responses; record upload answers with "
            "`servicekit square record`",
        )
    if listings and all(page.cursor for page in listings):
        names = sorted({page.source for page in listings})
        raise ExportError(
            f"{', '.join(names)}: every page given has a `cursor`, so Square has more pages",
            hint="call ListCatalog again with each cursor until a page has none, and give "
            "every page",
        )
    for page in listings:
        if page.errors:
            raise ExportError(
                f"{page.source}: Square answered with an error: {page.errors[0]}",
                hint="list the catalog again",
            )
    return [located for page in listings for located in page.objects]


def flatten(objects: list[Located]) -> Iterator[tuple[Located, str | None]]:
    """Every object with the id of the object it is nested in (None at the top)."""
    for located in objects:
        yield located, None
        obj = located.obj
        field = {"ITEM": "variations", "MODIFIER_LIST": "modifiers"}.get(obj["type"])
        data = obj.get(f"{obj['type'].lower()}_data") or {}
        path = f"{located.path}.{obj['type'].lower()}_data.{field}"
        for index, child in enumerate(data.get(field) or [] if field else []):
            yield Located(child, f"{path}[{index}]"), obj["id"]
