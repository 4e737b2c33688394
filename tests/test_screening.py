"""Screening intakes against bookings: verdicts, findings, clearances, credentials; closed."""

from __future__ import annotations

import csv
import json
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import servicekit
from servicekit.errors import BookingError, IntakeError
from servicekit.screening.vocabulary import read_data, sources, vocabulary
from tests.conftest import REPO, SWEDISH, assert_user_error, catalogue_text

CLINIC_TOML = REPO / "catalogues" / "therapeutic-clinic.toml"
INTAKES = REPO / "catalogues" / "intakes"
DAY = "2026-12-04"


@pytest.fixture(scope="module")
def clinic():
    return servicekit.load(CLINIC_TOML, plugins=servicekit.plugin_manager(entry_points=False))


def intake(**client) -> dict:
    """An intake with every question answered, "none" unless given."""
    answers = {"conditions": [], "medications": [], "allergies": [], "under_physician_care": False}
    extra = {
        key: client.pop(key)
        for key in list(client)
        if key in ("pregnancy", "surgeries", "clearances", "injuries")
    }
    return {"client": {**answers, **client}, **extra}


def rules(screening) -> dict[str, str]:
    return {finding.rule: finding.severity for finding in screening.findings}


def test_a_client_with_nothing_to_report_is_clear(clinic):
    screening = clinic.screen(INTAKES / "healthy.toml", "deep-tissue", at=DAY)
    assert screening.verdict == "clear"
    assert screening.findings == ()
    assert screening.credentials_required == ("lmt",)
    assert {item.verdict for item in screening.bookable} == {"clear"}


def test_an_active_clot_blocks_any_massage(clinic):
    screening = clinic.screen(intake(conditions=["dvt"]), "swedish", at=DAY)
    assert screening.verdict == "block"
    (finding,) = screening.findings
    assert (finding.rule, finding.scope, finding.sources) == (
        "dvt",
        "session",
        ("W", "NCCIH", "LTS", "BMC"),
    )
    assert finding.triggers == ("dvt",)
    assert {item.verdict for item in screening.bookable} == {"block"}


def test_a_pressure_limit_blocks_deep_work_and_names_lighter_services(clinic):
    screening = clinic.screen(intake(conditions=["osteoporosis"]), "deep-tissue", at=DAY)
    assert screening.verdict == "block"
    assert rules(screening) == {"pressure-limit": "block", "osteoporosis": "modify"}
    limit = screening.findings[0]
    assert "Walton 3-5; this client's limit is 2 (osteoporosis)" in limit.reason
    assert limit.modification == (
        "Offer a lighter service instead: swedish, therapeutic, myofascial-release, "
        "assisted-stretching."
    )
    lighter = clinic.screen(intake(conditions=["osteoporosis"]), "swedish", at=DAY)
    assert lighter.verdict == "modify"
    assert lighter.constraints.max_pressure == 2


def test_an_addon_that_must_go_makes_the_booking_modify(clinic):
    screening = clinic.screen(
        intake(conditions=["epilepsy"]), "swedish", addons=["aromatherapy"], at=DAY
    )
    assert screening.verdict == "modify"
    assert rules(screening) == {"epilepsy-oils": "block", "epilepsy": "caution"}
    assert screening.constraints.remove_addons == ("aromatherapy",)


def test_caution_alone_is_clear(clinic):
    screening = clinic.screen(intake(conditions=["epilepsy"]), "swedish", at=DAY)
    assert (screening.verdict, rules(screening)) == ("clear", {"epilepsy": "caution"})


def test_an_unanswered_question_asks_for_clearance(clinic):
    screening = clinic.screen({"client": {"medications": []}}, "swedish", at=DAY)
    assert screening.verdict == "clearance"
    assert rules(screening) == {"unanswered-conditions": "clearance"}
    oils = clinic.screen(
        {"client": {"conditions": [], "medications": []}},
        "swedish",
        addons=["aromatherapy"],
        at=DAY,
    )
    assert rules(oils) == {"unanswered-allergies": "clearance"}


def test_dates_are_taken_at_the_appointment(clinic):
    surgery = intake(surgeries=[{"date": "2026-10-01", "region": "right-knee"}])
    soon = clinic.screen(surgery, "swedish", at="2026-11-01")
    assert soon.verdict == "clearance"
    assert soon.constraints.avoid_regions == ("right-knee",)
    assert clinic.screen(surgery, "swedish", at="2027-03-01").verdict == "clear"
    pregnant = intake(pregnancy={"due_date": "2027-03-19"})
    # 15 weeks before the due date is week 25; 30 weeks before, week 10.
    assert "pregnant, week 25" in clinic.screen(pregnant, "swedish", at=DAY).findings[-1].triggers
    early = clinic.screen(pregnant, "swedish", at="2026-08-21")
    assert "pregnancy-first-trimester" in rules(early)
    assert "pregnancy-positioning" not in rules(early)


def test_a_valid_clearance_lifts_clearance_but_never_a_block(clinic):
    cleared = intake(
        conditions=["dvt-history"],
        clearances=[{"provider": "Dr. Lee", "date": "2026-10-15", "scope": "dvt-history"}],
    )
    screening = clinic.screen(cleared, "swedish", at=DAY)
    (lifted,) = [finding for finding in screening.findings if finding.lifted]
    assert (lifted.rule, lifted.cleared_by) == ("dvt-history", "Dr. Lee, 2026-10-15")
    assert screening.verdict == "modify"
    blocked = intake(
        conditions=["dvt"], clearances=[{"provider": "Dr. Lee", "date": "2026-10-15"}]
    )
    assert clinic.screen(blocked, "swedish", at=DAY).verdict == "block"


@pytest.mark.parametrize(
    ("clearance", "verdict"),
    [
        ({"date": "2026-10-15", "expires": "2026-11-30"}, "clearance"),
        ({"date": "2026-12-10"}, "clearance"),
        ({"date": "2025-10-15"}, "clearance"),
        ({"date": "2026-10-15", "scope": "deep-tissue"}, "clearance"),
        ({"date": "2026-10-15", "scope": "swedish"}, "modify"),
        ({"date": "2026-10-15", "scope": "swedish", "expires": "2026-12-04"}, "modify"),
    ],
)
def test_a_clearance_counts_only_in_its_dates_and_scope(clinic, clearance, verdict):
    on_file = intake(conditions=["dvt-history"], clearances=[{"provider": "Dr. Lee", **clearance}])
    assert clinic.screen(on_file, "swedish", at=DAY).verdict == verdict


def test_credentials_are_listed_and_checked(clinic):
    treated = intake(conditions=["cancer-active-treatment"])
    screening = clinic.screen(treated, "swedish", at=DAY)
    assert screening.credentials_required == ("lmt", "oncology")
    assert screening.credentials_missing is None
    checked = clinic.screen(treated, "swedish", at=DAY, credentials=["lmt"])
    assert checked.credentials_missing == ("oncology",)
    assert checked.verdict == "block"
    assert rules(checked)["credential"] == "block"


def test_a_failing_check_makes_the_screening_incomplete_not_clear(run, plugin_module, write):
    module = plugin_module(
        "broken_check",
        """
        from servicekit import Check, hookimpl

        def explode(situation):
            raise RuntimeError("no data")

        @hookimpl
        def servicekit_screening_checks():
            return Check(id="explode", description="Always fails.", run=explode)
        """,
    )
    path = write(textwrap.dedent("[client]\nconditions = []\nmedications = []\n"), "intake.toml")
    result = run("-p", module, "screen", CLINIC_TOML, "swedish", "--intake", path, "--at", DAY)
    assert result.exit_code == 5, result.output
    assert "INCOMPLETE" in result.output
    assert (
        "check 'explode' from plugin 'broken_check' failed: RuntimeError: no data" in result.output
    )


def test_a_plugin_check_adds_findings(plugin_module):
    module = plugin_module(
        "term_check",
        """
        from servicekit import Check, Finding, hookimpl

        def near_term(situation):
            if situation.pregnancy_weeks is not None and situation.pregnancy_weeks >= 37:
                yield Finding(rule="near-term", severity="clearance", scope="session",
                              reason="Near term.")

        @hookimpl
        def servicekit_screening_checks():
            return Check(id="near-term", description="Near term.", run=near_term)
        """,
    )
    plugins = servicekit.plugin_manager(entry_points=False, modules=[module])
    catalogue = servicekit.load(CLINIC_TOML, plugins=plugins)
    pregnant = intake(pregnancy={"weeks": 38})
    screening = catalogue.screen(pregnant, "swedish", at=DAY)
    assert rules(screening)["near-term"] == "clearance"
    assert [f.origin for f in screening.findings if f.rule == "near-term"] == ["term_check"]


@pytest.mark.parametrize(
    ("file", "code"),
    [("healthy.toml", 0), ("osteoporosis-blood-thinner.toml", 4), ("recent-surgery.json", 3)],
)
def test_the_exit_status_says_the_verdict(run, file, code):
    result = run("screen", CLINIC_TOML, "deep-tissue", "--intake", INTAKES / file, "--at", DAY)
    assert result.exit_code == code, result.output


def test_the_screening_json_is_the_python_result(run, clinic):
    path = INTAKES / "pregnant-second-trimester.toml"
    result = run(
        "screen",
        CLINIC_TOML,
        "swedish",
        "--intake",
        path,
        "--addon",
        "hot-stones",
        "--at",
        DAY,
        "--format",
        "json",
    )
    document = json.loads(result.output)
    assert document == clinic.screen(path, "swedish", addons=["hot-stones"], at=DAY).to_dict()
    assert document["disclaimer"].startswith("Decision support for licensed therapists")
    assert document["verdict"] == "modify"
    assert document["constraints"]["avoid_positions"] == ["prone", "flat-supine"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "[client]\nconditions = ['osteoporsis']",
            ":2: $.client.conditions[0]: unknown condition 'osteoporsis' "
            "(did you mean 'osteoporosis'?)",
        ),
        ("[client]\nconditions = 'dvt'", 'expected an array, got a string ("dvt")'),
        (
            "[client]\n[pregnancy]\nweeks = 20\ndue_date = 2027-01-01",
            "give exactly one of `due_date` and `weeks`",
        ),
        ("[client]\n[pregnancy]\nweeks = 60", "60 weeks is not a pregnancy"),
        ("[client]\nmedications = ['warfarin']", "unknown medication class 'warfarin'"),
        ("[clinet]", "unknown key 'clinet' (did you mean 'client'?)"),
        (
            "[client]\n[[clearances]]\nprovider = 'Dr. X'\ndate = 2026-01-01\nscope = 'nonsense'",
            "'nonsense' is not something a clearance can cover",
        ),
        ("", "the file is empty (an intake has a [client] table"),
    ],
)
def test_a_bad_intake_is_named_with_its_place(run, write, text, message):
    path = write(text, "intake.toml")
    assert_user_error(run("screen", CLINIC_TOML, "swedish", "--intake", path), message)


def test_a_json_intake_with_a_syntax_error_names_the_line(run, write):
    path = write('{\n  "client": {\n    "conditions": [}\n}', "intake.json")
    assert_user_error(
        run("screen", CLINIC_TOML, "swedish", "--intake", path), ":3: JSON syntax error"
    )


def test_a_bad_booking_is_bad_input(clinic):
    with pytest.raises(BookingError, match="unknown service 'swedsh'"):
        clinic.screen(intake(), "swedsh", at=DAY)
    with pytest.raises(BookingError, match="add-on 'cupping' is not offered with 'swedish'"):
        clinic.screen(intake(), "swedish", addons=["cupping"], at=DAY)
    with pytest.raises(IntakeError):
        clinic.screen({"client": {"conditions": ["nope"]}}, "swedish", at=DAY)


SCREENING = """
[screening]
clearance_valid_days = 30
disabled = ["pregnancy-heat"]

[[screening.rules]]
id = "pregnancy-first-trimester"
name = "First trimester: clearance"
when = { pregnancy_weeks = { min = 0, max = 13 } }
severity = "clearance"
scope = "session"
reason = "This clinic asks for the prenatal provider's clearance in the first trimester."
sources = ["OEP"]
"""


def test_a_clinic_replaces_and_disables_pack_rules():
    catalogue = servicekit.loads(
        catalogue_text(
            SWEDISH + 'addons = ["hot-stones"]',
            '[addons.hot-stones]\nname = "S"\nprice = "10"',
            SCREENING,
        )
    )
    early = catalogue.screen(
        intake(pregnancy={"weeks": 8}), "swedish", addons=["hot-stones"], at=DAY
    )
    assert rules(early) == {"pregnancy-first-trimester": "clearance", "pregnancy-legs": "modify"}
    assert [f.origin for f in early.findings if f.rule.endswith("trimester")] == ["catalogue"]
    old = intake(
        conditions=["dvt-history"], clearances=[{"provider": "Dr. Lee", "date": "2026-10-15"}]
    )
    assert catalogue.screen(old, "swedish", at=DAY).verdict == "clearance"  # 30 days, expired


@pytest.mark.parametrize(
    ("fragment", "message"),
    [
        (
            '[screening]\ndisabled = ["pregancy-heat"]',
            "unknown screening rule 'pregancy-heat' (did you mean 'pregnancy-heat'?)",
        ),
        (
            "[[screening.rules]]\nid = 'x'\nname = 'X'\nwhen = { conditions = ['osteoporsis'] }\n"
            "severity = 'block'\nscope = 'session'\nreason = 'r'\nsources = []",
            "$.screening.rules[0].when.conditions[0]: unknown condition 'osteoporsis'",
        ),
        (
            "[[screening.rules]]\nid = 'x'\nname = 'X'\nwhen = {}\nseverity = 'block'\n"
            "scope = 'session'\nreason = 'r'\nsources = []",
            "$.screening.rules[0].when: says nothing, so the rule would never apply",
        ),
        (
            "[[screening.rules]]\nid = 'x'\nname = 'X'\nwhen = { pregnant = true }\n"
            "severity = 'bad'\nscope = 'session'\nreason = 'r'\nsources = []",
            '$.screening.rules[0].severity: a string ("bad") is not one of',
        ),
    ],
)
def test_a_clinic_rule_is_checked_like_the_pack(run, write, fragment, message):
    assert_user_error(run("check", write(catalogue_text(SWEDISH, fragment))), message)


def test_specialty_work_under_a_doctors_care_needs_approval():
    modality = """
    [modalities.lymph]
    name = "Lymphatic drainage"
    description = "Light, rhythmic strokes that move lymph."
    specialty = true
    [services.lymph]
    name = "Lymphatic drainage"
    category = "massage"
    modality = "lymph"
    variations = [{ duration = 60, price = "120" }]
    """
    catalogue = servicekit.loads(catalogue_text(SWEDISH, modality))
    under_care = catalogue.screen(intake(under_physician_care=True), "lymph", at=DAY)
    assert rules(under_care) == {"physician-approval": "clearance"}
    assert (
        catalogue.screen(intake(under_physician_care=True), "swedish", at=DAY).verdict == "clear"
    )
    unknown = {"client": {"conditions": [], "medications": []}}
    assert rules(catalogue.screen(unknown, "lymph", at=DAY)) == {
        "unanswered-physician-care": "clearance"
    }


def test_conditions_lists_the_vocabulary(run):
    result = run("conditions")
    assert (
        "osteoporosis                 Osteoporosis or osteopenia  [ICD-10-CM M81.0]"
        in result.output
    )
    document = json.loads(run("conditions", "--format", "json").output)
    assert {"id": "fibromyalgia", "name": "Fibromyalgia", "icd10": "M79.7"} in document[
        "conditions"
    ]
    assert [term["id"] for term in document["medications"]][:2] == [
        "anticoagulant",
        "antiplatelet",
    ]


def test_recommend_puts_swedish_first_for_relaxation_and_leaves_out_what_is_blocked(run, clinic):
    assert [r.service for r in clinic.recommend(["relaxation"])] == ["swedish"]
    pain = [r.service for r in clinic.recommend(["pain-relief"])]
    assert pain[:2] == ["therapeutic", "deep-tissue"]
    screened = clinic.recommend(["pain-relief"], intake=intake(conditions=["osteoporosis"]))
    assert [r.service for r in screened] == ["therapeutic", "myofascial-release"]
    assert {r.verdict for r in screened} == {"modify"}
    result = run("recommend", CLINIC_TOML, "--goal", "relaxation", "--goal", "sleep")
    assert result.output.splitlines()[0] == "1. Swedish Massage (swedish): relaxation, sleep"
    assert_user_error(run("recommend", CLINIC_TOML, "--goal", "relax"), "unknown goal 'relax'")


def test_the_rule_pack_covers_every_researched_row_with_its_sources():
    with (REPO / "docs" / "research" / "contraindications.csv").open(encoding="utf-8") as rows:
        researched = list(csv.DictReader(rows))
    pack = read_data("contraindications.toml")["rules"]
    assert {rule["row"] for rule in pack if "row" in rule} == {
        int(row["id"]) for row in researched
    }
    cited = sources()
    for rule in pack:
        assert rule["sources"], rule["id"]
        assert set(rule["sources"]) <= set(cited), rule["id"]
    vocabulary_ids = set(vocabulary().conditions)
    for word in [
        "dvt",
        "dvt-history",
        "bleeding-disorder",
        "fever",
        "contagious-skin",
        "open-wound",
        "sunburn",
        "recent-surgery",
        "fracture",
        "inflammation-flare",
        "varicose-veins",
        "osteoporosis",
        "cancer-active-treatment",
        "bone-metastasis",
        "lymphedema",
        "lymph-nodes-removed",
        "edema-unknown-cause",
        "heart-failure",
        "kidney-disease",
        "hypertension",
        "hypertension-uncontrolled",
        "diabetic-neuropathy",
        "diabetes-insulin",
        "epilepsy",
        "fibromyalgia",
        "preeclampsia",
        "pacemaker",
        "recent-stroke",
        "intoxication",
    ]:
        assert word in vocabulary_ids


CONDITIONS = sorted(vocabulary().conditions)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(CONDITIONS), unique=True, max_size=4),
    st.sampled_from(CONDITIONS),
    st.sampled_from(["swedish", "deep-tissue", "assisted-stretching", "trigger-point"]),
    st.lists(st.sampled_from(["hot-stones", "aromatherapy", "cupping"]), unique=True),
)
def test_adding_a_condition_never_lowers_the_verdict(clinic, conditions, extra, service, addons):
    from servicekit.model.screening import VERDICTS

    allowed = set(clinic.services[service].addons)
    addons = [addon for addon in addons if addon in allowed]
    before = clinic.screen(intake(conditions=conditions), service, addons=addons, at=DAY)
    after = clinic.screen(
        intake(conditions=sorted({*conditions, extra})), service, addons=addons, at=DAY
    )
    assert VERDICTS.index(after.verdict) >= VERDICTS.index(before.verdict)
