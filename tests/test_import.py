"""`servicekit import square`: a clinic on Square starts from its current menu."""

from __future__ import annotations

import json

import pytest

import servicekit
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
