"""Request bodies: JSON objects whose keys are a Python API method's keyword arguments.

`POST /quote` takes what `Catalogue.quote` takes, `POST /screen` what `Catalogue.screen`
takes. The accepted keys, their JSON types and the OpenAPI schema are read from the method's
signature, so an argument added to the API (a visit's `items`, say) is accepted over HTTP with
no change here. Each value is checked for its JSON type with its path; what the values mean is
checked by the API itself, which words the error the way the command line does.
"""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import attrs

from servicekit.errors import did_you_mean, render_path
from servicekit.loading.strict_json import DECODER, Refused
from servicekit.serving.problems import ErrorRecord, HTTPProblem

ARRAYS = {"Iterable", "Sequence", "Collection", "list", "tuple", "set", "frozenset"}
OBJECTS = {"Mapping", "MutableMapping", "dict"}
SCALARS = {"str": "string", "int": "integer", "bool": "boolean"}
MOMENTS = {"datetime": "date-time", "date": "date", "time": "time"}
JSON_TYPES = ("object", "array", "string", "integer", "boolean")


@attrs.frozen
class Shape:
    """The JSON a Python annotation accepts: its types, what an array or object holds, and
    whether null is allowed. `types` is empty when anything goes (a type this module does not
    know, checked by the API)."""

    types: tuple[str, ...] = ()
    items: Shape | None = None
    """For arrays, each item."""
    nullable: bool = False
    format: str | None = None
    values: Shape | None = None
    """For objects, each value."""
    fields: Mapping[str, Shape] | None = None
    """For objects, the value of each key named here (others are the API's to check)."""

    def problems(self, value: Any, path: tuple[str | int, ...]) -> list[ErrorRecord]:
        """What is wrong with `value` at `path`, item by item."""
        if value is None:
            return [] if self.nullable or not self.types else [self._wrong(value, path)]
        kind = json_type(value)
        if self.types and kind not in self.types:
            return [self._wrong(value, path)]
        if kind == "array" and self.items is not None:
            inner, pairs = self.items, enumerate(value)
        elif kind == "object" and self.fields is not None:
            fields = self.fields
            return [
                problem
                for key, item in value.items()
                if key in fields
                for problem in fields[key].problems(item, (*path, key))
            ]
        elif kind == "object" and self.values is not None:
            inner, pairs = self.values, value.items()
        else:
            return []
        return [p for key, item in pairs for p in inner.problems(item, (*path, key))]

    def _wrong(self, value: Any, path: tuple[str | int, ...]) -> ErrorRecord:
        wanted = " or ".join(_a(kind) for kind in self.types) + (" or null" * self.nullable)
        return ErrorRecord(
            f"expected {wanted}, not {describe(value)}", path=render_path(path), hint=self.example
        )

    @property
    def example(self) -> str | None:
        if self.format == "date-time":
            return "e.g. 2026-12-04T18:30 (the clinic's local time) or with an offset"
        if self.format == "date":
            return "e.g. 2026-12-04"
        if self.types == ("array",) and self.items and self.items.types == ("string",):
            return 'a list, e.g. ["hot-stones"]'
        return None

    def schema(self) -> dict[str, Any]:
        """This shape as JSON Schema (OpenAPI 3.1)."""
        schema: dict[str, Any] = {}
        types = [*self.types, *(["null"] * self.nullable)] if self.types else []
        if types:
            schema["type"] = types[0] if len(types) == 1 else types
        if self.format:
            schema["format"] = self.format
        if self.items is not None and "array" in self.types:
            schema["items"] = self.items.schema()
        if self.values is not None and "object" in self.types:
            schema["additionalProperties"] = self.values.schema()
        return schema


def _a(kind: str) -> str:
    return {"array": "a list", "object": "an object", "integer": "an integer"}.get(
        kind, f"a {kind}"
    )


DECODED_TYPES: dict[type, str] = {
    bool: "boolean",
    int: "integer",
    Decimal: "number",
    str: "string",
    list: "array",
    dict: "object",
    type(None): "null",
}
"""The JSON type of each type `decode` makes (a fraction is a `Decimal`)."""


def json_type(value: Any) -> str:
    """The JSON type of a value `decode` made."""
    return DECODED_TYPES[type(value)]


def describe(value: Any) -> str:
    kind = json_type(value)
    if kind in ("array", "object"):
        return _a(kind)
    if kind == "null":
        return "null"
    shown = json.dumps(value if kind != "number" else float(value), ensure_ascii=False)
    if len(shown) > 40:
        shown = shown[:37] + "..."
    return f"the {kind} {shown}"


def shape_of(annotation: Any, *, top: bool = True) -> Shape:
    """The JSON shape a parameter annotation accepts.

    A parameter that accepts a mapping takes a JSON object: the strings it also accepts in
    Python are file paths, and a server never reads a file a request names. (Inside a list
    or an object, a string is a value like any other: a visit's item in its short form.)
    """
    text = annotation if isinstance(annotation, str) else inspect.formatannotation(annotation)
    nullable, found = False, dict[str, Shape]()
    for alternative in _split(text, "|"):
        name, args = _head(alternative)
        if name == "None":
            nullable = True
        elif name in SCALARS:
            found.setdefault(SCALARS[name], Shape((SCALARS[name],)))
        elif name in MOMENTS:
            found.setdefault("string", Shape(("string",), format=MOMENTS[name]))
        elif name in ARRAYS:
            each = shape_of(args[0], top=False) if args else Shape()
            found["array"] = Shape(("array",), items=each)
        elif name in OBJECTS:
            value = shape_of(args[1], top=False) if args[1:] else Shape()
            found["object"] = Shape(("object",), values=value)
    if "object" in found and top:
        found.pop("string", None)
    if not found:
        return Shape(nullable=nullable)
    kinds = tuple(kind for kind in JSON_TYPES if kind in found)
    items: Shape | None = found["array"].items if "array" in found else None
    values: Shape | None = found["object"].values if "object" in found else None
    formats = [found[kind].format for kind in kinds if found[kind].format]
    return Shape(kinds, items, nullable, formats[0] if formats else None, values)


def _split(text: str, separator: str) -> list[str]:
    """`text` split at `separator`s outside brackets."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(text):
        depth += (char == "[") - (char == "]")
        if char == separator and depth == 0:
            parts.append(text[start:index].strip())
            start = index + 1
    parts.append(text[start:].strip())
    return [part for part in parts if part]


def _head(alternative: str) -> tuple[str, list[str]]:
    """`collections.abc.Mapping[str, int]` -> ("Mapping", ["str", "int"])."""
    match = re.fullmatch(r"([\w.]+)(?:\[(.*)\])?", alternative.strip(), re.DOTALL)
    if match is None:
        return alternative, []
    name = match.group(1).rpartition(".")[2]
    args = _split(match.group(2), ",") if match.group(2) else []
    return name, [arg for arg in args if arg != "..."]


@attrs.frozen
class Parameter:
    name: str
    shape: Shape
    required: bool


@attrs.frozen
class Body:
    """The JSON body of a method's keyword arguments: which keys, which shapes."""

    method: Callable[..., Any]
    parameters: Mapping[str, Parameter]
    schemas: Mapping[str, dict[str, Any]] = attrs.field(factory=dict)
    """JSON Schemas that describe a key better than its annotation (the intake format)."""

    @classmethod
    def of(cls, method: Callable[..., Any], **schemas: dict[str, Any]) -> Body:
        """The body `method` takes: every parameter but `self` and `**kwargs`.

        A parameter given a schema takes the JSON type that schema names, whatever its
        annotation allows in Python (an intake's path, say: a server never reads a file a
        request names).
        """
        parameters = {}
        for name, p in inspect.signature(method).parameters.items():
            if name == "self" or p.kind in (p.VAR_KEYWORD, p.VAR_POSITIONAL):
                continue
            shape = shape_of(p.annotation)
            kind = schemas.get(name, {}).get("type")
            if isinstance(kind, str):
                shape = Shape((kind,), nullable=p.default is None)
            parameters[name] = Parameter(name, shape, p.default is inspect.Parameter.empty)
        return cls(method, parameters, schemas)

    def arguments(self, data: Any) -> dict[str, Any]:
        """The keyword arguments in `data`, a decoded body; every problem at once as a 400."""
        if not isinstance(data, dict):
            raise HTTPProblem(
                400,
                "invalid-body",
                "Invalid request body",
                f"the body is a JSON object of {self.keys()}, not {describe(data)}",
            )
        errors: list[ErrorRecord] = []
        for key, value in data.items():
            parameter = self.parameters.get(key)
            if parameter is None:
                errors.append(
                    ErrorRecord(
                        f"unknown key '{key}'",
                        path=render_path((key,)),
                        hint=did_you_mean(key, self.parameters),
                    )
                )
            else:
                errors += parameter.shape.problems(value, (key,))
        for name, parameter in self.parameters.items():
            if parameter.required and name not in data:
                errors.append(ErrorRecord(f"'{name}' is missing", path="$", hint=f"add '{name}'"))
        if errors:
            count = len(errors)
            first = f"{errors[0].path}: {errors[0].message}"
            more = f" (and {count - 1} more)" if count > 1 else ""
            raise HTTPProblem(
                400, "invalid-body", "Invalid request body", first + more, errors=errors
            )
        return data

    def keys(self) -> str:
        return ", ".join(self.parameters)

    def schema(self) -> dict[str, Any]:
        """The body as JSON Schema: an object of the method's keyword arguments."""
        properties = {
            name: self.schemas.get(name) or parameter.shape.schema()
            for name, parameter in self.parameters.items()
        }
        required = [name for name, parameter in self.parameters.items() if parameter.required]
        return {
            "type": "object",
            "description": inspect.getdoc(self.method) or "",
            "properties": properties,
            "additionalProperties": False,
            **({"required": required} if required else {}),
        }


def decode(body: bytes) -> Any:
    """A request body as JSON: exact decimals for fractions, no duplicate keys, no NaN."""
    if not body.strip():
        raise _invalid_json("the body is empty", "send a JSON object")
    try:
        return DECODER.decode(body.decode(json.detect_encoding(body), "surrogatepass"))
    except json.JSONDecodeError as error:
        raise _invalid_json(
            f"the body is not JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        ) from None
    except UnicodeDecodeError:
        raise _invalid_json("the body is not UTF-8 text", "send JSON in UTF-8") from None
    except Refused as error:
        raise _invalid_json(str(error)) from None
    except RecursionError:
        raise _invalid_json("the body is nested too deeply") from None


def _invalid_json(detail: str, hint: str | None = None) -> HTTPProblem:
    return HTTPProblem(400, "invalid-json", "Invalid JSON", detail, hint=hint)
