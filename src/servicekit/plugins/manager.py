"""The plugin manager: built-ins, entry points and `-p` modules, registered and checked.

Built-in plugins register through the same hooks third-party plugins use; then the entry points
of the `servicekit` group; then modules named with `-p`. Each registration is checked at once,
so a misspelt hook fails where it is made, naming the plugin.
"""

from __future__ import annotations

import functools
import importlib
import os
import types
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, Literal

import attrs
import pluggy

from servicekit import __version__, hookspecs
from servicekit.errors import PluginError, did_you_mean
from servicekit.plugins.guard import exits_refused, raised_at, what_happened
from servicekit.plugins.installed import entry_points
from servicekit.plugins.registry import SCREENING_PACK, Registry, collect

GROUP = "servicekit"

BUILTIN_PLUGINS: Mapping[str, str] = MappingProxyType(
    {
        "builtin-modalities": "servicekit.builtin.modalities",
        "builtin-addons": "servicekit.builtin.addons",
        "builtin-rules": "servicekit.builtin.rules",
        "builtin-checks": "servicekit.builtin.checks",
        "builtin-screening": "servicekit.builtin.screening",
        "builtin-exporters": "servicekit.builtin.exporters",
    }
)

Origin = Literal["builtin", "entry point", "command line", "registered"]


@attrs.frozen
class PluginInfo:
    """Where a registered plugin came from."""

    name: str
    origin: Origin
    module: str
    version: str | None = None
    distribution: str | None = None


class PluginManager(pluggy.PluginManager):
    """pluggy's manager, plus where each plugin came from and its collected contributions.

    `notices` are things worth telling the user that are not errors, such as a blocked plugin
    name that matches no plugin.
    """

    def __init__(self) -> None:
        super().__init__(GROUP)
        self.add_hookspecs(hookspecs)
        self.info: dict[str, PluginInfo] = {}
        self.notices: list[str] = []
        self.broken: dict[str, str] = {}
        """Installed plugins left out because they are broken, with why."""
        self._registry: Registry | None = None

    def parse_hookimpl_opts(self, plugin: object, name: str) -> Any:
        # Like pytest: a `servicekit_*` function is a hook implementation even without the
        # marker, so a misspelt hook name is caught instead of silently ignored.
        function = _module_function(plugin, name)
        if function is not None:
            opts = _marked(function)
        elif _not_hookable(plugin, name):
            opts = None
        else:
            opts = super().parse_hookimpl_opts(plugin, name)
        if opts is None and name.startswith(f"{GROUP}_") and callable(getattr(plugin, name)):
            return {}
        return opts

    def register(
        self, plugin: object, name: str | None = None, *, origin: Origin = "registered"
    ) -> str | None:
        """Register a plugin; a plugin already registered (under any name) is left as it is."""
        if self.is_registered(plugin):
            return self.get_name(plugin)
        if name is not None and self.has_plugin(name):
            raise PluginError(
                f"a plugin named '{name}' is already registered",
                hint=f"give yours another name, or block one of them with -p no:{name}",
            )
        self._registry = None
        try:
            registered = super().register(plugin, name)
        except pluggy.PluginValidationError as exc:
            raise PluginError(
                f"plugin '{name or plugin}' does not fit the plugin contract: {exc}",
                hint="compare its hook functions with docs/plugins.md",
            ) from None
        if registered is not None:
            self._check_hooks(plugin, registered)
            module = getattr(plugin, "__name__", type(plugin).__module__)
            self.info[registered] = PluginInfo(registered, origin, module)
        return registered

    def unregister(self, plugin: object = None, name: str | None = None) -> Any:
        self._registry = None
        name = name or self.get_name(plugin)
        removed = super().unregister(plugin, name)
        self.info.pop(name or "", None)
        return removed

    def registry(self, *, resolved: bool = False) -> Registry:
        """The plugins' contributions; collected on first use and after any (un)registration.

        An installed (entry-point) plugin whose contributions break the contract is left out,
        named in `broken`, and the rest are collected again; so is a broken rule pack, which
        screening then reports as missing. Any other plugin's is an error. Ids two plugins
        contribute are `clashes`, told as notices.

        `resolved` imports and checks every rule type's parameter class named by import path
        now (`servicekit plugins`), rather than when a catalogue first uses the type: a
        broken one is its plugin's broken contribution, as above.
        """
        while True:
            try:
                collected = self._registry or collect(self)
                if resolved:
                    collected.rule_types.resolve()
            except PluginError as error:
                self._registry = None
                culprit = error.plugin
                if culprit is None or self.info.get(culprit, None) is None:
                    raise
                if self.info[culprit].origin != "entry point" and culprit != SCREENING_PACK:
                    raise
                self.leave_out(culprit, str(error))
                continue
            if self._registry is None:
                self._registry = collected
                told = [str(clash) for clash in collected.clashes]
                self.notices += [notice for notice in told if notice not in self.notices]
            return collected

    def leave_out(self, name: str, why: str) -> None:
        """Unregister a broken plugin and say so; the others keep working."""
        if self.has_plugin(name):
            self.unregister(name=name)
        self.broken[name] = why
        if name == SCREENING_PACK:
            after = "every screening is incomplete without the rule pack: reinstall servicekit"
        else:
            after = f"screening stays incomplete until it is fixed or blocked with -p no:{name}"
        self.notices.append(f"plugin '{name}' is broken and was left out: {why} ({after})")

    def _check_hooks(self, plugin: object, name: str) -> None:
        # pluggy has just found the plugin's hook implementations: one without a spec is a
        # function named like a hook, or marked as one, that is no hook of ours.
        unknown = sorted(
            caller.name for caller in self.get_hookcallers(plugin) or () if not caller.has_spec()
        )
        if unknown:
            super().unregister(plugin)
            known = [
                hook
                for hook in dir(self.hook)
                if hook.startswith(f"{GROUP}_") and getattr(self.hook, hook).has_spec()
            ]
            raise PluginError(
                f"plugin '{name}' implements '{unknown[0]}', which is not a servicekit hook",
                hint=did_you_mean(unknown[0], known),
            )
        self.check_pending()  # pluggy's own check, now certain to pass


def _not_hookable(plugin: object, name: str) -> bool:
    """Whether a module's attribute `name` is surely no hook implementation: pluggy finds its
    hooks among the plugin's functions (and static, class and bound methods), and a module's
    attribute is what its namespace holds. Asking pluggy costs each of the hundreds of names
    in the plugins' modules an `inspect.getattr_static` (slow on Python 3.11); it is asked
    of every function, and of anything else but a module's own attributes."""
    if not isinstance(plugin, types.ModuleType):
        return False
    value = vars(plugin).get(name, _ABSENT)
    return value is not _ABSENT and not isinstance(value, _HOOKABLE)


_ABSENT = object()
_HOOKABLE = (types.FunctionType, types.MethodType, staticmethod, classmethod)


def _module_function(plugin: object, name: str) -> types.FunctionType | None:
    """A plain function a module's namespace holds as `name`, or None for anything else."""
    if not isinstance(plugin, types.ModuleType):
        return None
    value = vars(plugin).get(name)
    return value if type(value) is types.FunctionType else None


def _marked(function: types.FunctionType) -> Any:
    """What pluggy finds of a module's plain function: the options `@hookimpl` set on it, or
    None. Read here, as pluggy reads them once it has the function: pluggy first finds it
    with `inspect.getattr_static`, which costs the dozens of functions in the plugins'
    modules more than all the rest of registering them (Python 3.11)."""
    opts = getattr(function, f"{GROUP}_impl", None)
    return opts if isinstance(opts, dict) else None


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
        _register(manager, importlib.import_module(module), name, "builtin", __version__)
    found = set(BUILTIN_PLUGINS) | set(modules)
    if entry_points:
        allowed = None if entry_points is True else set(entry_points)
        found |= _load_entry_points(manager, allowed)
        for name in sorted((allowed or set()) - found):
            manager.notices.append(f"plugin '{name}' is allowed, but no such plugin is installed")
    installed = _installed_names() if modules else {}
    for module_name in modules:
        # An installed plugin's module keeps its entry point's name, which its
        # `[plugins.<name>]` settings table and `-p no:<name>` use.
        name = installed.get(module_name, module_name)
        if not manager.is_blocked(module_name) and not manager.is_blocked(name):
            _register(manager, _import(module_name), name, "command line")
    for name in sorted(blocked - found):
        manager.notices.append(f"plugin '{name}' is blocked, but there is no plugin of that name")
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
    return plugin_manager_from_env()


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
    if manager.is_registered(plugin):
        return  # installed and also given with -p: what the entry point said stands
    if manager.register(plugin, name=name, origin=origin) == name:
        manager.info[name] = attrs.evolve(
            manager.info[name], version=version, distribution=distribution
        )


def _import(module_name: str) -> object:
    try:
        with exits_refused():
            return importlib.import_module(module_name)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:
        not_found = isinstance(exc, ModuleNotFoundError) and f"{module_name}.".startswith(
            f"{exc.name}."
        )
        hint = (
            "check the module name and that it is importable from this Python"
            if not_found
            else f"the module raised it{raised_at(exc)}: fix it there"
        )
        raise PluginError(
            f"cannot import plugin module '{module_name}': {what_happened(exc)}", hint=hint
        ) from None


def _installed_names() -> dict[str, str]:
    """Module name → entry point name, for the group's entry points that name a module."""
    return {
        entry_point.value: entry_point.name
        for entry_point in entry_points(GROUP)
        if ":" not in entry_point.value
    }


def _load_entry_points(manager: PluginManager, allowed: set[str] | None) -> set[str]:
    """Register the group's entry points (the allowed ones); return the names found."""
    found = set()
    for entry_point in sorted(entry_points(GROUP), key=lambda ep: ep.name):
        name = entry_point.name
        distribution, version = entry_point.distribution, entry_point.version
        source = f" from {distribution} {version}" if distribution else ""
        found.add(name)
        if name in BUILTIN_PLUGINS:
            raise PluginError(
                f"plugin '{name}'{source} takes the name of a built-in plugin",
                hint="its authors must rename its entry point",
            )
        if manager.is_blocked(name) or (allowed is not None and name not in allowed):
            continue
        installed_from = f" ({source.strip()})" if source else ""
        try:
            with exits_refused():
                plugin = entry_point.load()
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # an installed plugin that breaks must not stop the rest
            manager.leave_out(name, f"{what_happened(exc)}{raised_at(exc)}{installed_from}")
            continue
        try:
            _register(manager, plugin, name, "entry point", version, distribution)
        except PluginError as error:
            manager.leave_out(name, f"{error}{installed_from}")
    return found
