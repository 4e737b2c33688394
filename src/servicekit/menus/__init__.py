"""Service menus people read: the terminal, a website, a printed page, a price list.

`render_menu` is what `servicekit menu` does; `build_menu` gives the menu as data (what the
templates see) and `render` lays it out.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from servicekit.model.catalogue import Catalogue


def render_menu(
    catalogue: Catalogue,
    format: str = "text",
    *,
    location: str | None = None,
    locale: str | None = None,
    template: str | os.PathLike[str] | None = None,
) -> str:
    """The catalogue's menu as text: `format` is "text", "markdown", "html" or "price-list"
    (or the kind of page `template`, a clinic's own Jinja2 file, makes); `location` limits it
    to one location at its prices; `locale` writes it for readers of that locale (default:
    the clinic's). Raises a `ServicekitError` naming what to fix."""
    from servicekit.menus.model import build_menu
    from servicekit.menus.render import render

    return render(build_menu(catalogue, location, locale=locale), format, template)


__all__ = ["render_menu"]
