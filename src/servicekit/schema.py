"""JSON Schema for catalogue files, generated from the attrs classes that load them.

Editors that read a `#:schema` line in a TOML file complete and check keys with it. Because the
schema comes from the same classes and scalar table the loader uses, it cannot drift from what
`servicekit check` accepts. Rules get one `if`/`then` per rule type the plugins contribute.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Mapping
from typing import Any

import attrs

from servicekit.loading.converter import RULE_KEYS
from servicekit.loading.scalars import MONEY_SCHEMA, SCALARS
from servicekit.model.catalogue import RuleSpec
from servicekit.model.document import FORMAT, CatalogueFile
from servicekit.model.fields import Id
from servicekit.model.money import Money
from servicekit.plugins import Registry

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def intake_schema() -> dict[str, Any]:
    """The JSON Schema of the client intake format (TOML or JSON)."""
    from servicekit.model.intake import FORMAT as INTAKE_FORMAT
    from servicekit.model.intake import Intake
    from servicekit.screening.vocabulary import vocabulary

    generator = _Generator()
    root = generator.object_schema(Intake, entity=False)
    # Words from the vocabulary (ids, then synonyms), so an editor offers them as you type.
    words = vocabulary()
    client = generator.defs["Client"]["properties"]
    for key, table in (
        ("conditions", "conditions"),
        ("medications", "medications"),
        ("allergies", "allergies"),
        ("areas_to_avoid", "regions"),
    ):
        client[key]["items"] = {"enum": words.spelled(table)}
    generator.defs["Event"]["properties"]["region"] = {
        **generator.defs["Event"]["properties"]["region"],
        "enum": words.spelled("regions"),
    }
    return {
        "$schema": DIALECT,
        "$id": f"urn:servicekit:intake:{INTAKE_FORMAT}",
        "title": f"servicekit client intake, format {INTAKE_FORMAT}",
        **root,
        "$defs": dict(sorted(generator.defs.items())),
    }


def visit_schema() -> dict[str, Any]:
    """The JSON Schema of a visit file (`servicekit quote --visit FILE`, TOML or JSON), which
    is also what `POST /quote` takes: `Catalogue.quote`'s keyword arguments."""
    from servicekit.model.visit import SHORT_FORM, VisitFile

    generator = _Generator()
    root = generator.object_schema(VisitFile, entity=False)
    item = generator.defs["ItemSpec"]["properties"]
    item["addons"] = {
        "description": item["addons"]["description"],
        "oneOf": [
            {"type": "array", "items": dict(SCALARS[Id].schema), "uniqueItems": True},
            {
                "type": "object",
                "propertyNames": dict(SCALARS[Id].schema),
                "additionalProperties": {"type": "integer", "minimum": 1},
            },
        ],
    }
    item["guest"] = {
        "description": item["guest"]["description"],
        "oneOf": [
            {"type": "string", "minLength": 1},
            {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1},
        ],
    }
    root["properties"]["items"]["items"] = {
        "oneOf": [
            {"$ref": "#/$defs/ItemSpec"},
            {"type": "string", "description": f"The short form: {SHORT_FORM}."},
        ]
    }
    for key in ("buy", "pay_with"):
        pattern = {"pattern": "^gift:[0-9]+(\\.[0-9]+)?$"}
        target = root["properties"][key]
        (target["items"] if key == "pay_with" else target).update(pattern)
    root["properties"]["buy"].pop("pattern", None)  # a plan's id, or a gift certificate
    return {
        "$schema": DIALECT,
        "$id": "urn:servicekit:visit:1",
        "title": "servicekit visit",
        **root,
        "$defs": dict(sorted(generator.defs.items())),
    }


def visit_properties() -> dict[str, Any]:
    """The schemas of the keys of a visit that say more than their Python annotations (items,
    guests, plans, tender), for `POST /quote`'s body; their `#/$defs/` references are the
    visit schema's definitions."""
    properties = visit_schema()["properties"]
    return {key: properties[key] for key in ("items", "guests", "plans", "pay_with")}


def catalogue_schema(registry: Registry) -> dict[str, Any]:
    """The JSON Schema of catalogue format 1 with the rule types in `registry`."""
    from servicekit.screening.vocabulary import vocabulary

    generator = _Generator()
    rules = {"type": "array", "items": generator.rule_schema(registry)}
    plugins = {
        "type": "object",
        "description": "Settings for plugins, a table per plugin name; each checks its own.",
        "additionalProperties": {"type": "object"},
    }
    root = generator.object_schema(
        CatalogueFile, entity=False, overrides={"rules": rules, "plugins": plugins}
    )
    words = vocabulary()
    for cls, key, terms in (
        ("Modality", "properties", words.properties),
        ("AddOn", "properties", words.properties),
        ("ScreeningRule", "modality_properties", words.properties),
        ("ScreeningRule", "addon_properties", words.properties),
        ("ScreeningRule", "remove_addon_properties", words.properties),
        ("ScreeningRule", "regions", words.regions),
        ("Trigger", "conditions", words.conditions),
        ("Trigger", "medications", words.medications),
        ("Trigger", "allergies", words.allergies),
    ):
        generator.defs[cls]["properties"][key]["items"] = {"enum": list(terms)}
    when = generator.defs["When"]["properties"]
    for condition in registry.conditions:
        if condition.key not in when:  # a plugin's: the built-in keys are When's own fields
            schema = generator.schema(condition.value_type)
            when[condition.key] = {"description": condition.doc, **schema}
    return {
        "$schema": DIALECT,
        "$id": f"urn:servicekit:catalogue:{FORMAT}",
        "title": f"servicekit catalogue, format {FORMAT}",
        **root,
        "$defs": dict(sorted(generator.defs.items())),
    }


class _Generator:
    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def schema(self, tp: Any) -> dict[str, Any]:
        if tp in SCALARS:
            return dict(SCALARS[tp].schema)
        if tp is Money:
            return dict(MONEY_SCHEMA)
        if tp is dt.datetime:  # a visit's start: a TOML date-time, or its ISO text
            return {"type": "string", "format": "date-time"}
        origin, args = typing.get_origin(tp), typing.get_args(tp)
        if origin is typing.Literal:
            return {"const": args[0]} if len(args) == 1 else {"enum": list(args)}
        if origin in (typing.Union, types.UnionType):
            # TOML has no null: an optional key is simply left out.
            (present,) = [arg for arg in args if arg is not type(None)]
            return self.schema(present)
        if origin in (tuple, list, frozenset):
            items = {"type": "array", "items": self.schema(args[0])}
            return {**items, "uniqueItems": True} if origin is frozenset else items
        if origin in (dict, Mapping):
            value = args[1]
            if attrs.has(value) and attrs.fields(value)[0].name == "id":
                return {
                    "type": "object",
                    "propertyNames": self.schema(typing.get_type_hints(value)["id"]),
                    "additionalProperties": self.reference(value),
                }
            mapping = {"type": "object", "additionalProperties": self.schema(value)}
            if args[0] is not str:
                mapping["propertyNames"] = self.schema(args[0])
            return mapping
        if attrs.has(tp):
            return self.reference(tp)
        raise TypeError(f"no JSON Schema for {tp!r}")

    def reference(self, cls: type) -> dict[str, Any]:
        if cls.__name__ not in self.defs:
            self.defs[cls.__name__] = {}  # placeholder: classes may refer to themselves
            self.defs[cls.__name__] = self.object_schema(cls, entity=True)
        return {"$ref": f"#/$defs/{cls.__name__}"}

    def object_schema(
        self, cls: type, *, entity: bool, overrides: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        hints = typing.get_type_hints(cls)
        overrides = overrides or {}
        properties, required = {}, []
        for field in attrs.fields(cls):
            if entity and field.name == "id":
                continue  # an entity's id is its table's name
            if field.name in overrides:
                schema = overrides[field.name]
            else:
                schema = self.schema(hints[field.name])
            if field.metadata.get("doc"):
                schema = {"description": field.metadata["doc"], **schema}
            default = _json_default(field)
            if default is not None:
                schema["default"] = default
            properties[field.name] = schema
            if field.default is attrs.NOTHING:
                required.append(field.name)
        result: dict[str, Any] = {"type": "object"}
        if cls.__doc__:
            result["description"] = " ".join(cls.__doc__.strip().split("\n\n")[0].split())
        result.update(properties=properties, additionalProperties=False)
        if required:
            result["required"] = required
        return result

    def rule_schema(self, registry: Registry) -> dict[str, Any]:
        common = self.object_schema(RuleSpec, entity=False, overrides={"params": {}})
        common = {key: common["properties"][key] for key in RULE_KEYS}
        common["type"] = {
            "description": "The rule type, from the plugins that printed this schema.",
            "enum": list(registry.rule_types),
        }
        branches = []
        for name, rule_type in registry.rule_types.items():
            own = self.object_schema(rule_type.params, entity=False)
            branches.append(
                {
                    "if": {"properties": {"type": {"const": name}}, "required": ["type"]},
                    "then": {
                        "description": rule_type.summary,
                        "properties": {**dict.fromkeys(RULE_KEYS, True), **own["properties"]},
                        "required": own.get("required", []),
                        "additionalProperties": False,
                    },
                }
            )
        return {
            "type": "object",
            "description": "A pricing rule: an id, a rule type and that type's own keys.",
            "properties": common,
            "required": ["id", "type"],
            "allOf": branches,
        }


def _json_default(field: attrs.Attribute) -> Any:
    default = field.default
    # attrs' stubs call Factory a function; at run time it is the class of factory defaults.
    factory = isinstance(default, attrs.Factory)  # type: ignore[arg-type]
    if factory or default is attrs.NOTHING or default is None:
        return None
    if isinstance(default, tuple):
        return list(default)
    return default if isinstance(default, str | int | bool) else None


def unsupported_type(tp: Any) -> str | None:
    """Why a value of type `tp` cannot be read from a catalogue, or None when it can."""
    try:
        _Generator().schema(tp)
    except TypeError:
        return "is not a type a catalogue can hold"
    return None


def unsupported_field(cls: type) -> str | None:
    """Why a parameter class cannot be read from a catalogue, or None when it can.

    A type the schema cannot describe is a type the loader does not check either.
    """
    fields = attrs.fields(cls)
    if all(field.type is not None and not isinstance(field.type, str) for field in fields):
        # Written as objects (servicekit's own rule types are): nothing to resolve, where
        # get_type_hints would compile every string annotation of the class's bases (the
        # stage protocols'), in every process that collects plugins.
        generator = _Generator()
        try:
            for field in fields:
                generator.schema(field.type)
        except TypeError:
            pass  # Annotated, or a string inside a generic: resolved below, as written
        else:
            return None
    try:
        hints = typing.get_type_hints(cls)
    except Exception as exc:
        return f"its annotations cannot be resolved: {exc}"
    generator = _Generator()
    for field in attrs.fields(cls):
        try:
            generator.schema(hints[field.name])
        except TypeError:
            kind = hints[field.name]
            return f"parameter '{field.name}' has type {kind!r}, which a catalogue cannot hold"
    return None


def quote_schema() -> dict[str, Any]:
    """The JSON Schema of a quote as `servicekit quote --format json` prints it
    (`Quote.to_dict()`, and `POST /quote`'s answer): a booking of one service, a visit, a plan
    or gift certificate bought, and tender. Within a version, new optional keys may appear:
    a consumer ignores keys it does not know. Line kinds, outcomes, charge and warning kinds
    come from the classes that make them, so the schema cannot drift from them."""
    from servicekit.model.quote import Charge, LineKind, Outcome, QuoteWarning, Tip
    from servicekit.model.visit import Tender

    def choices(cls: type, field: str) -> dict[str, Any]:
        return {"enum": list(typing.get_args(typing.get_type_hints(cls)[field]))}

    def record(required: dict[str, Any], optional: dict[str, Any] | None = None) -> dict[str, Any]:
        return {
            "type": "object",
            "required": list(required),
            "properties": {**required, **(optional or {})},
        }

    def ref(name: str) -> dict[str, Any]:
        return {"$ref": f"#/$defs/{name}"}

    def array(name: str) -> dict[str, Any]:
        return {"type": "array", "items": ref(name)}

    def described(text: str, schema: dict[str, Any]) -> dict[str, Any]:
        return {"description": text, **schema}

    def said(*fields: str) -> dict[str, Any]:
        """What a reader reads of a record, when the quote was asked for in a locale."""
        return described(
            "In the language and money of the quote's `locale`.",
            {"type": "object", "properties": dict.fromkeys(fields, text)},
        )

    money = {"type": "integer"}
    minor = ref("Money")
    text = {"type": ["string", "null"]}
    strings = {"type": "array", "items": {"type": "string"}}
    moment = {"type": "string", "format": "date-time"}
    counts = {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}}
    defs = {
        "Money": described(
            "An amount in the currency's minor units (cents for USD): 9500 is 95.00.", money
        ),
        "Booking": described(
            "The booking of one service as asked (or a plan or gift certificate bought alone: "
            '`buy` is its id, or "gift:AMOUNT").',
            record(
                {
                    "service": text,
                    "duration": {"type": ["integer", "null"], "minimum": 1},
                    "addons": strings,
                    "at": {"type": ["string", "null"], "format": "date-time"},
                    "tags": strings,
                    "promos": strings,
                    "location": text,
                    "therapist_level": text,
                    "redeem": text,
                    "buy": text,
                    "promo_uses": counts,
                }
            ),
        ),
        "Visit": described(
            "A visit as asked: what holds for all its items.",
            record(
                {
                    "at": moment,
                    "tags": strings,
                    "guests": {
                        "type": "object",
                        "additionalProperties": record({"tags": strings}),
                    },
                    "promos": strings,
                    "location": text,
                    "therapist_level": text,
                    "plans": {
                        "type": "object",
                        "additionalProperties": record(
                            {
                                "holder": text,
                                "sessions_left": {"type": ["integer", "null"], "minimum": 0},
                                "bought": {"type": ["string", "null"], "format": "date"},
                            }
                        ),
                    },
                    "promo_uses": counts,
                    "buy": described('A gift certificate bought with it, "gift:AMOUNT".', text),
                    "pay_with": described('The tender given, "gift:AMOUNT" each.', strings),
                }
            ),
        ),
        "Item": described(
            "An item of a visit as booked, with its own lines and their sum.",
            record(
                {
                    "index": described(
                        "Its place in what was asked, from 0.", {"type": "integer"}
                    ),
                    "guest": {"type": "string"},
                    "guests": {**strings, "minItems": 1},
                    "service": {"type": "string"},
                    "duration": {"type": "integer", "minimum": 1},
                    "addons": described(
                        "Add-ons, with how many of the item's guests have each.", counts
                    ),
                    "start": moment,
                    "end": moment,
                    "redeem": text,
                    "lines": array("Line"),
                    "subtotal": described("The sum of its lines' `amount`.", minor),
                }
            ),
        ),
        "Line": record(
            {
                "id": {"type": "string"},
                "kind": {"enum": list(typing.get_args(LineKind))},
                "label": {"type": "string"},
                "amount": described("What it adds to the total (negative: a discount).", minor),
                "rule": text,
                "target": described("The line it adjusts.", text),
                "detail": text,
            },
            {
                "allocations": described(
                    "How an order discount, a bundle or a tax splits over the lines, by line "
                    'id (in a visit, "<item>/<line id>").',
                    {"type": "object", "additionalProperties": minor},
                ),
                "included": described("A tax already in the prices: how much.", minor),
                "quantity": described(
                    "How many it prices: guests of a service priced per guest, or of an item "
                    "who have an add-on.",
                    {"type": "integer", "minimum": 2},
                ),
                "value": described(
                    "A session paid with a plan: its list price, for tips, fees and reports.",
                    minor,
                ),
                "text": said("label", "detail", "amount", "included"),
            },
        ),
        "Tender": described(
            "A way the quote is paid that is not money off: taken off `amount_due`.",
            record({"kind": choices(Tender, "kind"), "amount": minor}),
        ),
        "Charge": described(
            "A deposit or cancellation fee: due beside the total, never in it.",
            record(
                {
                    "kind": choices(Charge, "kind"),
                    "amount": minor,
                    "rule": {"type": "string"},
                    "label": {"type": "string"},
                    "detail": {"type": "string"},
                },
                {
                    "notice_hours": {"type": "integer", "minimum": 0},
                    "text": said("label", "detail", "amount", "when"),
                    "forfeits": described(
                        "Plan sessions it uses up: the item and the plan.",
                        {
                            "type": "array",
                            "items": record(
                                {"item": {"type": "integer"}, "plan": {"type": "string"}}
                            ),
                        },
                    ),
                },
            ),
        ),
        "Tip": record(
            {
                "percent": described('A decimal, e.g. "20".', {"type": "string"}),
                "amount": minor,
                "basis": choices(Tip, "basis"),
            },
            {"text": said("percent", "amount")},
        ),
        "AuditEntry": record(
            {
                "rule": text,
                "type": text,
                "stage": {"type": "string"},
                "applied": {"type": "boolean"},
                "outcome": {"enum": list(typing.get_args(Outcome))},
                "reason": {"type": "string"},
                "line": text,
                "amount": {"type": ["integer", "null"]},
                "unrounded": described(
                    "The effect before rounding, in minor units, as a decimal.",
                    {"type": ["string", "null"]},
                ),
            },
            {
                "item": described(
                    "In a visit, the item it was considered for.", {"type": "integer"}
                ),
                "text": said("outcome", "stage", "reason", "line", "amount"),
            },
        ),
        "Warning": described(
            "Something asked that is probably a mistake and changed nothing.",
            record(
                {
                    "kind": choices(QuoteWarning, "kind"),
                    "value": {"type": "string"},
                    "message": {"type": "string"},
                    "hint": text,
                }
            ),
        ),
    }
    root = record(
        {
            "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
            "minor_units": {"type": "integer", "minimum": 0, "maximum": 4},
            "lines": described(
                "Every line of a booking of one service; a visit's own lines (surcharges once "
                "a visit, bundles, order discounts, a gift certificate bought, taxes), its "
                "items' being in `items[].lines`.",
                array("Line"),
            ),
            "tax": described("The tax added to the prices (included tax is not).", minor),
            "total": described(
                "The sum of every line's `amount`, exactly: of `lines`, and in a visit of "
                "`items[].lines` too.",
                minor,
            ),
            "deposit": {"oneOf": [ref("Charge"), {"type": "null"}]},
            "fees": array("Charge"),
            "gratuity": described("Suggested tips, never in the total.", array("Tip")),
            "audit": array("AuditEntry"),
        },
        {
            "booking": ref("Booking"),
            "visit": ref("Visit"),
            "items": array("Item"),
            "tender": described("Gift certificates given, after tax.", array("Tender")),
            "amount_due": described(
                "What is left to pay: `total` less the `tender` amounts.", minor
            ),
            "warnings": array("Warning"),
            "locale": described(
                "The locale its reader asked for (`Catalogue.quote(..., locale=...)`, "
                "`--locale`): each record then has `text` beside its English.",
                {"type": "string"},
            ),
            "text": said("total", "amount_due"),
        },
    )
    return {
        "$schema": DIALECT,
        "$id": "urn:servicekit:quote:1",
        "title": "servicekit quote",
        "description": "What `servicekit quote --format json` prints and `Quote.to_dict()` "
        "returns: a booking of one service (`booking`, every line in `lines`) or a visit "
        "(`visit`, and each item's lines in `items`). Money is integer minor units of "
        "`currency`; `total` is the sum of all the lines.",
        **root,
        "oneOf": [
            {
                "description": "A booking of one service, or a plan or gift certificate bought.",
                "required": ["booking"],
                "properties": {"visit": False, "items": False},
                "dependentRequired": {"tender": ["amount_due"], "amount_due": ["tender"]},
            },
            {
                "description": "A visit, asked by its items.",
                "required": ["visit", "items", "tender", "amount_due", "warnings"],
                "properties": {"booking": False},
            },
        ],
        "$defs": defs,
    }
