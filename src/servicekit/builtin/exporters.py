"""The built-in export formats, contributed through the same hook as any plugin's."""

from __future__ import annotations

from collections.abc import Iterator

from servicekit.exporting import catalogue_json, price_list, square
from servicekit.exporting.context import ExportContext
from servicekit.exporting.gift_cards import warn_square_of_gift_cards
from servicekit.hookspecs import hookimpl
from servicekit.model.contributions import Exporter


def _square(context: ExportContext) -> bytes:
    """The Square export, and a warning naming the gift certificates it cannot hold."""
    content = square.write(context)
    warn_square_of_gift_cards(context)
    return content


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
        write=_square,
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
