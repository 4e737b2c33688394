"""Properties every visit's quote has, whatever its rules and items: hypothesis writes both.

The semantics issue 13 asks for: the total is the sum of all the lines; no line goes below
zero but discounts (and a price ending that ends a price lower), and no line's net does; the
order items at their times are listed in changes nothing; a visit no cross-item rule touches
costs what its items cost quoted alone; adding an item or a guest never lowers the total
(before tax: a discount shared over lines taxed differently can save tax); tender never
changes tax or tips. And what makes quoting fast changes nothing: a quote handed a
remembered run is the quote worked out afresh.
"""

from __future__ import annotations

import tomllib
from decimal import Decimal

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import servicekit
from servicekit.pricing.compiled import compiled
from tests.conftest import CLINIC

PLUGINS = servicekit.plugin_manager(entry_points=False)
START = "2026-12-04T16:00"

MENU = {
    "categories": {"facials": {"name": "Facials"}},
    "modalities": {
        "skin-care": {"name": "Skin care", "description": "Facials.", "properties": []}
    },
    "services": {
        "swedish": {
            "name": "Swedish",
            "category": "massage",
            "modality": "swedish",
            "variations": [
                {"duration": 60, "price": "95.00", "buffer": 15},
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
        "couples": {
            "name": "Couples",
            "category": "massage",
            "modality": "swedish",
            "guests": 2,
            "variations": [{"duration": 60, "price": "190.00"}],
            "addons": ["stones"],
        },
        "facial": {
            "name": "Facial",
            "category": "facials",
            "modality": "skin-care",
            "variations": [{"duration": 45, "price": "79.95"}],
        },
    },
    "addons": {
        "stones": {"name": "Hot stones", "price": "20.00", "minutes": 10},
        "oils": {"name": "Aromatherapy", "price": "12.35", "taxable": False},
    },
    "taxes": {
        "sales": {"name": "Sales tax", "rate": "8.875", "applies_to": ["addons"]},
        "vat": {"name": "VAT", "rate": "5", "inclusive": True, "applies_to": ["services"]},
    },
}

amounts = st.decimals(min_value=0, max_value=150, places=2).map(str)
percents = st.decimals(min_value=0, max_value=100, places=1).map(str)
targets = st.sampled_from(
    [["services", "addons"], ["services"], ["addons"], ["service:swedish"], ["category:facials"]]
)
tags = st.sampled_from([{}, {"tags": ["member"]}, {"tags": ["vip"]}, {"not_tags": ["vip"]}])
times = st.sampled_from([{}, {"after": "17:00"}, {"days": ["fri"]}])


@st.composite
def item_rule(draw, ident: str) -> dict:
    """A rule that prices each item on its own: a price, a surcharge, a line discount or a
    price ending, each applied per item or per guest."""
    kind = draw(st.sampled_from(["set-price", "surcharge", "percent-off", "amount-off", "ending"]))
    rule = {"id": ident, "applies_to": draw(targets), "when": {**draw(tags), **draw(times)}}
    if kind == "set-price":
        rule.update(type="set-price", price=draw(amounts))
    elif kind == "surcharge":
        key = draw(st.sampled_from(["percent", "amount"]))
        rule.update(type="surcharge", unit=draw(st.sampled_from(["item", "guest"])))
        rule[key] = draw(percents if key == "percent" else amounts)
    elif kind == "ending":
        rule.update(
            type="price-ending", grid="1.00", direction=draw(st.sampled_from(["up", "down"]))
        )
    else:
        rule.update(type=kind, unit=draw(st.sampled_from(["item", "guest"])))
        rule["percent" if kind == "percent-off" else "amount"] = draw(
            percents if kind == "percent-off" else amounts
        )
    return rule


@st.composite
def visit_rule(draw, ident: str) -> dict:
    """A rule of the visit's: an order discount (per visit, guest or item) or a bundle."""
    if draw(st.booleans()):
        rule = {
            "id": ident,
            "type": draw(st.sampled_from(["percent-off", "amount-off"])),
            "scope": "order",
            "unit": draw(st.sampled_from(["visit", "guest", "item"])),
            "applies_to": draw(targets),
            "when": draw(tags),
        }
        rule["percent" if rule["type"] == "percent-off" else "amount"] = draw(
            percents if rule["type"] == "percent-off" else amounts
        )
        return rule
    rule = {
        "id": ident,
        "type": "bundle",
        "items": draw(
            st.sampled_from(
                [
                    ["services", "services"],
                    ["category:massage", "category:facials"],
                    ["services", "services", "services"],
                ]
            )
        ),
        "on": draw(st.sampled_from(["cheapest", "all"])),
        "guests": draw(st.sampled_from(["any", "different"])),
    }
    key = draw(st.sampled_from(["percent", "amount"]))
    rule[key] = draw(percents if key == "percent" else amounts)
    return rule


@st.composite
def rule_sets(draw, cross_item: bool = True) -> list[dict]:
    rules = [draw(item_rule(f"r{index}")) for index in range(draw(st.integers(0, 4)))]
    if cross_item:
        rules += [draw(visit_rule(f"v{index}")) for index in range(draw(st.integers(0, 2)))]
    rules.append({"id": "tips", "type": "gratuity", "percents": [20]})
    return rules


@st.composite
def items(draw, guests: tuple[str, ...] = ("ann", "ben", "cy")) -> list[dict]:
    found = []
    for _ in range(draw(st.integers(1, 4))):
        service = draw(st.sampled_from(["swedish", "deep", "couples", "facial"]))
        item: dict = {"service": service}
        if service == "swedish":
            item["duration"] = draw(st.sampled_from([60, 90]))
        if service == "couples":
            item["guest"] = draw(st.permutations(guests))[:2]
        else:
            item["guest"] = draw(st.sampled_from(guests))
        offered = MENU["services"][service].get("addons", [])
        chosen = draw(st.lists(st.sampled_from(offered), unique=True)) if offered else []
        item["addons"] = {
            addon: len(item["guest"]) if service == "couples" else 1 for addon in chosen
        }
        found.append(item)
    return found


def timed(visit: list[dict]) -> list[dict]:
    """The items, each with its own start: a guest's one after another, two hours apart
    (more than the longest item with its buffer: a guest is in one room at a time), other
    guests' side by side."""
    slots: dict[str, int] = {}
    found = []
    for item in visit:
        guests = [item["guest"]] if isinstance(item["guest"], str) else list(item["guest"])
        slot = max(slots.get(guest, 0) for guest in guests)
        slots.update(dict.fromkeys(guests, slot + 1))
        found.append({**item, "start": f"2026-12-04T{16 + 2 * slot}:00"})
    return found


def build(rules: list[dict], added_tax: bool = True):
    document = tomllib.loads(CLINIC)
    menu = {**MENU, "categories": {**document["categories"], **MENU["categories"]}}
    if not added_tax:
        menu["taxes"] = {"vat": MENU["taxes"]["vat"]}
    text = tomli_w.dumps({**document, **menu, "rules": rules})
    return servicekit.loads(text, plugins=PLUGINS)


def quote(catalogue, visit: list[dict], **asked):
    return catalogue.quote(items=visit, at=START, **asked)


def every_line(document: dict) -> list[dict]:
    return [line for item in document["items"] for line in item["lines"]] + document["lines"]


def nets(document: dict) -> dict[str, int]:
    """Each priced line's amount after its adjustments and its share of the visit's lines."""
    found: dict[str, int] = {}
    for item in document["items"]:
        for line in item["lines"]:
            key = f"{item['index']}/{line['target'] or line['id']}"
            found[key] = found.get(key, 0) + line["amount"]
    for line in document["lines"]:
        if line["kind"] != "tax":
            for key, share in line.get("allocations", {}).items():
                found[key] += share
    return found


SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TAGS = st.fixed_dictionaries({}, optional={"ann": st.just({"tags": ["member"]})})


@SETTINGS
@given(rule_sets(), items(), TAGS)
def test_the_total_is_the_sum_of_every_line_and_no_line_goes_below_zero(rules, visit, guests):
    booked = {
        item["guest"] if isinstance(item["guest"], str) else item["guest"][0] for item in visit
    }
    asked = quote(build(rules), visit, guests={g: t for g, t in guests.items() if g in booked})
    document = asked.to_dict()
    assert document["total"] == sum(line["amount"] for line in every_line(document))
    assert all(line.amount.is_rounded() for line in asked.all_lines)
    for line in every_line(document):
        if line["kind"] not in ("discount", "price-ending"):  # a price ending may end lower
            assert line["amount"] >= 0, line
    assert all(value >= 0 for value in nets(document).values()), document


@SETTINGS
@given(rule_sets(), items(), st.randoms(use_true_random=False))
def test_items_at_their_times_listed_in_another_order_change_no_line(rules, visit, shuffler):
    catalogue = build(rules)
    scheduled = timed(visit)
    shuffled = list(scheduled)
    shuffler.shuffle(shuffled)
    forward, backward = quote(catalogue, scheduled), quote(catalogue, shuffled)
    assert forward.total == backward.total

    def by_item(answer) -> list:
        document = answer.to_dict()
        shares = nets(document)
        return sorted(
            (
                repr(item["service"]),
                item["guests"],
                item["duration"],
                sorted(item["addons"].items()),
                [(line["id"], line["amount"]) for line in item["lines"]],
                sorted(
                    (key.partition("/")[2], value)
                    for key, value in shares.items()
                    if key.startswith(f"{item['index']}/")
                ),
            )
            for item in document["items"]
        )

    assert by_item(forward) == by_item(backward)


@SETTINGS
@given(rule_sets(cross_item=False), items())
def test_a_visit_no_cross_item_rule_touches_costs_its_items_quoted_alone(rules, visit):
    catalogue = build(rules)
    scheduled = timed(visit)
    alone = sum(quote(catalogue, [item]).total.minor for item in scheduled)
    assert quote(catalogue, scheduled).total.minor == alone


@SETTINGS
@given(rule_sets(), items(), items(guests=("ann", "dee")), st.booleans())
def test_adding_an_item_or_a_guest_never_lowers_the_total(rules, visit, more, added_tax):
    # An offer on the visit spreads what it takes off over lines in proportion to their
    # prices, whatever tax each bears: a bigger visit can move a discount onto a taxed line
    # and so pay less tax. So the total before tax never goes down, and the total with no
    # tax added to prices (prices that include it, or none) never does either.
    catalogue = build(rules, added_tax)
    before = quote(catalogue, visit)
    after = quote(catalogue, [*visit, more[0]])
    assert after.total - after.tax >= before.total - before.tax
    if not added_tax:
        assert after.total >= before.total


@SETTINGS
@given(rule_sets(), items(), st.decimals(min_value=Decimal("0.01"), max_value=1, places=2))
def test_tender_changes_neither_the_total_nor_the_tax_nor_the_tips(rules, visit, share):
    catalogue = build(rules)
    plain = quote(catalogue, visit)
    given_amount = (plain.total.amount * share).quantize(Decimal("0.01"))
    if given_amount <= 0:
        return
    paid = quote(catalogue, visit, pay_with=[f"gift:{given_amount}"])
    assert (paid.total, paid.tax, paid.gratuity) == (plain.total, plain.tax, plain.gratuity)
    assert paid.amount_due.amount == plain.total.amount - given_amount


@SETTINGS
@given(rule_sets(), items(), st.lists(items(), max_size=3), TAGS)
def test_a_remembered_run_quotes_what_a_fresh_one_does(rules, visit, others, guests):
    warmed, fresh = build(rules), build(rules)
    for other in others:  # other visits first, twice: their runs are remembered
        quote(warmed, other)
        quote(warmed, other)
    booked = {
        item["guest"] if isinstance(item["guest"], str) else item["guest"][0] for item in visit
    }
    asked = {"guests": {g: t for g, t in guests.items() if g in booked}}
    quote(warmed, visit, **asked)  # asked once: noted
    quote(warmed, visit, **asked)  # asked again: its run remembered
    pricing = compiled(warmed)
    assert pricing.outcomes or not pricing.remembers
    assert quote(warmed, visit, **asked).to_dict() == quote(fresh, visit, **asked).to_dict()
