"""`servicekit diff`: what changed between two menus, with diff's exit statuses."""

from __future__ import annotations

import json

import pytest

import servicekit
from tests.conftest import REPO, assert_user_error

CLINIC_TOML = REPO / "catalogues" / "therapeutic-clinic.toml"


@pytest.fixture
def changed(write):
    """The clinic's menu with a new price, a length dropped, an add-on renamed, a new rule
    parameter and a new service."""
    text = CLINIC_TOML.read_text(encoding="utf-8")
    text = text.replace(
        '{ duration = 60, price = "95.00", buffer = 15 }',
        '{ duration = 60, price = "99.00", buffer = 15 }',
    )
    text = text.replace('  { duration = 30, price = "55.00", buffer = 10 },\n', "")
    text = text.replace('name = "Aromatherapy"', 'name = "Aromatherapy oils"')
    text = text.replace("percent = 20\n", "percent = 25\n")
    text += (
        '\n[services.chair]\nname = "Chair Massage"\ncategory = "relaxation"\n'
        'modality = "swedish"\nvariations = [{ duration = 15, price = "25.00" }]\n'
    )
    return write(text, "new.toml")


def test_the_same_menu_is_no_difference_and_exits_0(run):
    result = run("diff", CLINIC_TOML, CLINIC_TOML)
    assert result.exit_code == 0
    assert "offer the same" in result.output


def test_a_changed_menu_lists_each_change_old_to_new_and_exits_1(run, changed):
    result = run("diff", CLINIC_TOML, changed)
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert lines[:2] == ["services:", "  + chair (Chair Massage)"]
    assert "  - swedish:30 (Swedish Massage)" in lines
    assert "  ~ swedish:60 (Swedish Massage): price $95.00 → $99.00" in lines
    assert "  + chair:15 (Chair Massage)" in lines
    assert (
        '  ~ aromatherapy (Aromatherapy oils): name "Aromatherapy" → "Aromatherapy oils"' in lines
    )
    assert "  ~ intro-offer (First visit: 20% off): percent 20 → 25" in lines
    assert lines[-1].startswith("6 changes from ")


def test_the_json_diff_is_the_python_result_with_money_in_minor_units(run, changed, plugins):
    result = run("diff", CLINIC_TOML, changed, "--format", "json")
    document = json.loads(result.output)
    expected = servicekit.diff(
        servicekit.load(CLINIC_TOML, plugins=plugins), servicekit.load(changed, plugins=plugins)
    )
    assert document == expected.to_dict()
    price = next(c for c in document["changes"] if c["id"] == "swedish:60")
    assert (price["change"], price["field"], price["old"], price["new"]) == (
        "changed",
        "price",
        9500,
        9900,
    )
    assert document["currency"] == {"old": "USD", "new": "USD"}


def test_a_catalogue_that_does_not_load_exits_2(run, write):
    broken = write("format = 1\n[clinic]\nname = 'x'\n", "broken.toml")
    assert_user_error(run("diff", CLINIC_TOML, broken), "missing key 'currency'", exit_code=2)
    assert_user_error(run("diff", CLINIC_TOML, "nowhere.toml"), "no such file", exit_code=2)


def test_a_renamed_service_shows_its_lengths_removed_and_added(run, write):
    text = (
        CLINIC_TOML.read_text(encoding="utf-8")
        .replace("[services.deep-tissue]", "[services.deep]")
        .replace('"service:deep-tissue"', '"service:deep"')
    )
    result = run("diff", CLINIC_TOML, write(text, "new.toml"))
    for line in ("- deep-tissue:60", "- deep-tissue:90", "+ deep:60", "+ deep:90"):
        assert f"  {line} (Deep Tissue Massage)" in result.output.splitlines()
