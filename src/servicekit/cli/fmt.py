"""`servicekit fmt`: a catalogue rewritten in its canonical layout."""

from __future__ import annotations

import click


@click.command()
@click.argument("catalogues", nargs=-1, required=True, metavar="CATALOGUE...")
@click.option("--check", is_flag=True, help="Change nothing; exit 1 if a file is not canonical.")
@click.pass_context
def command(ctx: click.Context, catalogues: tuple[str, ...], check: bool) -> None:
    """Rewrite catalogues in the canonical layout, keeping their meaning and comments: keys in
    the documented order, prices with the currency's digits.

    With --check, list the files that are not canonical and exit 1 if there are any (for a
    clinic's own CI).
    """
    from servicekit.canonical import canonical
    from servicekit.exporting.files import write_atomically
    from servicekit.loading.reading import decode, read_bytes

    changed = []
    for path in catalogues:
        text = decode(read_bytes(path), path)
        formatted = canonical(text, source=path, plugins=ctx.obj.plugins)
        if formatted == text:
            continue
        changed.append(path)
        if check:
            click.echo(f"{path}: not in the canonical layout (run: servicekit fmt {path})")
        else:
            write_atomically(path, formatted.encode("utf-8"))
            click.echo(f"{path}: reformatted")
    if check and changed:
        ctx.exit(1)
