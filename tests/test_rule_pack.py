"""Screening cannot conclude without its rules: the rule pack switched off or lost, or the
first-party checks a catalogue's own work relies on missing, makes it incomplete (exit 5),
saying what is missing; `servicekit plugins` shows it."""

from __future__ import annotations

import json

import pytest

from tests.conftest import REPO, SWEDISH, catalogue_text

CLINIC_TOML = REPO / "catalogues" / "therapeutic-clinic.toml"
SURGERY = REPO / "catalogues" / "intakes" / "recent-surgery.json"
DAY = "2026-12-04"
MISSING = "the contraindication rule pack (plugin 'builtin-screening')"


def screen(run, *options: str, env: dict[str, str] | None = None):
    return run(*options, "screen", CLINIC_TOML, "swedish", "--intake", SURGERY, "--at", DAY,
               env=env)  # fmt: skip


def test_with_the_rule_pack_the_surgery_waits_for_clearance(run):
    assert screen(run).exit_code == 3


@pytest.mark.parametrize(
    ("options", "env"),
    [
        ((), {"SERVICEKIT_DISABLE_PLUGINS": "builtin-screening"}),
        (("-p", "no:builtin-screening"), None),
    ],
    ids=["environment", "-p no:"],
)
def test_a_blocked_rule_pack_makes_screening_incomplete_not_clear(run, options, env):
    result = screen(run, *options, env=env)
    assert result.exit_code == 5, result.output
    assert "Verdict: INCOMPLETE" in result.output
    assert f"{MISSING} is blocked, so no rule screens this intake" in result.output
    listed = run(*options, "plugins", env=env)
    assert "builtin-screening (builtin): BLOCKED" in listed.output
    assert "every screening is incomplete without the contraindication rule pack" in (
        listed.output
    )
    (pack,) = [
        plugin
        for plugin in json.loads(run(*options, "plugins", "--format", "json", env=env).output)
        if plugin["name"] == "builtin-screening"
    ]
    assert pack["blocked"] is True


def test_a_broken_rule_pack_makes_screening_incomplete_and_is_listed(run, monkeypatch):
    from servicekit.builtin import screening
    from servicekit.screening.bundled import rules

    def unreadable() -> tuple:
        raise FileNotFoundError("No such file: 'contraindications.toml'")

    monkeypatch.setattr(rules, "rules", unreadable)
    screening.pack.cache_clear()
    try:
        result = screen(run)
        assert result.exit_code == 5, result.output
        assert f"{MISSING} is broken and was left out" in result.output
        assert "FileNotFoundError: No such file: 'contraindications.toml'" in result.output
        assert "reinstall servicekit" in result.output
        listed = run("plugins").output
        assert "builtin-screening (builtin): BROKEN, left out" in listed
        assert run("quote", CLINIC_TOML, "swedish", "--duration", "60").exit_code == 0
    finally:
        screening.pack.cache_clear()


MLD = """
[credentials.clt]
name = "Certified Lymphedema Therapist"
[modalities.mld]
name = "Manual lymphatic drainage"
description = "Light strokes that move lymph."
specialty = true
requires = ["clt"]
properties = ["lymphatic-drainage"]
[services.mld]
name = "Lymphatic Drainage"
category = "massage"
modality = "mld"
variations = [{ duration = 60, price = "120" }]
"""


@pytest.mark.parametrize(
    "env",
    [
        {"SERVICEKIT_LOAD_PLUGINS": "prenatal,oncology"},
        {"SERVICEKIT_DISABLE_PLUGINS": "lymphatic"},
    ],
    ids=["allow-list without it", "environment"],
)
def test_a_catalogues_own_work_without_the_first_party_checks_for_it_is_incomplete(
    run, write, env
):
    catalogue = write(catalogue_text(SWEDISH, MLD))
    healthy = REPO / "catalogues" / "intakes" / "healthy.toml"
    loaded = run("screen", catalogue, "swedish", "--intake", healthy, "--at", DAY)
    assert loaded.exit_code == 0, loaded.output
    result = run("screen", catalogue, "swedish", "--intake", healthy, "--at", DAY, env=env)
    assert result.exit_code == 5, result.output
    assert (
        "service 'mld' is lymphatic-drainage work, which the checks of servicekit-lymphatic "
        "screen, and it is not loaded (servicekit-lymphatic is installed but not loaded"
    ) in result.output
    assert run("check", catalogue, env=env).exit_code == 0  # the catalogue itself is fine


def test_a_first_party_plugin_blocked_is_listed_with_what_screening_makes_of_it(run):
    listed = run("-p", "no:lymphatic", "plugins").output
    assert "lymphatic (entry point): BLOCKED" in listed
    assert (
        "screening is incomplete for a catalogue with lymphatic-drainage work of its own: "
        "this plugin's checks screen it"
    ) in listed


def test_the_bundled_data_is_the_toml_it_is_generated_from():
    # Start-up reads the vocabulary, the rule pack and its sources from `bundled`, generated
    # from the TOML files beside it: edit one and forget `python -m
    # servicekit.screening.generate`, and this fails.
    import tomli

    from servicekit.screening import generate
    from servicekit.screening.bundled import MODULES
    from servicekit.screening.vocabulary import read_data

    assert sorted(MODULES) == sorted(path.name for path in generate.read_as_data())
    for path in generate.data_files():
        assert read_data(path.name) == tomli.loads(path.read_text("utf-8")), path.name
    # Each read gives a copy of its own: a caller changing it changes nobody else's.
    read_data("sources.toml").clear()
    assert read_data("sources.toml")


def test_the_bundled_rule_pack_is_what_the_converter_reads_from_its_toml():
    # The rule pack's records are built by generated code, unchecked at start-up: they must
    # be the very records the converter reads (and checks) from the TOML.
    from servicekit.builtin.screening import pack
    from servicekit.screening import generate

    read = generate.pack()
    assert len(read) == 73
    assert pack() == read


def _fields(vocabulary) -> list:
    """A vocabulary's fields, and the order of each mapping's keys (it has no equality)."""
    import attrs

    found = []
    for field in attrs.fields(type(vocabulary)):
        value = getattr(vocabulary, field.name)
        found.append((field.name, value, list(value) if hasattr(value, "keys") else None))
    return found


def test_the_bundled_vocabulary_is_what_is_built_from_its_toml():
    # servicekit's own words are built by generated code: the very vocabulary built from the
    # data of vocabulary.toml, key for key, in the same order.
    from servicekit.screening.vocabulary import read_data, vocabulary, vocabulary_of

    assert _fields(vocabulary()) == _fields(vocabulary_of(read_data("vocabulary.toml")))
    assert len(vocabulary().conditions) > 40


def test_the_generated_modules_are_what_the_generator_writes():
    # Regenerating from unchanged TOML changes nothing but formatting: each module builds
    # the same data.
    import importlib

    from servicekit.screening import generate

    for path, text in generate.modules().items():
        namespace: dict = {}
        exec(compile(text, str(path), "exec"), namespace)
        name = "servicekit.screening.bundled"
        module = importlib.import_module(
            name if path.stem == "__init__" else f"{name}.{path.stem}"
        )
        for name in ("data", "rules", "MODULES"):
            if name in namespace:
                made, bundled = namespace[name], getattr(module, name)
                assert (made() == bundled()) if callable(made) else made == bundled, path
        if "vocabulary" in namespace:
            assert _fields(namespace["vocabulary"]()) == _fields(module.vocabulary()), path
