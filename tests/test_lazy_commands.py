"""A plugin command listed by name (`LazyCommand`) and imported when it runs."""

from __future__ import annotations

import sys

import pytest

from tests.conftest import assert_user_error

COMMANDS = """
import click


@click.command()
@click.argument("name")
def hello(name):
    \"\"\"Say hello.\"\"\"
    click.echo(f"hello {name}")


not_a_command = "hello"
"""

PLUGIN = """
from servicekit import hookimpl
from servicekit.plugins import LazyCommand


@hookimpl
def servicekit_register_commands(cli):
    cli.add_command(LazyCommand("hello", {path!r}, short_help="Say hello."))
"""


@pytest.fixture
def lazy(plugin_module):
    def make(path: str) -> str:
        plugin_module("hello_commands", COMMANDS)
        return plugin_module("hello_plugin", PLUGIN.format(path=path))

    yield make
    sys.modules.pop("hello_commands", None)


def test_a_lazy_command_is_imported_when_it_runs(lazy, run):
    module = lazy("hello_commands:hello")
    listed = run("-p", module, "plugins")
    assert "commands: hello" in listed.output
    assert "hello_commands" not in sys.modules
    result = run("-p", module, "hello", "Sam")
    assert result.exit_code == 0, result.output
    assert result.output == "hello Sam\n"


def test_a_lazy_command_whose_module_cannot_be_imported_is_the_plugins_error(lazy, run):
    result = run("-p", lazy("hello_commandz:hello"), "hello", "Sam")
    assert_user_error(
        result,
        "plugin 'hello_plugin' failed to import command 'hello' (hello_commandz:hello)",
        "No module named 'hello_commandz'",
    )


def test_a_lazy_command_that_names_no_click_command_is_the_plugins_error(lazy, run):
    result = run("-p", lazy("hello_commands:not_a_command"), "hello", "Sam")
    assert_user_error(
        result,
        "plugin 'hello_plugin' added command 'hello' as hello_commands:not_a_command, which "
        "is str, not a click command",
    )


def test_another_plugins_broken_lazy_command_never_stands_in_the_way(lazy, run, plugin_module):
    working = lazy("hello_commands:hello")
    broken = plugin_module(
        "broken_plugin",
        PLUGIN.replace('"hello"', '"broken"').format(path="nosuch_module:cmd"),
    )
    result = run("-p", working, "-p", broken, "hello", "Sam")
    assert (result.exit_code, result.output) == (0, "hello Sam\n")
    assert_user_error(run("-p", working, "-p", broken, "broken"), "nosuch_module:cmd")


def test_a_lazy_command_in_a_plugins_own_group_runs_with_its_arguments(lazy, run, plugin_module):
    lazy("hello_commands:hello")  # the commands module
    grouped = plugin_module(
        "grouped_plugin",
        """
import click
from servicekit import hookimpl
from servicekit.plugins import LazyCommand


@click.group()
def tools():
    \"\"\"Tools.\"\"\"


tools.add_command(LazyCommand("hello", "hello_commands:hello", short_help="Say hello."))


@hookimpl
def servicekit_register_commands(cli):
    cli.add_command(tools)
""",
    )
    assert "hello  Say hello." in run("-p", grouped, "tools", "--help").output
    result = run("-p", grouped, "tools", "hello", "Sam")
    assert (result.exit_code, result.output) == (0, "hello Sam\n")
