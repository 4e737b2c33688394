"""Reading a Square catalog to import: every page, checked, and what servicekit cannot use.

A catalog comes as `BatchUpsertCatalogObjects` bodies (what `servicekit export --format square`
writes), ListCatalog or SearchCatalogObjects responses (their `related_objects` too), or lists
of catalog objects, in one file or several. Each object is checked against Square's shapes
(`exporting.square.shapes`), so a malformed one is an error naming its file and JSON path. A
ListCatalog page with a `cursor` means Square has more pages: every page must be given.
Each object comes with where it is, `FILE: $.json.path`, for the messages that name it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from servicekit.errors import ImportingError
from servicekit.exporting.square import shapes
from servicekit.exporting.square.shapes import Located
from servicekit.files import read_json

HINT = (
    "give a BatchUpsertCatalogObjects body (with `batches`), a ListCatalog response (with "
    "`objects`), or a list of catalog objects"
)
USED = ("ITEM", "ITEM_VARIATION", "CATEGORY", "TAX", "MODIFIER_LIST", "MODIFIER", "DISCOUNT",
        "PRICING_RULE", "PRODUCT_SET", "TIME_PERIOD")  # fmt: skip
"""The types an import reads; objects of any other type are named in a note."""
READ: Mapping[str, frozenset[str]] = {
    kind: frozenset(fields)
    for kind, fields in {
        "ITEM": ("name", "description", "description_html", "product_type", "categories",
                 "category_id", "tax_ids", "is_taxable", "modifier_list_info", "variations"),
        "ITEM_VARIATION": ("name", "service_duration", "price_money", "pricing_type",
                           "available_for_booking", "location_overrides"),
        "CATEGORY": ("name",),
        "TAX": ("name", "percentage", "inclusion_type", "enabled", "calculation_phase",
                "applies_to_custom_amounts"),
        "MODIFIER_LIST": ("name", "modifiers", "min_selected_modifiers",
                          "max_selected_modifiers", "selection_type", "modifier_type"),
        "MODIFIER": ("name", "price_money", "location_overrides"),
        "DISCOUNT": ("name", "discount_type", "percentage", "amount_money",
                     "maximum_amount_money"),
        "PRICING_RULE": ("name", "discount_id", "match_products_id", "time_period_ids",
                         "valid_from_date", "valid_until_date", "minimum_order_subtotal_money",
                         "exclude_products_id", "customer_group_ids_any"),
        "PRODUCT_SET": ("name", "product_ids_any", "product_ids_all", "all_products"),
        "TIME_PERIOD": ("event",),
    }.items()
}  # fmt: skip
"""The fields of each type's data an import reads."""
SQUARES = frozenset({
    "ordinal", "item_id", "modifier_list_id", "description_plaintext", "reporting_category",
    "ecom_uri", "ecom_image_uris", "sellable", "stockable", "is_archived", "channels",
    "visibility", "ecom_visibility", "is_alcoholic", "skip_modifier_screen", "on_by_default",
    "track_inventory", "inventory_alert_type", "available_online", "available_for_pickup",
    "available_electronically", "is_top_level", "root_category", "path_to_root",
    "category_type", "online_visibility", "modify_tax_basis", "application_method",
    "hidden_online", "hidden_from_customer", "allow_quantities", "is_conversational",
})  # fmt: skip
"""Square's own bookkeeping and display settings, not part of the menu: never named."""
KEPT_BY_SYNC = frozenset(
    {"image_ids", "label_color", "abbreviation", "team_member_ids", "sku", "upc"}
)
"""Fields `servicekit square` sends back as Square holds them."""


def read_catalog(paths: Iterable[str | os.PathLike[str]]) -> list[Located]:
    """The catalog objects in the files, each with its file and JSON path, checked."""
    pages: list[shapes.Response] = []
    found: list[Located] = []
    for path in paths:
        source = Path(path)
        if source.suffix.lower() == ".toml":
            raise ImportingError(
                f"{source}: is TOML; `servicekit import square` reads the JSON Square gives",
                hint="export it from Square (ListCatalog) or with `servicekit export --format "
                "square`",
            )
        data = read_json(source)
        try:
            if _is_body(data):
                found += _bodies(data, str(source))
            else:
                responses = shapes.read(data, str(source))
                pages += [r for r in responses if r.kind == "listing"]
                found += [
                    Located(located.obj, f"{source}: {located.path}")
                    for response in responses
                    for located in response.objects
                ]
        except shapes.ShapeError as error:
            raise ImportingError(error.message, hint=error.hint) from None
    if pages and all(page.cursor for page in pages):
        raise ImportingError(
            f"{pages[-1].source}: this ListCatalog page has a `cursor`: Square has more pages",
            hint="call ListCatalog again with each cursor until a page has none, and give every "
            "page (servicekit import square page-1.json page-2.json ...)",
        )
    objects = _unique(found)
    if not objects:
        names = ", ".join(os.fspath(path) for path in paths)
        raise ImportingError(f"{names}: not a Square catalog (no catalog objects)", hint=HINT)
    return objects


def _is_body(data: Any) -> bool:
    bodies = data if isinstance(data, list) else [data]
    return bool(bodies) and all(isinstance(body, dict) and "batches" in body for body in bodies)


def _bodies(data: Any, source: str) -> Iterator[Located]:
    """The objects of BatchUpsertCatalogObjects request bodies, checked."""
    bodies = data if isinstance(data, list) else [data]
    for number, body in enumerate(bodies):
        root = f"$[{number}]" if isinstance(data, list) else "$"
        batches = body["batches"]
        if not isinstance(batches, list):
            raise shapes.ShapeError(source, f"{root}.batches", f"is {shapes.shown(batches)}, "
                                    "not a list")  # fmt: skip
        for b, batch in enumerate(batches):
            path = f"{root}.batches[{b}]"
            objects = batch.get("objects") if isinstance(batch, dict) else None
            if not isinstance(objects, list):
                raise shapes.ShapeError(source, path, "a batch holds a list of `objects`")
            for o, obj in enumerate(objects):
                shapes.check_object(obj, f"{path}.objects[{o}]", source)
                yield Located(obj, f"{source}: {path}.objects[{o}]")


def _unique(found: list[Located]) -> list[Located]:
    """Each object once: pages and related objects may repeat one; the newest version wins."""
    by_id: dict[str, Located] = {}
    for located in found:
        ident = located.obj["id"]
        before = by_id.get(ident)
        if before is None or (located.obj.get("version") or 0) >= (before.obj.get("version") or 0):
            by_id[ident] = located
    return list(by_id.values())


def unread(objects: Iterable[Located], name_of: Any) -> list[str]:
    """Notes naming every type, object and field the import does not carry over."""
    others: dict[str, list[str]] = {}
    fields: dict[tuple[str, str], list[str]] = {}
    for located, _ in shapes.flatten(list(objects)):
        obj = located.obj
        if obj.get("is_deleted"):
            continue
        kind = obj["type"]
        if kind not in USED:
            others.setdefault(kind, []).append(name_of(obj))
            continue
        data = obj.get(f"{kind.lower()}_data") or {}
        present = [key for key, value in data.items() if _meaningful(value)]
        for field in sorted(set(present) - READ[kind] - SQUARES):
            fields.setdefault((kind, field), []).append(name_of(obj))
        for field in ("custom_attribute_values", "absent_at_location_ids"):
            if _meaningful(obj.get(field)):
                fields.setdefault((kind, field), []).append(name_of(obj))
    notes = [
        f"{len(names)} {kind} object{'s' * (len(names) != 1)} not imported (servicekit does "
        f"not hold them): {_listed(names)}"
        for kind, names in sorted(others.items())
    ]
    for (kind, field), names in sorted(fields.items()):
        kept = " (`servicekit square` keeps them in Square)" if field in KEPT_BY_SYNC else ""
        notes.append(f"`{field}` of {kind} {_listed(names)} not imported{kept}")
    return notes


def _meaningful(value: Any) -> bool:
    return value not in (None, False, "", [], {})


def _listed(names: list[str], most: int = 5) -> str:
    quoted = [f"'{name}'" for name in names[:most]]
    rest = len(names) - most
    return ", ".join(quoted) + (f" and {rest} more" if rest > 0 else "")
