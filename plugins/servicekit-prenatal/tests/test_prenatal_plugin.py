"""servicekit-prenatal, tested as a clinic uses it: a catalogue offering prenatal massage."""

from __future__ import annotations

import pytest

import servicekit

pytestmark = pytest.mark.servicekit_plugins("servicekit_prenatal")

DAY = "2026-12-04"
PRENATAL = {
    "prenatal": {
        "name": "Prenatal Massage",
        "modality": "prenatal",
        "addons": ["hot-stones", "aromatherapy"],
    },
    "swedish": {"modality": "swedish"},
}
CREDENTIALS = {"prenatal": {"name": "Certified prenatal massage therapist"}}
ADDONS = {
    "hot-stones": {"name": "Hot Stones", "price": "20.00"},
    "aromatherapy": {"name": "Aromatherapy", "price": "12.00"},
}


@pytest.fixture
def clinic(make_catalogue):
    def build(**policies):
        return make_catalogue(
            services=PRENATAL,
            credentials=CREDENTIALS,
            addons=ADDONS,
            screening={"policies": policies},
        )

    return build


def rules(screening) -> dict[str, str]:
    return {finding.rule: finding.severity for finding in screening.findings}


def pregnant(client_intake, weeks: int):
    return client_intake(pregnancy={"weeks": weeks, "high_risk": False})


def test_prenatal_massage_is_a_specialty_that_needs_prenatal_training(clinic, client_intake):
    screening = clinic().screen(pregnant(client_intake, 24), "prenatal", at=DAY)
    assert "prenatal" in screening.credentials_required
    assert screening.verdict == "modify"
    blocked = clinic().screen(
        pregnant(client_intake, 24), "prenatal", at=DAY, credentials=["prenatal"]
    )
    assert "credential" not in rules(blocked)


def test_a_catalogue_offering_it_must_declare_the_credential(make_catalogue):
    with pytest.raises(servicekit.CatalogueError, match="requires credential 'prenatal'"):
        make_catalogue(services=PRENATAL, addons=ADDONS)


def test_booking_it_for_a_client_who_is_not_pregnant_is_blocked_and_never_suggested(
    clinic, client_intake
):
    screening = clinic().screen(client_intake(), "prenatal", at=DAY)
    assert rules(screening)["prenatal-not-pregnant"] == "block"
    swedish = clinic().screen(client_intake(), "swedish", at=DAY)
    assert "prenatal-not-pregnant" not in rules(swedish)
    bookable = {b.service: b.verdict for b in swedish.bookable}
    assert bookable["prenatal"] == "block"


@pytest.mark.parametrize(
    ("policy", "verdict"), [(None, "clear"), ("clearance", "clearance"), ("block", "block")]
)
def test_the_clinics_first_trimester_policy_decides(clinic, client_intake, policy, verdict):
    catalogue = clinic(**({"first-trimester": policy} if policy else {}))
    screening = catalogue.screen(pregnant(client_intake, 10), "swedish", at=DAY)
    assert screening.verdict == (verdict if verdict != "clear" else "modify")
    if policy:
        assert rules(screening)["prenatal-first-trimester-policy"] == policy
    else:
        assert "prenatal-first-trimester-policy" not in rules(screening)
    later = catalogue.screen(pregnant(client_intake, 15), "swedish", at=DAY)
    assert "prenatal-first-trimester-policy" not in rules(later)


def test_weeks_are_taken_at_the_appointment_from_the_due_date(clinic, client_intake):
    due = client_intake(pregnancy={"due_date": "2027-06-04", "high_risk": False})
    catalogue = clinic(**{"first-trimester": "clearance"})
    early = catalogue.screen(due, "prenatal", at="2026-10-09")  # 34 weeks to go: week 6
    assert rules(early)["prenatal-first-trimester-policy"] == "clearance"
    later = catalogue.screen(due, "prenatal", at="2027-01-08")  # 21 weeks to go: week 19
    assert "prenatal-first-trimester-policy" not in rules(later)


def test_positioning_starts_at_the_week_the_clinic_sets(clinic, client_intake):
    default = clinic().screen(pregnant(client_intake, 19), "prenatal", at=DAY)
    assert not {"prenatal-positioning", "pregnancy-positioning"} & set(rules(default))
    earlier = clinic(**{"prenatal-positioning-from-week": "18"})
    screening = earlier.screen(pregnant(client_intake, 19), "prenatal", at=DAY)
    assert rules(screening)["prenatal-positioning"] == "modify"
    assert screening.constraints.avoid_positions == ("prone", "flat-supine")
    # From week 20 the pack's rule positions the client; the plugin does not say it twice.
    later = earlier.screen(pregnant(client_intake, 24), "prenatal", at=DAY)
    assert "pregnancy-positioning" in rules(later)
    assert "prenatal-positioning" not in rules(later)


def test_a_positioning_week_after_the_packs_is_refused(clinic):
    with pytest.raises(servicekit.CatalogueError, match="write one of: 16, 17, 18, 19, 20"):
        clinic(**{"prenatal-positioning-from-week": "22"})


def test_oils_follow_the_clinics_policy_and_heat_is_said_once(clinic, client_intake):
    booking = {"addons": ["hot-stones", "aromatherapy"], "at": DAY}
    diluted = clinic().screen(pregnant(client_intake, 24), "prenatal", **booking)
    assert "prenatal-essential-oils" not in rules(diluted)
    heat = [f for f in diluted.findings if "heat" in f.rule or "warm" in f.rule]
    assert [(f.rule, f.severity, f.origin) for f in heat] == [
        ("pregnancy-heat", "modify", "rule pack")  # the pack's rule; no second word on it
    ]
    excluded = clinic(**{"prenatal-essential-oils": "exclude"}).screen(
        pregnant(client_intake, 24), "prenatal", **booking
    )
    assert rules(excluded)["prenatal-essential-oils"] == "block"
    assert "aromatherapy" in excluded.constraints.remove_addons


def test_an_add_on_that_says_nothing_of_itself_is_taken_to_be_oil_and_heat(
    make_catalogue, client_intake
):
    catalogue = make_catalogue(
        services={"prenatal": {**PRENATAL["prenatal"], "addons": ["mystery-blend"]}},
        credentials=CREDENTIALS,
        addons={"mystery-blend": {"name": "Mystery Blend", "price": "9.00"}},
        screening={"policies": {"prenatal-essential-oils": "exclude"}},
    )
    screening = catalogue.screen(
        pregnant(client_intake, 24), "prenatal", addons=["mystery-blend"], at=DAY
    )
    assert rules(screening)["prenatal-essential-oils"] == "block"
    # The pack takes it for everything an add-on may be (heat, suction...): pregnancy's legs
    # leave it out too, so no finding says how to give it.
    (legs,) = [f for f in screening.findings if f.rule == "pregnancy-legs"]
    assert legs.constraints.remove_addons == ("mystery-blend",)
    about = [f for f in screening.findings if f.subject == "mystery-blend"]
    assert {f.severity for f in about} == {"block"}


def test_a_policy_value_the_plugin_does_not_know_stops_the_catalogue(clinic):
    with pytest.raises(
        servicekit.CatalogueError, match="'sometimes' is not a choice of policy 'first-trimester'"
    ):
        clinic(**{"first-trimester": "sometimes"})


def test_the_pack_still_blocks_preeclampsia_and_asks_clearance_for_high_risk(
    clinic, client_intake
):
    catalogue = clinic()
    signs = client_intake(conditions=["preeclampsia"], pregnancy={"weeks": 30, "high_risk": True})
    screening = catalogue.screen(signs, "prenatal", at=DAY)
    assert screening.verdict == "block"
    assert rules(screening)["pregnancy-high-risk"] == "clearance"
