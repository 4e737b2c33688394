"""`servicekit conditions`: the words an intake may use."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from servicekit.cli.output import echo_json, format_option
from servicekit.i18n import N_

if TYPE_CHECKING:
    from servicekit.cli import Session


@click.command()
@click.option(
    "--locale",
    metavar="LOCALE",
    default="en_US",
    show_default=True,
    help="Name the words for readers of LOCALE, e.g. de_DE (the ids stay as they are).",
)
@format_option
@click.pass_obj
def command(session: Session, locale: str, output_format: str) -> None:
    """List the conditions, medication classes, allergies and body regions an intake may use,
    with the other words it may write for each (recorded as the id), their sources and ICD-10-CM
    codes where known; the properties modalities and add-ons declare; and the populations
    specialty work is built for. Plugins' words are listed with the plugin's name."""
    from servicekit.i18n import _, join, translating
    from servicekit.model.vocabulary import KINDS, SERVICEKIT
    from servicekit.screening.engine import reader_locale
    from servicekit.screening.wording import english

    reader = reader_locale(locale)
    words = session.plugins.registry().vocabulary
    if output_format == "json":
        echo_json(words.to_dict())
        return
    with translating(reader):
        for kind in KINDS:
            click.echo(f"{_(KIND_WORDS[kind])}:")
            for term in words.table(kind).values():
                code = f"  [ICD-10-CM {term.icd10}]" if term.icd10 else ""
                origin = words.origins.get((kind, term.id), SERVICEKIT)
                by = "" if origin == SERVICEKIT else "  " + _("(from %(plugin)s)", plugin=origin)
                click.echo(f"  {term.id:<28} {term.named(reader)}{code}{by}")
                synonyms = words.synonyms_of(kind, term.id)
                if synonyms:
                    cited = f" [{', '.join(term.sources)}]" if term.sources else ""
                    also = _("also: %(words)s", words=", ".join(synonyms))
                    click.echo(f"  {'':<28}   {also}{cited}")
            click.echo("")
        click.echo(_("populations (specialty work is built for them; docs/screening.md):"))
        for population in words.populations.values():
            who = [_("pregnant")] if population.pregnant else []
            who += list(population.conditions)
            work = [*population.properties, *population.modalities]
            click.echo(
                f"  {population.id:<28} {population.named(reader)}: {', '.join(who)} -> "
                f"{', '.join(work)}"
            )
        click.echo("")
        click.echo(_("words with more than one meaning, or that go elsewhere in the intake:"))
        for word, places in words.elsewhere.items():
            either = " or ".join(places) if english(reader) else join(places, "or")
            click.echo(f"  {word:<28} {either}")


KIND_WORDS = {
    "conditions": N_("conditions"),
    "medications": N_("medications"),
    "allergies": N_("allergies"),
    "regions": N_("regions"),
    "properties": N_("properties"),
}
"""The vocabulary's tables as `servicekit conditions` heads them."""
