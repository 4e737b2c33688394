"""Checks a Square batch-upsert body the way Square would: every object through the official
SDK's models, with what the models let through (unknown fields, unknown enum values) caught."""

from __future__ import annotations

import typing
from collections.abc import Iterator
from typing import Any

import pydantic
from square.types.catalog_object import CatalogObject

ADAPTER = pydantic.TypeAdapter(CatalogObject)


def problems(body: dict[str, Any]) -> list[str]:
    """What is wrong with the request body; empty when Square's models accept all of it."""
    found = []
    if not (
        isinstance(body.get("idempotency_key"), str) and 1 <= len(body["idempotency_key"]) <= 128
    ):
        found.append("idempotency_key: must be a string of 1 to 128 characters")
    for b, batch in enumerate(body["batches"]):
        for o, obj in enumerate(batch["objects"]):
            path = f"batches[{b}].objects[{o}]"
            try:
                model = ADAPTER.validate_python(obj)
            except pydantic.ValidationError as error:
                found.append(f"{path}: {error}")
                continue
            found += _walk(model, path)
    return found


def _walk(value: Any, path: str) -> Iterator[str]:
    if isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, f"{path}[{index}]")
        return
    if not isinstance(value, pydantic.BaseModel):
        return
    # The SDK's models accept unknown fields: a misspelt key would pass silently.
    for key in value.model_extra or {}:
        yield f"{path}.{key}: no such field in Square's model"
    for name, field in type(value).model_fields.items():
        item = getattr(value, name)
        if item is None:
            continue
        # Enums are Union[Literal[...], Any]: a misspelt value would pass too.
        options = {
            option
            for arg in typing.get_args(field.annotation)
            if typing.get_origin(arg) is typing.Literal
            for option in typing.get_args(arg)
        }
        if options and isinstance(item, str) and item not in options:
            yield f"{path}.{name}: {item!r} is not one of {sorted(options)}"
        yield from _walk(item, f"{path}.{name}")


def counted(obj: dict[str, Any]) -> int:
    """How many objects Square counts for one: itself and its nested variations or modifiers."""
    nested = (
        (obj.get("item_data") or {}).get("variations")
        or (obj.get("modifier_list_data") or {}).get("modifiers")
        or []
    )
    return 1 + len(nested)


def defined(obj: dict[str, Any]) -> set[str]:
    nested = (
        (obj.get("item_data") or {}).get("variations")
        or (obj.get("modifier_list_data") or {}).get("modifiers")
        or []
    )
    return {obj["id"], *(item["id"] for item in nested)}


def references(value: Any) -> Iterator[str]:
    """Every `#` id the value uses, wherever it appears."""
    if isinstance(value, dict):
        for item in value.values():
            yield from references(item)
    elif isinstance(value, list):
        for item in value:
            yield from references(item)
    elif isinstance(value, str) and value.startswith("#"):
        yield value
