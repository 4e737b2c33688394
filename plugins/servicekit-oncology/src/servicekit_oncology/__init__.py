"""servicekit-oncology: oncology massage, and the oncology protocol a clinic sets.

servicekit's own rule pack screens every client with cancer, whatever the service (researched
rows 14-20: active treatment, tumour site, unknown primary, bone metastasis, neutropenia, ports
and radiation fields, lymph nodes removed). This plugin adds the `oncology` modality (a
specialty, performed by an oncology-trained therapist) and checks for what the pack cannot
say on its own: the pressure cap until the oncologist is consulted, the at-risk quadrant after
lymph nodes are removed, and when the clinic asks for oncology training. The clinic's choices,
in its catalogue's `[screening] policies`:

    oncology-max-walton = "1" | "2" | "3"                      (default "2")
    oncology-credential = "active-treatment" | "any-history"   (default "active-treatment")
"""

from __future__ import annotations

from collections.abc import Iterator

from servicekit import Modality, Pressure, hookimpl
from servicekit_oncology.checks import CHECKS

__version__ = "0.1.0"

MODALITY = Modality(
    id="oncology",
    name="Oncology massage",
    description=(
        "Gentle, adapted massage for people in or after cancer treatment: light pressure, "
        "supported positions, and care around ports, radiation fields and the at-risk limb."
    ),
    techniques=("light effleurage", "holding", "supported positioning"),
    benefits=("treatment-support", "relaxation", "sleep", "stress-relief", "mood"),
    requires=("oncology",),
    pressure=Pressure(0, 2),
    specialty=True,
    # The work is adapted to cancer care: such a client's other services are held to what it
    # needs (servicekit's `cancer` population).
    properties=("oncology",),
)


@hookimpl
def servicekit_modalities() -> Modality:
    return MODALITY


@hookimpl
def servicekit_screening_checks() -> Iterator:
    yield from CHECKS
