"""Languages: servicekit's message catalogues, the catalogue's own translations, and the clock
and calendar of the reader's locale."""

from __future__ import annotations

import datetime as dt
import gettext
import html
import io
import re
import threading
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

import servicekit
from servicekit import formatting, i18n
from servicekit.menus import render_menu
from servicekit.menus.model import build_menu
from tests.conftest import CATALOGUES, CLINIC, REPO, SWEDISH, assert_user_error, catalogue_text

PLACEHOLDER = re.compile(r"%\((\w+)\)s")
FIELD = re.compile(r"\{\d*\}")
"""A `{}` of the audit trail's reasons (`servicekit.pricing.reasons`), maybe numbered."""


def extracted() -> dict[str, set[str]]:
    """Every message the source marks for translation, as `pybabel extract` finds it with
    the repository's babel.cfg, by the files it is in."""
    with open(REPO / "babel.cfg", encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    keywords = {**DEFAULT_KEYWORDS, "N_": None}
    found: dict[str | tuple[str, ...], set[str]] = {}
    for path, _, message, _, _ in extract_from_dir(
        str(REPO), method_map, options_map, keywords=keywords
    ):
        found.setdefault(message, set()).add(path)
    return found


def _placeholders_differ(said: str, english: set[str], message: object) -> bool:
    """A translation fills the English placeholders; a plural form may leave the count out."""
    own = set(PLACEHOLDER.findall(said))
    fields = len(FIELD.findall(said)) != len(FIELD.findall(" ".join(_forms(message))))
    return bool(own - english) if isinstance(message, tuple) else own != english or fields


def _forms(message: str | tuple[str, ...]) -> tuple[str, ...]:
    """A message's forms: the text, or its singular and plural."""
    return message if isinstance(message, tuple) else (message,)


def catalogue(language: str):
    po = i18n.LOCALES / language / "LC_MESSAGES" / "servicekit.po"
    with open(po, "rb") as file:
        return read_po(file)


def test_the_source_marks_the_menus_words_for_translation():
    messages = extracted()
    assert "Add-ons" in messages
    assert "Given by a therapist who holds: %(credentials)s." in messages
    assert any(path.endswith(".j2") for paths in messages.values() for path in paths)


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_message_has_a_translation_in_every_language(language):
    translated = catalogue(language)
    missing, wrong = [], []
    for message in extracted():
        entry = translated.get(message)
        strings = (
            entry.string
            if entry is not None and isinstance(entry.string, tuple)
            else ((entry.string,) if entry is not None else ())
        )
        english = set(PLACEHOLDER.findall(" ".join(_forms(message))))
        if entry is None or not all(strings) or entry.fuzzy:
            missing.append(message)
        elif any(_placeholders_differ(said, english, message) for said in strings):
            wrong.append(message)
    assert missing == [], (
        f"{language}: no translation for {missing}: run `pybabel extract` and `pybabel "
        "update` (docs/menus.md, Languages), translate, then `pybabel compile`"
    )
    assert wrong == [], f"{language}: placeholders differ from the English in {wrong}"


def test_the_english_catalogue_says_every_message_as_written():
    """English is what a quote's JSON and the exports say: a translation would change them."""
    for message in catalogue("en"):
        if message.id:
            assert _forms(message.string) == _forms(message.id), message.id


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_the_compiled_catalogue_is_the_translated_one(language):
    compiled = io.BytesIO()
    write_mo(compiled, catalogue(language))
    shipped = (i18n.LOCALES / language / "LC_MESSAGES" / "servicekit.mo").read_bytes()
    assert gettext.GNUTranslations(io.BytesIO(shipped))._catalog == (  # type: ignore[attr-defined]
        gettext.GNUTranslations(io.BytesIO(compiled.getvalue()))._catalog  # type: ignore[attr-defined]
    ), f"run `pybabel compile -D servicekit -d {i18n.LOCALES.relative_to(REPO)}`"


def test_the_installed_package_finds_its_catalogues():
    # CI installs servicekit from a wheel: this fails there if the wheel leaves them out.
    for language in ("de", "fr", "es"):
        assert isinstance(i18n.translations(language), gettext.GNUTranslations)
    with i18n.translating("de_AT"):  # a locale falls back to its language
        assert i18n._("Add-ons") == "Extras"
    with i18n.translating("ja_JP"):  # a language servicekit does not speak: English
        assert i18n._("Add-ons") == "Add-ons"


def test_the_active_locale_belongs_to_its_thread():
    said: dict[str, str] = {}

    def speak(locale: str) -> None:
        with i18n.translating(locale):
            said[locale] = i18n._("Offers")

    threads = [threading.Thread(target=speak, args=(loc,)) for loc in ("de", "fr", "es")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert said == {"de": "Angebote", "fr": "Offres", "es": "Ofertas"}
    assert i18n._("Offers") == "Offers"


def test_a_count_takes_the_languages_plural_and_fills_itself_in():
    assert i18n.ngettext("%(count)s session", "%(count)s sessions", 1) == "1 session"
    with i18n.translating("de_DE"):
        assert i18n.ngettext("%(count)s session", "%(count)s sessions", 1) == "1 Sitzung"
        assert i18n.ngettext("%(count)s session", "%(count)s sessions", 3) == "3 Sitzungen"
    with i18n.translating("fr_FR"):  # French counts 0 as one
        assert i18n.ngettext("%(count)s session", "%(count)s sessions", 0) == "0 séance"
    with i18n.translating("ja_JP"):  # a language servicekit does not speak: English, counted
        assert i18n.ngettext("%(count)s session", "%(count)s sessions", 3) == "3 sessions"
    assert i18n.N_("Offers") == "Offers"


def test_lists_are_joined_as_the_language_joins_them():
    with i18n.translating("de_DE"):
        assert i18n.join(["A", "B", "C"]) == "A, B und C"
    with i18n.translating("es_ES"):
        assert i18n.join(["A", "B"], "or") == "A o B"


@pytest.mark.parametrize(
    ("locale", "time", "date", "week"),
    [
        ("en_US", "5:00\u202fPM", "Dec 24, 2026", "sun"),
        ("de_DE", "17:00", "24.12.2026", "mon"),
        ("fr_FR", "17:00", "24 déc. 2026", "mon"),
        ("es_MX", "5:00\u202fp.m.", "24 dic 2026", "sun"),
    ],
)
def test_the_clock_and_calendar_follow_the_locale(locale, time, date, week):
    assert formatting.format_time(dt.time(17, 0), locale) == time
    assert formatting.format_date(dt.date(2026, 12, 24), locale) == date
    assert formatting.first_weekday(locale) == week


def test_days_are_listed_in_the_locales_week_and_words():
    days = ["sat", "mon", "tue", "wed"]
    assert formatting.weekdays(days, "en_US") == ["Monday–Wednesday", "Saturday"]
    assert formatting.weekdays(days, "de_DE") == ["Montag–Mittwoch", "Samstag"]
    assert formatting.weekdays(["tue", "sun"], "en_US") == ["Sunday", "Tuesday"]
    assert formatting.weekdays(["tue", "sun"], "de_DE") == ["Dienstag", "Sonntag"]
    # A row of days across the end of the week is one range, whichever day the week starts on.
    weekend = ["fri", "sat", "sun", "tue"]
    assert formatting.weekdays(weekend, "en_US") == ["Tuesday", "Friday–Sunday"]
    assert formatting.weekdays(weekend, "de_DE") == ["Dienstag", "Freitag–Sonntag"]
    assert formatting.weekdays(["sat", "sun", "mon", "tue"], "de_DE") == ["Samstag–Dienstag"]
    with i18n.translating("fr_FR"):  # without a locale: the active one
        assert formatting.weekdays(["fri"]) == ["vendredi"]


SPA = REPO / "catalogues" / "day-spa.toml"
WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")
"""A word, a hyphenated compound ("Hot-Stone-Ritual") kept whole."""


def words(text: str) -> set[str]:
    return set(WORD.findall(text))


def menu_words(catalogue, locale: str) -> set[str]:
    """The words of a catalogue's menu for readers of `locale`, in every format."""
    from servicekit.menus.render import render

    found = set()
    for fmt in ("text", "markdown", "html", "price-list"):
        page = render(build_menu(catalogue, locale=locale), fmt)
        if fmt in ("html", "price-list"):
            page = html.unescape(re.sub(r"<style>.*?</style>|<[^>]+>", " ", page, flags=re.S))
        found |= words(page)
    return found


def test_the_german_menu_has_no_english_word_at_all(plugins):
    """Every word of the German day spa's menu, rule summaries too, against its English menu,
    less the clinic's own name and address (the same in both)."""
    catalogue = servicekit.load(SPA, plugins=plugins)
    german, english = menu_words(catalogue, "de_DE"), menu_words(catalogue, "en_US")
    shared = words(catalogue.clinic.name) | words(catalogue.clinic.address or "")
    assert {"Massagen", "Rabatt", "Aufschlag", "Feiertagen", "Montag", "Donnerstag"} <= german
    assert {"Massages", "off", "added", "holidays", "Monday", "Thursday"} <= english
    assert (german - shared) & (english - shared) == set()


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.name)
@pytest.mark.parametrize("locale", ["fr_FR", "es_ES"])
def test_no_word_of_servicekits_is_english_in_a_french_or_spanish_menu(plugins, path, locale):
    """The bundled catalogues carry no French or Spanish text: their menus show it as written,
    and every other word (headings, rule summaries, notes) in the reader's language."""
    catalogue = servicekit.load(path, plugins=plugins)
    own = set()
    for table in ("services", "addons", "categories", "credentials", "locations", "levels"):
        own |= words(" ".join(getattr(catalogue, table)))
    for entry in (
        catalogue.clinic,
        *catalogue.services.values(),
        *catalogue.addons.values(),
        *catalogue.categories.values(),
        *catalogue.credentials.values(),
        *catalogue.taxes.values(),
        *catalogue.locations.values(),
        *catalogue.levels.values(),
        *catalogue.modalities.values(),
        *catalogue.rules,
    ):
        for field in ("name", "description", "address", "label", "email", "website"):
            own |= words(getattr(entry, field, None) or "")
    for variation in (v for service in catalogue.services.values() for v in service.variations):
        own |= words(variation.name or "")
    own |= {word.upper() for word in own}  # a heading in capitals
    own |= {tag for rule in catalogue.rules for tag in (*rule.when.tags, *rule.when.not_tags)}
    for reader in (locale, "en_US"):  # the currency's symbol: "$CA", "CA$"
        own |= words(formatting.format_money(servicekit.Money("1", catalogue.currency), reader))
    said, english = menu_words(catalogue, locale), menu_words(catalogue, "en_US")
    assert (said & english) - own - BOTH == set(), locale


BOTH = {"min", "code", "total", "subtotal", "Extra"}
"""Words of English and of French or Spanish: "min", the French "code promo" and "total", the
Spanish "subtotal" and "Extra" (an add-on)."""


def test_a_menu_in_one_of_the_clinics_locales_shows_its_translations(run):
    text = run("menu", SPA, "--locale", "en_US").stdout
    assert "Classic massage" in text
    assert "Add-ons: Aroma oil of your choice, Hot towels, Scalp massage" in text
    assert "Warm stones ..................... included" in text
    assert "Quiet hours: 10% off:" in text
    assert "€45.00" in text  # money as the reader's locale writes it
    german = run("menu", SPA).stdout
    assert "Klassische Massage" in german
    assert "Warme Steine ................... inklusive" in german
    assert "Alle Preise inklusive MwSt. (19\u00a0%)." in german


def test_a_menu_locale_may_be_a_language_and_falls_back_by_language(plugins):
    catalogue = servicekit.load(SPA, plugins=plugins)
    assert build_menu(catalogue, locale="en_GB").categories[0].name == "Massages"
    assert build_menu(catalogue, locale="de_AT").categories[0].name == "Massagen"
    french = build_menu(catalogue, locale="fr_FR")  # no French text: as written
    assert french.categories[0].name == "Massagen"
    assert french.addons[0].price == "inclus"


def test_an_unknown_menu_locale_says_which_it_might_be(run):
    assert_user_error(
        run("menu", SPA, "--locale", "en_us"),
        "'en_us' is not a locale servicekit knows (did you mean 'en_US'?",
    )


LOCALIZED = """
[services.swedish]
name = "Swedish"
description = "Long strokes."
category = "massage"
modality = "swedish"
variations = [{ duration = 60, price = "95.00" }]
translations.es = { name = "Masaje sueco" }
"""


def test_check_warns_of_text_a_declared_locale_lacks(run, write):
    clinic = CLINIC.replace(
        'timezone = "America/Chicago"',
        'timezone = "America/Chicago"\nlocales = ["es_US", "fr_CA"]',
    )
    result = run("check", write(catalogue_text(LOCALIZED, clinic=clinic)))
    assert result.exit_code == 0, result.output
    output = result.output
    assert (
        "warning: $.services.swedish.translations: no es_US text for description; the es_US "
        'menu shows it as written (add translations.es_US = { description = "..." })'
    ) in output
    assert "no fr_CA text for name and description" in output
    assert "$.categories.massage.translations: no es_US text for name" in output


def test_translations_are_checked_like_the_text_they_translate(run, write):
    bad = LOCALIZED.replace('{ name = "Masaje sueco" }', '{ nombre = "Masaje sueco" }')
    assert_user_error(run("check", write(catalogue_text(bad))), "nombre")
    unknown = LOCALIZED.replace("translations.es", "translations.xx_YY")
    assert_user_error(run("check", write(catalogue_text(unknown))), "'xx_YY' is not a locale")


def test_rendering_from_python_takes_a_locale(plugins):
    catalogue = servicekit.loads(catalogue_text(LOCALIZED), plugins=plugins)
    spanish = render_menu(catalogue, "markdown", locale="es_US")
    assert "### Masaje sueco" in spanish
    assert "| Duración | Precio |" in spanish
    assert "### Swedish" in render_menu(catalogue, "markdown")


def test_no_english_word_is_left_in_a_french_or_spanish_menus_own_words(plugins):
    catalogue = servicekit.loads(catalogue_text(SWEDISH), plugins=plugins)
    english = words(render_menu(catalogue, "markdown"))
    for locale in ("fr_FR", "es_ES"):
        own = words(render_menu(catalogue, "markdown", locale=locale))
        # What the catalogue says is its own text: the same in every menu without translations.
        assert own & english <= {"Swedish", "Test", "Clinic", "Massage", "min"}, locale


def test_the_message_catalogues_live_in_the_package():
    assert Path(i18n.LOCALES).is_relative_to(Path(servicekit.__file__).parent)
