"""Where a catalogue's Square sync state lies (a JSON file beside the catalogue), and whether
the catalogue is synced to Square at all.

Apart from `state` and `limits`, so that `servicekit check`, which asks whether a catalogue is
synced to Square, loads neither the sync state's records nor Square's limits to find out.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from servicekit.exporting.square.fields import SQUARE

if TYPE_CHECKING:
    from servicekit.model.catalogue import Catalogue

SUFFIX = ".square-state.json"


def default_path(catalogue: str | os.PathLike[str], location: str | None = None) -> Path:
    """`menu.toml` -> `menu.square-state.json`; for a location's own account
    `menu.the-beaches.square-state.json`."""
    path = Path(catalogue)
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    return path.with_name(stem + (f".{location}" if location else "") + SUFFIX)


def synced(catalogue: Catalogue) -> bool:
    """Whether the catalogue is synced to Square: a location has a Square id, or a sync
    state lies beside the catalogue file."""
    if any(location.pos_ids.get(SQUARE) for location in catalogue.locations.values()):
        return True
    if not catalogue.source:
        return False
    source = Path(catalogue.source)
    beside = [default_path(source)] + [
        default_path(source, ident) for ident in catalogue.locations
    ]
    return any(path.is_file() for path in beside)
