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


# -- gift certificates, and what visits brought ----------------------------------------------


def test_gift_certificates_changed_are_listed_and_exit_1(run, write):
    text = CLINIC_TOML.read_text(encoding="utf-8")
    text = text.replace(
        'amounts = ["50.00", "100.00", "150.00"]', 'amounts = ["100.00", "150.00"]'
    )
    changed = write(text.replace('get = "15.00"', 'get = "20.00"'), "new.toml")
    result = run("diff", CLINIC_TOML, changed)
    assert result.exit_code == 1, result.output
    assert result.output.splitlines() == [
        "gift certificates:",
        "  ~ gift_cards (Gift certificate): amounts [$50.00, $100.00, $150.00] → "
        "[$100.00, $150.00]",
        "  ~ bonus:100: get $15.00 → $20.00",
        f"2 changes from {CLINIC_TOML} to {changed}",
    ]
    document = json.loads(run("diff", CLINIC_TOML, changed, "--format", "json").output)
    assert [
        (c["change"], c["what"], c["id"], c["field"], c["old"], c["new"])
        for c in document["changes"]
    ] == [
        ("changed", "gift-card", "gift_cards", "amounts", [5000, 10000, 15000], [10000, 15000]),
        ("changed", "gift-bonus", "bonus:100", "get", 1500, 2000),
    ]


def test_gift_certificates_and_bonuses_added_or_removed(run, write):
    text = CLINIC_TOML.read_text(encoding="utf-8")
    start = text.index("[gift_cards]")
    end = text.index("[screening]")
    without = write(text[:start] + text[end:], "without.toml")
    result = run("diff", without, CLINIC_TOML)
    assert result.output.splitlines()[:3] == [
        "gift certificates:",
        "  + gift_cards (Gift certificate)",
        "  + bonus:100",
    ]
    assert "  - gift_cards (Gift certificate)" in run("diff", CLINIC_TOML, without).output
    more = text.replace(
        "valid_days = 90 },\n", 'valid_days = 90 },\n  { buy = "200.00", get = "40.00" },\n'
    )
    assert "  + bonus:200" in run("diff", CLINIC_TOML, write(more, "more.toml")).output


VISIT_FIELDS = {
    "a service for two guests": (
        "[services.oncology]\n",
        '[services.oncology]\nguests = 2\npriced_per = "guest"\n',
        [
            ("service", "oncology", "guests", 1, 2),
            ("service", "oncology", "priced_per", "booking", "guest"),
        ],
    ),
    "a plan's upgrade price": (
        'upgrades = { 90 = "35.00" }',
        'upgrades = { 90 = "30.00" }',
        [("rule", "wellness-membership", "params.upgrades", {"90": 3500}, {"90": 3000})],
    ),
    "a plan's rollover": (
        "rollover = 1\n",
        "rollover = 2\n",
        [("rule", "wellness-membership", "params.rollover", 1, 2)],
    ),
    "a package's expiry and sharing": (
        "valid_days = 365\n",
        "valid_days = 400\nshareable = true\n",
        [
            ("rule", "five-pack", "params.shareable", False, True),
            ("rule", "five-pack", "params.valid_days", 365, 400),
        ],
    ),
    "a rule's unit": (
        'after = "17:00" }\npercent = 10\n',
        'after = "17:00" }\npercent = 10\nunit = "guest"\n',
        [("rule", "weekend-evening", "params.unit", None, "guest")],
    ),
    "what tips are on": (
        "percents = [18, 20, 25]\n",
        'percents = [18, 20, 25]\non = "paid"\n',
        [("rule", "tips", "params.on", "list", "paid")],
    ),
    "a plan session cancelled late": (
        "notice_hours = 24\n",
        'notice_hours = 24\nplan_sessions = "waive"\n',
        [("rule", "late-cancellation", "params.plan_sessions", "forfeit", "waive")],
    ),
    "a bundle's items": (
        '"service:assisted-stretching"]',
        '"services"]',
        [
            (
                "rule",
                "massage-and-stretch",
                "params.items",
                ["category:therapeutic", "service:assisted-stretching"],
                ["category:therapeutic", "services"],
            )
        ],
    ),
    "a bonus's expiry": (
        "valid_days = 90 }",
        "valid_days = 60 }",
        [("gift-bonus", "bonus:100", "valid_days", 90, 60)],
    ),
    "gift certificates' range and expiry": (
        'min = "25.00"\nmax = "500.00"\n',
        'min = "20.00"\nmax = "500.00"\nvalid_days = 1900\n',
        [
            ("gift-card", "gift_cards", "min", 2500, 2000),
            ("gift-card", "gift_cards", "valid_days", None, 1900),
        ],
    ),
}


@pytest.mark.parametrize(("old", "new", "expected"), VISIT_FIELDS.values(), ids=list(VISIT_FIELDS))
def test_every_field_visits_brought_is_a_change(run, write, old, new, expected):
    text = CLINIC_TOML.read_text(encoding="utf-8")
    assert old in text
    result = run(
        "diff", CLINIC_TOML, write(text.replace(old, new, 1), "new.toml"), "--format", "json"
    )
    assert result.exit_code == 1, result.output
    changes = json.loads(result.output)["changes"]
    assert [(c["what"], c["id"], c["field"], c["old"], c["new"]) for c in changes] == expected
