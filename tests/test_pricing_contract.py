"""The typed pricing contract, as a plugin author meets it: stage protocols checked when the
plugin is collected, a context for every rule method, wording from documented methods, every
amount a rule returns checked, conditions of `when` contributed by plugins, and rule types and
conditions a plugin adds reaching Square like the built-in ones."""

from __future__ import annotations

import json
import re
import textwrap
import typing
from decimal import Decimal

import pytest

import servicekit
from servicekit.errors import BookingError, PluginError, RuleValueError
from tests.conftest import SWEDISH, assert_user_error, catalogue_text

MONDAY = "2026-11-30T10:00"

HEADER = """
import attrs
from collections.abc import Mapping
from decimal import Decimal
from servicekit import Money, RuleType, hookimpl
from servicekit.model.catalogue import doc
from servicekit.model.fields import Id, Percent
from servicekit.pricing import stages
"""


def manager(plugin_module, name: str, source: str) -> servicekit.PluginManager:
    module = plugin_module(name, HEADER + textwrap.dedent(source))
    return servicekit.plugin_manager(entry_points=False, modules=[module])


def catalogue(plugins, *rules: str, extra: str = "") -> servicekit.Catalogue:
    return servicekit.loads(catalogue_text(SWEDISH, extra, *rules), plugins=plugins)


LOYALTY = """
@attrs.frozen(kw_only=True)
class LoyaltyTiers(stages.DiscountRule):
    tiers: Mapping[Id, Percent] = doc("Percent off by the client's tier tag.")
    stage = "line-discount"
    exclusive, combines_with, percentage = True, (), True

    def discount(self, amount, line, context):
        best = max((p for tag, p in self.tiers.items() if tag in context.tags), default=0)
        return context.money(amount.amount * best / 100)

@hookimpl
def servicekit_rule_types():
    return RuleType(name="loyalty-tiers", params=LoyaltyTiers, summary="Off by loyalty tier.")
"""

TIERS = '[[rules]]\nid = "loyalty"\ntype = "loyalty-tiers"\ntiers = { gold = 15, silver = "7.5" }'


def test_one_rule_decides_by_what_its_context_says_of_the_client(plugin_module):
    tiers = catalogue(manager(plugin_module, "loyalty_plugin", LOYALTY), TIERS)
    gold = tiers.quote("swedish", 60, tags=["gold"], at=MONDAY)
    silver = tiers.quote("swedish", 60, tags=["silver"], at=MONDAY)
    nobody = tiers.quote("swedish", 60, at=MONDAY)
    assert [gold.total.minor, silver.total.minor, nobody.total.minor] == [8075, 8787, 9500]
    (entry,) = [e for e in silver.audit if e.rule == "loyalty"]
    # 7.5% of 95.00 is 7.125: the rule rounds with the clinic's rounding, the audit keeps it.
    assert (entry.amount.minor, entry.unrounded, entry.reason) == (
        -713,
        Decimal("-7.125"),
        "$7.13",
    )
    assert nobody.to_dict()["audit"][0]["outcome"] == "no-effect"


def test_the_audit_words_a_rule_by_its_methods_never_by_its_field_names(plugin_module):
    plugins = manager(
        plugin_module,
        "rated_plugin",
        """
        @attrs.frozen(kw_only=True)
        class Rated:
            rate: Percent = doc("Percent added.")
            stage = "surcharge"

            def surcharge(self, amount, line, context):
                return context.money(amount.amount * self.rate / 100)

        @attrs.frozen(kw_only=True)
        class Explained(Rated):
            def explain(self, base, amount, words):
                return f"{words.percent(self.rate)} peak rate on {words.money(base)}"

            def summary(self, targets, words):
                return f"{words.percent(self.rate)} at peak times on {targets}"

        @hookimpl
        def servicekit_rule_types():
            yield RuleType(name="rated", params=Rated, summary="A peak rate.")
            yield RuleType(name="explained", params=Explained, summary="A peak rate, worded.")
        """,
    )
    rules = [
        f'[[rules]]\nid = "{kind}"\ntype = "{kind}"\nrate = 10\napplies_to = ["services"]'
        for kind in ("rated", "explained")
    ]
    for kind, detail, summary in (
        ("rated", "$9.50", "A peak rate"),  # the defaults: the amount, the type's summary
        ("explained", "10% peak rate on $95.00", "10% at peak times on all services"),
    ):
        built = catalogue(plugins, rules[0] if kind == "rated" else rules[1])
        quote = built.quote("swedish", 60, at=MONDAY)
        assert quote.lines[1].detail == detail
        exported = json.loads(built.export("json").content)
        assert exported["rules"][0]["summary"] == summary


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            """
            @attrs.frozen
            class Nothing:
                percent: Percent
            """,
            "it says no stage; a rule type has a `stage` class attribute",
        ),
        (
            """
            @attrs.frozen
            class Misspelt:
                percent: Percent
                stage = "line-discount"
                exclusive, combines_with, percentage = True, (), True

                def discout(self, amount, line, context):
                    return amount
            """,
            "has no method `discount`, which a DiscountRule needs "
            "(did you mean to name `discout` `discount`?)",
        ),
        (
            """
            @attrs.frozen
            class OldStyle:
                percent: Percent
                stage = "line-discount"
                exclusive, combines_with, percentage = True, (), True

                def discount(self, amount):
                    return amount * self.percent / 100
            """,
            "has `discount(amount)`; the engine calls it with (amount, line, context)",
        ),
        (
            """
            @attrs.frozen
            class Sumary:
                percent: Percent
                stage = "surcharge"

                def surcharge(self, amount, line, context):
                    return amount

                def sumary(self, targets, words):
                    return "x"
            """,
            "has a method `sumary`, which the contract does not know (did you mean `summary`?",
        ),
        (
            """
            @attrs.frozen
            class NoFlags:
                percent: Percent
                stage = "order-discount"

                def discount(self, amount, line, context):
                    return amount
            """,
            "has no attribute `exclusive`, which a DiscountRule needs",
        ),
        (
            """
            @attrs.frozen
            class Unknown:
                percent: Percent
                stage = "rebate"
            """,
            "its stage is 'rebate'; a rule type has a `stage` class attribute, one of: plan, "
            "base, surcharge",
        ),
    ],
)
def test_a_rule_type_that_breaks_its_stage_protocol_is_named_when_collected(
    run, plugin_module, write, source, message
):
    name = "broken_rule_plugin"
    module = plugin_module(
        name,
        HEADER
        + textwrap.dedent(source)
        + textwrap.dedent(
            f"""
            @hookimpl
            def servicekit_rule_types():
                return RuleType(name="broken", params={source.split("class ")[1].split(":")[0]},
                                summary="x")
            """
        ),
    )
    result = run("-p", module, "check", write(catalogue_text(SWEDISH)))
    assert_user_error(result, f"plugin '{name}' contributed rule type 'broken'", message)
    with pytest.raises(PluginError, match="contributed rule type 'broken'"):
        servicekit.plugin_manager(entry_points=False, modules=[module]).registry()


BAD_VALUES = {
    "negative surcharge": (
        "surcharge",
        "Money('-500', 'USD')",
        "-500 USD from surcharge(): a surcharge cannot be negative",
    ),
    "negative discount": (
        "line-discount",
        "Money('-50', 'USD')",
        "-50 USD from discount(): a discount cannot be negative",
    ),
    "negative deposit": (
        "deposit",
        "Money('-5', 'USD')",
        "-5 USD from deposit(): a deposit cannot be negative",
    ),
    "int": (
        "surcharge",
        "5",
        "int 5 from surcharge(): it must return Money",
    ),
    "float": (
        "surcharge",
        "5.5",
        "float 5.5 from surcharge(): it must return Money",
    ),
    "str": (
        "line-discount",
        "'5.00'",
        "str '5.00' from discount(): it must return Money",
    ),
    "None": (
        "deposit",
        "None",
        "NoneType None from deposit(): it must return Money",
    ),
    "Decimal": (
        "surcharge",
        "Decimal('5')",
        "Decimal Decimal('5') from surcharge(): it must return Money",
    ),
    "NaN": (
        "surcharge",
        "Money.trusted(Decimal('NaN'), 'USD')",
        "Decimal('NaN') from surcharge(): it is not a finite amount",
    ),
    "wrong currency": (
        "line-discount",
        "Money('5', 'EUR')",
        "5 EUR from discount(): the catalogue's currency is USD",
    ),
    "too many decimals": (
        "surcharge",
        "Money('1.005', 'USD')",
        "1.005 USD from surcharge(): USD has 2 decimals",
    ),
}
METHODS = {
    "surcharge": "def surcharge(self, amount, line, context):",
    "line-discount": "def discount(self, amount, line, context):",
    "deposit": "def deposit(self, total, context):",
}


def bad_rule_plugin(plugin_module, stage: str, value: str) -> str:
    flags = "exclusive, combines_with, percentage = True, (), False" if "discount" in stage else ""
    return plugin_module(
        "lying_plugin",
        HEADER
        + textwrap.dedent(
            f"""
            @attrs.frozen
            class Lying:
                stage = "{stage}"
                {flags}

                {METHODS[stage]}
                    return {value}

            @hookimpl
            def servicekit_rule_types():
                return RuleType(name="lying", params=Lying, summary="Returns what it likes.")
            """
        ),
    )


@pytest.mark.parametrize(("stage", "value", "message"), BAD_VALUES.values(), ids=list(BAD_VALUES))
def test_a_value_a_rule_type_must_not_return_is_an_error_naming_the_rule_and_plugin(
    run, plugin_module, write, stage, value, message
):
    module = bad_rule_plugin(plugin_module, stage, value)
    path = write(catalogue_text(SWEDISH, '[[rules]]\nid = "liar"\ntype = "lying"'))
    named = "rule 'liar' (type 'lying' from plugin 'lying_plugin') returned"
    plugins = servicekit.plugin_manager(entry_points=False, modules=[module])
    quote = servicekit.load(path, plugins=plugins).quote
    with pytest.raises(RuleValueError, match="lying_plugin") as caught:
        quote("swedish", 60, at=MONDAY).deposit  # noqa: B018  (a deposit is worked out when read)
    assert caught.value.plugin == "lying_plugin"
    assert f"{named} {message}" in str(caught.value)
    for output in ("text", "json"):
        result = run(
            "-p", module, "quote", path, "swedish", "--duration", "60", "--at", MONDAY,
            "--format", output,
        )  # fmt: skip
        assert_user_error(result, f"error: {named} {message}")


def test_an_exception_in_a_plugins_rule_is_named_not_a_traceback(run, plugin_module, write):
    module = bad_rule_plugin(plugin_module, "surcharge", "1 / 0")
    path = write(catalogue_text(SWEDISH, '[[rules]]\nid = "liar"\ntype = "lying"'))
    result = run("-p", module, "quote", path, "swedish", "--duration", "60", "--at", MONDAY)
    assert_user_error(
        result,
        "rule 'liar' (type 'lying' from plugin 'lying_plugin') failed in surcharge(): "
        "ZeroDivisionError: division by zero",
        "-p no:lying_plugin",
    )


@pytest.mark.parametrize(
    "at", ["0001-01-01T00:00+14:00", "9999-12-31T23:59-12:00", "0001-01-01T00:00"]
)
def test_a_time_the_engine_cannot_represent_is_a_booking_error(run, write, at):
    outside = f"{at} is outside the dates servicekit can price"
    with pytest.raises(BookingError, match=re.escape(outside)):
        servicekit.loads(catalogue_text(SWEDISH)).quote("swedish", 60, at=at)
    result = run(
        "quote", write(catalogue_text(SWEDISH)), "swedish", "--duration", "60", "--at", at
    )
    assert_user_error(
        result,
        f"error: --at: {at} is outside the dates servicekit can price (give a date and time "
        "from 0001-01-03 to 9999-12-29)",
    )


def test_the_last_day_servicekit_prices_is_priced(write):
    text = catalogue_text(
        SWEDISH,
        '[[rules]]\nid = "late"\ntype = "surcharge"\npercent = 10\n'
        'when = { days = ["wed"], valid_until = 9999-12-31 }',
    )
    quote = servicekit.loads(text).quote("swedish", 60, at="9999-12-29T23:59")
    assert quote.total.minor == 10450  # 9999-12-29 is a Wednesday


SQUARE_PERCENT = """
@attrs.frozen(kw_only=True)
class StaffDiscount(stages.DiscountRule):
    percent: Percent = doc("Percent off for staff.")
    stage = "line-discount"
    exclusive, combines_with, percentage = True, (), True

    def discount(self, amount, line, context):
        return context.money(amount.amount * self.percent / 100)

    def square_discount(self):
        return stages.SquareDiscount(percentage=self.percent)

@hookimpl
def servicekit_rule_types():
    return RuleType(name="staff-discount", params=StaffDiscount, summary="Staff pay less.")
"""


def square_objects(built: servicekit.Catalogue) -> list[dict]:
    body = json.loads(built.export("square").content)
    return [obj for batch in body["batches"] for obj in batch["objects"]]


def test_a_plugins_percentage_discount_reaches_square_like_the_built_in_one(plugin_module):
    plugins = manager(plugin_module, "staff_plugin", SQUARE_PERCENT)
    rule = 'applies_to = ["services"]\npercent = 20\nwhen = { days = ["mon"] }'
    own = catalogue(plugins, f'[[rules]]\nid = "x"\ntype = "staff-discount"\n{rule}')
    built_in = catalogue(plugins, f'[[rules]]\nid = "x"\ntype = "percent-off"\n{rule}')
    assert square_objects(own) == square_objects(built_in)
    kinds = [obj["type"] for obj in square_objects(own)]
    assert kinds.count("DISCOUNT") == kinds.count("PRICING_RULE") == 1
    assert not [w for w in own.export("square").warnings if "rule 'x'" in w.message]


REFERRED = """
from servicekit.pricing.conditions import Condition, Failure

@attrs.frozen
class ReferredBy(Condition):
    key = "referred_by"
    value_type = tuple[Id, ...]
    doc = "The client was referred by one of these partners (a client tag)."

    def compile(self, value, rule, words):
        partners = frozenset(value)
        failure = Failure("condition", f"not referred by {words.either(value)}")
        return lambda context: None if context.tags & partners else failure

    def describe(self, value, rule, words):
        return f"for clients referred by {words.either(value)}"

    def problems(self, value, rule, site):
        if "self" in value:
            yield (self.key, value.index("self")), "a client cannot refer themselves", "remove it"

@hookimpl
def servicekit_conditions():
    return ReferredBy()
"""

PARTNER_RULE = (
    '[[rules]]\nid = "partner"\ntype = "percent-off"\npercent = 10\n'
    'applies_to = ["services"]\nwhen = { referred_by = ["dr-lee"], days = ["mon"] }'
)


def test_a_plugins_condition_is_read_checked_quoted_worded_and_exported(run, plugin_module, write):
    plugins = manager(plugin_module, "referral_plugin", REFERRED)
    built = catalogue(plugins, PARTNER_RULE)
    (rule,) = built.rules
    assert rule.plugin_when == {"referred_by": ("dr-lee",)}
    referred = built.quote("swedish", 60, tags=["dr-lee"], at=MONDAY)
    assert referred.total.minor == 8550
    other = built.quote("swedish", 60, at=MONDAY)
    (entry,) = [e for e in other.audit if e.rule == "partner"]
    assert (entry.outcome, entry.reason) == ("condition", "not referred by dr-lee")
    exported = json.loads(built.export("json").content)
    assert exported["rules"][0]["when"] == {"days": ["mon"], "referred_by": ["dr-lee"]}
    assert exported["rules"][0]["summary"] == (
        "10% off all services; on Monday; for clients referred by dr-lee"
    )
    (warning,) = [w for w in built.export("square").warnings if "partner" in w.message]
    assert "staff apply by hand, because it depends on `referred_by`" in warning.message
    module = "referral_plugin"
    path = write(catalogue_text(SWEDISH, PARTNER_RULE))
    assert run("-p", module, "check", path).exit_code == 0
    assert "  conditions: referred_by" in run("-p", module, "plugins").output
    schema = json.loads(run("-p", module, "schema", "catalogue").output)
    assert schema["$defs"]["When"]["properties"]["referred_by"]["description"].startswith(
        "The client was referred"
    )
    assert run("-p", module, "fmt", path).exit_code == 0
    assert 'referred_by = ["dr-lee"]' in path.read_text()
    assert_user_error(run("check", path), "$.rules[0].when.referred_by: unknown key")


def test_a_plugins_condition_on_the_visit_is_checked_for_each_guest_of_each_item(plugin_module):
    # A condition that does not say what it reads (`depends_on`) is checked for each guest of
    # each item in a context of their own: the referred client's lines get the discount.
    plugins = manager(plugin_module, "referral_plugin", REFERRED)
    order = PARTNER_RULE.replace(', days = ["mon"]', "") + '\nscope = "order"'
    built = catalogue(plugins, order)
    referred = {"ann": {"tags": ["dr-lee"]}}
    quote = built.quote(items=["swedish:60@ann", "swedish:90@ben"], guests=referred, at=MONDAY)
    (discount,) = quote.lines
    assert discount.allocations == {"0/service": servicekit.Money("-9.50", "USD")}
    (entry,) = [e for e in quote.audit if e.outcome == "condition"]
    assert (entry.item, entry.reason) == (1, "for ben: not referred by dr-lee")


def test_a_plugins_condition_checks_its_values_where_they_are_written(plugin_module):
    plugins = manager(plugin_module, "referral_plugin", REFERRED)
    with pytest.raises(servicekit.CatalogueError) as caught:
        catalogue(plugins, PARTNER_RULE.replace('["dr-lee"]', '["dr-lee", "self"]'))
    (problem,) = caught.value.problems
    assert problem.path == ("rules", 0, "when", "referred_by", 1)
    assert (problem.message, problem.hint) == ("a client cannot refer themselves", "remove it")
    assert problem.line == catalogue_text(SWEDISH, "", PARTNER_RULE).count("\n") + 1
    with pytest.raises(servicekit.CatalogueError, match=r"when.referred_by\[0\]"):
        catalogue(plugins, PARTNER_RULE.replace('["dr-lee"]', '["Dr Lee"]'))


@pytest.mark.parametrize(
    "compile_body",
    [
        # a slip in the wording: the placeholder is misspelt, found only when it is worded
        'failure = Failure.worded("condition", lambda words: "by %(partner)s" % {"p": 1}, words)',
        "failure = value.upper()",  # a slip in compile itself
    ],
)
def test_a_plugins_condition_that_fails_to_compile_or_word_fails_check_naming_it(
    run, plugin_module, write, compile_body
):
    # Built-in conditions word their failures when first read (check words none); a plugin's
    # are worded when compiled, so `check` finds its mistake, not a customer's quote.
    source = REFERRED.replace(
        'failure = Failure("condition", f"not referred by {words.either(value)}")', compile_body
    )
    assert compile_body in source
    manager(plugin_module, "slipping_plugin", source)
    result = run("-p", "slipping_plugin", "check", write(catalogue_text(SWEDISH, PARTNER_RULE)))
    assert result.exit_code == 1, result.output
    assert "plugin 'slipping_plugin' failed compiling `when.referred_by` of rule 'partner'" in (
        result.output
    )
    assert re.search(r"slipping_plugin\.py:\d+", result.output), result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            REFERRED.replace('"referred_by"', '"tags"'),
            "contributed a condition for `when.tags`, which is a built-in key",
        ),
        (
            REFERRED.replace("def describe", "def describ"),
            "has no method `describe`, which a Condition needs",
        ),
        (
            REFERRED.replace("value_type = tuple[Id, ...]", "value_type = float"),
            "whose value_type <class 'float'> is not a type a catalogue can hold",
        ),
    ],
)
def test_a_condition_that_breaks_the_contract_is_refused_naming_its_plugin(
    plugin_module, source, message
):
    with pytest.raises(PluginError, match="clashing_plugin") as caught:
        manager(plugin_module, "clashing_plugin", source).registry()
    assert message in str(caught.value)


def test_two_plugins_with_one_condition_key_clash_and_neither_is_used(plugin_module):
    from servicekit.pricing.conditions import when_keys

    # tests/test_clashes.py runs `check` and `screen` with them, installed and with -p.
    first = plugin_module("first_referrals", HEADER + textwrap.dedent(REFERRED))
    second = plugin_module("second_referrals", HEADER + textwrap.dedent(REFERRED))
    registry = servicekit.plugin_manager(entry_points=False, modules=[first, second]).registry()
    (clash,) = registry.clashes
    assert clash.message.startswith(
        "condition 'referred_by' is provided by both 'first_referrals' and 'second_referrals'"
    )
    assert ("condition", "referred_by") not in registry.providers
    assert "referred_by" not in when_keys(registry.conditions)
    assert "tags" in when_keys(registry.conditions)


def test_a_plugin_cannot_take_a_built_in_key_even_when_builtin_rules_is_blocked(plugin_module):
    module = plugin_module(
        "taking_plugin", HEADER + textwrap.dedent(REFERRED).replace('"referred_by"', '"tags"')
    )
    plugins = servicekit.plugin_manager(
        entry_points=False, modules=[module], blocked=["builtin-rules"]
    )
    with pytest.raises(PluginError, match=r"condition for `when.tags`, which is a built-in key"):
        plugins.registry()


def test_a_built_in_condition_no_plugin_checks_fails_closed(run, plugin_module, write):
    module = plugin_module(
        "flat_plugin",
        HEADER
        + textwrap.dedent(
            """
            @attrs.frozen
            class Flat(stages.DiscountRule):
                stage = "line-discount"
                exclusive, combines_with, percentage = True, (), False

                def discount(self, amount, line, context):
                    return Money("5.00", "USD")

            @hookimpl
            def servicekit_rule_types():
                return RuleType(name="flat", params=Flat, summary="5.00 off.")
            """
        ),
    )
    rule = '[[rules]]\nid = "vip"\ntype = "flat"\nwhen = { tags = ["vip"] }'
    path = write(catalogue_text(SWEDISH, rule))
    assert run("-p", module, "check", path).exit_code == 0
    assert_user_error(
        run("-p", "no:builtin-rules", "-p", module, "check", path),
        "$.rules[0].when.tags: no loaded plugin checks `tags`, so the rule would always apply",
    )


def test_plugin_validators_see_a_catalogue_that_quotes_and_screens(plugin_module):
    plugins = manager(
        plugin_module,
        "validating_plugin",
        """
        from servicekit import Problem

        @hookimpl
        def servicekit_validate_catalogue(catalogue):
            quote = catalogue.quote("swedish", 60, at="2026-11-30T10:00")
            screening = catalogue.screen({"client": {"conditions": [], "medications": [],
                                                     "allergies": [],
                                                     "under_physician_care": False}},
                                         "swedish", at="2026-11-30")
            yield Problem(("services", "swedish"),
                          f"{quote.total} and {screening.verdict}", severity="warning")
        """,
    )
    built = catalogue(plugins)
    assert [w.message for w in built.warnings] == ["95.00 USD and clear"]


def test_the_trace_and_the_audit_are_small_slotted_records():
    from servicekit.model import quote
    from servicekit.pricing import conditions, trace

    records = [
        cls
        for module in (trace, quote, conditions)
        for cls in vars(module).values()
        if isinstance(cls, type) and cls.__module__ == module.__name__
    ]
    unslotted = {quote.Quote, quote.once}  # a quote keeps what it words when first read
    for cls in records:
        if cls not in unslotted and not issubclass(cls, typing.Protocol):
            assert cls.__dictoffset__ == 0, f"{cls.__qualname__} keeps a __dict__"
    assert {"Note", "Template", "Explained", "Taxed", "Line", "Beside"} <= {
        cls.__name__ for cls in records if cls.__module__ == trace.__name__
    }


def test_the_audit_keeps_the_exact_amount_of_the_money_a_rule_returns_and_no_other(
    plugin_module,
):
    plugins = manager(
        plugin_module,
        "exact_plugin",
        """
        @attrs.frozen
        class Odd:
            stage = "surcharge"

            def surcharge(self, amount, line, context):
                context.money(Decimal("1.234"))  # worked out, then not returned
                return Money("2.00", "USD")

        @attrs.frozen
        class Even:
            stage = "surcharge"

            def surcharge(self, amount, line, context):
                return context.money(Decimal("1.235"))

        @hookimpl
        def servicekit_rule_types():
            yield RuleType(name="odd", params=Odd, summary="x")
            yield RuleType(name="even", params=Even, summary="x")
        """,
    )
    rules = [
        f'[[rules]]\nid = "{t}"\ntype = "{t}"\napplies_to = ["services"]' for t in ("odd", "even")
    ]
    audit = catalogue(plugins, *rules).quote("swedish", 60, at=MONDAY).to_dict()["audit"]
    assert [(e["rule"], e["amount"], e["unrounded"]) for e in audit] == [
        ("even", 124, "123.5"),
        ("odd", 200, "200"),
    ]


def test_a_rule_type_that_reads_tags_says_which_and_a_quote_counts_them(plugin_module):
    said = LOYALTY.replace(
        "    def discount(",
        "    def tags_read(self):\n        return self.tiers.keys()\n\n    def discount(",
    )
    for source, warned in ((LOYALTY, ["gold"]), (said, [])):
        tiers = catalogue(manager(plugin_module, f"tiers_{len(warned)}", source), TIERS)
        gold = tiers.quote("swedish", 60, tags=["gold"], at=MONDAY)
        assert gold.total.minor == 8075
        assert [warning.value for warning in gold.warnings] == warned


@pytest.mark.parametrize("body", ["raise ValueError('no tiers')", "sys.exit(4)"])
def test_tags_read_that_fails_or_exits_is_the_plugins_error(plugin_module, body):
    said = LOYALTY.replace(
        "    def discount(",
        f"    def tags_read(self):\n        import sys\n        {body}\n\n    def discount(",
    )
    plugins = manager(plugin_module, "tiers_failing", said)
    with pytest.raises(PluginError, match=r"tiers_failing.*in tags_read\(\)"):
        catalogue(plugins, TIERS)


@pytest.mark.parametrize("returned", ["'gold'", "[1]"])
def test_tags_read_that_are_not_tags_are_the_plugins_error(plugin_module, returned):
    said = LOYALTY.replace(
        "    def discount(",
        f"    def tags_read(self):\n        return {returned}\n\n    def discount(",
    )
    plugins = manager(plugin_module, "tiers_wrong", said)
    with pytest.raises(PluginError, match=r"from tags_read\(\); it returns the tags it reads"):
        catalogue(plugins, TIERS)
