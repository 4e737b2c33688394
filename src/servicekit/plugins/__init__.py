"""Plugins: finding and loading them (`manager`), collecting what they contribute
(`registry`), and describing them (`listing`).

Nothing happens at import time: `plugin_manager()` builds a manager on demand (the CLI once per
run, tests as often as they like).
"""

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

__all__ = [
    "BUILTIN_PLUGINS",
    "GROUP",
    "KINDS",
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
