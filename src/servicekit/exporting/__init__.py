"""Exports: the catalogue in the formats POS and booking systems import.

Export formats are contributed by plugins (`servicekit_exporters`); the built-in ones write
servicekit's own JSON, a Square Catalog API batch-upsert body and a CSV price list. An export
is bytes, byte-identical for the same catalogue and options; what a format cannot express is
a warning naming it, never dropped silently.
"""

from __future__ import annotations

import warnings as python_warnings
from typing import TYPE_CHECKING, Any

from servicekit import lazy
from servicekit.collector import paused
from servicekit.errors import (
    ExportError,
    PluginError,
    ServicekitError,
    did_you_mean,
)

if TYPE_CHECKING:
    from servicekit.exporting.context import ExportContext
    from servicekit.model.catalogue import Catalogue, Location
    from servicekit.model.export import Export

BUILTIN = "builtin-"


class ExportWarning(UserWarning):
    """Something the export format cannot express, issued by `servicekit.export`."""


def export(
    catalogue: Catalogue, format: str = "json", *, location: str | None = None, **options: Any
) -> bytes:
    """The catalogue exported in `format` ("json", "square", "csv", or a plugin's).

    `location` limits the export to what one location offers, at its prices. What the format
    cannot express is issued as an `ExportWarning` (see `Catalogue.export` for the warnings as
    data). Raises `ExportError` for an unknown format, location or option.
    """
    result = render(catalogue, format, location=location, **options)
    for warning in result.warnings:
        python_warnings.warn(warning.render(catalogue.source), ExportWarning, stacklevel=2)
    return result.content


def render(
    catalogue: Catalogue, format: str, *, location: str | None = None, **options: Any
) -> Export:
    """The export, with its warnings; what `Catalogue.export` returns."""
    from servicekit.exporting.context import ExportContext
    from servicekit.model.export import Export
    from servicekit.plugins.guard import guarded

    exporter = catalogue.exporters.get(format)
    if exporter is None:
        known = sorted(catalogue.exporters)
        close = did_you_mean(format, known)
        listed = f"the formats are {', '.join(known)}" if known else "no plugin adds any"
        hint = f"{close} {listed}" if close.startswith("did you mean") else listed
        raise ExportError(f"unknown export format '{format}'", hint=hint)
    for name in options:
        if name not in exporter.options:
            takes = ", ".join(exporter.options) or "no options besides location"
            raise ExportError(
                f"format '{format}' has no option '{name}'", hint=f"it takes {takes}"
            )
    here = find_location(catalogue, location)
    plugin = catalogue.providers.get(("exporter", format), "?")
    # An export of a large menu makes hundreds of thousands of short-lived objects: the
    # collector's passes over the loaded catalogue would cost more than the export. What
    # the export made is gone before the collector runs again.
    with paused():
        context = ExportContext(catalogue, here, options)
        if plugin.startswith(BUILTIN):
            content = exporter.write(context)  # a bug in servicekit shows as one
        else:
            # An ExportError is the user's mistake, which the plugin says in its own words.
            with guarded(plugin, f"to export '{format}'", passing=ServicekitError):
                content = exporter.write(context)
        warned = tuple(context.warnings)
        del context  # and with it all the export worked out
    if not isinstance(content, bytes):
        raise PluginError(
            f"plugin '{plugin}' exported '{format}' as {type(content).__name__}, not bytes"
        )
    return Export(
        format=format,
        content=content,
        media_type=exporter.media_type,
        suffix=exporter.suffix,
        warnings=warned,
    )


def find_location(catalogue: Catalogue, ident: str | None) -> Location | None:
    """The catalogue's location of that id (None for None), or an error listing the known."""
    if ident is None:
        return None
    found = catalogue.locations.get(ident)
    if found is None:
        known = list(catalogue.locations)
        if not known:
            hint = "the catalogue declares no locations"
        else:
            close = did_you_mean(ident, known)
            listed = "the locations are " + ", ".join(known)
            hint = f"{close} {listed}" if close.startswith("did you mean") else listed
        raise ExportError(f"unknown location '{ident}'", hint=hint)
    return found


__all__ = ["Export", "ExportContext", "ExportWarning", "export", "render"]

_LAZY = {"Export": "servicekit.model.export", "ExportContext": "servicekit.exporting.context"}


def __getattr__(name: str) -> Any:
    # Imported on first use: `check` reads Square's limits (`square.limits`) from this package
    # without loading the export machinery.
    return lazy.attribute(globals(), _LAZY, name)
