"""`servicekit import`: start a catalogue from the menu another system holds."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from servicekit.cli import Session


@click.group()
def command() -> None:
    """Turn another system's menu into a servicekit catalogue."""


@command.command("square")
@click.argument("bodies", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "-o",
    "--output",
    required=True,
    metavar="FILE",
    help="The catalogue to write (TOML). Written atomically; an existing file only with --force.",
)
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@click.option("--name", default="My clinic", show_default=True, help="The clinic's name.")
@click.option(
    "--locale",
    default="en_US",
    show_default=True,
    callback=lambda _ctx, _param, value: _checked("locale", value),
    help="For formatting prices, e.g. en_CA or de_DE.",
)
@click.option(
    "--timezone",
    default="UTC",
    show_default=True,
    callback=lambda _ctx, _param, value: _checked("timezone", value),
    help="IANA time zone, e.g. America/Chicago.",
)
@click.pass_obj
def square(
    session: Session,
    bodies: tuple[str, ...],
    output: str,
    force: bool,
    name: str,
    locale: str,
    timezone: str,
) -> None:
    """Write a catalogue from a Square catalog: BatchUpsertCatalogObjects bodies (such as
    `servicekit export --format square` writes), or every page of a ListCatalog.

    Services, lengths, prices, add-ons, categories, taxes and discounts carry over; what
    cannot is listed on standard error. The catalogue is checked before it is written. From a
    ListCatalog, the sync state beside it records which Square object each entry came from,
    so `servicekit square plan` updates them instead of making the menu twice.
    """
    from servicekit.importing.writing import import_square

    written = import_square(
        bodies,
        output,
        name=name,
        locale=locale,
        timezone=timezone,
        plugins=session.plugins,
        overwrite=force,
    )
    for note in written.notes:
        click.echo(f"note: {note}", err=True)
    for line in written.adoption:
        click.echo(f"sync: {line}", err=True)
    beside = f" and {written.state}" if written.state else ""
    click.echo(f"wrote {output}{beside}; check it with: servicekit check {output}", err=True)


def _checked(option: str, value: str) -> str:
    """A clinic setting given as an option, checked as the catalogue would check it."""
    from servicekit.errors import Invalid
    from servicekit.loading.scalars import SCALARS
    from servicekit.model.fields import LocaleId, TimezoneId

    scalar = SCALARS[LocaleId if option == "locale" else TimezoneId]
    try:
        return scalar.check(value)
    except Invalid as error:
        hint = f" ({error.hint})" if error.hint else ""
        raise click.BadParameter(f"{error.message}{hint}") from None
