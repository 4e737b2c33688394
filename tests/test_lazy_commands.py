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
