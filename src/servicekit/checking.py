"""`servicekit check` as a function: load a catalogue and report what it holds or what is wrong."""

from __future__ import annotations

import os
from collections import defaultdict
from typing import Any

from servicekit.errors import CatalogueError, Problem
from servicekit.loading.catalogue import load
from servicekit.model.catalogue import Catalogue
from servicekit.plugins import KINDS, PluginManager, default_plugin_manager


class CheckReport:
    """The outcome of checking one catalogue file: the catalogue, or the problems.

    A plain class: what reads a report reads its fields, and an attrs class would compile
    methods nothing uses at every `servicekit check`."""

    __slots__ = ("catalogue", "omitted", "problems", "source")

    source: str
    catalogue: Catalogue | None
    problems: tuple[Problem, ...]
    omitted: int
    """Errors found beyond the problems kept, only counted."""

    def __init__(
        self,
        source: str,
        catalogue: Catalogue | None,
        problems: tuple[Problem, ...],
        omitted: int = 0,
    ) -> None:
        self.source = source
        self.catalogue = catalogue
        self.problems = problems
        self.omitted = omitted

    @property
    def ok(self) -> bool:
        return self.catalogue is not None and not self.errors

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "ok": self.ok,
            "errors": [problem.to_dict() for problem in self.errors],
            "warnings": [problem.to_dict() for problem in self.warnings],
            "omitted": self.omitted,
            "summary": summarize(self.catalogue) if self.catalogue else None,
        }


def check(path: str | os.PathLike[str], *, plugins: PluginManager | None = None) -> CheckReport:
    """Load the catalogue at `path`; a catalogue that fails to build becomes a failed report.

    Plugin errors are not catalogue problems and still raise `PluginError`. Two plugins that
    contribute one id fail every check, naming both: nothing of either is used for it.
    """
    clashes = tuple(
        Problem(None, clash.message, clash.hint)
        for clash in (plugins or default_plugin_manager()).registry().clashes
    )
    try:
        catalogue = load(path, plugins=plugins)
    except CatalogueError as exc:
        return CheckReport(str(path), None, clashes + exc.problems, exc.omitted)
    return CheckReport(str(path), catalogue, clashes + catalogue.warnings)


def summarize(catalogue: Catalogue) -> dict[str, Any]:
    """What a catalogue holds, and which plugin contributed each thing it uses."""
    clinic = catalogue.clinic
    return {
        "clinic": {
            "name": clinic.name,
            "currency": clinic.currency,
            "locale": clinic.locale,
            "timezone": clinic.timezone,
        },
        "counts": {
            "services": len(catalogue.services),
            "variations": sum(len(s.variations) for s in catalogue.services.values()),
            "addons": len(catalogue.addons),
            "categories": len(catalogue.categories),
            "rules": len(catalogue.rules),
            "taxes": len(catalogue.taxes),
            "credentials": len(catalogue.credentials),
            "locations": len(catalogue.locations),
            "levels": len(catalogue.levels),
        },
        "contributions": contributions_used(catalogue),
    }


def contributions_used(catalogue: Catalogue) -> dict[str, dict[str, list[str]]]:
    """`{plugin: {kinds: [ids]}}` for the modalities, add-on types and rule types in use."""
    used = {
        "modality": {service.modality for service in catalogue.services.values()},
        "addon type": {addon.type for addon in catalogue.addons.values() if addon.type},
        "rule type": {rule.type.name for rule in catalogue.rules},
    }
    by_plugin: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for kind, idents in used.items():
        for ident in idents:
            by_plugin[catalogue.providers[(kind, ident)]][KINDS[kind]].add(ident)
    return {
        plugin: {kind: sorted(idents) for kind, idents in sorted(kinds.items())}
        for plugin, kinds in sorted(by_plugin.items())
    }
