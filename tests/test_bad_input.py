"""Every mistake a clinic manager can make in a catalogue gets one clear, located error.

Each case runs `servicekit check` as a user would and asserts on what they see: the file, the
line, the key path and a hint; exit status 1; never a traceback.
"""

from __future__ import annotations

import json

import pytest

from servicekit.errors import Problems
from servicekit.loading import reading
from tests.conftest import CLINIC, REPO, SWEDISH, assert_user_error, catalogue_text

CLINIC_TOML = REPO / "catalogues" / "therapeutic-clinic.toml"


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_a_toml_syntax_error_names_the_line(run, write):
    text = catalogue_text(SWEDISH, "[addons.hot-stones\nname = 'x'")
    path = write(text)
    result = run("check", path)
    assert_user_error(result, f"{path}:{line_of(text, '[addons')}: TOML syntax error")


def test_an_empty_file_says_it_is_empty(run, write):
    result = run("check", write("  \n\n"))
    assert_user_error(result, "the file is empty", "format = 1")


def test_bytes_that_are_not_utf8_are_named_with_their_line(run, write):
    path = write(catalogue_text(SWEDISH).encode() + b"\n# caf\xe9\n")
    result = run("check", path)
    assert_user_error(result, "is not UTF-8 text: byte 0xe9", "save it as UTF-8")


def test_a_directory_is_not_a_catalogue(run, tmp_path):
    (tmp_path / "clinic.toml").write_text(CLINIC)
    result = run("check", tmp_path)
    assert_user_error(result, "is a directory", "clinic.toml")


def test_a_missing_path_is_reported(run, tmp_path):
    result = run("check", tmp_path / "nope.toml")
    assert_user_error(result, "nope.toml: no such file")


def test_an_unknown_key_suggests_the_right_one(run, write):
    text = catalogue_text(SWEDISH.replace('category = "massage"', 'categry = "massage"'))
    result = run("check", write(text))
    assert_user_error(
        result, "$.services.swedish.categry: unknown key 'categry' (did you mean 'category'?)"
    )


def test_an_unknown_top_level_table_suggests_the_right_one(run, write):
    result = run("check", write(catalogue_text(SWEDISH, "[servics.x]\nname = 'x'")))
    assert_user_error(result, "$.servics: unknown key 'servics' (did you mean 'services'?)")


@pytest.mark.parametrize(
    ("fragment", "message"),
    [
        ("name = 5", "$.services.swedish.name: expected a name, got an integer (5)"),
        ("name = true", "expected a name, got a boolean (true)"),
        ('addons = "hot-stones"', 'expected an array, got a string ("hot-stones")'),
        ("description = ['x']", "expected text, got an array"),
        ("variations = { duration = 60 }", "variations: expected an array, got a table"),
    ],
)
def test_a_value_of_the_wrong_type_says_what_was_expected(run, write, fragment, message):
    key = fragment.split(" =")[0]
    service = "\n".join(line for line in SWEDISH.splitlines() if not line.startswith(f"{key} ="))
    result = run("check", write(catalogue_text(service + "\n" + fragment)))
    assert_user_error(result, message)


@pytest.mark.parametrize(
    ("price", "message"),
    [
        ('"-5.00"', "-5.00 is negative (a price must be 0 or more)"),
        ("-5", "-5 is negative"),
        ("nan", "NaN is not a finite number"),
        ("inf", "Infinity is not a finite number"),
        ('"NaN"', '"NaN" is not a number'),
        ("1e15", "1E+15 USD is beyond any real price (check for a typo)"),
        ('"99999999999999999999999999999999999"', "is beyond any real price"),
        ('"95.001"', "95.001 has more decimals than USD has minor units (2) (round it to 95.00)"),
        ('"$95"', '"$95" is not a number'),
        ('"95,00"', '"95,00" is not a number'),
        ("true", "expected a price, got a boolean (true)"),
    ],
)
def test_a_bad_price_is_refused_with_the_reason(run, write, price, message):
    text = catalogue_text(SWEDISH.replace('price = "95.00"', f"price = {price}"))
    result = run("check", write(text))
    assert_user_error(result, ":16: $.services.swedish.variations[0].price: ", message)


def test_prices_are_checked_against_the_currency_minor_units(run, write):
    yen = CLINIC.replace('"USD"', '"JPY"').replace("en_US", "ja_JP")
    text = catalogue_text(SWEDISH.replace('"95.00"', '"9500.5"'), clinic=yen)
    result = run("check", write(text))
    assert_user_error(result, "9500.5 has more decimals than JPY has minor units (0)")
    dinar = CLINIC.replace('"USD"', '"BHD"')
    assert (
        run(
            "check", write(catalogue_text(SWEDISH.replace('"95.00"', '"9.125"'), clinic=dinar))
        ).exit_code
        == 0
    )


@pytest.mark.parametrize(
    ("duration", "message"),
    [
        ("0", "0 is out of range; expected a whole number of minutes from 1 to 1440"),
        ("-30", "-30 is out of range"),
        ("60.5", "expected a whole number of minutes, got a number (60.5)"),
        ("60.0", "(write 60, not 60.0)"),
        ('"60"', "(write 60 without quotes)"),
        ("true", "got a boolean (true)"),
        ("100000", "100000 is out of range"),
    ],
)
def test_a_bad_duration_is_refused(run, write, duration, message):
    text = catalogue_text(SWEDISH.replace("duration = 60", f"duration = {duration}"))
    result = run("check", write(text))
    assert_user_error(result, ":16: $.services.swedish.variations[0].duration: ", message)


def test_a_duration_twice_in_one_service_is_an_error(run, write):
    text = catalogue_text(SWEDISH.replace("duration = 90", "duration = 60"))
    result = run("check", write(text))
    assert_user_error(
        result,
        ":16: $.services.swedish.variations[1].duration: "
        "duration 60 is already offered by variations[0]",
    )


def test_a_service_without_variations_is_an_error(run, write):
    text = catalogue_text(SWEDISH.split("variations")[0] + "variations = []")
    assert_user_error(run("check", write(text)), "a service needs at least one variation")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ('modality = "swedish"', 'modality = "swedsh"'),
            "unknown modality 'swedsh' (did you mean 'swedish'?)",
        ),
        (
            ('modality = "swedish"', 'modality = "reiki"'),
            "unknown modality 'reiki' (define it in [modalities], or install the plugin",
        ),
        (
            ('category = "massage"', 'category = "masage"'),
            "unknown category 'masage' (did you mean 'massage'?)",
        ),
        (("variations", 'addons = ["hot-stone"]\nvariations'), "unknown add-on 'hot-stone'"),
        (
            ("variations", 'requires = ["lmt"]\nvariations'),
            "unknown credential 'lmt' (the catalogue declares no credentials)",
        ),
        (("variations", 'locations = ["downtown"]\nvariations'), "unknown location 'downtown'"),
    ],
)
def test_an_unknown_reference_is_named_with_a_suggestion(run, write, change, message):
    result = run("check", write(catalogue_text(SWEDISH.replace(*change))))
    assert_user_error(result, message)


def test_an_unknown_rule_type_suggests_the_right_one(run, write):
    rule = '[[rules]]\nid = "x"\ntype = "percent-of"\npercent = 10'
    result = run("check", write(catalogue_text(SWEDISH, rule)))
    assert_user_error(
        result, "$.rules[0].type: unknown rule type 'percent-of' (did you mean 'percent-off'?)"
    )


def test_a_rule_parameter_is_checked_against_its_type(run, write):
    rule = '[[rules]]\nid = "x"\ntype = "percent-off"\npercnt = 10'
    result = run("check", write(catalogue_text(SWEDISH, rule)))
    assert_user_error(
        result,
        "$.rules[0].percnt: unknown key 'percnt' for a 'percent-off' rule",
        "(did you mean 'percent'?)",
        "failed, 1 error",
    )


def test_a_rule_percentage_over_100_is_refused(run, write):
    rule = '[[rules]]\nid = "x"\ntype = "percent-off"\npercent = "120"'
    result = run("check", write(catalogue_text(SWEDISH, rule)))
    assert_user_error(result, "$.rules[0].percent: 120 is not a percentage from 0 to 100")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("currency", '"USDD"', "'USDD' is not an ISO 4217 currency code (did you mean 'USD'?)"),
        ("currency", '"usd"', "'usd' must be written in capitals (write 'USD')"),
        (
            "timezone",
            '"America/Chicagoo"',
            "'America/Chicagoo' is not an IANA time zone (did you mean 'America/Chicago'?)",
        ),
        ("locale", '"xx_YY"', "'xx_YY' is not a locale servicekit knows"),
        (
            "rounding",
            '"half_up"',
            "is not one of: 'half-up', 'half-even' (did you mean 'half-up'?)",
        ),
    ],
)
def test_a_bad_clinic_setting_is_named(run, write, field, value, message):
    clinic = (
        CLINIC.replace(f"{field} = ", f"{field} = {value}\n# was: ")
        if field != "rounding"
        else CLINIC.replace("[categories", f"{field} = {value}\n\n[categories")
    )
    result = run("check", write(catalogue_text(SWEDISH, clinic=clinic)))
    assert_user_error(result, f"$.clinic.{field}: ", message)


def test_an_unknown_currency_still_reports_the_other_problems(run, write):
    clinic = CLINIC.replace('"USD"', '"XYZ"')
    text = catalogue_text(SWEDISH.replace("duration = 60", "duration = 0"), clinic=clinic)
    result = run("check", write(text))
    assert_user_error(result, "'XYZ' is not an ISO 4217", "0 is out of range", "2 errors")


def test_a_missing_required_key_is_named_with_what_it_is_for(run, write):
    result = run("check", write(catalogue_text(SWEDISH.replace('name = "Swedish"\n', ""))))
    assert_user_error(
        result, "$.services.swedish: missing key 'name' (name: The service's name on the menu)"
    )


def test_a_missing_format_line_says_what_to_write(run, write):
    result = run("check", write(catalogue_text(SWEDISH).replace("format = 1\n", "")))
    assert_user_error(result, "missing key 'format'", "write `format = 1`")


def test_a_newer_format_asks_for_a_newer_servicekit(run, write):
    result = run("check", write(catalogue_text(SWEDISH).replace("format = 1", "format = 2")))
    assert_user_error(
        result, "$.format: this file is format 2; servicekit reads format 1 (upgrade servicekit"
    )


def test_an_invalid_id_suggests_a_valid_one(run, write):
    result = run(
        "check",
        write(
            catalogue_text(
                SWEDISH.replace("services.swedish", "services.Deep Tissue").replace(
                    "[services.Deep Tissue]", '[services."Deep Tissue"]'
                )
            )
        ),
    )
    assert_user_error(result, "'Deep Tissue' is not a valid id", "e.g. 'deep-tissue'")


def test_pathologically_deep_nesting_is_refused(run, write):
    deep = "x = " + "[" * 60 + "]" * 60
    assert_user_error(
        run("check", write(catalogue_text(SWEDISH, deep))), "nested more than 20 levels"
    )
    deeper = "x = " + "[" * 5000 + "]" * 5000
    assert_user_error(run("check", write(catalogue_text(SWEDISH, deeper))), "nested too deeply")


def test_a_file_over_the_size_limit_is_refused_before_reading(run, tmp_path):
    path = tmp_path / "huge.toml"
    with path.open("wb") as handle:
        handle.truncate(reading.MAX_BYTES + 1)
    assert_user_error(
        run("check", path),
        "huge.toml: is more than 33,554,432 bytes; a catalogue may be at most that",
    )


def test_every_problem_is_reported_at_once_in_file_order(run, write):
    text = catalogue_text(
        SWEDISH.replace('category = "massage"', 'category = "nope"').replace(
            'modality = "swedish"', 'modality = "nope"'
        )
    )
    result = run("check", write(text))
    assert_user_error(result, "2 errors")
    lines = [line for line in result.output.splitlines() if ": $." in line]
    assert [line.split(":")[1] for line in lines] == ["14", "15"]


def test_usage_errors_exit_2(run):
    assert run("check").exit_code == 2
    assert run("check", "x.toml", "--format", "yaml").exit_code == 2
    assert run("frobnicate").exit_code == 2


@pytest.mark.parametrize(
    ("fragment", "message"),
    [
        ('prices = "80.00"', '$.rules[0].prices: expected a table, got a string ("80.00")'),
        ('prices = { "٦٠" = "7" }', "expected a duration in minutes, got a string"),
        ('prices = { 60 = "80", 060 = "1" }', "'060' is the same key as one before it"),
        (
            'prices = { 60 = "8" }\napplies_to = []',
            "applies_to: is empty, so this applies to nothing",
        ),
        (
            'prices = { 60 = "8" }\napplies_to = ["services", "services"]',
            "applies_to[1]: 'services' is listed twice",
        ),
        (
            'prices = { 60 = "8" }\nwhen = { days = ["sat", "sat"] }',
            "days[1]: 'sat' is listed twice",
        ),
        (
            'prices = { 60 = "8" }\nwhen = { days = ["saturday"] }',
            "is not one of: 'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun' (did you mean 'sat'?)",
        ),
        (
            'prices = { 60 = "8" }\nwhen = { after = "17:00", before = "17:00" }',
            "when.before: equals `after`, so the window is empty",
        ),
    ],
)
def test_a_set_price_rule_is_read_strictly(run, write, fragment, message):
    rule = f'[[rules]]\nid = "member"\ntype = "set-price"\n{fragment}'
    assert_user_error(run("check", write(catalogue_text(SWEDISH, rule))), message)


def test_stacking_partners_must_exist_and_name_each_other(run, write):
    rules = """
    [[rules]]
    id = "a"
    type = "percent-off"
    percent = 10
    exclusive = false
    combines_with = ["b", "a", "ghost"]

    [[rules]]
    id = "b"
    type = "percent-off"
    percent = 5
    exclusive = false
    """
    result = run("check", write(catalogue_text(SWEDISH, rules)))
    assert_user_error(
        result,
        "combines_with[0]: 'b' does not name 'a' in its combines_with",
        "combines_with[1]: a rule cannot combine with itself",
        "combines_with[2]: unknown rule 'ghost'",
    )


@pytest.mark.parametrize(
    ("price", "message"),
    [
        ('"10000000000.00"', "is beyond any real price"),
        ('"+5"', '"+5" is not a number'),
        ('" 95.00 "', '" 95.00 " is not a number'),
    ],
)
def test_prices_are_plain_numbers_below_the_limit(run, write, price, message):
    text = catalogue_text(SWEDISH.replace('price = "95.00"', f"price = {price}"))
    assert_user_error(run("check", write(text)), message)


@pytest.mark.parametrize("zone", ["localtime", "Factory", "posixrules", "right/UTC", "../etc"])
def test_time_zones_must_be_places(run, write, zone):
    clinic = CLINIC.replace('"America/Chicago"', f'"{zone}"')
    result = run("check", write(catalogue_text(SWEDISH, clinic=clinic)))
    assert_user_error(result, f"'{zone}' is not an IANA time zone")


@pytest.mark.parametrize("locale", ["und", "C", "EN_us"])
def test_locales_must_match_exactly(run, write, locale):
    clinic = CLINIC.replace('"en_US"', f'"{locale}"')
    result = run("check", write(catalogue_text(SWEDISH, clinic=clinic)))
    assert_user_error(result, f"'{locale}' is not a locale servicekit knows")


def test_format_must_be_the_integer_one(run, write):
    result = run("check", write(catalogue_text(SWEDISH).replace("format = 1", "format = 1.0")))
    assert_user_error(result, "$.format: expected `format = 1`, got a number (1.0)")


def test_a_misspelt_key_is_one_problem_not_two(run, write):
    result = run("check", write(catalogue_text(SWEDISH).replace("format = 1", "fromat = 1")))
    assert_user_error(result, "unknown key 'fromat' (did you mean 'format'?)", "failed, 1 error")


def test_a_percentage_with_a_sign_gets_a_percentage_hint(run, write):
    tax = '[taxes.sales]\nname = "Sales tax"\nrate = "8.25%"'
    assert_user_error(run("check", write(catalogue_text(SWEDISH, tax))), "(no % sign)")


def test_a_table_declared_twice_is_named_as_toml(run, write):
    result = run("check", write(catalogue_text(SWEDISH, '[clinic]\nname = "Again"')))
    assert_user_error(result, "TOML syntax error: the table [clinic] is declared twice")


def test_read_and_reference_problems_are_reported_together(run, write):
    service = SWEDISH.replace('category = "massage"', 'categry = "massage"').replace(
        "variations", 'addons = ["nope"]\nvariations'
    )
    other = '[services.deep]\nname = "Deep"\ncategory = "massage"\nmodality = "swedsh"\n'
    other += 'variations = [{ duration = 60, price = "1" }]'
    result = run("check", write(catalogue_text(service, other)))
    assert_user_error(
        result,
        "unknown key 'categry' (did you mean 'category'?)",
        "unknown modality 'swedsh'",
        "failed, 2 errors",
    )


def test_a_service_that_failed_to_read_is_not_reported_again_where_it_is_named(run, write):
    service = SWEDISH.replace('name = "Swedish"', "name = 5")
    rule = (
        '[[rules]]\nid = "x"\ntype = "percent-off"\npercent = 5\napplies_to = ["service:swedish"]'
    )
    result = run("check", write(catalogue_text(service, rule)))
    assert_user_error(result, "expected a name, got an integer (5)", "failed, 1 error")


def test_a_thousand_mistakes_print_a_hundred_and_count_the_rest(run, write):
    services = "".join(
        f"""
[services.s{index}]
name = "S{index}"
category = "massage"
modality = "nope"
variations = [{{ duration = 60, price = "95.00" }}]
"""
        for index in range(1500)
    )
    result = run("check", write(catalogue_text(services)))
    assert_user_error(result, "unknown modality 'nope'")
    lines = result.output.splitlines()
    assert len(lines) == 102
    assert lines[-2] == "... and 1,400 more problems not shown"
    assert lines[-1].endswith(": failed, 1,500 errors")
    report = json.loads(run("check", write(catalogue_text(services)), "--format", "json").stdout)
    (catalogue,) = report["catalogues"]
    assert len(catalogue["errors"]) == Problems.KEPT
    assert catalogue["omitted"] == 1500 - Problems.KEPT


def test_a_value_listed_a_million_times_is_one_problem(run, write):
    many = ",".join(['"sat"'] * 1_000_000)
    text = catalogue_text(
        SWEDISH,
        f"""
        [[rules]]
        id = "weekend"
        type = "surcharge"
        percent = 10
        when = {{ days = [{many}] }}
        """,
    )
    result = run("check", write(text))
    assert_user_error(
        result, "days[1]: 'sat' is listed 1,000,000 times (keep only one)", "failed, 1 error"
    )


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ('[clinic]\nname = "a"\nname = "b"\n',
         "TOML syntax error: key 'name' is given a value twice (keep one of the two)"),
        ('[clinic]\na.b = 1\na.b.c = 2\n',
         "TOML syntax error: a key is given a value twice (a key on this line, or the table it "
         "is in, has a value already)"),
        ('[clinic]\nname = "Riverside\n',
         "TOML syntax error: a string is not closed on its line (end it with the quote it "
         'starts with; text of several lines goes in """triple quotes""")'),
    ],
)  # fmt: skip
def test_a_toml_mistake_names_what_on_its_line_is_wrong(run, write, written, message):
    text = "format = 1\n" + written
    result = run("check", write(text))
    assert_user_error(result, f":{text.count(chr(10))}: {message}")


def test_an_id_declared_in_capitals_is_one_error_where_it_is_declared(run, write):
    # Not one "unknown add-on 'hot-stones' (did you mean 'Hot-stones'?)" per service naming it.
    text = CLINIC_TOML.read_text("utf-8").replace("[addons.hot-stones]", "[addons.Hot-stones]")
    result = run("check", write(text))
    assert_user_error(
        result, "$.addons.Hot-stones: 'Hot-stones' is not a valid id", "e.g. 'hot-stones'"
    )
    assert "unknown add-on" not in result.output
    assert "failed, 1 error" in result.output
