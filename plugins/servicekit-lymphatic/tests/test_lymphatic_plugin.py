"""servicekit-lymphatic, tested as a clinic uses it: a catalogue offering drainage."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.servicekit_plugins("servicekit_lymphatic")

DAY = "2026-12-04"


@pytest.fixture
def clinic(make_catalogue):
    return make_catalogue(
        services={
            "mld": {"name": "Manual Lymphatic Drainage", "modality": "lymphatic-drainage"},
            "swedish": {"modality": "swedish"},
        },
        credentials={
            "clt": {"name": "Certified Lymphedema Therapist"},
            "lmt": {"name": "Licensed Massage Therapist"},
        },
    )


def rules(screening) -> dict[str, str]:
    return {finding.rule: finding.severity for finding in screening.findings}


def test_drainage_is_a_specialty_of_a_certified_lymphedema_therapist(clinic, client_intake):
    screening = clinic.screen(client_intake(), "mld", at=DAY, credentials=["lmt"])
    assert screening.credentials_required == ("clt",)
    assert screening.verdict == "block"  # the therapist lacks the CLT
    assert clinic.screen(client_intake(), "mld", at=DAY, credentials=["clt"]).verdict == "clear"


@pytest.mark.parametrize(
    ("conditions", "rule"),
    [
        (["dvt"], "dvt"),
        (["edema-unknown-cause"], "edema-unknown-cause-drainage"),
        (["heart-failure-uncontrolled"], "heart-failure-drainage"),
        (["kidney-disease"], "kidney-disease-drainage"),
    ],
)
def test_the_pack_blocks_drainage_where_the_research_says(clinic, client_intake, conditions, rule):
    screening = clinic.screen(client_intake(conditions=conditions), "mld", at=DAY)
    assert screening.verdict == "block"
    assert rules(screening)[rule] == "block"


def test_no_abdominal_drainage_in_the_first_trimester(clinic, client_intake):
    early = client_intake(pregnancy={"weeks": 9, "high_risk": False})
    screening = clinic.screen(early, "mld", at=DAY)
    assert rules(screening)["mld-first-trimester-abdomen"] == "local"
    assert "abdomen" in screening.constraints.avoid_regions
    later = client_intake(pregnancy={"weeks": 16, "high_risk": False})
    assert "mld-first-trimester-abdomen" not in rules(clinic.screen(later, "mld", at=DAY))
    assert "mld-first-trimester-abdomen" not in rules(clinic.screen(early, "swedish", at=DAY))


def test_no_neck_drainage_with_an_arrhythmia(clinic, client_intake):
    screening = clinic.screen(client_intake(conditions=["arrhythmia"]), "mld", at=DAY)
    assert "neck" in screening.constraints.avoid_regions


def test_a_catalogues_own_drainage_modality_gets_the_same_checks(make_catalogue, client_intake):
    own = make_catalogue(
        modalities={
            "mld-vodder": {
                "name": "Vodder MLD",
                "description": "Lymphatic drainage after Vodder.",
                "properties": ["lymphatic-drainage"],
            }
        },
        services={"vodder": {"modality": "mld-vodder"}},
    )
    early = client_intake(pregnancy={"weeks": 9, "high_risk": False})
    assert "mld-first-trimester-abdomen" in rules(own.screen(early, "vodder", at=DAY))
