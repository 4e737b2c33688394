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
from servicekit.model.screening import VERDICTS
from servicekit.screening.vocabulary import read_data, sources, vocabulary
from tests.conftest import REPO, SWEDISH, assert_user_error, catalogue_text, first_party_plugins

CLINIC_TOML = REPO / "catalogues" / "therapeutic-clinic.toml"
INTAKES = REPO / "catalogues" / "intakes"
DAY = "2026-12-04"


@pytest.fixture(scope="module")
def clinic():
    return servicekit.load(CLINIC_TOML, plugins=first_party_plugins())


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
    verdicts = {item.service: item.verdict for item in screening.bookable}
    assert verdicts.pop("prenatal") == "block"  # prenatal massage is for pregnant clients
    assert set(verdicts.values()) == {"clear"}


def test_a_screenings_json_and_its_list_of_services_say_the_same_however_often_asked(clinic):
    screening = clinic.screen(intake(conditions=["osteoporosis"]), "deep-tissue", at=DAY)
    found = screening.to_dict()
    assert screening.to_dict() == found
    assert found["bookable"] == [item.to_dict() for item in screening.bookable]
    assert screening.bookable is screening.bookable
    assert [item.service for item in screening.bookable] == list(clinic.services)
    found["bookable"][0]["reasons"].append("mine")  # what a caller does with its copy
    assert "mine" not in screening.to_dict()["bookable"][0]["reasons"]


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
        "Offer a lighter service instead: swedish, therapeutic, myofascial-release."
    )  # the first three bookable for this client; `bookable` lists every service
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


def test_an_unanswered_question_is_one_for_the_client_not_a_physician(clinic):
    screening = clinic.screen({"client": {"medications": [], "allergies": []}}, "swedish", at=DAY)
    assert screening.verdict == "ask"
    assert rules(screening) == {"unanswered-conditions": "ask"}
    assert [f.rule for f in screening.questions] == ["unanswered-conditions"]
    assert screening.approvals == ()
    oils = clinic.screen(
        {"client": {"conditions": [], "medications": []}},
        "swedish",
        addons=["aromatherapy"],
        at=DAY,
    )
    assert rules(oils) == {"unanswered-allergies": "ask"}


def test_unanswered_allergies_hold_up_every_session_a_known_allergy_would_change(clinic):
    # Many oils and lotions are nut-based: a tree-nut allergy changes every massage (the rule
    # pack's `tree-nut-allergy`, scope session), not only one with an oil add-on booked.
    unknown = {"client": {"conditions": [], "medications": []}}
    for service in ("swedish", "deep-tissue", "prenatal"):
        screening = clinic.screen(unknown, service, at=DAY)
        assert screening.verdict in ("ask", "block"), service
        assert "unanswered-allergies" in [f.rule for f in screening.questions], service
    nuts = {"client": {"conditions": [], "medications": [], "allergies": ["tree-nut"]}}
    assert "tree-nut-allergy" in rules(clinic.screen(nuts, "swedish", at=DAY))
    answered = {"client": {"conditions": [], "medications": [], "allergies": []}}
    assert clinic.screen(answered, "swedish", at=DAY).verdict == "clear"


def test_a_clearance_for_another_service_never_makes_it_milder_than_the_specialty(clinic):
    # A note for deep tissue does not answer what prenatal massage needs of a pregnant
    # client: deep tissue stays held to it, never bookable while prenatal massage is not.
    pregnant = {
        "client": {"conditions": [], "medications": [], "allergies": [],
                   "under_physician_care": True},
        "pregnancy": {"weeks": 30, "high_risk": True},
    }  # fmt: skip
    for scope in ("deep-tissue", "swedish", "therapeutic"):
        noted = {**pregnant, "clearances": [{"provider": "Dr X", "date": "2026-11-01",
                                             "scope": scope}]}  # fmt: skip
        specialty = clinic.screen(noted, "prenatal", at=DAY).verdict
        for service in ("deep-tissue", "swedish", "therapeutic"):
            general = clinic.screen(noted, service, at=DAY).verdict
            assert VERDICTS.index(general) >= VERDICTS.index(specialty), (scope, service)
    # In the first trimester every massage waits for the prenatal provider: a note for
    # assisted stretching lifts that for assisted stretching, yet prenatal massage still
    # waits, so assisted stretching does too, held to it.
    early = {"client": {"conditions": [], "medications": [], "allergies": [],
                        "under_physician_care": False},
             "pregnancy": {"weeks": 11, "high_risk": False},
             "clearances": [{"provider": "Dr X", "date": "2026-11-01",
                             "scope": "assisted-stretching"}]}  # fmt: skip
    assert clinic.screen(early, "prenatal", at=DAY).verdict == "clearance"
    stretching = clinic.screen(early, "assisted-stretching", at=DAY)
    assert stretching.verdict == "clearance"
    policy = [f for f in stretching.findings if f.rule == "prenatal-first-trimester-policy"]
    assert sorted(f.lifted for f in policy) == [False, True]  # its own lifted, prenatal's not
    cleared = {**pregnant, "clearances": [{"provider": "Dr X", "date": "2026-11-01",
                                           "scope": "all"}]}  # fmt: skip
    assert clinic.screen(cleared, "prenatal", at=DAY).verdict == "modify"
    assert clinic.screen(cleared, "swedish", at=DAY).verdict in ("modify", "caution", "clear")


def test_dates_are_taken_at_the_appointment(clinic):
    surgery = intake(surgeries=[{"date": "2026-10-01", "region": "right-knee"}])
    soon = clinic.screen(surgery, "swedish", at="2026-11-01")
    assert soon.verdict == "clearance"
    assert soon.constraints.avoid_regions == ("right-knee",)
    assert clinic.screen(surgery, "swedish", at="2027-03-01").verdict == "clear"
    pregnant = intake(pregnancy={"due_date": "2027-03-19", "high_risk": False})
    # 15 weeks before the due date is week 25; 30 weeks before, week 10.
    later = clinic.screen(pregnant, "swedish", at=DAY)
    (positioning,) = [f for f in later.findings if f.rule == "pregnancy-positioning"]
    assert "pregnant, week 25" in positioning.triggers
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
        conditions=["dvt"],
        clearances=[{"provider": "Dr. Lee", "date": "2026-10-15", "scope": "all"}],
    )
    assert clinic.screen(blocked, "swedish", at=DAY).verdict == "block"


@pytest.mark.parametrize(
    ("clearance", "verdict"),
    [
        ({"date": "2026-10-15", "scope": "all", "expires": "2026-11-30"}, "clearance"),
        ({"date": "2026-12-10", "scope": "all"}, "clearance"),
        ({"date": "2025-10-15", "scope": "all"}, "clearance"),
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
    plugins = first_party_plugins(modules=(module,))
    catalogue = servicekit.load(CLINIC_TOML, plugins=plugins)
    pregnant = intake(pregnancy={"weeks": 38})
    screening = catalogue.screen(pregnant, "swedish", at=DAY)
    assert rules(screening)["near-term"] == "clearance"
    assert [f.origin for f in screening.findings if f.rule == "near-term"] == ["term_check"]


POLICY_CHECK = """
from servicekit import Check, Finding, Policy, hookimpl

STRICT = Policy(name="strictness", choices=("relaxed", "strict"), default="relaxed")

def strict(situation):
    if situation.policies["strictness"] == "strict":
        yield Finding(rule="strict", severity="caution", scope="session", reason="Strict.")

@hookimpl
def servicekit_screening_checks():
    return Check(id="strict", description="Strict.", run=strict, policies=(STRICT,))
"""


def test_a_check_reads_the_clinics_policy_or_its_default(plugin_module, write):
    plugins = servicekit.plugin_manager(
        entry_points=False, modules=[plugin_module("strict_check", POLICY_CHECK)]
    )
    default = servicekit.loads(catalogue_text(SWEDISH), plugins=plugins)
    assert default.policies == {"strictness": "relaxed"}
    assert "strict" not in rules(default.screen(intake(), "swedish", at=DAY))
    chosen = catalogue_text(SWEDISH, '[screening]\npolicies = { strictness = "strict" }\n')
    strict = servicekit.loads(chosen, plugins=plugins)
    assert rules(strict.screen(intake(), "swedish", at=DAY))["strict"] == "caution"


def test_plugins_lists_each_policy_with_its_choices_and_default(run, plugin_module):
    module = plugin_module("strict_check", POLICY_CHECK)
    listed = run("-p", module, "plugins")
    assert "  policy strictness: one of relaxed (default), strict.\n" in listed.output
    data = json.loads(run("-p", module, "plugins", "--format", "json").output)
    (plugin,) = [p for p in data if p["name"] == "strict_check"]
    assert plugin["policies"] == [
        {"name": "strictness", "choices": ["relaxed", "strict"], "default": "relaxed",
         "description": ""}
    ]  # fmt: skip


def test_a_policy_value_no_check_knows_is_an_error_and_an_unread_policy_a_warning(
    run, plugin_module, write
):
    module = plugin_module("strict_check", POLICY_CHECK)
    typo = write(catalogue_text(SWEDISH, '[screening]\npolicies = { strictness = "stric" }\n'))
    assert_user_error(
        run("-p", module, "check", typo),
        "$.screening.policies.strictness: 'stric' is not a choice of policy 'strictness' "
        "(write one of: relaxed, strict)",
    )
    number = write(catalogue_text(SWEDISH, "[screening]\npolicies = { strictness = 18 }\n"))
    assert_user_error(
        run("-p", module, "check", number),
        "$.screening.policies.strictness: expected a name, got an integer (18) "
        '(write it in quotes: "18")',
    )
    unread = write(catalogue_text(SWEDISH, '[screening]\npolicies = { strictnes = "strict" }\n'))
    result = run("-p", module, "check", unread)
    assert result.exit_code == 0, result.output
    assert (
        "warning: $.screening.policies.strictnes: no check reads policy 'strictnes', so every "
        "screening is incomplete (did you mean 'strictness'?)" in result.output
    )
    prenatal = write(
        catalogue_text(SWEDISH, '[screening]\npolicies = { first-trimester = "block" }\n')
    )
    without = run("check", prenatal, env={"SERVICEKIT_LOAD_PLUGINS": ""})
    assert "servicekit-prenatal is installed but not loaded" in without.output


def test_a_policy_whose_check_is_not_loaded_leaves_every_screening_incomplete(run, write):
    # The clinic chose how first-trimester clients are screened; without the check that applies
    # the choice, a "clear" would be a verdict the clinic never agreed to.
    prenatal = write(
        catalogue_text(SWEDISH, '[screening]\npolicies = { first-trimester = "block" }\n')
    )
    result = run(
        "screen", prenatal, "swedish", "--intake", INTAKES / "healthy.toml", "--at", DAY,
        env={"SERVICEKIT_LOAD_PLUGINS": ""},
    )  # fmt: skip
    assert result.exit_code == 5, result.output
    assert "the clinic sets policy 'first-trimester', which no loaded check reads" in result.output


def test_two_checks_declaring_one_policy_differently_clash(run, plugin_module, write):
    other = (
        POLICY_CHECK.replace('"relaxed", "strict"', '"low", "high"')
        .replace('default="relaxed"', 'default="low"')
        .replace('id="strict"', 'id="other"')
    )
    modules = [plugin_module("strict_check", POLICY_CHECK), plugin_module("other_check", other)]
    plugins = servicekit.plugin_manager(entry_points=False, modules=modules)
    (clash,) = plugins.registry().clashes
    assert clash.message == (
        "policy 'strictness' is provided by both 'other_check' and 'strict_check'"
    )
    assert "strictness" not in plugins.registry().policies  # neither is chosen
    path = write(catalogue_text(SWEDISH))
    options = ("-p", "strict_check", "-p", "other_check")
    assert_user_error(run(*options, "check", path), clash.message)
    screened = run(*options, "screen", path, "swedish", "--intake", INTAKES / "healthy.toml")
    assert screened.exit_code == 5, screened.output
    assert clash.message in screened.stdout


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
    # Under a doctor's care, prenatal massage waits for the doctor's approval, and so does any
    # other service for this pregnant client.
    assert document["verdict"] == "clearance"
    assert document["approvals"] == [
        {
            "rule": "physician-approval",
            "subject": "swedish",
            "do": "Book this work once the doctor's approval is on file.",
        }
    ]
    assert document["questions"] == []
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
        (
            "[client]\nmedications = ['warfrin']",
            "unknown medication 'warfrin' (did you mean 'warfarin'?)",
        ),
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
        intake(pregnancy={"weeks": 8, "high_risk": False}),
        "swedish",
        addons=["hot-stones"],
        at=DAY,
    )
    assert rules(early) == {  # pregnancy-heat is disabled: nothing else speaks of heat
        "pregnancy-first-trimester": "clearance",
        "pregnancy-legs": "modify",
    }
    assert [f.origin for f in early.findings if f.rule.endswith("trimester")] == ["catalogue"]
    old = intake(
        conditions=["dvt-history"],
        clearances=[{"provider": "Dr. Lee", "date": "2026-10-15", "scope": "all"}],
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
    properties = ["lymphatic-drainage"]
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
    unknown = {"client": {"conditions": [], "medications": [], "allergies": []}}
    assert rules(catalogue.screen(unknown, "lymph", at=DAY)) == {
        "unanswered-physician-care": "ask"
    }


def test_conditions_lists_the_vocabulary(run):
    result = run("conditions")
    assert (
        "osteoporosis                 Osteoporosis or osteopenia  [ICD-10-CM M81.0]"
        in result.output
    )
    document = json.loads(run("conditions", "--format", "json").output)
    (fibromyalgia,) = [term for term in document["conditions"] if term["id"] == "fibromyalgia"]
    assert fibromyalgia == {
        "id": "fibromyalgia",
        "name": "Fibromyalgia",
        "icd10": "M79.7",
        "synonyms": [],
        "sources": [],
        "from": "servicekit",
    }
    (anticoagulant,) = [t for t in document["medications"] if t["id"] == "anticoagulant"]
    assert "warfarin" in anticoagulant["synonyms"]
    assert [term["id"] for term in document["medications"]][:2] == [
        "anticoagulant",
        "antiplatelet",
    ]


def test_recommend_puts_swedish_first_for_relaxation_and_leaves_out_what_is_blocked(run, clinic):
    relaxing = [r.service for r in clinic.recommend(["relaxation"])]
    assert relaxing == ["swedish", "prenatal", "oncology", "lymphatic-drainage"]
    healthy = clinic.recommend(["relaxation"], intake=intake())
    assert [r.service for r in healthy][:2] == ["swedish", "oncology"]  # not prenatal
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


# Failing closed: what the intake or the catalogue leaves unsaid never reads as "no".


def test_a_clearance_lifts_the_wait_but_keeps_the_rules_limits(clinic):
    conditions = ["kidney-disease", "heart-failure"]
    pending = clinic.screen(
        intake(conditions=conditions), "swedish", addons=["hot-stones"], at=DAY
    )
    cleared = clinic.screen(
        intake(
            conditions=conditions,
            clearances=[{"provider": "Dr. Lee", "date": "2026-10-15", "scope": "all"}],
        ),
        "swedish",
        addons=["hot-stones"],
        at=DAY,
    )
    assert (pending.verdict, cleared.verdict) == ("clearance", "modify")
    assert cleared.constraints == pending.constraints
    assert cleared.constraints.max_pressure == 2
    assert cleared.constraints.remove_addons == ("hot-stones",)


def test_a_clearance_for_a_service_does_not_cover_its_addons(clinic):
    def with_clearance_for(scope: str):
        on_file = [{"provider": "Dr. Lee", "date": "2026-10-15", "scope": scope}]
        on_thinners = intake(medications=["anticoagulant"], clearances=on_file)
        return clinic.screen(on_thinners, "therapeutic", addons=["cupping"], at=DAY)

    screening = with_clearance_for("therapeutic")
    assert screening.verdict == "clearance"
    (cupping,) = [f for f in screening.findings if f.rule == "blood-thinners-cupping"]
    assert not cupping.lifted
    assert with_clearance_for("cupping").verdict == "modify"


def test_a_clearance_never_answers_the_intakes_questions(clinic):
    on_file = [{"provider": "Dr. Lee", "date": "2026-10-15", "scope": "swedish"}]
    screening = clinic.screen({"client": {}, "clearances": on_file}, "swedish", at=DAY)
    assert screening.verdict == "ask"
    assert not any(finding.lifted for finding in screening.findings)


def test_a_clearance_must_say_what_it_covers(clinic):
    undated = intake(clearances=[{"provider": "Dr. Lee", "date": "2026-10-15"}])
    with pytest.raises(IntakeError, match=r"\$.clearances\[0\]: missing key 'scope'"):
        clinic.screen(undated, "swedish", at=DAY)


def test_an_unanswered_high_risk_question_asks_the_client(clinic):
    unknown = clinic.screen(intake(pregnancy={"weeks": 24}), "swedish", at=DAY)
    assert rules(unknown)["unanswered-pregnancy-risk"] == "ask"
    assert unknown.verdict == "ask"
    answered = clinic.screen(
        intake(pregnancy={"weeks": 24, "high_risk": False}), "swedish", at=DAY
    )
    assert answered.verdict == "modify"


@pytest.mark.parametrize("due_date", ["2028-06-01", "2025-01-01"])
def test_a_due_date_that_is_no_pregnancy_at_the_appointment_is_bad_input(clinic, due_date):
    with pytest.raises(IntakeError, match=r"\$.pregnancy.due_date: puts the pregnancy at week"):
        clinic.screen(intake(pregnancy={"due_date": due_date}), "swedish", at=DAY)


def test_every_pregnancy_needs_prenatal_training_and_gentle_legs(clinic):
    screening = clinic.screen(
        intake(pregnancy={"weeks": 16, "high_risk": False}), "swedish", at=DAY
    )
    assert screening.credentials_required == ("lmt", "prenatal")
    assert dict(screening.constraints.region_pressure) == {"left-leg": 2, "right-leg": 2}


def test_areas_the_client_names_are_always_avoided(clinic):
    screening = clinic.screen(intake(areas_to_avoid=["left-knee"]), "swedish", at=DAY)
    assert screening.verdict == "modify"
    assert screening.constraints.avoid_regions == ("left-knee",)
    assert rules(screening) == {"areas-to-avoid": "local"}


def test_any_constraint_makes_the_verdict_modify_not_clear():
    rule = """
    [[screening.rules]]
    id = "no-heat-for-epilepsy"
    name = "Epilepsy: no heat"
    when = { conditions = ["epilepsy"] }
    severity = "caution"
    scope = "session"
    remove_addon_properties = ["heat"]
    reason = "Clinic policy."
    sources = ["W"]
    """
    catalogue = servicekit.loads(
        catalogue_text(
            SWEDISH + 'addons = ["hot-stones"]',
            '[addons.hot-stones]\nname = "Stones"\nprice = "10"',
            rule,
        )
    )
    screening = catalogue.screen(
        intake(conditions=["epilepsy"]), "swedish", addons=["hot-stones"], at=DAY
    )
    assert screening.constraints.remove_addons == ("hot-stones",)
    assert screening.verdict == "modify"


def test_lighter_services_offered_instead_are_ones_screening_allows(clinic):
    screening = clinic.screen(intake(conditions=["bone-metastasis"]), "deep-tissue", at=DAY)
    (limit,) = [f for f in screening.findings if f.rule == "pressure-limit"]
    assert limit.modification == (  # the service built for a client with cancer first
        "Offer a lighter service instead: oncology, swedish, lymphatic-drainage."
    )


MLD = """
[modalities.mld]
name = "Manual lymphatic drainage"
description = "Light, rhythmic strokes that move lymph."
specialty = true
properties = ["lymphatic-drainage"]
[modalities.cupping-therapy]
name = "Cupping therapy"
description = "Cups lift the tissue by suction."
properties = ["suction"]
[modalities.hot-stone]
name = "Hot stone massage"
description = "Heated stones and long strokes."
properties = ["heat"]
[services.mld]
name = "Lymphatic drainage"
category = "massage"
modality = "mld"
variations = [{ duration = 60, price = "120" }]
[services.cupping]
name = "Cupping"
category = "massage"
modality = "cupping-therapy"
variations = [{ duration = 45, price = "80" }]
[services.hot-stone]
name = "Hot stone massage"
category = "massage"
modality = "hot-stone"
variations = [{ duration = 75, price = "130" }]
"""


@pytest.fixture(scope="module")
def specialty_clinic():
    return servicekit.loads(catalogue_text(SWEDISH, MLD))


def test_lymphatic_drainage_is_screened_by_what_the_work_is_not_its_id(specialty_clinic):
    screening = specialty_clinic.screen(intake(conditions=["dvt-history"]), "mld", at=DAY)
    assert screening.verdict == "block"
    assert rules(screening)["dvt-history-drainage"] == "block"
    assert specialty_clinic.screen(
        intake(conditions=["lymphedema"]), "mld", at=DAY
    ).credentials_required == ("clt",)


def test_cupping_sold_as_a_service_is_screened_like_the_addon(specialty_clinic):
    thinners = specialty_clinic.screen(intake(medications=["anticoagulant"]), "cupping", at=DAY)
    assert rules(thinners)["blood-thinners-cupping"] == "clearance"
    assert thinners.verdict == "clearance"
    bleeding = specialty_clinic.screen(intake(conditions=["bleeding-disorder"]), "cupping", at=DAY)
    assert bleeding.verdict == "block"


def test_a_service_that_is_itself_what_a_rule_leaves_out_is_blocked(specialty_clinic):
    screening = specialty_clinic.screen(intake(conditions=["neutropenia"]), "hot-stone", at=DAY)
    (finding,) = [f for f in screening.findings if f.rule == "neutropenia" and f.subject]
    assert (finding.severity, finding.scope, finding.subject) == ("block", "service", "hot-stone")
    assert "Hot stone massage is itself heat work." in finding.reason
    assert screening.verdict == "block"


def test_what_screening_knows_nothing_about_is_treated_as_the_worst(run, write):
    almond = '[addons.almond]\nname = "Almond oil"\nprice = "5"'
    text = catalogue_text(SWEDISH + 'addons = ["almond"]', almond)
    catalogue = servicekit.loads(text)
    allergic = catalogue.screen(
        intake(allergies=["tree-nut"]), "swedish", addons=["almond"], at=DAY
    )
    assert "almond" in allergic.constraints.remove_addons
    assert "Almond oil has no type or properties" in " ".join(f.reason for f in allergic.findings)
    result = run("check", write(text))
    assert "$.addons.almond: has no `type` and no `properties`" in result.output
    declared = servicekit.loads(text + '\nproperties = ["nut-oil"]')
    assert (
        "almond"
        in declared.screen(
            intake(allergies=["tree-nut"]), "swedish", addons=["almond"], at=DAY
        ).constraints.remove_addons
    )
    plain = servicekit.loads(text + "\nproperties = []")
    assert (
        plain.screen(
            intake(allergies=["tree-nut"]), "swedish", addons=["almond"], at=DAY
        ).constraints.remove_addons
        == ()
    )


def test_a_recent_injury_asks_for_clearance_before_stretching(clinic):
    injured = intake(injuries=[{"date": "2026-11-20", "region": "left-knee"}])
    screening = clinic.screen(injured, "assisted-stretching", at=DAY)
    assert rules(screening) == {"recent-injury-stretching": "clearance", "recent-injury": "local"}
    assert screening.constraints.avoid_regions == ("left-knee",)


def test_cbd_is_left_out_while_breastfeeding(clinic):
    catalogue = servicekit.loads(
        catalogue_text(
            SWEDISH + 'addons = ["cbd"]', '[addons.cbd]\nname = "CBD balm"\nprice = "15"'
        )
    )
    screening = catalogue.screen(
        intake(conditions=["breastfeeding"]), "swedish", addons=["cbd"], at=DAY
    )
    assert rules(screening)["pregnancy-cbd"] == "block"
    assert screening.constraints.remove_addons == ("cbd",)


def test_a_deep_work_rule_concerns_every_modality_that_reaches_deep_pressure():
    rule = """
    [[screening.rules]]
    id = "no-deep-work"
    name = "No deep work"
    when = { conditions = ["fibromyalgia"] }
    severity = "block"
    scope = "service"
    deep_work = true
    reason = "Clinic policy."
    sources = ["W"]
    """
    therapeutic = SWEDISH.replace("[services.swedish]", "[services.therapeutic]").replace(
        'modality = "swedish"', 'modality = "therapeutic"'
    )
    catalogue = servicekit.loads(catalogue_text(SWEDISH, therapeutic, rule))
    verdicts = {
        item.service: item.verdict
        for item in catalogue.screen(
            intake(conditions=["fibromyalgia"]), "swedish", at=DAY
        ).bookable
    }
    assert verdicts["therapeutic"] == "block"  # Walton 2-4 reaches deep work
    assert verdicts["swedish"] != "block"  # Walton 1-3 does not


@pytest.mark.parametrize(
    ("body", "shown"),
    [
        ("import sys; sys.exit(0)", "it tried to end the process (sys.exit(0))"),
        (
            "return Finding(rule='x', severity='BLOCK', scope='session', reason='r')",
            "severity 'BLOCK' is not one of",
        ),
        (
            "return Finding(rule='x', severity='block', scope='everything', reason='r')",
            "scope 'everything' is not one of",
        ),
        (
            "return Finding(rule='x', severity='modify', scope='session', reason='r', "
            "constraints={'max_pressure': 1})",
            "constraints must be Constraints",
        ),
        ("return ''", "it returned str"),
        ("return {}", "it returned dict"),
    ],
)
def test_a_check_that_exits_or_returns_nonsense_leaves_screening_incomplete(
    run, plugin_module, write, body, shown
):
    module = plugin_module(
        "odd_check",
        f"""
        from servicekit import Check, Finding, hookimpl

        def odd(situation):
            {body}

        @hookimpl
        def servicekit_screening_checks():
            return Check(id="odd", description="Odd.", run=odd)
        """,
    )
    path = write("[client]\nconditions = []\nmedications = []\n", "intake.toml")
    result = run("-p", module, "screen", CLINIC_TOML, "swedish", "--intake", path, "--at", DAY)
    assert result.exit_code == 5, result.output
    assert "check 'odd' from plugin 'odd_check' failed" in result.output
    assert shown in result.output
    recommended = run(
        "-p", module, "recommend", CLINIC_TOML, "--goal", "relaxation", "--intake", path
    )
    assert recommended.exit_code == 5, recommended.output
    assert "screening could not finish, so nothing is recommended" in recommended.output
    assert "Traceback" not in recommended.output


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "dup.json",
            '{"client": {"conditions": ["dvt"], "conditions": [], "medications": []}}',
            "dup.json: key 'conditions' is given twice in one object",
        ),
        # NaN and Infinity are no numbers JSON allows (the one strict decoder refuses them).
        (
            "nan.json",
            '{"client": {"conditions": []}, "pregnancy": {"weeks": NaN}}',
            "nan.json:1: NaN is not a number JSON allows",
        ),
        (
            "inf.json",
            '{"client": {"conditions": ["NaN"]},\n"pregnancy": {"weeks": -Infinity}}',
            "inf.json:2: -Infinity is not a number JSON allows",
        ),
        ("broken.json", '{"client": {\n  "conditions": [,]}}', "broken.json:2: JSON syntax error"),
        ("deep.json", "[" * 100_000, "values are nested too deeply to be an intake"),
        (
            "intake.txt",
            '{"client": {"conditions": ["osteoporsis"]}}',
            "did you mean 'osteoporosis'",
        ),
    ],
)
def test_a_json_intake_is_read_strictly(run, write, name, content, message):
    path = write(content, name)
    assert_user_error(run("screen", CLINIC_TOML, "swedish", "--intake", path), message)


@pytest.mark.parametrize("bad", [None, ["dvt"], 42])
def test_an_intake_that_is_not_one_is_an_intake_error(clinic, bad):
    with pytest.raises(IntakeError, match="an intake is a file's path, a dict or an Intake"):
        clinic.screen(bad, "swedish", at=DAY)


def test_an_unknown_therapist_credential_is_bad_input_not_a_block(run):
    path = INTAKES / "healthy.toml"
    result = run("screen", CLINIC_TOML, "swedish", "--intake", path, "--credential", "lmtt")
    assert_user_error(result, "unknown credential 'lmtt' (did you mean 'lmt'?)")


def test_an_appointment_may_be_written_with_a_space(clinic):
    assert clinic.screen(intake(), "swedish", at="2026-12-04 10:00").day.isoformat() == DAY


def test_services_blocked_for_a_missing_credential_name_it(clinic):
    screening = clinic.screen(
        intake(conditions=["cancer-active-treatment"]), "swedish", at=DAY, credentials=["lmt"]
    )
    swedish = next(item for item in screening.bookable if item.service == "swedish")
    assert "credential oncology" in swedish.reasons


@pytest.mark.parametrize(
    ("fragment", "message"),
    [
        (
            "when = { pregnant = false }",
            None,
        ),
        (
            "when = { under_physician_care = false }",
            None,
        ),
        (
            "when = { pregnancy_weeks = { min = 30, max = 10 } }",
            "$.screening.rules[0].when.pregnancy_weeks: min is greater than max",
        ),
        (
            'when = { pregnant = true }\naddon_properties = ["hot"]',
            "$.screening.rules[0].addon_properties[0]: unknown property 'hot'",
        ),
    ],
)
def test_a_clinic_rule_with_a_false_or_zero_trigger_is_accepted(run, write, fragment, message):
    rule = (
        "[[screening.rules]]\nid = 'x'\nname = 'X'\nseverity = 'caution'\nscope = 'session'\n"
        f"reason = 'r'\nsources = ['W']\n{fragment}"
    )
    result = run("check", write(catalogue_text(SWEDISH, rule)))
    if message is None:
        assert result.exit_code == 0, result.output
    else:
        assert_user_error(result, message)


def test_a_plugin_must_say_what_its_modalities_and_addon_types_are(run, plugin_module):
    module = plugin_module(
        "vague_plugin",
        """
        from servicekit import AddOnType, Modality, hookimpl

        @hookimpl
        def servicekit_modalities():
            return Modality(id="vague", name="Vague", description="Unknown work.")
        """,
    )
    result = run("-p", module, "plugins")
    assert_user_error(
        result, "contributed an invalid modality 'vague': it does not say its properties"
    )
    typo = plugin_module(
        "typo_plugin",
        """
        from servicekit import AddOnType, hookimpl

        @hookimpl
        def servicekit_addon_types():
            return AddOnType(id="wax", name="Wax", description="Warm wax.", properties={"hot"})
        """,
    )
    assert_user_error(run("-p", typo, "plugins"), "unknown property 'hot'")
    silent = plugin_module(
        "silent_plugin",
        """
        from servicekit import AddOnType, hookimpl

        @hookimpl
        def servicekit_addon_types():
            return AddOnType(id="wax", name="Wax", description="Warm wax.")
        """,
    )
    assert_user_error(
        run("-p", silent, "plugins"),
        "contributed an invalid addon type 'wax': it does not say its properties",
    )


def test_a_directory_given_as_an_intake_names_a_file_in_it(run):
    result = run("screen", CLINIC_TOML, "swedish", "--intake", INTAKES)
    assert_user_error(result, "is a directory, not an intake file (e.g. ")
    assert "healthy.toml" in result.output


def test_a_huge_number_of_weeks_is_refused_without_spelling_it_out(run, write):
    path = write("[client]\n[pregnancy]\nweeks = 1e400\n", "intake.toml")
    result = run("screen", CLINIC_TOML, "swedish", "--intake", path)
    assert_user_error(result, "$.pregnancy.weeks: expected a whole number")
    assert len(result.output) < 400


def test_json_intake_text_with_a_byte_order_mark_is_read_as_without():
    from servicekit.screening.intake import loads_intake

    text = '{"client": {"conditions": ["osteoporosis"], "medications": [], "allergies": []}}'
    assert loads_intake("\ufeff" + text, json_format=True) == loads_intake(text, json_format=True)


@pytest.mark.parametrize(
    ("addon", "answers", "rule"),
    [
        ("cupping", {"pregnancy": {"weeks": 30, "high_risk": False}}, "pregnancy-legs"),
        ("hot-stones", {"conditions": ["varicose-veins"]}, "varicose-veins"),
    ],
)
def test_a_rule_that_leaves_a_booked_addon_out_is_one_finding_that_says_so(
    clinic, run, write, addon, answers, rule
):
    # Said twice before, word for word; and "no cups on the abdomen" beside "leave out
    # cupping" read as if cups were fine elsewhere.
    asked = intake(**answers)
    screening = clinic.screen(asked, "therapeutic", addons=[addon], at=DAY)
    (finding,) = [f for f in screening.findings if f.rule == rule]
    assert finding.constraints.remove_addons == (addon,)
    assert addon in screening.constraints.remove_addons
    assert len(screening.to_dict()["findings"]) == len(screening.findings)
    told = [f.rule for f in screening.findings if f.subject == addon and f.severity != "block"]
    assert told == [], "advice on how to give an add-on that is left out"
    path = write(json.dumps(asked), "intake.json")
    screened = run(
        "screen", CLINIC_TOML, "therapeutic", "--addon", addon, "--at", DAY, "--intake", path
    )
    assert screened.stdout.count(f"] {rule} (") == 1, screened.stdout
    said = screened.stdout.split(f"] {rule} (")[1].split("\n  [")[0]
    assert f"leave out: {addon}" in said


def test_an_addon_left_out_keeps_what_another_finding_asks_beyond_advice(clinic):
    # Fail closed: a clearance about cupping stays though pregnancy leaves cupping out.
    asked = intake(pregnancy={"weeks": 30, "high_risk": False}, medications=["anticoagulant"])
    screening = clinic.screen(asked, "therapeutic", addons=["cupping"], at=DAY)
    assert "cupping" in screening.constraints.remove_addons
    assert rules(screening)["blood-thinners-cupping"] == "clearance"
    assert "pregnancy-cupping" not in rules(screening)


EXPLAINED_CONDITIONS = [
    [],
    ["pacemaker"],
    ["varicose-veins"],
    ["pacemaker", "varicose-veins"],
    ["lymphedema", "pacemaker"],
    ["diabetic-neuropathy", "pacemaker"],
    ["osteoporosis", "dvt-history"],
]


@pytest.mark.parametrize("conditions", EXPLAINED_CONDITIONS)
@pytest.mark.parametrize("pregnant", [False, True])
def test_every_constraint_is_explained_by_a_finding_shown(clinic, conditions, pregnant):
    # Fail closed and say why: findings dropped as moot (advice on giving an add-on another
    # finding leaves out) must never take the only reason for a limit with them.
    from servicekit.model.screening import Constraints

    answers = intake(conditions=conditions)
    if pregnant:
        answers["pregnancy"] = {"weeks": 25, "high_risk": False}
    for service in clinic.services.values():
        for addons in [(), *[(addon,) for addon in service.addons], tuple(service.addons)]:
            screening = clinic.screen(answers, service.id, addons=list(addons), at=DAY)
            told = Constraints.combined(finding.constraints for finding in screening.findings)
            limits = screening.constraints
            assert told.max_pressure == limits.max_pressure, (service.id, addons)
            assert dict(told.region_pressure) == dict(limits.region_pressure)
            assert told.max_duration == limits.max_duration
            for field in ("avoid_positions", "remove_addons", "avoid_regions"):
                assert set(getattr(told, field)) == set(getattr(limits, field)), (field, addons)
