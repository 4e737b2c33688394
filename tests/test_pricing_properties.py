"""Properties every quote has, whatever the rules: hypothesis writes the catalogues."""

from __future__ import annotations

import random
import tomllib
from decimal import Decimal

import tomli_w
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import servicekit
from servicekit.model.money import minor_units
from servicekit.pricing.allocation import largest_remainder
from tests.conftest import CLINIC

PLUGINS = servicekit.plugin_manager(entry_points=False)

SERVICES = {
    "services": {
        "swedish": {
            "name": "Swedish",
            "category": "massage",
            "modality": "swedish",
            "variations": [
                {"duration": 60, "price": "95.00"},
                {"duration": 90, "price": "130.00"},
            ],
            "addons": ["stones", "oils"],
        },
        "deep": {
            "name": "Deep tissue",
            "category": "massage",
            "modality": "deep-tissue",
            "variations": [{"duration": 60, "price": "115.50"}],
            "addons": ["stones"],
        },
    },
    "addons": {
        "stones": {"name": "Hot stones", "price": "20.00"},
        "oils": {"name": "Aromatherapy", "price": "12.35", "taxable": False},
    },
    "taxes": {
        "sales": {"name": "Sales tax", "rate": "8.875"},
        "vat": {"name": "VAT", "rate": "5", "inclusive": True, "applies_to": ["addons"]},
    },
}

amounts = st.decimals(min_value=0, max_value=200, places=2).map(str)
percents = st.decimals(min_value=0, max_value=100, places=1).map(str)
targets = st.sampled_from(
    [["services", "addons"], ["services"], ["addons"], ["service:swedish"], ["addon:stones"]]
)
conditions = st.sampled_from([{}, {"tags": ["member"]}, {"tags": ["vip"]}, {"not_tags": ["vip"]}])


@st.composite
def discount(draw, ident: str) -> dict:
    rule = {
        "id": ident,
        "type": draw(st.sampled_from(["percent-off", "amount-off"])),
        "scope": draw(st.sampled_from(["line", "order"])),
        "applies_to": draw(targets),
        "when": draw(conditions),
        "priority": draw(st.integers(0, 2)),
    }
    if rule["type"] == "percent-off":
        rule["percent"] = draw(percents)
        if draw(st.booleans()):
            rule["max_amount"] = draw(amounts)
    else:
        rule["amount"] = draw(amounts)
    if rule["scope"] == "line" and draw(st.booleans()):
        rule["limit"] = draw(st.integers(1, 2))
    return rule


@st.composite
def other_rule(draw, ident: str) -> dict:
    kind = draw(st.sampled_from(["surcharge", "set-price", "price-ending"]))
    rule = {"id": ident, "type": kind, "applies_to": draw(targets), "when": draw(conditions)}
    if kind == "surcharge":
        key = draw(st.sampled_from(["percent", "amount"]))
        rule[key] = draw(percents if key == "percent" else amounts)
    elif kind == "set-price":
        rule["price"] = draw(amounts)
    else:
        rule["grid"] = draw(st.sampled_from(["1.00", "5.00", "0.50"]))
        rule["direction"] = draw(st.sampled_from(["nearest", "up", "down"]))
        if rule["grid"] == "1.00" and draw(st.booleans()):
            rule["ending"] = "0.95"
        if draw(st.booleans()):
            rule["max_change"] = draw(amounts)
    return rule


@st.composite
def rule_sets(draw) -> list[dict]:
    count = draw(st.integers(0, 6))
    rules = [
        draw(discount(f"d{index}") if draw(st.booleans()) else other_rule(f"r{index}"))
        for index in range(count)
    ]
    stacking = [rule for rule in rules if rule["type"] in ("percent-off", "amount-off")]
    if len(stacking) >= 2 and draw(st.booleans()):
        first, second = stacking[:2]
        for rule, partner in ((first, second), (second, first)):
            rule["exclusive"] = False
            rule["combines_with"] = [partner["id"]]
    return rules


@st.composite
def bookings(draw) -> dict:
    service = draw(st.sampled_from(["swedish", "deep"]))
    duration = draw(st.sampled_from([60, 90])) if service == "swedish" else 60
    allowed = ["stones", "oils"] if service == "swedish" else ["stones"]
    return {
        "service": service,
        "duration": duration,
        "addons": draw(st.lists(st.sampled_from(allowed), unique=True)),
        "tags": draw(st.lists(st.sampled_from(["member", "vip"]), unique=True)),
        "at": "2026-12-02T11:00",
    }


def build(rules: list[dict], currency: str = "USD"):
    document = tomllib.loads(CLINIC)
    document["clinic"]["currency"] = currency
    digits = minor_units(currency)
    services = _rounded(SERVICES, digits)
    text = tomli_w.dumps({**document, **services, "rules": [_rounded(r, digits) for r in rules]})
    return servicekit.loads(text, plugins=PLUGINS)


def nets(quote) -> dict[str, Decimal]:
    """Each priced line's amount after its adjustments and its share of order discounts."""
    found = {line.id: line.amount.amount for line in quote.lines if line.target is None}
    for line in quote.lines:
        if line.target is not None:
            found[line.target] += line.amount.amount
        elif line.kind == "discount":
            for key, share in line.allocations.items():
                found[key] += share.amount
    return {
        key: value for key, value in found.items() if not key.startswith(("tax:", "discount:"))
    }


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(rule_sets(), bookings())
def test_the_total_is_the_sum_of_the_lines_in_minor_units(rules, booking):
    quote = build(rules).quote(**booking)
    document = quote.to_dict()
    assert document["total"] == sum(line["amount"] for line in document["lines"])
    assert quote.total == sum((line.amount for line in quote.lines), servicekit.Money.zero("USD"))
    assert all(line.amount.is_rounded() for line in quote.lines)


@SETTINGS
@given(rule_sets(), bookings())
def test_no_line_goes_below_zero(rules, booking):
    quote = build(rules).quote(**booking)
    assert all(value >= 0 for value in nets(quote).values()), quote.lines


@SETTINGS
@given(rule_sets(), bookings(), st.randoms(use_true_random=False))
def test_the_order_of_rules_in_the_file_does_not_matter(rules, booking, shuffler):
    shuffled = list(rules)
    shuffler.shuffle(shuffled)
    assert build(rules).quote(**booking).to_dict() == build(shuffled).quote(**booking).to_dict()


TWO_ENDINGS = [
    {"id": "r0", "type": "price-ending", "applies_to": ["services", "addons"], "grid": "1.00",
     "direction": "nearest"},
    {"id": "r1", "type": "price-ending", "applies_to": ["services", "addons"], "grid": "1.00",
     "direction": "nearest", "ending": "0.95"},
]  # fmt: skip
"""What a longer search found: $95.00 was left whole by r0 and ended $94.95 by r1; 0.1% off
made it $94.91, which r0 ended $95.00. The first price ending that holds now decides alone."""


@SETTINGS
@example(TWO_ENDINGS, {"service": "swedish", "duration": 60, "addons": [], "tags": [],
                       "at": "2026-12-02T11:00"}, "0.1")  # fmt: skip
@given(rule_sets(), bookings(), percents)
def test_an_extra_exclusive_discount_never_raises_the_total(rules, booking, percent):
    extra = {"id": "extra", "type": "percent-off", "percent": percent}
    before = build(rules).quote(**booking).total
    after = build([*rules, extra]).quote(**booking).total
    assert after <= before


@SETTINGS
@given(rule_sets(), bookings(), st.sampled_from(["JPY", "BHD", "EUR"]))
def test_every_currency_rounds_to_its_own_minor_units(rules, booking, currency):
    quote = build(rules, currency).quote(**booking)
    document = quote.to_dict()
    assert document["minor_units"] == minor_units(currency)
    assert document["total"] == sum(line["amount"] for line in document["lines"])
    assert all(line.amount.is_rounded() for line in quote.lines)


PRICE_KEYS = ("amount", "price", "max_amount", "max_change", "grid", "ending")


def _rounded(value, digits: int):
    """A catalogue fragment with every price rounded to `digits` decimals (grids stay above 0)."""
    if isinstance(value, list):
        return [_rounded(item, digits) for item in value]
    if not isinstance(value, dict):
        return value
    rounded = {key: _rounded(item, digits) for key, item in value.items()}
    for key in PRICE_KEYS:
        if isinstance(rounded.get(key), str):
            amount = Decimal(rounded[key]).quantize(Decimal(1).scaleb(-digits))
            rounded[key] = str(amount if key != "grid" or amount else Decimal(1))
    if "ending" in rounded and Decimal(rounded["ending"]) >= Decimal(rounded["grid"]):
        del rounded["ending"]
    return rounded


@given(
    st.integers(min_value=0, max_value=10**9),
    st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=8),
)
def test_largest_remainder_shares_add_up_and_fit(total, weights):
    total = min(total, sum(weights))
    shares = largest_remainder(total, weights)
    assert sum(shares) == total
    assert all(0 <= share <= weight for share, weight in zip(shares, weights, strict=True))
    # The same split every time, whatever else is going on.
    assert shares == largest_remainder(total, list(weights))


def test_the_shuffle_above_really_shuffles():
    # Guard against a vacuous order test: distinct rules must come out in another order.
    rules = [{"id": str(index)} for index in range(6)]
    shuffled = list(rules)
    random.Random(1).shuffle(shuffled)
    assert shuffled != rules
