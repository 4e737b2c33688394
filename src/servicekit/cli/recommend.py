"""`servicekit recommend`: services for what the client is looking for."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from servicekit.cli.output import echo_json, format_option

if TYPE_CHECKING:
    from servicekit.cli import Session


@click.command()
@click.argument("catalogue", type=click.Path(dir_okay=True))
@click.option(
    "--goal",
    "goals",
    multiple=True,
    required=True,
    metavar="GOAL",
    help="relaxation, pain-relief, injury-recovery, flexibility, sleep, stress-relief, mood, ...",
)
@click.option("--intake", type=click.Path(dir_okay=True), help="Leave out what screening blocks.")
@click.option("--at", metavar="DATE", help="The appointment date, for screening.")
@click.option(
    "--locale",
    metavar="LOCALE",
    help="Say it for readers of LOCALE, e.g. de_DE (default: the clinic's locale).",
)
@format_option
@click.pass_obj
def command(
    session: Session,
    catalogue: str,
    goals: tuple[str, ...],
    intake: str | None,
    at: str | None,
    locale: str | None,
    output_format: str,
) -> None:
    """Rank CATALOGUE's services by the client's goals, best first.

    With --intake, only services screening lets this client book are ranked, with their
    verdict; those waiting on the client's answers or a physician's approval are named.
    """
    import servicekit
    from servicekit.cli import started
    from servicekit.i18n import _, translating
    from servicekit.i18n.catalogue_text import localized
    from servicekit.recommending import GOAL_WORDS
    from servicekit.screening.engine import reader_locale
    from servicekit.screening.wording import WORDS

    loaded = servicekit.load(catalogue, plugins=session.plugins)
    started()  # start-up ends with the catalogue built
    reader = reader_locale(locale) if locale else loaded.clinic.locale
    ranked = loaded.recommend(goals, intake=intake, at=at)
    if output_format == "json":
        echo_json(ranked.to_dict())
        return
    own = loaded.clinic.locale
    with translating(reader):
        if not ranked:
            click.echo(
                _(
                    "No service in this catalogue serves these goals and is bookable for this "
                    "client."
                )
            )
        for number, item in enumerate(ranked, 1):
            verdict = f"  [{_(WORDS[item.verdict])}]" if item.verdict else ""
            name = localized(loaded.services[item.service], "name", reader, own)
            served = ", ".join(_(GOAL_WORDS[goal]) for goal in item.goals)
            click.echo(f"{number}. {name} ({item.service}): {served}{verdict}")
        if ranked.waiting:
            click.echo(_("Not bookable until resolved (servicekit screen says how):"))
            for held in ranked.waiting:
                reasons = ", ".join(held.reasons)
                click.echo(f"  {held.service}: {_(WORDS[held.verdict])} ({reasons})")
