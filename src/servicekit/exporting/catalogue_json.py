"""servicekit's own export format: the catalogue as a POS or booking system reads it.

Format version 1, described by `export.schema.json` (`servicekit schema export`). Ids are the
catalogue's own (a variation's is "<service>:<minutes>"), so they stay stable while the menu
changes; money is integer minor units in the one `currency` stated at the top; durations are
minutes; rules carry their parameters and a sentence saying what they do. New optional keys
may appear within a version, so the schema lets a consumer ignore keys it does not know.
`content_hash` covers the menu: everything but itself and `generator`, so a consumer can tell
whether anything changed, and an upgrade of servicekit alone changes nothing.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from servicekit import __version__
from servicekit.exporting.context import ExportContext
from servicekit.exporting.gift_cards import gift_cards_json
from servicekit.exporting.values import content_hash, dumps, given, plain
from servicekit.model.catalogue import AddOn, Rule, Service, Tax
from servicekit.model.money import minor_units
from servicekit.pricing.compiled import compiled
from servicekit.pricing.summaries import summarize

FORMAT = "servicekit-catalogue-export"
VERSION = 1


def write(context: ExportContext) -> bytes:
    return dumps(document(context))


def document(context: ExportContext) -> dict[str, Any]:
    """The export as JSON data, `content_hash` included."""
    catalogue = context.catalogue
    clinic = catalogue.clinic
    modalities = dict.fromkeys(service.modality for service in context.services)
    addons = frozenset(addon.id for addon in context.addons)
    body = {
        "format": FORMAT,
        "format_version": VERSION,
        "generator": f"servicekit {__version__}",
        "currency": context.currency,
        "minor_units": minor_units(context.currency),
        "clinic": {
            "name": clinic.name,
            "locale": clinic.locale,
            "timezone": clinic.timezone,
            "rounding": clinic.rounding,
            "address": clinic.address,
            "phone": clinic.phone,
            "email": clinic.email,
            "website": clinic.website,
            "holidays": plain(clinic.holidays),
        },
        "location": context.location.id if context.location else None,
        "locations": [
            {
                "id": location.id,
                "name": location.name,
                "address": location.address,
                "phone": location.phone,
                "pos_ids": plain(location.pos_ids),
            }
            for location in catalogue.locations.values()
            if context.location is None or location is context.location
        ],
        "categories": [
            {
                "id": category.id,
                "name": category.name,
                "order": category.order,
                "description": category.description,
            }
            for category in catalogue.categories.values()
            if any(service.category == category.id for service in context.services)
        ],
        "credentials": [
            {"id": c.id, "name": c.name, "description": c.description}
            for c in catalogue.credentials.values()
        ],
        "levels": [
            {"id": lv.id, "name": lv.name, "order": lv.order, "description": lv.description}
            for lv in catalogue.levels.values()
        ],
        "modalities": [_modality(catalogue.modalities[ident]) for ident in modalities],
        "services": [_service(context, service, addons) for service in context.services],
        "addons": [_addon(context, addon) for addon in context.addons],
        "taxes": [_tax(tax) for tax in context.taxes],
        "rules": [_rule(context, rule) for _, rule in context.rules if not _bundle(rule)],
        "bundles": [_rule(context, rule) for _, rule in context.rules if _bundle(rule)],
        "gift_cards": gift_cards_json(context),
    }
    return {**body, "content_hash": menu_hash(body)}


def menu_hash(document: dict[str, Any]) -> str:
    """The document's `content_hash`: of everything but itself and `generator`."""
    return content_hash(
        {key: value for key, value in document.items() if key not in ("content_hash", "generator")}
    )


def _modality(modality: Any) -> dict[str, Any]:
    pressure = modality.pressure
    return {
        "id": modality.id,
        "name": modality.name,
        "description": modality.description,
        "benefits": list(modality.benefits),
        "requires": list(modality.requires),
        "specialty": modality.specialty,
        "pressure": None if pressure is None else {"min": pressure.min, "max": pressure.max},
    }


def _service(context: ExportContext, service: Service, addons: frozenset[str]) -> dict[str, Any]:
    return {
        "id": service.id,
        "name": service.name,
        "category": service.category,
        "modality": service.modality,
        "description": service.description,
        "addons": [ident for ident in service.addons if ident in addons],
        "credentials": list(context.catalogue.credentials_for(service)),
        "locations": list(service.locations),
        "guests": service.guests,
        "priced_per": service.priced_per,
        "variations": [
            {
                "id": f"{service.id}:{variation.duration}",
                "name": variation.label,
                "duration_minutes": variation.duration,
                "buffer_minutes": variation.buffer,
                "price": prices.listed.minor,
                "location_prices": {
                    ident: money.minor for ident, money in prices.elsewhere.items()
                },
                "bookable_online": variation.online,
            }
            for variation, prices in zip(service.variations, context.lengths(service), strict=True)
        ],
    }


def _addon(context: ExportContext, addon: AddOn) -> dict[str, Any]:
    prices = context.addon_prices(addon)
    entry: dict[str, Any] = {
        "id": addon.id,
        "name": addon.name,
        "description": addon.description,
        "price": prices.listed.minor,
        "minutes": addon.minutes,
        "taxable": addon.taxable,
        "type": addon.type,
    }
    if prices.elsewhere:
        entry["location_prices"] = {
            ident: money.minor for ident, money in prices.elsewhere.items()
        }
    return entry


def _tax(tax: Tax) -> dict[str, Any]:
    return {
        "id": tax.id,
        "name": tax.name,
        "rate": plain(tax.rate),
        "inclusive": tax.inclusive,
        "applies_to": list(tax.applies_to),
        "exempt_tags": list(tax.exempt_tags),
        "locations": list(tax.locations),
    }


def _bundle(rule: Rule) -> bool:
    """A bundle is listed apart from the other rules: format 1's consumers were written for
    `rules[].stage` without it, and a new key is what a version may add
    (docs/pos-integration.md)."""
    return rule.params.stage == "bundle"


def _rule(context: ExportContext, rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "type": rule.type.name,
        "stage": rule.params.stage,
        "name": rule.name,
        "description": rule.description,
        "summary": summarize(rule, compiled(context.catalogue)),
        "applies_to": list(rule.applies_to),
        "when": {**given(rule.when), **plain(dict(rule.plugin_when))},
        "priority": rule.priority,
        "params": plain(rule.params),
    }


def schema() -> dict[str, Any]:
    """The JSON Schema of this format, as shipped in the package."""
    text = resources.files(__package__).joinpath("export.schema.json").read_text("utf-8")
    return json.loads(text)
