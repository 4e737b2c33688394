"""`servicekit menu`: the service menu as clients read it."""

from __future__ import annotations

import click


@click.command()
@click.argument("catalogue", type=click.Path(dir_okay=True))
@click.option(
    "--format",
    "menu_format",
    type=click.Choice(["text", "markdown", "html"]),
    default="text",
    show_default=True,
    help="text for the terminal, markdown for a website, html for a page to print.",
)
@click.option(
    "-o", "--output", default="-", metavar="FILE", help="Where to write it (- is stdout)."
)
@click.option("--location", metavar="ID", help="The menu of one location, at its prices.")
@click.option(
    "--template",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="A Jinja2 template of your own instead of the built-in one (docs/menus.md).",
)
@click.pass_obj
def command(
    session: object,
    catalogue: str,
    menu_format: str,
    output: str,
    location: str | None,
    template: str | None,
) -> None:
    """Render CATALOGUE's service menu: categories in order, each service with its lengths
    and prices, add-ons, member prices, offers and policies, in the clinic's currency and
    locale."""
    import servicekit
    from servicekit.files import check_writable, write_atomically
    from servicekit.menus.model import build_menu
    from servicekit.menus.render import render

    inputs = [catalogue, template] if template else [catalogue]
    if output != "-":
        check_writable(output, inputs=inputs)  # before any work, as `export` does
    loaded = servicekit.load(catalogue, plugins=session.plugins)
    text = render(build_menu(loaded, location), menu_format, template)
    if output == "-":
        click.echo(text, nl=False)
    else:
        write_atomically(output, text.encode("utf-8"), inputs=inputs)
