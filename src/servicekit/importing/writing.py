"""An imported catalogue, checked and written as TOML."""

from __future__ import annotations

import os

from servicekit.building import build
from servicekit.errors import CatalogueError, ImportingError, render_path
from servicekit.files import check_writable, write_atomically
from servicekit.importing.square import from_square, read_square
from servicekit.plugins import PluginManager, default_plugin_manager


def import_square(
    body: str | os.PathLike[str],
    output: str | os.PathLike[str],
    *,
    name: str = "My clinic",
    locale: str = "en_US",
    timezone: str = "UTC",
    plugins: PluginManager | None = None,
    overwrite: bool = False,
) -> tuple[str, ...]:
    """Read a Square catalog from `body`, write it as a catalogue to `output`; the notes say
    what did not carry over. Raises when the result would not load, so nothing broken is
    written; so does an existing `output`, unless `overwrite`."""
    import tomli_w

    check_writable(output, inputs=[body], overwrite=overwrite)
    plugins = plugins or default_plugin_manager()
    registry = plugins.registry()
    imported = from_square(
        read_square(body),
        name=name,
        locale=locale,
        timezone=timezone,
        modalities=registry.modalities,
        addon_types=registry.addon_types,
        source=os.fspath(body),
        conditions=registry.conditions,
    )
    try:
        build(imported.document, plugins=plugins, source=os.fspath(output))
    except CatalogueError as error:
        first = error.problems[0]
        where = render_path(first.path) + ": " if first.path else ""
        raise ImportingError(
            f"{os.fspath(body)}: the catalogue made from it would not load: {where}"
            f"{first.message}",
            hint=first.hint or "the Square catalog holds a value servicekit does not accept",
        ) from None
    text = HEADER.format(source=os.fspath(body)) + tomli_w.dumps(imported.document)
    write_atomically(output, text.encode("utf-8"), inputs=[body], overwrite=overwrite)
    return imported.notes


HEADER = """\
# Imported from Square ({source}) by `servicekit import square`.
# Check the clinic's name, locale and time zone, each service's modality, and the notes
# the import printed; then `servicekit check` this file.
"""
