"""The prenatal protocol as screening checks. Each finding names its sources: the keys of
servicekit's `screening/sources.toml` (the researched rows 30, 31, 35 and 36)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import cast

from servicekit import Check, Constraints, Finding, FindingText, Situation
from servicekit.model.screening import Severity
from servicekit_prenatal.policies import (
    FIRST_TRIMESTER,
    OILS,
    PACK_POSITIONING_WEEK,
    POSITIONING,
)

LAST_FIRST_TRIMESTER_WEEK = 13


def is_prenatal(situation: Situation) -> bool:
    """Whether the booked work is prenatal massage, whoever contributes its modality (one that
    does not say what it is counts: screening fails closed)."""
    return "prenatal" in situation.work


def not_pregnant(situation: Situation) -> Iterator[Finding]:
    """Prenatal massage is planned around a pregnancy: for anyone else it is the wrong booking
    (nothing to adapt), so it is blocked and never offered instead of another service."""
    if is_prenatal(situation) and situation.intake.pregnancy is None:
        yield Finding(
            rule="prenatal-not-pregnant",
            severity="block",
            scope="service",
            subject=situation.service.id,
            reason="Prenatal massage is planned around a pregnancy; this client is not pregnant.",
            modification="Offer another service.",
            translations=NOT_PREGNANT,
        )


NOT_PREGNANT = {
    "de": FindingText(
        "Eine Schwangerschaftsmassage ist auf eine Schwangerschaft ausgerichtet; "
        "diese Person ist nicht schwanger.",
        "Eine andere Leistung anbieten.",
    ),
    "fr": FindingText(
        "Le massage prénatal est conçu autour d'une grossesse ; cette personne "
        "n'est pas enceinte.",
        "Proposer une autre prestation.",
    ),
    "es": FindingText(
        "El masaje prenatal se planifica en torno a un embarazo; esta persona no está embarazada.",
        "Ofrecer otro servicio.",
    ),
}
"""`not_pregnant`'s words in German, French and Spanish: made once (it is run for most
clients)."""


def first_trimester(situation: Situation) -> Iterator[Finding]:
    """A clinic may ask more than the pack's caution in the first trimester (row 30: sources
    disagree; trial evidence starts at about 12 weeks)."""
    weeks = situation.pregnancy_weeks
    # The policy's choices are severities, and the clinic's choice was checked on loading.
    severity = cast(Severity, situation.policies[FIRST_TRIMESTER.name])
    if weeks is None or weeks > LAST_FIRST_TRIMESTER_WEEK or severity == "caution":
        return
    cleared = severity == "clearance"
    yield Finding(
        rule="prenatal-first-trimester-policy",
        severity=severity,
        scope="session",
        reason=(
            f"Week {weeks}: this clinic's policy asks for "
            + ("the prenatal provider's clearance" if cleared else "no massage")
            + " in the first trimester."
        ),
        modification=(
            "Book once the prenatal provider's clearance is on file."
            if cleared
            else "Book from week 14."
        ),
        credential="prenatal",
        sources=("OEP", "MG", "STAG"),
        translations={
            "de": FindingText(
                f"Woche {weeks}: Die Richtlinie dieser Praxis verlangt im ersten Trimester "
                + ("die Freigabe der Schwangerschaftsbetreuung" if cleared else "keine Massage")
                + ".",
                "Erst buchen, wenn die Freigabe der Schwangerschaftsbetreuung vorliegt."
                if cleared
                else "Ab der 14. Woche buchen.",
            ),
            "fr": FindingText(
                f"Semaine {weeks} : la règle de cet établissement exige "
                + (
                    "l'accord du professionnel du suivi prénatal"
                    if cleared
                    else "l'absence de massage"
                )
                + " au premier trimestre.",
                "Réserver une fois l'accord du suivi prénatal au dossier."
                if cleared
                else "Réserver à partir de la semaine 14.",
            ),
            "es": FindingText(
                f"Semana {weeks}: la política de este centro exige "
                + (
                    "la autorización del profesional del control prenatal"
                    if cleared
                    else "no dar masaje"
                )
                + " en el primer trimestre.",
                "Reservar cuando conste la autorización del control prenatal."
                if cleared
                else "Reservar a partir de la semana 14.",
            ),
        },
    )


def positioning(situation: Situation) -> Iterator[Finding]:
    """From about 20-22 weeks (row 31): no lying flat on the back, no prone on a flat table.
    The pack's own rule does it from week 20; a clinic may start earlier, and this check
    covers the weeks between (never both, which would say it twice)."""
    weeks = situation.pregnancy_weeks
    start = int(situation.policies[POSITIONING.name])
    if weeks is None or not start <= weeks < PACK_POSITIONING_WEEK:
        return
    yield Finding(
        rule="prenatal-positioning",
        severity="modify",
        scope="session",
        reason=(
            f"Week {weeks}: lying flat on the back compresses the vena cava, and prone on a "
            f"flat table strains the abdomen (this clinic positions from week {start})."
        ),
        modification=(
            "Side-lying with bolsters between the knees and under the belly, or semi-reclined "
            "with a wedge under the right hip (a left tilt); no prone on a flat table."
        ),
        constraints=Constraints(avoid_positions=("prone", "flat-supine")),
        credential="prenatal",
        sources=("SALVO", "AWH", "HTO"),
        translations={
            "de": FindingText(
                f"Woche {weeks}: Flache Rückenlage drückt auf die Vena cava, und Bauchlage auf "
                "einer flachen Liege belastet den Bauch (diese Praxis lagert ab der "
                f"{start}. Woche um).",
                "Seitenlage mit Polstern zwischen den Knien und unter dem Bauch, oder halb "
                "aufgerichtet mit einem Keil unter der rechten Hüfte (Linksneigung); keine "
                "Bauchlage auf einer flachen Liege.",
            ),
            "fr": FindingText(
                f"Semaine {weeks} : allongée à plat sur le dos, la veine cave est comprimée, et "
                "sur le ventre sur une table plate, l'abdomen est sollicité (cet établissement "
                f"adapte la position dès la semaine {start}).",
                "Décubitus latéral avec des coussins entre les genoux et sous le ventre, ou "
                "semi-assise avec un coin sous la hanche droite (inclinaison à gauche) ; pas "
                "de décubitus ventral sur une table plate.",
            ),
            "es": FindingText(
                f"Semana {weeks}: tumbada boca arriba en plano se comprime la vena cava, y boca "
                "abajo en una camilla plana se tensa el abdomen (este centro adapta la postura "
                f"desde la semana {start}).",
                "Decúbito lateral con cojines entre las rodillas y bajo el vientre, o "
                "semisentada con una cuña bajo la cadera derecha (inclinación a la izquierda); "
                "no boca abajo en una camilla plana.",
            ),
        },
    )


def addons(situation: Situation) -> Iterator[Finding]:
    """Essential oils in pregnancy as the clinic's policy says (row 35). Heat is the pack's
    own rule (row 36, pregnancy-heat), for every heated add-on."""
    if situation.intake.pregnancy is None or situation.policies[OILS.name] != "exclude":
        return
    for addon in situation.addons:
        properties = situation.addon_properties(addon)  # all of them, when it says none
        if "essential-oil" in properties:
            yield Finding(
                rule="prenatal-essential-oils",
                severity="block",
                scope="addon",
                subject=addon.id,
                reason="This clinic uses no essential oils in pregnancy.",
                modification="Leave it out; an unscented oil instead.",
                constraints=Constraints(remove_addons=(addon.id,)),
                sources=("TY", "NAHA"),
                translations=NO_OILS,
            )


NO_OILS = {
    "de": FindingText(
        "Diese Praxis verwendet in der Schwangerschaft keine ätherischen Öle.",
        "Weglassen; stattdessen ein unparfümiertes Öl.",
    ),
    "fr": FindingText(
        "Cet établissement n'utilise aucune huile essentielle pendant la grossesse.",
        "Le retirer ; utiliser plutôt une huile neutre sans parfum.",
    ),
    "es": FindingText(
        "Este centro no usa aceites esenciales en el embarazo.",
        "Omitirlo; en su lugar, un aceite sin perfume.",
    ),
}


CHECKS = (
    Check(
        id="prenatal-not-pregnant",
        description="Prenatal massage for a client who is not pregnant.",
        run=not_pregnant,
        work=("prenatal",),
    ),
    Check(
        id="prenatal-first-trimester-policy",
        description="The clinic's first-trimester policy.",
        run=first_trimester,
        policies=(FIRST_TRIMESTER,),
    ),
    Check(
        id="prenatal-positioning",
        description="Positioning from the week the clinic sets.",
        run=positioning,
        policies=(POSITIONING,),
    ),
    Check(
        id="prenatal-addons",
        description="Essential oils in pregnancy, as the clinic's policy says.",
        run=addons,
        policies=(OILS,),
    ),
)
