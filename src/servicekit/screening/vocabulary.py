"""The words an intake may use, from the vocabulary shipped with servicekit."""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from importlib import resources
from types import MappingProxyType
from typing import Any

import attrs


@attrs.frozen
class Term:
    """One word of the vocabulary: its id, what it means, and its ICD-10-CM code if any."""

    id: str
    name: str
    icd10: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "icd10": self.icd10}


@attrs.frozen
class Vocabulary:
    conditions: Mapping[str, Term]
    medications: Mapping[str, Term]
    allergies: Mapping[str, Term]
    regions: Mapping[str, Term]
    properties: Mapping[str, Term]
    """What modalities and add-ons do that rules refer to: heat, suction, ..."""

    def to_dict(self) -> dict[str, list[dict[str, Any]]]:
        return {kind: [term.to_dict() for term in getattr(self, kind).values()] for kind in KINDS}


KINDS = ("conditions", "medications", "allergies", "regions", "properties")


def read_data(name: str) -> dict[str, Any]:
    """A TOML data file shipped in this package."""
    return tomllib.loads(resources.files(__package__).joinpath(name).read_text("utf-8"))


@functools.cache
def vocabulary() -> Vocabulary:
    data = read_data("vocabulary.toml")

    def terms(kind: str) -> Mapping[str, Term]:
        return MappingProxyType(
            {ident: Term(ident, **entry) for ident, entry in data[kind].items()}
        )

    def names(kind: str) -> Mapping[str, Term]:
        return MappingProxyType({ident: Term(ident, name) for ident, name in data[kind].items()})

    return Vocabulary(
        conditions=terms("conditions"),
        medications=terms("medications"),
        allergies=terms("allergies"),
        regions=names("regions"),
        properties=names("properties"),
    )


@functools.cache
def sources() -> Mapping[str, Mapping[str, str]]:
    """The citations behind the default rule pack, by key."""
    return MappingProxyType(read_data("sources.toml"))
