"""The rule types the plugins contribute, by name, and the checks a plugin's rule type passes.

A rule type's record may name its parameter class by import path (`"package.module:Class"`)
rather than hold it: the class is imported, and a plugin's checked against the pricing
contract, when a catalogue first uses the type (or `servicekit plugins` lists them all), so a
type no catalogue of the run uses costs it nothing. A class given itself is checked when its
plugin is collected, as before. Either way a class that cannot be imported or breaks the
contract is an error naming the plugin and the rule type.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

import attrs

from servicekit.errors import PluginError
from servicekit.model.contributions import RuleType
from servicekit.plugins.guard import guarded

IMPORT_PATH = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*:[A-Za-z_]\w*")
"""How a record names its parameter class: `package.module:Class`."""


class RuleTypes(Mapping[str, RuleType]):
    """The rule types by name; each one's record, as the registry hands it out, holds its
    parameter class. Asking whether a name is known imports nothing."""

    def __init__(
        self, offered: Mapping[str, RuleType], plugins: Mapping[str, str], trusted: frozenset[str]
    ) -> None:
        self._offered = dict(offered)
        self._plugins = dict(plugins)
        """The plugin contributing each type, named in its errors."""
        self._trusted = trusted
        """The plugins whose classes the test suite checks (servicekit's own) rather than a run."""
        self._resolved: dict[str, RuleType] = {}

    def __getitem__(self, name: str) -> RuleType:
        found = self._resolved.get(name)
        if found is None:
            offered = self._offered[name]
            if offered.named is None:
                return offered  # its class was given, and checked when it was collected
            plugin = self._plugins[name]
            found = self._resolved[name] = resolved(offered, plugin, plugin not in self._trusted)
        return found

    def __contains__(self, name: object) -> bool:
        return name in self._offered

    def __iter__(self) -> Iterator[str]:
        return iter(self._offered)

    def __len__(self) -> int:
        return len(self._offered)

    def __repr__(self) -> str:
        return f"RuleTypes({sorted(self._offered)!r})"

    def resolve(self) -> None:
        """Import (and check) every type's parameter class now; the first that fails is a
        `PluginError` naming its plugin."""
        for name in self._offered:
            self[name]


def resolved(rule_type: RuleType, plugin: str, check: bool) -> RuleType:
    """The record with the class its import path names, checked when `check` is set."""
    with guarded(plugin, f"to import rule type '{rule_type.name}' ({rule_type.named})"):
        params = rule_type.params
    found = attrs.evolve(rule_type, params=params)
    if check:
        try:
            check_rule_type(found, plugin)
        except PluginError as error:
            error.plugin = plugin
            raise
    return found


def check_rule_type(rule_type: RuleType, plugin: str) -> None:
    """A rule type's name is an id and its class a catalogue can hold that implements its
    stage's protocol; of a class named by import path, only the path's form, until used."""
    from servicekit.loading.scalars import ID_PATTERN

    about = f"plugin '{plugin}' contributed rule type '{rule_type.name}'"
    if not isinstance(rule_type.name, str) or not ID_PATTERN.fullmatch(rule_type.name):
        raise PluginError(f"{about}, whose name is not a valid id")
    named = rule_type.named
    if named is not None:
        if not IMPORT_PATH.fullmatch(named):
            raise PluginError(
                f"{about}, whose params {named!r} is not an import path",
                hint='give the class, or its path as "package.module:Class"',
            )
        return
    _check_class(rule_type.params, about)


def _check_class(params: type, about: str) -> None:
    from servicekit.loading.converter import RULE_KEYS
    from servicekit.pricing.contract import contract_problem
    from servicekit.schema import unsupported_field

    if not attrs.has(params):
        raise PluginError(f"{about}, whose params {params!r} is not an attrs class")
    clash = [field.name for field in attrs.fields(params) if field.name in RULE_KEYS]
    if clash:
        raise PluginError(
            f"{about}, whose parameter '{clash[0]}' clashes with a key every rule has",
            hint="rename the parameter",
        )
    problem = unsupported_field(params)
    if problem is not None:
        raise PluginError(
            f"{about}: {problem}",
            hint="use the types in servicekit.model.fields, Money, Literal, tuples and attrs "
            "classes; a float cannot hold money or percentages exactly",
        )
    broken = contract_problem(params)
    if broken is not None:
        message, hint = broken
        raise PluginError(f"{about}, whose {params.__name__} {message}", hint=hint)
