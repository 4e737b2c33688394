"""The built-in export formats, contributed through the same hook as any plugin's.

Each format's module is imported when the format is first written, not when the plugins are
loaded: `check`, `quote` and `screen` never pay for the exporters.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from servicekit.errors import Problem
from servicekit.hookspecs import hookimpl
from servicekit.model.catalogue import Catalogue
from servicekit.model.contributions import Exporter

if TYPE_CHECKING:
    from servicekit.exporting.context import ExportContext

Write = Callable[..., bytes]


def _write_of(module: str) -> Write:
    """The `write` of an export module, imported on the first export in that format."""

    def write(context: object) -> bytes:
        writer: Write = importlib.import_module(module).write
        return writer(context)

    write.__qualname__ = write.__name__ = f"{module.rpartition('.')[2]}_write"
    write.__doc__ = f"The export `{module}.write` makes."
    return write


def _square_write(context: ExportContext) -> bytes:
    """The Square export, and a warning naming the gift certificates Square's catalog
    cannot hold (`exporting.gift_cards`)."""
    from servicekit.exporting.gift_cards import warn_square_of_gift_cards

    content = _square(context)
    warn_square_of_gift_cards(context)
    return content


_square = _write_of("servicekit.exporting.square.export")

EXPORTERS = (
    Exporter(
        name="json",
        summary="servicekit's own POS format: versioned, ids kept, money in minor units.",
        write=_write_of("servicekit.exporting.catalogue_json"),
        media_type="application/json",
        suffix=".json",
    ),
    Exporter(
        name="square",
        summary="A Square Catalog API BatchUpsertCatalogObjects request body.",
        write=_square_write,
        media_type="application/json",
        suffix=".json",
        options=("ids",),
    ),
    Exporter(
        name="csv",
        summary="A flat price list: one row per service length and per add-on.",
        write=_write_of("servicekit.exporting.price_list"),
        media_type="text/csv",
        suffix=".csv",
    ),
)


@hookimpl
def servicekit_exporters() -> Iterator[Exporter]:
    yield from EXPORTERS


@hookimpl
def servicekit_validate_catalogue(catalogue: Catalogue) -> list[Problem]:
    """Square's limits, for a catalogue synced to Square (`exporting.square.limits`), which
    are imported only for such a catalogue."""
    from servicekit.exporting.square.state_file import synced

    if not synced(catalogue):
        return []
    from servicekit.exporting.square import limits

    return limits.problems(catalogue)
