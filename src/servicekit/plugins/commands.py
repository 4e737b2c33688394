"""Plugin commands listed by name and imported when they run (click's "LazyGroup" pattern).

A plugin adds a command in `servicekit_register_commands(cli)` with `cli.add_command(...)`.
Collecting plugins calls that hook for every run, so a plugin whose command module is heavy
adds a `LazyCommand` instead: its name, the import path of the click command and its short
help. The module is imported when the command is asked for, and every other command (check,
quote, ...) never imports it.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

from servicekit.errors import PluginError
from servicekit.plugins.guard import guarded


class LazyCommand(click.Command):
    """A command `servicekit` lists by `name` and imports from `path` ("package.module:name")
    when it is asked for: `cli.add_command(LazyCommand("billing", "mine.cli:billing",
    short_help="..."))`."""

    def __init__(self, name: str, path: str, *, short_help: str) -> None:
        super().__init__(name, short_help=short_help)
        self.path = path

    def load(self, plugin: str) -> click.Command:
        """The command the path names; a failure to import it is `plugin`'s error."""
        module, _, attribute = self.path.partition(":")
        with guarded(plugin, f"to import command '{self.name}' ({self.path})"):
            found: Any = getattr(importlib.import_module(module), attribute)
        if not isinstance(found, click.Command):
            raise PluginError(
                f"plugin '{plugin}' added command '{self.name}' as {self.path}, which is "
                f"{type(found).__name__}, not a click command",
                hint="name the command itself, made with @click.command() or @click.group()",
                plugin=plugin,
            )
        return found

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        """The command imported, in a context of its own: how a `LazyCommand` inside a
        plugin's group runs (servicekit's own group imports its commands by name)."""
        loaded = self.load(self.plugin)
        return loaded.make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        return self.load(self.plugin).invoke(ctx)

    @property
    def plugin(self) -> str:
        """Who a failure to import it is blamed on, where nothing says which plugin added it:
        the top package of its path."""
        return self.path.partition(":")[0].partition(".")[0]
