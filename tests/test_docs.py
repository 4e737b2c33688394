"""The docs stay true: every hook and every catalogue key is documented, as it is."""

from __future__ import annotations

import inspect
import re
import sys
import typing
import warnings

import attrs
import pytest

from servicekit import ExportWarning, hookspecs
from servicekit.builtin import rules
from servicekit.model import catalogue, contributions, document
from servicekit.model.fields import Benefit
from tests.conftest import REPO, run_pytest

PLUGINS_DOC = (REPO / "docs" / "plugins.md").read_text()
FORMAT_DOC = (REPO / "docs" / "catalogue-format.md").read_text()
PRICING_DOC = (REPO / "docs" / "pricing.md").read_text()

HOOKS = sorted(name for name in dir(hookspecs) if name.startswith("servicekit_"))


def test_every_hook_is_documented_with_its_signature():
    documented = dict(re.findall(r"^### (servicekit_\w+)\(([^)]*)\)$", PLUGINS_DOC, re.M))
    assert sorted(documented) == HOOKS
    for name in HOOKS:
        parameters = list(inspect.signature(getattr(hookspecs, name)).parameters)
        written = [arg.strip() for arg in documented[name].split(",") if arg.strip()]
        assert written == parameters, name


def test_every_hook_spec_has_a_docstring_example():
    for name in HOOKS:
        assert "Example::" in (getattr(hookspecs, name).__doc__ or ""), name


def section(heading: str, doc: str = FORMAT_DOC) -> str:
    start = doc.index(heading)
    level = heading.split(" ")[0]
    rest = doc[start + len(heading) :]
    end = re.search(rf"^#{{1,{len(level)}}} ", rest, re.M)
    return rest[: end.start()] if end else rest


SECTIONS = {
    "## Top level": document.CatalogueFile,
    "### `[clinic]`": catalogue.Clinic,
    "### `[locations.<id>]`": catalogue.Location,
    "### `[credentials.<id>]`": catalogue.Credential,
    "### `[levels.<id>]`": catalogue.Level,
    "### `[categories.<id>]`": catalogue.Category,
    "### `[modalities.<id>]`": contributions.Modality,
    "### `[services.<id>]`": catalogue.Service,
    "### `[addons.<id>]`": catalogue.AddOn,
    "### `[taxes.<id>]`": catalogue.Tax,
}


@pytest.mark.parametrize(("heading", "cls"), SECTIONS.items(), ids=list(SECTIONS))
def test_every_catalogue_key_is_documented_in_its_section(heading, cls):
    text = section(heading)
    for field in attrs.fields(cls):
        if field.name != "id":
            assert f"| `{field.name}` |" in text, f"{heading} does not document `{field.name}`"


def test_variations_rules_and_conditions_are_documented():
    services = section("### `[services.<id>]`")
    for field in attrs.fields(catalogue.Variation):
        assert f"| `{field.name}` |" in services
    rules_text = section("### `[[rules]]`")
    for field in attrs.fields(catalogue.RuleSpec):
        if field.name != "params":
            assert f"| `{field.name}` |" in rules_text
    for field in attrs.fields(catalogue.When):
        assert f"| `{field.name}` |" in rules_text


def test_every_built_in_rule_type_and_its_keys_are_documented():
    for rule_type in rules.RULE_TYPES:
        text = section(f"### `{rule_type.name}`", PRICING_DOC)
        for field in attrs.fields(rule_type.params):
            assert f"| `{field.name}` |" in text, f"{rule_type.name}.{field.name}"


def test_the_documented_benefits_are_the_vocabulary():
    modalities = section("### `[modalities.<id>]`")
    for benefit in typing.get_args(Benefit):
        assert f"`{benefit}`" in modalities


SCREENING_DOC = (REPO / "docs" / "screening.md").read_text()


def test_every_intake_and_screening_rule_key_is_documented():
    from servicekit.model import intake
    from servicekit.model.screening import ScreeningRule, ScreeningSettings, Trigger

    for cls, prefix in (
        (intake.Client, "client."),
        (intake.Pregnancy, "pregnancy."),
        (intake.Clearance, "clearances[]."),
    ):
        for field in attrs.fields(cls):
            assert f"{prefix}{field.name}" in SCREENING_DOC or f".{field.name}" in SCREENING_DOC
    for cls in (ScreeningRule, Trigger, ScreeningSettings):
        for field in attrs.fields(cls):
            if field.name != "match":
                assert f"`{field.name}`" in SCREENING_DOC, f"{cls.__name__}.{field.name}"


def python_blocks(path) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", path.read_text(encoding="utf-8"), re.M | re.S)


def test_the_pos_integration_example_runs_as_written(monkeypatch):
    monkeypatch.chdir(REPO)
    monkeypatch.delenv("SQUARE_TOKEN", raising=False)  # never reach the network
    (example,) = python_blocks(REPO / "docs" / "pos-integration.md")
    exec(compile(example, "docs/pos-integration.md", "exec"), {})


def test_the_readme_python_example_runs_as_written(monkeypatch):
    monkeypatch.chdir(REPO)
    (example,) = python_blocks(REPO / "README.md")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ExportWarning)  # the example says it warns
        exec(compile(example, "README.md", "exec"), {})


def test_the_plugin_testing_example_passes_with_the_documented_plugin(tmp_path):
    blocks = python_blocks(REPO / "docs" / "plugins.md")
    (plugin,) = [block for block in blocks if block.startswith("# reflexology.py")]
    (tests,) = [block for block in blocks if "servicekit_plugins(" in block]
    (tmp_path / "reflexology.py").write_text(plugin, encoding="utf-8")
    (tmp_path / "test_reflexology.py").write_text(tests, encoding="utf-8")
    result = run_pytest(tmp_path, str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout


def documented_member(member, protocol) -> str:
    """How docs write a protocol's member: `name`, or `name(arguments)` for a method."""
    if not member.method:
        return f"`{member.name}`"
    arguments = list(inspect.signature(getattr(protocol, member.name)).parameters)[1:]
    return f"`{member.name}({', '.join(arguments)})`"


def test_every_method_of_every_pricing_protocol_is_documented_as_it_is():
    from servicekit.pricing import contract, stages

    writing = section("## Writing a rule type", PRICING_DOC)
    protocols = {stages.RuleParams, stages.AdjustmentRule, *stages.PROTOCOLS.values()}
    for protocol in (*sorted(protocols, key=lambda p: p.__name__), stages.Words):
        text = section(f"#### `{protocol.__name__}`", writing)
        own = [m for m in contract.members(protocol).values() if m.protocol is protocol]
        for member in own:
            if member.name == "stage" and protocol is not stages.RuleParams:
                continue  # each stage's own value, documented once in RuleParams
            assert f"| {documented_member(member, protocol)} |" in text, (
                f"docs/pricing.md does not document {protocol.__name__}."
                f"{documented_member(member, protocol)}"
            )
            required = "| optional |" if member.optional else "| required |"
            if protocol is not stages.Words:
                row = next(
                    r for r in text.splitlines() if documented_member(member, protocol) in r
                )
                assert required in row, f"{protocol.__name__}.{member.name}: {required}"


def test_every_attribute_of_the_pricing_context_is_documented():
    from servicekit.pricing.stages import PricingContext

    text = section("### The context", PRICING_DOC)
    for name in [*PricingContext.__annotations__, "money"]:
        assert f"`{name}`" in text or f"`{name}(" in text, f"PricingContext.{name}"


def test_every_member_of_the_condition_protocol_is_documented():
    from servicekit.pricing import conditions, contract

    text = section("### servicekit_conditions()", PLUGINS_DOC)
    for member in contract.members(conditions.Condition).values():
        assert documented_member(member, conditions.Condition) in text, member.name


def test_what_plugins_see_of_rules_intakes_and_situations_is_documented():
    from servicekit.model.intake import Client, Intake
    from servicekit.model.screening import Situation

    text = section("## What plugins see", PLUGINS_DOC)
    for cls in (catalogue.Rule, Intake):
        for field in attrs.fields(cls):
            assert f"`{field.name}`" in text, f"{cls.__name__}.{field.name}"
    # A Situation is a slotted class (it notes what a check reads): its data and properties.
    seen = [
        *Situation.__slots__,
        *(n for n, v in vars(Situation).items() if isinstance(v, property)),
    ]
    for name in (name for name in seen if not name.startswith("_")):
        assert f"`{name}`" in text, f"Situation.{name}"
    for field in attrs.fields(Client):
        assert f"`{field.name}`" in text, f"Client.{field.name}"


def test_the_rule_type_in_writing_a_rule_type_prices_as_written(tmp_path, monkeypatch):
    import servicekit
    from tests.conftest import SWEDISH, catalogue_text

    writing = section("## Writing a rule type", PRICING_DOC)
    (plugin,) = re.findall(r"^```python\n(.*?)^```", writing, re.M | re.S)
    (rule,) = re.findall(r"^```toml\n(.*?)^```", writing, re.M | re.S)
    (tmp_path / "loyalty_tiers.py").write_text(plugin, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    plugins = servicekit.plugin_manager(entry_points=False, modules=["loyalty_tiers"])
    catalogue = servicekit.loads(catalogue_text(SWEDISH, rule), plugins=plugins)
    gold = catalogue.quote("swedish", 60, tags=["gold"], at="2026-11-30T10:00")
    assert gold.total.minor == 9500 - 1425
    assert gold.lines[1].detail == "loyalty: $14.25 off $95.00"
    assert not [w for w in gold.warnings if "gold" in w.message]  # the rule reads it
    (typo,) = catalogue.quote("swedish", 60, tags=["glod"], at="2026-11-30T10:00").warnings
    assert "client tag 'glod'" in typo.message
    assert "gold" in (typo.hint or "")
    sys.modules.pop("loyalty_tiers", None)
