"""servicekit-prenatal: prenatal massage, and the prenatal protocol a clinic sets.

The safety rules for any pregnant client, whatever the service, are in servicekit's own rule
pack (researched rows 30-38: trimesters, positioning, legs, high-risk pregnancy, preeclampsia,
oils, heat, cupping, CBD). This plugin adds what a clinic offering prenatal massage needs on
top: the `prenatal` modality (a specialty, performed by a therapist with prenatal training),
and checks for the protocol the clinic chooses in its catalogue's `[screening] policies`:

    first-trimester = "caution" | "clearance" | "block"      (default "caution")
    prenatal-positioning-from-week = "18" ... "24"           (default "20")
    prenatal-essential-oils = "dilute" | "exclude"           (default "dilute")
"""

from __future__ import annotations

from collections.abc import Iterator

from servicekit import Modality, Pressure, hookimpl
from servicekit_prenatal.checks import CHECKS

__version__ = "0.1.0"

MODALITY = Modality(
    id="prenatal",
    name="Prenatal massage",
    description=(
        "Massage adapted to pregnancy: side-lying or semi-reclined with bolsters, gentle "
        "pressure, and attention to swelling, comfort and the changing body."
    ),
    techniques=("side-lying effleurage", "gentle kneading", "supported positioning"),
    benefits=("pregnancy-comfort", "relaxation", "sleep", "swelling", "stress-relief"),
    requires=("prenatal",),
    pressure=Pressure(1, 3),
    specialty=True,
    # The work is adapted to pregnancy: a pregnant client's other services are held to what
    # it needs (servicekit's `pregnancy` population).
    properties=("prenatal",),
)


@hookimpl
def servicekit_modalities() -> Modality:
    return MODALITY


@hookimpl
def servicekit_screening_checks() -> Iterator:
    yield from CHECKS
