"""What a POS integration builds on, as docs/pos-integration.md promises it: a loaded catalogue
shared across threads, the JSON schemas of what it reads, and the exceptions a call raises."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import jsonschema
import pytest

import servicekit
from servicekit import square
from servicekit.schema import quote_schema
from tests.conftest import CATALOGUES, REPO, first_party_plugins

CLINIC = REPO / "catalogues" / "therapeutic-clinic.toml"
POS_DOC = (REPO / "docs" / "pos-integration.md").read_text(encoding="utf-8")


def work(catalogue: servicekit.Catalogue, n: int) -> tuple:
    """What a counter asks of a catalogue all day: quotes, screenings, exports, a plan."""
    service = list(catalogue.services)[n % len(catalogue.services)]
    duration = catalogue.services[service].variations[0].duration
    quote = catalogue.quote(service, duration, at=f"2026-12-0{1 + n % 7}T1{n % 10}:00")
    screening = catalogue.screen(
        REPO / "catalogues" / "intakes" / "healthy.toml", service, at="2026-12-04"
    )
    plan = square.plan(catalogue, square.SyncState.start(catalogue))
    return (
        json.dumps(quote.to_dict(), sort_keys=True),
        screening.verdict,
        catalogue.export("json").content,
        catalogue.export("square").content,
        [change.line() for change in plan.changes],
    )


def test_a_loaded_catalogue_is_safe_to_share_across_threads():
    catalogue = servicekit.load(CLINIC, plugins=first_party_plugins())
    alone = [work(catalogue, n) for n in range(16)]
    for _ in range(3):
        with ThreadPoolExecutor(max_workers=8) as pool:
            together = list(pool.map(lambda n: work(catalogue, n), range(16)))
        assert together == alone


def test_the_quote_schema_is_what_servicekit_prints_and_every_quote_passes_it(run):
    printed = json.loads(run("schema", "quote").output)
    assert printed == quote_schema()
    jsonschema.Draft202012Validator.check_schema(printed)
    validator = jsonschema.Draft202012Validator(printed)
    plugins = first_party_plugins()
    for path in CATALOGUES:
        catalogue = servicekit.load(path, plugins=plugins)
        for service in catalogue.services.values():
            places = service.locations or tuple(catalogue.locations)[:1] or (None,)
            for variation in service.variations:
                quote = catalogue.quote(
                    service.id,
                    variation.duration,
                    addons=service.addons[:1],
                    at="2026-12-04T18:30",
                    location=places[0],
                )
                assert list(validator.iter_errors(quote.to_dict())) == []


def test_the_quote_json_on_the_command_line_passes_the_schema(run):
    result = run("quote", CLINIC, "deep-tissue", "--duration", "90", "--format", "json")
    jsonschema.validate(json.loads(result.stdout), quote_schema())


@pytest.mark.parametrize(
    "name",
    [
        "CatalogueError",
        "PluginError",
        "BookingError",
        "IntakeError",
        "ScreeningIncomplete",
        "ExportError",
        "ImportingError",
        "ServicekitError",
    ],
)
def test_every_exception_a_call_can_raise_is_documented(name):
    assert f"`{name}`" in POS_DOC


def test_the_stability_promise_and_the_changelog_are_written_down():
    assert "semantic versioning" in POS_DOC.lower()
    assert "deprecat" in POS_DOC.lower()
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## 0.2.0" in changelog
    assert "--square-ids" in changelog  # what is deprecated, and until when
