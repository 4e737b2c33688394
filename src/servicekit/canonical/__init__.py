"""A catalogue in its canonical layout: `servicekit fmt`.

Keys in the order the format reference gives them, tables in the format's order (entries in
the file's), prices written with the currency's digits ("95" becomes "95.00"), percentages as
numbers when whole and as decimal strings otherwise, times as "HH:MM" (with seconds when they
have any). Comments are kept (see `comments`). The result must read back to the same data and
the same catalogue, or `FormatError` is raised and nothing should be written.
"""

from __future__ import annotations

from servicekit.canonical.comments import comments, with_comments
from servicekit.canonical.normalizing import Normalizer
from servicekit.canonical.writing import write
from servicekit.diffing import diff
from servicekit.errors import FormatError
from servicekit.loading.catalogue import build_document
from servicekit.loading.reading import parse
from servicekit.plugins import PluginManager, default_plugin_manager

__all__ = ["canonical"]


def canonical(text: str, *, source: str, plugins: PluginManager | None = None) -> str:
    """The catalogue `text` in canonical layout. Raises `CatalogueError` when it does not
    load, and `FormatError` if the layout would change its meaning or lose a comment."""
    plugins = plugins or default_plugin_manager()
    document = parse(text, source)
    catalogue = build_document(document, plugins)
    normalizer = Normalizer(plugins, catalogue.currency)
    data = normalizer.top(document.data)
    out = with_comments(write(data), document.text)
    again = parse(out, source)
    if (
        normalizer.top(again.data) != data
        or not diff(catalogue, build_document(again, plugins)).equal
    ):
        raise FormatError(source, "would change its meaning")
    if sorted(comments(out)) != sorted(comments(document.text)):
        raise FormatError(source, "would lose a comment")
    return out
