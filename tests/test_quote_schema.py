"""`servicekit schema quote` describes every quote `to_dict()` gives: a booking of one
service, a visit, a plan or gift certificate bought, tender, warnings. Validated strictly (no
key the schema does not name) against quotes of every bundled catalogue and of visits
hypothesis writes, and what its descriptions promise of the numbers holds."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

import servicekit
from servicekit.schema import quote_schema
from tests.conftest import CATALOGUES, first_party_plugins
from tests.test_visit_properties import SETTINGS, build, items, rule_sets

FRIDAY_EVENING = "2026-12-04T18:30"


def strict(schema: Any) -> Any:
    """The schema with no key allowed that it does not name: so a key `to_dict()` gives and
    the schema leaves out fails. (The published schema lets new optional keys appear.)"""
    schema = copy.deepcopy(schema)

    def close(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "object" and "properties" in node:
                node.setdefault("additionalProperties", False)
            for value in node.values():
                close(value)
        elif isinstance(node, list):
            for value in node:
                close(value)

    close(schema)
    return schema


VALIDATOR = jsonschema.Draft202012Validator(
    strict(quote_schema()), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)


def assert_described(quote: servicekit.Quote) -> dict:
    """The quote's JSON passes the strict schema, and adds up as the schema says."""
    document = quote.to_dict()
    errors = [
        f"{list(error.absolute_path)}: {error.message}"
        for error in VALIDATOR.iter_errors(document)
    ]
    assert errors == [], json.dumps(document)[:2000]
    lines = document["lines"] + [
        line for item in document.get("items", []) for line in item["lines"]
    ]
    assert document["total"] == sum(line["amount"] for line in lines)
    for item in document.get("items", []):
        assert item["subtotal"] == sum(line["amount"] for line in item["lines"])
    if "tender" in document:
        paid = sum(tender["amount"] for tender in document["tender"])
        assert document["amount_due"] == document["total"] - paid
    return document


def test_the_schema_is_valid_json_schema_and_what_servicekit_prints(run):
    printed = json.loads(run("schema", "quote").output)
    assert printed == quote_schema()
    jsonschema.Draft202012Validator.check_schema(printed)


def bookings(catalogue: servicekit.Catalogue):
    """Every service and length with and without its add-ons, for the clients the rules know,
    with the plans that pay for it, at a quiet time and a busy one."""
    tags = sorted({tag for rule in catalogue.rules for tag in rule.when.tags})
    for service in catalogue.services.values():
        place = (service.locations or tuple(catalogue.locations) or (None,))[0]
        for variation in service.variations:
            for addons, at, clients in (
                ((), "2026-11-30T10:00", []),
                (service.addons, FRIDAY_EVENING, tags),
            ):
                yield {
                    "service": service.id,
                    "duration": variation.duration,
                    "addons": addons,
                    "at": at,
                    "tags": clients,
                    "location": place,
                }


@pytest.mark.parametrize("path", CATALOGUES, ids=[path.stem for path in CATALOGUES])
def test_every_booking_of_every_bundled_catalogue_is_described(path):
    catalogue = servicekit.load(path, plugins=first_party_plugins())
    kinds = set()
    for asked in bookings(catalogue):
        document = assert_described(catalogue.quote(**asked))
        kinds.update(line["kind"] for line in document["lines"])
    assert {"service", "tax"} <= kinds


def test_plans_gift_certificates_tender_and_warnings_are_described():
    catalogue = servicekit.load(CATALOGUES[-1], plugins=first_party_plugins())
    assert catalogue.clinic.name == "Riverside Therapeutic Massage"
    asked = [
        {"buy": "gift:100"},
        {"buy": "wellness-membership"},
        {"service": "deep-tissue", "duration": 60, "buy": "five-pack"},
        {"service": "swedish", "duration": 60, "redeem": "wellness-membership"},
        {"service": "deep-tissue", "duration": 60, "pay_with": ["gift:50", "gift:25"]},
        {"service": "swedish", "duration": 60, "tags": ["memer"], "promos": ["WINTR10"]},
        {
            "items": [
                "swedish:90@ann/wellness-membership",
                "swedish:60@ann",
                "deep-tissue:60@ben",
            ],
            "buy": "gift:50",
            "pay_with": ["gift:40"],
            "tags": ["first-visit"],
            "plans": {"wellness-membership": {"holder": "ann", "sessions_left": 2}},
        },
        {"items": ["therapeutic:60+hot-stones", "assisted-stretching:50"], "promos": ["WINTER10"]},
    ]
    seen: dict[str, Any] = {}
    for keywords in asked:
        document = assert_described(catalogue.quote(at=FRIDAY_EVENING, **keywords))
        for key in ("booking", "visit", "tender", "warnings"):
            if document.get(key):
                seen[key] = document[key]
        for fee in document["fees"]:
            seen.update(forfeits=fee.get("forfeits", seen.get("forfeits")))
    assert seen["tender"]
    assert seen["warnings"]
    assert seen["forfeits"]


@SETTINGS
@given(rule_sets(), items(), st.decimals(min_value=0, max_value=1, places=2))
def test_every_visit_hypothesis_writes_is_described(rules, visit, share):
    catalogue = build(rules)
    plain = catalogue.quote(items=visit, at=FRIDAY_EVENING)
    assert_described(plain)
    given_amount = (plain.total.amount * share).quantize(Decimal("0.01"))
    if given_amount > 0:
        paid = catalogue.quote(items=visit, at=FRIDAY_EVENING, pay_with=[f"gift:{given_amount}"])
        assert assert_described(paid)["tender"] == [
            {"kind": "gift", "amount": int(given_amount * 100)}
        ]


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (lambda d: d.pop("booking"), "is not valid under any of the given schemas"),
        (lambda d: d.update(visit={}), "is not valid under any of the given schemas"),
        (lambda d: d["lines"][0].update(amount=95.5), "95.5 is not of type 'integer'"),
        (lambda d: d["lines"][0].update(kind="fee"), "'fee' is not one of"),
    ],
    ids=["neither-booking-nor-visit", "both", "money-not-minor-units", "unknown-line-kind"],
)
def test_what_is_not_a_quote_fails_the_schema(change, said):
    catalogue = servicekit.load(CATALOGUES[-1], plugins=first_party_plugins())
    document = catalogue.quote("swedish", 60, at=FRIDAY_EVENING).to_dict()
    change(document)
    errors = [error.message for error in VALIDATOR.iter_errors(document)]
    assert any(said in message for message in errors), errors


def test_the_http_api_describes_its_answer_with_the_same_schema(plugins):
    pytest.importorskip("litestar", reason="servicekit serve needs the serve extra")
    from litestar.testing import TestClient

    from servicekit.serving import Settings, create_app

    clinic = CATALOGUES[-1]
    body = {"items": ["swedish:60@ann", "deep-tissue:60@ben"], "at": FRIDAY_EVENING}
    with TestClient(create_app(Settings(str(clinic)), plugins=plugins)) as client:
        document = client.get("/openapi.json").json()
        answer = client.post("/quote", json=body).json()
    answers = document["paths"]["/quote"]["post"]["responses"]["200"]["content"]
    assert answers["application/json"]["schema"] == {"$ref": "#/components/schemas/Quote"}
    # The components as one schema: every reference resolves, and the answer passes.
    text = json.dumps(document["components"]["schemas"])
    components = json.loads(text.replace("#/components/schemas/", "#/$defs/"))
    schema = strict({**components["Quote"], "$defs": components})
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(answer)) == []
