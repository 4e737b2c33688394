"""`servicekit recommend`: services for what the client is looking for."""

from __future__ import annotations

import click

from servicekit.cli.output import echo_json, format_option


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
    session: object,
    catalogue: str,
    goals: tuple[str, ...],
    intake: str | None,
    at: str | None,
    output_format: str,
) -> None:
    """Rank CATALOGUE's services by the client's goals, best first.

    With --intake, services screening would block are left out, and the others show their
    screening verdict.
    """
    import servicekit

    loaded = servicekit.load(catalogue, plugins=session.plugins)
    ranked = loaded.recommend(goals, intake=intake, at=at)
    if output_format == "json":
        echo_json([item.to_dict() for item in ranked])
        return
    if not ranked:
        click.echo("No service in this catalogue serves these goals for this client.")
    for number, item in enumerate(ranked, 1):
        verdict = f"  [{item.verdict}]" if item.verdict else ""
        click.echo(f"{number}. {item.name} ({item.service}): {', '.join(item.goals)}{verdict}")
