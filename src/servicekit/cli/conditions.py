"""`servicekit conditions`: the words an intake may use."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from servicekit.cli.output import echo_json, format_option

if TYPE_CHECKING:
    from servicekit.cli import Session


@click.command()
@format_option
@click.pass_obj
def command(session: Session, output_format: str) -> None:
    """List the conditions, medication classes, allergies and body regions an intake may use,
    with the other words it may write for each (recorded as the id), their sources and ICD-10-CM
    codes where known; the properties modalities and add-ons declare; and the populations
    specialty work is built for. Plugins' words are listed with the plugin's name."""
    from servicekit.model.vocabulary import KINDS, SERVICEKIT

    words = session.plugins.registry().vocabulary
    if output_format == "json":
        echo_json(words.to_dict())
        return
    for kind in KINDS:
        click.echo(f"{kind}:")
        for term in words.table(kind).values():
            code = f"  [ICD-10-CM {term.icd10}]" if term.icd10 else ""
            origin = words.origins.get((kind, term.id), SERVICEKIT)
            by = "" if origin == SERVICEKIT else f"  (from {origin})"
            click.echo(f"  {term.id:<28} {term.name}{code}{by}")
            synonyms = words.synonyms_of(kind, term.id)
            if synonyms:
                cited = f" [{', '.join(term.sources)}]" if term.sources else ""
                click.echo(f"  {'':<28}   also: {', '.join(synonyms)}{cited}")
        click.echo("")
    click.echo("populations (specialty work is built for them; docs/screening.md):")
    for population in words.populations.values():
        who = ["pregnant"] if population.pregnant else []
        who += list(population.conditions)
        work = [*population.properties, *population.modalities]
        click.echo(
            f"  {population.id:<28} {population.name}: {', '.join(who)} -> {', '.join(work)}"
        )
    click.echo("")
    click.echo("words with more than one meaning, or that go elsewhere in the intake:")
    for word, places in words.elsewhere.items():
        click.echo(f"  {word:<28} {' or '.join(places)}")
