"""`servicekit quote`: price a booking or a visit, with every line and the reason for it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from servicekit.cli.output import echo_json, format_option
from servicekit.i18n import _

if TYPE_CHECKING:
    from servicekit.model.catalogue import Catalogue
    from servicekit.model.quote import AuditEntry, Line, Quote
    from servicekit.model.quote_text import QuoteText

OUTCOME_WIDTH = 19
"""The audit trail's first column is at least this wide: the longest English outcome."""


@click.command()
@click.argument("catalogue", type=click.Path(dir_okay=True))
@click.argument("items", nargs=-1, metavar="[SERVICE | ITEM...]")
@click.option("--duration", multiple=True, metavar="MIN", help="The SERVICE's length in minutes.")
@click.option(
    "--addon",
    "addons",
    multiple=True,
    metavar="ID[*N]",
    help="An add-on of the SERVICE; *N for how many of its guests have it. Repeatable.",
)
@click.option(
    "--visit",
    "visit_file",
    metavar="FILE",
    help="A visit written in a file (TOML or JSON); ITEMs and options add to it.",
)
@click.option("--at", multiple=True, metavar="DATETIME", help="Start, e.g. 2026-12-04T18:30.")
@click.option(
    "--tag", "tags", multiple=True, metavar="TAG[@GUEST]", help="A client tag. Repeatable."
)
@click.option(
    "--promo", "promos", multiple=True, metavar="CODE", help="A promotion code. Repeatable."
)
@click.option("--location", multiple=True, metavar="ID", help="Where the visit is.")
@click.option("--therapist-level", multiple=True, metavar="ID", help="The therapists' level.")
@click.option(
    "--redeem", multiple=True, metavar="PLAN", help="Pay the SERVICE with a package or membership."
)
@click.option(
    "--plan",
    "plans",
    multiple=True,
    metavar="PLAN:left=N,holder=NAME,bought=DATE",
    help="What a client holds of a package or membership. Repeatable.",
)
@click.option(
    "--buy",
    multiple=True,
    metavar="PLAN|gift:AMOUNT",
    help="Quote buying a plan or gift certificate.",
)
@click.option(
    "--pay-with",
    multiple=True,
    metavar="gift:AMOUNT",
    help="A gift certificate given as tender, after tax. Repeatable.",
)
@click.option(
    "--promo-uses",
    multiple=True,
    metavar="CODE=N",
    help="How often a capped promotion code has been redeemed so far. Repeatable.",
)
@click.option(
    "--locale",
    multiple=True,
    metavar="LOCALE",
    help="Say it for readers of LOCALE, e.g. de_DE (default: the clinic's locale; with "
    "--format json, English alone unless given).",
)
@format_option
@click.pass_obj
def command(
    session: Any,
    catalogue: str,
    items: tuple[str, ...],
    visit_file: str | None,
    output_format: str,
    **options: Any,
) -> None:
    """Price a booking of SERVICE, or a visit of ITEMs, from CATALOGUE and explain every line.

    An ITEM is SERVICE[:MIN][+ADDON[*N]]...[@GUEST[,GUEST]...][/PLAN]:
    `swedish:60 deep-tissue:90+hot-stones`, `couples:60+hot-stones*2@ann,ben`,
    `swedish:60@ann/wellness-membership`. Each guest's items follow each other in time from
    --at; --tag member@ann tags one guest. Prints the lines (grouped by guest in a visit),
    the total, the amount due after gift certificates, the deposit and cancellation fees,
    suggested tips, and every rule considered with the reason it applied or not, in the
    clinic's language or --locale's. Without --at the visit is now; a time without an offset
    is the clinic's local time.

    With --visit FILE, the ITEMs follow the file's, and --tag, --promo, --plan and
    --pay-with add to what it says; --at, --location and --therapist-level replace its
    values. An option said once per visit, given twice, is an error naming both.
    """
    import servicekit
    from servicekit.cli import started
    from servicekit.cli.asked import Asked
    from servicekit.errors import BookingError
    from servicekit.pricing.visit_file import load_visit

    visit = None if visit_file is None else load_visit(visit_file)
    asked = Asked.of(items, options, visit)
    loaded = servicekit.load(catalogue, plugins=session.plugins)
    started()  # start-up ends with the catalogue built
    try:
        quote = loaded.quote(**asked.arguments)
    except BookingError as error:
        raise asked.located(error) from None
    if output_format == "json":
        echo_json(quote.to_dict())
    else:
        click.echo(render(quote.said(quote.locale or loaded.clinic.locale), loaded))


def render(said: QuoteText, catalogue: Catalogue) -> str:
    """A quote as `servicekit quote` prints it, for readers of its locale (`Quote.said`)."""
    from servicekit.i18n import translating

    with translating(said.locale):
        return _rendered(said, catalogue)


def _rendered(said: QuoteText, catalogue: Catalogue) -> str:
    from servicekit.i18n.catalogue_text import localized

    quote, clinic = said.quote, catalogue.clinic
    if quote.is_visit:
        what = _("Visit")
    else:
        what = said.lines[0].label if said.lines else _("Gift certificate")
    lines = [
        localized(clinic, "name", said.locale, clinic.locale),
        f"{what} — {said.start()} ({clinic.timezone})",
    ]
    facts = _facts(quote)
    if facts:
        lines.append(" · ".join(facts))
    lines.append("")
    rows = _rows(said)
    width = max(len(label) for label, _, _ in rows)
    detail_width = max(len(detail) for _, detail, _ in rows)
    amount_width = max(len(amount) for _, _, amount in rows)
    for label, detail, amount in rows:
        lines.append(
            f"{label:<{width}}  {detail:<{detail_width}}  {amount:>{amount_width}}".rstrip()
        )
    rule = "─" * (width + detail_width + amount_width + 4)
    totals = [(_("Total"), quote.total)]
    totals += [(_("Paid with a gift certificate"), -tender.amount) for tender in quote.tender]
    if quote.tender:
        totals.append((_("Amount due"), quote.amount_due))
    lines.append(f"  {rule[2:]}")
    lines += [
        f"{'  ' + label:<{width + detail_width + 4}}{said.money(amount):>{amount_width}}"
        for label, amount in totals
    ]
    lines += ["", *_charges(said)]
    if said.warnings:
        lines += ["", _("Check:")] + [f"  {warning}" for warning in said.warnings]
    outcomes = [said.outcome(entry) for entry in said.audit]
    width = max([OUTCOME_WIDTH, *map(len, outcomes)])
    lines += ["", _("Why this price:")]
    lines += [
        _audit(entry, said, f"{outcome:<{width}}")
        for entry, outcome in zip(said.audit, outcomes, strict=True)
    ]
    return "\n".join(lines)


def _facts(quote: Quote) -> list[str]:
    """What was asked besides the items: tags, codes, location and therapist level."""
    visit, facts = quote.visit, []
    if visit.tags:
        facts.append(_("client: %(tags)s", tags=", ".join(sorted(visit.tags))))
    for guest, tags in visit.guests.items():
        facts.append(_("%(guest)s: %(tags)s", guest=guest, tags=", ".join(sorted(tags))))
    if visit.promos:
        facts.append(_("promotion codes: %(codes)s", codes=", ".join(visit.promos)))
    if visit.location:
        facts.append(_("location: %(location)s", location=visit.location))
    if visit.therapist_level:
        facts.append(_("therapist: %(level)s", level=visit.therapist_level))
    return facts


def _rows(said: QuoteText) -> list[tuple[str, str, str]]:
    """The lines as rows of (label, detail, amount): a visit's grouped by guest, each item
    under a heading with its start."""
    from servicekit.formatting import format_time
    from servicekit.i18n import join

    if not said.quote.is_visit:
        return [_row(line, said, "  ") for line in said.lines]
    rows: list[tuple[str, str, str]] = []
    groups: dict[tuple[str, ...], list[Any]] = {}
    for item in said.items:
        groups.setdefault(item.item.guests, []).append(item)
    named = len({guest for guests in groups for guest in guests}) > 1
    for guests, items in groups.items():
        indent = "  "
        if named:
            rows.append((join(guests), "", ""))
            indent = "    "
        for item in items:
            start = format_time(item.item.start.timetz(), said.locale) + "  "
            for position, line in enumerate(item.lines):
                label, detail, amount = _row(line, said, indent + " " * len(start))
                if position == 0:
                    label = indent + start + label.lstrip()
                rows.append((label, detail, amount))
    if said.lines:
        rows.append((_("Visit"), "", "") if named else ("", "", ""))
        rows += [_row(line, said, "  ") for line in said.lines]
    return rows


def _row(line: Line, said: QuoteText, indent: str) -> tuple[str, str, str]:
    label = indent + ("  " if line.target else "") + line.label
    if line.quantity != 1:
        label += f" × {line.quantity}"
    detail = line.detail or ""
    if line.included is not None:
        detail = _("%(detail)s: %(amount)s", detail=detail, amount=said.money(line.included))
    return label, detail, said.money(line.amount)


def _charges(said: QuoteText) -> list[str]:
    lines = []
    for charge in (said.deposit, *said.fees):
        if charge is None:
            continue
        line = _(
            "%(label)s: %(amount)s %(when)s",
            label=charge.label,
            amount=said.money(charge.amount),
            when=said.when(charge),
        )
        # A percentage's detail, or forfeited sessions, say more than the amount does.
        how = f" ({charge.detail})" if "%" in charge.detail or charge.forfeits else ""
        lines.append(f"  {line}{how}")
    if said.gratuity:
        tips = " · ".join(
            f"{said.percent(tip.percent)} {said.money(tip.amount)}" for tip in said.gratuity
        )
        if said.gratuity[0].basis == "pre-tax":
            lines.append(
                "  " + _("Suggested gratuity (before tax, not included): %(tips)s", tips=tips)
            )
        else:
            lines.append(
                "  " + _("Suggested gratuity (after tax, not included): %(tips)s", tips=tips)
            )
    return lines or ["  " + _("No deposit, fees or gratuity suggestions.")]


def _audit(entry: AuditEntry, said: QuoteText, outcome: str) -> str:
    subject, stage, line = entry.rule or "-", said.stage(entry), said.line(entry)
    if entry.item is not None and line:
        stage = _(
            "%(stage)s on item %(item)s, %(line)s", stage=stage, item=entry.item + 1, line=line
        )
    elif entry.item is not None:
        stage = _("%(stage)s on item %(item)s", stage=stage, item=entry.item + 1)
    elif line:
        stage = _("%(stage)s on %(line)s", stage=stage, line=line)
    effect = f" ({said.money(entry.amount)})" if entry.applied and entry.amount is not None else ""
    reason = _("%(stage)s: %(reason)s", stage=stage, reason=entry.reason)
    return f"  {outcome} {subject:<24} {reason}{effect}"
