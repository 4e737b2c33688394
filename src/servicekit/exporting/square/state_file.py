"""Where a catalogue's Square sync state lies: a JSON file beside the catalogue.

Apart from `state`, so that `servicekit check`, which asks whether a catalogue is synced to
Square (`limits.targets_square`), does not load the sync state's records to find out.
"""

from __future__ import annotations

import os
from pathlib import Path

SUFFIX = ".square-state.json"


def default_path(catalogue: str | os.PathLike[str], location: str | None = None) -> Path:
    """`menu.toml` -> `menu.square-state.json`; for a location's own account
    `menu.the-beaches.square-state.json`."""
    path = Path(catalogue)
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    return path.with_name(stem + (f".{location}" if location else "") + SUFFIX)
