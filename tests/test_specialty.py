"""No service is a way around its specialty; what is offered instead is bookable; verdicts say
whether the client or a physician holds the booking up."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

import servicekit
from servicekit.model.screening import BOOKABLE, VERDICTS
from servicekit.screening.vocabulary import vocabulary
from tests.conftest import REPO, first_party_plugins

CLINIC_TOML = REPO / "catalogues" / "therapeutic-clinic.toml"
DAY = "2026-12-04"
RANK = {verdict: index for index, verdict in enumerate(VERDICTS)}


@pytest.fixture(scope="module")
def clinic():
    return servicekit.load(CLINIC_TOML, plugins=first_party_plugins())


def intake(**client) -> dict:
    answers = {"conditions": [], "medications": [], "allergies": [], "under_physician_care": False}
    extra = {
        k: client.pop(k) for k in list(client) if k in ("pregnancy", "surgeries", "clearances")
    }
    return {"client": {**answers, **client}, **extra}


def verdicts(screening) -> dict[str, str]:
    return {item.service: item.verdict for item in screening.bookable}


def test_a_pregnant_client_under_a_doctors_care_waits_for_approval_whatever_the_service(
    clinic,
):
    # Issue 14, 1: prenatal massage needed the doctor's approval while deep tissue, sports and
    # hot stone massage were bookable now; a front desk would have booked around the paperwork.
    pregnant = intake(under_physician_care=True, pregnancy={"weeks": 30, "high_risk": False})
    screening = clinic.screen(pregnant, "deep-tissue", at=DAY)
    assert screening.verdict == "clearance"
    assert set(verdicts(screening).values()) == {"clearance"}
    (pointer,) = [f for f in screening.findings if f.rule == "specialty-pregnancy"]
    assert pointer.subject == "deep-tissue"
    assert "Prenatal Massage (prenatal)" in pointer.modification
    assert pointer.credential == "prenatal"
    assert "prenatal" in screening.credentials_required
    (approval,) = screening.approvals
    assert approval.rule == "physician-approval"
    assert "Prenatal Massage is the service for pregnancy" in approval.reason


def test_the_doctors_approval_of_the_specialty_service_is_not_one_for_every_service(clinic):
    # A clearance for prenatal massage lifts its own wait; deep tissue waits for one of its own
    # (or one for all massage), so the paperwork cannot be skipped by booking around it.
    cleared = {"provider": "Dr. Lee", "date": "2026-11-01", "scope": "prenatal"}
    pregnant = intake(
        under_physician_care=True,
        pregnancy={"weeks": 30, "high_risk": False},
        clearances=[cleared],
    )
    screening = clinic.screen(pregnant, "deep-tissue", at=DAY)
    assert verdicts(screening)["prenatal"] == "modify"
    assert screening.verdict == "clearance"
    for_all = {**cleared, "scope": "all"}
    assert clinic.screen({**pregnant, "clearances": [for_all]}, "deep-tissue", at=DAY).verdict == (
        "modify"
    )


def test_without_the_specialty_training_no_service_is_bookable_for_the_client(clinic):
    pregnant = intake(pregnancy={"weeks": 24, "high_risk": False})
    screening = clinic.screen(pregnant, "swedish", at=DAY, credentials=["lmt"])
    assert screening.verdict == "block"
    assert screening.credentials_missing == ("prenatal",)
    with_training = clinic.screen(pregnant, "swedish", at=DAY, credentials=["lmt", "prenatal"])
    assert with_training.verdict == "modify"


def test_findings_point_to_the_service_built_for_the_client(clinic):
    lymph = intake(conditions=["lymph-nodes-removed"], areas_to_avoid=["left-arm"])
    screening = clinic.screen(lymph, "swedish", at=DAY)
    (pointer,) = [f for f in screening.findings if f.rule == "specialty-lymphedema"]
    assert pointer.severity in ("caution", "modify")
    assert "Manual Lymphatic Drainage (lymphatic-drainage)" in pointer.modification
    assert pointer.credential == "clt"
    assert pointer.triggers == ("lymph-nodes-removed",)
    own = clinic.screen(lymph, "lymphatic-drainage", at=DAY)  # the specialty itself: no pointer
    assert not [f for f in own.findings if f.rule.startswith("specialty-")]


def test_a_client_in_two_populations_is_held_to_both_specialties(clinic):
    both = intake(conditions=["cancer-history"], pregnancy={"weeks": 20, "high_risk": False})
    screening = clinic.screen(both, "swedish", at=DAY)
    assert {"specialty-pregnancy", "specialty-cancer"} <= {f.rule for f in screening.findings}
    assert {"prenatal", "oncology"} <= set(screening.credentials_required)
    oncology = clinic.screen(both, "oncology", at=DAY)  # built for cancer, not for pregnancy
    assert [f.rule for f in oncology.findings if f.rule.startswith("specialty-")] == [
        "specialty-pregnancy"
    ]


CONDITIONS = sorted(vocabulary().conditions)
GENERAL = ("swedish", "therapeutic", "deep-tissue", "trigger-point", "myofascial-release",
           "assisted-stretching")  # fmt: skip
SPECIALTY = {"pregnancy": ("prenatal",), "cancer": ("oncology",),
             "lymphedema": ("lymphatic-drainage",)}  # fmt: skip
RULE_IDS = sorted(rule.rule.id for rule in servicekit.load(CLINIC_TOML)._screening.rules)


@st.composite
def intakes(draw):
    """Intakes over the whole vocabulary, with or without a pregnancy, a doctor's care,
    unanswered questions and clearances (of all, rules, conditions, and services or
    modalities by name: a note for deep tissue lifts what deep tissue's own rules ask, never
    what the specialty service needs of it)."""
    client = {
        "conditions": draw(st.lists(st.sampled_from(CONDITIONS), unique=True, max_size=4)),
        "medications": draw(st.lists(st.sampled_from(sorted(vocabulary().medications)),
                                     unique=True, max_size=2)),
        "allergies": draw(st.lists(st.sampled_from(sorted(vocabulary().allergies)),
                                   unique=True, max_size=1)),
        "under_physician_care": draw(st.sampled_from([True, False, None])),
    }  # fmt: skip
    for key in ("medications", "allergies", "under_physician_care"):
        if draw(st.integers(0, 9)) == 0:
            del client[key]  # unanswered: a question for the client
    data: dict = {"client": client}
    if draw(st.booleans()):
        data["pregnancy"] = {
            "weeks": draw(st.integers(0, 41)),
            **({"high_risk": draw(st.booleans())} if draw(st.integers(0, 4)) else {}),
        }
    scopes = st.sampled_from(["all", *RULE_IDS[:20], *CONDITIONS[:10], *GENERAL, "prenatal"])
    data["clearances"] = [
        {"provider": "Dr. Lee", "date": "2026-10-01", "scope": scope}
        for scope in draw(st.lists(scopes, unique=True, max_size=2))
    ]
    return data


@settings(max_examples=150, deadline=None)
@given(intakes(), st.sampled_from([None, ("lmt",), ("lmt", "prenatal", "oncology", "clt")]))
def test_no_general_service_is_milder_than_the_specialty_service_built_for_the_client(
    clinic, data, held
):
    screening = clinic.screen(data, "swedish", at=DAY, credentials=held)
    found = verdicts(screening)
    members = {population.id for population, _ in _populations(clinic, data)}
    event(f"populations: {sorted(members)}")
    for population in members & set(SPECIALTY):
        mildest = min(RANK[found[ident]] for ident in SPECIALTY[population])
        for general in GENERAL:
            assert RANK[found[general]] >= mildest, (population, general, found)


def _populations(clinic, data):
    from servicekit.screening.engine import Facts

    loaded = servicekit.load_intake(data)
    return Facts(loaded, dt.date.fromisoformat(DAY), clinic._screening).populations


@settings(max_examples=60, deadline=None)
@given(intakes())
def test_the_list_of_services_says_what_screening_each_one_says(clinic, data):
    listed = verdicts(clinic.screen(data, "swedish", at=DAY))
    for service in clinic.services:
        assert clinic.screen(data, service, at=DAY).verdict == listed[service], service


@settings(max_examples=100, deadline=None)
@given(intakes())
def test_alternatives_offered_are_bookable_for_the_client(clinic, data):
    for service in ("deep-tissue", "trigger-point"):
        screening = clinic.screen(data, service, at=DAY)
        bookable = {item.service for item in screening.bookable if item.verdict in BOOKABLE}
        for finding in screening.findings:
            offered = _offered(finding.modification or "")
            event(f"offered {len(offered)}")
            assert offered <= bookable, (finding.rule, offered, bookable)


def _offered(modification: str) -> set[str]:
    for lead in ("Offer a lighter service instead: ", "Offer instead: "):
        if lead in modification:
            named = modification.split(lead, 1)[1].rstrip(".")
            return {ident.strip() for ident in named.split(",")}
    return set()


def test_a_client_on_warfarin_after_a_clot_is_offered_nothing_screening_would_hold_up(clinic):
    # Issue 14, 3: every massage waits for the physician (a past clot), so nothing is offered
    # instead and recommend ranks nothing; with the clearance on file, only bookable ones.
    clot = intake(conditions=["dvt-history"], medications=["anticoagulant"])
    screening = clinic.screen(clot, "deep-tissue", at=DAY)
    (limit,) = [f for f in screening.findings if f.rule == "pressure-limit"]
    assert limit.modification == (
        "No lighter service in this catalogue is bookable for this client now."
    )
    ranked = clinic.recommend(["pain-relief"], intake=clot, at=DAY)
    assert list(ranked) == []
    assert {item.service for item in ranked.waiting} >= {"therapeutic", "myofascial-release"}
    cleared = {**clot, "clearances": [{"provider": "Dr. Lee", "date": "2026-11-01",
                                        "scope": "all"}]}  # fmt: skip
    ranked = clinic.recommend(["pain-relief"], intake=cleared, at=DAY)
    assert [item.service for item in ranked] == ["therapeutic", "myofascial-release"]
    assert {item.verdict for item in ranked} <= BOOKABLE


def test_recommend_says_what_waits_on_answers_or_approval(run, write):
    path = write(
        '[client]\nconditions = ["dvt-history"]\nmedications = []\nallergies = []\n', "intake.toml"
    )
    result = run("recommend", CLINIC_TOML, "--goal", "pain-relief", "--intake", path, "--at", DAY)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        "No service in this catalogue serves these goals and is bookable for this client."
    )
    assert "Not bookable until resolved (servicekit screen says how):" in result.output
    assert "  therapeutic: clearance (dvt-history)" in result.output
    document = json.loads(
        run("recommend", CLINIC_TOML, "--goal", "pain-relief", "--intake", path, "--at", DAY,
            "--format", "json").output
    )  # fmt: skip
    assert document["recommended"] == []
    assert {"service": "therapeutic", "verdict": "clearance", "reasons": ["dvt-history"]} in (
        document["waiting"]
    )


@pytest.mark.parametrize(
    ("answers", "verdict", "code"),
    [
        ({"conditions": []}, "ask", 6),  # medications unanswered: ask the client
        ({"conditions": ["dvt-history"], "medications": [], "allergies": []}, "clearance", 3),
    ],
)
def test_the_verdict_says_whether_the_client_or_a_physician_holds_it_up(
    run, write, answers, verdict, code
):
    client = "\n".join(f"{key} = {json.dumps(value)}" for key, value in answers.items())
    path = write(f"[client]\n{client}\n", "intake.toml")
    result = run("screen", CLINIC_TOML, "swedish", "--intake", path, "--at", DAY)
    assert result.exit_code == code, result.output
    shown = {
        "ask": "Verdict: ASK: not bookable until the client answers the questions below",
        "clearance": "Verdict: CLEARANCE: not bookable until a physician approves (below)",
    }
    assert shown[verdict] in result.output
    heading = "Questions for the client" if verdict == "ask" else "Approvals a physician must"
    assert heading in result.output


def test_an_unanswered_question_and_an_approval_together_ask_the_client_first(clinic):
    both = {"client": {"conditions": ["dvt-history"], "allergies": []}}  # medications unanswered
    screening = clinic.screen(both, "swedish", at=DAY)
    assert screening.verdict == "ask"
    assert [f.rule for f in screening.questions] == ["unanswered-medications"]
    assert [f.rule for f in screening.approvals] == ["dvt-history"]
    document = screening.to_dict()
    assert document["questions"][0]["rule"] == "unanswered-medications"
    assert document["approvals"][0]["rule"] == "dvt-history"


def test_a_local_rule_with_nowhere_named_asks_the_client_where(clinic):
    sunburn = clinic.screen(intake(conditions=["sunburn"]), "swedish", at=DAY)
    assert sunburn.verdict == "ask"
    (finding,) = sunburn.questions
    assert finding.modification.startswith("Ask the client where, record it under areas_to_avoid")
    answered = clinic.screen(intake(conditions=["sunburn"], areas_to_avoid=["upper-back"]),
                             "swedish", at=DAY)  # fmt: skip
    assert answered.verdict == "modify"
    assert answered.constraints.avoid_regions == ("upper-back",)


CUPPING = """
[modalities.cupping-therapy]
name = "Cupping therapy"
description = "Cups lift the tissue by suction."
properties = ["suction"]
[modalities.herbal]
name = "Herbal compress massage"
description = "Warm herbal compresses pressed along the body."
properties = ["heat"]
[services.cupping]
name = "Cupping"
category = "massage"
modality = "cupping-therapy"
variations = [{ duration = 45, price = "80" }]
[services.swedish]
name = "Swedish"
category = "massage"
modality = "swedish"
variations = [{ duration = 60, price = "95" }]
addons = ["compress"]
[addons.compress]
name = "Herbal Compress"
price = "15"
properties = ["heat", "region-bound"]
"""


def test_a_block_says_what_to_book_instead_and_is_said_once(plugins):
    # Issue 14, 4: cupping for a pregnant client was a block whose advice read like a
    # modification, and a second finding said the same of the abdomen as `modify`.
    from tests.conftest import catalogue_text

    catalogue = servicekit.loads(catalogue_text(CUPPING), plugins=plugins)
    pregnant = intake(pregnancy={"weeks": 24, "high_risk": False})
    screening = catalogue.screen(pregnant, "cupping", at=DAY)
    (block,) = [f for f in screening.findings if f.subject == "cupping"]
    assert (block.rule, block.severity) == ("pregnancy-legs", "block")
    assert block.modification == (
        "Do not book Cupping: it is itself suction work, which this client must not have. "
        "Offer instead: swedish."
    )
    assert "pregnancy-cupping" not in {f.rule for f in screening.findings}


def test_heat_is_worded_by_what_the_add_on_does_and_said_once(plugins):
    # Issue 14, 9: a herbal compress got "Warm, not hot, stones", twice from two rules.
    from tests.conftest import catalogue_text

    catalogue = servicekit.loads(catalogue_text(CUPPING), plugins=plugins)
    pregnant = intake(pregnancy={"weeks": 24, "high_risk": False})
    screening = catalogue.screen(pregnant, "swedish", addons=["compress"], at=DAY)
    heat = [f for f in screening.findings if f.subject == "compress"]
    assert [(f.rule, f.severity) for f in heat] == [("pregnancy-heat", "modify")]
    assert "stone" not in heat[0].modification
    assert heat[0].modification == (
        "Mild warmth only, never hot, and no heat on the abdomen or the low back."
    )


def test_every_rule_of_the_pack_says_what_to_do_as_its_severity_asks():
    from servicekit.builtin.screening import pack

    for rule in pack():
        if rule.severity in ("modify", "local", "clearance", "ask") or rule.scope == "session":
            assert rule.modification, rule.id  # how, or when, or why not
        assert "stone" not in (rule.modification or "").lower(), rule.id  # properties, not ids


def test_a_specialty_needing_two_credentials_reads_as_one_finding(run, write):
    # Swedish massage here asks no credential: prenatal massage's lmt and prenatal training
    # are both lacking, two findings in JSON (one a credential), one in the text.
    text = CLINIC_TOML.read_text("utf-8")
    swedish = text.index("[services.swedish]")
    at = text.index('requires = ["lmt"]\n', swedish)
    clinic = write(text[:at] + text[at + len('requires = ["lmt"]\n') :])
    pregnant = write(
        "format = 1\n[client]\nconditions = []\nmedications = []\nallergies = []\n"
        "under_physician_care = false\n[pregnancy]\nweeks = 22\nhigh_risk = false\n",
        "intake.toml",
    )
    result = run("screen", clinic, "swedish", "--intake", pregnant, "--at", DAY)
    assert result.output.count("specialty-pregnancy (service swedish)") == 1, result.output
    assert "needs a therapist with: prenatal, lmt" in result.output
    document = json.loads(
        run("screen", clinic, "swedish", "--intake", pregnant, "--at", DAY, "--format", "json")
        .output
    )  # fmt: skip
    credentials = [f["credential"] for f in document["findings"]
                   if f["rule"] == "specialty-pregnancy"]  # fmt: skip
    assert credentials == ["prenatal", "lmt"]
