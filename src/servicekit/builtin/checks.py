"""Warnings `servicekit check` gives about catalogues that build but look unintended."""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

import attrs

from servicekit.errors import KeyPath, Problem
from servicekit.hookspecs import hookimpl
from servicekit.i18n.catalogue_text import untranslated
from servicekit.model.catalogue import Catalogue
from servicekit.model.fields import Percent


@hookimpl
def servicekit_validate_catalogue(catalogue: Catalogue) -> Iterator[Problem]:
    offered = {addon for service in catalogue.services.values() for addon in service.addons}
    for addon in catalogue.addons.values():
        if addon.id not in offered:
            yield _warning(
                ("addons", addon.id),
                "is not offered with any service",
                "list it in a service's `addons`, or remove it",
            )
    used = {service.category for service in catalogue.services.values()}
    for category in catalogue.categories.values():
        if category.id not in used:
            yield _warning(("categories", category.id), "has no services", "remove it")
    for service in catalogue.services.values():
        for index, variation in enumerate(service.variations):
            if not variation.price:
                yield _warning(
                    ("services", service.id, "variations", index, "price"),
                    "is 0; clients will see this service as free",
                    "set its price, or remove the variation",
                )
    yield from _untaxed(catalogue)
    yield from _fractions(catalogue)
    yield from _fixed_offset(catalogue)
    yield from _unknown_to_screening(catalogue)
    yield from untranslated(catalogue)


def _untaxed(catalogue: Catalogue) -> Iterator[Problem]:
    taxable_addons = any(addon.taxable for addon in catalogue.addons.values())
    for tax in catalogue.taxes.values():
        if tax.applies_to == ("addons",) and not taxable_addons:
            yield _warning(
                ("taxes", tax.id, "applies_to"),
                "applies only to add-ons, and no add-on is taxable",
                "set `taxable = true` on the add-ons it should apply to",
            )


def _fractions(catalogue: Catalogue) -> Iterator[Problem]:
    """A percentage below 1 is most likely a fraction: `rate = 0.07` charges 0.07 %, not 7 %.
    Every `Percent` a tax or a rule's parameters hold is looked at (alone, in a list or as a
    table's values: a gratuity's `percents`, a tier's), plugins' alike."""
    for tax in catalogue.taxes.values():
        yield from _percents(Percent, tax.rate, ("taxes", tax.id, "rate"))
    for index, rule in enumerate(catalogue.rules):
        params = rule.params
        for field in attrs.fields(type(params)) if attrs.has(type(params)) else ():
            path = ("rules", index, field.name)
            yield from _percents(field.type, getattr(params, field.name), path)


def _percents(annotation: Any, value: Any, path: KeyPath) -> Iterator[Problem]:
    """The fractions among the percentages `value` holds, as `annotation` says it holds them."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if annotation is Percent or (origin in (types.UnionType, typing.Union) and Percent in args):
        if isinstance(value, Decimal) and 0 < value < 1:
            yield _fraction(path, value)
    elif origin is tuple and args[:1] == (Percent,) and isinstance(value, tuple):
        for index, item in enumerate(value):
            yield from _percents(Percent, item, (*path, index))
    elif origin in (Mapping, dict) and args[1:] == (Percent,) and isinstance(value, Mapping):
        for key, item in value.items():
            yield from _percents(Percent, item, (*path, str(key)))


def _fraction(path: KeyPath, value: Decimal) -> Problem:
    meant = (value * 100).normalize()
    return _warning(
        path,
        f"is {value} %, less than one percent",
        f"if you meant {meant:f} %, write {meant:f}: a percentage is the number before the % sign",
    )


UNIVERSAL = frozenset({"UTC", "UCT", "GMT", "Zulu", "Universal", "Greenwich"})
"""Names of universal time (`GMT0`, `UTC`): with `Etc/...`, `EST` and `MST`, zones that keep one
offset all year, with no daylight saving time, and are no place's own: a clinic that writes
one is an hour off half the year, unless its place keeps none."""

MEANT = {
    "EST": "America/New_York",
    "MST": "America/Denver; America/Phoenix in Arizona, which keeps no summer time",
}


def _fixed_offset_zone(zone: str) -> bool:
    """`Etc/GMT+5`, `UTC`, `GMT0`, `EST`, `MST`: names of an offset, not of a place."""
    universal = zone.rstrip("0123456789").rstrip("+-")
    return zone.startswith("Etc/") or zone in ("EST", "MST") or universal in UNIVERSAL


def _fixed_offset(catalogue: Catalogue) -> Iterator[Problem]:
    zone = catalogue.clinic.timezone
    if _fixed_offset_zone(zone):
        meant = MEANT.get(zone, "America/New_York or Europe/London")
        yield _warning(
            ("clinic", "timezone"),
            f"'{zone}' keeps one offset all year, with no daylight saving time: where clocks "
            "change, a booking's times are an hour off half the year",
            f"write the zone of a city that keeps your clinic's time, e.g. {meant}",
        )


def _unknown_to_screening(catalogue: Catalogue) -> Iterator[Problem]:
    """What screening knows nothing about, it treats as the worst case: say so up front."""
    for modality in catalogue.modalities.values():
        own = catalogue.providers.get(("modality", modality.id)) == "catalogue"
        if own and modality.properties is None:
            yield _warning(
                ("modalities", modality.id),
                "does not say its `properties`, so screening treats it as lymphatic drainage, "
                "stretching, suction, heat and essential oils at once",
                'list what applies, e.g. properties = ["stretching"], or properties = []',
            )
    for addon in catalogue.addons.values():
        if catalogue.addon_properties(addon) is None:
            yield _warning(
                ("addons", addon.id),
                "has no `type` and no `properties`, so screening treats it as heat, suction, "
                "essential and nut oils and cannabinoids at once",
                "give it a type (`servicekit plugins` lists them) or properties, "
                'e.g. properties = ["nut-oil"], or properties = []',
            )


def _warning(path: tuple[str | int, ...], message: str, hint: str) -> Problem:
    return Problem(path, message, hint, severity="warning")
