"""Loading catalogues from TOML files: read, build, and point every problem at its line."""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Sequence

import attrs

from servicekit.building import build
from servicekit.errors import CatalogueError, Problem
from servicekit.loading.locating import Locator
from servicekit.loading.reading import Document, parse, read
from servicekit.model.catalogue import Catalogue
from servicekit.plugins import PluginManager


def load(path: str | os.PathLike[str], *, plugins: PluginManager | None = None) -> Catalogue:
    """Load and build the catalogue at `path`.

    `plugins` is the plugin manager whose contributions the catalogue may use; by default the
    built-in plugins and installed entry points, as `servicekit` itself would load them.
    Raises `CatalogueError` listing every problem with its file, line and key path.
    """
    with _without_cycle_collection:
        return build_document(read(path), plugins)


def loads(
    text: str | bytes, *, source: str = "<string>", plugins: PluginManager | None = None
) -> Catalogue:
    """Load and build a catalogue from TOML text; `source` names it in error messages."""
    with _without_cycle_collection:
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


class _CyclePause:
    """Pause the cyclic garbage collector while catalogues are parsed and built.

    Loading allocates hundreds of thousands of small objects and no reference cycles; the
    collector's full passes over that growing heap would make load time grow faster than the
    catalogue (a quarter of the time at 10,000 services). Reference counting still frees
    memory. The collector is process-wide, so loads in several threads (a server reloading
    catalogues) share one pause, counted: it ends with the last load, and only if the
    collector was on when the first began.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loads = 0
        self._was_enabled = False

    def __enter__(self) -> None:
        with self._lock:
            if not self._loads:
                self._was_enabled = gc.isenabled()
                gc.disable()
            self._loads += 1

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._loads -= 1
            if not self._loads and self._was_enabled:
                gc.enable()


_without_cycle_collection = _CyclePause()


def located(problems: Sequence[Problem], document: Document) -> tuple[Problem, ...]:
    """The problems, each given its line in the document, in file order."""
    locator = Locator(document.text, wanted=(p.path for p in problems if p.path is not None))
    lines = [
        attrs.evolve(problem, line=locator.line(problem.path))
        if problem.path is not None and problem.line is None
        else problem
        for problem in problems
    ]
    return tuple(sorted(lines, key=lambda problem: problem.line or 0))


__all__ = ["build_document", "load", "loads", "located"]
