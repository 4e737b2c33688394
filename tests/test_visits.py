"""Visits: several items, guests, couples services, rule units, bundles, plans as clinics sell
them, gift certificates, and warnings for what changes nothing. Each test prices a visit a
clinic would, and checks what its client is told, worked by hand."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

import servicekit
from servicekit import BookingError, VisitItem
from tests.conftest import REPO, assert_user_error, catalogue_text

SPA = """
[categories.facials]
name = "Facials"

[modalities.skin-care]
name = "Skin care"
description = "Facials and skin treatments."
properties = []

[services.swedish]
name = "Swedish"
category = "massage"
modality = "swedish"
variations = [
  { duration = 60, price = "100.00", buffer = 15 },
  { duration = 90, price = "140.00", buffer = 15 },
]
addons = ["stones", "oils"]

[services.deep]
name = "Deep tissue"
category = "massage"
modality = "deep-tissue"
variations = [{ duration = 60, price = "120.00" }]
addons = ["stones"]

[services.couples]
name = "Couples massage"
category = "massage"
modality = "swedish"
guests = 2
variations = [{ duration = 60, price = "200.00" }]
addons = ["stones"]

[services.duo]
name = "Side-by-side massage"
category = "massage"
modality = "swedish"
guests = 2
priced_per = "guest"
variations = [{ duration = 60, price = "110.00" }]

[services.facial]
name = "Facial"
category = "facials"
modality = "skin-care"
variations = [{ duration = 45, price = "80.00" }]

[addons.stones]
name = "Hot stones"
price = "20.00"
minutes = 15
type = "hot-stones"

[addons.oils]
name = "Aromatherapy"
price = "10.00"
taxable = false

[taxes.sales]
name = "Sales tax"
rate = "10"
applies_to = ["addons"]
"""

FRIDAY = "2026-12-04T16:00"


def spa(*rules: str, extra: str = ""):
    text = catalogue_text(SPA, extra, *rules)
    return servicekit.loads(text, plugins=servicekit.plugin_manager(entry_points=False))


def amounts(lines) -> list[tuple[str, int]]:
    return [(line.id, line.amount.minor) for line in lines]


def adds_up(quote) -> None:
    document = quote.to_dict()
    every = [line["amount"] for item in document["items"] for line in item["lines"]]
    every += [line["amount"] for line in document["lines"]]
    assert document["total"] == sum(every)
    assert quote.total == sum(
        (line.amount for line in quote.all_lines), servicekit.Money.zero("USD")
    )
    for item in document["items"]:
        assert item["subtotal"] == sum(line["amount"] for line in item["lines"])


# -- a visit of several items --------------------------------------------------------------


def test_a_visit_prices_each_item_and_the_visits_own_lines_apart():
    quote = spa().quote(items=["swedish:60+stones", "facial:45"], at=FRIDAY)
    document = quote.to_dict()
    assert [item["service"] for item in document["items"]] == ["swedish", "facial"]
    assert amounts(quote.items[0].lines) == [("service", 10000), ("addon:stones", 2000)]
    assert amounts(quote.items[1].lines) == [("service", 8000)]
    # The visit's own lines: the tax, shared out over the lines it is charged on.
    assert amounts(quote.lines) == [("tax:sales", 200)]
    assert document["lines"][0]["allocations"] == {"0/addon:stones": 200}
    assert quote.total.minor == 10000 + 2000 + 8000 + 200
    adds_up(quote)
    assert "booking" not in document
    assert document["visit"]["at"] == "2026-12-04T16:00:00-06:00"


def test_a_guests_items_follow_each_other_with_add_ons_and_buffers():
    quote = spa().quote(items=["swedish:60+stones@ann", "facial:45@ann", "deep:60@ben"], at=FRIDAY)
    starts = [(item.item.guest, item.item.start.strftime("%H:%M")) for item in quote.items]
    # Ann's massage takes 60 + 15 (stones) minutes, then a 15-minute buffer: the facial at 17:30.
    # Ben's own first item starts with the visit.
    assert starts == [("ann", "16:00"), ("ann", "17:30"), ("ben", "16:00")]
    assert quote.items[0].item.end.strftime("%H:%M") == "17:15"


def test_a_time_window_rule_sees_each_items_own_start():
    evening = """
    [[rules]]
    id = "evening"
    type = "surcharge"
    applies_to = ["services"]
    when = { after = "17:00" }
    percent = 10
    """
    quote = spa(evening).quote(items=["swedish:60@ann", "facial:45@ann"], at=FRIDAY)
    assert amounts(quote.items[0].lines) == [("service", 10000)]
    assert amounts(quote.items[1].lines) == [
        ("service", 8000),
        ("surcharge:evening@service", 800),
    ]
    (failed,) = [entry for entry in quote.audit if entry.outcome == "condition"]
    assert (failed.item, failed.reason) == (0, "it starts at 16:00; it applies from 17:00 only")


def test_python_dicts_short_forms_and_visit_items_quote_alike():
    catalogue = spa()
    forms = [
        ["swedish:90+stones+oils@ann", "deep:60@ben"],
        [
            VisitItem("swedish", 90, ["stones", "oils"], "ann"),
            VisitItem("deep", 60, guest="ben"),
        ],
        [
            {
                "service": "swedish",
                "duration": 90,
                "addons": {"stones": 1, "oils": 1},
                "guest": "ann",
            },
            {"service": "deep", "duration": 60, "guest": "ben"},
        ],
    ]
    quotes = [catalogue.quote(items=items, at=FRIDAY).to_dict() for items in forms]
    assert quotes[0] == quotes[1] == quotes[2]


def test_items_asked_again_are_checked_again_as_they_were_the_first_time():
    # A list of items asked before is remembered checked, moved to the new visit's start:
    # what is asked with it, and anything that only looks like it, is still checked.
    catalogue = spa()
    items = [{"service": "swedish", "duration": 60, "guest": "ann"}, "facial:45@ann"]
    first = catalogue.quote(items=items, at=FRIDAY)
    again = catalogue.quote(items=items, at="2026-12-07T09:00", tags=["member"])
    fresh = spa().quote(items=items, at="2026-12-07T09:00", tags=["member"])
    assert again.to_dict() == fresh.to_dict() != first.to_dict()
    assert [item.item.start.strftime("%H:%M") for item in again.items] == ["09:00", "10:15"]
    with pytest.raises(BookingError, match="unknown guest 'bob'"):
        catalogue.quote(items=items, at=FRIDAY, guests={"bob": {"tags": []}})
    for duration, kind in ((60.0, r"a float \(60.0\)"), (True, r"a boolean \(true\)")):
        looks_alike = [{**items[0], "duration": duration}, items[1]]
        with pytest.raises(BookingError, match=f"whole number of minutes, not {kind}"):
            catalogue.quote(items=looks_alike, at=FRIDAY)


def test_a_list_of_items_asked_again_elsewhere_or_with_new_facts_quotes_as_the_first_time():
    # A list asked again is made from what checking it found: at another place, with other
    # tags, codes and times, and with what it cannot be made from, it quotes and fails as a
    # catalogue that never saw it does.
    order = """
    [[rules]]
    id = "members"
    type = "percent-off"
    scope = "order"
    when = { tags = ["member"], promo = "SPRING" }
    percent = 10
    """
    catalogue = spa(order)
    items = ["swedish:60+stones@ann", {"service": "deep", "duration": 60, "guest": "ben"}]
    catalogue.quote(items=items, at=FRIDAY)
    asks = [
        {"at": "2026-12-07T09:00", "tags": ["member"], "promos": ["spring"]},
        {"at": "2026-12-08T18:30:15", "tags": ("member",), "promos": ()},
        {"at": None, "tags": [], "therapist_level": None},
        {"at": FRIDAY, "guests": {"ann": {"tags": ["member"]}}, "promos": ["SPRING"]},
        {"at": FRIDAY, "plans": {}},
    ]
    for ask in asks:
        again = catalogue.quote(items=items, **ask).to_dict()
        fresh = spa(order).quote(items=items, **ask).to_dict()
        if ask["at"] is None:  # now: the same minute, unless the clock turned between them
            again["visit"].pop("at"), fresh["visit"].pop("at")
            for item in (*again["items"], *fresh["items"]):
                item.pop("start"), item.pop("end")
        assert again == fresh, ask
    for ask, message in [
        ({"at": "2026-13-01T09:00"}, "is not a date and time"),
        ({"at": FRIDAY, "tags": ["Member!"]}, "tag"),
        ({"at": FRIDAY, "promos": "SPRING"}, "must be a list of strings"),
        ({"at": FRIDAY, "therapist_level": "master"}, "unknown therapist level"),
        ({"at": FRIDAY, "promo_uses": {"SPRING": -1}}, "whole number"),
    ]:
        for fresh in (catalogue, spa(order)):
            with pytest.raises(BookingError, match=message):
                fresh.quote(items=items, **ask)


def test_the_order_items_are_listed_in_changes_no_line_of_items_at_one_time():
    order = """
    [[rules]]
    id = "five-off"
    type = "amount-off"
    scope = "order"
    amount = "5.01"
    """
    catalogue = spa(order)
    forward = catalogue.quote(items=["swedish:60@ann", "deep:60@ben", "facial:45@cy"], at=FRIDAY)
    backward = catalogue.quote(items=["facial:45@cy", "deep:60@ben", "swedish:60@ann"], at=FRIDAY)
    assert forward.total == backward.total
    by_guest = {item.item.guest: amounts(item.lines) for item in forward.items}
    assert by_guest == {item.item.guest: amounts(item.lines) for item in backward.items}
    (discount,) = forward.lines
    (other,) = backward.lines

    def shares(line, quote):
        guests = {str(item.index): item.item.guest for item in quote.items}
        return {
            guests[key.partition("/")[0]]: money.minor for key, money in line.allocations.items()
        }

    assert shares(discount, forward) == shares(other, backward)


def test_a_visit_longer_than_a_day_is_refused():
    with pytest.raises(BookingError, match=r"the visit lasts .* a visit is at most a day"):
        spa().quote(
            items=[
                {"service": "swedish", "duration": 90, "start": "2026-12-04T09:00"},
                {"service": "deep", "start": "2026-12-05T10:00"},
            ],
            at="2026-12-04T09:00",
        )


@pytest.mark.parametrize(
    ("items", "message", "hint"),
    [
        (["swedsh:60"], "unknown service 'swedsh'", "did you mean 'swedish'?"),
        (["swedish:60+stoens"], "items[0].addons[0]: unknown add-on 'stoens'", "'stones'?"),
        (["deep:60+oils"], "add-on 'oils' is not offered with 'deep'", None),
        (["swedish:45"], "'swedish' is not offered for 45 min", "durations: 60, 90"),
        (["swedish:60/ten-pack"], "no package or membership 'ten-pack'", None),
        (["couples:60+stones*3"], "add-on 'stones' for 3 guests", "at most 2"),
        (["swedish:60+stones*2"], "add-on 'stones' for 2 guests", "at most 1"),
        (["couples:60@ann,ben,cy"], "'couples' is for 2 guests, and 3 are named", None),
        (["swedish:60+stones+stones"], "add-on 'stones' is listed twice", "once"),
        (["swedish:sixty"], "the length 'sixty' is not a whole number of minutes", None),
    ],
)
def test_a_visit_that_does_not_fit_names_the_value_and_the_choices(items, message, hint):
    with pytest.raises(BookingError, match=re.escape(message)) as caught:
        spa().quote(items=items, at=FRIDAY)
    if hint is not None:
        assert hint in caught.value.hint


def test_an_add_on_listed_twice_for_one_guest_is_named():
    with pytest.raises(BookingError, match="add-on 'stones' is listed twice") as caught:
        spa().quote("swedish", 60, addons=["stones", "stones"], at=FRIDAY)
    assert caught.value.hint == "a guest has each add-on once"


def test_a_guest_said_something_of_must_have_an_item():
    with pytest.raises(BookingError, match="unknown guest 'bne'") as caught:
        spa().quote(items=["swedish:60@ann", "deep:60@ben"], guests={"bne": {"tags": ["vip"]}})
    assert caught.value.hint == "did you mean 'ben'?"


# -- couples and group services ----------------------------------------------------------


def test_a_couples_service_is_for_two_guests_priced_per_booking_or_per_guest():
    catalogue = spa()
    couples = catalogue.quote(items=["couples:60+stones*2@ann,ben"], at=FRIDAY)
    assert amounts(couples.items[0].lines) == [("service", 20000), ("addon:stones", 4000)]
    assert couples.items[0].lines[1].quantity == 2
    duo = catalogue.quote(items=["duo:60"], at=FRIDAY)
    assert amounts(duo.items[0].lines) == [("service", 22000)]
    assert duo.items[0].item.guests == ("guest 1", "guest 2")
    # One service, one booking: "couples" alone quotes the same as a visit of it.
    assert catalogue.quote("couples", at=FRIDAY).total.minor == 20000


UNITS = """
[[rules]]
id = "weekend"
type = "surcharge"
applies_to = ["services"]
amount = "10.00"
unit = "guest"

[[rules]]
id = "booking-fee"
type = "surcharge"
applies_to = ["services"]
amount = "3.00"
unit = "visit"

[[rules]]
id = "hold"
type = "deposit"
amount = "25.00"
unit = "guest"

[[rules]]
id = "late"
type = "cancellation-fee"
amount = "40.00"
unit = "guest"
"""


def test_a_rule_says_whether_it_applies_per_guest_per_item_or_per_visit():
    quote = spa(UNITS).quote(items=["couples:60@ann,ben", "facial:45@cy"], at=FRIDAY)
    # $10 for each guest of each line: twice on the couples massage, once on the facial.
    assert amounts(quote.items[0].lines) == [
        ("service", 20000),
        ("surcharge:weekend@service", 2000),
    ]
    assert amounts(quote.items[1].lines) == [
        ("service", 8000),
        ("surcharge:weekend@service", 1000),
    ]
    # The booking fee once, shared out over the services in proportion.
    (fee,) = quote.lines
    assert (fee.id, fee.amount.minor) == ("surcharge:booking-fee", 300)
    assert sum(share.minor for share in fee.allocations.values()) == 300
    assert quote.items[0].lines[1].detail == "$10.00 × 2 guests"
    assert (quote.deposit.detail, quote.fees[0].detail) == (
        "$25.00 × 3 guests",
        "$40.00 × 3 guests",
    )
    # A deposit and a late-cancellation fee for each of the three guests.
    assert quote.deposit.amount.minor == 7500
    assert quote.fees[0].amount.minor == 12000
    adds_up(quote)


def test_an_order_discount_per_guest_takes_off_each_guests_subtotal():
    rule = """
    [[rules]]
    id = "ten-each"
    type = "amount-off"
    scope = "order"
    unit = "guest"
    amount = "10.00"
    when = { tags = ["member"] }
    """
    quote = spa(rule).quote(
        items=["swedish:60@ann", "deep:60@ben"], guests={"ann": {"tags": ["member"]}}, at=FRIDAY
    )
    (discount,) = quote.lines
    assert discount.amount.minor == -1000
    assert discount.allocations == {"0/service": servicekit.Money("-10.00", "USD")}
    (failed,) = [entry for entry in quote.audit if entry.outcome == "condition"]
    assert failed.reason == "for ben: the client is not tagged member"


# -- bundles -------------------------------------------------------------------------------

BUNDLES = """
[[rules]]
id = "massage-and-facial"
type = "bundle"
name = "Massage + facial"
items = ["category:massage", "category:facials"]
percent = 10

[[rules]]
id = "any-two"
type = "bundle"
name = "Any two services"
items = ["services", "services"]
amount = "20.00"
on = "all"
"""


def test_a_bundle_takes_the_best_offer_for_the_client_and_says_which_items():
    quote = spa(BUNDLES).quote(items=["swedish:60", "facial:45"], at=FRIDAY)
    # 10% off the cheaper (the facial, 80.00) is 8.00; 20.00 off any two saves more.
    (bundle,) = quote.lines
    assert (bundle.id, bundle.amount.minor) == ("discount:any-two", -2000)
    assert bundle.detail == "items 1 and 2: $20.00"
    lost = next(entry for entry in quote.audit if entry.rule == "massage-and-facial")
    assert (lost.outcome, lost.reason) == (
        "lost",
        "any-two saves the client more ($20.00 against $8.00)",
    )
    adds_up(quote)


def test_bundles_that_name_each_other_stack():
    stacking = BUNDLES.replace(
        "percent = 10", 'percent = 10\nexclusive = false\ncombines_with = ["any-two"]'
    )
    stacking = stacking.replace(
        'on = "all"', 'on = "all"\nexclusive = false\ncombines_with = ["massage-and-facial"]'
    )
    quote = spa(stacking).quote(items=["swedish:60", "facial:45"], at=FRIDAY)
    assert sorted(amounts(quote.lines)) == [
        ("discount:any-two", -2000),
        ("discount:massage-and-facial", -800),
    ]
    adds_up(quote)


def test_a_bundle_without_its_items_says_what_it_needs():
    quote = spa(BUNDLES).quote(items=["swedish:60", "deep:60"], at=FRIDAY)
    entry = next(entry for entry in quote.audit if entry.rule == "massage-and-facial")
    assert (entry.outcome, entry.reason) == (
        "not-targeted",
        "it needs Massage and Facials in one visit",
    )


def test_the_third_guest_is_free_and_a_bundle_never_takes_more_than_its_cheapest_item():
    third = """
    [[rules]]
    id = "third-free"
    type = "bundle"
    items = ["services", "services", "services"]
    guests = "different"
    percent = 100
    """
    quote = spa(third).quote(items=["swedish:60@ann", "deep:60@ben", "facial:45@cy"], at=FRIDAY)
    (bundle,) = quote.lines
    assert bundle.amount.minor == -8000  # the facial, the cheapest
    assert quote.total.minor == 10000 + 12000
    one_guest = spa(third).quote(
        items=["swedish:60@ann", "deep:60@ann", "facial:45@ann"], at=FRIDAY
    )
    assert one_guest.lines == ()


# -- plans as clinics sell them --------------------------------------------------------

MEMBERSHIP = """
[[rules]]
id = "club"
type = "membership"
name = "Club"
applies_to = ["service:swedish"]
durations = [60]
fee = "79.00"
sessions = 1
discount = 15
upgrade = "difference"
rollover = 1

[[rules]]
id = "five"
type = "package"
name = "Five pack"
applies_to = ["service:deep"]
sessions = 5
price = "500.00"
valid_days = 365

[[rules]]
id = "tips"
type = "gratuity"
percents = [20]
"""


def test_a_members_session_the_plan_does_not_pay_for_gets_the_member_discount():
    catalogue = spa(MEMBERSHIP)
    quote = catalogue.quote(items=["swedish:60@ann/club", "swedish:60@ann"], at=FRIDAY)
    assert amounts(quote.items[0].lines) == [("service", 0)]
    # The second 60 minutes is not included: 15% off, as on everything else.
    assert amounts(quote.items[1].lines) == [
        ("service", 10000),
        ("discount:club@service", -1500),
    ]
    assert quote.items[0].lines[0].value.minor == 10000  # the session's list price


def test_a_membership_session_can_be_upgraded_for_the_difference():
    quote = spa(MEMBERSHIP).quote(items=["swedish:90@ann/club"], at=FRIDAY)
    (line,) = quote.items[0].lines
    assert line.amount.minor == 4000  # 140.00 less the 100.00 of the 60 it includes
    assert line.detail == "paid with Club (list price $140.00), upgrade $40.00"


def test_plans_pay_for_the_sessions_they_hold_for_whom_they_may():
    catalogue = spa(MEMBERSHIP)
    with pytest.raises(
        BookingError, match=r"items\[1\].redeem: 'club' pays for 2 sessions of this visit"
    ) as caught:
        catalogue.quote(items=["swedish:60@ann/club", "swedish:60@ann/club"], at=FRIDAY)
    assert caught.value.hint == "only 1 session is left on it: pay for the others"
    rolled = catalogue.quote(
        items=["swedish:60@ann/club", "swedish:60@ann/club"],
        plans={"club": {"sessions_left": 2}},
        at=FRIDAY,
    )
    assert rolled.total.minor == 0
    with pytest.raises(BookingError, match="holds at most 2") as caught:
        catalogue.quote(items=["swedish:60@ann/club"], plans={"club": {"sessions_left": 3}})
    assert caught.value.hint == (
        "it includes 1 session a month, and up to 1 unused session carried over"
    )
    with pytest.raises(BookingError, match="it is not shared, and this visit uses it for ben"):
        catalogue.quote(items=["deep:60@ann/five", "deep:60@ben/five"], at=FRIDAY)
    with pytest.raises(BookingError, match="'five' bought on 2025-01-10 expired on 2026-01-10"):
        catalogue.quote(
            items=["deep:60@ann/five"], plans={"five": {"bought": "2025-01-10"}}, at=FRIDAY
        )


def test_a_membership_may_price_its_upgrades_by_length():
    priced = MEMBERSHIP.replace('upgrade = "difference"', 'upgrades = { 90 = "25.00" }')
    quote = spa(priced).quote(items=["swedish:90@ann/club"], at=FRIDAY)
    (line,) = quote.items[0].lines
    assert line.amount.minor == 2500  # the upgrade's own price, not the $40.00 difference
    assert line.detail == "paid with Club (list price $140.00), upgrade $25.00"


def test_a_shareable_package_pays_for_any_guests_session():
    shared = MEMBERSHIP.replace("valid_days = 365", "valid_days = 365\nshareable = true")
    quote = spa(shared).quote(
        items=["deep:60@ann/five", "deep:60@ben/five"],
        plans={"five": {"holder": "ann", "sessions_left": 2}},
        at=FRIDAY,
    )
    assert quote.total.minor == 0
    assert [item.lines[0].value.minor for item in quote.items] == [12000, 12000]


def test_a_plan_held_by_someone_who_is_not_a_guest_is_a_warning():
    quote = spa(MEMBERSHIP).quote(
        items=["deep:60@ann"], plans={"five": {"holder": "anne"}}, at=FRIDAY
    )
    (warning,) = quote.warnings
    assert (warning.kind, warning.value, warning.hint) == (
        "unknown-guest",
        "anne",
        "did you mean 'ann'?",
    )
    assert quote.to_dict()["warnings"][0]["message"] == (
        "five is held by 'anne', who is not a guest of this visit"
    )


def test_tips_are_on_what_the_session_is_worth_even_when_a_plan_pays_for_it():
    quote = spa(MEMBERSHIP).quote(items=["swedish:60@ann/club"], at=FRIDAY)
    assert [tip.amount.minor for tip in quote.gratuity] == [2000]
    paid = spa(MEMBERSHIP.replace("percents = [20]", 'percents = [20]\non = "paid"'))
    assert [tip.amount.minor for tip in paid.quote(items=["swedish:60@ann/club"]).gratuity] == [0]


@pytest.mark.parametrize(
    ("policy", "amount", "forfeits"),
    [("forfeit", 0, 1), ("fee", 5000, 0), ("waive", 0, 0)],
)
def test_a_late_cancelled_plan_session_is_forfeited_charged_or_let_go(policy, amount, forfeits):
    fee = f"""
    [[rules]]
    id = "late"
    type = "cancellation-fee"
    amount = "50.00"
    plan_sessions = "{policy}"
    """
    quote = spa(MEMBERSHIP, fee).quote(items=["swedish:60@ann/club"], at=FRIDAY)
    charges = [(charge.amount.minor, len(charge.forfeits)) for charge in quote.fees]
    assert charges == ([(amount, forfeits)] if amount or forfeits else [])


# -- gift certificates -----------------------------------------------------------------------

GIFT_CARDS = """
[gift_cards]
amounts = ["50.00", "100.00"]
min = "25.00"
max = "500.00"
bonuses = [{ buy = "100.00", get = "20.00", valid_days = 90 }]
"""


def test_a_gift_certificate_is_bought_untaxed_and_undiscounted():
    catalogue = spa('[[rules]]\nid = "all"\ntype = "percent-off"\npercent = 50', extra=GIFT_CARDS)
    quote = catalogue.quote(buy="gift:100", at=FRIDAY)
    (line,) = quote.lines
    assert (line.kind, line.amount.minor) == ("gift-card", 10000)
    assert line.detail == "$100.00 + $20.00 bonus (the bonus valid 90 days)"
    assert quote.total.minor == 10000
    with pytest.raises(BookingError, match=r"a gift certificate of \$600.00 is not sold"):
        catalogue.quote(buy="gift:600", at=FRIDAY)


def test_a_gift_certificate_pays_after_tax_and_never_changes_tax_or_tips():
    catalogue = spa(MEMBERSHIP, extra=GIFT_CARDS)
    plain = catalogue.quote(items=["swedish:60+stones"], at=FRIDAY)
    paid = catalogue.quote(items=["swedish:60+stones"], pay_with=["gift:50"], at=FRIDAY)
    assert (paid.total, paid.tax, paid.gratuity) == (plain.total, plain.tax, plain.gratuity)
    assert paid.amount_due.minor == plain.total.minor - 5000
    assert paid.to_dict()["tender"] == [{"kind": "gift", "amount": 5000}]
    with pytest.raises(BookingError, match=r"gift certificates of \$200.00 are more than"):
        catalogue.quote(items=["swedish:60"], pay_with=["gift:200"], at=FRIDAY)
    with pytest.raises(BookingError, match=r"more than the \$100.00 due"):
        catalogue.quote(items=["swedish:60"], buy="gift:50", pay_with=["gift:150"], at=FRIDAY)


# -- each item and guest judged alone, and what stacks (issue 13's review) ----------------

NEW_CLIENTS = """
[[rules]]
id = "new-client-deposit"
type = "deposit"
percent = 25
when = { first_visit = true }

[[rules]]
id = "long-session-fee"
type = "surcharge"
unit = "visit"
applies_to = ["services"]
amount = "15.00"
when = { min_duration = 90 }

[[rules]]
id = "evening-fee"
type = "surcharge"
unit = "visit"
applies_to = ["services"]
amount = "5.00"
when = { after = "17:00" }
"""


def test_a_charge_on_the_visit_applies_when_any_item_and_guest_meets_it():
    catalogue = spa(NEW_CLIENTS)
    new_client = {"ann": {"tags": ["first-visit"]}}
    quote = catalogue.quote(items=["swedish:60@ann", "deep:60@ben"], guests=new_client, at=FRIDAY)
    # Ann is a new client: her returning friend does not take the deposit away. 25% of the
    # visit, 100.00 + 120.00.
    assert (quote.deposit.rule, quote.deposit.amount.minor) == ("new-client-deposit", 5500)
    # A 90-minute session and a shorter one side by side: the long-session fee stays, once.
    longer = catalogue.quote(items=["swedish:90@ann", "facial:45@ben"], at=FRIDAY)
    assert amounts(longer.lines) == [("surcharge:long-session-fee", 1500)]
    assert longer.total.minor == 14000 + 8000 + 1500
    # The facial starts at 17:45, after the massage and its buffer: an evening visit.
    evening = catalogue.quote(items=["swedish:90@ann", "facial:45@ann"], at=FRIDAY)
    assert {line.id for line in evening.lines} == {
        "surcharge:long-session-fee",
        "surcharge:evening-fee",
    }
    adds_up(evening)


MEMBERS_OFF = """
[[rules]]
id = "members-ten"
type = "percent-off"
scope = "order"
percent = 10
when = { tags = ["member"] }
"""


def test_a_discount_on_the_visit_takes_off_the_lines_of_those_who_meet_it():
    # A member who brings a friend keeps her discount, and the friend gets none: neither
    # depends on who else is booked.
    catalogue = spa(MEMBERS_OFF)
    member = {"ann": {"tags": ["member"]}}
    quote = catalogue.quote(items=["swedish:60@ann", "deep:60@ben"], guests=member, at=FRIDAY)
    (discount,) = quote.lines
    assert (discount.amount.minor, discount.detail) == (-1000, "10% of $100.00")
    assert discount.allocations == {"0/service": servicekit.Money("-10.00", "USD")}
    (failed,) = [entry for entry in quote.audit if entry.outcome == "condition"]
    assert (failed.item, failed.reason) == (1, "for ben: the client is not tagged member")
    # A couples massage for a member and her friend: her half of it, 10% of 100.00.
    couples = catalogue.quote(items=["couples:60@ann,ben"], guests=member, at=FRIDAY)
    (discount,) = couples.lines
    assert discount.amount.minor == -1000
    adds_up(couples)


def test_a_visit_priced_like_an_earlier_one_names_its_own_guests():
    # A quote handed the run of an earlier one alike (`servicekit.pricing.outcomes`) is
    # still about its own guests.
    catalogue, fresh = spa(MEMBERS_OFF, UNITS), spa(MEMBERS_OFF, UNITS)
    member = {"ann": {"tags": ["member"]}}
    for _ in range(2):
        catalogue.quote(items=["swedish:60@ann", "deep:60@ben"], guests=member, at=FRIDAY)
    asked = {"items": ["swedish:60@ann", "deep:60@cy"], "guests": member, "at": FRIDAY}
    quote = catalogue.quote(**asked)
    assert quote.to_dict() == fresh.quote(**asked).to_dict()
    (failed,) = [entry for entry in quote.audit if entry.outcome == "condition"]
    assert failed.reason == "for cy: the client is not tagged member"


SECOND_FREE = """
[[rules]]
id = "second-free"
type = "bundle"
items = ["services", "services"]
percent = 100
"""

MASSAGE_CREDIT = """
[[rules]]
id = "massage-credit"
type = "amount-off"
scope = "order"
unit = "item"
applies_to = ["service:swedish"]
amount = "70.00"
"""


def test_a_bundle_is_taken_off_what_its_items_still_cost_after_every_other_discount():
    catalogue = spa(SECOND_FREE, MASSAGE_CREDIT)
    assert catalogue.quote(items=["facial:45"], at=FRIDAY).total.minor == 8000
    quote = catalogue.quote(items=["facial:45", "swedish:60"], at=FRIDAY)
    # The credit first: the massage costs 30.00, so the cheaper of the two is the massage,
    # and it is free. Were the facial (80.00) free and the credit taken after, the two
    # would cost 30.00: less than the facial alone.
    assert amounts(quote.lines) == [
        ("discount:massage-credit", -7000),
        ("discount:second-free", -3000),
    ]
    assert quote.total.minor == 8000
    adds_up(quote)


def test_a_booking_fee_is_the_visits_no_discount_takes_it_off():
    catalogue = spa(SECOND_FREE, UNITS.split("[[rules]]")[2].join(["[[rules]]", ""]))
    quote = catalogue.quote(items=["swedish:60", "facial:45"], at=FRIDAY)
    # The facial is free; the 3.00 fee is the visit's, whatever the facial's share of it.
    assert amounts(quote.lines) == [
        ("surcharge:booking-fee", 300),
        ("discount:second-free", -8000),
    ]
    assert quote.total.minor == 10000 + 300
    adds_up(quote)


TIPS = '[[rules]]\nid = "tips"\ntype = "gratuity"\npercents = [20]\n'


@pytest.mark.parametrize(
    ("rule", "tags", "tip"),
    [
        # $79 for a first visit, as a price or as a discount: tips on the $100.00 massage.
        (
            'type = "set-price"\nprice = "79.00"\nwhen = { first_visit = true }',
            ["first-visit"],
            2000,
        ),
        (
            'type = "amount-off"\namount = "21.00"\nwhen = { first_visit = true }',
            ["first-visit"],
            2000,
        ),
        # A price for everyone is what the massage costs: tips on it.
        ('type = "set-price"\nprice = "90.00"', [], 1800),
    ],
)
def test_tips_are_on_the_list_price_of_a_price_for_some_clients(rule, tags, tip):
    offer = f'[[rules]]\nid = "offer"\napplies_to = ["service:swedish"]\n{rule}\n'
    quote = spa(offer, TIPS).quote(items=["swedish:60"], tags=tags, at=FRIDAY)
    assert [suggested.amount.minor for suggested in quote.gratuity] == [tip]


def test_tips_are_on_services_never_on_a_booking_fee_or_a_gift_certificate_bought():
    fee = UNITS.split("[[rules]]")[2].join(["[[rules]]", ""])
    for on in ("list", "paid"):
        catalogue = spa(fee, TIPS + f'on = "{on}"\n', extra=GIFT_CARDS)
        quote = catalogue.quote(items=["swedish:60", "facial:45"], buy="gift:50", at=FRIDAY)
        assert quote.total.minor == 10000 + 8000 + 300 + 5000
        # 20% of the massage and the facial, 180.00.
        assert [tip.amount.minor for tip in quote.gratuity] == [3600], on


HALF_DOWN = """
[[rules]]
id = "half-down"
type = "deposit"
percent = 50
"""


def test_a_deposit_asks_no_more_than_is_due_after_gift_certificates():
    catalogue = spa(HALF_DOWN, extra=GIFT_CARDS)
    partly = catalogue.quote(items=["swedish:60"], pay_with=["gift:80"], at=FRIDAY)
    assert (partly.amount_due.minor, partly.deposit.amount.minor) == (2000, 2000)
    assert (
        partly.deposit.detail == "50% of $100.00, at most the $20.00 due after gift certificates"
    )
    paid = catalogue.quote(items=["swedish:60"], pay_with=["gift:100"], at=FRIDAY)
    assert (paid.amount_due.minor, paid.deposit) == (0, None)
    (entry,) = [entry for entry in paid.audit if entry.rule == "half-down"]
    assert (entry.outcome, entry.reason) == ("no-effect", "gift certificates pay all that is due")
    # Without tender, the deposit is as it was.
    assert catalogue.quote(items=["swedish:60"], at=FRIDAY).deposit.amount.minor == 5000


# -- no silent typos -------------------------------------------------------------------------


def test_a_tag_or_code_no_rule_knows_is_a_warning_with_the_closest_known_one():
    member = '[[rules]]\nid = "m"\ntype = "percent-off"\npercent = 5\nwhen = { tags = ["member"] }'
    quote = spa(member).quote("swedish", 60, tags=["memer"], promos=["WINTR10"], at=FRIDAY)
    warnings = [(w.kind, w.value, w.hint) for w in quote.warnings]
    assert warnings == [
        ("unknown-tag", "memer", "did you mean 'member'?"),
        ("unknown-promo", "WINTR10", "the catalogue has no promotion codes"),
    ]
    assert quote.to_dict()["warnings"][0]["message"].startswith("client tag 'memer'")


def test_unknown_tags_are_warned_of_in_one_order_every_run():
    # The visit's tags are a set: read in its order, the warnings came out in the hash
    # seed's order, so the same quote's JSON differed from run to run.
    code = (
        "import servicekit, sys; c = servicekit.load(sys.argv[1]); q = c.quote('swedish', 60,"
        " tags=['vip', 'loyal', 'referred', 'zeta'], at='2026-12-04T10:00');"
        " print([w.value for w in q.warnings])"
    )
    seen = {
        subprocess.run(
            [sys.executable, "-c", code, str(REPO / "catalogues" / "therapeutic-clinic.toml")],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in range(4)
    }
    assert seen == {"['loyal', 'referred', 'vip', 'zeta']\n"}


def test_a_deposit_is_a_share_of_what_it_applies_to_only():
    deposit = """
    [[rules]]
    id = "half"
    type = "deposit"
    percent = 50
    applies_to = ["services"]
    """
    quote = spa(deposit).quote(items=["swedish:60+stones"], at=FRIDAY)
    # Half of the $100.00 massage: not of the hot stones, nor of their tax.
    assert (quote.deposit.amount.minor, quote.total.minor) == (5000, 12200)
    assert quote.deposit.detail == "50% of $100.00"


def test_check_warns_of_keys_that_change_no_price(run, write):
    pays_for_addons = MEMBERSHIP.replace(
        'applies_to = ["service:deep"]', 'applies_to = ["service:deep", "addon:stones"]'
    )
    expiring = '[gift_cards]\namounts = ["50.00"]\nvalid_days = 365\n'
    result = run("check", write(catalogue_text(SPA, pays_for_addons, expiring)))
    assert result.exit_code == 0, result.output
    assert (
        "warning: $.rules[1].applies_to[1]: 'addon:stones' has no effect: a package pays for "
        "sessions of services, never for add-ons"
    ) in result.output
    assert "warning: $.gift_cards.valid_days: gift certificates that expire after 365 days" in (
        result.output
    )


def test_the_command_line_prints_a_visit_by_guest(run, write):
    path = write(catalogue_text(SPA, BUNDLES, GIFT_CARDS))
    result = run(
        "quote", path, "swedish:60@ann", "facial:45@ann", "deep:60@ben",
        "--at", FRIDAY, "--pay-with", "gift:50", "--tag", "memer@ben",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1] == "Visit — Fri, Dec 4, 2026, 4:00\u202fPM (America/Chicago)"
    assert "ann" in lines
    assert "ben" in lines
    assert any(line.strip().startswith("4:00\u202fPM  Swedish, 60 min") for line in lines)
    assert any(line.strip().startswith("Amount due") for line in lines)
    assert any("client tag 'memer'" in line for line in lines)
    as_json = run("quote", path, "swedish:60@ann", "facial:45@ann", "deep:60@ben", "--at", FRIDAY,
                  "--pay-with", "gift:50", "--tag", "memer@ben", "--format", "json")  # fmt: skip
    python = servicekit.load(path).quote(
        items=["swedish:60@ann", "facial:45@ann", "deep:60@ben"],
        at=FRIDAY,
        pay_with=["gift:50"],
        guests={"ben": {"tags": ["memer"]}},
    )
    assert json.loads(as_json.output) == python.to_dict()


def test_a_visit_file_in_toml_or_json_quotes_as_the_command_line_does(run, write, tmp_path):
    path = write(catalogue_text(SPA, BUNDLES))
    toml = tmp_path / "visit.toml"
    toml.write_text(
        'at = 2026-12-04T16:00\n\n[[items]]\nservice = "swedish"\nduration = 60\nguest = "ann"\n'
        '\n[[items]]\nservice = "facial"\nguest = "ann"\n'
    )
    visit = run("quote", path, "--visit", toml, "--format", "json")
    line = run(
        "quote", path, "swedish:60@ann", "facial:45@ann", "--at", FRIDAY, "--format", "json"
    )
    assert visit.exit_code == 0, visit.output
    assert json.loads(visit.output) == json.loads(line.output)
    as_json = tmp_path / "visit.json"
    as_json.write_text(json.dumps({"at": FRIDAY, "items": ["swedish:60@ann", "facial:45@ann"]}))
    assert json.loads(run("quote", path, "--visit", as_json, "--format", "json").output) == (
        json.loads(line.output)
    )
    toml.write_text('[[items]]\nservice = "swedish"\nguset = "ann"\n')
    assert_user_error(
        run("quote", path, "--visit", toml),
        "visit.toml:3: $.items[0].guset: unknown key 'guset' (did you mean 'guest'?)",
    )


def test_the_visit_schema_describes_the_files_quote_reads(run):
    jsonschema = pytest.importorskip("jsonschema")
    result = run("schema", "visit")
    assert result.exit_code == 0, result.output
    schema = json.loads(result.output)
    jsonschema.Draft202012Validator.check_schema(schema)
    good = {
        "at": "2026-12-04T16:00:00",
        "items": [
            {
                "service": "couples",
                "duration": 60,
                "addons": {"stones": 2},
                "guest": ["ann", "ben"],
            },
            "facial:45@ann",
        ],
        "guests": {"ann": {"tags": ["member"]}},
        "plans": {"five": {"sessions_left": 3, "holder": "ann"}},
        "pay_with": ["gift:50.00"],
    }
    jsonschema.validate(good, schema, cls=jsonschema.Draft202012Validator)
    for bad in (
        {"items": [{"service": "swedish", "guset": "ann"}]},
        {"items": [{"duration": 60}]},
    ):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema, cls=jsonschema.Draft202012Validator)


@pytest.mark.parametrize(
    ("args", "said", "status"),
    [
        (["swedish:60", "massage:60"], "error: item 'massage:60': unknown service 'massage'", 1),
        (["swedish:60", "--duration", "60"], "error: --duration is for one SERVICE", 1),
        (
            ["swedish:60@ann", "--tag", "member@zed"],
            "error: --tag member@zed: unknown guest 'zed': no item of this visit is for them "
            "(choose one of: ann)",
            1,
        ),
        (
            ["swedish:60", "--pay-with", "card:5"],
            "error: --pay-with card:5: 'card:5' is not a way servicekit knows to pay",
            1,
        ),
        (
            ["swedish:60", "--pay-with", "gift:abc"],
            "'gift:abc' is not gift:AMOUNT with an amount above 0 in USD (e.g. gift:50.00)",
            1,
        ),
        (
            ["swedish:60", "--plan", "club:left=1"],
            "error: --plan club:left=1: there is no package or membership 'club' to hold",
            1,
        ),
        (
            ["swedish:60", "--plan", "club:lft=1"],
            "error: --plan club:lft=1: 'lft=1' is not left=N, holder=NAME or bought=DATE",
            1,
        ),
    ],
)
def test_a_bad_visit_on_the_command_line_exits_naming_the_value(run, write, args, said, status):
    assert_user_error(run("quote", write(catalogue_text(SPA)), *args), said, exit_code=status)


def test_the_worked_examples_of_pricing_md_hold(monkeypatch):
    from tests.conftest import REPO

    monkeypatch.chdir(REPO)
    text = (REPO / "docs" / "pricing.md").read_text(encoding="utf-8")
    examples = text[: text.index("## Writing a rule type")]
    blocks = re.findall(r"^```python\n(.*?)^```", examples, re.M | re.S)
    assert len(blocks) >= 5  # the quote, the visit, bundles, plans, gift certificates, typos
    for block in blocks:
        exec(compile(block, "docs/pricing.md", "exec"), {})


# -- over HTTP ---------------------------------------------------------------------------------


def test_a_visit_over_http_is_the_python_apis_visit(plugins):
    pytest.importorskip("litestar", reason="servicekit serve needs the serve extra")
    from litestar.testing import TestClient

    from servicekit.serving import Settings, create_app
    from tests.conftest import REPO

    clinic = REPO / "catalogues" / "therapeutic-clinic.toml"
    body = {
        "items": [
            "therapeutic:60+hot-stones@ann",
            {"service": "assisted-stretching", "duration": 30, "guest": "ann"},
            {"service": "deep-tissue", "duration": 90, "addons": {"cupping": 1}, "guest": "ben"},
        ],
        "guests": {"ann": {"tags": ["member"]}},
        "at": "2026-12-04T16:00",
        "pay_with": ["gift:50.00"],
        "plans": {"wellness-membership": {"holder": "ann"}},
    }
    with TestClient(create_app(Settings(str(clinic)), plugins=plugins)) as client:
        answer = client.post("/quote", json=body)
        assert answer.status_code == 200, answer.text
        expected = servicekit.load(clinic, plugins=plugins).quote(**body)
        assert answer.json() == expected.to_dict()
        assert answer.json()["amount_due"] == expected.total.minor - 5000
        too_much = client.post("/quote", json={**body, "pay_with": ["gift:500.00"]})
        assert too_much.status_code == 400
        assert "more than the $" in too_much.json()["detail"]
        wrong = client.post("/quote", json={**body, "items": [{"service": 5}]})
        assert wrong.status_code == 400
        document = client.get("/openapi.json").json()
    schemas = document["components"]["schemas"]
    items = schemas["QuoteRequest"]["properties"]["items"]["items"]["oneOf"][0]["$ref"]
    assert items == "#/components/schemas/Visit_ItemSpec"
    assert "guest" in schemas["Visit_ItemSpec"]["properties"]


@pytest.mark.parametrize(
    "zone",
    ["America/Chicago", "Europe/London", "Australia/Lord_Howe", "Asia/Kolkata", "UTC", None],
)
def test_starts_are_written_as_isoformat_writes_them(zone):
    """A quote's JSON writes its starts with `model.visit.isoformat`, which writes the time
    into its day's date and offset once the day is known steady: every minute of days the
    clocks change (forward, back, by half an hour), either fold, fractions of a second,
    a fixed offset and no zone at all are written exactly as `datetime.isoformat` does."""
    import datetime as dt
    import zoneinfo

    from servicekit.model.visit import isoformat

    zones = [
        zoneinfo.ZoneInfo(zone) if zone else None,
        dt.timezone(dt.timedelta(hours=-3, minutes=-30)),
    ]
    days = [dt.date(2026, month, day) for month in (3, 4, 10, 11) for day in range(1, 29, 3)]
    days += [dt.date(2026, 3, 8), dt.date(2026, 11, 1), dt.date(2026, 3, 29), dt.date(1, 1, 1)]
    for tz in zones:
        for day in days:
            for minute in range(0, 24 * 60, 7):
                for second, micro, fold in ((0, 0, 0), (59, 0, 1), (5, 250, 0)):
                    clock = dt.time(minute // 60, minute % 60, second, micro, fold=fold)
                    at = dt.datetime.combine(day, clock, tz)
                    assert isoformat(at) == at.isoformat(), at
                    assert isoformat(at) == at.isoformat(), at  # the day now known


def test_a_repeated_hour_that_begins_before_midnight_is_written_with_its_own_offset():
    # St John's fell back at 00:01 until 2010: 2010-11-06 23:30 came twice, at -02:30 and then
    # (fold=1) at -03:30. A second pass seen first must not set the day's offset for the rest.
    import datetime as dt
    import zoneinfo

    from servicekit.model.visit import isoformat

    zone = zoneinfo.ZoneInfo("America/St_Johns")
    late = dt.datetime(2010, 11, 6, 23, 30, fold=1, tzinfo=zone)
    noon = dt.datetime(2010, 11, 6, 12, 30, tzinfo=zone)
    for at in (late, noon, late, noon):
        assert isoformat(at) == at.isoformat(), at


def test_a_priced_items_json_is_the_items_own_between_its_place_and_its_lines():
    """`item_json` makes a priced item's JSON as one dict: the same keys, in the same order,
    as the item's own `to_dict()` between its place and its lines."""
    quote = spa().quote(
        items=[
            {"service": "couples", "duration": 60, "addons": {"stones": 2}, "guest": ["a", "b"]},
            "swedish:60+stones@a",
            "facial:45@b",
        ],
        at=FRIDAY,
    )
    for priced, data in zip(quote.items, quote.to_dict()["items"], strict=True):
        lines = [line.to_dict() for line in priced.lines]
        whole = {"index": priced.index, **priced.item.to_dict(), "lines": lines}
        assert list(data.items()) == list({**whole, "subtotal": priced.subtotal.minor}.items())
        assert list(priced.to_dict().items()) == list(data.items())
