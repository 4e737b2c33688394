"""Quotes, worked by hand: each test prices a booking and checks the lines a client would see."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo

import pytest

import servicekit
from servicekit.errors import BookingError
from tests.conftest import REPO, assert_user_error, catalogue_text

CLINIC_TOML = REPO / "catalogues" / "therapeutic-clinic.toml"

SERVICES = """
[services.swedish]
name = "Swedish"
category = "massage"
modality = "swedish"
variations = [{ duration = 60, price = "95.00" }, { duration = 90, price = "130.00" }]
addons = ["stones", "oils"]

[services.deep]
name = "Deep tissue"
category = "massage"
modality = "deep-tissue"
variations = [{ duration = 60, price = "115.00" }]
addons = ["stones"]

[addons.stones]
name = "Hot stones"
price = "20.00"
type = "hot-stones"

[addons.oils]
name = "Aromatherapy"
price = "12.00"
taxable = false
"""

MONDAY = "2026-11-30T10:00"


def clinic(*rules: str, clinic_header: str | None = None):
    """A small clinic: two services, two add-ons, and the given rules and taxes."""
    text = (
        catalogue_text(SERVICES, *rules)
        if clinic_header is None
        else catalogue_text(SERVICES, *rules, clinic=clinic_header)
    )
    return servicekit.loads(text, plugins=servicekit.plugin_manager(entry_points=False))


def lines(quote) -> list[tuple[str, int]]:
    return [(line.id, line.amount.minor) for line in quote.lines]


def outcome(quote, rule: str, line: str | None = None) -> tuple[str, str]:
    (entry,) = [e for e in quote.audit if e.rule == rule and (line is None or e.line == line)]
    return entry.outcome, entry.reason


def test_a_plain_booking_is_its_list_prices():
    quote = clinic().quote("swedish", 60, addons=["stones"], at=MONDAY)
    assert lines(quote) == [("service", 9500), ("addon:stones", 2000)]
    assert quote.total == servicekit.Money("115.00", "USD")
    assert quote.audit == ()


def test_the_duration_may_be_left_out_when_there_is_one_length():
    assert clinic().quote("deep", at=MONDAY).total.minor == 11500
    with pytest.raises(BookingError, match="comes in several lengths") as caught:
        clinic().quote("swedish", at=MONDAY)
    assert caught.value.hint == "durations: 60, 90"


@pytest.mark.parametrize(
    ("kwargs", "message", "hint"),
    [
        (
            {"service": "swedsh", "duration": 60},
            "unknown service 'swedsh'",
            "did you mean 'swedish'?",
        ),
        ({"service": "swedish", "duration": 45}, "not offered for 45 min", "durations: 60, 90"),
        ({"service": "swedish", "duration": 60.0}, r"not a float \(60.0\)", None),
        (
            {"service": "deep", "addons": ["oils"]},
            "add-on 'oils' is not offered with 'deep'",
            "add-ons offered with it: stones",
        ),
        ({"service": "deep", "addons": ["rocks"]}, "unknown add-on 'rocks'", None),
        ({"service": "deep", "addons": "stones"}, "addons must be a list of strings", None),
        ({"service": "deep", "at": "next friday"}, "'next friday' is not a date and time", None),
        ({"service": "deep", "at": 1764500000.0}, "must be a date and time, not a float", None),
        ({"service": "deep", "location": "downtown"}, "unknown location 'downtown'", None),
        (
            {"service": "deep", "therapist_level": "senior"},
            "unknown therapist level 'senior'",
            None,
        ),
        ({"service": "deep", "tags": ["VIP"]}, "'VIP' is not a valid tag", None),
        ({"service": "deep", "redeem": "ten-pack"}, "no package or membership 'ten-pack'", None),
    ],
)
def test_a_booking_that_does_not_fit_lists_the_valid_choices(kwargs, message, hint):
    with pytest.raises(BookingError, match=message) as caught:
        clinic().quote(**kwargs)
    if hint is not None:
        assert caught.value.hint == hint


def test_a_naive_time_is_the_clinics_local_time_and_an_offset_is_converted():
    weekend = '[[rules]]\nid = "evening"\ntype = "surcharge"\npercent = 10\n'
    weekend += 'applies_to = ["services"]\nwhen = { after = "17:00" }'
    catalogue = clinic(weekend)
    local = catalogue.quote("deep", at="2026-12-04T18:30")
    assert local.booking.at.tzinfo == zoneinfo.ZoneInfo("America/Chicago")
    assert local.total.minor == 12650
    # 23:30 UTC is 17:30 in Chicago in December.
    utc = dt.datetime(2026, 12, 4, 23, 30, tzinfo=dt.UTC)
    assert catalogue.quote("deep", at=utc).total.minor == 12650
    assert catalogue.quote("deep", at="2026-12-04T16:59").total.minor == 11500
    assert outcome(catalogue.quote("deep", at="2026-12-04T16:59"), "evening") == (
        "condition",
        "it starts at 16:59; it applies from 17:00 only",
    )


def test_member_prices_take_the_most_specific_list():
    rules = """
    [[rules]]
    id = "members"
    type = "set-price"
    applies_to = ["services"]
    when = { tags = ["member"] }
    price = "90.00"

    [[rules]]
    id = "swedish-members"
    type = "set-price"
    applies_to = ["service:swedish"]
    when = { tags = ["member"] }
    prices = { 60 = "80.00" }
    """
    catalogue = clinic(rules)
    quote = catalogue.quote("swedish", 60, tags=["member"], at=MONDAY)
    assert lines(quote) == [("service", 8000)]
    assert quote.lines[0].detail == "swedish-members (list price $95.00)"
    assert outcome(quote, "members") == ("superseded", "swedish-members is more specific")
    # No 90-minute price in the specific list: the general one applies.
    assert lines(catalogue.quote("swedish", 90, tags=["member"], at=MONDAY)) == [("service", 9000)]
    assert lines(catalogue.quote("swedish", 60, at=MONDAY)) == [("service", 9500)]


def test_the_discount_best_for_the_client_wins():
    rules = """
    [[rules]]
    id = "ten-percent"
    type = "percent-off"
    percent = 10

    [[rules]]
    id = "twelve-off"
    type = "amount-off"
    amount = "12.00"
    applies_to = ["services"]
    """
    quote = clinic(rules).quote("swedish", 90, addons=["stones"], at=MONDAY)
    assert lines(quote) == [
        ("service", 13000),
        ("discount:ten-percent@service", -1300),
        ("addon:stones", 2000),
        ("discount:ten-percent@addon:stones", -200),
    ]
    assert outcome(quote, "twelve-off", "service") == (
        "lost",
        "ten-percent saves the client more ($13.00 against $12.00)",
    )
    cheaper = clinic(rules).quote("swedish", 60, at=MONDAY)
    assert lines(cheaper) == [("service", 9500), ("discount:twelve-off@service", -1200)]


STACKING = """
[[rules]]
id = "loyalty"
type = "percent-off"
percent = 10
exclusive = false
combines_with = ["referral"]

[[rules]]
id = "referral"
type = "amount-off"
amount = "5.00"
exclusive = false
combines_with = ["loyalty"]
applies_to = ["services"]

[[rules]]
id = "flash"
type = "amount-off"
amount = "3.00"
exclusive = false
applies_to = ["services"]
"""


def test_non_exclusive_discounts_stack_percentages_first():
    quote = clinic(STACKING).quote("swedish", 60, at=MONDAY)
    # 10% of 95.00 = 9.50, then 5.00 off what is left: 80.50.
    assert lines(quote) == [
        ("service", 9500),
        ("discount:loyalty@service", -950),
        ("discount:referral@service", -500),
    ]
    assert outcome(quote, "flash", "service") == (
        "not-combinable",
        "it does not combine with loyalty, and loyalty and referral save the client more "
        "($14.50 against $3.00)",
    )


def test_stacking_is_the_same_whatever_order_the_rules_are_written_in():
    blocks = STACKING.strip().split("\n\n")
    forward = clinic(*blocks).quote("swedish", 60, at=MONDAY).to_dict()
    backward = clinic(*reversed(blocks)).quote("swedish", 60, at=MONDAY).to_dict()
    assert forward == backward


def test_nothing_goes_below_zero():
    rule = '[[rules]]\nid = "big"\ntype = "amount-off"\namount = "50.00"'
    quote = clinic(rule).quote("swedish", 60, addons=["stones"], at=MONDAY)
    assert lines(quote) == [
        ("service", 9500),
        ("discount:big@service", -5000),
        ("addon:stones", 2000),
        ("discount:big@addon:stones", -2000),
    ]
    assert quote.total.minor == 4500


def test_a_limit_caps_how_many_lines_a_discount_takes():
    rule = '[[rules]]\nid = "once"\ntype = "amount-off"\namount = "5.00"\nlimit = 1'
    quote = clinic(rule).quote("swedish", 60, addons=["stones", "oils"], at=MONDAY)
    assert [line.id for line in quote.lines if line.kind == "discount"] == [
        "discount:once@service"
    ]
    assert outcome(quote, "once", "addon:stones")[0] == "limit"


def test_an_order_discount_is_spread_over_the_lines_by_largest_remainder():
    rule = '[[rules]]\nid = "third"\ntype = "amount-off"\nscope = "order"\namount = "10.00"'
    quote = clinic(rule).quote("swedish", 60, addons=["stones", "oils"], at=MONDAY)
    (discount,) = [line for line in quote.lines if line.kind == "discount"]
    assert discount.amount.minor == -1000
    # 10.00 over 95 : 20 : 12 is 7.480 : 1.574 : 0.944 in cents 748, 157, 94, and the cent
    # left over goes to the largest remainder, the oils'.
    assert {key: value.minor for key, value in discount.allocations.items()} == {
        "service": -748,
        "addon:stones": -157,
        "addon:oils": -95,
    }
    assert quote.total.minor == 12700 - 1000


PROMO = """
[[rules]]
id = "winter10"
type = "percent-off"
scope = "order"
percent = 10
when = { promo = "WINTER10", valid_from = 2026-12-01, valid_until = 2026-12-31, max_uses = 100 }
"""


@pytest.mark.parametrize(
    ("at", "uses", "expected"),
    [
        ("2026-12-10T10:00", 0, ("applied", "10% of $95.00")),
        ("2027-01-02T10:00", 0, ("condition", "promo code WINTER10 expired on 2026-12-31")),
        ("2026-11-20T10:00", 0, ("condition", "promo code WINTER10 is valid from 2026-12-01")),
        ("2026-12-10T10:00", 100, ("limit", "promo code WINTER10 has been used its 100 times")),
    ],
)
def test_promotion_codes_have_dates_and_caps(at, uses, expected):
    quote = clinic(PROMO).quote(
        "swedish", 60, promos=["winter10"], at=at, promo_uses={"WINTER10": uses}
    )
    assert outcome(quote, "winter10") == expected


def test_an_unknown_promotion_code_is_reported_not_refused():
    quote = clinic(PROMO).quote("swedish", 60, promos=["SPRING"], at="2026-12-10T10:00")
    assert quote.total.minor == 9500
    assert outcome(quote, None) == ("unknown-promo", "promo code SPRING is unknown")


def test_a_price_ending_on_a_free_line_says_the_line_is_0():
    rules = """
    [[rules]]
    id = "free-stones"
    type = "percent-off"
    applies_to = ["addon:stones"]
    percent = 100

    [[rules]]
    id = "ninety-five"
    type = "price-ending"
    applies_to = ["addons"]
    grid = "1.00"
    ending = "0.95"
    """
    quote = clinic(rules).quote("swedish", 60, addons=["stones"], at=MONDAY)
    assert outcome(quote, "ninety-five", "addon:stones") == ("no-effect", "the line is already 0")


def test_price_endings_round_within_their_margin():
    rules = """
    [[rules]]
    id = "tenth"
    type = "percent-off"
    percent = 7

    [[rules]]
    id = "ninety-five"
    type = "price-ending"
    grid = "1.00"
    ending = "0.95"
    max_change = "0.60"
    """
    quote = clinic(rules).quote("swedish", 60, addons=["stones"], at=MONDAY)
    # 95.00 - 6.65 = 88.35 -> 87.95 (0.40 down); 20.00 - 1.40 = 18.60 -> 18.95 (0.35 up).
    # A price ended lower is a discount line: no line but a discount is below zero.
    assert lines(quote) == [
        ("service", 9500),
        ("discount:tenth@service", -665),
        ("discount:ninety-five@service", -40),
        ("addon:stones", 2000),
        ("discount:tenth@addon:stones", -140),
        ("price-ending:ninety-five@addon:stones", 35),
    ]
    kinds = {line.id: line.kind for line in quote.lines}
    assert kinds["discount:ninety-five@service"] == "discount"
    assert kinds["price-ending:ninety-five@addon:stones"] == "price-ending"
    assert quote.lines[2].detail == "$88.35 → $87.95"
    assert quote.total.minor == 8795 + 1895
    tight = clinic(rules.replace('"0.60"', '"0.30"')).quote("swedish", 60, at=MONDAY)
    assert outcome(tight, "ninety-five", "service") == (
        "outside-margin",
        "$88.35 → $87.95 is a change of more than $0.30",
    )


def test_taxes_are_added_per_line_and_spare_what_is_not_taxable():
    tax = '[taxes.sales]\nname = "Sales tax"\nrate = "8.25"'
    quote = clinic(tax).quote("swedish", 60, addons=["stones", "oils"], at=MONDAY)
    (line,) = [line for line in quote.lines if line.kind == "tax"]
    # 8.25% of 95.00 is 7.8375 -> 7.84; of 20.00, 1.65; the oils are not taxable.
    assert {key: value.minor for key, value in line.allocations.items()} == {
        "service": 784,
        "addon:stones": 165,
    }
    assert quote.total.minor == 9500 + 2000 + 1200 + 784 + 165
    assert quote.tax.minor == 949


def test_a_referral_exempts_a_booking_from_tax():
    tax = '[taxes.sales]\nname = "Sales tax"\nrate = "8.25"\nexempt_tags = ["physician-referral"]'
    quote = clinic(tax).quote("deep", tags=["physician-referral"], at=MONDAY)
    assert quote.total.minor == 11500
    assert outcome(quote, "sales") == ("exempt", "the client is tagged physician-referral")


def test_a_tax_included_in_prices_adds_nothing_and_shows_what_it_contains():
    quote = servicekit.load(REPO / "catalogues" / "day-spa.toml").quote(
        "klassische-massage", 60, addons=["aromatherapy"], at="2026-11-30T10:00"
    )
    (vat,) = [line for line in quote.lines if line.kind == "tax"]
    assert vat.amount.minor == 0
    # 79.00 / 1.19 = 66.39 net, 12.61 VAT; 8.00 / 1.19 = 6.72 net, 1.28 VAT.
    assert vat.included.minor == 1261 + 128
    assert quote.total == servicekit.Money("87.00", "EUR")


def test_surcharges_are_shares_of_the_price_not_of_each_other():
    quote = servicekit.load(REPO / "catalogues" / "multi-location-practice.toml").quote(
        "relaxation-massage",
        60,
        location="the-beaches",
        therapist_level="senior-rmt",
        at="2026-12-06T10:00",
    )
    assert lines(quote) == [
        ("service", 11500),
        ("surcharge:senior-rmt@service", 1500),
        ("surcharge:sunday-surcharge@service", 1150),
        ("tax:hst", 1840),
    ]
    assert quote.lines[0].detail == "The Beaches price (list price $120.00)"


def test_a_service_is_only_booked_where_it_is_offered():
    catalogue = servicekit.load(REPO / "catalogues" / "multi-location-practice.toml")
    with pytest.raises(BookingError, match="'reflexology' is not offered at king-west"):
        catalogue.quote("reflexology", 60, location="king-west", at=MONDAY)


def test_deposits_fees_and_tips_stand_beside_the_total():
    catalogue = servicekit.load(CLINIC_TOML)
    quote = catalogue.quote(
        "deep-tissue", 90, addons=["hot-stones"], tags=["first-visit"], at="2026-12-04T18:30"
    )
    assert quote.total.minor == 16725
    # 25% for a first visit would be 41.81; the list price is over 150.00, which asks 50.00.
    assert (quote.deposit.rule, quote.deposit.amount.minor) == ("long-session-deposit", 5000)
    assert [(fee.kind, fee.amount.minor, fee.notice_hours) for fee in quote.fees] == [
        ("late-cancellation", 8363, 24),
        ("no-show", 16725, None),
    ]
    # Tips on what the services are worth: 160.00 + 16.00 evening + 20.00 stones, before the
    # first-visit discount (the tip rule's `on = "list"`, the default).
    assert [(f"{tip.percent}", tip.amount.minor) for tip in quote.gratuity] == [
        ("18", 3528),
        ("20", 3920),
        ("25", 4900),
    ]
    assert sum(line.amount.minor for line in quote.lines) == quote.total.minor


def test_the_larger_deposit_applies():
    catalogue = servicekit.load(CLINIC_TOML)
    quote = catalogue.quote("deep-tissue", 90, tags=["first-visit"], at=MONDAY)
    assert quote.deposit.rule == "long-session-deposit"
    assert outcome(quote, "new-client-deposit") == ("lost", "long-session-deposit asks for more")
    small = catalogue.quote("deep-tissue", 60, tags=["first-visit"], at=MONDAY)
    assert (small.deposit.rule, small.deposit.amount.minor) == ("new-client-deposit", 2300)


def test_a_package_is_bought_and_then_pays_for_sessions():
    catalogue = servicekit.load(CLINIC_TOML)
    bought = catalogue.quote("therapeutic", 60, buy="five-pack", at=MONDAY)
    # Five 60-minute therapeutic sessions at 105.00, 15% less.
    assert lines(bought) == [("package:five-pack", 44625)]
    assert bought.lines[0].label == "Five-session package: Therapeutic Massage, 60 min"
    assert bought.lines[0].detail == "5 × $105.00 less 15%, valid 365 days"
    redeemed = catalogue.quote(
        "therapeutic", 60, addons=["hot-stones"], redeem="five-pack", at=MONDAY
    )
    assert lines(redeemed) == [("service", 0), ("addon:hot-stones", 2000), ("tax:sales", 125)]
    assert redeemed.lines[0].detail == "paid with Five-session package (list price $105.00)"
    with pytest.raises(BookingError, match="'five-pack' does not pay for therapeutic, 90 min"):
        catalogue.quote("therapeutic", 90, redeem="five-pack", at=MONDAY)
    with pytest.raises(BookingError, match="priced from its sessions"):
        catalogue.quote(buy="five-pack", at=MONDAY)


def test_a_membership_includes_a_session_and_discounts_the_rest():
    catalogue = servicekit.load(CLINIC_TOML)
    assert lines(catalogue.quote(buy="wellness-membership", at=MONDAY)) == [
        ("membership:wellness-membership", 7900)
    ]
    included = catalogue.quote(
        "swedish", 60, addons=["hot-stones"], redeem="wellness-membership", at=MONDAY
    )
    assert lines(included) == [
        ("service", 0),
        ("addon:hot-stones", 2000),
        ("discount:wellness-membership@addon:hot-stones", -200),
        ("tax:sales", 113),
    ]
    extra = catalogue.quote("deep-tissue", 60, tags=["member"], at=MONDAY)
    assert lines(extra) == [("service", 11500), ("discount:wellness-membership@service", -1150)]


@pytest.mark.parametrize(
    ("currency", "locale", "price", "expected"),
    [
        ("JPY", "ja_JP", "9500", 8550),
        ("BHD", "ar_BH", "9.125", 8212),
        ("USD", "en_US", "9.99", 899),
    ],
)
def test_currencies_round_to_their_own_minor_units(currency, locale, price, expected):
    header = catalogue_text().replace('"USD"', f'"{currency}"').replace("en_US", locale)
    services = (
        SERVICES.replace('"95.00"', f'"{price}"')
        .replace('"20.00"', '"0"')
        .replace('"115.00"', '"1"')
        .replace('"130.00"', '"2"')
        .replace('"12.00"', '"0"')
    )
    rule = '[[rules]]\nid = "ten"\ntype = "percent-off"\npercent = 10'
    text = header + services + "\n" + rule
    catalogue = servicekit.loads(text, plugins=servicekit.plugin_manager(entry_points=False))
    quote = catalogue.quote("swedish", 60, at=MONDAY)
    assert quote.total.minor == expected
    assert quote.to_dict()["minor_units"] == {"JPY": 0, "BHD": 3, "USD": 2}[currency]


def test_the_rounding_mode_is_the_clinics():
    rule = (
        '[[rules]]\nid = "half"\ntype = "percent-off"\npercent = "2.5"\napplies_to = ["services"]'
    )
    even = catalogue_text().replace("[categories", 'rounding = "half-even"\n\n[categories')
    # 2.5% of 95.00 is 2.375: half-up rounds it to 2.38, half-even to 2.38 too; of 130.00 it is
    # 3.25: half-up 3.25 exactly. Use 1.00 to see the difference: 2.5% of 1.00 is 0.025.
    text = SERVICES.replace('"95.00"', '"1.00"')
    up = servicekit.loads(
        catalogue_text(text, rule), plugins=servicekit.plugin_manager(entry_points=False)
    )
    down = servicekit.loads(
        even + text + "\n" + rule, plugins=servicekit.plugin_manager(entry_points=False)
    )
    assert up.quote("swedish", 60, at=MONDAY).total.minor == 100 - 3
    assert down.quote("swedish", 60, at=MONDAY).total.minor == 100 - 2


def test_the_quote_json_states_money_in_minor_units_and_adds_up(run):
    result = run(
        "quote",
        CLINIC_TOML,
        "deep-tissue",
        "--duration",
        "90",
        "--addon",
        "hot-stones",
        "--addon",
        "cupping",
        "--tag",
        "member",
        "--tag",
        "first-visit",
        "--at",
        "2026-12-04T18:30",
        "--promo",
        "WINTER10",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["currency"] == "USD"
    assert document["total"] == sum(line["amount"] for line in document["lines"])
    assert all(isinstance(line["amount"], int) for line in document["lines"])
    python = servicekit.load(CLINIC_TOML).quote(
        "deep-tissue",
        90,
        addons=["hot-stones", "cupping"],
        tags=["member", "first-visit"],
        at="2026-12-04T18:30",
        promos=["WINTER10"],
    )
    assert document == python.to_dict()


def test_the_quote_text_shows_lines_charges_and_reasons(run):
    result = run(
        "quote",
        CLINIC_TOML,
        "deep-tissue",
        "--duration",
        "90",
        "--addon",
        "hot-stones",
        "--tag",
        "first-visit",
        "--at",
        "2026-12-04T18:30",
    )
    assert result.exit_code == 0, result.output
    output = result.output
    # The day and time as the clinic's locale (en_US) writes them.
    start = "Fri, Dec 4, 2026, 6:30\u202fPM"
    assert f"Deep Tissue Massage, 90 min — {start} (America/Chicago)" in output
    assert "First visit: 20% off" in output
    assert "20% of $176.00, at most $30.00" in output
    assert "$167.25" in output
    assert "Deposit on bookings over $150: $50.00 due when booking" in output
    assert (
        "Late cancellation: $83.63 if cancelled with less than 24 h notice (50% of $167.25)"
        in output
    )
    assert "condition false" in output
    assert "member-price" in output


def test_a_bad_booking_on_the_command_line_exits_1_with_the_choices(run):
    assert_user_error(
        run("quote", CLINIC_TOML, "swedish", "--duration", "45"),
        "error: --duration: 'swedish' is not offered for 45 min (durations: 30, 60, 90)",
    )
    assert_user_error(
        run("quote", CLINIC_TOML, "swedish", "--promo-uses", "X"),
        "error: --promo-uses X: 'X' is not CODE=N (e.g. WINTER10=37)",
    )


def test_a_listed_price_of_zero_is_a_price():
    rule = '[[rules]]\nid = "free"\ntype = "set-price"\nprices = { 60 = "0.00" }\nprice = "50.00"'
    catalogue = clinic(rule)
    assert catalogue.quote("swedish", 60, at=MONDAY).total.minor == 0
    assert catalogue.quote("swedish", 90, at=MONDAY).total.minor == 5000


def test_a_plan_bought_is_priced_on_its_own_and_must_fit_the_service():
    catalogue = servicekit.load(CLINIC_TOML)
    with pytest.raises(BookingError, match="'five-pack' does not pay for swedish, 90 min"):
        catalogue.quote("swedish", 90, buy="five-pack", at=MONDAY)
    with pytest.raises(BookingError, match="priced on its own"):
        catalogue.quote("therapeutic", 60, addons=["cupping"], buy="five-pack", at=MONDAY)
    with pytest.raises(BookingError, match="priced on its own"):
        catalogue.quote("therapeutic", 60, promos=["WINTER10"], buy="five-pack", at=MONDAY)


def test_a_membership_without_sessions_pays_for_none():
    rule = '[[rules]]\nid = "club"\ntype = "membership"\nfee = "20"\nsessions = 0\ndiscount = 15'
    with pytest.raises(BookingError, match="'club' includes no sessions to redeem"):
        clinic(rule).quote("swedish", 60, redeem="club", at=MONDAY)


def test_the_member_discount_spares_sessions_the_membership_includes():
    catalogue = servicekit.load(CLINIC_TOML)
    included_kind = catalogue.quote("swedish", 60, tags=["member"], at=MONDAY)
    # The member price list applies; the members' discount is for extras.
    assert lines(included_kind) == [("service", 8000)]
    assert outcome(included_kind, "wellness-membership", "service") == (
        "not-targeted",
        "the membership includes this session: its member price applies",
    )


def test_a_clinic_with_several_locations_needs_one():
    catalogue = servicekit.load(REPO / "catalogues" / "multi-location-practice.toml")
    with pytest.raises(BookingError, match="several locations; say which") as caught:
        catalogue.quote("deep-tissue", 60, at=MONDAY)
    assert caught.value.hint == "choose one of: king-west, the-beaches"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"therapist_level": ["a"]}, "therapist_level is an id"),
        ({"buy": ["x"]}, "buy is an id"),
        ({"promo_uses": [("WINTER10", 1)]}, "promo_uses maps promotion codes"),
        ({"promo_uses": {5: 1}}, "keyed by promotion code"),
        ({"promo_uses": {"WINTER10": -1}}, r"must be a whole number, 0 or more, not -1 \("),
        ({"promo_uses": {"WINTER10": "3"}}, r'0 or more, not a string \("3"\) \('),
    ],
)
def test_arguments_of_the_wrong_type_are_booking_errors(kwargs, message):
    with pytest.raises(BookingError, match=message):
        clinic().quote("deep", at=MONDAY, **kwargs)


def test_a_time_the_clocks_skip_does_not_exist():
    with pytest.raises(BookingError, match="2027-03-14T02:30 does not exist in America/Chicago"):
        clinic().quote("deep", at="2027-03-14T02:30")


def test_tips_before_tax_leave_out_taxes_included_in_prices():
    rules = """
    [[rules]]
    id = "tips"
    type = "gratuity"
    percents = [10]
    """
    tax = '[taxes.vat]\nname = "VAT"\nrate = "20"\ninclusive = true'
    quote = clinic(rules, tax).quote("swedish", 60, at=MONDAY)
    # 95.00 includes 15.83 VAT; 10% of the 79.17 before it is 7.92.
    assert [tip.amount.minor for tip in quote.gratuity] == [792]


def test_a_price_ending_below_zero_says_so():
    rules = """
    [[rules]]
    id = "big"
    type = "amount-off"
    amount = "94.57"

    [[rules]]
    id = "ending"
    type = "price-ending"
    grid = "1.00"
    ending = "0.95"
    direction = "down"
    """
    quote = clinic(rules).quote("swedish", 60, at=MONDAY)
    assert outcome(quote, "ending", "service") == (
        "no-effect",
        "ending it would take it below zero",
    )


def test_the_unrounded_amount_of_a_set_price_is_the_change_it_makes():
    rule = '[[rules]]\nid = "m"\ntype = "set-price"\nprice = "50.00"\napplies_to = ["services"]'
    (entry,) = clinic(rule).quote("swedish", 60, at=MONDAY).to_dict()["audit"]
    assert (entry["amount"], entry["unrounded"]) == (-4500, "-4500")


def test_equal_savings_are_decided_by_priority_then_id_and_said_so():
    rules = """
    [[rules]]
    id = "b-ten"
    type = "percent-off"
    percent = 10
    applies_to = ["services"]

    [[rules]]
    id = "a-nine-fifty"
    type = "amount-off"
    amount = "9.50"
    applies_to = ["services"]
    """
    quote = clinic(rules).quote("swedish", 60, at=MONDAY)
    assert [line.rule for line in quote.lines if line.kind == "discount"] == ["a-nine-fifty"]
    assert outcome(quote, "b-ten", "service") == (
        "lost",
        "a-nine-fifty saves the client as much and comes first",
    )


def test_nothing_is_due_on_a_free_booking():
    catalogue = servicekit.load(CLINIC_TOML)
    quote = catalogue.quote("therapeutic", 60, redeem="five-pack", tags=["first-visit"], at=MONDAY)
    assert quote.total.minor == 0
    assert quote.deposit is None
    # Nothing to pay for cancelling late or not coming; the session is used up.
    assert [(fee.kind, fee.amount.minor, fee.detail) for fee in quote.fees] == [
        ("late-cancellation", 0, "the session paid with Five-session package forfeited"),
        ("no-show", 0, "the session paid with Five-session package forfeited"),
    ]


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (
            '[[rules]]\nid = "x"\ntype = "amount-off"\namount = "5"\nscope = "order"\nlimit = 1',
            "`limit` counts discounted lines; an order discount has none",
        ),
        (
            '[taxes.vat]\nname = "VAT"\nrate = "20"\ninclusive = true\nexempt_tags = ["x"]',
            "a tax included in prices cannot exempt anyone",
        ),
    ],
)
def test_rules_that_could_not_mean_what_they_say_are_refused(rule, message):
    with pytest.raises(servicekit.CatalogueError, match=message):
        clinic(rule)


def test_a_quote_read_from_many_threads_is_worded_once():
    from concurrent.futures import ThreadPoolExecutor

    quote = servicekit.load(CLINIC_TOML).quote(
        "deep-tissue", 90, addons=["hot-stones"], tags=["first-visit"], at=MONDAY
    )
    with ThreadPoolExecutor(8) as pool:
        audits = list(pool.map(lambda _: len(quote.audit), range(32)))
        deposits = list(pool.map(lambda _: quote.deposit, range(32)))
    assert len(set(audits)) == 1
    assert len({deposit.rule for deposit in deposits}) == 1


def test_the_booking_echo_is_enough_to_quote_again():
    catalogue = servicekit.load(CLINIC_TOML)
    first = catalogue.quote(
        "deep-tissue", 90, promos=["WINTER10"], promo_uses={"WINTER10": 3}, at="2026-12-10T10:00"
    )
    echo = first.to_dict()["booking"]
    assert echo["promo_uses"] == {"WINTER10": 3}
    again = catalogue.quote(
        echo["service"],
        echo["duration"],
        promos=echo["promos"],
        promo_uses=echo["promo_uses"],
        at=echo["at"],
    )
    assert again.to_dict() == first.to_dict()


def test_each_condition_checks_its_own_value_and_gives_its_own_reason():
    holidays = catalogue_text().replace(
        'timezone = "America/Chicago"', 'timezone = "America/Chicago"\nholidays = [2026-12-25]'
    )
    rules = """
    [[rules]]
    id = "welcome"
    type = "percent-off"
    applies_to = ["services"]
    when = { first_visit = true, holiday = false }
    percent = 10

    [[rules]]
    id = "vip"
    type = "amount-off"
    applies_to = ["services"]
    when = { tags = ["vip"], holiday = false }
    amount = "5.00"
    """
    catalogue = clinic(rules, clinic_header=holidays)
    first = catalogue.quote("swedish", 60, tags=["first-visit"], at=MONDAY)
    assert lines(first) == [("service", 9500), ("discount:welcome@service", -950)]
    assert outcome(first, "vip") == ("condition", "the client is not tagged vip")
    on_holiday = catalogue.quote("swedish", 60, tags=["first-visit"], at="2026-12-25T10:00")
    assert outcome(on_holiday, "welcome") == ("condition", "the day is a holiday")


def test_a_booking_asked_again_quotes_and_fails_as_a_catalogue_that_never_saw_it():
    # A booking of one service asked again is priced from what checking it found; its time,
    # tags and codes are checked every time, on days whose clocks change too.
    rules = """
    [[rules]]
    id = "regulars"
    type = "percent-off"
    when = { tags = ["regular"], not_tags = ["staff"], days = ["mon", "sun"], after = "09:30" }
    percent = 10

    [[rules]]
    id = "spring"
    type = "amount-off"
    scope = "order"
    when = { promo = "SPRING", valid_from = 2026-03-01 }
    amount = "5.00"
    """
    catalogue = clinic(rules)
    catalogue.quote("swedish", 60, addons=["stones"], at=MONDAY)
    asks = [
        {"at": "2026-11-30T09:00", "tags": ["regular"]},
        {"at": "2026-11-30T09:45:30", "tags": ("regular", "staff"), "promos": ["spring"]},
        {"at": "2026-03-08T03:30", "tags": ["regular"]},  # the day the clocks go forward
        {"at": dt.datetime(2026, 11, 30, 16, 0, tzinfo=dt.UTC), "promos": ("SPRING",)},
        {"at": "2026-11-01T01:30", "tags": ["regular"]},  # the hour the clocks repeat
    ]
    for ask in asks:
        again = catalogue.quote("swedish", 60, addons=["stones"], **ask).to_dict()
        assert again == clinic(rules).quote("swedish", 60, addons=["stones"], **ask).to_dict()
    for ask, message in [
        ({"at": "2026-03-08T02:30"}, "does not exist in America/Chicago"),
        ({"at": "30/11/2026"}, "is not a date and time"),
        ({"at": "0001-01-01T00:00"}, "outside the dates servicekit can price"),
        ({"at": 20261130}, "must be a date and time"),
        ({"at": MONDAY, "tags": "regular"}, "must be a list of strings"),
        ({"at": MONDAY, "promos": ["no spaces"]}, "promotion code"),
    ]:
        for fresh in (catalogue, clinic(rules)):
            with pytest.raises(BookingError, match=message):
                fresh.quote("swedish", 60, addons=["stones"], **ask)


def test_what_quotes_remember_of_bookings_and_visits_stays_bounded(monkeypatch):
    from servicekit.pricing import outcomes, seen, visits

    monkeypatch.setattr(outcomes, "MAX_SHAPES", 3)
    monkeypatch.setattr(visits, "MAX_REMEMBERED", 3)
    monkeypatch.setattr(seen, "MAX_PLANS", 3)
    catalogue = clinic()
    asked = [
        ("swedish", 60, ()),
        ("swedish", 90, ("stones",)),
        ("swedish", 60, ("oils", "stones")),
        ("deep", 60, ()),
        ("deep", 60, ("stones",)),
    ]
    for _ in range(2):
        for service, duration, addons in asked:
            quote = catalogue.quote(service, duration, addons=addons, at=MONDAY)
            fresh = clinic().quote(service, duration, addons=addons, at=MONDAY)
            assert quote.to_dict() == fresh.to_dict()
            items = [f"{service}:{duration}" + "".join(f"+{addon}" for addon in addons)] * 2
            visit = catalogue.quote(items=items, at=MONDAY)
            assert visit.to_dict() == clinic().quote(items=items, at=MONDAY).to_dict()
    pricing = catalogue.pricing
    assert len(pricing.shapes) == len(pricing.booked) == len(pricing.listed) == 3
    assert len(pricing.check_plans) == 3


def test_a_rule_with_more_checks_than_python_nests_is_judged_all_the_same():
    """A plugin may offer hundreds of conditions, and one rule may state them all: its checks
    are judged in a loop rather than in one nested expression, with the same verdicts."""
    from servicekit.pricing import seen

    def holds(context):
        return None

    def fails(context):
        return f"late in {context}"

    for count in (1, seen.MAX_NESTED, seen.MAX_NESTED + 1, 400):
        judged = seen._judged(((count, 0), (0, 0), (2, 1)))
        checks = (holds,) * (count - 1) + (fails,) + (holds, fails)
        assert judged(checks, ("item", "visit")) == ("late in item", None, "late in visit")
