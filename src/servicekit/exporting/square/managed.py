"""What servicekit manages of each Square object, and what it leaves as Square has it.

An upload replaces an object whole, so comparing what the catalogue would send with what Square
holds must look at the fields servicekit writes and nothing else: Square adds its own (an
item's `reporting_category`, a category's `ordinal`), and staff set some the catalogue does not
hold (team members, images). `managed()` is an object as servicekit sees it: where it is
present and the fields servicekit writes, its nested variations or modifiers by key. Two
objects hold the same menu exactly when their managed forms are equal.

`KEPT` fields are Square's: an upload sends them back as Square last returned them, so staff
can assign team members or add images without the next sync clearing them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

from servicekit.exporting.values import decimal_text
from servicekit.model.money import Money

PRESENCE = ("present_at_all_locations", "present_at_location_ids", "absent_at_location_ids")
MANAGED: Mapping[str, tuple[str, ...]] = {
    "ITEM": ("name", "description_html", "product_type", "categories", "is_taxable", "tax_ids",
             "modifier_list_info", "variations"),
    "ITEM_VARIATION": ("item_id", "name", "pricing_type", "price_money", "service_duration",
                       "available_for_booking", "location_overrides"),
    "CATEGORY": ("name",),
    "TAX": ("name", "inclusion_type", "percentage", "applies_to_custom_amounts", "enabled"),
    "MODIFIER_LIST": ("name", "modifier_type", "min_selected_modifiers",
                      "max_selected_modifiers", "modifiers"),
    "MODIFIER": ("name", "price_money", "ordinal", "modifier_list_id", "location_overrides"),
    "DISCOUNT": ("name", "discount_type", "percentage", "amount_money", "maximum_amount_money"),
    "PRODUCT_SET": ("name", "product_ids_any", "product_ids_all", "all_products",
                    "quantity_exact", "quantity_min", "quantity_max"),
    "TIME_PERIOD": ("event",),
    "PRICING_RULE": ("name", "discount_id", "match_products_id", "apply_products_id",
                     "exclude_products_id", "time_period_ids", "valid_from_date",
                     "valid_from_local_time", "valid_until_date", "valid_until_local_time",
                     "exclude_strategy", "minimum_order_subtotal_money",
                     "customer_group_ids_any"),
}  # fmt: skip
"""The fields of each type's `*_data` servicekit writes. Objects of other types, and fields
an exporter adds later, are compared on what the catalogue's object holds as well."""
KEPT: Mapping[str, tuple[str, ...]] = {
    "ITEM": ("image_ids", "label_color", "abbreviation"),
    "ITEM_VARIATION": ("team_member_ids", "image_ids", "sku", "upc"),
    "TAX": ("calculation_phase",),
}
"""Fields an upload sends back as Square last returned them. A tax's phase is among them:
the catalogue charges every tax on the subtotal, and a tax Square computes on the total after
other taxes (`TAX_TOTAL_PHASE`) keeps that phase."""
CHILDREN = {"ITEM": "variations", "MODIFIER_LIST": "modifiers"}
"""Where an object holds its nested objects, which have keys and versions of their own."""
SYNCED_TYPES = (
    "ITEM", "CATEGORY", "TAX", "MODIFIER_LIST", "DISCOUNT", "PRODUCT_SET", "TIME_PERIOD",
    "PRICING_RULE",
)  # fmt: skip
"""The `types` a ListCatalog must list for a sync: variations come inside their items,
modifiers inside their lists."""


def data_key(kind: str) -> str:
    """Where a Square object of type `kind` holds its data: `ITEM` -> `item_data`."""
    return DATA_KEYS.get(kind) or f"{kind.lower()}_data"


DATA_KEYS = {kind: f"{kind.lower()}_data" for kind in (*MANAGED, "IMAGE")}


def data_of(obj: Mapping[str, Any]) -> Mapping[str, Any]:
    found = obj.get(data_key(str(obj.get("type"))))
    return found if isinstance(found, dict) else {}


def children(obj: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """An item's variations or a modifier list's modifiers."""
    field = CHILDREN.get(str(obj.get("type")))
    found = data_of(obj).get(field) if field else None
    return [child for child in found or () if isinstance(child, dict)]


def managed(
    obj: Mapping[str, Any],
    key_of: Callable[[str], str],
    shape: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The object as servicekit sees it: where it is present and the fields it writes, with
    nested objects by key.

    Without `shape`, `obj` is the catalogue's own: every field it holds counts. With `shape`
    (the catalogue's managed form of the same object), `obj` is Square's: the fields
    servicekit writes count, and a field the catalogue holds is compared as it holds it (its
    keys in nested records), so what Square adds inside a record (a category reference's
    `ordinal`) does not count.
    """
    kind = str(obj.get("type"))
    where = data_key(kind)
    data = obj.get(where)
    if not isinstance(data, dict):
        data = {}
    kept = KEPT.get(kind, ())
    child_field = CHILDREN.get(kind)
    if shape is None:
        fields: Iterable[str] = data
        wanted: Mapping[str, Any] = {}
    else:
        wanted = shape.get(where) or {}
        fields = dict.fromkeys((*MANAGED.get(kind, ()), *wanted))
    out: dict[str, Any] = {}
    for field in fields:
        value = data.get(field)
        if value is None or value == [] or value == {} or field in kept:
            continue
        if field == child_field:
            out[field] = [key_of(child["id"]) for child in value if "id" in child]
        elif field in wanted and isinstance(value, dict | list):
            out[field] = _project(value, wanted[field])
        elif field == "percentage" and shape is not None:
            out[field] = _percent(value)  # Square may write "10.0" for the "10" sent
        else:
            out[field] = value
    result = {}
    for field in PRESENCE:
        value = obj.get(field)
        if value is not None and value != []:
            result[field] = value
    result[where] = out
    return result


def same(obj: Mapping[str, Any], held: Mapping[str, Any], key_of: Callable[[str], str]) -> bool:
    """Whether `held` is the managed form of the catalogue's `obj`: `managed(obj, key_of) ==
    held`, found without making it (a plan asks this of every object of a large menu)."""
    kind = str(obj.get("type"))
    where = DATA_KEYS.get(kind) or data_key(kind)
    fields = 1
    for field in PRESENCE:
        value = obj.get(field)
        if value is not None and value != []:
            if held.get(field) != value:
                return False
            fields += 1
    if len(held) != fields:
        return False
    mine = held.get(where, _MISSING)
    data = obj.get(where)
    if not isinstance(data, dict):
        return mine == {}
    values = data.values()
    if (
        None in values
        or [] in values
        or {} in values
        or not _KEPT_SETS.get(kind, _NONE_KEPT).isdisjoint(data)
    ):
        return managed(obj, key_of)[where] == mine  # fields it leaves out: rare
    child_field = CHILDREN.get(kind)
    kids = data.get(child_field) if child_field is not None else None
    if not kids:
        return data == mine
    # An item, say: its fields as they are, and its variations by key.
    expected = dict(data)
    expected[child_field] = [key_of(child["id"]) for child in kids if "id" in child]
    return expected == mine


_MISSING = object()


def nested(obj: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The variations or modifiers of an object the catalogue makes (`children` reads any
    object, as Square may send it)."""
    field = CHILDREN.get(obj["type"])
    return obj[DATA_KEYS[obj["type"]]][field] if field is not None else []


_KEPT_SETS = {kind: frozenset(fields) for kind, fields in KEPT.items()}
_NONE_KEPT: frozenset[str] = frozenset()


def kept_fields(obj: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of an object Square holds that an upload sends back as they are."""
    data = data_of(obj)
    return {
        field: data[field]
        for field in KEPT.get(str(obj.get("type")), ())
        if data.get(field) not in (None, [], {})
    }


def _percent(value: Any) -> Any:
    """A percentage string as servicekit writes it: no exponent, no trailing zeros."""
    try:
        number = Decimal(value) if isinstance(value, str) else None
    except ArithmeticError:
        return value
    return decimal_text(number) if number is not None and number.is_finite() else value


def _project(value: Any, shape: Any) -> Any:
    """`value` with the keys of `shape` only, in records and lists of records."""
    if isinstance(shape, dict) and isinstance(value, dict):
        return {key: _project(value[key], shape[key]) for key in shape if key in value}
    if isinstance(shape, list) and isinstance(value, list) and shape:
        inner = shape[0]
        return [_project(item, inner) for item in value] if isinstance(inner, dict) else value
    return value


def without_children(data: Mapping[str, Any], field: str | None) -> Mapping[str, Any]:
    """A managed form without its list of nested objects."""
    if field is None:
        return data
    return {
        key: ({k: v for k, v in value.items() if k != field} if key.endswith("_data") else value)
        for key, value in data.items()
    }


def nested_words(old: list[str], new: list[str], name_of: Callable[[str], str]) -> list[str]:
    """How a list of nested objects changes, in words."""
    words = [f"adds {name_of(key)}" for key in new if key not in old]
    words += [f"removes {name_of(key)}" for key in old if key not in new]
    if not words and old != new:
        words.append("puts them in the catalogue's order")
    return words


def display_name(obj: Mapping[str, Any], parent: str | None = None) -> str:
    """How people know an object: an item's name, a variation's as "Item, 60 min"."""
    data = data_of(obj)
    own = data.get("name") if isinstance(data.get("name"), str) else None
    if parent and obj.get("type") == "ITEM_VARIATION":
        return f"{parent}, {own}" if own else parent
    if parent and obj.get("type") == "MODIFIER":
        return f"{own} ({parent})" if own else parent
    if own:
        return own
    event = data.get("event")
    if obj.get("type") == "TIME_PERIOD" and isinstance(event, str):
        return _when(event)
    return str(obj.get("id", "?"))


def _when(event: str) -> str:
    """An RFC 5545 event in a few words: `MO,TU,WE from 13:00 for 3H`."""
    fields = dict(line.split(":", 1) for line in event.splitlines() if ":" in line)
    start = fields.get("DTSTART", "")
    rule = dict(p.split("=", 1) for p in fields.get("RRULE", "").split(";") if "=" in p)
    when = rule.get("BYDAY") or (f"{start[:4]}-{start[4:6]}-{start[6:8]}" if start else "?")
    clock = f" from {start[9:11]}:{start[11:13]}" if len(start) >= 13 else ""
    length = fields.get("DURATION", "").removeprefix("P").removeprefix("T")
    return f"{when}{clock}" + (f" for {length}" if length else "")


def described(kind: str, name: str, key: str) -> str:
    """An object in a report: `ITEM 'Swedish Massage' (item-swedish)`."""
    return f"{kind} '{name}' ({key})"


FIELD_WORDS = {
    "price_money": "price",
    "service_duration": "length",
    "percentage": "percent",
    "amount_money": "amount",
    "maximum_amount_money": "cap",
    "available_for_booking": "bookable online",
    "present_at_all_locations": "at every location",
    "present_at_location_ids": "locations",
    "absent_at_location_ids": "absent at",
    "minimum_order_subtotal_money": "minimum order",
}


def differences(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """What differs between two managed forms, in words: `price 95.00 USD -> 99.00 USD`."""
    found = []
    for field in dict.fromkeys([*old, *new]):
        before, after = old.get(field), new.get(field)
        if isinstance(before, Mapping) and isinstance(after, Mapping) and field.endswith("_data"):
            found += differences(before, after)
        elif before != after:
            label = FIELD_WORDS.get(field, field.replace("_", " "))
            found.append(f"{label} {_words(field, before)} → {_words(field, after)}")
    return found


def _words(field: str, value: Any) -> str:
    if value is None:
        return "(none)"
    if field.endswith("_money") and isinstance(value, Mapping):
        amount, currency = value.get("amount"), value.get("currency")
        if isinstance(amount, int) and isinstance(currency, str) and len(currency) == 3:
            try:
                return str(Money.from_minor(amount, currency))
            except ValueError:
                pass
    if field == "service_duration" and isinstance(value, int):
        return f"{value / 60_000:g} min"
    text = json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    return text if len(text) <= 80 else text[:79] + "…"
