"""The default contraindication rule pack, contributed through the screening-rules hook.

The rules are data (servicekit/screening/contraindications.toml), derived from researched rows
with their sources; a catalogue's `[screening]` table replaces or disables them by id.
"""

from __future__ import annotations

import functools

from servicekit.hookspecs import hookimpl
from servicekit.loading.converter import converter_for
from servicekit.model.screening import ScreeningRule
from servicekit.screening.vocabulary import read_data


@functools.cache
def pack() -> tuple[ScreeningRule, ...]:
    rules = read_data("contraindications.toml")["rules"]
    converter = converter_for(None)
    return tuple(converter.structure(rule, ScreeningRule) for rule in rules)


@hookimpl
def servicekit_screening_rules() -> tuple[ScreeningRule, ...]:
    return pack()
