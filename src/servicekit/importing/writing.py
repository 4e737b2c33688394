"""An imported catalogue, checked and written as TOML, with the sync state that adopts it."""

from __future__ import annotations

import os
from collections.abc import Sequence

import attrs

from servicekit.building import build
from servicekit.errors import CatalogueError, ImportingError, render_path
from servicekit.files import check_writable, write_atomically
from servicekit.importing.square import from_square, read_square
from servicekit.plugins import PluginManager, default_plugin_manager


@attrs.frozen
class Written:
    """What an import wrote, and what did not carry over."""

    notes: tuple[str, ...]
    state: str | None = None
    """The sync state written beside the catalogue, when the Square catalog had permanent
    ids (a ListCatalog): `servicekit square plan` then updates those objects."""
    adoption: tuple[str, ...] = ()
    """What the state could not match, in words."""


def import_square(
    body: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    output: str | os.PathLike[str],
    *,
    name: str = "My clinic",
    locale: str = "en_US",
    timezone: str = "UTC",
    plugins: PluginManager | None = None,
    overwrite: bool = False,
) -> Written:
    """Read a Square catalog from `body` (a file, or every page of a ListCatalog), write it as
    a catalogue to `output`, and beside it the sync state of the Square objects it came from.
    Raises when the result would not load, so nothing broken is written; so does an existing
    `output` or state, unless `overwrite`."""
    import tomli_w

    from servicekit.exporting.square.adopt import adopt
    from servicekit.exporting.square.state_file import default_path

    sources = [body] if isinstance(body, str | os.PathLike) else list(body)
    state_path = default_path(output)
    check_writable(output, inputs=sources, overwrite=overwrite)
    plugins = plugins or default_plugin_manager()
    registry = plugins.registry()
    objects = read_square(*sources)
    named = ", ".join(os.fspath(source) for source in sources)
    imported = from_square(
        objects,
        name=name,
        locale=locale,
        timezone=timezone,
        modalities=registry.modalities,
        addon_types=registry.addon_types,
        source=named,
        conditions=registry.conditions,
    )
    try:
        catalogue = build(imported.document, plugins=plugins, source=os.fspath(output))
    except CatalogueError as error:
        first = error.problems[0]
        where = imported.located(first.path) or named
        what = render_path(first.path) + ": " if first.path else ""
        raise ImportingError(
            f"{where}: the catalogue made from it would not load: {what}{first.message}",
            hint=first.hint or "the Square catalog holds a value servicekit does not accept",
        ) from None
    permanent = [o for o in objects if not str(o.obj["id"]).startswith("#")]
    adoption = None
    if permanent:
        check_writable(state_path, inputs=sources, overwrite=overwrite)
        adoption = adopt(catalogue, permanent, hints=imported.hints)
    text = HEADER.format(source=named) + tomli_w.dumps(imported.document)
    write_atomically(output, text.encode("utf-8"), inputs=sources, overwrite=overwrite)
    if adoption is None:
        return Written(imported.notes)
    adoption.state.save(state_path, inputs=[*(os.fspath(s) for s in sources), os.fspath(output)])
    unmatched = tuple(adoption.lines()[1:])
    return Written(imported.notes, os.fspath(state_path), unmatched)


HEADER = """\
# Imported from Square ({source}) by `servicekit import square`.
# Check the clinic's name, locale and time zone, each service's modality, and the notes
# the import printed; then `servicekit check` this file.
"""
