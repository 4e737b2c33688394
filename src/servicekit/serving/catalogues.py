"""The catalogues a server holds: the last good build of each file, and what is wrong with it.

A request reads `Served.version` once and works on that `Version` alone, so it sees the old
catalogue or the new one, never a mix: a rebuild makes a whole new `Version` and swaps the one
reference. A build that fails leaves the last good version serving and keeps its problems for
`/status` and the manager's page.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs

from servicekit.errors import CatalogueError, Problem, ServicekitError
from servicekit.loading.catalogue import load
from servicekit.model.catalogue import Catalogue
from servicekit.plugins import PluginManager
from servicekit.serving.problems import ErrorRecord, catalogue_problems

CLINIC_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
"""A file name (without `.toml`) that can stand in a URL as it is."""


@attrs.define(eq=False)
class Version:
    """One good build of a served file: the catalogue, its content hash, and when it came.

    `hash` is the `content_hash` of the catalogue's servicekit JSON export: the `ETag` of
    `/catalogue`, and of every response worked out from this version. What is rendered from
    it (exports, menus) is kept the first time it is asked for.
    """

    catalogue: Catalogue
    hash: str
    export: bytes
    loaded_at: dt.datetime
    _rendered: dict[tuple[str, ...], Any] = attrs.field(factory=dict, repr=False)

    @property
    def etag(self) -> str:
        return f'"{self.hash}"'

    def services(self, only: str | None = None) -> dict[str, Any]:
        """The services as the `json` export has them (lengths, prices in minor units), and
        the add-ons they offer; `only` one of them."""
        export = json.loads(self.export)
        services = [s for s in export["services"] if only is None or s["id"] == only]
        offered = {ident for service in services for ident in service["addons"]}
        listing = {
            "currency": export["currency"],
            "minor_units": export["minor_units"],
            "locale": export["clinic"]["locale"],
            "services": services,
            "addons": [addon for addon in export["addons"] if addon["id"] in offered],
        }
        if only is not None:
            listing["service"] = listing.pop("services")[0]
        return listing

    def rendered(self, key: tuple[str, ...], make: Callable[[], Any]) -> Any:
        """What `make` returns for this version, made once per key (two racing threads may
        both make it; either result is the same)."""
        try:
            return self._rendered[key]
        except KeyError:
            value = self._rendered[key] = make()
            return value


def build_version(path: Path, plugins: PluginManager) -> Version:
    """Load the catalogue at `path` and export it once, for its hash and `/catalogue`."""
    catalogue = load(path, plugins=plugins)
    export = catalogue.export("json").content
    return Version(
        catalogue=catalogue,
        hash=json.loads(export)["content_hash"],
        export=export,
        loaded_at=dt.datetime.now(dt.UTC),
    )


Stamp = tuple[int, int, int]
"""What tells a file changed: its modification time, size and inode."""


def stamp(path: Path) -> Stamp | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size, info.st_ino)


class Served:
    """One catalogue file being served: its last good version and its latest problems.

    A plain class, not an attrs one: routes receive it as a dependency, and Litestar checks
    the fields of attrs classes it is handed (a catalogue's among them) on every request.
    """

    def __init__(self, ident: str, path: Path) -> None:
        self.id = ident
        self.path = path
        self.version: Version | None = None
        """The last good build; None until the file has built once."""
        self.problems: tuple[Problem, ...] = ()
        """What is wrong with the file as it is now; empty when the version is its latest."""
        self.checked_at: dt.datetime | None = None
        self.stamp: Stamp | None = None

    @property
    def state(self) -> str:
        """`ok`, `stale` (the file is broken; its last good version serves) or `failed`."""
        if self.version is None:
            return "failed"
        return "stale" if self.problems else "ok"

    def rebuild(self, plugins: PluginManager) -> None:
        """Build the file as it is now: swap the new version in, or keep the last good one
        and the problems. Runs at start and in the reloading thread."""
        self.stamp = stamp(self.path)  # before reading: a write during the build shows next time
        try:
            version = build_version(self.path, plugins)
        except CatalogueError as error:
            self.problems, self.checked_at = error.problems, now()
            return
        except ServicekitError as error:  # a plugin that cannot load, a file that cannot be read
            self.problems, self.checked_at = (Problem(None, str(error)),), now()
            return
        self.version, self.problems, self.checked_at = version, (), now()

    def status(self) -> Status:
        """What `/status` says of this file."""
        version = self.version
        return Status(
            id=self.id,
            source=str(self.path),
            state=self.state,
            version=version.hash if version else None,
            loaded_at=version.loaded_at.isoformat() if version else None,
            checked_at=self.checked_at.isoformat() if self.checked_at else None,
            clinic=version.catalogue.clinic.name if version else None,
            problems=tuple(catalogue_problems(self.problems, str(self.path))),
            warnings=tuple(
                catalogue_problems(version.catalogue.warnings if version else (), str(self.path))
            ),
        )


@attrs.frozen
class Status:
    """A served catalogue's state: which version serves, since when, and what is wrong."""

    id: str
    """The clinic's id: its file name without `.toml`."""
    source: str
    state: str
    """`ok`, `stale` (the saved file has problems; the last good version serves) or `failed`
    (it never built, so nothing is served)."""
    version: str | None
    """The content hash of the version serving: the `ETag` of its responses."""
    loaded_at: str | None
    checked_at: str | None
    """When the file was last read."""
    clinic: str | None
    problems: tuple[ErrorRecord, ...]
    """What is wrong with the file as saved, each with its line, key path and hint."""
    warnings: tuple[ErrorRecord, ...]


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@attrs.define(eq=False)
class Catalogues:
    """Every catalogue a server holds, by id: one file, or each `*.toml` file of a directory.

    A directory is looked at again on every poll: a new file is served, a removed one is not.
    `single` is true when one file was given: its routes are at the root rather than under
    `/clinics/{id}`.
    """

    source: Path
    plugins: PluginManager
    single: bool
    served: dict[str, Served] = attrs.field(factory=dict)
    skipped: tuple[str, ...] = ()
    """Files in the directory whose names cannot be an id in a URL."""
    _lock: threading.Lock = attrs.field(factory=threading.Lock, repr=False)

    @classmethod
    def open(cls, source: str | os.PathLike[str], plugins: PluginManager) -> Catalogues:
        """The catalogues at `source`, each built once; raises when there is nothing to serve."""
        path = Path(source)
        if not path.exists():
            raise ServicekitError(
                f"{path}: no such file or directory",
                hint="give a catalogue file, or a directory of them",
            )
        catalogues = cls(source=path, plugins=plugins, single=not path.is_dir())
        catalogues.refresh()
        if not catalogues.served:
            raise ServicekitError(
                f"{path}: no catalogue to serve",
                hint="a directory is served when it holds catalogues named like clinic.toml",
            )
        return catalogues

    def files(self) -> dict[str, Path]:
        """The files to serve now, by id."""
        if self.single:
            return {self.source.stem: self.source}
        found, skipped = {}, []
        for path in sorted(self.source.glob("*.toml")):
            if CLINIC_ID.fullmatch(path.stem):
                found[path.stem] = path
            else:
                skipped.append(path.name)
        self.skipped = tuple(skipped)
        return found

    def refresh(self) -> list[Served]:
        """Rebuild every file that changed since it was last built; return those rebuilt.

        Called at start and then from the reloading thread, never from a request.
        """
        with self._lock:
            files = self.files()
            served = {
                ident: self.served.get(ident) or Served(ident, path)
                for ident, path in files.items()
            }
            rebuilt = [
                item
                for item in served.values()
                if item.checked_at is None or stamp(item.path) != item.stamp
            ]
            for item in rebuilt:
                item.rebuild(self.plugins)
            self.served = served
            return rebuilt

    def __iter__(self) -> Iterator[Served]:
        return iter(self.served.values())

    def get(self, ident: str) -> Served | None:
        return self.served.get(ident)
