"""`servicekit plugins` as data: every plugin, where it came from and what it contributes."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from servicekit.errors import PluginError
from servicekit.plugins.manager import PluginManager
from servicekit.plugins.registry import KINDS, call_impl


def describe(manager: PluginManager, *, reserved: Collection[str] = ()) -> list[dict[str, Any]]:
    """Every registered plugin: origin, version, hooks and contributions.

    `reserved` are command names a plugin may not take (the built-in commands).
    """
    registry = manager.registry()
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
    for plugin, commands in plugin_commands(manager, reserved=reserved).items():
        contributed.setdefault(plugin, {})["commands"] = sorted(commands)
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
                "policies": [policy for _, policy in sorted(policies.get(name, {}).items())],
                "broken": None,
            }
        )
    for name, why in sorted(manager.broken.items()):
        plugins.append(
            {
                "name": name,
                "version": None,
                "origin": "entry point",
                "module": None,
                "distribution": None,
                "hooks": [],
                "contributes": {},
                "policies": [],
                "broken": why,
            }
        )
    return plugins


def plugin_commands(
    manager: PluginManager, *, reserved: Collection[str] = ()
) -> dict[str, dict[str, Any]]:
    """The commands each plugin adds, by plugin, each registered on a group of its own."""
    import click

    commands: dict[str, dict[str, Any]] = {}
    owners: dict[str, str] = {}
    for impl in manager.hook.servicekit_register_commands.get_hookimpls():
        group = click.Group()
        call_impl(impl, "servicekit_register_commands", cli=group)
        for name in group.commands:
            taken = "servicekit" if name in reserved else owners.get(name)
            if taken is not None:
                raise PluginError(
                    f"plugin '{impl.plugin_name}' adds a command '{name}', "
                    f"which {taken} already has",
                    hint="its authors must rename the command",
                )
            owners[name] = impl.plugin_name
        commands[impl.plugin_name] = dict(group.commands)
    return commands
