"""The small mistakes a new clinic manager makes, each caught with the suggestion they need."""

from __future__ import annotations

import json

import pytest

from tests.conftest import CLINIC, REPO, SWEDISH, assert_user_error, catalogue_text

CLINIC_TOML = REPO / "catalogues" / "therapeutic-clinic.toml"


def check_clinic(run, write, key: str, value: str):
    clinic = CLINIC.replace(
        next(line for line in CLINIC.splitlines() if line.startswith(f"{key} =")),
        f'{key} = "{value}"',
    )
    return run("check", write(catalogue_text(SWEDISH, clinic=clinic)))


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("US$", "did you mean 'USD'?"),
        ("€", "did you mean 'EUR'?"),
        ("£", "did you mean 'GBP'?"),
        ("CA$", "did you mean 'CAD'?"),
        ("euros", "did you mean 'EUR'?"),
        ("US dollars", "did you mean 'USD'?"),
        ("USDD", "did you mean 'USD'?"),
        ("usd", "write 'USD'"),
        ("$", "'$' stands for several currencies; write the code, e.g. USD, CAD, AUD"),
    ],
)
def test_a_currency_sign_or_name_suggests_its_iso_code(run, write, written, meant):
    result = check_clinic(run, write, "currency", written)
    assert_user_error(result, f"$.clinic.currency: '{written}'", meant)


@pytest.mark.parametrize(
    ("written", "meant"),
    [("en_us", "en_US"), ("EN-us", "en_US"), ("de-de", "de_DE"), ("fr_ca", "fr_CA")],
)
def test_a_locale_in_the_wrong_case_suggests_the_right_one(run, write, written, meant):
    result = check_clinic(run, write, "locale", written)
    assert_user_error(result, f"'{written}' is not a locale", f"did you mean '{meant}'?")


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("America/Austin", "America/Chicago"),  # a city that keeps Central time
        ("US/Texas", "America/Chicago"),
        ("America/Seattle", "America/Los_Angeles"),
        ("Canada/Calgary", "America/Edmonton"),
        ("america/new york", "America/New_York"),  # case and spaces
        ("Europe/Chicago", "America/Chicago"),  # the right city in the wrong region
        ("Berlin", "Europe/Berlin"),
        ("America/Chicagoo", "America/Chicago"),  # a typo: the closest name
    ],
)
def test_an_unknown_time_zone_suggests_the_zone_meant(run, write, written, meant):
    result = check_clinic(run, write, "timezone", written)
    assert_user_error(result, f"'{written}' is not an IANA time zone", f"did you mean '{meant}'?")


def test_a_json_catalogue_is_named_as_json_with_a_pointer_to_the_format(run, write):
    path = write(json.dumps({"format": 1, "clinic": {"name": "Spa"}}), "catalogue.json")
    assert_user_error(
        run("check", path),
        f"{path}: is JSON, not TOML: a catalogue is written in TOML",
        "docs/catalogue-format.md",
        f"`servicekit import square {path} -o catalogue.toml`",
    )


def test_a_square_catalog_given_as_a_catalogue_points_to_import(run, write):
    body = {"objects": [{"type": "ITEM", "id": "#swedish", "item_data": {"name": "Swedish"}}]}
    path = write(json.dumps(body), "square.json")
    assert_user_error(
        run("check", path),
        "is JSON, not TOML",
        f"it looks like a Square catalog: `servicekit import square {path} -o catalogue.toml`",
    )


def test_a_yaml_catalogue_is_named_as_yaml(run, write):
    path = write("format: 1\nclinic:\n  name: Spa\n  currency: USD\n", "catalogue.yaml")
    assert_user_error(
        run("check", path),
        "looks like YAML, not TOML",
        "TOML writes `key = value` and [tables] where YAML writes `key: value`",
    )


def test_a_latin1_file_says_which_letter_and_encoding(run, write):
    text = catalogue_text(SWEDISH).replace('name = "Swedish"', 'name = "Rücken"')
    path = write(text.encode("latin-1"))
    line = text[: text.index("Rücken")].count("\n") + 1
    assert_user_error(
        run("check", path),
        f"{path}:{line}: the file is not UTF-8 text: byte 0xfc is 'ü' in Latin-1 or "
        "Windows-1252, so it was saved in one of those (save it as UTF-8",
    )


@pytest.mark.parametrize(
    ("key", "written"),
    [
        ("currency", "US$"),
        ("locale", "en_us"),
        ("timezone", "America/Austin"),
        ("name", "Caf\N{LATIN SMALL LETTER E WITH ACUTE} Latin-1"),
    ],
)
def test_a_mistake_reads_as_one_sentence_and_one_hint(run, write, key, written):
    """Issue 17: "a Latin-1 file gets an oddly worded message". The hint comes once, in
    parentheses at the end, with no second or nested parenthesis to read through."""
    if key == "name":
        text = catalogue_text(SWEDISH).replace('name = "Swedish"', f'name = "{written}"')
        result = run("check", write(text.encode("latin-1")))
    else:
        result = check_clinic(run, write, key, written)
    assert_user_error(result)
    (line,) = [line for line in result.stdout.splitlines() if "failed" not in line]
    assert line.count("(") == line.count(")") == 1, line
    assert line.endswith(")"), line


def test_a_toml_syntax_error_is_still_a_toml_syntax_error(run, write):
    path = write(catalogue_text(SWEDISH, "[addons.stones\nname = 'x'"))
    assert_user_error(run("check", path), "TOML syntax error")


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ('"5pm"', 'write "17:00"'),
        ('"5:30 p.m."', 'write "17:30"'),
        ('"12am"', 'write "00:00"'),
        ('"9:30"', 'write "09:30"'),
        ('"25:00"', 'a 24-hour time in quotes, "00:00" to "23:59"'),
    ],
)
def test_a_time_written_another_way_suggests_the_24_hour_time(run, write, written, meant):
    rule = f'[[rules]]\nid = "evening"\ntype = "surcharge"\nwhen = {{ after = {written} }}\n'
    rule += 'amount = "10.00"\n'
    result = run("check", write(catalogue_text(SWEDISH, rule)))
    assert_user_error(result, "$.rules[0].when.after: expected a time of day", f"({meant})")


@pytest.mark.parametrize(
    ("written", "meant"),
    [('"no"', "write false, without quotes"), ('"Yes"', "write true, without quotes"),
     ("0", "write false")],
)  # fmt: skip
def test_a_yes_or_no_written_as_text_suggests_true_or_false(run, write, written, meant):
    intake = write(
        "format = 1\n[client]\nconditions = []\nmedications = []\nallergies = []\n"
        f"under_physician_care = {written}\n",
        "intake.toml",
    )
    result = run("screen", CLINIC_TOML, "swedish", "--intake", intake)
    assert_user_error(result, "$.client.under_physician_care: expected true or false", meant)


def test_an_intake_word_says_its_article_right(run, write):
    intake = write(
        'format = 1\n[client]\nconditions = ["tree-nut"]\nmedications = []\nallergies = []\n',
        "intake.toml",
    )
    result = run("screen", CLINIC_TOML, "swedish", "--intake", intake)
    assert_user_error(
        result,
        "'tree-nut' is not a condition (it is an allergy: list \"tree-nut\" under allergies)",
    )


def test_a_key_with_more_written_after_it_suggests_the_key(run, write):
    text = CLINIC_TOML.read_text("utf-8").replace('fee = "79.00"', 'fee_monthly = "79.00"')
    result = run("check", write(text))
    assert_user_error(
        result, "unknown key 'fee_monthly' for a 'membership' rule (did you mean 'fee'?)"
    )


def test_a_percentage_written_as_a_fraction_is_a_warning(run, write):
    text = CLINIC_TOML.read_text("utf-8").replace('rate = "6.25"', "rate = 0.0625")
    result = run("check", write(text.replace("percent = 10\n", "percent = 0.1\n", 1)))
    assert result.exit_code == 0, result.output
    assert "warning: $.taxes.sales.rate: is 0.0625 %, less than one percent (if you meant " in (
        result.output
    )
    assert "(if you meant 10 %, write 10: a percentage is the number before the % sign)" in (
        result.output
    )


def test_percentages_in_a_list_or_a_table_written_as_fractions_are_warnings(run, write):
    text = CLINIC_TOML.read_text("utf-8")
    gratuity = text.index('type = "gratuity"')
    start = text.index("percents = [", gratuity)
    end = text.index("]", start) + 1
    result = run("check", write(text[:start] + "percents = [0.18, 20]" + text[end:]))
    assert result.exit_code == 0, result.output
    assert ".percents[0]: is 0.18 %, less than one percent (if you meant 18 %, write 18" in (
        result.output
    )
    assert ".percents[1]" not in result.output


@pytest.mark.parametrize(
    ("written", "meant"),
    [("EST", "America/New_York"), ("MST", "America/Phoenix in Arizona"), ("UTC", "Europe/London")],
)
def test_a_zone_without_summer_time_is_a_warning(run, write, written, meant):
    result = check_clinic(run, write, "timezone", written)
    assert result.exit_code == 0, result.output
    assert f"warning: $.clinic.timezone: '{written}' keeps one offset all year" in result.output
    assert meant in result.output


def test_a_citys_zone_is_no_warning(run, write):
    assert "warning" not in check_clinic(run, write, "timezone", "America/Phoenix").output


def test_a_short_unknown_locale_suggests_no_other_language(run, write):
    result = check_clinic(run, write, "locale", "zz")
    assert_user_error(result, "'zz' is not a locale", "e.g. en_US, en_CA")
    assert "lzz" not in result.output
