"""The modalities of the seed document: Swedish, therapeutic and the techniques LMTs combine.

Pressure ranges are on the Walton scale (0 stationary touch, 5 deep); screening compares them
with the pressure caps a client's conditions call for. `properties` say what rules about
stretching, heat, suction or lymphatic drainage must know; stretching is named only where it
is the work itself, not an occasional technique.
"""

from __future__ import annotations

from collections.abc import Iterator

from servicekit.hookspecs import hookimpl
from servicekit.model.contributions import Modality, Pressure

MODALITIES = (
    Modality(
        id="swedish",
        name="Swedish massage",
        description=(
            "Long, flowing strokes and gentle techniques that promote a sense of calm and "
            "well-being. The best choice when the goal is relaxation and stress relief, and "
            "more approachable than more intense therapeutic techniques."
        ),
        techniques=("effleurage (long gliding strokes)", "kneading", "friction", "tapotement"),
        benefits=("relaxation", "stress-relief", "mood", "sleep", "circulation"),
        pressure=Pressure(1, 3),
        properties=(),
    ),
    Modality(
        id="therapeutic",
        name="Therapeutic massage",
        description=(
            "Treats specific conditions or injuries while also promoting relaxation and relieving "
            "tension. The therapist combines approaches such as deep tissue, trigger point "
            "therapy, stretching or myofascial release to the client's needs, and suggests a "
            "follow-up plan."
        ),
        techniques=("kneading", "friction", "compression", "stretching"),
        benefits=(
            "pain-relief",
            "muscle-stiffness",
            "circulation",
            "flexibility",
            "mobility",
            "injury-recovery",
            "inflammation",
            "sleep",
            "mood",
        ),
        pressure=Pressure(2, 4),
        properties=(),
    ),
    Modality(
        id="deep-tissue",
        name="Deep tissue massage",
        description=(
            "Slow, firm strokes and sustained pressure that reach the deeper layers of muscle "
            "and connective tissue to break down knots and adhesions behind chronic tension."
        ),
        techniques=("stripping", "cross-fibre friction", "sustained compression", "kneading"),
        benefits=("pain-relief", "muscle-stiffness", "mobility", "injury-recovery"),
        pressure=Pressure(3, 5),
        properties=(),
    ),
    Modality(
        id="trigger-point",
        name="Trigger point therapy",
        description=(
            "Focused, sustained pressure on knots in a muscle that refer pain elsewhere, to "
            "release the knot and the pain it causes."
        ),
        techniques=("ischemic compression", "sustained pressure", "stretching"),
        benefits=("pain-relief", "muscle-stiffness", "mobility"),
        pressure=Pressure(3, 5),
        properties=(),
    ),
    Modality(
        id="myofascial-release",
        name="Myofascial release",
        description=(
            "Slow, sustained stretching of the fascia (the connective tissue around muscles) to "
            "ease restrictions, restore movement and reduce pain."
        ),
        techniques=("sustained pressure", "skin rolling", "fascial stretching"),
        benefits=("flexibility", "mobility", "pain-relief", "muscle-stiffness"),
        pressure=Pressure(2, 4),
        properties=("stretching",),
    ),
    Modality(
        id="assisted-stretching",
        name="Assisted stretching",
        description=(
            "The therapist moves the client through stretches of joints, muscles, soft tissue "
            "and fascia, for people whose movement has been limited by injury or long inactivity."
        ),
        techniques=("passive stretching", "contract-relax (PNF)", "joint mobilisation"),
        benefits=("flexibility", "mobility", "injury-recovery", "muscle-stiffness"),
        pressure=Pressure(1, 3),
        properties=("stretching",),
    ),
)


@hookimpl
def servicekit_modalities() -> Iterator[Modality]:
    yield from MODALITIES
