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
@format_option
@click.pass_obj
def command(
    session: Session,
    catalogue: str,
    goals: tuple[str, ...],
    intake: str | None,
    at: str | None,
    output_format: str,
) -> None:
    """Rank CATALOGUE's services by the client's goals, best first.

    With --intake, only services screening lets this client book are ranked, with their
    verdict; those waiting on the client's answers or a physician's approval are named.
    """
    import servicekit

    loaded = servicekit.load(catalogue, plugins=session.plugins)
    ranked = loaded.recommend(goals, intake=intake, at=at)
    if output_format == "json":
        echo_json(ranked.to_dict())
        return
    if not ranked:
        click.echo(
            "No service in this catalogue serves these goals and is bookable for this client."
        )
    for number, item in enumerate(ranked, 1):
        verdict = f"  [{item.verdict}]" if item.verdict else ""
        click.echo(f"{number}. {item.name} ({item.service}): {', '.join(item.goals)}{verdict}")
    if ranked.waiting:
        click.echo("Not bookable until resolved (servicekit screen says how):")
        for held in ranked.waiting:
            click.echo(f"  {held.service}: {held.verdict} ({', '.join(held.reasons)})")
