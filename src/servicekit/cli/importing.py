"""`servicekit import`: start a catalogue from the menu another system holds."""

from __future__ import annotations

import click


@click.group()
def command() -> None:
    """Turn another system's menu into a servicekit catalogue."""


@command.command("square")
@click.argument("body", type=click.Path(dir_okay=False))
@click.option(
    "-o",
    "--output",
    required=True,
    metavar="FILE",
    help="The catalogue to write (TOML). Written atomically; never over BODY.",
)
@click.option("--name", default="My clinic", show_default=True, help="The clinic's name.")
@click.option("--locale", default="en_US", show_default=True, help="For formatting prices.")
@click.option(
    "--timezone", default="UTC", show_default=True, help="IANA time zone, e.g. America/Chicago."
)
@click.pass_obj
def square(session: object, body: str, output: str, name: str, locale: str, timezone: str) -> None:
    """Write a catalogue from a Square catalog: a BatchUpsertCatalogObjects body (such as
    `servicekit export --format square` writes) or a ListCatalog response.

    Services, lengths, prices, add-ons, categories, taxes and discounts carry over; what
    cannot is listed on standard error. The catalogue is checked before it is written.
    """
    from servicekit.importing.writing import import_square

    notes = import_square(
        body, output, name=name, locale=locale, timezone=timezone, plugins=session.plugins
    )
    for note in notes:
        click.echo(f"note: {note}", err=True)
    click.echo(f"wrote {output}; check it with: servicekit check {output}", err=True)
