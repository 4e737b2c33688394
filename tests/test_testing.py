"""servicekit.testing, the fixtures plugin authors write their tests with."""

from __future__ import annotations

import pytest

import servicekit

FRAGMENT = """
[services.swedish]
name = "Swedish"
category = "massage"
modality = "swedish"
variations = [{ duration = 60, price = "95.00" }]
"""


def test_a_toml_fragment_gets_the_default_clinic_and_category(make_catalogue):
    catalogue = make_catalogue(toml=FRAGMENT)
    assert catalogue.currency == "USD"
    assert list(catalogue.categories) == ["massage"]
    assert catalogue.quote("swedish").total == servicekit.Money("95.00", "USD")


def test_a_toml_fragment_takes_the_clinic_changes_given(make_catalogue):
    catalogue = make_catalogue(toml=FRAGMENT, clinic={"currency": "EUR", "locale": "de_DE"})
    assert catalogue.quote("swedish").total == servicekit.Money("95.00", "EUR")


def test_a_toml_fragment_with_its_own_categories_keeps_them(make_catalogue):
    own = FRAGMENT.replace('"massage"', '"bodywork"') + '[categories.bodywork]\nname = "Body"\n'
    assert list(make_catalogue(toml=own).categories) == ["bodywork"]


def test_a_whole_toml_catalogue_is_loaded_as_it_is(make_catalogue, tmp_path):
    whole = (
        'format = 1\n[clinic]\nname = "Own"\ncurrency = "GBP"\nlocale = "en_GB"\n'
        'timezone = "Europe/London"\n[categories.massage]\nname = "Massage"\n' + FRAGMENT
    )
    catalogue = make_catalogue(toml=whole)
    assert (catalogue.clinic.name, catalogue.currency) == ("Own", "GBP")
    with pytest.raises(TypeError, match="give clinic= or a \\[clinic\\] table, not both"):
        make_catalogue(toml=whole, clinic={"currency": "EUR"})


def test_an_error_in_a_toml_fragment_names_its_line(make_catalogue):
    with pytest.raises(
        servicekit.CatalogueError, match=r"<string>:5: \$\.services\.swedish\.modality"
    ):
        make_catalogue(toml=FRAGMENT.replace('"swedish"\nvar', '"swedsh"\nvar'))


def test_tables_and_toml_together_are_refused(make_catalogue):
    with pytest.raises(TypeError, match="TOML text or tables, not both"):
        make_catalogue(toml=FRAGMENT, addons={})


def test_the_client_intake_answers_every_question_but_those_given(client_intake):
    intake = client_intake(conditions=["osteoporosis"], pregnancy={"weeks": 24})
    assert intake["client"]["conditions"] == ["osteoporosis"]
    assert intake["client"]["medications"] == []
    assert intake["pregnancy"] == {"weeks": 24}


def test_screen_findings_gives_each_rules_finding(make_catalogue, client_intake, screen_findings):
    catalogue = make_catalogue(toml=FRAGMENT)
    pregnant = client_intake(pregnancy={"weeks": 24, "high_risk": False})
    findings = screen_findings(catalogue, pregnant, "swedish", at="2026-12-04")
    assert findings["pregnancy-positioning"].severity == "modify"
    assert "pregnancy-first-trimester" not in findings
