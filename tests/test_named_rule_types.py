"""A rule type whose record names its parameter class by import path ("package.module:Class"):
the class is imported, and checked, when a catalogue first uses the type; a class that cannot
be imported or breaks the contract is an error naming the plugin and the rule type."""

from __future__ import annotations

import json
import sys

import pytest

import servicekit
from servicekit.errors import PluginError
from tests.conftest import SWEDISH, assert_user_error, catalogue_text

RATES = """
import attrs
from servicekit.model.catalogue import doc
from servicekit.model.fields import Percent


@attrs.frozen(kw_only=True)
class PeakRate:
    percent: Percent = doc("Added at peak times, in percent.")
    stage = "surcharge"
    unit = "item"
    reads_context = False

    def surcharge(self, amount, line, context):
        return context.money(amount.amount * self.percent / 100)

    def summary(self, targets, words):
        return f"{words.percent(self.percent)} added to {targets} at peak times"


@attrs.frozen(kw_only=True)
class Broken:
    percent: Percent = doc("Added, in percent.")
    stage = "surcharge"

    def surcharges(self, amount, line, context):
        return amount
"""

PLUGIN = """
from servicekit import RuleType, hookimpl


@hookimpl
def servicekit_rule_types():
    return RuleType(name="peak-rate", params={params!r}, summary="A peak-time rate.")
"""

RULE = '[[rules]]\nid = "peak"\ntype = "peak-rate"\npercent = "10"'


@pytest.fixture
def named(plugin_module):
    """A plugin whose rule type `peak-rate` names `params`; returns the plugin's module."""

    def make(params: str) -> str:
        plugin_module("peak_rates", RATES)
        return plugin_module("peak_plugin", PLUGIN.format(params=params))

    yield make
    sys.modules.pop("peak_rates", None)


def test_a_named_class_is_imported_when_a_catalogue_first_uses_its_type(named, run, write):
    module = named("peak_rates:PeakRate")
    plugins = servicekit.plugin_manager(entry_points=False, modules=[module])
    servicekit.loads(catalogue_text(SWEDISH), plugins=plugins)
    assert "peak_rates" not in sys.modules
    catalogue = servicekit.loads(catalogue_text(SWEDISH, RULE), plugins=plugins)
    assert "peak_rates" in sys.modules
    assert catalogue.rules[0].type.params is sys.modules["peak_rates"].PeakRate
    assert catalogue.quote("swedish", 60).total == servicekit.Money("104.50", "USD")
    result = run("-p", module, "check", write(catalogue_text(SWEDISH, RULE)))
    assert result.exit_code == 0, result.output
    assert "rule types from peak_plugin: peak-rate" in result.output


def test_a_named_module_that_cannot_be_imported_is_the_plugins_error_when_used(named, run, write):
    module = named("peak_ratez:PeakRate")
    result = run("-p", module, "check", write(catalogue_text(SWEDISH, RULE)))
    assert_user_error(
        result,
        "plugin 'peak_plugin' failed to import rule type 'peak-rate' (peak_ratez:PeakRate)",
        "No module named 'peak_ratez'",
    )
    assert run("-p", module, "check", write(catalogue_text(SWEDISH))).exit_code == 0


def test_a_named_class_the_module_lacks_is_the_plugins_error_when_used(named, run, write):
    module = named("peak_rates:PeakRates")
    result = run("-p", module, "check", write(catalogue_text(SWEDISH, RULE)))
    assert_user_error(
        result,
        "plugin 'peak_plugin' failed to import rule type 'peak-rate' (peak_rates:PeakRates)",
        "has no attribute 'PeakRates'",
    )


def test_a_named_class_that_breaks_the_contract_is_named_with_its_method(named, run, write):
    module = named("peak_rates:Broken")
    result = run("-p", module, "check", write(catalogue_text(SWEDISH, RULE)))
    assert_user_error(
        result,
        "plugin 'peak_plugin' contributed rule type 'peak-rate', whose Broken has no method "
        "`surcharge`",
        "did you mean to name `surcharges` `surcharge`?",
    )


def test_a_path_that_names_no_class_is_refused_when_the_plugin_is_collected(named, run, write):
    module = named("peak_rates.PeakRate")
    with pytest.raises(PluginError, match=r"whose params 'peak_rates\.PeakRate' is not an import"):
        servicekit.plugin_manager(entry_points=False, modules=[module]).registry()
    result = run("-p", module, "check", write(catalogue_text(SWEDISH)))
    assert_user_error(result, '"package.module:Class"')


def test_plugins_checks_every_named_class_and_leaves_an_installed_plugin_out(
    installed, run, monkeypatch
):
    installed(
        {"peaks": "installed_peaks"},
        {
            "installed_peaks": PLUGIN.format(params="installed_rates:Broken"),
            "installed_rates": RATES,
        },
    )
    monkeypatch.setenv("SERVICEKIT_LOAD_PLUGINS", "peaks")
    result = run("plugins", "--format", "json")
    assert result.exit_code == 0, result.output
    (peaks,) = [plugin for plugin in json.loads(result.stdout) if plugin["name"] == "peaks"]
    assert "whose Broken has no method `surcharge`" in peaks["broken"]
    sys.modules.pop("installed_rates", None)


def test_plugins_lists_a_sound_named_class_as_any_other(named, run):
    module = named("peak_rates:PeakRate")
    result = run("-p", module, "plugins")
    assert result.exit_code == 0, result.output
    assert "rule types: peak-rate" in result.output
