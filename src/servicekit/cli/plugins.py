"""`servicekit plugins`: what is installed and what each plugin contributes."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from servicekit.cli.output import echo_json, format_option

if TYPE_CHECKING:
    from servicekit.cli import Session


@click.command()
@format_option
@click.pass_obj
def command(session: Session, output_format: str) -> None:
    """List every plugin (built-in and installed), its version, hooks and contributions."""
    from servicekit.cli import COMMANDS
    from servicekit.plugins import describe

    plugins = describe(session.plugins, reserved=COMMANDS)
    if output_format == "json":
        echo_json(plugins)
        return
    for plugin in plugins:
        if plugin["broken"] or plugin["blocked"]:
            state = "BROKEN, left out" if plugin["broken"] else "BLOCKED"
            click.echo(f"{plugin['name']} ({plugin['origin']}): {state}")
            if plugin["broken"]:
                click.echo(f"  {plugin['broken']}")
            if plugin["screening"]:
                click.echo(f"  {plugin['screening']}")
            continue
        version = f" {plugin['version']}" if plugin["version"] else ""
        # An installed plugin is named by its entry point, found in its distribution.
        source = (
            f" in {plugin['distribution']}" if plugin["distribution"] else f": {plugin['module']}"
        )
        click.echo(f"{plugin['name']}{version} ({plugin['origin']}{source})")
        click.echo(f"  hooks: {', '.join(plugin['hooks']) or 'none'}")
        for kind, idents in plugin["contributes"].items():
            if kind != "policies":  # below, with their choices
                click.echo(f"  {kind.replace('_', ' ')}: {', '.join(idents)}")
        for policy in plugin["policies"]:
            choices = ", ".join(
                f"{c} (default)" if c == policy["default"] else c for c in policy["choices"]
            )
            about = f" {policy['description']}" if policy["description"] else ""
            click.echo(f"  policy {policy['name']}: one of {choices}.{about}")
        for clash in plugin["clashes"]:
            click.echo(f"  CLASH: {clash}: neither is used")
