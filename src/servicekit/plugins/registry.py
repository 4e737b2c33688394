"""What the plugins contribute, collected once per plugin manager and checked like catalogue
data: a modality with a malformed id or a rule type whose parameters a catalogue cannot hold is
the plugin's error, reported with its name before any catalogue is read.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs
import pluggy
from cattrs.errors import BaseValidationError

from servicekit.errors import Invalid, PluginError
from servicekit.model.contributions import AddOnType, Exporter, Modality, RuleType
from servicekit.model.screening import Check, Policy, ScreeningRule
from servicekit.plugins.guard import guarded

if TYPE_CHECKING:
    from servicekit.plugins.manager import PluginManager
    from servicekit.pricing.conditions import Condition

KINDS: Mapping[str, str] = MappingProxyType(
    {
        "modality": "modalities",
        "addon type": "addon_types",
        "rule type": "rule_types",
        "screening rule": "screening_rules",
        "check": "checks",
        "exporter": "exporters",
        "condition": "conditions",
    }
)
"""Kinds of contribution, and the key that lists them in JSON output."""


@attrs.frozen
class Registry:
    """Everything the plugins contributed, by id, and which plugin contributed each item.

    `providers` maps `(kind, id)` to a plugin name, kind being "modality", "addon type" or
    "rule type". `validators` are the `servicekit_validate_catalogue` implementations.
    """

    modalities: Mapping[str, Modality]
    addon_types: Mapping[str, AddOnType]
    rule_types: Mapping[str, RuleType]
    screening_rules: Mapping[str, ScreeningRule]
    checks: Mapping[str, Check]
    exporters: Mapping[str, Exporter]
    providers: Mapping[tuple[str, str], str]
    validators: tuple[pluggy.HookImpl, ...]
    plugins: frozenset[str] = frozenset()
    """The names of every plugin registered, contributing or not."""
    policies: Mapping[str, Policy] = attrs.field(factory=dict)
    """The `[screening] policies` the checks declare, by name."""
    broken: Mapping[str, str] = attrs.field(factory=dict)
    """Installed plugins that could not be used, with why: screening is incomplete while any
    is, since one may have held a contraindication."""
    conditions: tuple[Condition, ...] = ()
    """The conditions a rule's `when` may state, in the order quoting checks them: the
    built-in ones (from `builtin-rules`) in theirs, then plugins' by key."""


def call_each(
    manager: pluggy.PluginManager, hook_name: str, **kwargs: Any
) -> list[tuple[str, list[Any]]]:
    """Call every implementation of a hook, in registration order, keeping who returned what.

    pluggy's own hook call returns results without their plugins and reports an exception
    without saying whose it was; contributions need both.
    """
    caller = getattr(manager.hook, hook_name)
    return [
        (impl.plugin_name, call_impl(impl, hook_name, **kwargs))
        for impl in caller.get_hookimpls()
        if not (impl.hookwrapper or impl.wrapper)
    ]


def call_impl(impl: pluggy.HookImpl, hook_name: str, **kwargs: Any) -> list[Any]:
    """Call one hook implementation and list what it returned (None, a record or an iterable).

    Any failure in it, or in the generator it returns (an attempt to end the process
    included), becomes a `PluginError` naming it and the line it failed on.
    """
    with guarded(impl.plugin_name, f"in {hook_name}"):
        return as_list(impl.function(*(kwargs[arg] for arg in impl.argnames)))


def as_list(result: Any) -> list[Any]:
    if result is None:
        return []
    if attrs.has(type(result)) or isinstance(result, str | bytes | Mapping):
        return [result]  # one record (or one wrong thing, which the caller will name)
    return list(result)


def collect(manager: PluginManager) -> Registry:
    modalities, by_modality = _contributed(manager, "servicekit_modalities", "modality", Modality)
    addon_types, by_addon = _contributed(
        manager, "servicekit_addon_types", "addon type", AddOnType
    )
    rule_types, by_rule = _contributed(manager, "servicekit_rule_types", "rule type", RuleType)
    screening_rules, by_screening = _contributed(
        manager, "servicekit_screening_rules", "screening rule", ScreeningRule
    )
    checks, by_check = _contributed(manager, "servicekit_screening_checks", "check", Check)
    exporters, by_exporter = _contributed(manager, "servicekit_exporters", "exporter", Exporter)
    conditions, by_condition = _conditions(manager)
    caller = manager.hook.servicekit_validate_catalogue
    return Registry(
        modalities=MappingProxyType(modalities),
        addon_types=MappingProxyType(addon_types),
        rule_types=MappingProxyType(rule_types),
        screening_rules=MappingProxyType(screening_rules),
        checks=MappingProxyType(checks),
        exporters=MappingProxyType(exporters),
        providers=MappingProxyType(
            {
                **by_modality,
                **by_addon,
                **by_rule,
                **by_screening,
                **by_check,
                **by_exporter,
                **by_condition,
            }
        ),
        validators=tuple(caller.get_hookimpls()),
        # A blocked name is listed with no plugin: it is not loaded.
        plugins=frozenset(name for name, plugin in manager.list_name_plugin() if plugin),
        policies=MappingProxyType(_policies(checks, by_check)),
        broken=MappingProxyType(dict(manager.broken)),
        conditions=conditions,
    )


BUILT_IN_CONDITIONS = "builtin-rules"
"""The plugin whose conditions read the built-in `when` keys, the fields of `When`."""


def _conditions(manager: PluginManager) -> tuple[tuple[Any, ...], dict[tuple[str, str], str]]:
    """The conditions plugins contribute, checked, and the plugin of each of their keys.

    The order is the order quoting checks them, which the audit trail shows (a rule is
    reported failing its first condition): the built-in ones in theirs, then by key.
    """
    from servicekit.model.catalogue import When
    from servicekit.pricing.conditions import when_keys

    built_in = {field.name for field in attrs.fields(When)}
    found: list[tuple[tuple[int, int, str], Any]] = []
    providers: dict[tuple[str, str], str] = {}
    for plugin, results in call_each(manager, "servicekit_conditions"):
        for position, condition in enumerate(results):
            _check_condition(condition, plugin)
            keys = list(when_keys([condition]))
            for key in keys:
                first = providers.get(("condition", key))
                if first is not None:
                    raise PluginError(
                        f"condition '{key}' is provided by both '{first}' and '{plugin}'",
                        hint=f"block one of them, e.g. -p no:{plugin}",
                        plugin=plugin,
                    )
                if (key in built_in) != (plugin == BUILT_IN_CONDITIONS):
                    raise PluginError(
                        f"plugin '{plugin}' contributed a condition for `when.{key}`, "
                        + ("which is a built-in key" if key in built_in else "an unknown key"),
                        hint="give the condition a key of its own",
                        plugin=plugin,
                    )
                providers[("condition", key)] = plugin
            order = (0, position, "") if plugin == BUILT_IN_CONDITIONS else (1, 0, keys[0])
            found.append((order, condition))
    ordered = sorted(found, key=lambda item: item[0])
    return tuple(condition for _, condition in ordered), providers


def _check_condition(condition: Any, plugin: str) -> None:
    """A condition implements the protocol; its key is an id, its value a type a catalogue
    can hold."""
    from servicekit.loading.scalars import ID_PATTERN
    from servicekit.pricing import contract
    from servicekit.pricing.conditions import Condition
    from servicekit.schema import unsupported_type

    about = f"plugin '{plugin}' contributed a condition"
    problem = contract.protocol_problem(type(condition), Condition)
    if problem is not None:
        message, hint = problem
        raise PluginError(
            f"{about} ({type(condition).__name__}) that {message}", hint=hint, plugin=plugin
        )
    key = condition.key
    if not isinstance(key, str) or not ID_PATTERN.fullmatch(key):
        raise PluginError(
            f"{about} whose key {key!r} is not a valid id", hint="e.g. referred_by", plugin=plugin
        )
    if not isinstance(condition.doc, str) or not condition.doc.strip():
        raise PluginError(
            f"{about} '{key}' with no doc", hint="say in a sentence what it checks", plugin=plugin
        )
    unsupported = unsupported_type(condition.value_type)
    if unsupported is not None:
        raise PluginError(
            f"{about} '{key}' whose value_type {condition.value_type!r} {unsupported}",
            hint="use the types in servicekit.model.fields, Money, Literal, tuples and attrs "
            "classes",
            plugin=plugin,
        )


def _contributed(
    manager: PluginManager, hook_name: str, kind: str, cls: type
) -> tuple[dict[str, Any], dict[tuple[str, str], str]]:
    items: dict[str, Any] = {}
    providers: dict[tuple[str, str], str] = {}
    for plugin, results in call_each(manager, hook_name):
        for item in results:
            if not isinstance(item, cls):
                raise PluginError(
                    f"plugin '{plugin}' returned {type(item).__name__} from {hook_name}; "
                    f"it must return {cls.__name__} records",
                    plugin=plugin,
                )
            try:
                item = _checked(item, plugin, kind)
            except PluginError as error:
                error.plugin = plugin
                raise
            ident = item.name if isinstance(item, RuleType | Exporter) else item.id
            if ident in items:
                first = providers[(kind, ident)]
                raise PluginError(
                    f"{kind} '{ident}' is provided by both '{first}' and '{plugin}'",
                    hint=f"block one of them, e.g. -p no:{plugin}",
                    plugin=plugin,
                )
            items[ident] = item
            providers[(kind, ident)] = plugin
    return dict(sorted(items.items())), providers


def _policies(
    checks: Mapping[str, Check], providers: Mapping[tuple[str, str], str]
) -> dict[str, Policy]:
    """The policies checks declare. Checks may share one (the same name, choices and
    default); two different policies of one name would leave a clinic's choice ambiguous."""
    declared: dict[str, tuple[Policy, str]] = {}
    for ident, check in checks.items():
        for policy in check.policies:
            first = declared.setdefault(policy.name, (policy, ident))
            if first[0] != policy:
                plugin = providers[("check", ident)]
                raise PluginError(
                    f"check '{ident}' of plugin '{plugin}' declares policy '{policy.name}' "
                    f"unlike check '{first[1]}' of plugin '{providers[('check', first[1])]}'",
                    hint=f"share one Policy between them, or block one, e.g. -p no:{plugin}",
                    plugin=plugin,
                )
    return {name: policy for name, (policy, _) in sorted(declared.items())}


def _checked(item: Any, plugin: str, kind: str) -> Any:
    """The record as a catalogue would have it: checked by the same converter, tuples and all."""
    from servicekit.errors import render_path
    from servicekit.loading.converter import converter_for
    from servicekit.loading.problems import problems_from

    if isinstance(item, RuleType):
        _check_rule_type(item, plugin)
        return item
    if isinstance(item, Check):
        _check_check(item, plugin)
        return item
    if isinstance(item, Exporter):
        _check_exporter(item, plugin)
        return item
    about = f"plugin '{plugin}' contributed an invalid {kind} '{getattr(item, 'id', '?')}'"
    try:
        checked = converter_for(None).structure(attrs.asdict(item, recurse=True), type(item))
    except (BaseValidationError, Invalid) as exc:
        problem = next(problems_from(exc))
        where = f"{render_path(problem.path)}: " if problem.path else ""
        raise PluginError(f"{about}: {where}{problem.message}", hint=problem.hint) from None
    if isinstance(checked, ScreeningRule):
        from servicekit.screening.compiled import rule_problems

        for problem in rule_problems(checked, ()):
            raise PluginError(
                f"{about}: {render_path(problem.path)}: {problem.message}", hint=problem.hint
            )
    if isinstance(checked, Modality | AddOnType):
        _check_properties(checked, about)
    return checked


def _check_check(check: Check, plugin: str) -> None:
    """A check is code, so the converter cannot hold it; its data fields are checked here."""
    from servicekit.loading.scalars import ID_PATTERN

    if not isinstance(check.id, str) or not ID_PATTERN.fullmatch(check.id):
        raise PluginError(
            f"plugin '{plugin}' contributed a check whose id {check.id!r} is not a valid id",
            hint="lower-case letters, digits and dashes, e.g. near-term",
        )
    about = f"plugin '{plugin}' contributed check '{check.id}'"
    if not isinstance(check.description, str) or not check.description.strip():
        raise PluginError(f"{about} with no description", hint="say in a sentence what it checks")
    if not callable(check.run):
        raise PluginError(f"{about} with no run()", hint="run=a function of a Situation")
    for policy in check.policies:
        _check_policy(policy, about)


def _check_policy(policy: Any, about: str) -> None:
    from servicekit.loading.scalars import ID_PATTERN

    if not isinstance(policy, Policy):
        raise PluginError(f"{about}, whose policies are not Policy records: {policy!r}")
    if not isinstance(policy.name, str) or not ID_PATTERN.fullmatch(policy.name):
        raise PluginError(f"{about}, whose policy name {policy.name!r} is not a valid id")
    if not all(isinstance(choice, str) for choice in policy.choices):
        raise PluginError(f"{about}, whose policy '{policy.name}' has choices that are not text")


def _check_properties(item: Modality | AddOnType, about: str) -> None:
    """Screening reads these properties; a plugin must state them in the vocabulary's words."""
    from servicekit.errors import did_you_mean
    from servicekit.screening.vocabulary import vocabulary

    if item.properties is None:
        raise PluginError(
            f"{about}: it does not say its properties",
            hint="set properties=() when none of `servicekit conditions`' properties apply",
        )
    known = vocabulary().properties
    for word in sorted(item.properties):
        if word not in known:
            raise PluginError(
                f"{about}: unknown property '{word}'", hint=did_you_mean(word, known)
            )


def _check_rule_type(rule_type: RuleType, plugin: str) -> None:
    from servicekit.loading.converter import RULE_KEYS
    from servicekit.loading.scalars import ID_PATTERN
    from servicekit.pricing.contract import contract_problem
    from servicekit.schema import unsupported_field

    about = f"plugin '{plugin}' contributed rule type '{rule_type.name}'"
    if not isinstance(rule_type.name, str) or not ID_PATTERN.fullmatch(rule_type.name):
        raise PluginError(f"{about}, whose name is not a valid id")
    if not attrs.has(rule_type.params):
        raise PluginError(f"{about}, whose params {rule_type.params!r} is not an attrs class")
    clash = [field.name for field in attrs.fields(rule_type.params) if field.name in RULE_KEYS]
    if clash:
        raise PluginError(
            f"{about}, whose parameter '{clash[0]}' clashes with a key every rule has",
            hint="rename the parameter",
        )
    problem = unsupported_field(rule_type.params)
    if problem is not None:
        raise PluginError(
            f"{about}: {problem}",
            hint="use the types in servicekit.model.fields, Money, Literal, tuples and attrs "
            "classes; a float cannot hold money or percentages exactly",
        )
    broken = contract_problem(rule_type.params)
    if broken is not None:
        message, hint = broken
        raise PluginError(f"{about}, whose {rule_type.params.__name__} {message}", hint=hint)


def _check_exporter(exporter: Exporter, plugin: str) -> None:
    from servicekit.loading.scalars import ID_PATTERN

    about = f"plugin '{plugin}' contributed exporter '{exporter.name}'"
    if not isinstance(exporter.name, str) or not ID_PATTERN.fullmatch(exporter.name):
        raise PluginError(f"{about}, whose name is not a valid id")
    if not callable(exporter.write):
        raise PluginError(f"{about} with no write()")
    if "location" in exporter.options:
        raise PluginError(
            f"{about}, whose option 'location' clashes with the option every export has",
            hint="rename the option",
        )
