"""The built-in export formats, contributed through the same hook as any plugin's."""

from __future__ import annotations

from collections.abc import Iterator

from servicekit.errors import Problem
from servicekit.exporting import catalogue_json, price_list, square
from servicekit.exporting.square import limits
from servicekit.hookspecs import hookimpl
from servicekit.model.catalogue import Catalogue
from servicekit.model.contributions import Exporter

EXPORTERS = (
    Exporter(
        name="json",
        summary="servicekit's own POS format: versioned, ids kept, money in minor units.",
        write=catalogue_json.write,
        media_type="application/json",
        suffix=".json",
    ),
    Exporter(
        name="square",
        summary="A Square Catalog API BatchUpsertCatalogObjects request body.",
        write=square.write,
        media_type="application/json",
        suffix=".json",
        options=("ids",),
    ),
    Exporter(
        name="csv",
        summary="A flat price list: one row per service length and per add-on.",
        write=price_list.write,
        media_type="text/csv",
        suffix=".csv",
    ),
)


@hookimpl
def servicekit_exporters() -> Iterator[Exporter]:
    yield from EXPORTERS


@hookimpl
def servicekit_validate_catalogue(catalogue: Catalogue) -> list[Problem]:
    """Square's limits, for a catalogue synced to Square (`exporting.square.limits`)."""
    return limits.problems(catalogue) if limits.targets_square(catalogue) else []
