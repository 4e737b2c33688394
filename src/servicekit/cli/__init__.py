"""The `servicekit` command line: thin commands over the Python API.

Start-up is kept to importing click: each command's module is imported when the command runs,
and plugins (entry points, pluggy, attrs) are loaded only by commands that need them.
"""

from __future__ import annotations

import gc
import importlib
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

import click

from servicekit import __version__

if TYPE_CHECKING:
    from servicekit.errors import ServicekitError
    from servicekit.plugins import PluginManager

COMMANDS = {
    "check": "servicekit.cli.check",
    "conditions": "servicekit.cli.conditions",
    "diff": "servicekit.cli.diff",
    "export": "servicekit.cli.export",
    "fmt": "servicekit.cli.fmt",
    "import": "servicekit.cli.importing",
    "init": "servicekit.cli.init",
    "menu": "servicekit.cli.menu",
    "plugins": "servicekit.cli.plugins",
    "quote": "servicekit.cli.quote",
    "recommend": "servicekit.cli.recommend",
    "schema": "servicekit.cli.schema",
    "screen": "servicekit.cli.screen",
    "serve": "servicekit.cli.serve",
    "square": "servicekit.cli.square",
}

# Commands that start by building the catalogues they read (plugins collected, each built):
# the collector stays paused until they call `started()`, once that is done.
BUILT_AT_START_UP = frozenset({"check", "diff", "export", "menu", "quote", "recommend", "screen"})

# Whether the cyclic garbage collector was enabled when `main` paused it; empty when it runs.
_PAUSED: list[bool] = []


def _pause_collector() -> None:
    """Pause the cyclic garbage collector while the command starts.

    Start-up makes objects that live for the whole run (modules, classes, plugins, the
    catalogue) and frees its temporaries by reference counting; the collector would walk the
    survivors again and again, and once more at exit, for nothing. Only `main` pauses it, so
    the Python API (and `cli` invoked in tests) runs as before.
    """
    _PAUSED.append(gc.isenabled())
    gc.disable()


def _resume_collector() -> None:
    """The collector runs again as it did before `main` paused it."""
    while _PAUSED:
        if _PAUSED.pop():
            gc.enable()


def started() -> None:
    """Start-up is over: what it made lives until the process exits, so the collector leaves
    it out of its walks from now on (`gc.freeze`), and runs again as it did before."""
    if _PAUSED:
        gc.freeze()
    _resume_collector()


class Session:
    """What every command shares: the `-p` options and the plugins they lead to."""

    def __init__(self, plugin_options: tuple[str, ...]) -> None:
        self.modules = [name for name in plugin_options if not name.startswith("no:")]
        self.blocked = [name[3:] for name in plugin_options if name.startswith("no:")]

    @cached_property
    def plugins(self) -> PluginManager:
        from servicekit.plugins import plugin_manager_from_env

        manager = plugin_manager_from_env(modules=self.modules, blocked=self.blocked)
        manager.registry()  # collected now, so a plugin left out as broken is reported here
        for notice in manager.notices:
            click.echo(f"warning: {notice}", err=True)
        return manager

    @cached_property
    def plugin_commands(self) -> dict[str, click.Command]:
        """Commands plugins add, each registered on a group of this run's own; a lazy one
        not yet imported (`command`, which imports only the command asked for)."""
        from servicekit.plugins.listing import plugin_commands

        by_plugin = plugin_commands(self.plugins, reserved=COMMANDS, load=False)
        return {
            name: command for commands in by_plugin.values() for name, command in commands.items()
        }

    def command(self, name: str) -> click.Command | None:
        """The plugin command `name`, imported if it is lazy: another plugin's broken lazy
        command never stands in its way."""
        from servicekit.plugins.commands import LazyCommand

        command = self.plugin_commands.get(name)
        if isinstance(command, LazyCommand):
            command = command.load(self.plugins.registry().providers[("command", name)])
        return command


class ServicekitGroup(click.Group):
    """Commands imported on demand; plugin commands registered when one is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *super().list_commands(ctx)})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in COMMANDS:
            return importlib.import_module(COMMANDS[name]).command
        command = super().get_command(ctx, name)
        if command is None and not ctx.resilient_parsing:
            with handle_errors():
                session = session_of(ctx)
                command = session.command(name)
                clash = session.plugins.registry().clash("command", name)
                if clash is not None:
                    from servicekit.errors import PluginError

                    raise PluginError(clash.message, hint=clash.hint)
            if command is None:
                from servicekit.plugins import first_party

                if name in first_party.COMMANDS:
                    plugin = first_party.COMMANDS[name]
                    ctx.fail(f"No such command '{name}': {first_party.install_hint(plugin)}.")
        return command

    def invoke(self, ctx: click.Context) -> Any:
        with handle_errors():
            return super().invoke(ctx)


def session_of(ctx: click.Context) -> Session:
    """The session of this run; made from the parsed `-p` options on first use.

    A subcommand is resolved before the group's callback runs, so the session cannot wait for it.
    """
    root = ctx.find_root()
    if not isinstance(root.obj, Session):
        root.obj = Session(root.params.get("plugin_options", ()))
    return root.obj


class handle_errors:
    """Print a `ServicekitError` without a traceback and exit with its status (1, or 5 for
    screening that could not finish); let bugs raise."""

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: type | None, error: BaseException | None, _tb: object
    ) -> Literal[False]:
        from servicekit.errors import ServicekitError

        if not isinstance(error, ServicekitError):
            return False
        report(error)
        raise SystemExit(error.exit_code)


def report(error: ServicekitError) -> None:
    """Print an error the user can fix to standard error: what, where and how to fix it."""
    from servicekit.errors import DocumentError

    click.echo(str(error) if isinstance(error, DocumentError) else f"error: {error}", err=True)


def _check_plugin_options(
    _ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]
) -> tuple[str, ...]:
    for value in values:
        if value in ("", "no:"):
            raise click.BadParameter("give a module name, or no:NAME to block a plugin")
    return values


@click.group(
    cls=ServicekitGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="Plugins may add commands; `servicekit plugins` lists every plugin and its commands.",
)
@click.version_option(__version__, "--version", prog_name="servicekit")
@click.option(
    "-p",
    "plugin_options",
    multiple=True,
    metavar="MODULE",
    callback=_check_plugin_options,
    help="Load a plugin module by import name; -p no:NAME blocks a plugin. Repeatable.",
)
@click.pass_context
def cli(ctx: click.Context, plugin_options: tuple[str, ...]) -> None:
    """Validate, price and screen massage clinic service catalogues.

    A catalogue is a TOML file describing the clinic's services, durations, prices, add-ons,
    pricing rules and taxes; see docs/catalogue-format.md.
    """
    session_of(ctx)
    if ctx.invoked_subcommand not in BUILT_AT_START_UP:
        _resume_collector()  # before the command does its work: a server, a sync as before


def main(argv: list[str] | None = None) -> None:
    _pause_collector()
    try:
        cli.main(args=argv, prog_name="servicekit")
    finally:
        _resume_collector()
