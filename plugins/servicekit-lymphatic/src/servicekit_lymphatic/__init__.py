"""servicekit-lymphatic: manual lymphatic drainage (MLD).

servicekit's own rule pack screens lymphatic drainage wherever a modality says it is
(`properties = ["lymphatic-drainage"]`): no drainage with an active or past clot, with
fever, oedema of unknown cause, uncontrolled heart failure or kidney disease, a CLT for
lymphedema, no neck drainage with carotid sinus sensitivity or arrhythmia (researched rows 1,
2, 5, 19, 21-23, 48). This plugin contributes the modality itself (a specialty, performed by a
Certified Lymphedema Therapist) and checks for what drainage needs beyond them: no abdominal
drainage in the first trimester (row 30), and the arm with a dialysis fistula (row 23).
"""

from __future__ import annotations

from collections.abc import Iterator

from servicekit import Modality, Pressure, hookimpl
from servicekit_lymphatic.checks import CHECKS

__version__ = "0.1.0"

MODALITY = Modality(
    id="lymphatic-drainage",
    name="Manual lymphatic drainage",
    description=(
        "Light, rhythmic skin-stretching strokes that move lymph toward the nodes, to ease "
        "swelling after surgery or injury and in lymphedema care."
    ),
    techniques=("stationary circles", "pump technique", "scoop technique", "rotary technique"),
    benefits=("swelling", "treatment-support", "relaxation"),
    requires=("clt",),
    pressure=Pressure(0, 1),
    specialty=True,
    properties=("lymphatic-drainage",),
)


@hookimpl
def servicekit_modalities() -> Modality:
    return MODALITY


@hookimpl
def servicekit_screening_checks() -> Iterator:
    yield from CHECKS
