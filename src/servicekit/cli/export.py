"""`servicekit export`: the catalogue in a format a POS or booking system imports."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from servicekit.cli import Session
    from servicekit.exporting import Export


@click.command()
@click.argument("catalogue", type=click.Path(dir_okay=True))
@click.option(
    "--format",
    "export_format",
    default="json",
    show_default=True,
    metavar="FORMAT",
    help="json (servicekit's own), square (Catalog API batch upsert), csv, or a plugin's.",
)
@click.option(
    "-o",
    "--output",
    default="-",
    metavar="FILE",
    help="Where to write it; - (the default) is standard output. Written atomically.",
)
@click.option("--location", metavar="ID", help="Only what this location offers, at its prices.")
@click.option(
    "--square-ids",
    "square_ids",
    multiple=True,
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="Deprecated (use `servicekit square`): Square's answer to an earlier upload, to update "
    "those objects instead of creating them again. Repeatable.",
)
@click.pass_obj
def command(
    session: Session,
    catalogue: str,
    export_format: str,
    output: str,
    location: str | None,
    square_ids: tuple[str, ...],
) -> None:
    """Export CATALOGUE for a POS or booking system; the catalogue is never modified.

    What the format cannot express is listed on standard error as warnings, each naming the
    rule, tax or service; the export is still written. The same catalogue always gives the
    same bytes.
    """
    import servicekit
    from servicekit.cli import started
    from servicekit.files import check_writable, write_atomically

    export_format = export_format.lower()
    if square_ids and export_format != "square":
        raise click.UsageError("--square-ids goes with --format square")
    inputs = [catalogue, *square_ids]
    if output != "-":
        check_writable(output, inputs=inputs)  # before any work, and before any warning
    loaded = servicekit.load(catalogue, plugins=session.plugins)
    started()  # start-up ends with the catalogue built
    options = {"ids": square_ids} if square_ids else {}
    result = loaded.export(export_format, location=location, **options)
    for line in _warnings(result, catalogue):
        click.echo(line, err=True)
    if output == "-":
        sys.stdout.buffer.write(result.content)
        sys.stdout.buffer.flush()
    else:
        write_atomically(output, result.content, inputs=inputs)


def _warnings(result: Export, catalogue: str) -> list[str]:
    if not result.warnings:
        return []
    from servicekit.loading.catalogue import located
    from servicekit.loading.reading import read

    warnings = located(result.warnings, read(catalogue))
    return [warning.render(catalogue) for warning in warnings]
