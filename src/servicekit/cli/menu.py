"""`servicekit menu`: the service menu as clients read it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from servicekit.cli import Session


@click.command()
@click.argument("catalogue", type=click.Path(dir_okay=True))
@click.option(
    "--format",
    "menu_format",
    type=click.Choice(["text", "markdown", "html", "price-list"]),
    default="text",
    show_default=True,
    help="text for the terminal, markdown for a website, html for a menu to print, "
    "price-list for one printed page of prices.",
)
@click.option(
    "-o", "--output", default="-", metavar="FILE", help="Where to write it (- is stdout)."
)
@click.option("--location", metavar="ID", help="The menu of one location, at its prices.")
@click.option(
    "--locale", metavar="LOCALE", help="Write it for readers of LOCALE, e.g. en_US or de_DE."
)
@click.option(
    "--template",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="A Jinja2 template of your own instead of the built-in one (docs/menus.md).",
)
@click.pass_obj
def command(
    session: Session,
    catalogue: str,
    menu_format: str,
    output: str,
    location: str | None,
    locale: str | None,
    template: str | None,
) -> None:
    """Render CATALOGUE's service menu: categories in order, each service with its lengths
    and prices, add-ons, member prices, offers and policies, in the clinic's language,
    currency and locale (or --locale's)."""
    import servicekit
    from servicekit.cli import started
    from servicekit.files import check_writable, write_atomically
    from servicekit.menus import render_menu

    inputs = [catalogue, template] if template else [catalogue]
    if output != "-":
        check_writable(output, inputs=inputs)  # before any work, as `export` does
    loaded = servicekit.load(catalogue, plugins=session.plugins)
    started()  # start-up ends with the catalogue built
    text = render_menu(loaded, menu_format, location=location, locale=locale, template=template)
    if output == "-":
        click.echo(text, nl=False)
    else:
        write_atomically(output, text.encode("utf-8"), inputs=inputs)
