"""The installed plugins: the entry points of a group, read from the distributions on `sys.path`.

`importlib.metadata.entry_points(group=...)` gives the same answer, but importing
`importlib.metadata` imports `email`, `zipfile`, `csv` and more to serve every kind of
metadata, which costs every command that loads plugins half as much again as `import click`.
This reads what finding plugins needs and nothing else, the way `importlib.metadata`'s own
path finder does: each `*.dist-info` and `*.egg-info` directory on `sys.path`, the first of each
distribution name only, its `entry_points.txt`, and the `Name` and `Version` of the
distributions that have an entry point in the group. `importlib.metadata` answers instead
where distributions can live elsewhere (a zip file or an egg on `sys.path`, or an import hook
that finds distributions of its own), and once something has imported it (a test runner, a
server): then there is nothing to save. A test holds the two to the same answer.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from collections.abc import Iterator
from functools import reduce
from typing import Any

import attrs

INFO_SUFFIXES = (".dist-info", ".egg-info")

VALUE = re.compile(r"(?P<module>[\w.]+)\s*(:\s*(?P<attr>[\w.]+)\s*)?((?P<extras>\[.*\])\s*)?$")
"""An entry point's value, `module:attribute [extras]`, as the packaging spec writes it."""


# Read and loaded once, never compared or shown: its equality and repr cost every start-up.
@attrs.frozen(eq=False, repr=False)
class EntryPoint:
    """One entry point of the group: its name, what it names, and the distribution (with its
    version) that declares it, if known."""

    name: str
    value: str
    distribution: str | None = None
    version: str | None = None

    def load(self) -> Any:
        """Import the module the entry point names, and return the attribute it names in it."""
        match = VALUE.match(self.value)
        if match is None:
            raise ValueError(f"entry point '{self.name}' names {self.value!r}, not module:attr")
        module = importlib.import_module(match.group("module"))
        return reduce(getattr, filter(None, (match.group("attr") or "").split(".")), module)


def entry_points(group: str) -> list[EntryPoint]:
    """Every entry point of `group` that the distributions on `sys.path` declare."""
    if "importlib.metadata" in sys.modules or not _only_directories():
        return _from_importlib_metadata(group)
    return _from_directories(group)


def _from_directories(group: str) -> list[EntryPoint]:
    found = []
    seen: set[str] = set()
    for root in sys.path:
        for info in _infos(root or "."):
            name = _normalized(os.path.basename(info).rpartition(".")[0].partition("-")[0])
            if name in seen:
                continue  # shadowed by the same distribution earlier on sys.path
            seen.add(name)
            declared = list(_declared(info, group))
            if declared:
                distribution, version = _name_and_version(info)
                found += [
                    EntryPoint(ident, value, distribution, version) for ident, value in declared
                ]
    return found


def _only_directories() -> bool:
    """Whether every place a distribution could be is a directory this module reads."""
    for root in sys.path:
        path = root or "."
        if path.lower().endswith(".egg") or (os.path.exists(path) and not os.path.isdir(path)):
            return False
    finders = [finder for finder in sys.meta_path if hasattr(finder, "find_distributions")]
    return all(finder.__module__ == "_frozen_importlib_external" for finder in finders)


def _infos(root: str) -> Iterator[str]:
    try:
        children = os.listdir(root)
    except OSError:
        return
    for child in children:
        if child.lower().endswith(INFO_SUFFIXES):
            yield os.path.join(root, child)


def _normalized(name: str) -> str:
    """A distribution's name as `importlib.metadata` compares them: runs of `-`, `_` and `.`
    one `_`, lower-cased (without a regular expression: compiling one costs a start-up more
    than the few dozen names it would read)."""
    name = name.replace("-", "_").replace(".", "_").lower()
    while "__" in name:
        name = name.replace("__", "_")
    return name


def _read(info: str, name: str) -> str | None:
    try:
        with open(os.path.join(info, name), encoding="utf-8") as file:
            return file.read()
    except OSError:  # no such file, or the .egg-info is a file itself
        return None


def _declared(info: str, group: str) -> Iterator[tuple[str, str]]:
    """`(name, value)` of each entry point in `group` of `entry_points.txt` (an INI file)."""
    text = _read(info, "entry_points.txt")
    if not text or group not in text:  # most distributions declare only console scripts
        return
    section = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
        elif section == group:
            name, _, value = line.partition("=")
            yield name.strip(), value.strip()


def _name_and_version(info: str) -> tuple[str | None, str | None]:
    """The distribution's `Name` and `Version`, from the headers of its core metadata."""
    found: dict[str, str] = {}
    for line in _headers(info, "METADATA") or _headers(info, "PKG-INFO"):
        key, _, value = line.partition(":")
        if key in ("Name", "Version") and key not in found:
            found[key] = value.strip()
    return found.get("Name"), found.get("Version")


def _headers(info: str, name: str) -> list[str]:
    """The lines of a metadata file's headers, which end at its first empty line (the
    description that follows may be the whole README); none when there is no such file."""
    lines = []
    try:
        with open(os.path.join(info, name), encoding="utf-8") as file:
            for line in file:
                if not line.strip("\r\n"):
                    break
                lines.append(line.rstrip("\r\n"))
    except OSError:
        return []
    return lines


def _from_importlib_metadata(group: str) -> list[EntryPoint]:
    from importlib import metadata

    found = []
    for entry_point in metadata.entry_points(group=group):
        distribution = version = None
        if entry_point.dist is not None:
            about = entry_point.dist.metadata  # parsed once: each `dist.name` parses it again
            distribution, version = about["Name"], about["Version"]
        found.append(EntryPoint(entry_point.name, entry_point.value, distribution, version))
    return found
