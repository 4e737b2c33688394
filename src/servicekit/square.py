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

from servicekit.exporting.square.adopt import Adoption, adopt
from servicekit.exporting.square.managed import SYNCED_TYPES
from servicekit.exporting.square.plan import Change, Plan, plan
from servicekit.exporting.square.record import Drift, Drifted, Recorded, drift, record, refresh
from servicekit.exporting.square.state import Known, SyncState
from servicekit.exporting.square.state_file import default_path
from servicekit.importing.writing import Written, import_square

LIST_TYPES = ",".join(SYNCED_TYPES)
"""The `types` to give ListCatalog for `refresh`, `drift` and `adopt`: variations come inside
their items, modifiers inside their lists."""

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
