"""Two plugins contributing one id, of any kind, installed or given with -p: an error naming
both, neither contribution used, `check` failing and screening incomplete until one is
blocked. Nothing is chosen by the order plugins load in."""

from __future__ import annotations

import textwrap

import pytest

from tests.conftest import REPO, SWEDISH, assert_user_error, catalogue_text
from tests.test_pricing_contract import HEADER, REFERRED

HEALTHY = REPO / "catalogues" / "intakes" / "healthy.toml"

CONTRIBUTIONS = {
    "modality": (
        "servicekit_modalities",
        "Modality(id='reflexology', name='R', description='Feet.', properties=())",
    ),
    "addon type": (
        "servicekit_addon_types",
        "AddOnType(id='salt', name='Salt', description='Salt.', properties=set())",
    ),
    "rule type": (
        "servicekit_rule_types",
        "RuleType(name='student', params=Student, summary='Students.')",
    ),
    "check": (
        "servicekit_screening_checks",
        "Check(id='near-term', description='Near term.', run=lambda situation: None)",
    ),
    "screening rule": (
        "servicekit_screening_rules",
        "ScreeningRule(id='scalp', name='Scalp', when=Trigger(conditions=('fever',)), "
        "severity='caution', scope='session', reason='r', sources=('W',))",
    ),
    "exporter": (
        "servicekit_exporters",
        "Exporter(name='names', summary='Names.', write=lambda context: b'')",
    ),
    "health condition": (
        "servicekit_vocabulary",
        "Term('condition', 'hypermobility', 'Loose joints', sources=('B',))",
    ),
}

PLUGIN = """
import attrs
import click
from servicekit import (AddOnType, Check, Exporter, Modality, RuleType, ScreeningRule, Term,
                        Trigger, hookimpl)

from servicekit.pricing.stages import DiscountRule

@attrs.frozen(kw_only=True)
class Student(DiscountRule):
    stage = "line-discount"
    exclusive, combines_with, percentage = True, (), True

    def discount(self, amount, line, context):
        return context.money(amount.amount / 10)

    def summary(self, targets, words):
        return "10% off"

@hookimpl
def {hook}():
    return {record}
"""

COMMAND = """
import click
from servicekit import hookimpl

@hookimpl
def servicekit_register_commands(cli):
    @cli.command()
    def hello():
        click.echo("{name}")
"""


def source(kind: str) -> str:
    if kind == "command":
        return COMMAND
    if kind == "condition":
        return HEADER + textwrap.dedent(REFERRED)
    hook, record = CONTRIBUTIONS[kind]
    return PLUGIN.format(hook=hook, record=record)


KINDS = [*CONTRIBUTIONS, "command", "condition"]
IDS = {kind: record.split("'")[1] for kind, (_, record) in CONTRIBUTIONS.items()} | {
    "command": "hello",
    "condition": "referred_by",
    "health condition": "hypermobility",
}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("how", ["-p", "installed", "one of each"])
def test_two_plugins_with_one_id_is_an_error_naming_both(
    run,
    write,
    plugin_module,
    installed,
    monkeypatch,
    kind,
    how,
):
    options: list[str] = []
    if how == "-p":
        options = ["-p", plugin_module("first_plugin", source(kind))]
        options += ["-p", plugin_module("second_plugin", source(kind).replace("{name}", "2"))]
    else:
        entry = {"second_plugin": "second_module"}
        if how == "installed":
            entry["first_plugin"] = "first_module"
        else:
            options = ["-p", plugin_module("first_plugin", source(kind))]
        installed(entry, {module: source(kind) for module in entry.values()})
        monkeypatch.delenv("SERVICEKIT_LOAD_PLUGINS")
    both = f"{kind} '{IDS[kind]}' is provided by both 'first_plugin' and 'second_plugin'"
    catalogue = write(catalogue_text(SWEDISH))
    checked = run(*options, "check", catalogue)
    assert_user_error(checked, both, "-p no:first_plugin")
    assert f"{catalogue}: {both}" in checked.stdout  # not only the warning on stderr
    assert f"{catalogue}: failed, 1 error" in checked.stdout
    assert ": ok" not in checked.stdout
    screened = run(*options, "screen", catalogue, "swedish", "--intake", HEALTHY)
    assert screened.exit_code == 5, screened.output
    assert f"{both} (neither is used: block one of them (-p no:first_plugin" in screened.stdout
    assert screened.stdout.count("neither is used") == 1, screened.stdout
    assert f"CLASH: {both}" in run(*options, "plugins").stdout
    if kind == "command":
        assert_user_error(run(*options, "hello"), both)
    for blocked in ("first_plugin", "second_plugin"):  # either will do
        resolved = run(*options, "-p", f"no:{blocked}", "check", catalogue)
        assert resolved.exit_code == 0, resolved.output
