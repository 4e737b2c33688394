"""The engines building hands a catalogue for screening, recommending and exporting.

A built catalogue delegates `screen()`, `recommend()` and `export()` to these (and `quote()`
to its compiled pricing), so the model imports none of the packages above it. Each engine
imports its package when first used: `check` needs none of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from servicekit.model.catalogue import Catalogue
    from servicekit.model.export import Export
    from servicekit.model.recommendation import Recommendations
    from servicekit.model.screening import Screening


class ScreeningEngine:
    """Screening and recommending, over the screening rules compiled with the catalogue.

    The engines hold nothing (a plain class: an attrs class would cost start-up its generated
    methods for no field)."""

    __slots__ = ()

    def screen(
        self,
        catalogue: Catalogue,
        intake: Any,
        service: str,
        *,
        addons: Iterable[str],
        at: dt.date | dt.datetime | str | None,
        credentials: Iterable[str] | None,
        locale: str | None = None,
    ) -> Screening:
        from servicekit.screening.engine import screen

        return screen(
            catalogue,
            intake,
            service,
            addons=addons,
            at=at,
            credentials=credentials,
            locale=locale,
        )

    def recommend(
        self,
        catalogue: Catalogue,
        goals: Iterable[str],
        *,
        intake: Any,
        at: dt.date | dt.datetime | str | None,
    ) -> Recommendations:
        from servicekit.recommending import recommend

        return recommend(catalogue, goals, intake=intake, at=at)


class ExportEngine:
    """Exports, in the formats the catalogue's plugins contribute."""

    __slots__ = ()

    def export(
        self,
        catalogue: Catalogue,
        format: str,
        *,
        location: str | None,
        options: Mapping[str, Any],
    ) -> Export:
        from servicekit.exporting import render

        return render(catalogue, format, location=location, **options)


ENGINES = (ScreeningEngine(), ExportEngine())
"""The screening and export engines, the same for every catalogue."""
