"""Packages and modules whose public names are imported on first use (PEP 562), so that a
command imports only the modules it uses: `servicekit`, `servicekit.plugins`,
`servicekit.exporting`, `servicekit.pricing.stages` (its records) and
`servicekit.model.screening` (what screening an intake finds) give their names this way."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any


def attribute(namespace: dict[str, Any], exports: Mapping[str, str], name: str) -> Any:
    """A package's attribute `name`, imported from the module `exports` names for it and kept
    in the package's `namespace` (its `globals()`), so the next use finds it there.

    A package's `__getattr__(name)` returns `attribute(globals(), EXPORTS, name)`.
    """
    module = exports.get(name)
    if module is None:
        raise AttributeError(f"module '{namespace['__name__']}' has no attribute '{name}'")
    value = getattr(importlib.import_module(module), name)
    namespace[name] = value
    return value
