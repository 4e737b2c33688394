"""`servicekit init`: a starter catalogue from one of the bundled examples."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from servicekit.cli import Session

DEFAULT = "therapeutic-clinic"
"""servicekit.starters.DEFAULT, written out: `servicekit --help` must not import starters."""


@click.command()
@click.argument("directory", default=".", type=click.Path(file_okay=False))
@click.option(
    "--template",
    default=DEFAULT,
    show_default=True,
    metavar="NAME",
    help="The example to start from; --list shows them.",
)
@click.option("--list", "list_only", is_flag=True, help="List the examples and exit.")
@click.pass_obj
def command(session: Session, directory: str, template: str, list_only: bool) -> None:
    """Write DIRECTORY/catalogue.toml from an example, and the JSON Schema beside it so an
    editor completes and checks keys. Never overwrites a file."""
    from servicekit.starters import init, templates

    if list_only:
        for name, found in templates().items():
            click.echo(f"{name:<26} {found.summary}")
        return
    started = init(directory, template, plugins=session.plugins)
    click.echo(f"Wrote {started.catalogue} (from {started.template}) and {started.schema}.")
    if started.missing_plugins:
        packages = " ".join(f"./plugins/{name}" for name in started.missing_plugins)
        click.echo(
            f"warning: it uses plugins that are not installed: "
            f"{', '.join(started.missing_plugins)}; install them before anything else "
            f"(from a servicekit checkout: pip install {packages})",
            err=True,
        )
    click.echo("Edit it, then try:")
    for line in started.next_commands:
        click.echo(f"  {line}")
