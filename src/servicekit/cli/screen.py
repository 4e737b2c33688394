"""`servicekit screen`: a client's intake against a booking. Decision support, not advice."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from servicekit.cli.output import echo_json, format_option

if TYPE_CHECKING:
    from servicekit.cli import Session
    from servicekit.model.catalogue import Catalogue
    from servicekit.model.screening import Constraints, Finding, Screening
    from servicekit.model.vocabulary import Vocabulary

locale_option = click.option(
    "--locale",
    metavar="LOCALE",
    help="Say it for readers of LOCALE, e.g. de_DE (default: the clinic's locale; with "
    "--format json, English alone unless given).",
)


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
@locale_option
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
    locale: str | None,
    output_format: str,
) -> None:
    """Screen a client's INTAKE against booking SERVICE from CATALOGUE.

    Prints the verdict and every finding: severity, scope, constraints, reason, rule and
    sources, the credentials needed, and the services that remain bookable, in the clinic's
    language or --locale's. Decision support for licensed therapists, not medical advice.

    Exit status: 0 bookable (maybe with constraints), 3 not until a physician approves, 4
    blocked, 5 incomplete (a check failed or is missing), 6 not until the client answers the
    intake's questions, 1 bad input, 2 usage error.
    """
    import servicekit
    from servicekit.cli import started
    from servicekit.screening.wording import EXIT_CODES

    loaded = servicekit.load(catalogue, plugins=session.plugins)
    started()  # start-up ends with the catalogue built
    screening = loaded.screen(
        intake,
        service,
        addons=addons,
        at=at,
        credentials=credentials or None,
        locale=locale if locale or output_format == "json" else loaded.clinic.locale,
    )
    if output_format == "json":
        echo_json(screening.to_dict())
    else:
        click.echo(render(screening, loaded))
    click.get_current_context().exit(EXIT_CODES[screening.verdict])


def render(screening: Screening, catalogue: Catalogue) -> str:
    """The screening as `servicekit screen` prints it, for readers of its locale."""
    from servicekit.i18n import _, translating

    locale = screening.locale or catalogue.clinic.locale
    with translating(locale):
        return _rendered(screening, catalogue, locale, _)


def _rendered(screening: Screening, catalogue: Catalogue, locale: str, _: Any) -> str:
    from babel.dates import format_skeleton  # the day as a quote's heading writes it

    from servicekit.i18n.catalogue_text import localized
    from servicekit.screening.wording import (
        APPROVALS,
        DISCLAIMER_LINE,
        QUESTIONS,
        VERDICTS,
        WORDS,
    )

    own = catalogue.clinic.locale
    service = catalogue.services[screening.service]
    name = localized(service, "name", locale, own)
    addons = [
        localized(catalogue.addons[ident], "name", locale, own) for ident in screening.addons
    ]
    booking = _("%(service)s, with %(addons)s", service=name, addons=", ".join(addons))
    lines = [
        _(
            "Screening: %(booking)s, on %(date)s",
            booking=booking if addons else name,
            date=format_skeleton("yMMMEd", screening.day, locale=locale),
        ),
        _(DISCLAIMER_LINE),
        "",
        _("Verdict: %(verdict)s", verdict=_(VERDICTS[screening.verdict])),
    ]
    lines += [f"  {failure}" for failure in screening.incomplete]
    for heading, pending in ((QUESTIONS, screening.questions), (APPROVALS, screening.approvals)):
        if pending:
            lines += [
                "",
                _(heading),
                *(f"  {_pending(finding, locale, _)}" for finding in pending),
            ]
    lines += ["", _("Findings:") if screening.findings else _("No findings.")]
    words = catalogue.vocabulary
    lines += [
        _finding(finding, credentials, locale, words, _)
        for finding, credentials in _by_credential(screening.findings)
    ]
    constraints = _constraints(screening.constraints, words, locale, _)
    if constraints:
        lines += ["", _("Constraints:"), *constraints]
    lines += ["", _credentials(screening, _)]
    lines += ["", _("Services for this client (without add-ons):")]
    lines += [
        f"  {item.service:<24} {_(WORDS[item.verdict])}"
        + (f" ({', '.join(item.reasons)})" if item.reasons else "")
        for item in screening.bookable
    ]
    return "\n".join(lines)


def _by_credential(findings: tuple[Finding, ...]) -> list[tuple[Finding, list[str]]]:
    """Each finding once with the credentials it needs: a rule that needs two credentials
    is two findings (one each, the first the more severe) and reads as one."""
    merged: dict[tuple[Any, ...], tuple[Finding, list[str]]] = {}
    for finding in findings:
        credential = finding.credential
        if credential is None:
            merged[(id(finding),)] = (finding, [])
            continue
        key = (finding.rule, finding.scope, finding.subject, finding.reason, finding.cleared_by)
        merged.setdefault(key, (finding, []))[1].append(credential)
    return list(merged.values())


def _finding(
    finding: Finding, credentials: list[str], locale: str, words: Vocabulary, _: Any
) -> str:
    from servicekit.screening.wording import WORDS, said_days, said_trigger

    said = finding.said(locale)
    scope = _(WORDS[finding.scope])
    where = scope if finding.subject is None else f"{scope} {finding.subject}"
    severity = _(WORDS[finding.severity])
    status = (
        _(
            "%(severity)s, cleared by %(clearance)s",
            severity=severity,
            clearance=said_days(finding.cleared_by or "", locale),
        )
        if finding.lifted
        else severity
    )
    text = [
        "  " + _("%(what)s: %(why)s", what=f"[{status}] {finding.rule} ({where})", why=said.reason)
    ]
    if said.modification:
        text.append("      " + _("do: %(what)s", what=said.modification))
    # What it leaves out, said where it is why (an add-on's own block says so already).
    left_out = [addon for addon in finding.constraints.remove_addons if addon != finding.subject]
    if left_out:
        text.append("      " + _("leave out: %(addons)s", addons=", ".join(left_out)))
    if finding.triggers:
        because = ", ".join(said_trigger(trigger, words, locale) for trigger in finding.triggers)
        text.append("      " + _("because: %(triggers)s", triggers=because))
    if credentials:
        text.append(
            "      "
            + _("needs a therapist with: %(credential)s", credential=", ".join(credentials))
        )
    source = ", ".join(finding.sources) or finding.origin or ""
    if source:
        text.append("      " + _("source: %(source)s", source=source))
    return "\n".join(text)


def _pending(finding: Finding, locale: str, _: Any) -> str:
    said = finding.said(locale)
    about = f" ({finding.subject})" if finding.subject else ""
    return _(
        "%(what)s: %(why)s", what=f"{finding.rule}{about}", why=said.modification or said.reason
    )


def _constraints(constraints: Constraints, words: Vocabulary, locale: str, _: Any) -> list[str]:
    from servicekit.screening.wording import WORDS, english

    def region(ident: str) -> str:
        term = words.regions.get(ident)
        return ident if term is None or english(locale) else term.named(locale)

    lines = []
    if constraints.max_pressure is not None:
        lines.append("  " + _("pressure at most Walton %(level)s", level=constraints.max_pressure))
    for where, level in constraints.region_pressure.items():
        lines.append(
            "  "
            + _(
                "on the %(region)s: pressure at most Walton %(level)s",
                region=region(where),
                level=level,
            )
        )
    if constraints.avoid_positions:
        positions = ", ".join(_(WORDS.get(p, p)) for p in constraints.avoid_positions)
        lines.append("  " + _("avoid positions: %(positions)s", positions=positions))
    if constraints.max_duration is not None:
        lines.append("  " + _("at most %(minutes)s minutes", minutes=constraints.max_duration))
    if constraints.remove_addons:
        lines.append(
            "  " + _("leave out: %(addons)s", addons=", ".join(constraints.remove_addons))
        )
    if constraints.avoid_regions:
        avoid = ", ".join(region(ident) for ident in constraints.avoid_regions)
        lines.append("  " + _("avoid: %(regions)s", regions=avoid))
    return lines


def _credentials(screening: Screening, _: Any) -> str:
    needed = ", ".join(screening.credentials_required) or _("none")
    if screening.credentials_missing is None:
        return _(
            "Credentials needed: %(needed)s (give --credential to check the therapist's)",
            needed=needed,
        )
    missing = ", ".join(screening.credentials_missing) or _("none")
    return _(
        "Credentials needed: %(needed)s; the therapist lacks: %(missing)s",
        needed=needed,
        missing=missing,
    )
