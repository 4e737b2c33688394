"""What lymphatic drainage needs beyond the rule pack, citing the researched rows' sources
(the keys of servicekit's `screening/sources.toml`)."""

from __future__ import annotations

from collections.abc import Iterator

from servicekit import Check, Constraints, Finding, FindingText, Situation

LAST_FIRST_TRIMESTER_WEEK = 13


def drains(situation: Situation) -> bool:
    """Whether the booked work is lymphatic drainage, whoever contributes its modality (one that
    does not say what it is counts: screening fails closed)."""
    return "lymphatic-drainage" in situation.work


def first_trimester_abdomen(situation: Situation) -> Iterator[Finding]:
    """No abdominal drainage in the first trimester (row 30)."""
    weeks = situation.pregnancy_weeks
    if drains(situation) and weeks is not None and weeks <= LAST_FIRST_TRIMESTER_WEEK:
        yield Finding(
            rule="mld-first-trimester-abdomen",
            severity="local",
            scope="region",
            subject=situation.service.id,
            reason=f"Week {weeks}: no abdominal lymphatic drainage in the first trimester.",
            modification="Leave out the abdominal sequence.",
            constraints=Constraints(avoid_regions=("abdomen",)),
            sources=("OEP", "MG", "STAG", "MGMM"),
            translations={
                "de": FindingText(
                    f"Woche {weeks}: im ersten Trimester keine Lymphdrainage am Bauch.",
                    "Die Bauchsequenz weglassen.",
                ),
                "fr": FindingText(
                    f"Semaine {weeks} : pas de drainage lymphatique abdominal au premier "
                    "trimestre.",
                    "Retirer la séquence abdominale.",
                ),
                "es": FindingText(
                    f"Semana {weeks}: sin drenaje linfático abdominal en el primer trimestre.",
                    "Omitir la secuencia abdominal.",
                ),
            },
        )


ARMS = ("left-arm", "right-arm")


def fistula_arm(situation: Situation) -> Iterator[Finding]:
    """With kidney disease, a dialysis fistula arm is left alone (row 23, to verify): the arm
    the client names under areas_to_avoid, or the therapist asks at the session (an intake
    cannot say "no fistula", so this is no question that holds up the booking)."""
    client = situation.intake.client
    if not drains(situation) or "kidney-disease" not in (client.conditions or ()):
        return
    arms = tuple(area for area in client.areas_to_avoid if area in ARMS)
    reason = "A dialysis fistula must not be pressed, squeezed or drained toward."
    if arms:
        yield Finding(
            rule="mld-fistula-arm",
            severity="local",
            scope="region",
            reason=reason,
            modification="No work on the fistula arm.",
            constraints=Constraints(avoid_regions=arms),
            sources=("ABMPr", "LTS"),
            translations=_fistula(
                "Keine Arbeit am Shuntarm.",
                "Aucun travail sur le bras de la fistule.",
                "Ningún trabajo en el brazo de la fístula.",
            ),
        )
    else:
        yield Finding(
            rule="mld-fistula-arm",
            severity="local",
            scope="region",
            reason=reason,
            modification=(
                "Ask whether the client has a fistula and in which arm; no work on that arm."
            ),
            sources=("ABMPr", "LTS"),
            translations=_fistula(
                "Fragen, ob die Person einen Shunt hat und in welchem Arm; an diesem Arm nicht "
                "arbeiten.",
                "Demander si le client a une fistule et à quel bras ; aucun travail sur ce bras.",
                "Preguntar si el cliente tiene una fístula y en qué brazo; ningún trabajo en "
                "ese brazo.",
            ),
        )


def _fistula(de: str, fr: str, es: str) -> dict[str, FindingText]:
    """The fistula finding in German, French and Spanish, with what to do in each."""
    return {
        "de": FindingText(
            "Ein Dialyseshunt darf weder gedrückt noch gequetscht noch angedrainiert werden.", de
        ),
        "fr": FindingText(
            "Une fistule de dialyse ne doit être ni comprimée, ni pincée, ni drainée vers elle.",
            fr,
        ),
        "es": FindingText(
            "Una fístula de diálisis no debe presionarse, apretarse ni drenarse hacia ella.", es
        ),
    }


CHECKS = (
    Check(
        id="mld-first-trimester-abdomen",
        description="No abdominal drainage in the first trimester.",
        run=first_trimester_abdomen,
        work=("lymphatic-drainage",),
    ),
    Check(
        id="mld-fistula-arm",
        description="The arm with a dialysis fistula.",
        run=fistula_arm,
        work=("lymphatic-drainage",),
    ),
)
