"""Where a catalogue's Square sync state lies (a JSON file beside the catalogue), and whether
the catalogue is synced to Square at all.

Apart from `state` and `limits`, so that `servicekit check`, which asks whether a catalogue is
synced to Square, loads neither the sync state's records nor Square's limits to find out.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from servicekit.model.catalogue import Catalogue

SUFFIX = ".square-state.json"


def default_path(catalogue: str | os.PathLike[str], location: str | None = None) -> Path:
    """`menu.toml` -> `menu.square-state.json`; for a location's own account
    `menu.the-beaches.square-state.json`."""
    from pathlib import Path  # here: `servicekit check` asks `beside`, by os.path

    path = Path(catalogue)
    return path.with_name(_state_name(path.name, location))


def beside(source: str, location: str | None = None) -> str:
    """`default_path` of a catalogue file that was read (`catalogue.source`), as a string."""
    directory, name = os.path.split(source)
    return os.path.join(directory, _state_name(name, location))


def _state_name(name: str, location: str | None) -> str:
    """The state file's name for a catalogue file's: its stem (pathlib's: what is before its
    last dot, unless the dot begins or ends the name), the location, the suffix."""
    dot = name.rfind(".")
    stem = name[:dot] if 0 < dot < len(name) - 1 else name
    return stem + (f".{location}" if location else "") + SUFFIX


def synced(catalogue: Catalogue) -> bool:
    """Whether the catalogue is synced to Square: a location has a Square id, or a sync
    state lies beside the catalogue file."""
    from servicekit.exporting.square.fields import SQUARE

    if any(location.pos_ids.get(SQUARE) for location in catalogue.locations.values()):
        return True
    source = catalogue.source
    if not source:
        return False
    paths = [beside(source)] + [beside(source, ident) for ident in catalogue.locations]
    return any(os.path.isfile(path) for path in paths)
