"""The words an intake may use: synonyms recorded as ids, hints that are themselves valid, every
problem at once and on its line, and words plugins add."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import servicekit
from servicekit.errors import IntakeError
from servicekit.model.vocabulary import normalized
from servicekit.screening.intake import load_intake, loads_intake
from servicekit.screening.vocabulary import vocabulary
from tests.conftest import REPO, SWEDISH, assert_user_error, catalogue_text, first_party_plugins

CLINIC_TOML = REPO / "catalogues" / "therapeutic-clinic.toml"
DAY = "2026-12-04"


def problems(text: str, **options) -> list[str]:
    with pytest.raises(IntakeError) as caught:
        loads_intake(text, source="intake.toml", **options)
    return [problem.render("intake.toml") for problem in caught.value.problems]


def test_listed_synonyms_are_accepted_and_recorded_as_the_id():
    intake = load_intake(
        {
            "client": {
                "conditions": ["Osteopenia", "deep vein thrombosis"],
                "medications": ["warfarin", "apixaban", "Aspirin"],
                "allergies": ["almond"],
                "areas_to_avoid": ["low back", "Left Knee"],
            }
        }
    )
    assert intake.client.conditions == ("osteoporosis", "dvt")
    assert intake.client.medications == ("anticoagulant", "antiplatelet")  # said once
    assert intake.client.allergies == ("tree-nut",)
    assert intake.client.areas_to_avoid == ("lower-back", "left-knee")


@pytest.mark.parametrize(
    ("brand", "meant"),
    [("Coumadin", "anticoagulant"), ("Eliquis", "anticoagulant"), ("Xarelto", "anticoagulant"),
     ("Plavix", "antiplatelet"), ("Advil", "nsaid"), ("Aleve", "nsaid"),
     ("prednisone", "corticosteroid"), ("oxycodone", "analgesic"),
     ("Flexeril", "muscle-relaxant")],
)  # fmt: skip
def test_a_medication_written_by_its_brand_is_read_as_its_class(brand, meant):
    # The desk types what is on the bottle: a brand a client takes is the class it belongs to.
    intake = load_intake({"client": {"conditions": [], "medications": [brand]}})
    assert intake.client.medications == (meant,)


def test_every_synonym_the_conditions_command_lists_is_accepted(run):
    document = json.loads(run("conditions", "--format", "json").output)
    for table, key in (("conditions", "conditions"), ("medications", "medications"),
                       ("allergies", "allergies"), ("regions", "areas_to_avoid")):  # fmt: skip
        for term in document[table]:
            for word in [term["id"], *term["synonyms"]]:
                read = load_intake({"client": {key: [word]}})
                assert getattr(read.client, key) == (term["id"],), word


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            "conditions = ['blood thinners']",
            ":2: $.client.conditions[0]: 'blood thinners' is not a condition (it is a medication "
            'class: list "anticoagulant" or "antiplatelet" under medications)',
        ),
        (
            "conditions = ['pregnant']",
            ":2: $.client.conditions[0]: 'pregnant' is not a condition (pregnancy is a part of "
            "the intake of its own: pregnancy, with due_date or weeks, and high_risk)",
        ),
        (
            "conditions = ['cancer']",
            "'cancer' can mean more than one condition: 'cancer-active-treatment' (Cancer under "
            "active treatment) or 'cancer-history' (Cancer in the past, treatment finished) "
            "(write the one that applies)",
        ),
        (
            "medications = ['blood thinners']",
            "'blood thinners' can mean more than one medication class: 'anticoagulant'",
        ),
        (
            "conditions = ['warfrin']",
            """did you mean 'warfarin'? it is a medication: list "warfarin" under medications""",
        ),
        (
            "conditions = ['Warfarin']",
            """'Warfarin' is not a condition (it is a medication: list "Warfarin" under """
            "medications)",
        ),
    ],
)
def test_a_word_in_the_wrong_place_points_to_the_right_one(written, message):
    (shown,) = problems(f"[client]\n{written}\n")
    assert message in shown


def test_every_problem_is_reported_at_once_under_misspelt_keys_too():
    text = (
        "[client]\n"
        "conditons = ['osteoporsis', 'pregnant']\n"
        "medications = ['warfarin', 'blood thinners']\n"
        "allergies = 'nuts'\n"
        "[pregnancy]\n"
        "weeks = 60\n"
        "[[surgeries]]\n"
        "date = 2026-10-01\n"
        "region = 'knee'\n"
    )
    shown = problems(text)
    assert shown == [
        "intake.toml:2: $.client.conditons[0]: unknown condition 'osteoporsis' (did you mean "
        "'osteoporosis'?)",
        "intake.toml:2: $.client.conditons[1]: 'pregnant' is not a condition (pregnancy is a "
        "part of the intake of its own: pregnancy, with due_date or weeks, and high_risk)",
        "intake.toml:2: $.client.conditons: unknown key 'conditons' (did you mean 'conditions'?)",
        "intake.toml:3: $.client.medications[1]: 'blood thinners' can mean more than one "
        "medication class: 'anticoagulant' (Anticoagulants: warfarin, apixaban, rivaroxaban, "
        "dabigatran, heparins) or 'antiplatelet' (Antiplatelets: aspirin, clopidogrel) (write "
        "the one that applies)",
        'intake.toml:4: $.client.allergies: expected an array, got a string ("nuts") (write '
        '["nuts"])',
        "intake.toml:5: $.pregnancy: 60 weeks is not a pregnancy (weeks run from 0 to 45)",
        "intake.toml:9: $.surgeries[0].region: unknown body region 'knee' (did you mean "
        "'left-knee'?)",
    ]


KEYS = {"conditions": "conditions", "medications": "medications", "allergies": "allergies",
        "regions": "areas_to_avoid"}  # fmt: skip


@st.composite
def misspelt(draw):
    """A word of the vocabulary, misspelt: a letter dropped, doubled or swapped."""
    table = draw(st.sampled_from(sorted(KEYS)))
    word = draw(st.sampled_from(sorted(vocabulary().accepted[table])))
    where = draw(st.integers(0, len(word) - 1))
    how = draw(st.sampled_from(["drop", "double", "swap", "case"]))
    if how == "drop":
        word = word[:where] + word[where + 1 :]
    elif how == "double":
        word = word[:where] + word[where] * 2 + word[where:]
    elif how == "swap" and where + 1 < len(word):
        word = word[:where] + word[where + 1] + word[where] + word[where + 2 :]
    else:
        word = word.upper()
    return KEYS[table], word


@settings(max_examples=300, deadline=None)
@given(misspelt())
def test_every_hint_names_a_word_accepted_where_it_says(written):
    key, word = written
    try:
        load_intake({"client": {key: [word]}})
    except IntakeError as error:
        (problem,) = error.problems
        suggested = re.findall(r"did you mean '([^']+)'\?", problem.hint or "")
        for suggestion in suggested:
            # Written where the hint says: its own list, or the list it names.
            named = re.search(r"write (\w+) =", problem.hint or "")
            target = named.group(1) if named else key
            assert load_intake({"client": {target: [suggestion]}})
        for choices in re.findall(r"write (\w+) = (.+)", problem.hint or ""):
            target, listed = choices
            for choice in re.findall(r'\["([^"]+)"\]', listed):
                assert load_intake({"client": {target: [choice]}})
        ids = re.findall(r"'([a-z0-9-]+)' \(", problem.message)
        for ident in ids:  # "can mean 'a' (...) or 'b' (...)": each is a word of the list
            assert load_intake({"client": {key: [ident]}})


def test_intake_errors_found_when_screening_name_the_file_and_line(run, write):
    path = write(
        json.dumps(
            {
                "client": {"conditions": [], "medications": []},
                "pregnancy": {"due_date": "2028-06-01"},
                "clearances": [
                    {"provider": "Dr. X", "date": "2026-01-01", "scope": "nonsense"},
                    {"provider": "Dr. Y", "date": "9999-12-31", "scope": "all"},
                ],
            },
            indent=2,
        ),
        "intake.json",
    )
    result = run("screen", CLINIC_TOML, "swedish", "--intake", path, "--at", DAY)
    assert_user_error(
        result,
        f"{path}:7: $.pregnancy.due_date: puts the pregnancy at week -38 on 2026-12-04",
        f"{path}:13: $.clearances[0].scope: 'nonsense' is not something a clearance can cover",
        f"{path}:17: $.clearances[1].date: 9999-12-31 is too late: a clearance from then "
        "would run 365 days, past 9999-12-31, the last date servicekit can represent (check "
        "the year, or give `expires`)",
    )
    assert "<intake>" not in result.output
    toml = write("[client]\n[[clearances]]\nprovider = 'X'\ndate = 2026-01-01\nscope = 'x'\n")
    assert_user_error(
        run("screen", CLINIC_TOML, "swedish", "--intake", toml, "--at", DAY),
        f"{toml}:5: $.clearances[0].scope",
    )


@pytest.mark.parametrize("at", ["0001-01-01T00:00+14:00", "9999-12-31T23:59-12:00"])
def test_an_appointment_the_engine_cannot_represent_is_bad_input(run, at):
    result = run("screen", CLINIC_TOML, "swedish", "--intake",
                 REPO / "catalogues" / "intakes" / "healthy.toml", "--at", at)  # fmt: skip
    assert_user_error(result, "which servicekit cannot represent (check the date and its UTC")


def test_a_clearance_that_lasts_too_long_is_a_located_catalogue_error(run, write):
    fragment = "[screening]\nclearance_valid_days = 1000000000\n"
    assert_user_error(
        run("check", write(catalogue_text(SWEDISH, fragment))),
        "$.screening.clearance_valid_days: must be from 1 to 36,500 days",
    )


HYPERMOBILITY = """
from servicekit import Check, Finding, Population, Synonym, Term, Trigger, ScreeningRule
from servicekit import Modality, Pressure, hookimpl

@hookimpl
def servicekit_vocabulary():
    yield Term("condition", "hypermobility", "Joint hypermobility", icd10="M35.7",
               synonyms=("double-jointed",), sources=("Beighton 1973",))
    yield Synonym("medication", "eliquis", means="anticoagulant", sources=("the label",))

@hookimpl
def servicekit_screening_rules():
    yield ScreeningRule(id="hypermobility-stretching", name="Hypermobility: stretching",
                        when=Trigger(conditions=("hypermobility",)), severity="block",
                        scope="service", modality_properties=("stretching",),
                        reason="Loose joints are stretched too far.", sources=("Beighton 1973",))

def loose(situation):
    if "hypermobility" in (situation.intake.client.conditions or ()):
        yield Finding(rule="hypermobility-care", severity="modify", scope="session",
                      reason="Loose joints.", modification="No end-range work.")

@hookimpl
def servicekit_screening_checks():
    return Check(id="hypermobility-care", description="Loose joints.", run=loose)
"""


def test_a_plugin_adds_conditions_and_synonyms_its_rules_and_checks_use(plugin_module, run):
    module = plugin_module("thai_words", HYPERMOBILITY)
    plugins = first_party_plugins(modules=(module,))
    clinic = servicekit.load(CLINIC_TOML, plugins=plugins)
    assert clinic.vocabulary.origins[("conditions", "hypermobility")] == "thai_words"
    data = {"client": {"conditions": ["double-jointed"], "medications": ["Eliquis"],
                       "allergies": [], "under_physician_care": False}}  # fmt: skip
    screening = clinic.screen(data, "assisted-stretching", at=DAY)
    found = {f.rule: f for f in screening.findings}
    assert found["hypermobility-stretching"].severity == "block"
    assert found["hypermobility-care"].origin == "thai_words"
    assert found["blood-thinners"].triggers == ("anticoagulant",)  # eliquis, recorded
    listed = run("-p", module, "conditions").output
    assert (
        "  hypermobility                Joint hypermobility  [ICD-10-CM M35.7]  (from " in listed
    )
    assert "also: double-jointed [Beighton 1973]" in listed
    without = servicekit.load(CLINIC_TOML, plugins=first_party_plugins())
    with pytest.raises(IntakeError, match="unknown condition 'double-jointed'"):
        without.screen(data, "swedish", at=DAY)


def test_the_billing_plugin_reads_diagnoses_in_the_catalogues_words(plugin_module):
    from servicekit_medical_billing.superbill import _diagnoses

    module = plugin_module("thai_words", HYPERMOBILITY)
    clinic = servicekit.load(CLINIC_TOML, plugins=first_party_plugins(modules=(module,)))
    coded = _diagnoses(["osteopenia", "Double-Jointed", "M54.50"], clinic.vocabulary)
    assert coded == (
        ("M81.0", "Osteoporosis or osteopenia"),
        ("M35.7", "Joint hypermobility"),
        ("M54.50", None),
    )


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (
            'Term("condition", "dvt", "Mine", sources=("x",))',
            "health condition 'dvt' is provided by both 'clashing_words' and 'servicekit'",
        ),
        (
            'Synonym("medication", "warfarin", means="anticoagulant", sources=("x",))',
            "medication word 'warfarin' is provided by both 'clashing_words' and 'servicekit'",
        ),
        (
            'Population("pregnancy", "pregnancy", pregnant=True, properties=("prenatal",))',
            "population 'pregnancy' is provided by both 'clashing_words' and 'servicekit'",
        ),
    ],
)
def test_a_word_servicekit_has_is_a_clash_naming_both(plugin_module, run, write, record, message):
    module = plugin_module(
        "clashing_words",
        f"from servicekit import Population, Synonym, Term, hookimpl\n\n@hookimpl\n"
        f"def servicekit_vocabulary():\n    return {record}\n",
    )
    assert_user_error(run("-p", module, "check", write(catalogue_text(SWEDISH))), message)
    screened = run("-p", module, "screen", write(catalogue_text(SWEDISH)), "swedish",
                   "--intake", REPO / "catalogues" / "intakes" / "healthy.toml")  # fmt: skip
    assert screened.exit_code == 5, screened.output
    assert message in screened.output


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ('Term("condition", "x", "X")', "contributed term 'x': it cites no sources"),
        ('Term("region", "x", "X", sources=("s",))', "kind 'region' is not one of condition"),
        (
            'Synonym("medication", "marevan", means="warfarin-class", sources=("s",))',
            "synonym 'marevan' for medication 'warfarin-class', which neither servicekit nor "
            "a plugin has",
        ),
        (
            'Population("x", "X", conditions=("dvt",))',
            "contributed population 'x': no work is built for it",
        ),
        ("'hypermobility'", "returned str from servicekit_vocabulary; it must return Term"),
    ],
)
def test_a_malformed_word_is_the_plugins_error(plugin_module, run, record, message):
    module = plugin_module(
        "bad_words",
        f"from servicekit import Population, Synonym, Term, hookimpl\n\n@hookimpl\n"
        f"def servicekit_vocabulary():\n    return {record}\n",
    )
    assert_user_error(run("-p", module, "conditions"), message)


def test_words_are_looked_up_as_clients_write_them():
    assert normalized("  Blood_Thinners ") == "blood-thinners"
    assert normalized("Left   Knee") == "left-knee"


def test_extending_servicekits_words_with_none_gives_what_indexing_them_all_again_gives():
    # With no plugin words (the first-party plugins have none) the extension is servicekit's
    # own words as they are, not indexed again: the same words, in the same order.
    import attrs

    from servicekit.model.vocabulary import KINDS, Vocabulary

    core = vocabulary()
    extension = core.extended([])
    indexed = Vocabulary.of(
        [term for table in KINDS for term in core.table(table).values()],
        (),
        core.populations.values(),
        elsewhere=core.elsewhere,
        origins=core.origins,
        base=core,
    )
    for field in attrs.fields(Vocabulary):
        made, again = getattr(extension.vocabulary, field.name), getattr(indexed, field.name)
        assert made == again, field.name
        if hasattr(made, "keys"):
            assert list(made) == list(again), field.name
    assert extension.vocabulary.base is core
    assert (extension.clashes, dict(extension.providers), extension.dangling) == ((), {}, ())
