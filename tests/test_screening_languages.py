"""Screening in the reader's language: what `screen`, `recommend` and `conditions` print, the
words of the rule pack, the vocabulary and the first-party checks, and JSON that keeps its
English beside what a reader reads (issue 17)."""

from __future__ import annotations

import json

import pytest

import servicekit
from servicekit.i18n import translating
from servicekit.model.screening import FindingText
from servicekit.screening.vocabulary import read_data, vocabulary
from servicekit.screening.wording import english
from tests.conftest import REPO, assert_user_error, catalogue_text, first_party_plugins
from tests.test_stored_screenings import DAY, SCENARIOS, bookings, catalogues

CLINIC = REPO / "catalogues" / "therapeutic-clinic.toml"
SPA = REPO / "catalogues" / "day-spa.toml"
INTAKES = REPO / "catalogues" / "intakes"
OTHERS = ("de", "fr", "es")


def screen(run, *extra):
    return run(
        "screen", CLINIC, "deep-tissue", "--intake", INTAKES / "osteoporosis-blood-thinner.toml",
        "--addon", "hot-stones", "--at", DAY, *extra,
    )  # fmt: skip


def test_screen_speaks_the_readers_language(run):
    german = screen(run, "--locale", "de_DE")
    assert german.exit_code == 4, german.output
    text = german.stdout
    assert "Ergebnis: GESPERRT: nicht buchen" in text
    assert "Entscheidungshilfe für zugelassene Therapeutinnen und Therapeuten" in text
    assert "[anpassen] osteoporosis (Sitzung): Brüchige Knochen: tiefer Druck" in text
    assert "Vorgehen: Stattdessen eine leichtere Leistung anbieten: swedish, therapeutic" in text
    assert "weil: Osteoporose oder Osteopenie" in text
    assert "Linkes Bein: Druck höchstens Walton 1" in text
    assert "aussparen: Linkes Knie" in text
    assert "Leistungen für diese Person (ohne Extras):" in text
    # Ids stay ids: what staff book and what JSON names.
    assert "dvt-history-legs" in text
    assert "deep-tissue" in text
    assert "Do not" not in text
    assert "Offer" not in text
    spanish = screen(run, "--locale", "es-MX").stdout
    assert "Resultado: BLOQUEADO: no reservar" in spanish
    assert "Huesos frágiles" in spanish
    french = screen(run, "--locale", "fr_FR").stdout
    assert "Verdict : BLOQUÉ : ne pas réserver" in french
    assert "Os fragiles" in french


def test_screen_defaults_to_the_clinics_locale(run):
    assert "Verdict: BLOCK: do not book" in screen(run).stdout  # the clinic is en_US
    spa = run("screen", SPA, "klassische-massage", "--intake", INTAKES / "healthy.toml")
    assert "Ergebnis: FREI: buchbar" in spa.stdout
    assert "Screening: Klassische Massage, am" in spa.stdout
    english_spa = run(
        "screen", SPA, "klassische-massage", "--intake", INTAKES / "healthy.toml", "--locale", "en"
    )
    assert "Screening: Classic massage, on" in english_spa.stdout  # the catalogue's own English
    assert "Verdict: CLEAR: bookable" in english_spa.stdout


@pytest.mark.parametrize(
    ("locale", "heading"),
    [
        ("en_US", "Screening: Deep Tissue Massage, with Hot Stones, on Fri, Dec 4, 2026"),
        ("de_DE", "Screening: Deep Tissue Massage, mit Hot Stones, am Fr., 4. Dez. 2026"),
        ("fr_FR", "Dépistage : Deep Tissue Massage, avec Hot Stones, le ven. 4 déc. 2026"),
        ("es_ES", "Cribado: Deep Tissue Massage, con Hot Stones, el vie, 4 dic 2026"),
    ],
)
def test_the_screenings_day_is_written_as_the_reader_writes_a_date(run, locale, heading):
    """Issue 17: dates in the locale's pattern, as a quote's heading writes its day."""
    assert screen(run, "--locale", locale).stdout.splitlines()[0] == heading


@pytest.mark.parametrize(
    ("locale", "surgery", "cleared"),
    [
        (
            "en_US",
            "because: surgery on Oct 20, 2026 (right-knee)",
            "cleared by Dr. Lee, Nov 1, 2026",
        ),
        ("de_DE", "weil: Operation am 20. Okt. 2026 (Rechtes Knie)", "Dr. Lee, 1. Nov. 2026"),
    ],
)
def test_every_day_in_a_screenings_text_is_written_as_the_reader_writes_a_date(
    run, write, locale, surgery, cleared
):
    # Not only the heading: what set a finding off, and a clearance's day. JSON stays ISO.
    intake = json.loads((INTAKES / "recent-surgery.json").read_text("utf-8"))
    intake["clearances"] = [{"provider": "Dr. Lee", "date": "2026-11-01", "scope": "all"}]
    path = write(json.dumps(intake), "intake.json")
    asked = ["screen", CLINIC, "swedish", "--intake", path, "--at", "2026-12-04"]
    text = run(*asked, "--locale", locale).stdout
    assert surgery in text
    assert cleared in text
    assert "2026-10-20" not in text
    assert "2026-11-01" not in text
    said = json.loads(run(*asked, "--locale", locale, "--format", "json").stdout)
    triggers = [t for finding in said["findings"] for t in finding["triggers"]]
    assert "surgery on 2026-10-20 (right-knee)" in triggers


def test_json_keeps_its_english_and_adds_what_a_reader_reads(run):
    plain = json.loads(screen(run, "--format", "json").stdout)
    assert "text" not in plain
    assert "locale" not in plain
    assert all("text" not in finding for finding in plain["findings"])
    said = json.loads(screen(run, "--format", "json", "--locale", "de_DE").stdout)
    assert said["locale"] == "de_DE"
    assert said["text"] == {"verdict": "GESPERRT: nicht buchen"}
    for english_finding, finding in zip(plain["findings"], said["findings"], strict=True):
        assert {key: finding[key] for key in english_finding} == english_finding
    osteoporosis = next(f for f in said["findings"] if f["rule"] == "osteoporosis")
    assert osteoporosis["reason"].startswith("Fragile bones")
    assert osteoporosis["text"]["reason"].startswith("Brüchige Knochen")


def test_http_screening_takes_a_locale_as_the_cli_does(run):
    from litestar.testing import TestClient

    from servicekit.serving import Settings, create_app

    app = create_app(Settings(str(CLINIC), poll_interval=0.05), plugins=first_party_plugins())
    body = {
        "service": "deep-tissue",
        "addons": ["hot-stones"],
        "at": DAY,
        "locale": "fr_FR",
        "intake": {"client": {"conditions": ["osteoporosis"], "medications": []}},
    }
    with TestClient(app) as client:
        response = client.post("/screen", json=body)
        assert response.status_code == 200, response.text
        unknown = client.post("/screen", json={**body, "locale": "fr_fr"})
    said = response.json()
    assert said["locale"] == "fr_FR"
    assert said["text"]["verdict"].startswith("BLOQUÉ")
    assert any(f["text"]["reason"].startswith("Os fragiles") for f in said["findings"])
    printed = run(
        "screen", CLINIC, "deep-tissue", "--addon", "hot-stones", "--at", DAY,
        "--intake", _intake_file(run, body["intake"]), "--locale", "fr_FR", "--format", "json",
    )  # fmt: skip
    assert said == json.loads(printed.stdout)
    assert unknown.status_code == 400
    assert "did you mean 'fr_FR'?" in unknown.text


def _intake_file(run, intake) -> str:
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
        json.dump(intake, file)
    return file.name


def test_an_unknown_locale_says_which_it_might_be(run):
    assert_user_error(screen(run, "--locale", "de_de"), "did you mean 'de_DE'?")
    assert_user_error(run("conditions", "--locale", "xx"), "'xx' is not a locale servicekit knows")


@pytest.mark.parametrize("language", OTHERS)
def test_every_rule_of_the_pack_is_translated(language):
    for rule in read_data("contraindications.toml")["rules"]:
        said = rule.get("translations", {}).get(language, {})
        for key in ("name", "reason", "modification"):
            if key in rule:
                assert said.get(key), f"{rule['id']}: no {language} {key}"
            else:
                assert key not in said, f"{rule['id']}: a {language} {key} the English lacks"


@pytest.mark.parametrize("language", OTHERS)
def test_every_word_of_the_vocabulary_is_named_in_every_language(language):
    words = vocabulary()
    for kind in ("conditions", "medications", "allergies", "regions", "properties"):
        for term in words.table(kind).values():
            assert term.translations[language].name, f"{kind}.{term.id}"
    for population in words.populations.values():
        assert population.translations[language].name, population.id


@pytest.mark.parametrize("language", OTHERS)
def test_no_finding_a_reader_sees_is_left_in_english(language):
    """Every finding of every stored scenario, for every service of the bundled catalogues:
    its reason and modification are said in the reader's language, not in English."""
    left: set[tuple[str, str]] = set()
    for catalogue in catalogues().values():
        for booking in bookings(catalogue):
            intake = SCENARIOS[booking["scenario"]]
            intake = str(REPO / intake) if isinstance(intake, str) else intake
            options = {k: v for k, v in booking.items() if k not in ("scenario", "service")}
            try:
                screening = catalogue.screen(intake, booking["service"], at=DAY, **options)
            except servicekit.IntakeError:
                continue
            for finding in screening.findings:
                said = finding.said(language)
                if said.reason == finding.reason:
                    left.add((finding.rule, finding.reason))
                if finding.modification and said.modification == finding.modification:
                    left.add((finding.rule, finding.modification))
    assert left == set()


def test_a_translation_never_drops_what_to_do():
    """Where the English says what to do, every language says it too."""
    for rule in read_data("contraindications.toml")["rules"]:
        if "modification" in rule:
            for language in OTHERS:
                assert rule["translations"][language]["modification"].strip()


def test_a_clinics_own_rule_carries_its_words_in_other_languages(plugins, run, write):
    rule = """
    [[screening.rules]]
    id = "quiet-room"
    name = "Migraine"
    when = { conditions = ["fibromyalgia"] }
    severity = "caution"
    scope = "session"
    reason = "Light and noise can set off pain."
    modification = "Dim the room."
    sources = ["clinic"]

    [screening.rules.translations.de]
    name = "Migräne"
    reason = "Licht und Lärm können Schmerzen auslösen."
    modification = "Den Raum abdunkeln."
    """
    swedish = """
    [services.swedish]
    name = "Swedish"
    category = "massage"
    modality = "swedish"
    variations = [{ duration = 60, price = "95.00" }]
    """
    catalogue = servicekit.loads(catalogue_text(swedish, rule), plugins=plugins)
    screening = catalogue.screen(
        {"client": {"conditions": ["fibromyalgia"], "medications": [], "allergies": []}},
        "swedish",
        at=DAY,
        locale="de_AT",
    )
    finding = next(f for f in screening.findings if f.rule == "quiet-room")
    assert finding.reason == "Light and noise can set off pain."
    assert finding.said("de_AT") == FindingText(
        "Licht und Lärm können Schmerzen auslösen.", "Den Raum abdunkeln."
    )
    assert finding.said("fr") == FindingText("Light and noise can set off pain.", "Dim the room.")
    bad = catalogue_text(swedish, rule.replace("translations.de]", "translations.xx_YY]"))
    assert_user_error(run("check", write(bad)), "'xx_YY' is not a locale")


CHECK = """
from servicekit import Check, Finding, FindingText, hookimpl

def near_term(situation):
    if situation.pregnancy_weeks is not None and situation.pregnancy_weeks >= 37:
        yield Finding(
            rule="near-term", severity="clearance", scope="session", reason="Near term.",
            modification="Book once the midwife agrees.",
            translations={
                LOCALE: FindingText("Kurz vor dem Termin.", "Buchen, wenn die Hebamme zustimmt.")
            },
        )

@hookimpl
def servicekit_screening_checks():
    return Check(id="near-term", description="Near term.", run=near_term)
"""


def test_a_plugins_check_gives_its_findings_words_in_other_languages(plugin_module):
    module = plugin_module("near_term", CHECK.replace("LOCALE", '"de"'))
    catalogue = servicekit.load(CLINIC, plugins=first_party_plugins(modules=(module,)))
    pregnant = {
        "client": {"conditions": [], "medications": [], "allergies": []},
        "pregnancy": {"weeks": 38, "high_risk": False},
    }
    screening = catalogue.screen(pregnant, "prenatal", at=DAY, locale="de_DE")
    near = next(f for f in screening.findings if f.rule == "near-term")
    assert near.said("de_DE").reason == "Kurz vor dem Termin."
    text = next(f for f in screening.to_dict()["findings"] if f["rule"] == "near-term")["text"]
    assert text == {
        "reason": "Kurz vor dem Termin.",
        "modification": "Buchen, wenn die Hebamme zustimmt.",
    }


def test_a_check_with_unreadable_translations_leaves_the_screening_incomplete(plugin_module):
    module = plugin_module("near_term_bad", CHECK.replace("LOCALE", '"deutsch"'))
    catalogue = servicekit.load(CLINIC, plugins=first_party_plugins(modules=(module,)))
    pregnant = {
        "client": {"conditions": [], "medications": [], "allergies": []},
        "pregnancy": {"weeks": 38, "high_risk": False},
    }
    screening = catalogue.screen(pregnant, "prenatal", at=DAY)
    assert screening.verdict == "incomplete"
    assert "translations are keyed by locale (de, de_AT, ...), not 'deutsch'" in (
        " ".join(screening.incomplete)
    )


def test_recommend_speaks_the_readers_language(run):
    args = ("recommend", CLINIC, "--goal", "relaxation", "--intake", INTAKES / "healthy.toml")
    german = run(*args, "--at", DAY, "--locale", "de_DE")
    assert german.exit_code == 0, german.output
    assert "1. Swedish Massage (swedish): Entspannung  [frei]" in german.stdout
    assert "1. Swedish Massage (swedish): relaxation  [clear]" in run(*args, "--at", DAY).stdout
    spa = run("recommend", SPA, "--goal", "relaxation").stdout
    assert "Klassische Massage (klassische-massage): Entspannung" in spa


def test_conditions_names_the_words_in_the_readers_language(run):
    french = run("conditions", "--locale", "fr_FR")
    assert french.exit_code == 0, french.output
    assert "affections:" in french.stdout
    assert "osteoporosis                 Ostéoporose ou ostéopénie" in french.stdout
    assert "pregnancy                    grossesse: enceinte -> prenatal" in french.stdout
    default = run("conditions").stdout
    assert "osteoporosis                 Osteoporosis or osteopenia" in default


def test_the_english_words_are_the_ones_written(run):
    """English readers read the text as written, whatever English locale they use."""
    catalogue = catalogues()["therapeutic-clinic.toml"]
    screening = catalogue.screen(
        str(INTAKES / "pregnant-second-trimester.toml"), "swedish", at=DAY
    )
    for finding in screening.findings:
        for locale in ("en", "en_US", "en_GB"):
            assert english(locale)
            said = finding.said(locale)
            assert (said.reason, said.modification) == (finding.reason, finding.modification)
    with translating("de_DE"):  # the active locale, when none is given
        assert screening.findings[0].said().reason != screening.findings[0].reason
