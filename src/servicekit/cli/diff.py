"""`servicekit diff`: what changed between two catalogues, like `diff` for menus."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import click

from servicekit.cli.output import echo_json, format_option

if TYPE_CHECKING:
    from servicekit.cli import Session
    from servicekit.diffing import Change, Diff

HEADINGS = {
    "clinic": "clinic",
    "location": "locations",
    "credential": "credentials",
    "level": "therapist levels",
    "category": "categories",
    "modality": "modalities",
    "service": "services",
    "variation": "service lengths",
    "add-on": "add-ons",
    "tax": "taxes",
    "rule": "rules",
    "gift-card": "gift certificates",
    "gift-bonus": "gift certificates",
}


@click.command()
@click.argument("old", type=click.Path(dir_okay=True))
@click.argument("new", type=click.Path(dir_okay=True))
@format_option
@click.pass_obj
def command(session: Session, old: str, new: str, output_format: str) -> None:
    """Show what changed from catalogue OLD to NEW: services, lengths and add-ons added or
    removed, prices, durations, taxes, rules and gift certificates changed (old → new).

    Exit status, like diff: 0 when they offer the same, 1 when they differ, 2 on an error.
    """
    import servicekit
    from servicekit.cli import started
    from servicekit.diffing import diff
    from servicekit.errors import DocumentError, ServicekitError

    try:
        before = servicekit.load(old, plugins=session.plugins)
        after = servicekit.load(new, plugins=session.plugins)
        started()  # start-up ends with both catalogues built
    except ServicekitError as error:
        click.echo(str(error) if isinstance(error, DocumentError) else f"error: {error}", err=True)
        raise SystemExit(2) from None
    result = diff(before, after)
    if output_format == "json":
        echo_json(result.to_dict())
    else:
        click.echo(render(result, after.clinic.locale))
    raise SystemExit(1 if result.changes else 0)


def render(result: Diff, locale: str) -> str:
    if result.equal:
        return f"{result.old} and {result.new} offer the same."
    lines: list[str] = []
    heading = None
    for change in result.changes:
        if HEADINGS[change.what] != heading:
            heading = HEADINGS[change.what]
            lines.append(f"{heading}:")
        lines.append("  " + _change(change, locale))
    count = len(result.changes)
    lines.append(f"{count} change{'s' * (count != 1)} from {result.old} to {result.new}")
    return "\n".join(lines)


def _change(change: Change, locale: str) -> str:
    name = f" ({change.label})" if change.label and change.label != change.id else ""
    text = f"{change.id}{name}"
    if change.kind != "changed":
        return f"{'+' if change.kind == 'added' else '-'} {text}"
    old, new = _value(change.old, locale), _value(change.new, locale)
    field = (change.field or "").removeprefix(
        "params."
    )  # a rule's own keys, as the catalogue has them
    return f"~ {text}: {field} {old} → {new}"


def _value(value: Any, locale: str) -> str:
    from servicekit.exporting.values import decimal_text
    from servicekit.formatting import format_money
    from servicekit.model.money import Money

    if value is None or value == ():
        return "none"
    if isinstance(value, Money):
        return format_money(value, locale)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k} = {_value(v, locale)}" for k, v in value.items()) + "}"
    if isinstance(value, tuple | list | frozenset):
        return "[" + ", ".join(_value(item, locale) for item in value) + "]"
    return str(value)
