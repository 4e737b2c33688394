"""Exports for POS and booking systems: servicekit JSON, Square, CSV; written safely."""

from __future__ import annotations

import csv
import gc
import hashlib
import io
import json
import os
import textwrap
import warnings
from decimal import Decimal

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import servicekit
from servicekit.errors import ExportError
from servicekit.exporting import catalogue_json, values
from servicekit.menus.model import build_menu
from tests import square_openapi, square_sdk
from tests.conftest import (
    CATALOGUES,
    REPO,
    SWEDISH,
    assert_user_error,
    catalogue_text,
    first_party_plugins,
)
from tests.square_standin import StandIn

FORMATS = ("json", "square", "csv")
SHIPPED_SCHEMA = REPO / "src" / "servicekit" / "exporting" / "export.schema.json"
CLINIC_TOML = REPO / "catalogues" / "therapeutic-clinic.toml"
PRACTICE_TOML = REPO / "catalogues" / "multi-location-practice.toml"
SPA_TOML = REPO / "catalogues" / "day-spa.toml"


@pytest.fixture(scope="module")
def loaded():
    plugins = first_party_plugins()
    return {path.name: servicekit.load(path, plugins=plugins) for path in CATALOGUES}


def square_body(catalogue, **options) -> dict:
    return json.loads(catalogue.export("square", **options).content)


def objects(body: dict) -> list[dict]:
    return [obj for batch in body["batches"] for obj in batch["objects"]]


# Every format


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.name)
def test_every_export_is_byte_identical_for_the_same_catalogue(run, path, fmt):
    first = run("export", path, "--format", fmt)
    second = run("export", path, "--format", fmt)
    assert first.exit_code == 0, first.output
    assert first.stdout_bytes == second.stdout_bytes
    reloaded = servicekit.load(path, plugins=first_party_plugins())
    assert first.stdout_bytes == reloaded.export(fmt).content


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=4), inner, max_size=4)
        | st.dictionaries(st.integers() | st.booleans() | st.none(), inner, max_size=3)
    ),
    max_leaves=40,
)


@settings(max_examples=400, deadline=None)
@given(JSON_VALUES)
def test_the_json_export_is_written_as_python_writes_indented_json(value):
    # The export writes flat containers with the C encoder; the bytes are json's own.
    expected = json.dumps(value, indent=2, ensure_ascii=False) + "\n"
    assert values.dumps(value) == expected.encode("utf-8")


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_export_leaves_nothing_for_the_garbage_collector(loaded, fmt):
    # The collector is paused while a large menu is exported: what an export makes is
    # freed as soon as it is written, never left in reference cycles.
    catalogue = loaded["multi-location-practice.toml"]
    catalogue.export(fmt)
    gc.collect()
    gc.disable()
    try:
        catalogue.export(fmt)
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_the_python_api_gives_the_bytes_and_warns_of_what_the_format_cannot_hold(loaded):
    catalogue = loaded["therapeutic-clinic.toml"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        content = servicekit.export(catalogue, "square")
    assert content == catalogue.export("square").content
    messages = [str(w.message) for w in caught if issubclass(w.category, servicekit.ExportWarning)]
    assert any("rule 'weekend-evening' (surcharge)" in m for m in messages)


def test_an_export_to_a_file_is_written_whole_and_leaves_nothing_else(run, tmp_path):
    target = tmp_path / "menu.json"
    target.write_text("old", encoding="utf-8")
    result = run("export", CLINIC_TOML, "--format", "json", "-o", target)
    assert result.exit_code == 0, result.output
    assert json.loads(target.read_text(encoding="utf-8"))["format_version"] == 1
    assert [p.name for p in tmp_path.iterdir()] == ["menu.json"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xml"], "unknown export format 'xml' (the formats are csv, json, square)"),
        (["--format", "squar"], "did you mean 'square'?"),
        (["--location", "uptown"], "unknown location 'uptown'"),
        (["-o", "{tmp}/missing/menu.json"], "no such directory"),
        (["-o", "{tmp}"], "is a directory"),
        (["-o", "{catalogue}"], "refusing to overwrite the input"),
    ],
)
def test_a_bad_export_is_a_clear_error_and_writes_nothing(run, tmp_path, args, message):
    catalogue = tmp_path / "clinic.toml"
    catalogue.write_bytes(CLINIC_TOML.read_bytes())
    args = [a.format(tmp=tmp_path, catalogue=catalogue) for a in args]
    result = run("export", catalogue, *args)
    assert_user_error(result, message)
    assert catalogue.read_bytes() == CLINIC_TOML.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clinic.toml"]


def test_square_ids_go_with_the_square_format_only(run, tmp_path):
    result = run("export", CLINIC_TOML, "--format", "json", "--square-ids", CLINIC_TOML)
    assert_user_error(result, "--square-ids goes with --format square", exit_code=2)


def test_a_failed_write_leaves_the_old_file_and_no_temporary_one(run, tmp_path, monkeypatch):
    target = tmp_path / "menu.csv"
    target.write_text("old", encoding="utf-8")

    def full_disk(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    result = run("export", CLINIC_TOML, "--format", "csv", "-o", target)
    assert_user_error(result, "menu.csv: cannot be written: No space left on device")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["menu.csv"]


def test_warnings_go_to_stderr_on_their_lines_and_the_export_to_stdout(run):
    result = run("export", CLINIC_TOML, "--format", "square")
    assert result.exit_code == 0
    json.loads(result.stdout)
    lines = CLINIC_TOML.read_text(encoding="utf-8").splitlines()
    header = lines.index('id = "weekend-evening"')  # the [[rules]] line above it, 1-based
    assert (
        f"therapeutic-clinic.toml:{header}: warning: $.rules[2]: rule 'weekend-evening' "
        "(surcharge): Square's catalog has no surcharges; not exported" in result.stderr
    )


# servicekit JSON


def test_the_shipped_export_schema_is_what_servicekit_prints(run):
    printed = json.loads(run("schema", "export").output)
    assert printed == json.loads(SHIPPED_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(printed)


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.name)
def test_every_catalogues_json_export_is_valid_against_the_schema(loaded, path):
    schema = json.loads(SHIPPED_SCHEMA.read_text(encoding="utf-8"))
    catalogue = loaded[path.name]
    for location in [None, *catalogue.locations]:
        document = json.loads(catalogue.export("json", location=location).content)
        jsonschema.validate(document, schema, cls=jsonschema.Draft202012Validator)


def test_the_json_export_keeps_ids_and_gives_money_in_minor_units(loaded):
    document = json.loads(loaded["therapeutic-clinic.toml"].export("json").content)
    assert (document["format"], document["format_version"]) == ("servicekit-catalogue-export", 1)
    assert (document["currency"], document["minor_units"]) == ("USD", 2)
    swedish = next(s for s in document["services"] if s["id"] == "swedish")
    assert swedish["variations"][1] == {
        "id": "swedish:60",
        "name": "60 min",
        "duration_minutes": 60,
        "buffer_minutes": 15,
        "price": 9500,
        "location_prices": {},
        "bookable_online": True,
    }
    intro = next(r for r in document["rules"] if r["id"] == "intro-offer")
    assert intro["summary"] == "20% off all services, at most $30.00; on a client's first visit"
    assert intro["params"]["max_amount"] == 3000
    assert intro["when"] == {"first_visit": True}


def test_a_bundle_is_listed_apart_from_the_rules_a_format_1_consumer_knows(loaded):
    document = json.loads(loaded["therapeutic-clinic.toml"].export("json").content)
    assert "massage-and-stretch" not in {rule["id"] for rule in document["rules"]}
    assert "bundle" not in {rule["stage"] for rule in document["rules"]}
    [bundle] = document["bundles"]
    assert (bundle["id"], bundle["type"], bundle["stage"]) == (
        "massage-and-stretch",
        "bundle",
        "bundle",
    )
    assert bundle["params"]["items"] == ["category:therapeutic", "service:assisted-stretching"]


def test_the_content_hash_covers_the_menu_as_documented_and_not_the_generator(
    loaded, plugins, monkeypatch
):
    before = json.loads(loaded["therapeutic-clinic.toml"].export("json").content)
    # As docs/pos-integration.md says: SHA-256 of the document without `content_hash` and
    # `generator`, keys sorted, "," and ":" as separators, non-ASCII as itself, UTF-8.
    menu = {k: v for k, v in before.items() if k not in ("content_hash", "generator")}
    text = json.dumps(menu, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert before["content_hash"] == "sha256:" + hashlib.sha256(text.encode()).hexdigest()
    changed = CLINIC_TOML.read_text(encoding="utf-8").replace('price = "95.00"', 'price = "99.00"')
    after = json.loads(servicekit.loads(changed, plugins=plugins).export("json").content)
    assert before["content_hash"] != after["content_hash"]
    monkeypatch.setattr(catalogue_json, "__version__", "9.9.9")
    upgraded = json.loads(loaded["therapeutic-clinic.toml"].export("json").content)
    assert upgraded["generator"] == "servicekit 9.9.9"
    assert upgraded["content_hash"] == before["content_hash"]


CONSUMER_SCHEMA = REPO / "tests" / "data" / "export-schema-v1.json"
"""The format-1 schema as a consumer pinned it (servicekit 0.2): every later export of format
1 must pass it."""


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.name)
def test_a_consumer_pinned_to_the_format_1_schema_accepts_every_export(loaded, path):
    schema = json.loads(CONSUMER_SCHEMA.read_text(encoding="utf-8"))
    catalogue = loaded[path.name]
    for location in [None, *catalogue.locations]:
        document = json.loads(catalogue.export("json", location=location).content)
        jsonschema.validate(document, schema, cls=jsonschema.Draft202012Validator)


def with_new_keys(value, key: str, record: bool = True):
    """An export as a later servicekit might write it: a new key in every record (the
    document, its clinic, everything with an id; not in maps such as `pos_ids`)."""
    if isinstance(value, dict):
        inner = {
            k: with_new_keys(v, key, record=k in ("clinic", "pressure")) for k, v in value.items()
        }
        return {**inner, key: {"new": [1, "x"]}} if record or "id" in value else inner
    if isinstance(value, list):
        return [with_new_keys(item, key, record=False) for item in value]
    return value


@settings(max_examples=25, deadline=None)
@given(key=st.from_regex(r"[a-z][a-z_]{2,12}", fullmatch=True))
def test_new_optional_keys_anywhere_keep_an_export_valid_for_an_older_consumer(key):
    plugins = first_party_plugins()
    catalogue = servicekit.load(PRACTICE_TOML, plugins=plugins)
    document = json.loads(catalogue.export("json").content)
    for schema_path in (CONSUMER_SCHEMA, SHIPPED_SCHEMA):
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        newer = with_new_keys(document, f"x_{key}")
        jsonschema.validate(newer, schema, cls=jsonschema.Draft202012Validator)


def test_an_add_on_priced_by_location_says_so_in_the_json_export(plugins):
    text = PRACTICE_TOML.read_text(encoding="utf-8") + textwrap.dedent(
        """
        [[rules]]
        id = "beaches-stones"
        type = "set-price"
        applies_to = ["addon:hot-stones"]
        when = { locations = ["the-beaches"] }
        price = "22.00"
        """
    )
    catalogue = servicekit.loads(text, plugins=plugins)
    document = json.loads(catalogue.export("json").content)
    stones = next(addon for addon in document["addons"] if addon["id"] == "hot-stones")
    assert stones["location_prices"] == {"the-beaches": 2200}
    body = square_body(catalogue)
    modifier = next(
        obj
        for obj in objects(body)
        for obj in obj.get("modifier_list_data", {}).get("modifiers", [])
        if obj["modifier_data"]["name"] == "Hot Stones"
    )
    assert modifier["modifier_data"]["location_overrides"] == [
        {"location_id": "LTB0EXAMPLE02", "price_money": {"amount": 2200, "currency": "CAD"}}
    ]


def test_a_location_export_holds_what_it_offers_at_its_prices(loaded):
    practice = loaded["multi-location-practice.toml"]
    beaches = json.loads(practice.export("json", location="the-beaches").content)
    services = {s["id"]: s for s in beaches["services"]}
    assert "sports-massage" not in services  # only at King West
    assert "reflexology" in services
    prices = {
        v["duration_minutes"]: v["price"] for v in services["relaxation-massage"]["variations"]
    }
    assert prices == {30: 7000, 45: 9500, 60: 11500, 90: 16000}
    assert "beaches-pricing" not in {rule["id"] for rule in beaches["rules"]}
    everywhere = json.loads(practice.export("json").content)
    relaxation = next(s for s in everywhere["services"] if s["id"] == "relaxation-massage")
    sixty = next(v for v in relaxation["variations"] if v["duration_minutes"] == 60)
    assert (sixty["price"], sixty["location_prices"]) == (12000, {"the-beaches": 11500})


def test_the_first_price_ending_decides_a_list_price_as_it_decides_a_quote(plugins):
    # "fives" leaves $95.00 alone (it ends right) and so decides it: "nineties" never acts
    # on it, in a quote, a menu or an export alike; $131.50 is beyond fives' margin, decided
    # by it all the same.
    catalogue = servicekit.loads(
        catalogue_text(
            SWEDISH.replace('"130.00"', '"131.50"'),
            """
            [[rules]]
            id = "fives"
            type = "price-ending"
            grid = "5.00"
            max_change = "1.00"

            [[rules]]
            id = "nineties"
            type = "price-ending"
            grid = "1.00"
            ending = "0.95"
            direction = "down"
            """,
        ),
        plugins=plugins,
    )
    quoted = {
        d: catalogue.quote("swedish", d, at="2026-12-07T10:00").total.minor for d in (60, 90)
    }
    document = json.loads(catalogue.export("json").content)
    (swedish,) = [s for s in document["services"] if s["id"] == "swedish"]
    exported = {v["duration_minutes"]: v["price"] for v in swedish["variations"]}
    assert quoted == exported == {60: 9500, 90: 13150}
    (service,) = build_menu(catalogue).categories[0].services
    assert [length.price for length in service.lengths] == ["$95.00", "$131.50"]


def test_an_unconditional_price_ending_ends_list_and_member_prices_and_stays_a_rule(plugins):
    catalogue = servicekit.loads(
        catalogue_text(
            SWEDISH.replace('"130.00"', '"131.50"'),
            """
            [[rules]]
            id = "members"
            type = "set-price"
            applies_to = ["service:swedish"]
            when = { tags = ["member"] }
            prices = { 60 = "86.00" }

            [[rules]]
            id = "nines"
            type = "price-ending"
            grid = "5.00"
            ending = "4.00"
            max_change = "2.00"

            [[rules]]
            id = "late"
            type = "price-ending"
            when = { after = "18:00" }
            grid = "10.00"
            """,
        ),
        plugins=plugins,
    )
    morning = "2026-12-07T10:00"  # before the "late" ending's 18:00, whenever the test runs
    quoted = {d: catalogue.quote("swedish", d, at=morning).total.amount for d in (60, 90)}
    assert quoted == {60: Decimal("94.00"), 90: Decimal("131.50")}  # 129.00 is beyond 2.00
    member = catalogue.quote("swedish", 60, tags=["member"], at=morning).total.amount
    assert member == Decimal("84.00")
    exported = json.loads(catalogue.export("json").content)
    prices = {v["duration_minutes"]: v["price"] for v in exported["services"][0]["variations"]}
    assert prices == {60: 9400, 90: 13150}
    # Quoting ends discounted prices too: a POS must know the rule, not only its list prices.
    assert [rule["id"] for rule in exported["rules"]] == ["members", "nines", "late"]
    menu = build_menu(catalogue)
    (service,) = menu.categories[0].services
    assert [length.price for length in service.lengths] == ["$94.00", "$131.50"]
    assert [(p.label, p.prices) for p in service.price_lists] == [("members", "$84.00 (60 min)")]
    assert [note.title for note in menu.good_to_know] == ["nines", "late"]
    square = catalogue.export("square")
    assert any(
        "rule 'nines' (price-ending): the prices are exported ended by it" in warning.message
        for warning in square.warnings
    )


# Square


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.name)
def test_every_square_export_is_what_squares_own_models_accept(loaded, path):
    catalogue = loaded[path.name]
    for location in [None, *catalogue.locations]:
        body = square_body(catalogue, location=location)
        assert square_sdk.problems(body) == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.name)
def test_every_square_export_is_valid_against_squares_openapi_spec_in_strict_mode(loaded, path):
    catalogue = loaded[path.name]
    for location in [None, *catalogue.locations]:
        body = square_body(catalogue, location=location)
        assert square_openapi.upsert_problems(body) == []
        variations = [
            v for o in objects(body) for v in o.get("item_data", {}).get("variations", [])
        ]
        assert not any("ordinal" in v["item_variation_data"] for v in variations)


def test_the_strict_check_catches_what_square_does_not_take():
    source = square_openapi.source()
    assert source["repository"] == "https://github.com/square/connect-api-specification"
    assert source["release"] == "2025-08-20"
    body = {
        "idempotency_key": "k",
        "batches": [
            {
                "objects": [
                    {
                        "type": "ITEM_VARIATION",
                        "id": "#v",
                        "item_variation_data": {"ordinal": 1, "nmae": "60 min"},
                    }
                ]
            }
        ],
    }
    assert square_openapi.upsert_problems(body) == [
        "$.batches[0].objects[0].item_variation_data: Additional properties are not allowed "
        "('nmae', 'ordinal' were unexpected)"
    ]


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.name)
def test_every_temporary_id_is_defined_in_its_own_batch_of_at_most_1000(loaded, path):
    body = square_body(loaded[path.name])
    for batch in body["batches"]:
        assert sum(square_sdk.counted(obj) for obj in batch["objects"]) <= 1000
        defined = set().union(*(square_sdk.defined(obj) for obj in batch["objects"]))
        used = set(square_sdk.references(batch["objects"]))
        assert used <= defined


def test_services_are_bookable_items_with_a_variation_per_length(loaded):
    body = square_body(loaded["therapeutic-clinic.toml"])
    item = next(obj for obj in objects(body) if obj["id"] == "#item-therapeutic")
    assert item["item_data"]["product_type"] == "APPOINTMENTS_SERVICE"
    lengths = [
        (
            v["item_variation_data"]["service_duration"],
            v["item_variation_data"]["price_money"],
            v["item_variation_data"]["available_for_booking"],
        )
        for v in item["item_data"]["variations"]
    ]
    assert lengths == [
        (3_600_000, {"amount": 10500, "currency": "USD"}, True),
        (5_400_000, {"amount": 15000, "currency": "USD"}, True),
        (7_200_000, {"amount": 19000, "currency": "USD"}, False),
    ]
    (info,) = item["item_data"]["modifier_list_info"]
    addons = next(obj for obj in objects(body) if obj["id"] == info["modifier_list_id"])
    names = [m["modifier_data"]["name"] for m in addons["modifier_list_data"]["modifiers"]]
    assert names == ["Hot Stones", "Aromatherapy", "Cupping"]


def test_taxes_are_square_taxes_with_a_percentage_string(loaded):
    body = square_body(loaded["multi-location-practice.toml"])
    (tax,) = [obj for obj in objects(body) if obj["type"] == "TAX"]
    assert tax["tax_data"]["percentage"] == "13"
    assert tax["tax_data"]["inclusion_type"] == "ADDITIVE"
    items = [obj for obj in objects(body) if obj["type"] == "ITEM"]
    assert all(item["item_data"]["tax_ids"] == [tax["id"]] for item in items)
    spa = square_body(loaded["day-spa.toml"])
    (vat,) = [obj for obj in objects(spa) if obj["type"] == "TAX"]
    assert (vat["tax_data"]["percentage"], vat["tax_data"]["inclusion_type"]) == (
        "19",
        "INCLUSIVE",
    )


def test_a_discount_square_can_apply_by_itself_gets_a_pricing_rule_and_time_period(loaded):
    body = square_body(loaded["day-spa.toml"])
    by_id = {obj["id"]: obj for obj in objects(body)}
    rule = by_id["#pricing-rule-ruhige-stunden"]["pricing_rule_data"]
    assert by_id[rule["discount_id"]]["discount_data"] == {
        "name": "Ruhige Stunden: 10 % Rabatt",
        "discount_type": "FIXED_PERCENTAGE",
        "percentage": "10",
    }
    (period,) = rule["time_period_ids"]
    assert by_id[period]["time_period_data"]["event"] == (
        "BEGIN:VEVENT\nDTSTART:20240101T130000\nDURATION:PT3H\n"
        "RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH\nEND:VEVENT"
    )
    products = by_id[rule["match_products_id"]]["product_set_data"]["product_ids_any"]
    assert products == ["#category-massagen", "#category-rituale"]


def test_what_square_cannot_express_is_named_never_dropped(loaded):
    result = loaded["therapeutic-clinic.toml"].export("square")
    warned = " | ".join(w.message for w in result.warnings)
    for rule in loaded["therapeutic-clinic.toml"].rules:
        assert f"rule '{rule.id}'" in warned
    assert (
        "rule 'intro-offer' (percent-off): exported as a discount that staff apply by hand, "
        in warned
    )
    assert "because it depends on the client's first visit" in warned
    discounts = [obj for obj in objects(json.loads(result.content)) if obj["type"] == "DISCOUNT"]
    assert [d["id"] for d in discounts] == ["#discount-intro-offer", "#discount-winter10"]


def test_locations_with_square_ids_limit_objects_and_carry_their_prices(loaded):
    body = square_body(loaded["multi-location-practice.toml"])
    by_id = {obj["id"]: obj for obj in objects(body)}
    sports = by_id["#item-sports-massage"]
    assert (sports["present_at_all_locations"], sports["present_at_location_ids"]) == (
        False,
        ["LKW0EXAMPLE01"],
    )
    sixty = by_id["#item-relaxation-massage"]["item_data"]["variations"][2]
    assert sixty["item_variation_data"]["price_money"]["amount"] == 12000
    assert sixty["item_variation_data"]["location_overrides"] == [
        {
            "location_id": "LTB0EXAMPLE02",
            "price_money": {"amount": 11500, "currency": "CAD"},
            "pricing_type": "FIXED_PRICING",
        }
    ]


def test_a_location_export_is_for_a_square_account_of_its_own(loaded):
    practice = loaded["multi-location-practice.toml"]
    result = practice.export("square", location="the-beaches")
    items = {
        obj["id"]: obj for obj in objects(json.loads(result.content)) if obj["type"] == "ITEM"
    }
    assert "#the-beaches/item-sports-massage" not in items
    relaxation = items["#the-beaches/item-relaxation-massage"]  # never the full export's ids
    assert relaxation["present_at_all_locations"] is True
    assert relaxation["item_data"]["variations"][2]["item_variation_data"]["price_money"] == {
        "amount": 11500,
        "currency": "CAD",
    }
    (shared,) = [w.message for w in result.warnings if "account of The Beaches's own" in w.message]
    assert "King West also has a Square id" in shared


def test_a_location_without_a_square_id_is_a_warning_naming_it(plugins):
    text = PRACTICE_TOML.read_text(encoding="utf-8").replace(
        'pos_ids = { square = "LKW0EXAMPLE01" }\n', ""
    )
    result = servicekit.loads(text, plugins=plugins).export("square")
    warned = [w.message for w in result.warnings]
    assert (
        "King West has no Square id, so service 'sports-massage' (only for it) is exported for "
        "every location" in warned
    )


def test_the_idempotency_key_is_the_same_for_the_same_menu_and_new_for_a_changed_one(
    loaded, plugins
):
    key = square_body(loaded["therapeutic-clinic.toml"])["idempotency_key"]
    assert key == square_body(loaded["therapeutic-clinic.toml"])["idempotency_key"]
    text = CLINIC_TOML.read_text(encoding="utf-8").replace('price = "95.00"', 'price = "99.00"')
    assert square_body(servicekit.loads(text, plugins=plugins))["idempotency_key"] != key


def response_to(body: dict, prefix: str = "SQ") -> dict:
    """What Square answers an upload: a permanent id and version 1 for every temporary id."""
    ids, returned = [], []
    for obj in objects(body):
        for ident in square_sdk.defined(obj):
            if ident.startswith("#"):
                ids.append({"client_object_id": ident, "object_id": prefix + ident[1:].upper()})
        returned.append({**obj, "id": prefix + obj["id"][1:].upper(), "version": 1})
    return {"objects": returned, "id_mappings": ids}


@pytest.mark.filterwarnings("ignore:--square-ids:DeprecationWarning")
def test_an_export_given_squares_response_updates_instead_of_duplicating(run, tmp_path, loaded):
    catalogue = loaded["therapeutic-clinic.toml"]
    first = square_body(catalogue)
    response = tmp_path / "response.json"
    response.write_text(json.dumps(response_to(first)), encoding="utf-8")
    result = run("export", CLINIC_TOML, "--format", "square", "--square-ids", response)
    again = json.loads(result.stdout)
    assert not any(ident.startswith("#") for ident in square_sdk.references(again))
    item = next(obj for obj in objects(again) if obj["id"] == "SQITEM-SWEDISH")
    assert item["version"] == 1
    assert item["item_data"]["categories"] == [{"id": "SQCATEGORY-RELAXATION"}]
    assert again["idempotency_key"] != first["idempotency_key"]


@pytest.mark.filterwarnings("ignore:--square-ids:DeprecationWarning")
def test_objects_square_holds_that_the_catalogue_dropped_are_named(tmp_path, plugins):
    old = square_body(servicekit.load(CLINIC_TOML, plugins=plugins))
    text = catalogue_text(SWEDISH)
    result = servicekit.loads(text, plugins=plugins).export("square", ids=[response_to(old)])
    (warning,) = [w for w in result.warnings if "from an earlier upload" in w.message]
    assert warning.message.startswith("Square still has 20 objects from an earlier upload")
    assert "Add-ons: Hot Stones, Aromatherapy" in warning.message
    assert warning.message.endswith(" and 8 more")


def big_menu(services: int) -> str:
    entries = [
        f'[services.s{n}]\nname = "Service {n}"\ncategory = "massage"\nmodality = "swedish"\n'
        f'variations = [{{ duration = 60, price = "95" }}, {{ duration = 90, price = "130" }}]'
        for n in range(services)
    ]
    tax = '[taxes.sales]\nname = "Sales tax"\nrate = "5"\napplies_to = ["services"]'
    return catalogue_text(tax, *entries)


def test_a_menu_too_large_for_one_batch_holds_what_can_be_created_now(plugins):
    catalogue = servicekit.loads(big_menu(400), plugins=plugins)
    first = catalogue.export("square")
    body = json.loads(first.content)
    assert [obj["type"] for obj in objects(body)] == ["CATEGORY", "TAX"]
    (warning,) = [w.message for w in first.warnings if "than a Square batch holds" in w.message]
    assert "this export holds the 2 that can be created now, and 400 wait" in warning


@pytest.mark.filterwarnings("ignore:--square-ids:DeprecationWarning")
def test_more_than_10000_objects_become_several_requests_in_order(plugins):
    catalogue = servicekit.loads(big_menu(3400), plugins=plugins)
    shared = json.loads(catalogue.export("square").content)
    with pytest.deprecated_call(match="`servicekit square plan` keeps a sync state"):
        result = catalogue.export("square", ids=[response_to(shared)])
    assert "--square-ids (the `ids` option) is deprecated" in result.warnings[0].message
    bodies = json.loads(result.content)
    assert isinstance(bodies, list)
    assert len(bodies) == 2
    counts = [sum(square_sdk.counted(o) for o in objects(body)) for body in bodies]
    assert all(count <= 10_000 for count in counts)
    assert sum(counts) == 2 + 3400 * 3
    assert any("is a JSON array of request bodies" in w.message for w in result.warnings)


# CSV


def test_the_csv_price_list_has_a_row_per_length_and_per_addon(run):
    result = run("export", CLINIC_TOML, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[1] == {
        "id": "swedish:60",
        "type": "service",
        "name": "Swedish Massage",
        "variation": "60 min",
        "category": "Relaxation",
        "duration_minutes": "60",
        "buffer_minutes": "15",
        "price": "95.00",
        "currency": "USD",
        "taxable": "no",
        "taxes": "",
        "bookable_online": "yes",
        "locations": "",
    }
    cupping = next(row for row in rows if row["id"] == "cupping")
    assert (cupping["type"], cupping["price"], cupping["taxes"]) == (
        "addon",
        "25.00",
        "Sales tax (add-on products) 6.25%",
    )
    assert "these rules are not in it: member-price, intro-offer," in result.stderr
    assert len(rows) == 20 + 3
    assert result.stdout_bytes.count(b"\r\n") == len(rows) + 1


def test_a_csv_cell_a_spreadsheet_would_run_as_a_formula_is_defused(plugins):
    text = catalogue_text(SWEDISH.replace('name = "Swedish"', 'name = "=HYPERLINK(1)"'))
    content = servicekit.loads(text, plugins=plugins).export("csv").content.decode()
    assert "'=HYPERLINK(1)" in content


def test_the_csv_says_where_each_line_is_offered_at_which_price(run):
    exported = run("export", PRACTICE_TOML, "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(exported)))
    sixty = [row for row in rows if row["id"] == "relaxation-massage:60"]
    assert [(row["locations"], row["price"]) for row in sixty] == [
        ("king-west", "120.00"),
        ("the-beaches", "115.00"),
    ]
    sports = {row["locations"] for row in rows if row["id"].startswith("sports-massage:")}
    assert sports == {"king-west"}  # offered at one location only
    deep = next(row for row in rows if row["id"] == "deep-tissue:60")
    assert deep["locations"] == "king-west the-beaches"
    beaches = run("export", PRACTICE_TOML, "--format", "csv", "--location", "the-beaches")
    assert (
        "relaxation-massage:60,service,Relaxation Massage,60 min,Massage therapy,60,15,115.00"
        in (beaches.stdout)
    )
    assert "sports-massage" not in beaches.stdout


def test_the_csv_warns_of_what_a_price_list_cannot_hold(run):
    stderr = run("export", PRACTICE_TOML, "--format", "csv").stderr
    assert "these rules are not in it: senior-rmt, sunday-surcharge" in stderr
    assert "services need credentials (prenatal, reflexology, rmt and sports)" in stderr
    assert "which add-ons go with which service is not in a price list" in stderr
    assert "sets prices at some locations" not in stderr  # the rows hold them now


# Plugins


def test_a_plugin_adds_an_export_format(run, plugin_module):
    module = plugin_module(
        "names_exporter",
        """
        from servicekit import Exporter, hookimpl

        def write_names(context):
            return "".join(f"{s.name}\\n" for s in context.services).encode()

        @hookimpl
        def servicekit_exporters():
            return Exporter(name="names", summary="Names.", write=write_names,
                            media_type="text/plain", suffix=".txt")
        """,
    )
    result = run("-p", module, "export", SPA_TOML, "--format", "names")
    assert result.stdout == (
        "Klassische Massage\nRücken & Nacken\nHot-Stone-Ritual\nPartnermassage\n"
    )
    listed = run("-p", module, "plugins", "--format", "json").output
    assert '"exporters": [\n        "names"\n      ]' in listed


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("raise RuntimeError('boom')", "plugin 'bad_exporter' failed to export 'bad'"),
        ("return 'text'", "plugin 'bad_exporter' exported 'bad' as str, not bytes"),
    ],
)
def test_a_failing_plugin_exporter_is_named(run, plugin_module, body, message):
    module = plugin_module(
        "bad_exporter",
        f"""
        from servicekit import Exporter, hookimpl

        def write(context):
            {body}

        @hookimpl
        def servicekit_exporters():
            return Exporter(name="bad", summary="Bad.", write=write)
        """,
    )
    assert_user_error(run("-p", module, "export", SPA_TOML, "--format", "bad"), message)


def test_an_unknown_option_is_refused_naming_what_the_format_takes(loaded):
    with pytest.raises(ExportError, match="format 'csv' has no option 'ids'"):
        loaded["day-spa.toml"].export("csv", ids=[])


@pytest.mark.filterwarnings("ignore:--square-ids:DeprecationWarning")
def test_an_upload_keeps_the_team_members_and_images_staff_set_in_square(loaded):
    catalogue = loaded["therapeutic-clinic.toml"]
    response = response_to(square_body(catalogue))
    for obj in response["objects"]:
        if obj["id"] == "SQITEM-SWEDISH":
            obj["item_data"]["image_ids"] = ["IMG1"]
            obj["item_data"]["variations"][0]["item_variation_data"]["team_member_ids"] = ["TM1"]
            obj["item_data"]["variations"][0]["id"] = "SQVARIATION-SWEDISH-30"
    body = square_body(catalogue, ids=[response])
    item = next(obj for obj in objects(body) if obj["id"] == "SQITEM-SWEDISH")
    assert item["item_data"]["image_ids"] == ["IMG1"]
    variation = item["item_data"]["variations"][0]["item_variation_data"]
    assert variation["team_member_ids"] == ["TM1"]
    assert variation["price_money"]["amount"] == 5500  # the catalogue's, not Square's
    assert square_sdk.problems(body) == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.name)
@pytest.mark.filterwarnings("ignore:--square-ids:DeprecationWarning")
def test_a_response_that_created_nothing_still_updates_instead_of_duplicating(loaded, path):
    # The second upload's answer has no id_mappings: its objects are matched by what they
    # are, so the deprecated --square-ids never doubles the menu (issue 15, 1).
    catalogue = loaded[path.name]
    square = StandIn(("LKW0EXAMPLE01", "LTB0EXAMPLE02"))
    square.batch_upsert(square_body(catalogue))
    _, second = square.batch_upsert(square_body(catalogue, ids=square.pages()))
    assert "id_mappings" not in second
    body = square_body(catalogue, ids=[second])
    assert [ident for ident in square_sdk.references(body) if ident.startswith("#")] == []
    result = catalogue.export("square", ids=[second])
    assert any("is deprecated" in w.message for w in result.warnings)


def rules_catalogue(*rules: str, clinic_extra: str = "", plugins=None):
    text = catalogue_text(SWEDISH, *rules)
    if clinic_extra:
        text = text.replace(
            'timezone = "America/Chicago"\n', f'timezone = "America/Chicago"\n{clinic_extra}\n'
        )
    return servicekit.loads(text, plugins=plugins or servicekit.plugin_manager(entry_points=False))


def events_of(catalogue, rule_id: str) -> list[str]:
    body = square_body(catalogue)
    return [
        obj["time_period_data"]["event"]
        for obj in objects(body)
        if obj["type"] == "TIME_PERIOD" and obj["id"].startswith(f"#time-period-{rule_id}-")
    ]


def test_a_window_past_midnight_is_the_end_and_the_start_of_the_same_day():
    catalogue = rules_catalogue(
        '[[rules]]\nid = "night"\ntype = "percent-off"\napplies_to = ["services"]\n'
        'when = { days = ["fri"], after = "22:00", before = "02:00" }\npercent = 10'
    )
    # Quoting reads a Friday 01:00 start as inside and Saturday 01:00 as outside.
    assert catalogue.quote("swedish", 60, at="2026-12-04T01:00").total.minor == 8550
    assert catalogue.quote("swedish", 60, at="2026-12-05T01:00").total.minor == 9500
    assert events_of(catalogue, "night") == [
        "BEGIN:VEVENT\nDTSTART:20240105T000000\nDURATION:PT2H\nRRULE:FREQ=WEEKLY;BYDAY=FR\nEND:VEVENT",
        "BEGIN:VEVENT\nDTSTART:20240105T220000\nDURATION:PT2H\nRRULE:FREQ=WEEKLY;BYDAY=FR\nEND:VEVENT",
    ]


def test_a_holiday_discount_keeps_its_days_and_hours():
    catalogue = rules_catalogue(
        '[[rules]]\nid = "xmas"\ntype = "percent-off"\napplies_to = ["services"]\n'
        'when = { holiday = true, days = ["fri", "sat"], before = "12:00" }\npercent = 15',
        clinic_extra="holidays = [2026-12-25, 2026-12-28]",
    )
    assert events_of(catalogue, "xmas") == [  # 12-28 is a Monday
        "BEGIN:VEVENT\nDTSTART:20261225T000000\nDURATION:PT12H\nEND:VEVENT"
    ]


def test_a_plugin_discount_is_not_mistaken_for_a_fixed_one(plugin_module):
    module = plugin_module(
        "upper_half",
        """
        import attrs
        from servicekit import RuleType, hookimpl
        from servicekit.model.fields import Percent

        @attrs.frozen(kw_only=True)
        class UpperHalf:
            percent: Percent
            stage = "line-discount"
            exclusive, combines_with, percentage = True, (), True

            def discount(self, amount, line, context):
                return context.money(max(amount.amount - 50, 0) * self.percent / 100)

        @hookimpl
        def servicekit_rule_types():
            return RuleType(name="upper-half", params=UpperHalf, summary="Off the upper half.")
        """,
    )
    plugins = servicekit.plugin_manager(entry_points=False, modules=[module])
    catalogue = rules_catalogue(
        '[[rules]]\nid = "half"\ntype = "upper-half"\npercent = 50', plugins=plugins
    )
    result = catalogue.export("square")
    assert not [o for o in objects(json.loads(result.content)) if o["type"] == "DISCOUNT"]
    assert any("Square does not know rule type 'upper-half'" in w.message for w in result.warnings)


def test_a_minimum_length_matches_whole_services_or_their_long_lengths():
    catalogue = rules_catalogue(
        '[[rules]]\nid = "long"\ntype = "percent-off"\napplies_to = ["services"]\n'
        "when = { min_duration = 90 }\npercent = 5"
    )
    body = square_body(catalogue)
    (products,) = [o for o in objects(body) if o["type"] == "PRODUCT_SET"]
    assert products["product_set_data"]["product_ids_any"] == ["#variation-swedish-90"]


def test_an_object_larger_than_a_batch_is_refused(plugins):
    addons = "".join(
        f'[addons.a{n}]\nname = "A{n}"\nprice = "1"\nproperties = []\n' for n in range(1000)
    )
    offered = ", ".join(f'"a{n}"' for n in range(1000))
    catalogue = servicekit.loads(
        catalogue_text(SWEDISH + f"addons = [{offered}]", addons), plugins=plugins
    )
    with pytest.raises(
        ExportError, match=r"\$\.services\.swedish\.addons: offers 1,000 add-ons; Square takes"
    ):
        catalogue.export("square")


def many_lengths(count: int, square_id: bool) -> str:
    lengths = ", ".join(f'{{ duration = {10 + n}, price = "50.00" }}' for n in range(count))
    location = '[locations.main]\nname = "Main"\n' + (
        'pos_ids = { square = "LMAIN0001" }\n' if square_id else ""
    )
    return catalogue_text(
        location, SWEDISH.replace(SWEDISH.splitlines()[-1], f"variations = [{lengths}]")
    )


def test_squares_limits_are_located_errors_of_check_when_the_catalogue_targets_square(
    run, write, tmp_path
):
    synced = write(many_lengths(251, square_id=True), "synced.toml")
    result = run("check", synced)
    assert_user_error(
        result,
        "synced.toml:20: $.services.swedish.variations: has 251 lengths; Square takes at most "
        "250 variations per item (offer fewer lengths, or split the service in two)",
    )
    alone = write(many_lengths(251, square_id=False), "alone.toml")
    assert run("check", alone).exit_code == 0  # not for Square: a catalogue may do this
    assert_user_error(
        run("export", alone, "--format", "square"),
        "alone.toml:19: $.services.swedish.variations: has 251 lengths",
    )
    # A sync state beside it says the catalogue goes to Square.
    (tmp_path / "alone.square-state.json").write_text("{}", encoding="utf-8")
    assert_user_error(run("check", alone), "has 251 lengths; Square takes at most 250")
    assert run("check", write(many_lengths(250, square_id=True), "fits.toml")).exit_code == 0


def test_the_catalogues_own_limits_keep_names_and_descriptions_within_squares():
    from servicekit.exporting.square import fields, limits
    from servicekit.loading.scalars import SCALARS
    from servicekit.model.fields import Name, Text

    assert SCALARS[Name].schema["maxLength"] <= fields.MAX_NAME <= limits.MAX_ITEM_NAME
    # `description_html` escapes each character to at most 6 (`&quot;`) inside <p></p>.
    assert SCALARS[Text].schema["maxLength"] * 6 + 7 <= limits.MAX_DESCRIPTION


def test_an_add_on_list_name_fits_in_square_and_says_how_many_more_it_holds(plugins):
    addons = "".join(
        f'[addons.a{n}]\nname = "Add-on number {n} {"x" * 40}"\nprice = "1"\nproperties = []\n'
        for n in range(12)
    )
    first = ", ".join(f'"a{n}"' for n in range(12))
    text = catalogue_text(
        SWEDISH + f"addons = [{first}]\n",
        SWEDISH.replace("services.swedish", "services.other") + 'addons = ["a0"]\n',
        addons,
    )
    body = square_body(servicekit.loads(text, plugins=plugins))
    names = [
        o["modifier_list_data"]["name"] for o in objects(body) if o["type"] == "MODIFIER_LIST"
    ]
    assert all(len(name) <= 255 for name in names)
    assert names[0].startswith("Add-ons: Add-on number 0 ")
    assert names[0].endswith(" and 8 more")
