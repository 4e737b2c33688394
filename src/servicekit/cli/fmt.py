"""`servicekit fmt`: catalogues rewritten in their canonical layout."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from servicekit.plugins import PluginManager

BOM = b"\xef\xbb\xbf"


@click.command()
@click.argument("catalogues", nargs=-1, required=True, metavar="CATALOGUE...")
@click.option("--check", is_flag=True, help="Change nothing; exit 1 if a file is not canonical.")
@click.pass_context
def command(ctx: click.Context, catalogues: tuple[str, ...], check: bool) -> None:
    """Rewrite catalogues in the canonical layout, keeping their meaning and comments: keys in
    the documented order, prices with the currency's digits.

    With --check, list the files that are not canonical and exit 1 if there are any (for a
    clinic's own CI). A file that cannot be read is reported, the others are still done, and
    the exit status is 2. Line endings (LF or CRLF) and a byte-order mark are kept.
    """
    from servicekit.cli import report
    from servicekit.errors import ServicekitError

    changed = failed = 0
    for path in catalogues:
        try:
            raw, formatted = _formatted(path, ctx.obj.plugins)
            if formatted == raw:
                continue
            changed += 1
            if check:
                click.echo(f"{path}: not in the canonical layout (run: servicekit fmt {path})")
            else:
                _write(path, formatted)
                click.echo(f"{path}: reformatted")
        except ServicekitError as error:
            failed += 1
            report(error)
    if failed:
        ctx.exit(2)
    if check and changed:
        ctx.exit(1)


def _formatted(path: str, plugins: PluginManager) -> tuple[bytes, bytes]:
    """The file's bytes, and the bytes it has in the canonical layout."""
    from servicekit.canonical import canonical
    from servicekit.loading.reading import decode, read_bytes

    raw = read_bytes(path)
    text = decode(raw, path)
    crlf = "\r\n" in text
    formatted = canonical(text.replace("\r\n", "\n"), source=path, plugins=plugins)
    if crlf:
        formatted = formatted.replace("\n", "\r\n")
    return raw, (BOM if raw.startswith(BOM) else b"") + formatted.encode("utf-8")


def _write(path: str, data: bytes) -> None:
    from servicekit.files import write_atomically

    write_atomically(path, data)  # through a symbolic link, to the file it names
