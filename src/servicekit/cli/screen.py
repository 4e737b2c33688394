"""`servicekit screen`: a client's intake against a booking. Decision support, not advice."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from servicekit.cli.output import echo_json, format_option

if TYPE_CHECKING:
    from servicekit.cli import Session
    from servicekit.model.catalogue import Catalogue
    from servicekit.model.screening import Constraints, Finding, Screening


@click.command()
@click.argument("catalogue", type=click.Path(dir_okay=True))
@click.argument("service")
@click.option(
    "--intake", required=True, type=click.Path(dir_okay=True), help="The client's intake."
)
@click.option("--addon", "addons", multiple=True, metavar="ID", help="An add-on. Repeatable.")
@click.option("--at", metavar="DATE", help="The appointment date (default today).")
@click.option(
    "--credential",
    "credentials",
    multiple=True,
    metavar="ID",
    help="A credential the therapist holds. Repeatable; give none to list what is needed.",
)
@format_option
@click.pass_obj
def command(
    session: Session,
    catalogue: str,
    service: str,
    intake: str,
    addons: tuple[str, ...],
    at: str | None,
    credentials: tuple[str, ...],
    output_format: str,
) -> None:
    """Screen a client's INTAKE against booking SERVICE from CATALOGUE.

    Prints the verdict and every finding: severity, scope, constraints, reason, rule and
    sources, the credentials needed, and the services that remain bookable. Decision support
    for licensed therapists, not medical advice.

    Exit status: 0 bookable (maybe with constraints), 3 not until a physician approves, 4
    blocked, 5 incomplete (a check failed or is missing), 6 not until the client answers the
    intake's questions, 1 bad input, 2 usage error.
    """
    import servicekit
    from servicekit.screening.wording import EXIT_CODES

    loaded = servicekit.load(catalogue, plugins=session.plugins)
    screening = loaded.screen(
        intake, service, addons=addons, at=at, credentials=credentials or None
    )
    if output_format == "json":
        echo_json(screening.to_dict())
    else:
        click.echo(render(screening, loaded))
    click.get_current_context().exit(EXIT_CODES[screening.verdict])


def render(screening: Screening, catalogue: Catalogue) -> str:
    from servicekit.screening.wording import APPROVALS, DISCLAIMER_LINE, QUESTIONS, VERDICTS

    service = catalogue.services[screening.service]
    addons = [catalogue.addons[ident].name for ident in screening.addons]
    booking = service.name + (f", with {', '.join(addons)}" if addons else "")
    lines = [
        f"Screening: {booking}, on {screening.day.isoformat()}",
        DISCLAIMER_LINE,
        "",
        f"Verdict: {VERDICTS[screening.verdict]}",
    ]
    lines += [f"  {failure}" for failure in screening.incomplete]
    for heading, pending in ((QUESTIONS, screening.questions), (APPROVALS, screening.approvals)):
        if pending:
            lines += ["", heading, *(f"  {_pending(finding)}" for finding in pending)]
    lines += ["", "Findings:" if screening.findings else "No findings."]
    lines += [_finding(finding) for finding in screening.findings]
    constraints = _constraints(screening.constraints)
    if constraints:
        lines += ["", "Constraints:", *constraints]
    lines += ["", _credentials(screening)]
    lines += ["", "Services for this client (without add-ons):"]
    lines += [
        f"  {item.service:<24} {item.verdict}"
        + (f" ({', '.join(item.reasons)})" if item.reasons else "")
        for item in screening.bookable
    ]
    return "\n".join(lines)


def _finding(finding: Finding) -> str:
    scope = finding.scope if finding.subject is None else f"{finding.scope} {finding.subject}"
    status = (
        f"{finding.severity}, cleared by {finding.cleared_by}"
        if finding.lifted
        else finding.severity
    )
    text = [f"  [{status}] {finding.rule} ({scope}): {finding.reason}"]
    if finding.modification:
        text.append(f"      do: {finding.modification}")
    if finding.triggers:
        text.append(f"      because: {', '.join(finding.triggers)}")
    if finding.credential:
        text.append(f"      needs a therapist with: {finding.credential}")
    source = ", ".join(finding.sources) or finding.origin or ""
    if source:
        text.append(f"      source: {source}")
    return "\n".join(text)


def _pending(finding: Finding) -> str:
    about = f" ({finding.subject})" if finding.subject else ""
    return f"{finding.rule}{about}: {finding.modification or finding.reason}"


def _constraints(constraints: Constraints) -> list[str]:
    lines = []
    if constraints.max_pressure is not None:
        lines.append(f"  pressure at most Walton {constraints.max_pressure}")
    for region, level in constraints.region_pressure.items():
        lines.append(f"  on the {region}: pressure at most Walton {level}")
    if constraints.avoid_positions:
        lines.append(f"  avoid positions: {', '.join(constraints.avoid_positions)}")
    if constraints.max_duration is not None:
        lines.append(f"  at most {constraints.max_duration} minutes")
    if constraints.remove_addons:
        lines.append(f"  leave out: {', '.join(constraints.remove_addons)}")
    if constraints.avoid_regions:
        lines.append(f"  avoid: {', '.join(constraints.avoid_regions)}")
    return lines


def _credentials(screening: Screening) -> str:
    needed = ", ".join(screening.credentials_required) or "none"
    if screening.credentials_missing is None:
        return f"Credentials needed: {needed} (give --credential to check the therapist's)"
    missing = ", ".join(screening.credentials_missing) or "none"
    return f"Credentials needed: {needed}; the therapist lacks: {missing}"
