"""What building hands a catalogue: the engines behind its `quote()`, `screen()`,
`recommend()` and `export()`.

The model is the ground floor: it imports nothing from pricing, screening, exporting or
recommending. A `Catalogue` is built with an `Engines` record, and its methods delegate to
it; these protocols say what each engine offers, in the model's own terms.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from servicekit.model.catalogue import Catalogue
    from servicekit.model.export import Export
    from servicekit.model.quote import Quote
    from servicekit.model.recommendation import Recommendations
    from servicekit.model.screening import Screening


class Pricer(Protocol):
    """Prices bookings and visits with the catalogue's rules, compiled when it was built.
    Its keyword arguments are `Catalogue.quote`'s."""

    def quote(
        self,
        catalogue: Catalogue,
        service: str | None,
        duration: int | None,
        *,
        items: Any = None,
        addons: Any = (),
        at: Any = None,
        tags: Any = (),
        promos: Any = (),
        location: str | None = None,
        therapist_level: str | None = None,
        guests: Any = None,
        redeem: str | None = None,
        plans: Any = None,
        buy: str | None = None,
        pay_with: Any = (),
        promo_uses: Any = None,
    ) -> Quote: ...


class Screener(Protocol):
    """Screens intakes against bookings, and recommends services for a client's goals."""

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
    ) -> Screening: ...

    def recommend(
        self,
        catalogue: Catalogue,
        goals: Iterable[str],
        *,
        intake: Any,
        at: dt.date | dt.datetime | str | None,
    ) -> Recommendations: ...


class Renderer(Protocol):
    """Writes the catalogue in an export format."""

    def export(
        self,
        catalogue: Catalogue,
        format: str,
        *,
        location: str | None,
        options: Mapping[str, Any],
    ) -> Export: ...


class Engines:
    """The engines a built catalogue delegates to.

    Never compared or shown (a catalogue holds it with eq=False, repr=False): a plain class,
    as an attrs class would compile its methods at every start-up."""

    __slots__ = ("exporting", "pricing", "screening")

    pricing: Pricer
    screening: Screener
    exporting: Renderer

    def __init__(self, pricing: Pricer, screening: Screener, exporting: Renderer) -> None:
        self.pricing = pricing
        self.screening = screening
        self.exporting = exporting
