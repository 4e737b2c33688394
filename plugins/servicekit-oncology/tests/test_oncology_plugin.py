"""servicekit-oncology, tested as a clinic uses it: a catalogue offering oncology massage."""

from __future__ import annotations

import pytest

import servicekit

pytestmark = pytest.mark.servicekit_plugins("servicekit_oncology")

DAY = "2026-12-04"


@pytest.fixture
def clinic(make_catalogue):
    def build(**policies):
        return make_catalogue(
            services={
                "oncology-massage": {"name": "Oncology Massage", "modality": "oncology"},
                "swedish": {"modality": "swedish", "addons": ["hot-stones"]},
            },
            credentials={"oncology": {"name": "Oncology massage training"}},
            addons={"hot-stones": {"name": "Hot Stones", "price": "20.00"}},
            screening={"policies": policies},
        )

    return build


def rules(screening) -> dict[str, str]:
    return {finding.rule: finding.severity for finding in screening.findings}


def test_oncology_massage_is_light_work_by_an_oncology_trained_therapist(clinic, client_intake):
    catalogue = clinic()
    screening = catalogue.screen(client_intake(), "oncology-massage", at=DAY)
    assert screening.credentials_required == ("oncology",)
    assert catalogue.modalities["oncology"].pressure.max == 2


def test_active_treatment_caps_pressure_at_the_clinics_level(clinic, client_intake):
    treated = client_intake(conditions=["cancer-active-treatment"])
    default = clinic().screen(treated, "swedish", at=DAY)
    assert rules(default)["oncology-treatment-pressure"] == "modify"
    assert default.constraints.max_pressure == 2
    stricter = clinic(**{"oncology-max-walton": "1"}).screen(treated, "swedish", at=DAY)
    assert stricter.constraints.max_pressure == 1
    # Swedish is done at Walton 1-3, so a cap of 1 leaves it bookable; deeper work is not.
    assert stricter.verdict == "clearance"  # the pack's own rule: the oncologist's clearance


def test_the_quadrant_the_removed_nodes_drained_is_at_risk(clinic, client_intake):
    nodes = client_intake(
        conditions=["lymph-nodes-removed"],
        surgeries=[{"date": "2024-03-01", "region": "left-arm"}],
    )
    screening = clinic().screen(nodes, "swedish", addons=["hot-stones"], at=DAY)
    assert rules(screening)["oncology-at-risk-quadrant"] == "modify"
    assert dict(screening.constraints.region_pressure) == {"left-arm": 1}
    assert screening.constraints.remove_addons == ("hot-stones",)  # the pack: no heat
    unknown = clinic().screen(client_intake(conditions=["lymph-nodes-removed"]), "swedish", at=DAY)
    (asked,) = [f for f in unknown.findings if f.rule == "oncology-at-risk-quadrant"]
    assert asked.severity == "ask"  # a question for the client: not bookable until answered
    assert asked.modification.startswith("Ask the client, and record the surgery's region")
    assert unknown.verdict == "ask"


def test_any_service_for_a_client_with_cancer_needs_oncology_training(clinic, client_intake):
    # servicekit holds every service to what oncology massage needs for a client in or after
    # cancer treatment, when the catalogue offers oncology massage.
    history = client_intake(conditions=["radiation-field"])
    screening = clinic().screen(history, "swedish", at=DAY)
    assert "oncology" in screening.credentials_required
    assert "specialty-cancer" in rules(screening)


def test_a_clinic_may_ask_oncology_training_for_any_cancer_history(clinic, client_intake):
    # A port is not always for cancer, so servicekit does not count it as cancer care; a clinic
    # may, for every client with one.
    port = client_intake(conditions=["port-or-picc"])
    assert "oncology" not in clinic().screen(port, "swedish", at=DAY).credentials_required
    strict = clinic(**{"oncology-credential": "any-history"})
    screening = strict.screen(port, "swedish", at=DAY, credentials=["oncology"])
    assert "oncology" in screening.credentials_required
    assert screening.credentials_missing == ()


def test_the_pack_still_blocks_deep_work_with_bone_metastases(clinic, client_intake):
    screening = clinic().screen(client_intake(conditions=["bone-metastasis"]), "swedish", at=DAY)
    assert screening.constraints.max_pressure == 1
    oncology = clinic().screen(
        client_intake(conditions=["bone-metastasis"]), "oncology-massage", at=DAY
    )
    assert oncology.verdict == "modify"  # Walton 0-2 fits under the cap of 1


def test_a_policy_value_the_plugin_does_not_know_stops_the_catalogue(clinic):
    with pytest.raises(
        servicekit.CatalogueError, match="'4' is not a choice of policy 'oncology-max-walton'"
    ):
        clinic(**{"oncology-max-walton": "4"})
