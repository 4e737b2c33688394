"""Loading catalogues from TOML files: read, build, and point every problem at its line."""

from __future__ import annotations

import os
from collections.abc import Sequence

import attrs

from servicekit.building import build
from servicekit.collector import paused
from servicekit.errors import CatalogueError, Problem
from servicekit.loading.reading import Document, parse, read
from servicekit.model.catalogue import Catalogue
from servicekit.plugins import PluginManager


def load(path: str | os.PathLike[str], *, plugins: PluginManager | None = None) -> Catalogue:
    """Load and build the catalogue at `path`.

    `plugins` is the plugin manager whose contributions the catalogue may use; by default the
    built-in plugins and installed entry points, as `servicekit` itself would load them.
    Raises `CatalogueError` listing every problem with its file, line and key path.
    """
    with paused():
        return build_document(read(path), plugins)


def loads(
    text: str | bytes, *, source: str = "<string>", plugins: PluginManager | None = None
) -> Catalogue:
    """Load and build a catalogue from TOML text; `source` names it in error messages."""
    with paused():
        return build_document(parse(text, source), plugins)


def build_document(document: Document, plugins: PluginManager | None) -> Catalogue:
    try:
        catalogue = build(document.data, plugins=plugins, source=document.source)
    except CatalogueError as exc:
        raise CatalogueError(
            located(exc.problems, document), source=exc.source, omitted=exc.omitted
        ) from None
    if catalogue.warnings:
        catalogue = attrs.evolve(catalogue, warnings=located(catalogue.warnings, document))
    return catalogue


def located(problems: Sequence[Problem], document: Document) -> tuple[Problem, ...]:
    """The problems, each given its line in the document, in file order."""
    from servicekit.loading.locating import Locator  # a catalogue without problems needs none

    locator = Locator(document.text, wanted=(p.path for p in problems if p.path is not None))
    lines = [
        attrs.evolve(problem, line=locator.line(problem.path))
        if problem.path is not None and problem.line is None
        else problem
        for problem in problems
    ]
    return tuple(sorted(lines, key=lambda problem: problem.line or 0))


__all__ = ["build_document", "load", "loads", "located"]
