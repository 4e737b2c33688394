"""`servicekit check` on good catalogues: the summary people read and the JSON programs read."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import servicekit
from servicekit.checking import check
from tests.conftest import CATALOGUES, REPO, SWEDISH, catalogue_text

CLINIC_TOML = REPO / "catalogues" / "therapeutic-clinic.toml"


def test_check_summarizes_the_bundled_clinic(run):
    result = run("check", CLINIC_TOML)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:3] == [
        f"{CLINIC_TOML}: ok",
        "  Riverside Therapeutic Massage (USD, en_US, America/Chicago)",
        "  9 services with 20 variations, 4 categories, 3 add-ons, 12 rules, 1 tax, "
        "5 credentials, 0 locations, 0 therapist levels",
    ]
    assert "  modalities from prenatal: prenatal" in result.output  # a first-party plugin
    assert (
        "  modalities from builtin-modalities: assisted-stretching, deep-tissue, " in result.output
    )
    assert (
        "  rule types from builtin-rules: bundle, cancellation-fee, deposit, gratuity, "
        "membership, package, percent-off, set-price, surcharge"
    ) in result.output


def test_check_json_has_the_same_facts(run):
    result = run("check", CLINIC_TOML, "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.output)
    assert report["ok"] is True
    (entry,) = report["catalogues"]
    assert entry["errors"] == []
    assert entry["warnings"] == []
    assert entry["summary"]["counts"]["services"] == 9
    assert entry["summary"]["counts"]["variations"] == 20
    assert entry["summary"]["contributions"]["builtin-addons"] == {
        "addon_types": ["aromatherapy", "cupping", "hot-stones"]
    }


def test_check_json_matches_the_python_api(run):
    result = run("check", CLINIC_TOML, "--format", "json")
    assert json.loads(result.output)["catalogues"][0] == check(CLINIC_TOML).to_dict()


def test_every_bundled_catalogue_checks_clean(run):
    assert len(CATALOGUES) >= 2
    result = run("check", *CATALOGUES)
    assert result.exit_code == 0, result.output
    assert f"{len(CATALOGUES)} catalogues checked, 0 failed" in result.output
    assert "warning" not in result.output


def test_several_files_are_checked_and_one_failure_fails_the_run(run, write):
    bad = write(catalogue_text(SWEDISH.replace('"95.00"', '"-1"')), "bad.toml")
    result = run("check", CLINIC_TOML, bad)
    assert result.exit_code == 1
    assert f"{CLINIC_TOML}: ok" in result.output
    assert f"{bad}: failed, 1 error" in result.output
    assert "2 catalogues checked, 1 failed" in result.output


def test_check_json_reports_errors_with_path_and_line(run, write):
    bad = write(catalogue_text(SWEDISH.replace('"95.00"', '"-1"')))
    result = run("check", bad, "--format", "json")
    assert result.exit_code == 1
    (entry,) = json.loads(result.output)["catalogues"]
    assert entry["ok"] is False
    assert entry["summary"] is None
    assert entry["errors"] == [
        {
            "severity": "error",
            "path": "$.services.swedish.variations[0].price",
            "line": 16,
            "message": "-1 is negative",
            "hint": "a price must be 0 or more",
        }
    ]


def test_warnings_do_not_fail_the_check(run, write):
    addon = '[addons.scrub]\nname = "Foot scrub"\nprice = "10.00"'
    result = run("check", write(catalogue_text(SWEDISH, addon, "[categories.empty]\nname = 'E'")))
    assert result.exit_code == 0, result.output
    assert "warning: $.addons.scrub: is not offered with any service" in result.output
    assert "warning: $.categories.empty: has no services" in result.output


def test_the_built_catalogue_is_frozen_and_resolved(plugins):
    catalogue = servicekit.load(CLINIC_TOML, plugins=plugins)
    swedish = catalogue.services["swedish"]
    assert swedish.variation(60).price == servicekit.Money("95.00", "USD")
    assert catalogue.modality_of(swedish).name == "Swedish massage"
    assert catalogue.credentials_for(catalogue.services["assisted-stretching"]) == (
        "lmt",
        "stretch-cert",
    )
    assert list(catalogue.categories) == ["relaxation", "therapeutic", "mobility", "specialty"]
    assert catalogue.addon_type_of(catalogue.addons["hot-stones"]).properties == {
        "heat",
        "region-bound",
    }
    for attempt in (
        lambda: setattr(catalogue, "services", {}),
        lambda: catalogue.services.__setitem__("x", swedish),
        lambda: setattr(swedish, "name", "x"),
    ):
        try:
            attempt()
        except (AttributeError, TypeError):
            continue
        raise AssertionError("the catalogue could be changed")


def test_loads_builds_from_text_and_names_the_source(plugins):
    catalogue = servicekit.loads(catalogue_text(SWEDISH), source="inline", plugins=plugins)
    assert catalogue.source == "inline"
    assert [v.duration for v in catalogue.services["swedish"].variations] == [60, 90]
    with pytest.raises(servicekit.CatalogueError, match=r"^inline:"):
        servicekit.loads(catalogue_text(SWEDISH, "oops"), source="inline", plugins=plugins)


def test_an_addon_takes_the_type_named_by_its_id_or_by_type(plugins):
    addons = """
    [addons.hot-stones]
    name = "Hot stones"
    price = "20"
    [addons.warm-stones]
    name = "Warm stones"
    price = "15"
    type = "hot-stones"
    [addons.scrub]
    name = "Scrub"
    price = "10"
    """
    service = SWEDISH + 'addons = ["hot-stones", "warm-stones", "scrub"]'
    catalogue = servicekit.loads(catalogue_text(service, addons), plugins=plugins)
    assert [a.type for a in catalogue.addons.values()] == ["hot-stones", "hot-stones", None]


def test_warnings_carry_their_lines_in_file_order(run, write):
    text = catalogue_text(
        SWEDISH,
        "[categories.empty]\nname = 'E'",
        '[addons.scrub]\nname = "S"\nprice = "1"\nproperties = []',
    )
    result = run("check", write(text), "--format", "json")
    warnings = json.loads(result.output)["catalogues"][0]["warnings"]
    assert [(w["path"], w["line"]) for w in warnings] == [
        ("$.categories.empty", 18),
        ("$.addons.scrub", 20),
    ]


def test_prices_are_stored_at_the_currency_precision(plugins):
    text = catalogue_text(SWEDISH.replace('"95.00"', "-0.0").replace('"130.00"', "1E1"))
    variations = servicekit.loads(text, plugins=plugins).services["swedish"].variations
    assert [str(v.price) for v in variations] == ["0.00 USD", "10.00 USD"]


def test_nothing_inside_a_catalogue_can_be_changed(plugins):
    rule = '[[rules]]\nid = "m"\ntype = "set-price"\nprices = { 60 = "80" }'
    catalogue = servicekit.loads(catalogue_text(SWEDISH, rule), plugins=plugins)
    attempts = [
        lambda: catalogue.rules[0].params.prices.__setitem__(60, None),
        lambda: catalogue.services["swedish"].variations.append(None),
        lambda: catalogue.modalities["swedish"].techniques.append("x"),
        lambda: setattr(catalogue.clinic, "currency", "EUR"),
    ]
    for attempt in attempts:
        with pytest.raises((AttributeError, TypeError)):
            attempt()
    assert hash(catalogue) == hash(catalogue)


def test_catalogue_errors_survive_pickling_for_process_pools(plugins):
    import pickle

    with pytest.raises(servicekit.CatalogueError) as caught:
        servicekit.loads(catalogue_text(SWEDISH.replace("60,", "0,")), plugins=plugins)
    copy = pickle.loads(pickle.dumps(caught.value))
    assert str(copy) == str(caught.value)
    assert copy.problems == caught.value.problems


def test_levels_and_categories_follow_their_order(plugins):
    levels = "[levels.senior]\nname = 'S'\norder = 2\n[levels.junior]\nname = 'J'\norder = 1"
    catalogue = servicekit.loads(catalogue_text(SWEDISH, levels), plugins=plugins)
    assert list(catalogue.levels) == ["junior", "senior"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (None, r"a catalogue is a table of keys, not nothing \(None\)"),
        ([], "a catalogue is a table of keys, not an array"),
    ],
)
def test_build_refuses_what_is_not_a_document(plugins, data, message):
    with pytest.raises(servicekit.CatalogueError, match=message):
        servicekit.build(data, plugins=plugins)


def test_build_refuses_python_floats_with_a_reason(plugins):
    import tomllib
    from decimal import Decimal

    data = tomllib.loads(catalogue_text(SWEDISH), parse_float=Decimal)
    data["services"]["swedish"]["variations"][0]["price"] = 95.5
    with pytest.raises(servicekit.CatalogueError, match=r"got a float \(95.5\)") as caught:
        servicekit.build(data, plugins=plugins)
    assert "a float cannot hold it exactly" in str(caught.value)


def test_help_and_version_start_without_loading_plugins_or_the_domain():
    # Start-up time is what a clinic manager feels on every command: `--help` and
    # `--version` must not pay for pluggy, attrs, cattrs, Babel or Jinja2.
    code = (
        "import sys\n"
        "from servicekit.cli import main\n"
        "for args in (['--help'], ['--version']):\n"
        "    try:\n"
        "        main(args)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "heavy = ('pluggy', 'attrs', 'cattrs', 'babel', 'jinja2', 'servicekit.plugins')\n"
        "print(sorted(name for name in heavy if name in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines()[-1] == "[]"


def test_loads_in_threads_share_one_pause_of_the_garbage_collector(tmp_path):
    import gc
    import threading

    from servicekit.collector import paused

    path = tmp_path / "catalogue.toml"
    path.write_text(catalogue_text(SWEDISH), encoding="utf-8")
    assert gc.isenabled()
    with paused():
        loaded = [servicekit.load(path) for _ in range(2)]  # nested: still paused after each
        assert not gc.isenabled()
        threads = [threading.Thread(target=servicekit.load, args=(path,)) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not gc.isenabled()
    assert gc.isenabled()
    assert all(catalogue.services for catalogue in loaded)


def test_check_loads_only_what_it_uses():
    # Issue #17: `check` starts without the exporters, the Square sync, the screening and
    # recommending engines, the menus and their templates: it needs none of them.
    clinic = REPO / "catalogues" / "therapeutic-clinic.toml"
    code = (
        "import sys\n"
        "from servicekit.cli import main\n"
        "try:\n"
        f"    main(['check', {str(clinic)!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "unused = ('servicekit.exporting.square.export', 'servicekit.exporting.square.catalog',\n"
        "          'servicekit.exporting.catalogue_json', 'servicekit.exporting.price_list',\n"
        "          'servicekit.screening.engine', 'servicekit.recommending',\n"
        "          'servicekit.menus', 'jinja2', 'servicekit.serving')\n"
        "print(sorted(name for name in unused if name in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "[]"
