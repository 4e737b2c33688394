"""An imported catalogue, checked and written as TOML."""

from __future__ import annotations

import os

from servicekit.building import build
from servicekit.exporting.files import write_atomically
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
) -> tuple[str, ...]:
    """Read a Square catalog from `body`, write it as a catalogue to `output`; the notes say
    what did not carry over. Raises when the result would not load, so nothing broken is
    written."""
    import tomli_w

    plugins = plugins or default_plugin_manager()
    registry = plugins.registry()
    imported = from_square(
        read_square(body),
        name=name,
        locale=locale,
        timezone=timezone,
        modalities=registry.modalities,
        addon_types=registry.addon_types,
    )
    build(imported.document, plugins=plugins, source=str(output))  # raises if it would not load
    text = HEADER.format(source=os.fspath(body)) + tomli_w.dumps(imported.document)
    write_atomically(output, text.encode("utf-8"), inputs=[body])
    return imported.notes


HEADER = """\
# Imported from Square ({source}) by `servicekit import square`.
# Check the clinic's name, locale and time zone, each service's modality, and the notes
# the import printed; then `servicekit check` this file.
"""
