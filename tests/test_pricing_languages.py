"""Pricing in English, German, French and Spanish: `servicekit quote --locale`, the quote's
`text` beside its English JSON (and over HTTP), every reason the engine gives in every
language, and a plugin's rule type and condition worded in German the way the built-in ones
are."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

import servicekit
from servicekit.i18n.catalogue_text import FIELDS
from servicekit.menus import render_menu
from servicekit.schema import quote_schema
from tests.conftest import REPO, SWEDISH, assert_user_error, catalogue_text
from tests.test_stored_quotes import STORED_SET, as_since, bookings, catalogues

SPA = REPO / "catalogues" / "day-spa.toml"
CLINIC = REPO / "catalogues" / "therapeutic-clinic.toml"
WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
NBSP = "\u00a0"
HOLIDAY_IN_BERLIN = (
    "quote", SPA, "klassische-massage", "--duration", "60", "--addon", "hot-towels",
    "--at", "2026-12-25T14:00", "--tag", "first-visit",
)  # fmt: skip


def words(text: str) -> set[str]:
    return set(WORD.findall(text))


def own_words(catalogue: servicekit.Catalogue) -> set[str]:
    """What a catalogue says itself, in every language it has, and its ids: the same in a
    quote or menu of any language."""
    found: set[str] = set()

    def take(entry: Any) -> None:
        for field in (*FIELDS, "label", "address"):
            value = getattr(entry, field, None)
            if isinstance(value, str):
                found.update(words(value))
        for translation in (getattr(entry, "translations", None) or {}).values():
            take(translation)

    take(catalogue.clinic)
    for table in ("services", "addons", "categories", "credentials", "taxes", "locations"):
        for ident, entry in getattr(catalogue, table).items():
            found.update(words(ident))
            take(entry)
    for table in ("levels", "modalities"):
        for ident, entry in getattr(catalogue, table).items():
            found.update(words(ident))
            take(entry)
    for rule in catalogue.rules:
        found.update(words(rule.id))
        found.update(words(" ".join((*rule.when.tags, *rule.when.not_tags))))
        found.update(words(rule.when.promo or ""))
        take(rule)
    for tax in catalogue.taxes.values():
        found.update(words(" ".join(tax.exempt_tags)))
    return found | words(catalogue.clinic.timezone)


# -- servicekit quote --locale ----------------------------------------------------------------


def test_the_german_quote_of_the_day_spa_has_no_english_word(run):
    german = run(*HOLIDAY_IN_BERLIN)  # the clinic's locale, de_DE
    english = run(*HOLIDAY_IN_BERLIN, "--locale", "en_US")
    assert german.exit_code == 0, german.output
    text = german.output.replace(NBSP, " ")  # Babel's: "15 %", "79,00 €"
    assert "Klassische Massage, 60 Min. — Fr., 25. Dez. 2026, 14:00 (Europe/Berlin)" in text
    assert "Feiertagszuschlag          15 % von 79,00 €" in text
    assert "So entsteht der Preis:" in text
    assert "Rabatt: Termin an einem Freitag; gilt nur Montag–Donnerstag" in text
    assert "Aufschlag für Klassische Massage, 60 Min.: 15 % von 79,00 € (11,85 €)" in text
    assert "Classic massage, 60 min — Fri, Dec 25, 2026, 2:00\u202fPM" in english.output
    assert "it is a Friday; it applies on Monday–Thursday only" in english.output
    shared = words(text) & words(english.output)
    catalogue = servicekit.load(SPA)
    assert shared - own_words(catalogue) - {"first-visit"} == set()


def test_a_french_quote_writes_french_typography(run):
    result = run(
        "quote", CLINIC, "deep-tissue", "--duration", "90", "--addon", "hot-stones",
        "--tag", "first-visit", "--at", "2026-12-04T18:30", "--locale", "fr_FR",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "Deep Tissue Massage, 90 min — ven. 4 déc. 2026, 18:30 (America/Chicago)" in lines
    assert f"Pourquoi ce prix{NBSP}:" in lines
    assert (
        f"  Deposit on bookings over $150{NBSP}: 50,00{NBSP}$US à régler à la réservation" in lines
    )
    audit = lines[lines.index(f"Pourquoi ce prix{NBSP}:") + 1 :]
    assert all(f"{NBSP}: " in line and " : " not in line for line in audit)
    capped = f"20{NBSP}% de 176,00{NBSP}$US, dans la limite de 30,00{NBSP}$US"
    assert any(capped in line for line in audit)
    assert f"prix de base{NBSP}: étiquette client member absente" in result.output


def test_a_quote_in_json_keeps_its_english_and_adds_the_readers_text(run):
    asked = {
        "service": "klassische-massage", "duration": 60, "addons": ["hot-towels"],
        "at": "2026-12-25T14:00", "tags": ["first-visit"],
    }  # fmt: skip
    catalogue = servicekit.load(SPA)
    english = catalogue.quote(**asked).to_dict()
    said = catalogue.quote(**asked, locale="de-DE").to_dict()
    assert (said.pop("locale"), said.pop("text")) == ("de_DE", {"total": "96,85\u00a0€"})
    assert _without_text(said) == english  # ids and English as they were, byte for byte
    entry = next(entry for entry in said["audit"] if entry["rule"] == "ruhige-stunden")
    days = "Monday, Tuesday, Wednesday or Thursday"
    assert entry["reason"] == f"it is a Friday; it applies on {days} only"
    assert entry["text"] == {
        "outcome": "Bedingung nicht erfüllt",
        "stage": "Rabatt",
        "reason": "Termin an einem Freitag; gilt nur Montag–Donnerstag",
        "line": None,
        "amount": None,
    }
    assert said["lines"][0]["text"] == {
        "label": "Klassische Massage, 60 Min.",
        "detail": None,
        "amount": "79,00\u00a0€",
    }
    assert said["lines"][-1]["text"]["included"] == "15,47\u00a0€"
    printed = run(*HOLIDAY_IN_BERLIN, "--format", "json", "--locale", "de_DE")
    assert json.loads(printed.output) == catalogue.quote(**asked, locale="de_DE").to_dict()
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.validate(json.loads(printed.output), quote_schema())
    assert "text" not in json.loads(run(*HOLIDAY_IN_BERLIN, "--format", "json").output)


def _without_text(found: Any) -> Any:
    if isinstance(found, dict):
        return {key: _without_text(value) for key, value in found.items() if key != "text"}
    if isinstance(found, list):
        return [_without_text(value) for value in found]
    return found


def test_a_visit_reads_by_guest_in_spanish(run):
    result = run(
        "quote", CLINIC, "swedish:60@ann", "deep-tissue:90+hot-stones@ben",
        "--at", "2026-12-05T18:30", "--tag", "member@ann", "--promo", "WINTER10",
        "--tag", "memebr", "--locale", "es_ES",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = result.output.replace(NBSP, " ")
    assert "Visita — sáb, 5 dic 2026, 18:30 (America/Chicago)" in text
    assert "ann\n    18:30  Swedish Massage, 60 min" in text
    assert "Comprobar:" in text or "Revisar:" in text or "¿quería decir «member»?" in text
    assert "Por qué este precio:" in text
    assert "oferta combinada: requiere Therapeutic & medical massage y Assisted Stretching" in text


def test_a_locale_servicekit_cannot_read_is_refused_with_the_one_meant(run):
    assert_user_error(
        run(*HOLIDAY_IN_BERLIN, "--locale", "en_us"),
        "'en_us' is not a locale servicekit knows (did you mean 'en_US'?",
    )


def test_over_http_a_quote_takes_its_readers_locale(plugins):
    pytest.importorskip("litestar", reason="servicekit serve needs the serve extra")
    from litestar.testing import TestClient

    from servicekit.serving import Settings, create_app

    body = {"service": "klassische-massage", "duration": 60, "at": "2026-12-25T14:00"}
    with TestClient(create_app(Settings(str(SPA)), plugins=plugins)) as client:
        said = client.post("/quote", json={**body, "locale": "fr_FR"})
        english = client.post("/quote", json=body)
        refused = client.post("/quote", json={**body, "locale": "xx_YY"})
    assert said.status_code == 200, said.text
    answer = said.json()
    assert (answer.pop("locale"), answer["lines"][0]["text"]["label"]) == (
        "fr_FR",
        "Klassische Massage, 60 min",
    )
    assert _without_text(answer) == english.json()
    assert refused.status_code == 400
    assert "'xx_YY' is not a locale" in refused.text


# -- every reason in every language -----------------------------------------------------------

LANGUAGE_WORDS = {"a", "in", "no", "min", "code", "promo", "total"}
"""Words of English and another of the languages: the Spanish "a" and "no" ("de viernes a
domingo", "no tiene"), the German "in" ("in The Beaches"), "min" in French and Spanish, the
French "code promo" and "total"."""


def stored_bookings() -> Iterator[tuple[servicekit.Catalogue, dict[str, Any], dict[str, Any]]]:
    for name, catalogue in catalogues().items():
        for entry, booking in zip(STORED_SET[name], bookings(catalogue), strict=True):
            if "quote" in entry:
                yield catalogue, booking, as_since(entry["quote"])


@pytest.mark.parametrize("locale", ["de_DE", "fr_FR", "es_ES"])
def test_every_stored_quote_reads_in_the_language_with_its_english_unchanged(locale):
    """The stored quotes cover every outcome and built-in rule type and condition: each reads
    in the reader's language, with no English word left but the catalogue's own."""
    seen = 0
    for catalogue, booking, stored in stored_bookings():
        asked = {key: value for key, value in booking.items() if key != "scenario"}
        said = catalogue.quote(**asked, locale=locale).to_dict()
        said.pop("locale")
        said.pop("warnings", None)
        assert _without_text(said) == stored, booking
        asked = " ".join((*booking.get("tags", ()), *booking.get("promos", ())))
        asked = words(asked) | words(asked.upper())  # codes are read in capitals
        own = own_words(catalogue) | asked | LANGUAGE_WORDS
        for english, text in _worded(said):
            left = words(text) & words(english) - own
            assert not left, (locale, english, text, booking)
            seen += 1
    assert seen > 5_000


def _worded(said: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """Each English text of a quote's JSON with what its reader reads instead."""
    records = [*said["lines"], *said["audit"], *filter(None, [said["deposit"]]), *said["fees"]]
    for record in records:
        for field in ("label", "detail", "reason"):
            if record.get(field):
                yield record[field], record["text"][field]


# -- words are made when read ------------------------------------------------------------------


def test_a_quote_no_one_reads_in_a_language_words_nothing_for_one(monkeypatch):
    from servicekit.pricing.reading import Reading

    def unread(*_: object) -> None:
        raise AssertionError("worded for a reader no one asked for")

    catalogue = servicekit.load(SPA)
    monkeypatch.setattr(Reading, "__init__", unread)
    quote = catalogue.quote("klassische-massage", 60, at="2026-12-25T14:00")
    assert "text" not in quote.to_dict()
    assert quote.audit
    assert quote.lines
    with pytest.raises(AssertionError, match="no one asked for"):
        catalogue.quote("klassische-massage", 60, at="2026-12-25T14:00", locale="de").to_dict()


# -- a plugin's words ---------------------------------------------------------------------------


def students_plugin() -> str:
    """The plugin docs/pricing.md shows in "Words in any language", as written there."""
    text = (REPO / "docs" / "pricing.md").read_text(encoding="utf-8")
    section = text[text.index("## Words in any language") :]
    (plugin,) = re.findall(r"^```python\n(.*?)^```", section.split("\n## ")[0], re.M | re.S)
    return plugin


GERMAN = {
    "%(percent)s off %(targets)s for students": "%(percent)s Studierendenrabatt auf %(targets)s",
    "student price: %(percent)s of %(base)s": "Studierendenpreis: %(percent)s von %(base)s",
    "not enrolled at %(schools)s": "nicht eingeschrieben an %(schools)s",
    "for students of %(schools)s": "für Studierende an %(schools)s",
}
STUDENT_RULE = """
[[rules]]
id = "students"
type = "student-price"
name = "Student price"
applies_to = ["services"]
when = { enrolled_at = ["tu-berlin"] }
percent = 20
"""


@pytest.fixture
def students(plugin_module, tmp_path) -> servicekit.Catalogue:
    """A catalogue with the documented plugin's rule type and condition, the plugin's German
    compiled from its own message catalogue, as `pybabel compile` makes it."""
    name = plugin_module("students_plugin", students_plugin())
    german = Catalog(locale="de", domain="students")
    for message, translation in GERMAN.items():
        german.add(message, translation)
    compiled = tmp_path / "plugin_modules" / "locales" / "de" / "LC_MESSAGES"
    compiled.mkdir(parents=True)
    with open(compiled / "students.mo", "wb") as file:
        write_mo(file, german)
    plugins = servicekit.plugin_manager(entry_points=False, modules=[name])
    return servicekit.loads(catalogue_text(SWEDISH, STUDENT_RULE), plugins=plugins)


def test_a_plugins_rule_type_and_condition_speak_german_as_the_built_in_ones_do(students):
    german = " ".join(render_menu(students, "text", locale="de_DE").split())  # lines unwrapped
    assert "20 % Studierendenrabatt auf alle Behandlungen; für Studierende an tu-berlin." in german
    english = " ".join(render_menu(students, "text").split())
    assert "20% off all services for students; for students of tu-berlin." in english
    enrolled = students.quote("swedish", 60, tags=["tu-berlin"], at="2026-11-30T10:00")
    assert enrolled.lines[1].detail == "student price: 20% of $95.00"  # JSON's English
    worded = "Studierendenpreis: 20\u00a0% von 95,00\u00a0$"
    assert enrolled.said("de_DE").lines[1].detail == worded
    assert enrolled.said("de_DE").audit[-1].reason == worded
    walk_in = students.quote("swedish", 60, at="2026-11-30T10:00", locale="de_DE")
    (entry,) = [entry for entry in walk_in.to_dict()["audit"] if entry["rule"] == "students"]
    assert entry["reason"] == "not enrolled at tu-berlin"
    assert entry["text"]["reason"] == "nicht eingeschrieben an tu-berlin"
    # A language the plugin has no words for: its English, in the reader's money and lists.
    french = enrolled.said("fr_FR").lines[1].detail
    assert french == "student price: 20\u00a0% of 95,00\u00a0$US"
