"""The oncology protocol as screening checks, citing the researched rows' sources (the keys
of servicekit's `screening/sources.toml`)."""

from __future__ import annotations

from collections.abc import Iterator

from servicekit import Check, Constraints, Finding, FindingText, Situation
from servicekit_oncology.policies import CREDENTIAL, MAX_WALTON

CANCER = frozenset(
    {
        "cancer-active-treatment",
        "tumor-site",
        "unknown-primary",
        "bone-metastasis",
        "neutropenia",
        "port-or-picc",
        "radiation-field",
        "lymph-nodes-removed",
        "lymphedema",
    }
)
"""Conditions that say the client has, or had, cancer."""
QUADRANT_WALTON = 1


def conditions(situation: Situation) -> frozenset[str]:
    return frozenset(situation.intake.client.conditions or ())


def active_treatment_pressure(situation: Situation) -> Iterator[Finding]:
    """In active treatment, deep or intense pressure waits for the oncologist (row 14)."""
    if "cancer-active-treatment" not in conditions(situation):
        return
    walton = int(situation.policies[MAX_WALTON.name])
    yield Finding(
        rule="oncology-treatment-pressure",
        severity="modify",
        scope="session",
        reason="In active treatment, deep or intense pressure waits for the oncologist's advice.",
        modification=(
            f"Walton {walton} at most, and nothing over the tumour, until the oncologist "
            "advises otherwise."
        ),
        constraints=Constraints(max_pressure=walton),
        credential="oncology",
        sources=("NCCIH", "S4OM", "TW"),
        translations={
            "de": FindingText(
                "In aktiver Behandlung wartet tiefer oder intensiver Druck auf den Rat des "
                "Onkologen.",
                f"Höchstens Walton {walton} und nichts über dem Tumor, bis der Onkologe etwas "
                "anderes rät.",
            ),
            "fr": FindingText(
                "En cours de traitement, la pression profonde ou intense attend l'avis de "
                "l'oncologue.",
                f"Walton {walton} au maximum, et rien sur la tumeur, jusqu'à un autre avis de "
                "l'oncologue.",
            ),
            "es": FindingText(
                "Durante el tratamiento activo, la presión profunda o intensa espera al consejo "
                "del oncólogo.",
                f"Walton {walton} como máximo, y nada sobre el tumor, hasta que el oncólogo "
                "indique otra cosa.",
            ),
        },
    )


def at_risk_quadrant(situation: Situation) -> Iterator[Finding]:
    """After lymph nodes are removed or irradiated, the quadrant they drained is at risk of
    lymphedema for life: light pressure and no heat there (row 20)."""
    if "lymph-nodes-removed" not in conditions(situation):
        return
    intake = situation.intake
    regions = tuple(
        dict.fromkeys(
            [
                *(event.region for event in intake.surgeries if event.region),
                *intake.client.areas_to_avoid,
            ]
        )
    )
    if not regions:
        # Which limb to protect is the client's answer to give: not bookable until it is.
        yield Finding(
            rule="oncology-at-risk-quadrant",
            severity="ask",
            scope="region",
            reason="The intake does not say which quadrant the removed lymph nodes drained.",
            modification=(
                "Ask the client, and record the surgery's region (or the arm or leg under "
                "areas_to_avoid); that quadrant is then treated as at risk."
            ),
            sources=("MMW", "MAYO"),
            translations=QUADRANT_UNKNOWN,
        )
        return
    yield Finding(
        rule="oncology-at-risk-quadrant",
        severity="modify",
        scope="region",
        reason="The quadrant the removed lymph nodes drained is at risk of lymphedema for life.",
        modification=(
            "Light strokes toward the trunk only; no heat, no tight clothing or cuff, and no "
            "deep work on that side."
        ),
        constraints=Constraints(region_pressure=dict.fromkeys(regions, QUADRANT_WALTON)),
        sources=("MMW", "MAYO"),
        translations=QUADRANT_AT_RISK,
    )


def oncology_training(situation: Situation) -> Iterator[Finding]:
    """A clinic may ask for an oncology-trained therapist for any client who has had cancer,
    not only in active treatment (the pack's rule 14)."""
    if situation.policies[CREDENTIAL.name] != "any-history":
        return
    found = sorted(conditions(situation) & CANCER)
    if found:
        yield Finding(
            rule="oncology-credential",
            severity="caution",
            scope="session",
            reason="This clinic books anyone who has had cancer with oncology-trained staff.",
            triggers=tuple(found),
            credential="oncology",
            sources=("S4OM",),
            translations=TRAINED_STAFF,
        )


QUADRANT_UNKNOWN = {
    "de": FindingText(
        "Der Anamnesebogen sagt nicht, welchen Quadranten die entfernten Lymphknoten drainiert "
        "haben.",
        "Die Person fragen und die Region der Operation erfassen (oder den Arm bzw. das Bein "
        "unter areas_to_avoid); dieser Quadrant gilt dann als gefährdet.",
    ),
    "fr": FindingText(
        "Le questionnaire n'indique pas quel quadrant drainaient les ganglions retirés.",
        "Demander au client et consigner la région de l'opération (ou le bras ou la jambe sous "
        "areas_to_avoid) ; ce quadrant est alors considéré comme à risque.",
    ),
    "es": FindingText(
        "El cuestionario no indica qué cuadrante drenaban los ganglios extirpados.",
        "Preguntar al cliente y registrar la zona de la cirugía (o el brazo o la pierna en "
        "areas_to_avoid); ese cuadrante se trata entonces como de riesgo.",
    ),
}
QUADRANT_AT_RISK = {
    "de": FindingText(
        "Der Quadrant, den die entfernten Lymphknoten drainiert haben, ist lebenslang "
        "lymphödemgefährdet.",
        "Nur leichte Streichungen zum Rumpf hin; keine Wärme, keine enge Kleidung oder "
        "Manschette und keine tiefe Arbeit auf dieser Seite.",
    ),
    "fr": FindingText(
        "Le quadrant drainé par les ganglions retirés présente un risque de lymphœdème à vie.",
        "Uniquement des effleurages légers vers le tronc ; ni chaleur, ni vêtement serré ou "
        "brassard, ni travail profond de ce côté.",
    ),
    "es": FindingText(
        "El cuadrante que drenaban los ganglios extirpados tiene riesgo de linfedema de por vida.",
        "Solo maniobras ligeras hacia el tronco; sin calor, sin ropa ajustada ni manguito, y "
        "sin trabajo profundo en ese lado.",
    ),
}
TRAINED_STAFF = {
    "de": FindingText(
        "Diese Praxis bucht alle, die Krebs hatten, bei onkologisch geschultem Personal."
    ),
    "fr": FindingText(
        "Cet établissement confie toute personne ayant eu un cancer à un personnel formé en "
        "oncologie."
    ),
    "es": FindingText(
        "Este centro reserva a cualquier persona que haya tenido cáncer con personal con "
        "formación oncológica."
    ),
}
"""The oncology findings' words in German, French and Spanish."""


CHECKS = (
    Check(
        id="oncology-treatment-pressure",
        description="The pressure cap in active treatment until the oncologist advises.",
        run=active_treatment_pressure,
        policies=(MAX_WALTON,),
    ),
    Check(
        id="oncology-at-risk-quadrant",
        description="The quadrant at risk after lymph nodes are removed.",
        run=at_risk_quadrant,
    ),
    Check(
        id="oncology-credential",
        description="Oncology training for any cancer history, when the clinic asks.",
        run=oncology_training,
        policies=(CREDENTIAL,),
    ),
)
