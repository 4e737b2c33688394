"""Plugins: finding and loading them (`manager`), collecting what they contribute
(`registry`), and describing them (`listing`).

Nothing happens at import time: `plugin_manager()` builds a manager on demand (the CLI once per
run, tests as often as they like). The names below are resolved on first use, so a command
imports only the modules it needs (`check` never lists plugins).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from servicekit import lazy

_EXPORTS = {
    "LazyCommand": "servicekit.plugins.commands",
    "describe": "servicekit.plugins.listing",
    "BUILTIN_PLUGINS": "servicekit.plugins.manager",
    "GROUP": "servicekit.plugins.manager",
    "PluginInfo": "servicekit.plugins.manager",
    "PluginManager": "servicekit.plugins.manager",
    "default_plugin_manager": "servicekit.plugins.manager",
    "plugin_manager": "servicekit.plugins.manager",
    "plugin_manager_from_env": "servicekit.plugins.manager",
    "KINDS": "servicekit.plugins.registry",
    "Registry": "servicekit.plugins.registry",
    "as_list": "servicekit.plugins.registry",
    "call_each": "servicekit.plugins.registry",
    "call_impl": "servicekit.plugins.registry",
}

__all__ = [
    "BUILTIN_PLUGINS",
    "GROUP",
    "KINDS",
    "LazyCommand",
    "PluginInfo",
    "PluginManager",
    "Registry",
    "as_list",
    "call_each",
    "call_impl",
    "default_plugin_manager",
    "describe",
    "plugin_manager",
    "plugin_manager_from_env",
]


def __getattr__(name: str) -> Any:
    return lazy.attribute(globals(), _EXPORTS, name)


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:
    from servicekit.plugins.commands import LazyCommand
    from servicekit.plugins.listing import describe
    from servicekit.plugins.manager import (
        BUILTIN_PLUGINS,
        GROUP,
        PluginInfo,
        PluginManager,
        default_plugin_manager,
        plugin_manager,
        plugin_manager_from_env,
    )
    from servicekit.plugins.registry import KINDS, Registry, as_list, call_each, call_impl
