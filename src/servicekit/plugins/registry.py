"""What the plugins contribute, collected once per plugin manager and checked like catalogue
data: a modality with a malformed id or a rule type whose parameters a catalogue cannot hold is
the plugin's error, reported with its name before any catalogue is read.

Two plugins contributing the same id (of any kind) is a `Clash`: neither contribution is used,
nothing is chosen by the order plugins happen to load in, `servicekit check` fails and every
screening is incomplete until one of them is blocked.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs
import pluggy

from servicekit.errors import PluginError
from servicekit.model.contributions import AddOnType, Exporter, Modality, RuleType
from servicekit.model.screening import (
    LISTS,
    Check,
    Policy,
    Population,
    ScreeningRule,
    Synonym,
    Term,
)
from servicekit.model.vocabulary import SERVICEKIT, Vocabulary, normalized
from servicekit.plugins.guard import guarded
from servicekit.plugins.rule_types import RuleTypes, check_rule_type
from servicekit.screening.vocabulary import vocabulary

if TYPE_CHECKING:
    from servicekit.plugins.manager import PluginManager
    from servicekit.pricing.conditions import Condition

SCREENING_PACK = "builtin-screening"
"""The built-in plugin holding the contraindication rule pack. Screening says it is incomplete
without it (blocked or broken), so a broken one is left out like an installed plugin, rather
than stopping every command. The converter read its rules from its data file: checking them
again would give the same records, so only their words are checked again."""

KINDS: Mapping[str, str] = MappingProxyType(
    {
        "modality": "modalities",
        "addon type": "addon_types",
        "rule type": "rule_types",
        "screening rule": "screening_rules",
        "check": "checks",
        "exporter": "exporters",
        "condition": "conditions",
        "command": "commands",
        "policy": "policies",
        "health condition": "health_conditions",
        "medication": "medications",
        "allergy": "allergies",
        "synonym": "synonyms",
        "population": "populations",
    }
)
"""Kinds of contribution, and the key that lists them in JSON output."""


@attrs.frozen
class Clash:
    """Two plugins (or a plugin and servicekit's own words) contributing one id: neither
    contribution is used until one plugin is blocked."""

    kind: str
    id: str
    plugins: tuple[str, ...]

    @property
    def message(self) -> str:
        named = [f"'{plugin}'" for plugin in self.plugins]
        if len(named) == 1:
            return f"{self.kind} '{self.id}' is provided twice by {named[0]}"
        listed = ", ".join(named[:-1]) + f" and {named[-1]}"
        both = "both " if len(named) == 2 else ""
        return f"{self.kind} '{self.id}' is provided by {both}{listed}"

    @property
    def hint(self) -> str:
        blockable = [plugin for plugin in self.plugins if plugin != SERVICEKIT]
        ways = " or ".join(f"-p no:{plugin}" for plugin in blockable)
        return f"neither is used: block one of them ({ways}, or SERVICEKIT_DISABLE_PLUGINS)"

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})"


# Made once per plugin manager and never compared, hashed (its mappings are not hashable)
# or shown: generating equality and a repr over its 17 fields cost every start-up.
@attrs.frozen(eq=False, repr=False)
class Registry:
    """Everything the plugins contributed, by id, and which plugin contributed each item.

    `providers` maps `(kind, id)` to a plugin name, kind being "modality", "addon type" or
    "rule type". `validators` are the `servicekit_validate_catalogue` implementations.
    """

    modalities: Mapping[str, Modality]
    addon_types: Mapping[str, AddOnType]
    rule_types: RuleTypes
    """By name; a class named by import path is imported when its type is first asked for."""
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
    vocabulary: Vocabulary = attrs.field(factory=vocabulary)
    """servicekit's words and the plugins' (`servicekit_vocabulary()`)."""
    commands: Mapping[str, Any] = attrs.field(factory=dict)
    """The click commands plugins add, by name."""
    clashes: tuple[Clash, ...] = ()
    """Ids two plugins contribute: neither contribution is used."""
    blocked: frozenset[str] = frozenset()
    """Plugin names blocked (`-p no:NAME`, SERVICEKIT_DISABLE_PLUGINS)."""

    def clash(self, kind: str, ident: str) -> Clash | None:
        """The clash over `ident`, when two plugins contribute it as a `kind`."""
        return next((c for c in self.clashes if (c.kind, c.id) == (kind, ident)), None)


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
    clashes: list[Clash] = []

    def contributed(hook: str, kind: str, cls: type, **checks: Any) -> tuple[dict, dict]:
        return _contributed(manager, hook, kind, cls, clashes, **checks)

    modalities, by_modality = contributed("servicekit_modalities", "modality", Modality)
    addon_types, by_addon = contributed("servicekit_addon_types", "addon type", AddOnType)
    rule_types, by_rule = contributed("servicekit_rule_types", "rule type", RuleType)
    words, by_word = _vocabulary(manager, clashes, modalities)
    screening_rules, by_screening = contributed(
        "servicekit_screening_rules", "screening rule", ScreeningRule, words=words
    )
    checks, by_check = contributed("servicekit_screening_checks", "check", Check)
    exporters, by_exporter = contributed("servicekit_exporters", "exporter", Exporter)
    commands, by_command = _commands(manager, clashes)
    conditions, by_condition = _conditions(manager, clashes)
    caller = manager.hook.servicekit_validate_catalogue
    return Registry(
        modalities=MappingProxyType(modalities),
        addon_types=MappingProxyType(addon_types),
        rule_types=RuleTypes(rule_types, _plugins(by_rule), _builtin_plugins(manager)),
        screening_rules=MappingProxyType(screening_rules),
        checks=MappingProxyType(checks),
        exporters=MappingProxyType(exporters),
        providers=MappingProxyType(
            {
                **by_modality,
                **by_addon,
                **by_rule,
                **by_word,
                **by_screening,
                **by_check,
                **by_exporter,
                **by_command,
                **by_condition,
            }
        ),
        validators=tuple(caller.get_hookimpls()),
        # A blocked name is listed with no plugin: it is not loaded.
        plugins=frozenset(name for name, plugin in manager.list_name_plugin() if plugin),
        policies=MappingProxyType(_policies(checks, by_check, clashes)),
        broken=MappingProxyType(dict(manager.broken)),
        conditions=conditions,
        vocabulary=words,
        commands=MappingProxyType(commands),
        clashes=tuple(sorted(clashes, key=lambda clash: (clash.kind, clash.id))),
        blocked=frozenset(name for name, plugin in manager.list_name_plugin() if not plugin),
    )


def _conditions(
    manager: PluginManager, clashes: list[Clash]
) -> tuple[tuple[Any, ...], dict[tuple[str, str], str]]:
    """The conditions plugins contribute, checked, and the plugin of each of their keys. A
    key two plugins give a condition for is a clash: neither condition is used.

    The order is the order quoting checks them, which the audit trail shows (a rule is
    reported failing its first condition): the built-in ones in theirs, then by key.
    """
    from servicekit.model.catalogue import When
    from servicekit.pricing.conditions import BUILT_IN_CONDITIONS, when_keys

    built_in = {field.name for field in attrs.fields(When)}
    offered: list[tuple[str, int, Any, list[str]]] = []
    by_key: dict[str, list[str]] = {}
    for plugin, results in call_each(manager, "servicekit_conditions"):
        ours = _built_in(manager, plugin)
        for position, condition in enumerate(results):
            if not ours:
                _check_condition(condition, plugin)
            keys = list(when_keys([condition]))
            for key in keys:
                if (key in built_in) != (plugin == BUILT_IN_CONDITIONS):
                    raise PluginError(
                        f"plugin '{plugin}' contributed a condition for `when.{key}`, "
                        + ("which is a built-in key" if key in built_in else "an unknown key"),
                        hint="give the condition a key of its own",
                        plugin=plugin,
                    )
                by_key.setdefault(key, []).append(plugin)
            offered.append((plugin, position, condition, keys))
    clashing = {key for key, plugins in by_key.items() if len(plugins) > 1}
    for key in sorted(clashing):
        clashes.append(Clash("condition", key, tuple(sorted(set(by_key[key])))))
    found: list[tuple[tuple[int, int, str], Any]] = []
    providers: dict[tuple[str, str], str] = {}
    for plugin, position, condition, keys in offered:
        if clashing.intersection(keys):
            continue
        providers.update({("condition", key): plugin for key in keys})
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
    manager: PluginManager,
    hook_name: str,
    kind: str,
    cls: type,
    clashes: list[Clash],
    **checks: Any,
) -> tuple[dict[str, Any], dict[tuple[str, str], str]]:
    """Every record the plugins return from a hook, by id; an id two plugins return is left
    out and recorded in `clashes`, whatever order the plugins were loaded in."""
    offers: dict[str, list[tuple[str, Any]]] = {}
    for plugin, results in call_each(manager, hook_name):
        built_in = _built_in(manager, plugin)
        for offered in results:
            if not isinstance(offered, cls):
                raise PluginError(
                    f"plugin '{plugin}' returned {type(offered).__name__} from {hook_name}; "
                    f"it must return {cls.__name__} records",
                    plugin=plugin,
                )
            item: Any = offered
            try:
                if not built_in:
                    item = _checked(offered, plugin, kind, **checks)
            except PluginError as error:
                error.plugin = plugin
                raise
            ident = item.name if isinstance(item, RuleType | Exporter) else item.id
            offers.setdefault(ident, []).append((plugin, item))
    return _unclashed(kind, offers, clashes)


def _plugins(providers: Mapping[tuple[str, str], str]) -> dict[str, str]:
    """The plugin of each id, from the providers of one kind."""
    return {ident: plugin for (_, ident), plugin in providers.items()}


def _builtin_plugins(manager: PluginManager) -> frozenset[str]:
    return frozenset(name for name in manager.info if _built_in(manager, name))


def _built_in(manager: PluginManager, plugin: str) -> bool:
    """Whether `plugin` is one of servicekit's own: its contributions are checked by the test
    suite (tests/test_startup.py), once, rather than at every start-up; any other plugin's
    are checked as they are collected."""
    info = manager.info.get(plugin)
    return info is not None and info.origin == "builtin"


def _unclashed(
    kind: str, offers: Mapping[str, list[tuple[str, Any]]], clashes: list[Clash]
) -> tuple[dict[str, Any], dict[tuple[str, str], str]]:
    items: dict[str, Any] = {}
    providers: dict[tuple[str, str], str] = {}
    for ident, offered in offers.items():
        if len(offered) > 1:
            plugins = tuple(sorted(dict.fromkeys(plugin for plugin, _ in offered)))
            clashes.append(Clash(kind, ident, plugins))
            continue
        (plugin, item) = offered[0]
        items[ident] = item
        providers[(kind, ident)] = plugin
    return dict(sorted(items.items())), providers


def _commands(
    manager: PluginManager, clashes: list[Clash]
) -> tuple[dict[str, Any], dict[tuple[str, str], str]]:
    """The commands each plugin adds, each registered on a click group of its own."""
    import click

    offers: dict[str, list[tuple[str, Any]]] = {}
    for impl in manager.hook.servicekit_register_commands.get_hookimpls():
        group = click.Group()
        call_impl(impl, "servicekit_register_commands", cli=group)
        for name, command in group.commands.items():
            offers.setdefault(name, []).append((impl.plugin_name, command))
    return _unclashed("command", offers, clashes)


def _vocabulary(
    manager: PluginManager, clashes: list[Clash], modalities: Mapping[str, Modality]
) -> tuple[Vocabulary, dict[tuple[str, str], str]]:
    """servicekit's words with the plugins' (`servicekit_vocabulary()`)."""
    offers = []
    for plugin, results in call_each(manager, "servicekit_vocabulary"):
        for item in results:
            _check_word(item, plugin, modalities)
            offers.append((plugin, item))
    extension = vocabulary().extended(offers)
    clashes += [Clash(kind, ident, plugins) for kind, ident, plugins in extension.clashes]
    for plugin, message, hint in extension.dangling:
        raise PluginError(f"plugin '{plugin}' contributed {message}", hint=hint, plugin=plugin)
    return extension.vocabulary, dict(extension.providers)


def _policies(
    checks: Mapping[str, Check],
    providers: Mapping[tuple[str, str], str],
    clashes: list[Clash],
) -> dict[str, Policy]:
    """The policies checks declare. Checks may share one (the same name, choices and
    default); two different policies of one name would leave a clinic's choice ambiguous, so
    neither is kept."""
    declared: dict[str, list[tuple[Policy, str]]] = {}
    for ident, check in checks.items():
        for policy in check.policies:
            declared.setdefault(policy.name, []).append((policy, providers[("check", ident)]))
    kept = {}
    for name, offered in sorted(declared.items()):
        if len({policy for policy, _ in offered}) > 1:
            plugins = tuple(sorted({plugin for _, plugin in offered}))
            clashes.append(Clash("policy", name, plugins))
            continue
        kept[name] = offered[0][0]
    return kept


def _checked(item: Any, plugin: str, kind: str, words: Vocabulary | None = None) -> Any:
    """The record as a catalogue would have it: checked by the same converter, tuples and
    all. A screening rule's words are read with `words`, servicekit's and the plugins'."""
    from servicekit.errors import render_path
    from servicekit.loading.converter import validation_errors
    from servicekit.loading.problems import problems_from

    if isinstance(item, RuleType):
        check_rule_type(item, plugin)
        return item
    if isinstance(item, Check):
        _check_check(item, plugin)
        return item
    if isinstance(item, Exporter):
        _check_exporter(item, plugin)
        return item
    about = f"plugin '{plugin}' contributed an invalid {kind} '{getattr(item, 'id', '?')}'"
    try:
        checked = _read_again(item)
    except validation_errors() as exc:
        problem = next(problems_from(exc))
        where = f"{render_path(problem.path)}: " if problem.path else ""
        raise PluginError(f"{about}: {where}{problem.message}", hint=problem.hint) from None
    if isinstance(checked, ScreeningRule):
        from servicekit.screening.compiled import rule_problems

        for problem in rule_problems(checked, (), words or vocabulary()):
            raise PluginError(
                f"{about}: {render_path(problem.path or ())}: {problem.message}",
                hint=problem.hint,
            )
    if isinstance(checked, Modality | AddOnType):
        _check_properties(checked, about)
    return checked


def _read_again(item: Any) -> Any:
    """The record made plain data, read back by the converter a catalogue is read with."""
    from servicekit.loading.converter import converter_for

    plain = attrs.asdict(item, recurse=True, value_serializer=_plain_mapping)
    return converter_for(None).structure(plain, type(item))


def _plain_mapping(_: Any, __: Any, value: Any) -> Any:
    """A read-only mapping (a rule's translations) as the table a catalogue would give."""
    if isinstance(value, MappingProxyType):
        return {
            key: attrs.asdict(item) if attrs.has(type(item)) else item
            for key, item in value.items()
        }
    return value


def _check_word(item: Any, plugin: str, modalities: Mapping[str, Modality]) -> None:
    """A plugin's vocabulary record: valid ids in a kind plugins may add to, with a name,
    sources, and properties and modalities that exist."""
    from servicekit.errors import did_you_mean
    from servicekit.loading.scalars import ID_PATTERN

    hook = "servicekit_vocabulary"
    if not isinstance(item, Term | Synonym | Population):
        raise PluginError(
            f"plugin '{plugin}' returned {type(item).__name__} from {hook}; it must return "
            "Term, Synonym or Population records",
            plugin=plugin,
        )
    ident = item.word if isinstance(item, Synonym) else item.id
    about = f"plugin '{plugin}' contributed {type(item).__name__.lower()} {ident!r}"

    def fail(message: str, hint: str | None = None) -> PluginError:
        return PluginError(f"{about}: {message}", hint=hint, plugin=plugin)

    if isinstance(item, Term | Synonym) and item.kind not in LISTS:
        raise fail(f"kind {item.kind!r} is not one of {', '.join(LISTS)}")
    ids = [*item.means] if isinstance(item, Synonym) else [item.id]
    for value in ids:
        if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
            raise fail(f"{value!r} is not a valid id", "lower-case letters, digits and dashes")
    words = [item.word] if isinstance(item, Synonym) else []
    words += list(item.synonyms) if isinstance(item, Term) else []
    if not all(isinstance(word, str) and normalized(word) for word in words):
        raise fail("its words must be non-empty text")
    if not isinstance(item, Population):
        if not item.sources or not all(isinstance(s, str) and s.strip() for s in item.sources):
            raise fail("it cites no sources", "sources=(...): where the word comes from")
        if isinstance(item, Synonym) and not item.means:
            raise fail("it means nothing", 'means="<the id of the term it stands for>"')
    if not isinstance(item, Synonym) and not (isinstance(item.name, str) and item.name.strip()):
        raise fail("it has no name")
    if isinstance(item, Population):
        core = vocabulary()
        for prop in item.properties:
            if prop not in core.properties:
                raise fail(f"unknown property '{prop}'", did_you_mean(prop, core.properties))
        for modality in item.modalities:
            if modality not in modalities:
                raise fail(f"unknown modality '{modality}'", did_you_mean(modality, modalities))
        if not (item.pregnant or item.conditions):
            raise fail("no client is in it", "give conditions=(...) or pregnant=True")
        if not (item.properties or item.modalities):
            raise fail("no work is built for it", "give properties=(...) or modalities=(...)")


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
