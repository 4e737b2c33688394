"""The oncology protocol as screening checks, citing the researched rows' sources (the keys
of servicekit's `screening/sources.toml`)."""

from __future__ import annotations

from collections.abc import Iterator

from servicekit import Check, Constraints, Finding, Situation
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
        )


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
