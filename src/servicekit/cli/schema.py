"""`servicekit schema`: the JSON Schemas of the files servicekit reads."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from servicekit.cli.output import echo_json

if TYPE_CHECKING:
    from servicekit.cli import Session


@click.command()
@click.argument("name", type=click.Choice(["catalogue", "intake", "visit", "export", "quote"]))
@click.pass_obj
def command(session: Session, name: str) -> None:
    """Print the JSON Schema of a file format: a catalogue, a client intake, a visit to
    quote (`servicekit quote --visit`, and the body of `POST /quote`), the `json` export,
    or a quote (`servicekit quote --format json`).

    Point an editor at it with a `#:schema` line at the top of a file to complete and check
    keys as you type.
    """
    from servicekit.schema import catalogue_schema, intake_schema, quote_schema, visit_schema

    if name == "visit":
        echo_json(visit_schema())
    elif name == "quote":
        echo_json(quote_schema())
    elif name == "export":
        from servicekit.exporting.catalogue_json import schema

        echo_json(schema())
    elif name == "intake":
        echo_json(intake_schema())
    else:
        echo_json(catalogue_schema(session.plugins.registry()))
