"""What a rule's own keys name is checked as its `applies_to` is, and `check` warns of an
`applies_to` that has no effect: the loose ends a clinic manager found trying visits."""

from __future__ import annotations

import textwrap

import pytest

import servicekit
from tests.conftest import assert_user_error, catalogue_text

MENU = """
[categories.facial]
name = "Facials"

[services.swedish]
name = "Swedish"
category = "massage"
modality = "swedish"
variations = [
  { duration = 60, price = "100.00", buffer = 15 },
  { duration = 90, price = "140.00" },
]
addons = ["stones"]

[services.facial]
name = "Facial"
category = "facial"
modality = "swedish"
variations = [{ duration = 30, price = "60.00" }]

[addons.stones]
name = "Hot stones"
price = "20.00"
type = "hot-stones"
"""

MONDAY = "2026-11-30T10:00"


def rule(text: str) -> str:
    return "[[rules]]\n" + textwrap.dedent(text).strip() + "\n"


def line_of(text: str, fragment: str) -> int:
    """The line of `text` (from 1) that `fragment` is on."""
    return text[: text.index(fragment)].count("\n") + 1


def problems_of(run, write, *rules: str) -> list[str]:
    result = run("check", write(catalogue_text(MENU, *rules)))
    return [line.split(": ", 1)[1] for line in result.output.splitlines() if "$.rules" in line]


# -- what a bundle names ---------------------------------------------------------------------


def test_a_typo_in_a_bundles_items_is_an_error_like_one_in_applies_to(run, write):
    typo = rule(
        """
        id = "b1"
        type = "bundle"
        items = ["service:swedsh", "category:facials"]
        percent = 10
        """
    )
    text = catalogue_text(MENU, typo)
    path, line = write(text), line_of(text, "items =")
    result = run("check", path)
    assert_user_error(
        result,
        f"{path}:{line}: $.rules[0].items[0]: unknown service 'swedsh' (did you mean 'swedish'?)",
        f"{path}:{line}: $.rules[0].items[1]: unknown category 'facials' (did you mean 'facial'?)",
        "failed, 2 errors",
    )
    # Nothing advertises the offer that would never apply: the menu refuses it too.
    assert_user_error(run("menu", path), "unknown service 'swedsh'")
    # The same typo in applies_to says the same, from the same check.
    in_targets = rule(
        'id = "d"\ntype = "percent-off"\npercent = 5\napplies_to = ["category:facials"]'
    )
    assert problems_of(run, write, in_targets) == [
        "$.rules[0].applies_to[0]: unknown category 'facials' (did you mean 'facial'?)"
    ]


def test_a_bundle_may_name_one_kind_of_item_twice_and_a_modality_by_its_plugin(run, write):
    offers = rule(
        """
        id = "two-swedish"
        type = "bundle"
        items = ["service:swedish", "service:swedish"]
        percent = 10
        """
    ) + rule(
        """
        id = "by-modality"
        type = "bundle"
        items = ["modality:swedish", "modality:deep-tisue"]
        amount = "10.00"
        """
    )
    assert problems_of(run, write, offers) == [
        "$.rules[1].items[1]: unknown modality 'deep-tisue' (did you mean 'deep-tissue'?)"
    ]


def test_a_bundle_names_a_modality_of_a_plugin_that_is_not_installed(run, write):
    offer = rule(
        'id = "b"\ntype = "bundle"\nitems = ["services", "modality:prenatal"]\npercent = 5'
    )
    result = run("-p", "no:prenatal", "check", write(catalogue_text(MENU, offer)))
    assert_user_error(result, "$.rules[0].items[1]: unknown modality 'prenatal'", "prenatal")


def test_bundles_that_stack_name_rules_that_exist_and_name_them_back(run, write):
    first = rule(
        """
        id = "b1"
        type = "bundle"
        items = ["services", "services"]
        percent = 10
        exclusive = false
        combines_with = ["b2", "bb2"]
        """
    )
    second = rule(
        'id = "b2"\ntype = "bundle"\nitems = ["services", "services"]\npercent = 5\n'
        "exclusive = false"
    )
    assert problems_of(run, write, first, second) == [
        "$.rules[0].combines_with[0]: 'b2' does not name 'b1' in its combines_with "
        "(discounts stack only when both name each other)",
        "$.rules[0].combines_with[1]: unknown rule 'bb2' (did you mean 'b2'?)",
    ]


def test_a_plugins_bundle_has_its_slots_checked_by_the_key_that_holds_them(
    run, write, plugin_module
):
    module = plugin_module(
        "pairs_plugin",
        """
        import attrs
        from servicekit import RuleType, hookimpl
        from servicekit.pricing.stages import BundleRule

        @attrs.frozen(kw_only=True)
        class Pair(BundleRule):
            first: str
            second: str
            stage = "bundle"
            exclusive, combines_with, percentage = True, (), False

            @property
            def slots(self):
                return (self.first, self.second)

            def discount(self, amounts, items, context):
                return tuple(amount * 0 for amount in amounts)

        @hookimpl
        def servicekit_rule_types():
            return RuleType(name="pair", params=Pair, summary="Two things together.")
        """,
    )
    pair = rule('id = "p"\ntype = "pair"\nfirst = "service:facial"\nsecond = "category:masage"')
    result = run("-p", module, "check", write(catalogue_text(MENU, pair)))
    # The slots come from two keys: the problem is at the key that holds the slot.
    assert_user_error(
        result, "$.rules[0].second: unknown category 'masage' (did you mean 'massage'?)"
    )


# -- the lengths a rule names ----------------------------------------------------------------


def test_a_length_no_service_it_applies_to_has_is_an_error(run, write):
    membership = rule(
        """
        id = "club"
        type = "membership"
        fee = "79.00"
        applies_to = ["service:swedish"]
        durations = [60, 65]
        upgrades = { 900 = "30.00" }
        """
    )
    prices = rule(
        """
        id = "member-price"
        type = "set-price"
        applies_to = ["category:facial"]
        prices = { 30 = "50.00", 60 = "90.00" }
        """
    )
    assert problems_of(run, write, membership, prices) == [
        "$.rules[0].durations[1]: no service it applies to is offered in 65 min "
        "(choose one of: 60, 90)",
        "$.rules[0].upgrades.900: no service it applies to is offered in 900 min "
        "(did you mean '90'?)",
        "$.rules[1].prices.60: no service it applies to is offered in 60 min (choose one of: 30)",
    ]
    fixed = membership.replace("[60, 65]", "[60]").replace("900", "90")
    assert problems_of(run, write, fixed, prices.replace(', 60 = "90.00"', "")) == []


# -- what has no effect ----------------------------------------------------------------------


def test_a_price_list_by_length_for_add_ons_has_no_effect_and_check_says_so(run, write):
    by_length = rule(
        """
        id = "cheap"
        type = "set-price"
        prices = { 60 = "5.00" }
        applies_to = ["addons"]
        """
    )
    text = catalogue_text(MENU, by_length)
    path, line = write(text), line_of(text, "applies_to =")
    result = run("check", path)
    assert result.exit_code == 0, result.output
    assert (
        f"{path}:{line}: warning: $.rules[0].applies_to[0]: 'addons' has no effect: this "
        "set-price rule acts on services only, never on add-ons (name only services, e.g. "
        '["services"])'
    ) in result.output
    # What the warning is about: the add-on keeps its list price.
    quote = servicekit.load(path).quote("swedish", 60, addons=["stones"], at=MONDAY)
    assert [line.amount.minor for line in quote.lines] == [10000, 2000]
    # With a price for everything, it prices add-ons, and nothing is said.
    flat = by_length.replace('prices = { 60 = "5.00" }', 'price = "5.00"')
    assert problems_of(run, write, flat) == []


def test_a_rule_that_says_nothing_of_what_it_applies_to_is_not_warned_of(run, write):
    quiet = rule('id = "pack"\ntype = "package"\nsessions = 5\nprice = "400.00"') + rule(
        'id = "m"\ntype = "set-price"\nprices = { 60 = "80.00" }'
    )
    assert problems_of(run, write, quiet) == []


def test_a_plan_that_pays_for_no_length_of_a_service_it_names_is_warned_of(run, write):
    pack = rule(
        """
        id = "pack"
        type = "package"
        sessions = 5
        price = "400.00"
        durations = [60]
        applies_to = ["service:swedish", "service:facial", "addons"]
        """
    )
    assert problems_of(run, write, pack) == [
        "warning: $.rules[0].applies_to[1]: 'service:facial' has no effect: a package pays "
        "for 60 min sessions only, and no service it names is offered in that length (add "
        "their lengths to `durations`, or leave it out)",
        "warning: $.rules[0].applies_to[2]: 'addons' has no effect: a package pays for "
        "sessions of services, never for add-ons (name the services it pays for, e.g. "
        '["service:swedish"])',
    ]


def test_a_bundle_that_names_services_none_of_its_items_can_be_is_warned_of(run, write):
    offer = rule(
        """
        id = "two-massages"
        type = "bundle"
        items = ["category:massage", "category:massage"]
        percent = 10
        applies_to = ["service:facial", "addons"]
        """
    )
    assert problems_of(run, write, offer) == [
        "warning: $.rules[0].applies_to[0]: 'service:facial' has no effect: a bundle takes "
        "off its own items' lines only, and no service it names can be one of its items "
        "(name what its items are, or leave it out)"
    ]


PLUGIN = """
import attrs
from servicekit import RuleType, hookimpl
from servicekit.pricing.stages import SurchargeRule

@attrs.frozen(kw_only=True)
class Cleaning(SurchargeRule):
    amount: str = "2.00"
    stage = "surcharge"
    acts_on = {acts_on}

    def surcharge(self, amount, line, context):
        return amount * 0

@hookimpl
def servicekit_rule_types():
    return RuleType(name="cleaning", params=Cleaning, summary="A cleaning fee on add-ons.")
"""


def test_a_plugins_rule_type_says_what_it_acts_on_and_check_warns_alike(run, write, plugin_module):
    module = plugin_module("cleaning_plugin", PLUGIN.format(acts_on='("addon",)'))
    fee = rule('id = "clean"\ntype = "cleaning"\napplies_to = ["addon:stones", "services"]')
    result = run("-p", module, "check", write(catalogue_text(MENU, fee)))
    assert result.exit_code == 0, result.output
    assert (
        "warning: $.rules[0].applies_to[1]: 'services' has no effect: this cleaning rule acts "
        'on add-ons only, never on services (name only add-ons, e.g. ["addons"])'
    ) in result.output


@pytest.mark.parametrize("acts_on", ['"addon"', "()", '("room",)'])
def test_a_plugin_that_says_it_acts_on_something_else_is_named(run, write, plugin_module, acts_on):
    module = plugin_module("cleaning_plugin", PLUGIN.format(acts_on=acts_on))
    fee = rule('id = "clean"\ntype = "cleaning"\napplies_to = ["addons"]')
    result = run("-p", module, "check", write(catalogue_text(MENU, fee)))
    assert_user_error(
        result,
        "rule 'clean': rule type 'cleaning' from plugin 'cleaning_plugin' has acts_on",
        "which the pricing contract does not allow",
    )


def test_a_plugin_whose_named_lengths_are_not_lengths_by_key_is_named(run, write, plugin_module):
    module = plugin_module(
        "lengthy_plugin",
        PLUGIN.format(acts_on='("service",)').replace(
            "    def surcharge(",
            "    def named_lengths(self):\n        return [60]\n\n    def surcharge(",
        ),
    )
    fee = rule('id = "clean"\ntype = "cleaning"')
    result = run("-p", module, "check", write(catalogue_text(MENU, fee)))
    assert_user_error(
        result,
        "rule 'clean': rule type 'cleaning' from plugin 'lengthy_plugin' returned [60] from "
        "named_lengths(), which the pricing contract does not allow",
    )
