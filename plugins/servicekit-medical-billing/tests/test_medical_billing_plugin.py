"""servicekit-medical-billing, tested as a clinic uses it: units by the CMS 8-minute rule and
the CPT midpoint rule, the clinic's billing settings, and superbills from the command line."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from servicekit_medical_billing.superbill import CSV_COLUMNS, BillingError, Client, superbill
from servicekit_medical_billing.units import total_units, units

import servicekit
from servicekit import Money
from servicekit.cli import cli

pytestmark = pytest.mark.servicekit_plugins("servicekit_medical_billing")

DAY = "2026-12-04"
PROVIDER = {
    "name": "Dana Reyes, LMT",
    "npi": "1234567893",
    "license": "IL 227.012345",
    "tax_id": "12-3456789",
}
BILLING = {"provider": PROVIDER, "payers": {"medicare": "cms", "acme-health": "midpoint"}}
SERVICES = {
    "therapeutic": {
        "modality": "therapeutic",
        "variations": [
            {"duration": 50, "price": "95.00"},
            {"duration": 60, "price": "105.00"},
        ],
    },
    "trigger-point": {
        "modality": "trigger-point",
        "variations": [
            {"duration": 20, "price": "40.00"},
            {"duration": 30, "price": "60.00"},
        ],
    },
}
CLINIC = """\
format = 1

[clinic]
name = "Riverside Therapeutic Massage"
currency = "USD"
locale = "en_US"
timezone = "America/Chicago"
address = "412 River Street, Riverside, IL 60546"
phone = "(708) 555-0142"

[categories.therapeutic]
name = "Therapeutic"

[services.therapeutic]
name = "Therapeutic Massage"
category = "therapeutic"
modality = "therapeutic"
variations = [
  { duration = 50, price = "95.00" },
  { duration = 60, price = "105.00" },
]

[services.trigger-point]
name = "Trigger Point Therapy"
category = "therapeutic"
modality = "trigger-point"
variations = [
  { duration = 20, price = "40.00" },
  { duration = 30, price = "60.00" },
]

[taxes.sales]
name = "Sales tax"
rate = "5"
exempt_tags = ["physician-referral"]
"""
SETTINGS = """
[plugins.medical-billing]
method = "cms"
place_of_service = "11"
payers = { medicare = "cms", acme-health = "midpoint" }
provider = { name = "Dana Reyes, LMT", npi = "1234567893", license = "IL 227.012345", \
tax_id = "12-3456789" }
"""
MONEY = ("charges", "tax", "total", "tip", "paid", "balance", "hsa_fsa_amount")


@pytest.fixture
def run():
    """`servicekit -p servicekit_medical_billing ...` with no other installed plugin."""

    def run(*args: str):
        command = ["-p", "servicekit_medical_billing", *args]
        return CliRunner().invoke(cli, command, env={"SERVICEKIT_LOAD_PLUGINS": ""})

    return run


@pytest.fixture
def clinic_file(tmp_path):
    """Write the clinic's catalogue, with `settings` as its billing table; returns its path."""

    def write(settings: str = SETTINGS, *, clinic: str = CLINIC) -> str:
        path = tmp_path / "clinic.toml"
        path.write_text(clinic + textwrap.dedent(settings), encoding="utf-8")
        return str(path)

    return write


@pytest.fixture
def bill(run, clinic_file):
    """`servicekit billing superbill` for Jordan Lee's visit on DAY, then `options`; a
    60-minute therapeutic massage for M54.50 unless they give sessions or diagnoses."""

    def bill(*options: str, catalogue: str | None = None):
        visit = ["--date", DAY, "--client", "Jordan Lee", "--dob", "1980-05-17"]
        given = list(options)
        if "--service" not in given:
            given += ["--service", "therapeutic:60"]
        if "--diagnosis" not in given:
            given += ["--diagnosis", "M54.50"]
        return run("billing", "superbill", catalogue or clinic_file(), *visit, *given)

    return bill


def failed_cleanly(result, status: int = 1) -> bool:
    """A user error: the given exit status, a message, and no traceback."""
    return (
        result.exit_code == status
        and isinstance(result.exception, SystemExit)
        and "Traceback" not in result.output
    )


# The CMS 8-minute rule: the day's total timed minutes set the units.


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [
        *[(0, 0), (7, 0), (8, 1), (22, 1), (23, 2), (37, 2), (38, 3), (52, 3), (53, 4)],
        *[(67, 4), (68, 5), (82, 5), (83, 6), (97, 6), (98, 7), (113, 8), (127, 8)],
    ],
)
def test_the_cms_table_turns_minutes_into_15_minute_units(minutes, expected):
    assert total_units(minutes) == expected
    assert units({"97124": minutes}) == {"97124": expected}


def test_a_code_under_8_minutes_bills_the_unit_the_total_earns_when_it_has_most_left_over():
    # 40 minutes bill 3 units: 97124 has two whole units and 3 minutes over; 97140's 7
    # minutes are more, so the third unit is 97140's.
    assert units({"97124": 33, "97140": 7}, "cms") == {"97124": 2, "97140": 1}


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [
        # The examples of the Medicare Claims Processing Manual, ch. 5 §20.2.
        ({"97112": 24, "97110": 23}, {"97112": 2, "97110": 1}),
        ({"97110": 33, "97140": 7}, {"97110": 2, "97140": 1}),
        (
            {"97110": 18, "97140": 13, "97116": 10, "97035": 8},
            {"97110": 1, "97140": 1, "97116": 1, "97035": 0},
        ),
        # Two codes of 7 minutes or less, 8 or more together: one unit, to the longer.
        ({"97124": 5, "97140": 7}, {"97124": 0, "97140": 1}),
    ],
)
def test_the_manuals_examples_bill_as_the_manual_says(minutes, expected):
    assert units(minutes, "cms") == expected


def test_equal_minutes_split_the_units_without_billing_three_of_one_code():
    billed = units({"97112": 20, "97110": 20}, "cms")
    assert sorted(billed.values()) == [1, 2]


def test_the_midpoint_rule_counts_each_code_on_its_own():
    assert units({"97124": 33, "97140": 7}, "midpoint") == {"97124": 2, "97140": 0}
    assert units({"97124": 50, "97140": 20}, "midpoint") == {"97124": 3, "97140": 1}


def test_neither_rule_always_bills_more_than_the_other():
    assert units({"97124": 7, "97140": 7}, "cms") == {"97124": 1, "97140": 0}
    assert units({"97124": 7, "97140": 7}, "midpoint") == {"97124": 0, "97140": 0}
    assert units({"97124": 8, "97140": 8}, "cms") == {"97124": 1, "97140": 0}
    assert units({"97124": 8, "97140": 8}, "midpoint") == {"97124": 1, "97140": 1}


def test_minutes_that_are_not_a_whole_number_of_zero_or_more_are_refused():
    with pytest.raises(ValueError, match="97124: minutes must be a whole number"):
        units({"97124": -1})
    with pytest.raises(ValueError, match="unknown method 'hourly'"):
        units({"97124": 30}, "hourly")  # type: ignore[arg-type]


DAYS = st.dictionaries(
    st.sampled_from(["97124", "97140", "97110", "97112"]),
    st.integers(min_value=0, max_value=240),
    min_size=1,
)


@given(DAYS)
def test_cms_bills_the_units_of_the_days_total_minutes(minutes):
    assert sum(units(minutes, "cms").values()) == total_units(sum(minutes.values()))


@given(DAYS)
def test_cms_gives_each_code_its_whole_units_and_at_most_one_more(minutes):
    billed = units(minutes, "cms")
    for code, count in minutes.items():
        assert count // 15 <= billed[code] <= count // 15 + 1


@given(DAYS)
def test_cms_bills_nothing_for_a_code_with_no_minutes(minutes):
    billed = units({**minutes, "97999": 0}, "cms")
    assert billed["97999"] == 0


@given(DAYS)
def test_cms_never_bills_a_code_fewer_units_than_a_code_with_fewer_minutes(minutes):
    billed = units(minutes, "cms")
    for longer in minutes:
        for shorter in minutes:
            if minutes[longer] > minutes[shorter]:
                assert billed[longer] >= billed[shorter]


@given(DAYS)
def test_midpoint_bills_each_code_as_if_it_were_alone(minutes):
    assert units(minutes, "midpoint") == {code: total_units(m) for code, m in minutes.items()}


@given(st.integers(min_value=0, max_value=600), st.integers(min_value=0, max_value=60))
def test_more_minutes_never_bill_fewer_units(minutes, more):
    assert total_units(minutes + more) >= total_units(minutes)


# `servicekit billing units`


def test_billing_units_prints_the_rule_the_total_and_each_code(run):
    result = run("billing", "units", "97124=33", "97140=7")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "CMS 8-minute rule: 40 timed minutes, 3 units\n"
        "  97124      33 min  2 units\n"
        "  97140       7 min  1 unit\n"
    )


def test_one_unit_is_one_unit_not_one_units(run):
    result = run("billing", "units", "22")
    assert (
        result.output
        == "CMS 8-minute rule: 22 timed minutes, 1 unit\n  #1         22 min  1 unit\n"
    )


def test_billing_units_by_the_midpoint_rule(run):
    result = run("billing", "units", "97124=33", "97140=7", "--method", "midpoint")
    assert result.output.splitlines() == [
        "CPT midpoint rule, per code: 40 timed minutes, 2 units",
        "  97124      33 min  2 units",
        "  97140       7 min  0 units",
    ]


def test_billing_units_as_json(run):
    result = run("billing", "units", "97124=33", "97140=7", "--format", "json")
    assert json.loads(result.output) == {
        "method": "cms",
        "minutes": {"97124": 33, "97140": 7},
        "units": {"97124": 2, "97140": 1},
        "total": {"minutes": 40, "units": 3},
    }


def test_a_code_given_twice_has_its_minutes_added(run):
    result = run("billing", "units", "97124=20", "97140=7", "97124=13", "--format", "json")
    assert json.loads(result.output)["minutes"] == {"97124": 33, "97140": 7}


@pytest.mark.parametrize("argument", ["abc", "97124=-3", "=5", "97124=", "12.5", "²"])
def test_minutes_that_are_not_minutes_are_a_usage_error(run, argument):
    result = run("billing", "units", "97124=30", argument)
    assert failed_cleanly(result, status=2)
    assert f"Invalid value for MINUTES: '{argument}' is not MINUTES or CODE=MINUTES" in (
        result.output
    )
    assert "e.g. 38 or 97124=38" in result.output


# The clinic's settings: `[plugins.medical-billing]`, checked when the catalogue loads.


def billing_problems(make_catalogue, **settings) -> dict[tuple, str]:
    """The problems the settings cause, by key path under the table."""
    with pytest.raises(servicekit.CatalogueError) as caught:
        make_catalogue(services=SERVICES, plugins={"medical-billing": settings})
    return {
        problem.path[2:]: f"{problem.message} ({problem.hint})"
        for problem in caught.value.problems
        if problem.path is not None and problem.path[:2] == ("plugins", "medical-billing")
    }


def test_good_settings_load(make_catalogue):
    catalogue = make_catalogue(services=SERVICES, plugins={"medical-billing": BILLING})
    assert catalogue.plugin_settings["medical-billing"]["provider"]["npi"] == "1234567893"


def test_an_npi_whose_check_digit_is_wrong_stops_the_catalogue_at_its_key(make_catalogue):
    problems = billing_problems(make_catalogue, provider={**PROVIDER, "npi": "1234567890"})
    assert problems == {
        ("provider", "npi"): "'1234567890' is not a valid NPI (ten digits whose last is the "
        "Luhn check digit; copy it from the NPPES registry)"
    }


@pytest.mark.parametrize(
    ("settings", "path", "says"),
    [
        ({"methd": "cms"}, ("methd",), "unknown key 'methd' (did you mean 'method'?)"),
        ({"method": "hourly"}, ("method",), "'hourly' is not a units rule (write cms or"),
        ({"place_of_service": 11}, ("place_of_service",), "11 is not a place-of-service code"),
        ({"payers": {"acme": "fast"}}, ("payers", "acme"), "'fast' is not a units rule"),
        ({"payers": "cms"}, ("payers",), "expected a table of payer = units rule"),
        ({"cpt": {"swedsh": "97124"}}, ("cpt", "swedsh"), "(did you mean 'swedish'?)"),
        ({"cpt": {"swedish": "97110"}}, ("cpt", "swedish"), "'97110' is not a CPT code this"),
        ({"cpt": {"swedish": {"a": 1}}}, ("cpt", "swedish"), "a table is not a CPT code"),
        ({"provider": "Dana"}, ("provider",), "expected a table of the provider's name"),
        (
            {"provider": {**PROVIDER, "npi": 1234567893}},
            ("provider", "npi"),
            'the provider\'s npi must be a string (write it in quotes: npi = "1234567893")',
        ),
        (
            {"provider": {k: v for k, v in PROVIDER.items() if k != "license"}},
            ("provider", "license"),
            "missing the provider's license (superbills need it)",
        ),
        (
            {"provider": {**PROVIDER, "tax_id": "123456789"}},
            ("provider", "tax_id"),
            "'123456789' is not an EIN (write it as \"12-3456789\")",
        ),
        (
            {"provider": {**PROVIDER, "license": "..."}},
            ("provider", "license"),
            "the provider's license is still '...' (write the provider's own in its place)",
        ),
    ],
)
def test_a_setting_that_is_wrong_is_reported_at_its_key(make_catalogue, settings, path, says):
    problems = billing_problems(make_catalogue, **settings)
    assert path in problems
    assert says in problems[path]


def test_servicekit_check_takes_the_table_as_the_plugins_own(run, clinic_file):
    result = run("check", clinic_file())
    assert result.exit_code == 0, result.output
    assert "medical-billing" not in result.output  # no "settings for a plugin not loaded"


def test_servicekit_check_shows_a_bad_npi_at_its_line_and_key(run, clinic_file):
    catalogue = clinic_file(SETTINGS.replace("1234567893", "1234567890"))
    lines = Path(catalogue).read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.startswith("provider = "))
    result = run("check", catalogue)
    assert failed_cleanly(result)
    assert (
        f"{catalogue}:{line}: $.plugins.medical-billing.provider.npi: '1234567890' is not a "
        "valid NPI" in result.output
    )


# Superbills


def test_the_superbill_has_the_provider_client_visit_lines_and_the_hsa_amount(bill):
    result = bill(
        "--service", "therapeutic:60", "--member-id", "XYZ123", "--diagnosis", "M54.50",
        "--diagnosis", "fibromyalgia", "--tip", "20", "--paid", "50.00", "--lmn",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    sheet = json.loads(result.stdout)
    assert sheet["provider"] == {
        **PROVIDER,
        "address": "412 River Street, Riverside, IL 60546",
        "phone": "(708) 555-0142",
        "clinic": "Riverside Therapeutic Massage",
    }
    assert sheet["client"] == {
        "name": "Jordan Lee",
        "date_of_birth": "1980-05-17",
        "member_id": "XYZ123",
    }
    assert (sheet["date_of_service"], sheet["place_of_service"]) == (DAY, "11")
    assert sheet["diagnoses"] == [
        {"pointer": "A", "icd10": "M54.50", "name": None},
        {"pointer": "B", "icd10": "M79.7", "name": "Fibromyalgia"},
    ]
    assert sheet["lines"] == [
        {
            "cpt": "97124",
            "description": "Massage, including effleurage, petrissage and/or tapotement",
            "services": ["therapeutic"],
            "modifiers": [],
            "minutes": 60,
            "units": 4,
            "diagnosis_pointers": ["A", "B"],
            "fee": 10500,
        }
    ]
    # 105.00 and 5% tax; the 20.00 tip is paid to the therapist, not to the HSA's account.
    assert (sheet["charges"], sheet["tax"], sheet["total"]) == (10500, 525, 11025)
    assert (sheet["tip"], sheet["paid"], sheet["balance"]) == (2000, 5000, 8025)
    assert sheet["hsa_fsa_amount"] == 11025
    assert sheet["letter_of_medical_necessity"] is True
    assert "One is on file." in sheet["notes"][0]
    assert "the tip is left out of the HSA/FSA amount" in sheet["notes"][1]


def test_every_money_value_in_the_json_is_integer_minor_units(bill):
    sheet = json.loads(bill("--tip", "12.50", "--paid", "0").stdout)
    amounts = [sheet[key] for key in MONEY]
    amounts += [line["fee"] for line in sheet["lines"]]
    assert len(amounts) == len(MONEY) + 1
    assert all(type(amount) is int for amount in amounts)
    assert sheet["tip"] == 1250


def test_without_a_letter_the_superbill_says_to_keep_one(bill):
    notes = json.loads(bill().stdout)["notes"]
    assert notes[0].endswith("Keep one with this superbill.")
    assert len(notes) == 1  # no tip, no note about tips


def test_a_physician_referral_tag_removes_the_tax_where_the_catalogue_says(bill):
    sheet = json.loads(bill("--tag", "physician-referral").stdout)
    assert (sheet["tax"], sheet["hsa_fsa_amount"]) == (0, 10500)


def test_the_superbill_as_csv_has_a_row_per_code(bill):
    result = bill(
        "--service", "therapeutic:60", "--service", "trigger-point:30", "--diagnosis", "M54.50",
        "--diagnosis", "M79.7", "--modifier", "97140:59", "--format", "csv",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(row["cpt"], row["units"], row["minutes"], row["fee"]) for row in rows] == [
        ("97124", "4", "60", "105.00"),
        ("97140", "2", "30", "60.00"),
    ]
    first = rows[0]
    assert (first["provider"], first["npi"], first["license"], first["tax_id"]) == (
        "Dana Reyes, LMT",
        "1234567893",
        "IL 227.012345",
        "12-3456789",
    )
    assert (first["client"], first["date_of_service"], first["place_of_service"]) == (
        "Jordan Lee",
        DAY,
        "11",
    )
    assert (first["icd10"], rows[1]["modifiers"], first["currency"]) == (
        "M54.50 M79.7",
        "59",
        "USD",
    )
    assert result.stdout_bytes.count(b"\r\n") == 3  # RFC 4180 line ends: a head, two rows


def test_o_writes_the_superbill_to_a_file(bill, tmp_path):
    target = tmp_path / "jordan-lee-2026-12-04.json"
    result = bill("-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))["lines"][0]["cpt"] == "97124"


def test_o_will_not_overwrite_the_catalogue(bill, clinic_file):
    catalogue = clinic_file()
    result = bill("-o", catalogue, catalogue=catalogue)
    assert failed_cleanly(result)
    assert "refusing to overwrite the input" in result.output


def test_massage_and_manual_therapy_on_one_visit_draw_a_warning(bill):
    result = bill("--service", "therapeutic:60", "--service", "trigger-point:30")
    assert result.exit_code == 0
    warning = "97124 and 97140 on one visit are often denied"
    assert f"warning: {warning}" in result.stderr
    assert "--modifier 97140:59" in result.stderr
    assert warning in json.loads(result.stdout)["warnings"][0]


def test_modifier_59_on_manual_therapy_documents_distinct_work(bill):
    result = bill(
        "--service", "therapeutic:60", "--service", "trigger-point:30", "--modifier", "97140:59",
        "--modifier", "97124:gp",
    )  # fmt: skip
    assert result.stderr == ""
    lines = json.loads(result.stdout)["lines"]
    assert [(line["cpt"], line["modifiers"]) for line in lines] == [
        ("97124", ["GP"]),
        ("97140", ["59"]),
    ]


def test_each_payer_is_billed_by_its_own_units_rule(bill):
    # 50 + 20 minutes: by CMS, 70 minutes bill 5 units, the fifth to the longer session; by
    # the midpoint rule, 50 minutes bill 3 and 20 minutes 1.
    sessions = ("--service", "therapeutic:50", "--service", "trigger-point:20")
    medicare = json.loads(bill(*sessions, "--payer", "medicare").stdout)
    acme = json.loads(bill(*sessions, "--payer", "acme-health").stdout)
    assert (medicare["units_rule"], [line["units"] for line in medicare["lines"]]) == (
        "cms",
        [4, 1],
    )
    assert (acme["units_rule"], [line["units"] for line in acme["lines"]]) == ("midpoint", [3, 1])
    assert acme["payer"] == "acme-health"
    forced = json.loads(bill(*sessions, "--payer", "acme-health", "--method", "cms").stdout)
    assert [line["units"] for line in forced["lines"]] == [4, 1]


def test_a_payer_the_settings_do_not_name_is_billed_by_the_clinics_rule_with_a_warning(bill):
    result = bill("--payer", "acme-heath")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["units_rule"] == "cms"
    assert (
        "warning: payer 'acme-heath' is not in [plugins.medical-billing] payers, so the "
        "clinic's cms rule counts the units (did you mean 'acme-health'?)"
    ) in result.stderr
    unlike = bill("--payer", "united")
    assert "(choose one of: acme-health, medicare)" in unlike.stderr


def test_a_line_that_bills_no_unit_is_a_warning(make_catalogue):
    # A 5-minute stretch after an hour's massage: 65 minutes bill 4 units, all the massage's.
    stretch = {"modality": "assisted-stretching", "variations": [{"duration": 5, "price": "10"}]}
    catalogue = make_catalogue(
        clinic={"address": "412 River Street, Riverside, IL 60546"},
        services={**SERVICES, "stretch": stretch},
        plugins={"medical-billing": BILLING},
    )
    sheet = superbill(
        catalogue,
        date=dt.date(2026, 12, 4),
        services=[("therapeutic", 60), ("stretch", 5)],
        client=Client("Jordan Lee", dt.date(1980, 5, 17)),
        diagnoses=["M54.50"],
        modifiers={"97140": ["59"]},
    )
    assert [(line.code, line.units) for line in sheet.lines] == [("97124", 4), ("97140", 0)]
    assert sheet.warnings == (
        "97140: 5 minutes bill no unit by the cms rule; the payer will not pay this line",
    )


@pytest.mark.parametrize(
    ("modality", "code"),
    [
        ("swedish", "97124"),
        ("therapeutic", "97124"),
        ("deep-tissue", "97124"),
        ("trigger-point", "97140"),
        ("myofascial-release", "97140"),
        ("assisted-stretching", "97140"),
    ],
)
def test_each_modality_bills_its_cpt_code(make_catalogue, modality, code):
    catalogue = make_catalogue(
        services={"session": {"modality": modality}}, plugins={"medical-billing": BILLING}
    )
    sheet = visit(catalogue)
    assert [(line.code, line.units) for line in sheet.lines] == [(code, 4)]


def test_lymphatic_drainage_is_manual_therapy():
    pytest.importorskip("servicekit_lymphatic")
    plugins = servicekit.plugin_manager(
        entry_points=False, modules=["servicekit_medical_billing", "servicekit_lymphatic"]
    )
    catalogue = servicekit.build(
        {
            "format": 1,
            "clinic": {"name": "C", "currency": "USD", "locale": "en_US", "timezone": "UTC"},
            "categories": {"massage": {"name": "Massage"}},
            "credentials": {"clt": {"name": "Certified Lymphedema Therapist"}},
            "services": {
                "session": {
                    "name": "Manual Lymphatic Drainage",
                    "category": "massage",
                    "modality": "lymphatic-drainage",
                    "variations": [{"duration": 60, "price": "115.00"}],
                }
            },
            "plugins": {"medical-billing": BILLING},
        },
        plugins=plugins,
    )
    assert [line.code for line in visit(catalogue, diagnoses=["lymphedema"]).lines] == ["97140"]


def test_the_catalogue_can_code_a_modality_of_its_own(make_catalogue):
    reflexology = {"reflexology": {"name": "Reflexology", "description": "Pressure on the feet."}}
    catalogue = make_catalogue(
        modalities=reflexology,
        services={"session": {"modality": "reflexology"}},
        plugins={"medical-billing": {**BILLING, "cpt": {"reflexology": "97124"}}},
    )
    assert [line.code for line in visit(catalogue).lines] == ["97124"]


def test_a_modality_with_no_code_is_an_error_saying_how_to_give_it_one(make_catalogue):
    reflexology = {"reflexology": {"name": "Reflexology", "description": "Pressure on the feet."}}
    catalogue = make_catalogue(
        modalities=reflexology,
        services={"session": {"modality": "reflexology"}},
        plugins={"medical-billing": BILLING},
    )
    with pytest.raises(servicekit.ServicekitError) as caught:
        visit(catalogue)
    assert str(caught.value) == (
        "no CPT code for modality 'reflexology' of service 'session' (add to the end of the "
        "catalogue (97124 for massage, 97140 for manual therapy):\n"
        '[plugins.medical-billing.cpt]\nreflexology = "97124"\n)'
    )


def test_the_cpt_hint_is_toml_that_makes_the_catalogue_bill_the_modality(make_catalogue):
    catalogue = """
    [modalities.reflexology]
    name = "Reflexology"
    description = "Pressure on the feet."

    [services.session]
    name = "Reflexology"
    category = "massage"
    modality = "reflexology"
    variations = [{ duration = 60, price = "80.00" }]

    [plugins.medical-billing.provider]
    name = "Dana Reyes, LMT"
    npi = "1234567893"
    license = "IL 227.012345"
    tax_id = "12-3456789"
    """
    with pytest.raises(BillingError) as caught:
        visit(make_catalogue(toml=catalogue))
    pasted = textwrap.dedent(catalogue) + caught.value.hint.split(":\n", 1)[1]
    assert [line.code for line in visit(make_catalogue(toml=pasted)).lines] == ["97124"]


def test_with_a_cpt_table_already_the_hint_adds_a_line_to_it(make_catalogue):
    reflexology = {"reflexology": {"name": "Reflexology", "description": "Pressure on the feet."}}
    catalogue = make_catalogue(
        modalities=reflexology,
        services={"session": {"modality": "reflexology"}},
        plugins={"medical-billing": {**BILLING, "cpt": {"swedish": "97124"}}},
    )
    with pytest.raises(BillingError) as caught:
        visit(catalogue)
    assert caught.value.hint == (
        'add reflexology = "97124" to the catalogue\'s [plugins.medical-billing] cpt table '
        "(97124 for massage, 97140 for manual therapy)"
    )


def test_a_line_points_at_four_diagnoses_at_most(make_catalogue):
    catalogue = make_catalogue(services=SERVICES, plugins={"medical-billing": BILLING})
    codes = ["M54.50", "M79.7", "M62.830", "G44.209", "M54.2"]
    sheet = visit(catalogue, service="therapeutic", diagnoses=codes)
    assert [code for code, _ in sheet.diagnoses] == codes
    assert sheet.lines[0].pointers == ("A", "B", "C", "D")


def test_more_diagnoses_than_a_claim_holds_are_refused(make_catalogue):
    catalogue = make_catalogue(services=SERVICES, plugins={"medical-billing": BILLING})
    codes = [f"M54.{n}" for n in range(10, 23)]
    with pytest.raises(servicekit.ServicekitError, match="13 diagnoses; a claim has room for 12"):
        visit(catalogue, service="therapeutic", diagnoses=codes)


def visit(catalogue, *, service: str = "session", diagnoses=("M54.50",)):
    """A 60-minute visit, billed."""
    return superbill(
        catalogue,
        date=dt.date(2026, 12, 4),
        services=[(service, 60)],
        client=Client("Jordan Lee", dt.date(1980, 5, 17)),
        diagnoses=diagnoses,
    )


# What a manager can get wrong, and what the command says.


def test_a_catalogue_without_a_provider_gets_the_table_to_paste_and_fill_in(
    bill, run, clinic_file
):
    catalogue = clinic_file('[plugins.medical-billing]\nmethod = "cms"\n')
    result = bill(catalogue=catalogue)
    assert failed_cleanly(result)
    assert result.output == (
        "error: the catalogue has no provider for superbills (add to the end of the catalogue, "
        "and fill in the provider's details:\n"
        "[plugins.medical-billing.provider]\n"
        'name = "..."        # the billing provider, as licensed\n'
        'npi = "..."         # ten digits, from the NPPES registry\n'
        'license = "..."     # the state licence, as the board writes it\n'
        'tax_id = "..."      # the EIN, 12-3456789\n'
        ")\n"
    )
    table = result.output.split("details:\n", 1)[1].removesuffix(")\n")
    path = Path(catalogue)
    path.write_text(path.read_text(encoding="utf-8") + table, encoding="utf-8")
    # Pasted as it is, the TOML loads and each placeholder is refused at its key...
    unfilled = run("check", catalogue)
    assert failed_cleanly(unfilled)
    for key in PROVIDER:
        assert f"provider.{key}: the provider's {key} is still '...'" in unfilled.output
    # ...and filled in, the catalogue makes superbills.
    filled = table
    for key, value in PROVIDER.items():
        filled = filled.replace(f'{key} = "..."', f'{key} = "{value}"')
    path.write_text(path.read_text(encoding="utf-8").replace(table, filled), encoding="utf-8")
    billed = bill(catalogue=catalogue)
    assert billed.exit_code == 0, billed.output
    assert json.loads(billed.stdout)["provider"]["npi"] == "1234567893"


def test_a_bad_npi_in_the_catalogue_stops_the_superbill_at_its_key(bill, clinic_file):
    result = bill(catalogue=clinic_file(SETTINGS.replace("1234567893", "1234567894")))
    assert failed_cleanly(result)
    assert "$.plugins.medical-billing.provider.npi: '1234567894' is not a valid NPI" in (
        result.output
    )


def test_an_unknown_service_is_named_with_a_suggestion(bill):
    result = bill("--service", "therapeutc:60")
    assert failed_cleanly(result)
    assert result.output == "error: unknown service 'therapeutc' (did you mean 'therapeutic'?)\n"


def test_a_service_offered_in_several_lengths_needs_the_minutes(bill):
    result = bill("--service", "therapeutic")
    assert failed_cleanly(result)
    assert result.output == (
        "error: 'therapeutic' needs its minutes (write therapeutic:MINUTES with one of its "
        "lengths: 50, 60)\n"
    )


def test_a_length_the_service_is_not_offered_in_is_named(bill):
    result = bill("--service", "therapeutic:45")
    assert failed_cleanly(result)
    assert "'therapeutic' is not offered for 45 min" in result.output


@pytest.mark.parametrize(
    ("option", "value", "says"),
    [
        ("--date", "2026-13-04", "Invalid value for --date: '2026-13-04' is not a date like"),
        ("--dob", "17/05/1980", "Invalid value for --dob: '17/05/1980' is not a date like"),
        (
            "--dob",
            "2027-01-01",
            "Invalid value for --dob: the date of birth, 2027-01-01, is after the date of "
            "service, 2026-12-04 (check both dates",
        ),
        ("--tip", "abc", "Invalid value for --tip: 'abc' is not an amount of USD: write a"),
        ("--tip", "NaN", "Invalid value for --tip: 'NaN' is not an amount of USD: write a"),
        ("--tip", "Infinity", "Invalid value for --tip: 'Infinity' is not an amount of USD"),
        ("--paid", "-inf", "Invalid value for --paid: '-inf' is not an amount of USD"),
        (
            "--tip",
            "20.005",
            "Invalid value for --tip: the tip, 20.005 USD, has more decimal places than USD "
            "has (2) (give at most 2 decimal places, e.g. 20.00)",
        ),
        ("--tip", "1e-30", "the tip, 1E-30 USD, has more decimal places than USD has (2)"),
        (
            "--paid",
            "-5",
            "Invalid value for --paid: the amount paid, -5 USD, is less than 0 (give 0 or "
            "more, e.g. 20.00)",
        ),
        (
            "--tip",
            "1e30",
            "Invalid value for --tip: the tip, 1E+30 USD, is beyond any real amount (check "
            "for a typo; it is in USD, e.g. 20.00)",
        ),
        ("--paid", "1e30", "Invalid value for --paid: the amount paid, 1E+30 USD, is beyond"),
        ("--paid", "1e999999999", "Invalid value for --paid: the amount paid, 1E+999999999 USD"),
        ("--tip", "9" * 5000, "Invalid value for --tip: the tip, 1.000E+5000 USD, is beyond"),
        ("--time", "25:00", "Invalid value for --time: '25:00' is not a time like 18:30"),
        ("--time", "6pm", "Invalid value for --time: '6pm' is not a time like 18:30 (HH:MM"),
        ("--modifier", "97140", "Invalid value for --modifier: '97140' is not CODE:MODIFIER"),
        (
            "--modifier",
            "abc:59",
            "Invalid value for --modifier: 'abc:59': 'abc' is not a CPT or HCPCS code (five "
            "characters: five digits like 97124, four digits and a letter like 0001F, or a "
            "letter and four digits like G0283)",
        ),
    ],
)
def test_an_option_value_that_is_wrong_is_a_usage_error(bill, option, value, says):
    result = bill(option, value)
    assert failed_cleanly(result, status=2)
    assert says in result.output


@pytest.mark.parametrize(
    ("diagnosis", "says"),
    [
        ("back-pain", "'back-pain' is neither an ICD-10 code nor a known condition (give an "),
        ("fibromyalga", "(did you mean 'fibromyalgia'?)"),
        ("Fibromyalga", "(did you mean 'fibromyalgia'?)"),
        ("open-wound", "condition 'open-wound' has no ICD-10 code in servicekit's vocabulary"),
    ],
)
def test_a_diagnosis_that_is_not_icd10_or_a_coded_condition_is_refused(bill, diagnosis, says):
    result = bill("--diagnosis", diagnosis)
    assert failed_cleanly(result)
    assert says in result.output


@pytest.mark.parametrize(
    ("modifier", "says"),
    [
        ("97140:59", "a modifier for 97140, which is not on this superbill (its codes are 97124)"),
        ("97124:G", "'G' is not a CPT modifier (two letters or digits, e.g. 59 or GP)"),
    ],
)
def test_a_modifier_must_fit_a_line_of_the_bill(bill, modifier, says):
    result = bill("--modifier", modifier)
    assert failed_cleanly(result)
    assert says in result.output


# The visit's start time and promotion codes price the sessions as servicekit quotes them.

PRICING = """
[[rules]]
id = "evening"
type = "surcharge"
name = "Evening"
applies_to = ["services"]
when = { after = "17:00" }
percent = 10

[[rules]]
id = "back20"
type = "percent-off"
name = "BACK20: 20% off"
when = { promo = "BACK20" }
percent = 20
"""


@pytest.mark.parametrize(
    ("options", "fee"),
    [
        ((), 10500),  # noon, as without --time: before the evening surcharge
        (("--time", "16:59"), 10500),
        (("--time", "17:00"), 11550),
        (("--promo", "back20"), 8400),
        # 10% on 105.00 in the evening, then 20% off 115.50.
        (("--time", "18:30", "--promo", "BACK20"), 9240),
    ],
)
def test_the_fee_is_quoted_at_the_visits_start_with_its_promotion_codes(
    bill, clinic_file, options, fee
):
    result = bill(*options, catalogue=clinic_file(PRICING + SETTINGS))
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert json.loads(result.stdout)["lines"][0]["fee"] == fee


def test_the_command_and_the_python_api_make_the_same_superbill(bill, clinic_file):
    catalogue = clinic_file(PRICING + SETTINGS)
    result = bill(
        "--service", "therapeutic:60", "--service", "trigger-point:30", "--time", "18:30",
        "--promo", "BACK20", "--tip", "15", "--modifier", "97140:59", catalogue=catalogue,
    )  # fmt: skip
    plugins = servicekit.plugin_manager(entry_points=False, modules=["servicekit_medical_billing"])
    sheet = superbill(
        servicekit.load(catalogue, plugins=plugins),
        date=dt.date(2026, 12, 4),
        services=[("therapeutic", 60), ("trigger-point", 30)],
        client=Client("Jordan Lee", dt.date(1980, 5, 17)),
        diagnoses=["M54.50"],
        time=dt.time(18, 30),
        promos=["BACK20"],
        tip=Money("15", "USD"),
        modifiers={"97140": ["59"]},
    )
    assert json.loads(result.stdout) == sheet.to_dict()
    assert [line["fee"] for line in sheet.to_dict()["lines"]] == [9240, 5280]


def test_a_promotion_code_the_catalogue_does_not_have_is_a_warning(bill, clinic_file):
    result = bill("--promo", "BAK20", catalogue=clinic_file(PRICING + SETTINGS))
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "warning: promo code BAK20 is unknown: it takes nothing off (check its spelling)\n"
    )
    assert json.loads(result.stdout)["lines"][0]["fee"] == 10500


def test_the_help_says_the_visit_is_priced_at_noon_without_time(run):
    result = run("billing", "superbill", "--help")
    assert result.exit_code == 0
    assert "--time HH:MM" in result.output
    assert "(default 12:00, noon)" in " ".join(result.output.split())
    assert "--promo CODE" in result.output


# What Python callers give superbill() is checked as the command's options are.


@pytest.mark.parametrize(
    ("given", "says"),
    [
        (
            {"client": Client("Jordan Lee", dt.date(2027, 1, 1))},
            "the date of birth, 2027-01-01, is after the date of service, 2026-12-04",
        ),
        ({"tip": Money("-5", "USD")}, "the tip, -5 USD, is less than 0 (give 0 or more"),
        (
            {"paid": Money("20.005", "USD")},
            "the amount paid, 20.005 USD, has more decimal places than USD has (2)",
        ),
        ({"tip": Money("1e30", "USD")}, "the tip, 1E+30 USD, is beyond any real amount"),
        (
            {"tip": Money("20", "EUR")},
            "the tip, 20 EUR, is not in the catalogue's currency, USD (give it in USD",
        ),
        (
            {"services": [("therapeutic", 60)] * 25},
            "1500 minutes of sessions on one visit, more than a day has (1440)",
        ),
        ({"services": [("therapeutic", "60")]}, "session 'therapeutic': '60' is not a whole"),
    ],
)
def test_superbill_refuses_values_that_cannot_be_right(make_catalogue, given, says):
    catalogue = make_catalogue(services=SERVICES, plugins={"medical-billing": BILLING})
    visit = {
        "date": dt.date(2026, 12, 4),
        "services": [("therapeutic", 60)],
        "client": Client("Jordan Lee", dt.date(1980, 5, 17)),
        "diagnoses": ["M54.50"],
    }
    with pytest.raises(BillingError) as caught:
        superbill(catalogue, **{**visit, **given})
    assert says in str(caught.value)


# The CSV: the line's columns, then the visit's on every row.


def test_the_csv_repeats_the_visits_diagnoses_and_amounts_on_every_row(bill):
    diagnoses = ["M54.50", "M79.7", "M62.830", "G44.209", "M54.2"]
    result = bill(
        "--service", "therapeutic:60", "--service", "trigger-point:30", "--modifier", "97140:59",
        *[option for code in diagnoses for option in ("--diagnosis", code)],
        "--tip", "20", "--paid", "100", "--lmn", "--format", "csv",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    head, *rows = list(csv.reader(io.StringIO(result.stdout)))
    assert head == list(CSV_COLUMNS)
    assert head[:16] == [
        "provider", "npi", "license", "tax_id", "client", "date_of_birth", "member_id",
        "date_of_service", "place_of_service", "cpt", "modifiers", "units", "minutes", "icd10",
        "fee", "currency",
    ]  # fmt: skip
    visit = [dict(zip(head, row, strict=True)) for row in rows]
    assert len(visit) == 2
    for row in visit:
        # The fifth diagnosis is on the claim, though no line points at it.
        assert row["diagnoses"] == "A=M54.50 B=M79.7 C=M62.830 D=G44.209 E=M54.2"
        assert row["icd10"] == "M54.50 M79.7 M62.830 G44.209"
        # 165.00 of fees and 5% tax; the tip is not the HSA's.
        assert (row["tax"], row["total"], row["tip"], row["paid"]) == (
            "8.25",
            "173.25",
            "20.00",
            "100.00",
        )
        assert (row["balance"], row["hsa_fsa_amount"]) == ("93.25", "173.25")
        assert row["letter_of_medical_necessity"] == "yes"
        assert row["notes"].startswith("HSA/FSA: massage qualifies")
        assert row["notes"].endswith("the tip is left out of the HSA/FSA amount.")


def test_csv_cells_a_spreadsheet_would_run_as_formulas_start_with_an_apostrophe(bill):
    result = bill(
        "--client", '=HYPERLINK("http://example.com","Jordan")', "--member-id", "+15551234",
        "--format", "csv",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    row = next(csv.DictReader(io.StringIO(result.stdout)))
    assert row["client"] == '\'=HYPERLINK("http://example.com","Jordan")'
    assert row["member_id"] == "'+15551234"
    assert json.loads(bill("--member-id", "+15551234").stdout)["client"]["member_id"] == (
        "+15551234"
    )  # the JSON keeps the value as given


# The address and phone payers see.

DOWNTOWN = """
[locations.downtown]
name = "Downtown"
address = "1 Main Street, Riverside, IL 60546"
phone = "(708) 555-0199"
"""


def test_a_location_gives_the_superbill_its_address_and_phone(bill, clinic_file):
    sheet = json.loads(
        bill("--location", "downtown", catalogue=clinic_file(DOWNTOWN + SETTINGS)).stdout
    )
    assert (sheet["provider"]["address"], sheet["provider"]["phone"]) == (
        "1 Main Street, Riverside, IL 60546",
        "(708) 555-0199",
    )
    clinic = json.loads(bill(catalogue=clinic_file(DOWNTOWN + SETTINGS)).stdout)
    assert clinic["provider"]["address"] == "412 River Street, Riverside, IL 60546"


def test_the_providers_own_address_wins_over_the_locations(bill, clinic_file):
    own = SETTINGS.replace(
        'tax_id = "12-3456789" }', 'tax_id = "12-3456789", address = "PO Box 7" }'
    )
    sheet = json.loads(
        bill("--location", "downtown", catalogue=clinic_file(DOWNTOWN + own)).stdout
    )
    assert (sheet["provider"]["address"], sheet["provider"]["phone"]) == (
        "PO Box 7",
        "(708) 555-0199",
    )


def test_a_superbill_with_no_address_at_all_warns_that_payers_need_one(bill, clinic_file):
    nowhere = CLINIC.replace('address = "412 River Street, Riverside, IL 60546"\n', "")
    result = bill(
        "--location",
        "annex",
        catalogue=clinic_file('[locations.annex]\nname = "Annex"\n' + SETTINGS, clinic=nowhere),
    )
    assert result.exit_code == 0, result.output
    warning = (
        "the superbill has no address: payers need the address where the service was given; "
        "add address to [plugins.medical-billing.provider], [locations.annex] or [clinic]"
    )
    assert result.stderr == f"warning: {warning}\n"
    sheet = json.loads(result.stdout)
    assert (sheet["provider"]["address"], sheet["warnings"]) == (None, [warning])


# Codes and minutes that cannot be right.


@pytest.mark.parametrize("argument", ["abc=30", "9712=30", "971245=30", "97-24=30", "ABCDE=30"])
def test_a_code_that_is_not_shaped_like_a_cpt_or_hcpcs_code_is_a_usage_error(run, argument):
    result = run("billing", "units", argument)
    assert failed_cleanly(result, status=2)
    code = argument.partition("=")[0]
    assert (
        f"Invalid value for MINUTES: '{argument}': '{code}' is not a CPT or HCPCS code (five "
        "characters: five digits like 97124, four digits and a letter like 0001F, or a letter "
        "and four digits like G0283)"
    ) in result.output


def test_cpt_category_ii_and_hcpcs_codes_are_counted_in_capitals(run):
    result = run("billing", "units", "0001f=10", "g0283=15", "G0283=5", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["minutes"] == {"0001F": 10, "G0283": 20}


@pytest.mark.parametrize(
    ("arguments", "says"),
    [
        (
            ["99999999999999999999"],
            "'99999999999999999999' is more minutes than a day has (1440): give one day's",
        ),
        (
            ["97124=" + "9" * 5000],
            "'97124=99999999999999...' (5006 characters) is more minutes than a day has (1440)",
        ),
        (["97124=900", "97140=900"], "1800 timed minutes in all, more than a day has (1440)"),
        (["97124=900", "97124=900"], "97124: 1800 timed minutes, more than a day has (1440)"),
    ],
)
def test_more_timed_minutes_than_a_day_has_are_a_usage_error(run, arguments, says):
    result = run("billing", "units", *arguments)
    assert failed_cleanly(result, status=2)
    assert f"Invalid value for MINUTES: {says}" in " ".join(result.output.split())


def test_a_whole_day_of_timed_minutes_is_counted(run):
    result = run("billing", "units", "97124=1000", "97140=440", "--format", "json")
    assert json.loads(result.stdout)["total"] == {"minutes": 1440, "units": 96}


def test_units_refuses_more_minutes_than_a_day_from_python_too():
    with pytest.raises(ValueError, match=r"1441 timed minutes in all, more than a day has"):
        units({"97124": 1000, "97140": 441})


@pytest.mark.parametrize(
    ("service", "says"),
    [
        ("therapeutic:100000", "'therapeutic:100000' is more minutes than a day has (1440)"),
        ("therapeutic:６０", "'therapeutic:６０' is not ID:MINUTES (e.g. therapeutic:60)"),
    ],
)
def test_a_session_length_that_cannot_be_right_is_refused(bill, service, says):
    result = bill("--service", service)
    assert failed_cleanly(result)
    assert f"error: {says}" in result.output


def test_condition_ids_are_found_in_any_case(bill):
    result = bill("--diagnosis", "DVT", "--diagnosis", "Osteoporosis")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["diagnoses"] == [
        {
            "pointer": "A",
            "icd10": "I82.40",
            "name": "Deep vein thrombosis or thrombophlebitis, active or suspected",
        },
        {"pointer": "B", "icd10": "M81.0", "name": "Osteoporosis or osteopenia"},
    ]


def test_a_visit_of_several_sessions_is_billed_as_the_clinic_prices_the_visit():
    # The bundled clinic's massage-and-stretch bundle takes 15% off the cheaper of a
    # therapeutic massage and assisted stretching booked in one visit: the superbill bills
    # the sessions as that one visit quote prices them, each fee with its share.
    catalogue = servicekit.load(
        Path(__file__).resolve().parents[3] / "catalogues" / "therapeutic-clinic.toml"
    )
    sheet = superbill(
        catalogue,
        date=dt.date(2026, 11, 30),
        services=[("therapeutic", 60), ("assisted-stretching", 50)],
        client=Client("Pat Doe", dt.date(1980, 5, 1)),
        diagnoses=["M54.50"],
        time=dt.time(10, 0),
    )
    quote = catalogue.quote(
        items=[
            {"service": "therapeutic", "duration": 60},
            {"service": "assisted-stretching", "duration": 50},
        ],
        at="2026-11-30T10:00",
    )
    fees = {line.code: line.fee.minor for line in sheet.lines}
    # The massage (97124) at 105.00; the stretch (97140) at 80.00 less 15%, 12.00.
    assert fees == {"97124": 10500, "97140": 8000 - 1200}
    assert sheet.charges.minor == quote.total.minor - quote.tax.minor


def test_billing_is_listed_by_name_and_imported_when_it_runs():
    # Every run collects the plugins and so registers the commands: the billing commands'
    # module is imported only when `servicekit billing` runs, and its one line of help is
    # the group's own.
    import subprocess
    import sys

    import servicekit_medical_billing

    code = (
        "import sys\n"
        "from servicekit.cli import main\n"
        "try:\n"
        "    main(['plugins'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('servicekit_medical_billing.commands' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "False"
    from servicekit_medical_billing.commands import billing

    assert billing.get_short_help_str(limit=200) == servicekit_medical_billing.HELP
