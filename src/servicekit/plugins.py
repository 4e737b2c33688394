"""Finding, loading and collecting plugins.

Nothing happens at import time: `plugin_manager()` builds a manager on demand (the CLI once per
run, tests as often as they like), registering the built-in plugins through the same hooks
third-party plugins use, then entry points of the `servicekit` group, then modules named with
`-p`. `Registry` is what the contribution hooks returned, collected once per manager and
reused by every build until a plugin is registered or unregistered.
"""

from __future__ import annotations

import functools
import importlib
import os
from collections.abc import Iterable, Mapping, Sequence
from importlib import metadata
from types import MappingProxyType
from typing import Any, Literal

import attrs
import pluggy

from servicekit import __version__, hookspecs
from servicekit.errors import PluginError, did_you_mean
from servicekit.model.contributions import AddOnType, Modality, RuleType

GROUP = "servicekit"

BUILTIN_PLUGINS: Mapping[str, str] = MappingProxyType(
    {
        "builtin-modalities": "servicekit.builtin.modalities",
        "builtin-addons": "servicekit.builtin.addons",
        "builtin-rules": "servicekit.builtin.rules",
        "builtin-checks": "servicekit.builtin.checks",
    }
)

KINDS: Mapping[str, str] = MappingProxyType(
    {"modality": "modalities", "addon type": "addon_types", "rule type": "rule_types"}
)
"""Kinds of contribution, and the key that lists them in JSON output."""

Origin = Literal["builtin", "entry point", "command line", "registered"]


@attrs.frozen
class PluginInfo:
    """Where a registered plugin came from."""

    name: str
    origin: Origin
    module: str
    version: str | None = None
    distribution: str | None = None


@attrs.frozen
class Registry:
    """Everything the plugins contributed, by id, and which plugin contributed each item.

    `providers` maps `(kind, id)` to a plugin name, kind being "modality", "addon type" or
    "rule type". `validators` are the `servicekit_validate_catalogue` implementations.
    """

    modalities: Mapping[str, Modality]
    addon_types: Mapping[str, AddOnType]
    rule_types: Mapping[str, RuleType]
    providers: Mapping[tuple[str, str], str]
    validators: tuple[pluggy.HookImpl, ...]


class PluginManager(pluggy.PluginManager):
    """pluggy's manager, plus where each plugin came from and its collected contributions."""

    def __init__(self) -> None:
        super().__init__(GROUP)
        self.add_hookspecs(hookspecs)
        self.info: dict[str, PluginInfo] = {}
        self._registry: Registry | None = None

    def parse_hookimpl_opts(self, plugin: object, name: str) -> Any:
        # Like pytest: a `servicekit_*` function is a hook implementation even without the
        # marker, so a misspelt hook name is caught by check() instead of silently ignored.
        opts = super().parse_hookimpl_opts(plugin, name)
        if opts is None and name.startswith(f"{GROUP}_") and callable(getattr(plugin, name)):
            return {}
        return opts

    def register(self, plugin: object, name: str | None = None) -> str | None:
        self._registry = None
        try:
            registered = super().register(plugin, name)
        except pluggy.PluginValidationError as exc:
            raise PluginError(
                f"plugin '{name or plugin}' does not fit the plugin contract: {exc}",
                hint="compare its hook functions with docs/plugins.md",
            ) from None
        if registered and registered not in self.info:
            module = getattr(plugin, "__name__", type(plugin).__module__)
            self.info[registered] = PluginInfo(registered, "registered", module)
        return registered

    def unregister(self, plugin: object = None, name: str | None = None) -> Any:
        self._registry = None
        name = name or self.get_name(plugin)
        removed = super().unregister(plugin, name)
        self.info.pop(name or "", None)
        return removed

    def registry(self) -> Registry:
        """The plugins' contributions; collected on first use and after any (un)registration."""
        if self._registry is None:
            self._registry = _collect(self)
        return self._registry

    def check(self) -> None:
        """Fail, naming the plugin, when a plugin implements a hook that does not exist."""
        try:
            self.check_pending()
        except pluggy.PluginValidationError as exc:
            name = self.get_name(exc.plugin) or repr(exc.plugin)
            known = [
                hook
                for hook in dir(self.hook)
                if hook.startswith(f"{GROUP}_") and getattr(self.hook, hook).has_spec()
            ]
            unknown = [
                hook
                for hook in dir(exc.plugin)
                if hook.startswith(f"{GROUP}_") and not getattr(self.hook, hook).has_spec()
            ]
            hook = unknown[0] if unknown else "?"
            raise PluginError(
                f"plugin '{name}' implements '{hook}', which is not a servicekit hook",
                hint=did_you_mean(hook, known),
            ) from None


def plugin_manager(
    *,
    modules: Sequence[str] = (),
    blocked: Iterable[str] = (),
    entry_points: bool | Iterable[str] = True,
) -> PluginManager:
    """A fresh plugin manager with the built-ins, entry points and `modules` registered.

    `blocked` names plugins not to load (built-in, entry point or module). `entry_points` is
    True for all of the `servicekit` group, False for none, or the names to allow.
    """
    manager = PluginManager()
    blocked = set(blocked)
    for name in blocked:
        manager.set_blocked(name)
    for name, module in BUILTIN_PLUGINS.items():
        if name not in blocked:
            _register(manager, importlib.import_module(module), name, "builtin", __version__)
    if entry_points:
        allowed = None if entry_points is True else set(entry_points)
        _load_entry_points(manager, allowed, blocked)
    for module_name in modules:
        if module_name not in blocked:
            _register(manager, _import(module_name), module_name, "command line")
    manager.check()
    return manager


def plugin_manager_from_env(
    *,
    modules: Sequence[str] = (),
    blocked: Iterable[str] = (),
    environ: Mapping[str, str] | None = None,
) -> PluginManager:
    """A plugin manager as the command line builds it, honouring the environment variables.

    `SERVICEKIT_LOAD_PLUGINS` is an allow-list of entry-point plugins (set and empty: none);
    `SERVICEKIT_DISABLE_PLUGINS` blocks plugins by name. Both are comma-separated.
    """
    environ = os.environ if environ is None else environ
    allowed: bool | list[str] = True
    if "SERVICEKIT_LOAD_PLUGINS" in environ:
        allowed = _names(environ["SERVICEKIT_LOAD_PLUGINS"])
    blocked = [*blocked, *_names(environ.get("SERVICEKIT_DISABLE_PLUGINS", ""))]
    return plugin_manager(modules=modules, blocked=blocked, entry_points=allowed)


@functools.cache
def default_plugin_manager() -> PluginManager:
    """The manager `servicekit.load()` uses when given none: built once, from the environment."""
    return plugin_manager_from_env(environ=None)


def _names(value: str) -> list[str]:
    return [name.strip() for name in value.split(",") if name.strip()]


def _register(
    manager: PluginManager,
    plugin: object,
    name: str,
    origin: Origin,
    version: str | None = None,
    distribution: str | None = None,
) -> None:
    if manager.register(plugin, name=name):
        module = getattr(plugin, "__name__", type(plugin).__module__)
        manager.info[name] = PluginInfo(name, origin, module, version, distribution)


def _import(module_name: str) -> object:
    try:
        return importlib.import_module(module_name)
    except Exception as exc:
        raise PluginError(
            f"cannot import plugin module '{module_name}': {type(exc).__name__}: {exc}",
            hint="check the module name and that it is importable from this Python",
        ) from None


def _load_entry_points(manager: PluginManager, allowed: set[str] | None, blocked: set[str]):
    for entry_point in sorted(metadata.entry_points(group=GROUP), key=lambda ep: ep.name):
        if entry_point.name in blocked or (
            allowed is not None and entry_point.name not in allowed
        ):
            continue
        if manager.has_plugin(entry_point.name):
            continue
        dist = entry_point.dist
        try:
            plugin = entry_point.load()
        except Exception as exc:
            source = f" from {dist.name} {dist.version}" if dist else ""
            raise PluginError(
                f"plugin '{entry_point.name}'{source} could not be loaded: "
                f"{type(exc).__name__}: {exc}",
                hint=f"reinstall it, or run with -p no:{entry_point.name} to skip it",
            ) from None
        _register(
            manager,
            plugin,
            entry_point.name,
            "entry point",
            dist.version if dist else None,
            dist.name if dist else None,
        )


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

    An exception in it, or in the generator it returns, becomes a `PluginError` naming it.
    """
    try:
        return as_list(impl.function(*(kwargs[arg] for arg in impl.argnames)))
    except PluginError:
        raise
    except Exception as exc:
        raise PluginError(
            f"plugin '{impl.plugin_name}' failed in {hook_name}: {type(exc).__name__}: {exc}",
            hint=f"report it to the plugin's authors, or run with -p no:{impl.plugin_name}",
        ) from exc


def as_list(result: Any) -> list[Any]:
    if result is None:
        return []
    if attrs.has(type(result)):
        return [result]
    return list(result)


def _contributed(
    manager: PluginManager, hook_name: str, kind: str, cls: type, key: str
) -> tuple[dict[str, Any], dict[tuple[str, str], str]]:
    items: dict[str, Any] = {}
    providers: dict[tuple[str, str], str] = {}
    for plugin, results in call_each(manager, hook_name):
        for item in results:
            if not isinstance(item, cls):
                raise PluginError(
                    f"plugin '{plugin}' returned {type(item).__name__} from {hook_name}; "
                    f"it must return {cls.__name__} records"
                )
            ident = getattr(item, key)
            if ident in items:
                first = providers[(kind, ident)]
                raise PluginError(
                    f"{kind} '{ident}' is provided by both '{first}' and '{plugin}'",
                    hint=f"block one of them, e.g. -p no:{plugin}",
                )
            items[ident] = item
            providers[(kind, ident)] = plugin
    return dict(sorted(items.items())), providers


def _collect(manager: PluginManager) -> Registry:
    modalities, by_modality = _contributed(
        manager, "servicekit_modalities", "modality", Modality, "id"
    )
    addon_types, by_addon = _contributed(
        manager, "servicekit_addon_types", "addon type", AddOnType, "id"
    )
    rule_types, by_rule = _contributed(
        manager, "servicekit_rule_types", "rule type", RuleType, "name"
    )
    caller = manager.hook.servicekit_validate_catalogue
    validators = tuple(caller.get_hookimpls())
    return Registry(
        modalities=MappingProxyType(modalities),
        addon_types=MappingProxyType(addon_types),
        rule_types=MappingProxyType(rule_types),
        providers=MappingProxyType({**by_modality, **by_addon, **by_rule}),
        validators=validators,
    )


def describe(manager: PluginManager) -> list[dict[str, Any]]:
    """Every registered plugin: where it came from, its hooks and what it contributes."""
    registry = manager.registry()
    contributed: dict[str, dict[str, list[str]]] = {}
    for (kind, ident), plugin in sorted(registry.providers.items()):
        contributed.setdefault(plugin, {}).setdefault(KINDS[kind], []).append(ident)
    for plugin, commands in _commands(manager).items():
        contributed.setdefault(plugin, {})["commands"] = commands
    plugins = []
    for name, info in sorted(manager.info.items()):
        plugin = manager.get_plugin(name)
        hooks = sorted(caller.name for caller in manager.get_hookcallers(plugin) or ())
        plugins.append(
            {
                "name": name,
                "version": info.version,
                "origin": info.origin,
                "module": info.module,
                "distribution": info.distribution,
                "hooks": hooks,
                "contributes": contributed.get(name, {}),
            }
        )
    return plugins


def _commands(manager: PluginManager) -> dict[str, list[str]]:
    import click

    commands = {}
    caller = manager.hook.servicekit_register_commands
    for impl in caller.get_hookimpls():
        group = click.Group()
        call_impl(impl, "servicekit_register_commands", cli=group)
        commands[impl.plugin_name] = sorted(group.commands)
    return commands
