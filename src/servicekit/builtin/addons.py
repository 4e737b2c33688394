"""Add-on types clinics commonly sell, with the properties contraindications refer to."""

from __future__ import annotations

from collections.abc import Iterator

from servicekit.hookspecs import hookimpl
from servicekit.model.contributions import AddOnType

ADDON_TYPES = (
    AddOnType(
        id="hot-stones",
        name="Hot stones",
        description="Heated basalt stones placed on the body and used in strokes.",
        properties={"heat", "region-bound"},
    ),
    AddOnType(
        id="aromatherapy",
        name="Aromatherapy",
        description="Essential oils diluted in the massage oil or diffused in the room.",
        properties={"essential-oil"},
    ),
    AddOnType(
        id="cupping",
        name="Cupping",
        description="Cups that lift the skin and fascia by suction, parked or moved.",
        properties={"suction", "region-bound"},
    ),
    AddOnType(
        id="cbd",
        name="CBD oil",
        description="A topical cannabidiol product worked into the massage.",
        properties={"cannabinoid", "region-bound"},
    ),
    AddOnType(
        id="hot-towels",
        name="Hot towels",
        description="Steamed towels laid over the back, feet or face.",
        properties={"heat", "region-bound"},
    ),
)


@hookimpl
def servicekit_addon_types() -> Iterator[AddOnType]:
    yield from ADDON_TYPES
