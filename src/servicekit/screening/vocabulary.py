"""servicekit's own words (vocabulary.toml) and the sources behind its rules, read from the
data files shipped here (as `bundled` holds them, generated from the TOML). The `Vocabulary`
they make, and plugins extend with `servicekit_vocabulary()`, is the model's
(`servicekit.model.vocabulary`).
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from servicekit.model.catalogue import Translation
from servicekit.model.screening import Population, Term
from servicekit.model.vocabulary import KIND_OF_TABLE, Vocabulary
from servicekit.model.vocabulary import KINDS as KINDS  # importable from here, as before


def read_data(name: str) -> dict[str, Any]:
    """A TOML data file shipped in this package, as tomli parses it (a fresh copy): from
    `bundled`, the Python generated from it, for a file a run reads as data (imported from
    bytecode in a fraction of the time the TOML takes to parse); parsed now otherwise."""
    from servicekit.screening.bundled import MODULES

    if name not in MODULES:
        from pathlib import Path

        import tomli

        parsed: dict[str, Any] = tomli.loads(Path(__file__).with_name(name).read_text("utf-8"))
        return parsed
    module = importlib.import_module(f"servicekit.screening.bundled.{MODULES[name]}")
    data: dict[str, Any] = module.data()
    return data


@functools.cache
def vocabulary() -> Vocabulary:
    """servicekit's own words, without any plugin's (a catalogue's are `catalogue.vocabulary`):
    built by `bundled.words`, generated from what `vocabulary_of` builds of vocabulary.toml."""
    from servicekit.screening.bundled import words

    return words.vocabulary()


def vocabulary_of(data: Mapping[str, Any]) -> Vocabulary:
    """servicekit's own words, built from vocabulary.toml's data (`read_data`)."""
    terms = [
        Term(KIND_OF_TABLE[table], ident, **_entry(entry))
        for table in ("conditions", "medications", "allergies")
        for ident, entry in data[table].items()
    ]
    terms += [
        Term(KIND_OF_TABLE[table], ident, **_entry(entry))
        for table in ("regions", "properties")
        for ident, entry in data[table].items()
    ]
    populations = [
        Population(ident, **_entry(entry)) for ident, entry in data["populations"].items()
    ]
    return Vocabulary.of(terms, (), populations, elsewhere=data["words"])


def _entry(entry: str | dict[str, Any]) -> dict[str, Any]:
    """A term's table, or its name alone; `translations.de.name = "..."` gives its name in
    German, as a plugin's `Term(translations={"de": Translation(name="...")})` does."""
    if isinstance(entry, str):
        return {"name": entry}
    said = entry.get("translations", {})
    return {**entry, "translations": {key: Translation(**text) for key, text in said.items()}}


@functools.cache
def sources() -> Mapping[str, Mapping[str, str]]:
    """The citations behind the default rule pack, by key."""
    return MappingProxyType(read_data("sources.toml"))
