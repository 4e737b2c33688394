"""`servicekit conditions`: the words an intake may use."""

from __future__ import annotations

import click

from servicekit.cli.output import echo_json, format_option


@click.command()
@format_option
def command(output_format: str) -> None:
    """List the conditions, medication classes, allergies and body regions an intake may use,
    with ICD-10-CM codes where known, and the properties modalities and add-ons declare."""
    from servicekit.screening.vocabulary import KINDS, vocabulary

    words = vocabulary()
    if output_format == "json":
        echo_json(words.to_dict())
        return
    for kind in KINDS:
        click.echo(f"{kind}:")
        for term in getattr(words, kind).values():
            code = f"  [ICD-10-CM {term.icd10}]" if term.icd10 else ""
            click.echo(f"  {term.id:<28} {term.name}{code}")
        click.echo("")
