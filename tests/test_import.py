"""`servicekit import square`: a clinic on Square starts from its current menu."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import servicekit
from servicekit import square as sync
from servicekit.errors import ImportingError
from servicekit.importing.writing import import_square
from tests.conftest import CATALOGUES, REPO, assert_user_error, first_party_plugins


def items(body) -> dict:
    """What a Square body offers: each service's name, lengths and prices."""
    bodies = body if isinstance(body, list) else [body]
    found = {}
    for each in bodies:
        for batch in each["batches"]:
            for obj in batch["objects"]:
                if obj["type"] == "ITEM":
                    data = obj["item_data"]
                    found[obj["id"]] = (
                        data["name"],
                        [
                            (
                                v["item_variation_data"]["service_duration"],
                                v["item_variation_data"]["price_money"],
                                v["item_variation_data"].get("location_overrides"),
                            )
                            for v in data["variations"]
                        ],
                    )
    return found


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.name)
def test_export_import_export_gives_the_same_services_and_prices(run, tmp_path, path):
    body = tmp_path / "square.json"
    assert run("export", path, "--format", "square", "-o", body).exit_code == 0
    imported = tmp_path / "imported.toml"
    result = run("import", "square", body, "-o", imported, "--timezone", "America/Chicago")
    assert result.exit_code == 0, result.output
    assert run("check", imported).exit_code == 0
    again = run("export", imported, "--format", "square")
    assert items(json.loads(again.stdout)) == items(json.loads(body.read_text(encoding="utf-8")))


def test_an_imported_catalogue_keeps_ids_and_guesses_modalities_and_addon_types(run, tmp_path):
    body = tmp_path / "square.json"
    run(
        "export", REPO / "catalogues" / "therapeutic-clinic.toml", "--format", "square", "-o", body
    )
    imported = tmp_path / "imported.toml"
    run("import", "square", body, "-o", imported, "--name", "Riverside")
    catalogue = servicekit.load(imported, plugins=first_party_plugins())
    assert catalogue.clinic.name == "Riverside"
    assert list(catalogue.services) == [
        "swedish",
        "therapeutic",
        "deep-tissue",
        "trigger-point",
        "myofascial-release",
        "assisted-stretching",
        "prenatal",
        "oncology",
        "lymphatic-drainage",
    ]
    assert catalogue.services["deep-tissue"].modality == "deep-tissue"
    assert catalogue.services["prenatal"].modality == "prenatal"  # a plugin's modality
    assert list(catalogue.credentials) == ["clt", "oncology", "prenatal"]  # they require
    assert {a.id: a.type for a in catalogue.addons.values()} == {
        "hot-stones": "hot-stones",
        "aromatherapy": "aromatherapy",
        "cupping": "cupping",
    }
    assert [(r.id, r.type.name, r.when.promo) for r in catalogue.rules] == [
        ("intro-offer", "percent-off", "FIRST-VISIT-20-OFF"),
        ("winter10", "percent-off", "WINTER10-10-OFF"),
    ]


LIST_CATALOG = {
    "objects": [
        {"type": "CATEGORY", "id": "CAT1", "category_data": {"name": "Body work"}},
        {
            "type": "TAX",
            "id": "TAX1",
            "tax_data": {"name": "GST", "percentage": "5.0", "inclusion_type": "ADDITIVE"},
        },
        {
            "type": "MODIFIER_LIST",
            "id": "ML1",
            "modifier_list_data": {
                "name": "Extras",
                "modifiers": [
                    {
                        "type": "MODIFIER",
                        "id": "MOD1",
                        "modifier_data": {
                            "name": "Hot Towels",
                            "price_money": {"amount": 800, "currency": "CAD"},
                        },
                    }
                ],
            },
        },
        {
            "type": "ITEM",
            "id": "ITEM1",
            "item_data": {
                "name": "Deep Tissue Massage",
                "product_type": "APPOINTMENTS_SERVICE",
                "categories": [{"id": "CAT1"}],
                "tax_ids": ["TAX1"],
                "modifier_list_info": [{"modifier_list_id": "ML1"}],
                "variations": [
                    {
                        "type": "ITEM_VARIATION",
                        "id": "VAR1",
                        "item_variation_data": {
                            "name": "Regular",
                            "pricing_type": "FIXED_PRICING",
                            "price_money": {"amount": 12000, "currency": "CAD"},
                            "service_duration": 3600000,
                        },
                    },
                    {
                        "type": "ITEM_VARIATION",
                        "id": "VAR2",
                        "item_variation_data": {
                            "name": "Consultation",
                            "pricing_type": "VARIABLE_PRICING",
                            "service_duration": 1800000,
                        },
                    },
                ],
            },
        },
        {
            "type": "ITEM",
            "id": "ITEM2",
            "item_data": {"name": "Gift card", "product_type": "REGULAR"},
        },
    ]
}


def test_a_list_catalog_response_imports_with_notes_on_what_did_not_carry_over(
    run, write, tmp_path
):
    source = write(json.dumps(LIST_CATALOG), "catalog.json")
    imported = tmp_path / "imported.toml"
    result = run("import", "square", source, "-o", imported)
    assert result.exit_code == 0, result.output
    assert "note: 'Deep Tissue Massage, Consultation' has no fixed price; skipped" in result.stderr
    assert "note: item 'Gift card' is not a bookable service; not imported" in result.stderr
    catalogue = servicekit.load(imported, plugins=first_party_plugins())
    (service,) = catalogue.services.values()
    assert (service.id, service.modality, service.category) == (
        "deep-tissue-massage",
        "deep-tissue",
        "body-work",
    )
    assert [(v.duration, str(v.price), v.label) for v in service.variations] == [
        (60, "120.00 CAD", "Regular")
    ]
    assert service.addons == ("hot-towels",)
    (tax,) = catalogue.taxes.values()
    assert (tax.name, str(tax.rate), tax.applies_to) == ("GST", "5.0", ("services", "addons"))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"hello": "world"}', "not a Square catalog"),
        ("{", "JSON syntax error"),
        (
            json.dumps({"objects": [LIST_CATALOG["objects"][4]]}),
            "the Square catalog holds no bookable services",
        ),
    ],
)
def test_a_document_that_is_not_a_square_catalog_is_refused_and_nothing_written(
    run, write, tmp_path, content, message
):
    source = write(content, "catalog.json")
    output = tmp_path / "out.toml"
    assert_user_error(run("import", "square", source, "-o", output), message)
    assert not output.exists()


def test_a_catalog_mixing_currencies_is_refused(run, write, tmp_path):
    mixed = json.loads(json.dumps(LIST_CATALOG))
    mixed["objects"][2]["modifier_list_data"]["modifiers"][0]["modifier_data"]["price_money"][
        "currency"
    ] = "USD"
    source = write(json.dumps(mixed), "catalog.json")
    assert_user_error(
        run("import", "square", source, "-o", tmp_path / "out.toml"),
        "the Square catalog mixes currencies (CAD and USD)",
    )


def test_an_existing_catalogue_is_replaced_only_with_force(run, tmp_path):
    body = tmp_path / "square.json"
    run("export", REPO / "catalogues" / "day-spa.toml", "--format", "square", "-o", body)
    precious = tmp_path / "catalogue.toml"
    precious.write_text("# my own\n", encoding="utf-8")
    result = run("import", "square", body, "-o", precious)
    assert_user_error(result, "catalogue.toml: already exists (choose another name, or --force")
    assert precious.read_text(encoding="utf-8") == "# my own\n"
    assert run("import", "square", body, "-o", precious, "--force").exit_code == 0
    assert "Hot-Stone-Ritual" in precious.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--timezone", "Chicago"], "'Chicago' is not an IANA time zone (did you mean"),
        (["--locale", "xx_YY"], "e.g. en_US, en_CA"),
    ],
)
def test_a_bad_clinic_option_is_a_usage_error_naming_it(run, tmp_path, option, message):
    result = run("import", "square", tmp_path / "x.json", "-o", tmp_path / "out.toml", *option)
    assert_user_error(result, f"Invalid value for '{option[0]}'", message, exit_code=2)


def test_a_tax_on_add_ons_alone_comes_back_from_square(run, tmp_path):
    body = tmp_path / "square.json"
    run(
        "export", REPO / "catalogues" / "therapeutic-clinic.toml", "--format", "square", "-o", body
    )
    imported = tmp_path / "imported.toml"
    result = run("import", "square", body, "-o", imported)
    assert "tax 'Sales tax (add-on products)' is on no service in Square" in result.stderr
    catalogue = servicekit.load(imported, plugins=first_party_plugins())
    (tax,) = catalogue.taxes.values()
    assert (tax.id, str(tax.rate), tax.applies_to) == ("sales", "6.25", ("addons",))


def test_a_toml_file_is_not_taken_for_a_square_catalog(run, tmp_path):
    result = run(
        "import", "square", REPO / "catalogues" / "day-spa.toml", "-o", tmp_path / "out.toml"
    )
    assert_user_error(result, "is TOML; `servicekit import square` reads the JSON Square gives")


def test_discount_timing_and_lengths_come_back_from_square(run, write, tmp_path):
    from tests.conftest import SWEDISH, catalogue_text

    rules = (
        '[[rules]]\nid = "night"\ntype = "percent-off"\napplies_to = ["services"]\n'
        'when = { days = ["fri"], after = "22:00", before = "02:00" }\npercent = 10\n'
        '[[rules]]\nid = "long"\ntype = "amount-off"\napplies_to = ["service:swedish"]\n'
        'when = { min_duration = 90 }\namount = "5.00"\n'
    )
    source = write(catalogue_text(SWEDISH, rules), "menu.toml")
    body = tmp_path / "square.json"
    run("export", source, "--format", "square", "-o", body)
    imported = tmp_path / "imported.toml"
    assert run("import", "square", body, "-o", imported).exit_code == 0
    catalogue = servicekit.load(imported, plugins=first_party_plugins())
    night, long = catalogue.rules
    assert (night.when.days, str(night.when.after), str(night.when.before)) == (
        ("fri",),
        "22:00:00",
        "02:00:00",
    )
    assert (long.applies_to, long.when.min_duration) == (("service:swedish",), 90)


def test_a_malformed_square_object_is_named_not_a_traceback(run, write, tmp_path):
    broken = json.loads(json.dumps(LIST_CATALOG))
    broken["objects"][3]["item_data"]["variations"][0]["item_variation_data"]["price_money"] = {
        "amount": "12000",
        "currency": "CAD",
    }
    source = write(json.dumps(broken), "catalog.json")
    result = run("import", "square", source, "-o", tmp_path / "out.toml")
    assert_user_error(
        result,
        "catalog.json: $.objects[3].item_data.variations[0].item_variation_data.price_money."
        'amount: is "12000", not a whole number (give the JSON exactly as Square returned it)',
    )


# Every page, every object, every field: what does not carry over is named


def listing(*objects: dict, **extra) -> dict:
    return {"objects": list(objects), **extra}


def imported_from(run, write, tmp_path, *pages: dict):
    sources = [write(json.dumps(page), f"page-{n}.json") for n, page in enumerate(pages, 1)]
    output = tmp_path / "imported.toml"
    result = run("import", "square", *sources, "-o", output)
    return result, output


def test_a_page_with_a_cursor_needs_the_pages_after_it(run, write, tmp_path):
    first = listing(*LIST_CATALOG["objects"][:3], cursor="CURSOR-2")
    result, output = imported_from(run, write, tmp_path, first)
    assert_user_error(
        result,
        "page-1.json: this ListCatalog page has a `cursor`: Square has more pages",
        "give every page (servicekit import square page-1.json page-2.json ...)",
    )
    assert not output.exists()
    last = listing(*LIST_CATALOG["objects"][3:])
    result, output = imported_from(run, write, tmp_path, first, last)
    assert result.exit_code == 0, result.output
    assert servicekit.load(output, plugins=first_party_plugins()).services


def test_a_search_responses_related_objects_are_read(run, write, tmp_path):
    item = LIST_CATALOG["objects"][3]
    related = [obj for obj in LIST_CATALOG["objects"] if obj is not item]
    search = {"objects": [item], "related_objects": related, "latest_time": "2026-01-01"}
    result, output = imported_from(run, write, tmp_path, search)
    assert result.exit_code == 0, result.output
    catalogue = servicekit.load(output, plugins=first_party_plugins())
    (service,) = catalogue.services.values()
    assert (service.category, service.addons) == ("body-work", ("hot-towels",))
    assert list(catalogue.taxes) == ["gst"]


def test_what_servicekit_does_not_hold_is_named_type_object_and_field(run, write, tmp_path):
    objects = json.loads(json.dumps(LIST_CATALOG["objects"]))
    item = objects[3]["item_data"]
    item.update(image_ids=["IMG1"], label_color="9da2a6")
    item["categories"].append({"id": "CAT2"})
    objects[3]["item_data"]["variations"][0]["item_variation_data"]["sku"] = "DT-60"
    objects += [
        {"type": "CATEGORY", "id": "CAT2", "category_data": {"name": "Gift ideas"}},
        {"type": "IMAGE", "id": "IMG1", "image_data": {"name": "hero.jpg"}},
        {"type": "SUBSCRIPTION_PLAN", "id": "SP1", "subscription_plan_data": {"name": "Monthly"}},
        {"type": "SOMETHING_NEW", "id": "N1"},
    ]
    result, _ = imported_from(run, write, tmp_path, listing(*objects))
    assert result.exit_code == 0, result.output
    for note in (
        "1 IMAGE object not imported (servicekit does not hold them): 'hero.jpg'",
        "1 SUBSCRIPTION_PLAN object not imported (servicekit does not hold them): 'Monthly'",
        "1 SOMETHING_NEW object not imported (servicekit does not hold them): 'N1'",
        "service 'Deep Tissue Massage' is in 2 categories in Square; a service is listed under "
        "one: imported under the first, not under Gift ideas",
        "`image_ids` of ITEM 'Deep Tissue Massage' not imported (`servicekit square` keeps them "
        "in Square)",
        "`label_color` of ITEM 'Deep Tissue Massage' not imported",
        "`sku` of ITEM_VARIATION 'Regular' not imported",
    ):
        assert f"note: {note}" in result.stderr, note


def modifier_list(**data) -> dict:
    return {
        "type": "MODIFIER_LIST",
        "id": "ML2",
        "modifier_list_data": {
            "name": "Oil",
            "modifiers": [
                {"type": "MODIFIER", "id": f"M{n}", "modifier_data": {"name": name}}
                for n, name in enumerate(("Almond", "Coconut", "Jojoba"))
            ],
            **data,
        },
    }


@pytest.mark.parametrize(
    ("info", "own", "note"),
    [
        (
            {"min_selected_modifiers": 1, "max_selected_modifiers": 1},
            {},
            "'Oil' is a required choice in Square (at least 1 of Almond, Coconut, Jojoba); a "
            "catalogue's add-ons are optional: imported as add-ons the client may leave out",
        ),
        (
            {},
            {"selection_type": "SINGLE"},
            "in Square a client chooses at most 1 of 'Oil' (Almond, Coconut, Jojoba); a "
            "catalogue's add-ons can all be booked together",
        ),
        ({"enabled": False}, {}, "add-on list 'Oil' is turned off; not imported"),
        ({}, {"modifier_type": "TEXT"}, "'Oil' asks the client for text; not imported"),
    ],
)
def test_a_modifier_list_a_catalogue_cannot_hold_as_square_does_is_reported(
    run, write, tmp_path, info, own, note
):
    objects = json.loads(json.dumps(LIST_CATALOG["objects"]))
    objects[3]["item_data"]["modifier_list_info"].append({"modifier_list_id": "ML2", **info})
    objects.append(modifier_list(**own))
    result, _ = imported_from(run, write, tmp_path, listing(*objects))
    assert result.exit_code == 0, result.output
    assert f"note: service 'Deep Tissue Massage': {note}" in result.stderr


def test_add_on_prices_by_location_and_the_tax_phase_carry_over(run, write, tmp_path):
    objects = json.loads(json.dumps(LIST_CATALOG["objects"]))
    modifier = objects[2]["modifier_list_data"]["modifiers"][0]["modifier_data"]
    modifier["location_overrides"] = [
        {"location_id": "LDOWN01", "price_money": {"amount": 1000, "currency": "CAD"}}
    ]
    objects[1]["tax_data"]["calculation_phase"] = "TAX_TOTAL_PHASE"
    result, output = imported_from(run, write, tmp_path, listing(*objects))
    assert result.exit_code == 0, result.output
    assert "tax 'GST' is charged in Square on the total after the other taxes" in result.stderr
    catalogue = servicekit.load(output, plugins=first_party_plugins())
    quote = catalogue.quote(
        "deep-tissue-massage", 60, addons=["hot-towels"], location="square-ldown01"
    )
    assert [line.amount.minor for line in quote.lines if line.kind == "addon"] == [1000]
    # The state the import wrote keeps the phase, so syncing back does not change it.
    state = sync.SyncState.load(sync.default_path(output))
    assert state.objects["tax-gst"].kept == {"calculation_phase": "TAX_TOTAL_PHASE"}
    plan = sync.plan(catalogue, state)
    (tax,) = [o for body in plan.upserts for b in body["batches"] for o in b["objects"]
              if o["type"] == "TAX"] or [None]  # fmt: skip
    assert tax is None or tax["tax_data"]["calculation_phase"] == "TAX_TOTAL_PHASE"
    body = json.loads(catalogue.export("square").content)
    overrides = [
        m["modifier_data"].get("location_overrides")
        for o in body["batches"][0]["objects"]
        for m in o.get("modifier_list_data", {}).get("modifiers", [])
    ]
    assert overrides == [
        [{"location_id": "LDOWN01", "price_money": {"amount": 1000, "currency": "CAD"}}]
    ]


def test_an_import_of_a_listcatalog_writes_the_state_an_export_body_does_not(run, write, tmp_path):
    result, output = imported_from(run, write, tmp_path, LIST_CATALOG)
    assert result.exit_code == 0, result.output
    assert f"wrote {output} and {sync.default_path(output)}" in result.stderr
    state = sync.SyncState.load(sync.default_path(output))
    assert state.objects["item-deep-tissue-massage"].id == "ITEM1"
    assert state.objects["variation-deep-tissue-massage-60"].id == "VAR1"
    body = tmp_path / "body.json"
    run("export", REPO / "catalogues" / "day-spa.toml", "--format", "square", "-o", body)
    second = tmp_path / "from-body.toml"
    assert run("import", "square", body, "-o", second).exit_code == 0
    assert not sync.default_path(second).exists()


# Malformed bodies: a located error naming the JSON path, never a traceback (issue 11, 6)


def malformed(change) -> dict:
    broken = json.loads(json.dumps(LIST_CATALOG))
    change(broken["objects"])
    return broken


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (
            lambda o: o[3]["item_data"]["variations"][0].pop("id"),
            "$.objects[3].item_data.variations[0]: a catalog object has no `id`",
        ),
        (
            lambda o: o[3]["item_data"]["variations"][0].update(id={"a": 1}),
            '$.objects[3].item_data.variations[0].id: is {"a": 1}, not a string',
        ),
        (
            lambda o: o[3]["item_data"].update(variations=5),
            "$.objects[3].item_data.variations: is 5, not a list",
        ),
        (
            lambda o: o[1]["tax_data"].update(percentage="five"),
            '$.objects[1]: a percentage is a decimal string such as "8.25", not "five"',
        ),
        (
            lambda o: o[3]["item_data"]["variations"][0]["item_variation_data"][
                "price_money"
            ].update(amount=-500),
            "$.objects[3].item_data.variations[0]: the catalogue made from it would not load",
        ),
        (
            lambda o: o[2]["modifier_list_data"]["modifiers"][0]["modifier_data"][
                "price_money"
            ].update(currency="XYZ"),
            "$.objects[2].modifier_list_data.modifiers[0].modifier_data.price_money.currency",
        ),
        (lambda o: o.append(None), "$.objects[5]: is null, not a catalog object"),
    ],
)
def test_a_malformed_body_is_a_located_error_naming_its_json_path(
    run, write, tmp_path, change, where
):
    result, output = imported_from(run, write, tmp_path, malformed(change))
    assert_user_error(result, f"page-1.json: {where}")
    assert not output.exists()


PLUGINS = first_party_plugins()
BODIES = [LIST_CATALOG]
for _path in CATALOGUES:
    BODIES.append(
        json.loads(servicekit.load(_path, plugins=first_party_plugins()).export("square").content)
    )

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**20), 10**20) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


def _places(value, path=()):
    """Every place in a JSON document: (path to it, its container, its key)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*path, key), value, key
            yield from _places(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield (*path, index), value, index
            yield from _places(item, (*path, index))


@st.composite
def mutated(draw):
    """A real Square body with a few places changed: removed, retyped, emptied, duplicated."""
    body = json.loads(json.dumps(draw(st.sampled_from(BODIES))))
    for _ in range(draw(st.integers(1, 4))):
        places = list(_places(body))
        if not places:
            break
        _, container, key = draw(st.sampled_from(places))
        how = draw(st.sampled_from(["drop", "replace", "copy", "wrap"]))
        if how == "drop":
            container.pop(key)
        elif how == "replace":
            container[key] = draw(JSON_VALUES)
        elif how == "copy":
            container[key] = json.loads(json.dumps(draw(st.sampled_from(places))[1]))
        else:
            container[key] = [container[key]]
    return body


MUTATIONS = int(os.environ.get("SERVICEKIT_FUZZ_EXAMPLES", "150"))
"""A larger run: SERVICEKIT_FUZZ_EXAMPLES=3000 pytest tests/test_import.py -k mutated"""


@settings(max_examples=MUTATIONS, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=mutated())
def test_a_mutated_body_imports_or_is_a_located_error_never_a_traceback(body):
    path = Path(tempfile.mkdtemp()) / "body.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    failed = None
    try:
        import_square(path, path.with_suffix(".toml"), plugins=PLUGINS)
    except ImportingError as error:  # a user's mistake: said, located; anything else fails
        failed = error.message
    if failed is None:
        assert servicekit.load(path.with_suffix(".toml"), plugins=PLUGINS).services
    else:
        assert failed.startswith(f"{path}"), failed
        whole = ("not a Square catalog", "holds no bookable services")  # of the whole file
        assert ": $" in failed or any(words in failed for words in whole), failed
