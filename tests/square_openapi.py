"""Square's OpenAPI spec, strict: what Square documents, and nothing else.

The spec (tests/data/square/openapi-catalog.json, see the README beside it) is OpenAPI 3.0.
It is read as JSON Schema with three rules the spec states but does not enforce as a schema:
an object takes only the fields it documents, `nullable` fields take null, and a request never
sends a field Square marks read-only (such as a variation's `ordinal`).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import jsonschema

SPEC = Path(__file__).parent / "data" / "square" / "openapi-catalog.json"
IGNORED = {"description", "example", "format", "nullable", "readOnly", "title"}


@functools.cache
def _schemas() -> dict[str, Any]:
    return json.loads(SPEC.read_text(encoding="utf-8"))["components"]["schemas"]


def source() -> dict[str, str]:
    """Where the vendored spec comes from: repository, commit, release, sha256."""
    return json.loads(SPEC.read_text(encoding="utf-8"))["x-source"]


def _strict(schema: Any, request: bool) -> Any:
    if isinstance(schema, list):
        return [_strict(item, request) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out = {
        key: _strict(value, request)
        for key, value in schema.items()
        if key not in IGNORED and not key.startswith("x-") and key != "properties"
    }
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        reference = {"$ref": f"#/$defs/{name}"}
        return {"anyOf": [reference, {"type": "null"}]} if schema.get("nullable") else reference
    if "properties" in schema:
        # A request must not send a read-only field: it is not among the fields it takes.
        out["properties"] = {
            name: _strict(value, request)
            for name, value in schema["properties"].items()
            if not (request and isinstance(value, dict) and value.get("readOnly"))
        }
        out.setdefault("additionalProperties", False)
    if schema.get("nullable") and "type" in out:
        out["type"] = [out["type"], "null"]
    return out


@functools.cache
def _validator(name: str, request: bool) -> jsonschema.Draft202012Validator:
    schemas = _schemas()
    defs = {key: _strict(value, request) for key, value in schemas.items()}
    # The spec refers to one schema it does not define; nothing valid can use it.
    defs.setdefault("CatalogModifierToggleOverrideType", False)
    schema = {"$defs": defs, "$ref": f"#/$defs/{name}"}
    return jsonschema.Draft202012Validator(schema)


def problems(body: Any, name: str, *, request: bool = True) -> list[str]:
    """What in `body` the spec's schema `name` does not allow, each with its JSON path."""
    errors = _validator(name, request).iter_errors(body)
    return sorted(f"{e.json_path}: {e.message}"[:300] for e in _leaves(errors))


def _leaves(errors: Any) -> Any:
    """The errors themselves: a nullable reference is "the schema, or null", and what the
    schema refused is what matters."""
    for error in errors:
        branches = [e for e in error.context or () if e.validator_value != "null"]
        if branches:
            yield from _leaves(branches)
        else:
            yield error


def upsert_problems(body: dict[str, Any]) -> list[str]:
    return problems(body, "BatchUpsertCatalogObjectsRequest")


def delete_problems(body: dict[str, Any]) -> list[str]:
    return problems(body, "BatchDeleteCatalogObjectsRequest")
