"""docs/plugins.md, run as written.

Every Python block there is a file, named on its first line (`# feet.py`): a plugin module, or
a test of one (`# test_*.py`). The tests write them out, load each plugin with a fresh plugin
manager and do with it what its section says it does; they run the documented tests with
pytest, and read the TOML blocks as what they are: a pyproject fragment naming a documented
plugin, and a catalogue's plugin settings.
"""

from __future__ import annotations

import re
import sys
import tomllib

import pytest
from click.testing import CliRunner

import servicekit
from servicekit.cli import cli
from tests.conftest import REPO, SWEDISH, catalogue_text, run_pytest

DOC = REPO / "docs" / "plugins.md"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.M | re.S)
FILE_NAME = re.compile(r"# (\w+\.py)")
BLOCKS = [(m[1], m[2]) for m in FENCE.finditer(DOC.read_text(encoding="utf-8"))]


def file_name(text: str) -> str | None:
    """The file a code block is, from its first line: `# feet.py`."""
    named = FILE_NAME.fullmatch(text.partition("\n")[0])
    return named[1] if named else None


FILES = {file_name(text): text for language, text in BLOCKS if language == "python"}
MODULES = sorted(name.removesuffix(".py") for name in FILES if not name.startswith("test_"))
MONDAY = "2026-11-30T10:00"


def test_every_code_block_is_a_named_file_or_a_toml_fragment():
    for language, text in BLOCKS:
        assert language in ("python", "toml"), text[:40]
        if language == "python":
            assert file_name(text), f"a block with no file name:\n{text}"
        else:
            tomllib.loads(text)
    assert len(FILES) == sum(language == "python" for language, _ in BLOCKS), "a name twice"
    assert "reflexology" in MODULES


@pytest.fixture
def written(tmp_path, monkeypatch):
    """The documented files, written out and importable for as long as the test runs."""
    for name, text in FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    for name in MODULES:
        sys.modules.pop(name, None)


def plugins(*modules: str) -> servicekit.PluginManager:
    return servicekit.plugin_manager(entry_points=False, modules=modules)


def build(manager, *parts: str) -> servicekit.Catalogue:
    return servicekit.loads(catalogue_text(*parts), plugins=manager)


def test_every_documented_plugin_is_collected_without_complaint(written):
    for name in MODULES:
        registry = plugins(name).registry()
        assert name in registry.plugins
        assert not registry.broken


def test_the_modality_plugins_offer_reflexology(written):
    for name in ("reflexology", "feet"):
        service = SWEDISH.replace("swedish", "reflexology")
        assert build(plugins(name), service).modalities["reflexology"].properties == ()


def test_the_addon_type_plugin_makes_a_scrub_screenable(written):
    scrub = '[addons.salt-scrub]\nname = "Salt scrub"\nprice = "15.00"'
    catalogue = build(plugins("salt_scrub"), SWEDISH, scrub)
    assert catalogue.addon_properties(catalogue.addons["salt-scrub"]) == {"region-bound"}


def test_the_loyalty_tiers_rule_type_prices_by_the_clients_tier(written):
    rule = '[[rules]]\nid = "loyalty"\ntype = "loyalty-tiers"\ntiers = { gold = 15, silver = 10 }'
    catalogue = build(plugins("loyalty"), SWEDISH, rule)
    gold = catalogue.quote("swedish", 60, tags=["gold"], at=MONDAY)
    assert gold.total.minor == 8075
    assert gold.warnings == ()  # tags_read() says the rule reads "gold"
    assert catalogue.quote("swedish", 60, at=MONDAY).total.minor == 9500
    menu = servicekit.loads(catalogue_text(SWEDISH, rule), plugins=plugins("loyalty"))
    offers = menu.export("json").content.decode()
    assert "15% for gold, 10% for silver off all services and all add-ons" in offers


def test_the_referral_condition_holds_for_referred_clients(written):
    rule = (
        '[[rules]]\nid = "partner"\ntype = "percent-off"\npercent = 10\n'
        'when = { referred_by = ["dr-lee"] }'
    )
    catalogue = build(plugins("referrals"), SWEDISH, rule)
    assert catalogue.quote("swedish", 60, tags=["dr-lee"], at=MONDAY).total.minor == 8550
    assert catalogue.quote("swedish", 60, at=MONDAY).total.minor == 9500


def intake(**client) -> dict:
    answered = {"conditions": [], "medications": [], "allergies": []}
    return {"client": {**answered, "under_physician_care": False, **client}}


def test_the_screening_rule_plugin_keeps_work_off_the_scalp(written):
    catalogue = build(plugins("scalp"), SWEDISH)
    screening = catalogue.screen(
        intake(conditions=["inflammation-flare"]), "swedish", at="2026-11-30"
    )
    assert "scalp-psoriasis" in {finding.rule for finding in screening.findings}


@pytest.mark.parametrize("name", ["near_term", "near_term_policy"])
def test_the_check_plugins_note_a_client_near_term(written, name):
    catalogue = build(plugins(name), SWEDISH)
    pregnant = {**intake(), "pregnancy": {"weeks": 38, "high_risk": False}}
    screening = catalogue.screen(pregnant, "swedish", at="2026-11-30")
    assert "near-term" in {finding.rule for finding in screening.findings}


def test_the_vocabulary_plugin_adds_words_its_check_reads(written):
    catalogue = build(plugins("loose_joints"), SWEDISH)
    client = intake(conditions=["Double-Jointed"], medications=["Eliquis"])
    screening = catalogue.screen(client, "swedish", at="2026-11-30")
    assert "hypermobility-stretching" in {finding.rule for finding in screening.findings}
    assert catalogue.vocabulary.origins[("conditions", "hypermobility")] == "loose_joints"
    assert catalogue.vocabulary.read("medications", "eliquis") == "anticoagulant"


def test_the_exporter_plugin_writes_names_and_warns_of_rules(written):
    rule = '[[rules]]\nid = "x"\ntype = "percent-off"\npercent = 5'
    export = build(plugins("names"), SWEDISH, rule).export("names")
    assert export.content == b"Swedish: 95.00 USD\nSwedish: 130.00 USD\n"
    assert [w.message for w in export.warnings] == ["rule 'x' is not in a list of names"]


def test_the_validator_plugin_warns_of_services_without_a_credential(written):
    catalogue = build(plugins("credentials_named"), SWEDISH)
    assert [w.message for w in catalogue.warnings] == ["names no credential"]


def test_the_command_plugin_runs_with_the_runs_plugins(written):
    path = written / "catalogue.toml"
    path.write_text(catalogue_text(SWEDISH), encoding="utf-8")
    result = CliRunner().invoke(cli, ["-p", "prices", "prices", str(path)])
    assert result.output == "swedish 60 min: 95.00 USD\nswedish 90 min: 130.00 USD\n"


@pytest.mark.parametrize(
    "test_file",
    # test_reflexology.py is run by tests/test_docs.py, with the plugin it tests.
    sorted(name for name in FILES if name.startswith("test_") and name != "test_reflexology.py"),
)
def test_the_documented_tests_pass(written, test_file):
    result = run_pytest(written, test_file)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"\b\d+ passed", result.stdout)


def test_the_pyproject_fragment_names_a_documented_plugin():
    (fragment,) = [text for language, text in BLOCKS if "entry-points" in text]
    points = tomllib.loads(fragment)["project"]["entry-points"]["servicekit"]
    assert set(points.values()) <= set(MODULES)


def test_the_settings_fragment_is_what_the_plugin_reads():
    (fragment,) = [text for language, text in BLOCKS if "[plugins." in text]
    manager = servicekit.plugin_manager(entry_points=["medical-billing"])
    catalogue = build(manager, SWEDISH, fragment)
    settings = catalogue.plugin_settings["medical-billing"]
    assert (
        settings["provider"]["npi"]
        == tomllib.loads(fragment)["plugins"]["medical-billing"]["provider"]["npi"]
    )
    assert not catalogue.warnings
