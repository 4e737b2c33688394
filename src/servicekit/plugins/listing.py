"""`servicekit plugins` as data: every plugin, where it came from and what it contributes."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from servicekit.errors import PluginError
from servicekit.plugins import first_party
from servicekit.plugins.manager import BUILTIN_PLUGINS, SCREENING_PACK, PluginManager
from servicekit.plugins.registry import KINDS


def describe(manager: PluginManager, *, reserved: Collection[str] = ()) -> list[dict[str, Any]]:
    """Every registered plugin: origin, version, hooks and contributions; then the plugins
    left out as broken, and the built-in and first-party plugins that are blocked, with what
    screening makes of it.

    `reserved` are command names a plugin may not take (the built-in commands).
    """
    registry = manager.registry(resolved=True)  # every rule type checked, named or given
    contributed: dict[str, dict[str, list[str]]] = {}
    policies: dict[str, dict[str, dict[str, Any]]] = {}
    for (kind, ident), plugin in sorted(registry.providers.items()):
        contributed.setdefault(plugin, {}).setdefault(KINDS[kind], []).append(ident)
        if kind == "check":  # the clinic's choices it reads, for `[screening] policies`
            for policy in registry.checks[ident].policies:
                read = contributed[plugin].setdefault("policies", [])
                read[:] = sorted({*read, policy.name})
                policies.setdefault(plugin, {})[policy.name] = {
                    "name": policy.name,
                    "choices": list(policy.choices),
                    "default": policy.default,
                    "description": policy.description,
                }
    plugin_commands(manager, reserved=reserved, load=False)  # a built-in's name is refused
    plugins = []
    for name, info in sorted(manager.info.items()):
        registered = manager.get_plugin(name)
        hooks = sorted(caller.name for caller in manager.get_hookcallers(registered) or ())
        plugins.append(
            {
                "name": name,
                "version": info.version,
                "origin": info.origin,
                "module": info.module,
                "distribution": info.distribution,
                "hooks": hooks,
                "contributes": contributed.get(name, {}),
                "policies": [policy for _, policy in sorted(policies.get(name, {}).items())],
                "broken": None,
                "blocked": False,
                "clashes": [clash.message for clash in registry.clashes if name in clash.plugins],
                "screening": None,
            }
        )
    for name, why in sorted(manager.broken.items()):
        plugins.append(
            {
                "name": name,
                "version": None,
                "origin": "builtin" if name in BUILTIN_PLUGINS else "entry point",
                "module": None,
                "distribution": None,
                "hooks": [],
                "contributes": {},
                "policies": [],
                "broken": why,
                "blocked": False,
                "clashes": [],
                "screening": _missing(name, broken=True),
            }
        )
    for name in sorted(registry.blocked & {*BUILTIN_PLUGINS, *first_party.PACKAGES}):
        plugins.append(
            {
                "name": name,
                "version": None,
                "origin": "builtin" if name in BUILTIN_PLUGINS else "entry point",
                "module": BUILTIN_PLUGINS.get(name),
                "distribution": first_party.PACKAGES.get(name),
                "hooks": [],
                "contributes": {},
                "policies": [],
                "broken": None,
                "blocked": True,
                "clashes": [],
                "screening": _missing(name, broken=False),
            }
        )
    return plugins


def _missing(name: str, *, broken: bool) -> str | None:
    """What screening makes of a plugin that is not loaded, when it matters to screening."""
    if name == SCREENING_PACK:
        return "every screening is incomplete without the contraindication rule pack"
    work = [w for w, plugin in first_party.SCREENED_WORK.items() if plugin == name]
    if work:
        return (
            f"screening is incomplete for a catalogue with {' or '.join(work)} work of its "
            "own: this plugin's checks screen it"
        )
    return "every screening is incomplete while it is broken" if broken else None


def plugin_commands(
    manager: PluginManager, *, reserved: Collection[str] = (), load: bool = True
) -> dict[str, dict[str, Any]]:
    """The commands each plugin adds, by plugin. A command two plugins add is in neither (the
    registry's clashes say so); one that takes a built-in command's name is refused.

    A `LazyCommand` is imported now, unless `load` is False (to list the names only).
    """
    from servicekit.plugins.commands import LazyCommand

    registry = manager.registry()
    commands: dict[str, dict[str, Any]] = {}
    for name, command in registry.commands.items():
        plugin = registry.providers[("command", name)]
        if name in reserved:
            raise PluginError(
                f"plugin '{plugin}' adds a command '{name}', which servicekit already has",
                hint="its authors must rename the command",
            )
        if load and isinstance(command, LazyCommand):
            command = command.load(plugin)
        commands.setdefault(plugin, {})[name] = command
    return commands
