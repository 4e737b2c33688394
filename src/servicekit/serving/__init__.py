"""`servicekit serve`: catalogues over HTTP for POS and booking systems, and the manager's page.

A thin ASGI layer (Litestar, run by uvicorn) over the same public API the command line uses:
`Catalogue.quote`, `Catalogue.screen`, `Catalogue.export`, the menus. It keeps no state but the
catalogues it loaded from their files: a changed file is rebuilt in the background and swapped
in whole, and an edit that breaks it keeps the last good one serving. Nothing here is imported
unless `servicekit serve` runs, so the other commands start as fast as before.
"""

from __future__ import annotations

from servicekit.serving.app import create_app
from servicekit.serving.settings import Settings

__all__ = ["Settings", "create_app"]
