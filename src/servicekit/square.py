"""Square, from Python: keep a Square catalogue equal to a servicekit catalogue, or start a
catalogue from one. What `servicekit square` and `servicekit import square` do.

    from servicekit import square

    state = square.SyncState.load(square.default_path("menu.toml"))
    plan = square.plan(catalogue, state)        # plan.upserts, then plan.delete, to Square
    state = square.record(catalogue, state, answers).state
    state.save(square.default_path("menu.toml"))

Part of the public API (docs/pos-integration.md); the modules behind it are not.
"""

from __future__ import annotations

from servicekit.exporting.square import (
    LIST_TYPES,
    Adoption,
    Change,
    Drift,
    Drifted,
    Known,
    Plan,
    Recorded,
    SyncState,
    adopt,
    default_path,
    drift,
    plan,
    record,
    refresh,
)
from servicekit.importing.writing import Written, import_square

__all__ = [
    "LIST_TYPES",
    "Adoption",
    "Change",
    "Drift",
    "Drifted",
    "Known",
    "Plan",
    "Recorded",
    "SyncState",
    "Written",
    "adopt",
    "default_path",
    "drift",
    "import_square",
    "plan",
    "record",
    "refresh",
]
