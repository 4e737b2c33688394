"""The default contraindication rule pack, contributed through the screening-rules hook.

The rules are data (servicekit/screening/contraindications.toml), derived from researched rows
with their sources; a catalogue's `[screening]` table replaces or disables them by id. They
are built from `servicekit.screening.bundled.rules`, generated from the TOML as the converter
reads it (tests/test_rule_pack.py holds the two equal), so no start-up parses or reads it.
"""

from __future__ import annotations

import functools

from servicekit.hookspecs import hookimpl
from servicekit.model.screening import ScreeningRule


@functools.cache
def pack() -> tuple[ScreeningRule, ...]:
    from servicekit.screening.bundled import rules

    return rules.rules()


@hookimpl
def servicekit_screening_rules() -> tuple[ScreeningRule, ...]:
    return pack()
