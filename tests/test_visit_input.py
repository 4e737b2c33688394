"""Visits typed at the front desk and sent by a POS: a visit file and the command line add up,
every mistake in what is asked is said where it was made (the item, the option, the file's
line, the request's JSON path) in the same words on every surface, and no message shows
Python's insides."""

from __future__ import annotations

import json
import re

import pytest

import servicekit
from servicekit import BookingError
from servicekit.i18n import translating
from tests.conftest import REPO, assert_user_error, first_party_plugins

CLINIC = REPO / "catalogues" / "therapeutic-clinic.toml"
SPA = REPO / "catalogues" / "day-spa.toml"
FRIDAY = "2026-12-04T16:00"
PYTHON = re.compile(r"\{'|\['|Decimal\(|NoneType|<class|\bTrue\b|\bFalse\b|\bNone\b|\\u")
"""What Python writes and a clinic's staff or a POS integrator never should read."""


def said(result) -> str:
    """What the command printed, checked to be a user's error: exit 1, no traceback, no
    Python repr."""
    assert_user_error(result)
    assert not PYTHON.search(result.output), result.output
    return result.output.strip()


@pytest.fixture(scope="module")
def clinic():
    return servicekit.load(CLINIC, plugins=first_party_plugins())


# -- a visit file and the command line add up ----------------------------------------------


VISIT = """\
at = 2026-12-04T16:00
tags = ["member"]
promos = ["WINTER10"]
pay_with = ["gift:20.00"]

[guests.ann]
tags = ["first-visit"]

[plans.five-pack]
holder = "ann"

[[items]]
service = "therapeutic"
duration = 60
guest = "ann"
"""


def quoted(run, *args) -> dict:
    result = run("quote", CLINIC, *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_items_and_options_beside_a_visit_file_add_to_it(run, write):
    visit = write(VISIT, "visit.toml")
    both = quoted(
        run,
        "--visit", visit, "deep-tissue:90@ben", "--tag", "physician-referral",
        "--tag", "member@ben", "--promo", "WINTER10", "--pay-with", "gift:30.00",
        "--plan", "five-pack:left=2",
    )  # fmt: skip
    alone = quoted(
        run,
        "therapeutic:60@ann", "deep-tissue:90@ben", "--at", FRIDAY, "--tag", "member",
        "--tag", "physician-referral", "--tag", "first-visit@ann", "--tag", "member@ben",
        "--promo", "WINTER10", "--pay-with", "gift:20.00", "--pay-with", "gift:30.00",
        "--plan", "five-pack:left=2,holder=ann",
    )  # fmt: skip
    assert both == alone
    assert [(item["service"], item["guest"]) for item in both["items"]] == [
        ("therapeutic", "ann"),
        ("deep-tissue", "ben"),
    ]
    assert both["visit"]["tags"] == ["member", "physician-referral"]
    assert both["visit"]["guests"] == {
        "ann": {"tags": ["first-visit"]},
        "ben": {"tags": ["member"]},
    }
    assert both["visit"]["promos"] == ["WINTER10"]
    assert both["visit"]["pay_with"] == ["gift:20.00", "gift:30.00"]
    assert both["visit"]["plans"]["five-pack"] == {
        "holder": "ann",
        "sessions_left": 2,
        "bought": None,
    }


def test_a_value_said_once_per_visit_on_the_command_line_replaces_the_files(run, write):
    visit = write(VISIT, "visit.toml")
    moved = quoted(run, "--visit", visit, "--at", "2026-12-07T09:00")
    assert moved["visit"]["at"] == "2026-12-07T09:00:00-06:00"
    assert moved["items"][0]["start"] == "2026-12-07T09:00:00-06:00"


def test_what_cannot_be_two_things_is_an_error_naming_both(run, write):
    visit = write('buy = "gift:100.00"\n' + VISIT, "visit.toml")
    assert said(run("quote", CLINIC, "--visit", visit, "--buy", "gift:50.00")) == (
        "error: --buy gift:50.00 and the visit file's buy, gift:100.00, both say what the "
        "visit buys (a visit buys one plan or gift certificate: give it once)"
    )
    assert quoted(run, "--visit", visit, "--buy", "gift:100.00")["visit"]["buy"] == "gift:100.00"
    repeated = {
        ("--at", FRIDAY, "--at", "2026-12-05T10:00"): (
            "error: --at is given 2 times, as 2026-12-04T16:00 and 2026-12-05T10:00 "
            "(give --at once)"
        ),
        ("--buy", "five-pack", "--buy", "gift:50"): "error: --buy is given 2 times",
        ("--location", "a", "--location", "b"): "error: --location is given 2 times",
        ("--plan", "five-pack:left=1", "--plan", "five-pack:left=2"): (
            "error: --plan five-pack:left=1 and --plan five-pack:left=2 say differently how "
            "many sessions are left on five-pack (give each fact of a plan once)"
        ),
        ("--promo-uses", "WINTER10=3", "--promo-uses", "WINTER10=4"): (
            "error: --promo-uses WINTER10=3 and --promo-uses WINTER10=4 say differently how "
            "often WINTER10 was used"
        ),
    }
    for args, message in repeated.items():
        assert said(run("quote", CLINIC, "therapeutic:60", *args)).startswith(message)
    # Said twice alike, it is said once: nothing is lost.
    twice = quoted(run, "therapeutic:60", "--at", FRIDAY, "--at", FRIDAY)
    assert twice["visit"]["at"] == "2026-12-04T16:00:00-06:00"


def test_the_help_says_how_a_visit_file_and_the_command_line_add_up(run):
    text = " ".join(run("quote", "--help").output.split())
    assert "With --visit FILE, the ITEMs follow the file's" in text
    assert "--tag, --promo, --plan and --pay-with add to what it says" in text
    assert "--at, --location and --therapist-level replace its values" in text
    assert "ID[*N]" in text


# -- one error, one problem, one set of words ----------------------------------------------


TWINS = [
    # (what was wrong, a booking of one service, the same in a visit's item, status, choices)
    ("service", {"service": "swedsh", "duration": 60}, "swedsh:60", ".service", 404, True),
    ("duration", {"service": "swedish", "duration": 45}, "swedish:45", ".duration", 400, True),
    (
        "add-on",
        {"service": "swedish", "duration": 60, "addons": ["hot-stone"]},
        "swedish:60+hot-stone",
        ".addons[0]",
        400,
        True,
    ),
    (
        "add-on twice",
        {"service": "swedish", "duration": 60, "addons": ["hot-stones", "hot-stones"]},
        "swedish:60+hot-stones+hot-stones",
        ".addons[1]",
        400,
        False,
    ),
    (
        "add-on not offered",
        {"service": "trigger-point", "duration": 60, "addons": ["hot-stones"]},
        "trigger-point:60+hot-stones",
        ".addons[0]",
        400,
        True,
    ),
    (
        "plan",
        {"service": "therapeutic", "duration": 60, "redeem": "five-pak"},
        "therapeutic:60/five-pak",
        ".redeem",
        400,
        True,
    ),
    (
        "plan with no sessions left",
        {
            "service": "therapeutic",
            "duration": 60,
            "redeem": "five-pack",
            "plans": {"five-pack": {"sessions_left": 0}},
        },
        "therapeutic:60/five-pack",
        ".redeem",
        400,
        False,
    ),
]


@pytest.mark.parametrize(
    ("booking", "item", "where", "status", "listed"),
    [case[1:] for case in TWINS],
    ids=[case[0] for case in TWINS],
)
def test_a_visits_mistake_is_its_bookings_twin_on_every_surface(
    serve_clinic, run, clinic, booking, item, where, status, listed
):
    """The same mistake in a booking of one service and in an item of a visit: the same
    status, type, words and choices over HTTP, at `$.service` and at `$.items[0].service`;
    the same words from Python and on the command line."""
    visit = {key: value for key, value in booking.items() if key in ("plans",)}
    visit["items"] = [item]
    alone = serve_clinic.post("/quote", json={**booking, "at": FRIDAY})
    inside = serve_clinic.post("/quote", json={**visit, "at": FRIDAY})
    assert alone.status_code == inside.status_code == status, (alone.text, inside.text)
    one, other = alone.json(), inside.json()
    for key in ("type", "title", "detail", "hint", "choices"):
        assert one.get(key) == other.get(key), key
    assert ("choices" in one) is listed
    assert one["errors"] == [{"message": one["detail"], "path": "$" + where, "hint": one["hint"]}]
    assert other["errors"] == [
        {"message": one["detail"], "path": "$.items[0]" + where, "hint": one["hint"]}
    ]
    assert not PYTHON.search(json.dumps(one, ensure_ascii=False))
    with pytest.raises(BookingError) as from_python:
        clinic.quote(**visit, at=FRIDAY)
    error = from_python.value
    assert (error.message, error.hint) == (one["detail"], one["hint"])
    assert str(error) == f"items[0]{where}: {error.message} ({error.hint})"
    held = [f"--plan={plan}:left=0" for plan in booking.get("plans", {})]
    printed = said(run("quote", CLINIC, item, "--at", FRIDAY, *held))
    assert printed == f"error: item '{item}': {one['detail']} ({one['hint']})"


@pytest.fixture(scope="module")
def serve_clinic():
    pytest.importorskip("litestar", reason="servicekit serve needs the serve extra")
    from litestar.testing import TestClient

    from servicekit.serving import Settings, create_app

    with TestClient(create_app(Settings(str(CLINIC)), plugins=first_party_plugins())) as client:
        yield client


def test_a_guest_and_tender_are_the_visits_whichever_way_it_is_asked(serve_clinic, clinic):
    monday = {"at": "2026-11-30T10:00"}
    for body in (
        {"service": "swedish", "duration": 60, **monday},
        {"items": ["swedish:60"], **monday},
    ):
        unknown = serve_clinic.post("/quote", json={**body, "guests": {"bob": {}}}).json()
        assert (unknown["status"], unknown["detail"], unknown["choices"]) == (
            400,
            "unknown guest 'bob': no item of this visit is for them",
            ["guest 1"],
        )
        assert unknown["errors"][0]["path"] == "$.guests.bob"
        too_much = serve_clinic.post("/quote", json={**body, "pay_with": ["gift:900"]}).json()
        assert too_much["detail"] == "gift certificates of $900.00 are more than the $95.00 due"
        assert too_much["errors"][0]["path"] == "$.pay_with"
    overlapping = {
        "items": [
            {"service": "swedish", "duration": 60, "start": "2026-12-04T10:00"},
            {"service": "swedish", "duration": 60, "start": "2026-12-04T10:30"},
        ]
    }
    problem = serve_clinic.post("/quote", json=overlapping).json()
    assert problem["errors"][0]["path"] == "$.items[1].start"
    with pytest.raises(BookingError) as caught:
        clinic.quote(**overlapping)
    assert caught.value.path == ("items", 1, "start")
    assert problem["detail"] == caught.value.message


def test_a_value_of_the_wrong_json_type_is_the_same_problem_in_an_item(serve_clinic):
    """An item's fields are checked as a booking's keys of the same name are."""
    for key, value in {"duration": "60", "service": 5, "addons": "hot-stones"}.items():
        booking = {"service": "swedish", "duration": 60, key: value}
        alone = serve_clinic.post("/quote", json=booking).json()
        inside = serve_clinic.post("/quote", json={"items": [booking]}).json()
        assert alone["type"] == inside["type"] == "urn:servicekit:problem:invalid-body"
        (one,), (other,) = alone["errors"], inside["errors"]
        assert (one["message"], one.get("hint")) == (other["message"], other.get("hint"))
        assert (one["path"], other["path"]) == (f"$.{key}", f"$.items[0].{key}")
    guest = {"items": [{"service": "swedish", "duration": 60, "guest": 5}]}
    (error,) = serve_clinic.post("/quote", json=guest).json()["errors"]
    assert error == {
        "message": "expected a list or a string or null, not the integer 5",
        "path": "$.items[0].guest",
    }


# -- quantities, in both forms -----------------------------------------------------------


def test_an_add_on_for_several_guests_is_written_alike_in_both_forms(run, plugins):
    spa = servicekit.load(SPA, plugins=plugins)
    one = spa.quote("partnermassage", addons={"aromatherapy": 2}, at=FRIDAY)
    item = spa.quote(items=["partnermassage+aromatherapy*2"], at=FRIDAY)
    assert one.total == item.total
    printed = run(
        "quote", SPA, "partnermassage", "--addon", "aromatherapy*2", "--at", FRIDAY,
        "--format", "json",
    )  # fmt: skip
    assert printed.exit_code == 0, printed.output
    assert json.loads(printed.output)["total"] == one.total.minor
    assert said(run("quote", SPA, "partnermassage", "--addon", "aromatherapy*3")) == (
        "error: --addon aromatherapy*3: add-on 'aromatherapy' for 3 guests, but "
        "'partnermassage' is for 2 guests (a guest has each add-on once: at most 2)"
    )
    twice = run(
        "quote", SPA, "partnermassage", "--addon", "aromatherapy*2", "--addon", "aromatherapy"
    )
    assert said(twice) == (
        "error: --addon: add-on 'aromatherapy' is listed twice (list it once with how many of "
        'the item\'s guests have it: aromatherapy*2 on the command line, {"aromatherapy": 2} '
        "in JSON, { aromatherapy = 2 } in TOML)"
    )


# -- what the desk types wrong -------------------------------------------------------------


MISTYPED = {
    # A quantity that is not a whole number from 1.
    ("therapeutic:60+hot-stones*x",): (
        "error: item 'therapeutic:60+hot-stones*x': the quantity 'x' in 'hot-stones*x' is not "
        "a whole number from 1 (write how many of the item's guests have it, e.g. hot-stones*2)"
    ),
    ("therapeutic", "--duration", "60", "--addon", "hot-stones*0"): (
        "error: --addon: the quantity '0' in 'hot-stones*0' is not a whole number from 1"
    ),
    ("therapeutic:60+*2",): "error: item 'therapeutic:60+*2': '*2' names no add-on before '*'",
    # Guests.
    ("therapeutic:60@ann,",): (
        "error: item 'therapeutic:60@ann,': an empty guest name in '@ann,' (name each guest "
        "once, separated by commas and nothing after the last: @ann,ben)"
    ),
    ("therapeutic:60@",): (
        "error: item 'therapeutic:60@': nothing after '@' (name the guest after '@', e.g. "
        "@ann, or leave out the '@')"
    ),
    ("therapeutic:60@--tag",): (
        "error: item 'therapeutic:60@--tag': guest '--tag' looks like an option, not a name"
    ),
    ("therapeutic:60@ann,ann",): (
        "error: item 'therapeutic:60@ann,ann': guest 'ann' is named twice for one item"
    ),
    ("therapeutic:60@" + "a" * 80,): "is too long or has control characters",
    ("therapeutic:60", "--tag", "member@"): (
        "error: --tag member@: a guest is named by text, not '' (e.g. ann)"
    ),
    # Lengths.
    ("therapeutic:",): "error: item 'therapeutic:': ':' is not followed by a length",
    ("therapeutic:sixty",): (
        "error: item 'therapeutic:sixty': the length 'sixty' is not a whole number of minutes "
        "(e.g. therapeutic:60)"
    ),
    ("therapeutic:6²",): "the length '6²' is not a whole number of minutes",
    ("therapeutic:" + "9" * 5000,): "is not a whole number of minutes",
    ("therapeutic", "--duration", "60.0"): (
        "error: --duration: the length '60.0' is not a whole number of minutes "
        "(e.g. --duration 60)"
    ),
    ("therapeutic:45",): (
        "error: item 'therapeutic:45': 'therapeutic' is not offered for 45 min "
        "(durations: 60, 90, 120)"
    ),
    # Services, in any script.
    ("thérapeutique:60",): "error: item 'thérapeutique:60': unknown service 'thérapeutique'",
    (":60",): "error: item ':60': no service before ':'",
    ("+hot-stones",): "error: item '+hot-stones': no service before '+'",
    # Plans and gift certificates.
    ("therapeutic:60/five-pack/wellness-membership",): (
        "error: item 'therapeutic:60/five-pack/wellness-membership': two plans to pay with, "
        "'five-pack' and 'wellness-membership'"
    ),
    ("--buy", "gift"): (
        "error: --buy: there is no package, membership or gift certificate 'gift' to buy "
        "(choose one of: five-pack, gift:AMOUNT, wellness-membership; a gift certificate is "
        "gift:AMOUNT, e.g. gift:50.00)"
    ),
    ("therapeutic:60", "--pay-with", "gift:-5"): (
        "error: --pay-with gift:-5: 'gift:-5' is not gift:AMOUNT with an amount above 0 in USD"
    ),
    ("therapeutic:60", "--plan", ":left=2"): "error: --plan :left=2: names no plan before ':'",
    ("therapeutic:60", "--plan", "five-pack:left=two"): (
        "error: --plan five-pack:left=two: left=two is not a number of sessions left"
    ),
    ("therapeutic:60/five-pack", "--plan", "five-pack:left=0"): (
        "error: item 'therapeutic:60/five-pack': 'five-pack' pays for 1 session of this visit "
        "(it has no sessions left: pay for them)"
    ),
    # Times and tags.
    ("therapeutic:60", "--at", "tomorrow"): (
        "error: --at: 'tomorrow' is not a date and time (write it like 2026-12-04T18:30)"
    ),
    ("therapeutic:60", "--tag", "Member"): (
        "error: --tag Member: 'Member' is not a valid tag (e.g. member)"
    ),
}


@pytest.mark.parametrize("args", list(MISTYPED), ids=lambda args: " ".join(args)[:40])
def test_each_mistyped_item_or_option_says_what_where_and_how_to_fix_it(run, args):
    at = () if "--at" in args else ("--at", FRIDAY)
    printed = said(run("quote", CLINIC, *args, *at))
    assert MISTYPED[args] in printed
    assert printed.endswith(")"), "a message says how to fix it"
    assert len(printed) < 400, "a message quotes the start of a long value, not all of it"


def test_counts_are_said_in_each_languages_plural(clinic):
    with pytest.raises(BookingError) as one:
        clinic.quote(
            items=["therapeutic:60@ann/five-pack"], plans={"five-pack": {"sessions_left": 0}}
        )
    assert one.value.message == "'five-pack' pays for 1 session of this visit"
    with pytest.raises(BookingError) as two:
        clinic.quote(
            items=["therapeutic:60@ann/five-pack", "therapeutic:60@ann/five-pack"],
            plans={"five-pack": {"sessions_left": 1}},
        )
    assert two.value.message == "'five-pack' pays for 2 sessions of this visit"
    assert two.value.hint == "only 1 session is left on it: pay for the others"
    for locale, words in {
        "de_DE": ("1 Sitzung dieses Besuchs", "2 Sitzungen dieses Besuchs"),
        "fr_FR": ("1 séance de cette visite", "2 séances de cette visite"),
        "es_ES": ("1 sesión de esta visita", "2 sesiones de esta visita"),
    }.items():
        with translating(locale):
            for count, word in zip((1, 2), words, strict=True):
                with pytest.raises(BookingError) as caught:
                    clinic.quote(
                        items=["therapeutic:60@ann/five-pack"] * count,
                        plans={"five-pack": {"sessions_left": count - 1}},
                    )
                assert word in caught.value.message


# -- visit files ---------------------------------------------------------------------------


FILES = {
    # name: (content, what is said)
    "duration.toml": (
        '[[items]]\nservice = "therapeutic"\nduration = 60.0\n',
        "duration.toml:3: $.items[0].duration: a duration is a whole number of minutes, not a "
        "number (60.0) (durations: 60, 90, 120)",
    ),
    "service.json": (
        '{\n  "items": [\n    {"service": "therapeutic", "duration": 60},\n'
        '    {"service": "swedsh", "duration": 60}\n  ]\n}\n',
        "service.json:4: $.items[1].service: unknown service 'swedsh' (did you mean 'swedish'?)",
    ),
    "items-string.json": (
        '{"items": "therapeutic:60"}',
        "items-string.json:1: $.items: items is an array of tables: [[items]]",
    ),
    "tags-string.toml": (
        'tags = "member"\n\n[[items]]\nservice = "therapeutic"\nduration = 60\n',
        "tags-string.toml:1: $.tags: tags must be a list of strings, not one string (e.g. "
        '["member"])',
    ),
    "short-form.toml": (
        'items = ["therapeutic:60", "therapeutic:60+hot-stones*x"]\n',
        "short-form.toml:1: $.items[1].addons.hot-stones: the quantity 'x' in 'hot-stones*x' is "
        "not a whole number from 1",
    ),
    "guest.toml": (
        '[[items]]\nservice = "therapeutic"\nduration = 60\nguest = "ann"\n\n'
        '[guests.bne]\ntags = ["member"]\n',
        "guest.toml:6: $.guests.bne: unknown guest 'bne': no item of this visit is for them "
        "(choose one of: ann)",
    ),
    "plan.toml": (
        '[[items]]\nservice = "therapeutic"\nduration = 60\nredeem = "five-pack"\n\n'
        "[plans.five-pack]\nsessions_left = 1.5\n",
        "plan.toml:7: $.plans.five-pack.sessions_left: plans.five-pack.sessions_left is a whole "
        "number, 0 or more, not a number (1.5)",
    ),
    "overlap.toml": (
        '[[items]]\nservice = "therapeutic"\nduration = 60\nstart = 2026-12-04T10:00\n\n'
        '[[items]]\nservice = "therapeutic"\nduration = 60\nstart = 2026-12-04T10:30\n',
        "overlap.toml:9: $.items[1].start: guest 'guest 1' would be in two places at once",
    ),
    "duplicate.json": (
        '{"items": ["therapeutic:60"], "items": ["swedish:60"]}',
        "duplicate.json: key 'items' is given twice in one object",
    ),
    "nan.json": (
        '{"items": ["therapeutic:60"], "promo_uses": {"X": NaN}}',
        "nan.json: NaN is not a number JSON allows",
    ),
    "empty.toml": ("", "empty.toml: the file is empty"),
    "list.json": ('["therapeutic:60"]', "list.json: a visit is a table of keys"),
}


@pytest.mark.parametrize("name", list(FILES))
def test_a_visit_files_mistake_is_said_at_its_line(run, tmp_path, name):
    content, message = FILES[name]
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    printed = said(run("quote", CLINIC, "--visit", path, "--at", FRIDAY))
    assert f"{tmp_path}/{message}" in printed


def test_a_huge_visit_file_is_refused_before_it_is_read_into_a_visit(run, tmp_path):
    path = tmp_path / "huge.toml"
    item = '[[items]]\nservice = "therapeutic"\nduration = 60\n\n'
    path.write_text(item * (2 * 1024 * 1024 // len(item)), encoding="utf-8")
    assert said(run("quote", CLINIC, "--visit", path)) == (
        f"{path}: is {path.stat().st_size:,} bytes; a visit may be at most 1,048,576 "
        "(a visit is a few items: is it the right file?)"
    )
