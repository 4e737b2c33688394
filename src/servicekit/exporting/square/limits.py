"""Square's limits, checked against the catalogue before anything is sent.

Square refuses an item with more than 250 variations and a batch of more than 1,000 objects
(an add-on list travels with its add-ons). `servicekit check` reports these as located errors
when the catalogue targets Square (`state_file.synced`: a location has a Square id, or a sync
state lies beside it); the `square` export and `servicekit square` refuse them for any
catalogue. Names and descriptions need no check here: the catalogue's own limits (200
characters a name, 10,000 a description) are within Square's, and a test keeps them so.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from servicekit.errors import ExportError, KeyPath, Problem

if TYPE_CHECKING:
    from servicekit.exporting.context import ExportContext
    from servicekit.model.catalogue import Catalogue, Service

MAX_VARIATIONS = 250
"""Variations per item."""
MAX_ITEM_NAME = 512
"""An item's name; every other name takes `fields.MAX_NAME` (255)."""
MAX_DESCRIPTION = 65_535
"""An item's `description_html`."""
MAX_ADDONS = 999
"""Add-ons one service offers: its add-on list and the add-ons share a batch of 1,000."""


def problems(catalogue: Catalogue) -> list[Problem]:
    """What Square would refuse, anywhere in the catalogue."""
    return list(_problems(catalogue.services.values()))


def check(context: ExportContext) -> None:
    """Refuse an export Square would refuse, naming each problem with its line."""
    found = list(_problems(context.services))
    if not found:
        return
    source = context.catalogue.source
    located = _located(found, source)
    raise ExportError(
        "\n".join(problem.render(source) for problem in located)
        + (f"\n{len(found)} problems" if len(found) > 1 else ""),
    )


def _problems(services: Iterable[Service]) -> Iterator[Problem]:
    for service in services:
        path: KeyPath = ("services", service.id)
        if len(service.variations) > MAX_VARIATIONS:
            yield Problem(
                (*path, "variations"),
                f"has {len(service.variations)} lengths; Square takes at most {MAX_VARIATIONS} "
                "variations per item",
                "offer fewer lengths, or split the service in two",
            )
        if len(service.addons) > MAX_ADDONS:
            yield Problem(
                (*path, "addons"),
                f"offers {len(service.addons):,} add-ons; Square takes an add-on list of at most "
                f"{MAX_ADDONS} in one batch of {MAX_ADDONS + 1:,} objects with the list itself",
                "offer fewer add-ons with one service",
            )


def _located(found: list[Problem], source: str | None) -> tuple[Problem, ...]:
    """The problems with their lines, when the catalogue came from a file."""
    if not source or not os.path.isfile(source):
        return tuple(found)
    from servicekit.errors import CatalogueError
    from servicekit.loading.catalogue import located
    from servicekit.loading.reading import read

    try:
        return located(found, read(source))
    except (CatalogueError, OSError):
        return tuple(found)  # the file changed since it was loaded: paths still say where
