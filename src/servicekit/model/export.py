"""An export: what `catalogue.export()` gives, the bytes and what the format could not hold."""

from __future__ import annotations

import attrs

from servicekit.errors import Problem


@attrs.frozen
class Export:
    """One export: its bytes, what they are, and what the format could not express."""

    format: str
    content: bytes
    media_type: str
    suffix: str
    warnings: tuple[Problem, ...] = ()
