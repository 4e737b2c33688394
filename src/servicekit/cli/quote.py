"""`servicekit quote`: price a booking, with every line and the reason for it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from servicekit.cli.output import echo_json, format_option

if TYPE_CHECKING:
    from collections.abc import Callable

    from servicekit.model.catalogue import Catalogue
    from servicekit.model.money import Money
    from servicekit.model.quote import AuditEntry, Quote

OUTCOMES = {
    "applied": "applied",
    "condition": "condition false",
    "not-targeted": "does not apply",
    "lost": "lost",
    "not-combinable": "not combinable",
    "limit": "limit reached",
    "no-effect": "no effect",
    "outside-margin": "outside its margin",
    "exempt": "exempt",
    "superseded": "superseded",
    "unknown-promo": "unknown code",
}


def _promo_uses(_ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]) -> dict:
    uses = {}
    for value in values:
        code, _, count = value.partition("=")
        if not code or not count.isascii() or not count.isdigit():
            raise click.BadParameter(f"'{value}' is not CODE=N, e.g. WINTER10=37")
        uses[code] = int(count)
    return uses


@click.command()
@click.argument("catalogue", type=click.Path(dir_okay=True))
@click.argument("service", required=False)
@click.option("--duration", type=int, metavar="MIN", help="Session length in minutes.")
@click.option("--addon", "addons", multiple=True, metavar="ID", help="An add-on. Repeatable.")
@click.option("--at", metavar="DATETIME", help="Appointment start, e.g. 2026-12-04T18:30.")
@click.option("--tag", "tags", multiple=True, metavar="TAG", help="A client tag. Repeatable.")
@click.option("--promo", "promos", multiple=True, metavar="CODE", help="A promotion code.")
@click.option("--location", metavar="ID", help="The location of the appointment.")
@click.option("--therapist-level", metavar="ID", help="The therapist's level.")
@click.option("--redeem", metavar="PLAN", help="Pay the session with a package or membership.")
@click.option("--buy", metavar="PLAN", help="Quote buying a package or membership instead.")
@click.option(
    "--promo-uses",
    multiple=True,
    metavar="CODE=N",
    callback=_promo_uses,
    help="How often a capped promotion code has been redeemed so far.",
)
@format_option
@click.pass_obj
def command(
    session: object,
    catalogue: str,
    service: str | None,
    output_format: str,
    promo_uses: dict[str, int],
    **booking: object,
) -> None:
    """Price a booking of SERVICE from CATALOGUE and explain every line.

    Prints the lines (base price, add-ons, surcharges, discounts, taxes), the total, the
    deposit and cancellation fees, suggested tips, and every rule considered with the reason
    it applied or not. Without --at the appointment is now; a time without an offset is the
    clinic's local time. --duration may be left out when the service has one length.
    """
    import servicekit

    loaded = servicekit.load(catalogue, plugins=session.plugins)
    quote = loaded.quote(service, promo_uses=promo_uses, **booking)
    if output_format == "json":
        echo_json(quote.to_dict())
    else:
        click.echo(render(quote, loaded))


def render(quote: Quote, catalogue: Catalogue) -> str:
    from servicekit.formatting import format_money

    locale = catalogue.clinic.locale

    def money(amount: Money) -> str:
        return format_money(amount, locale)

    booking = quote.booking
    when = booking.at.strftime("%a %d %b %Y, %H:%M")
    what = quote.lines[0].label
    lines = [catalogue.clinic.name, f"{what} — {when} ({catalogue.clinic.timezone})"]
    facts = []
    if booking.tags:
        facts.append("client: " + ", ".join(sorted(booking.tags)))
    if booking.promos:
        facts.append("promotion codes: " + ", ".join(booking.promos))
    for label, value in (("location", booking.location), ("therapist", booking.therapist_level)):
        if value:
            facts.append(f"{label}: {value}")
    if facts:
        lines.append(" · ".join(facts))
    lines.append("")
    rows = []
    for line in quote.lines:
        indent = "    " if line.target else "  "
        label = indent + line.label
        detail = line.detail or ""
        if line.included is not None:
            detail = f"{detail}: {money(line.included)}"
        rows.append((label, detail, money(line.amount)))
    width = max(len(label) for label, _, _ in rows)
    detail_width = max(len(detail) for _, detail, _ in rows)
    amount_width = max(len(amount) for _, _, amount in rows)
    for label, detail, amount in rows:
        lines.append(f"{label:<{width}}  {detail:<{detail_width}}  {amount:>{amount_width}}")
    total = money(quote.total)
    rule = "─" * (width + detail_width + amount_width + 4)
    lines += [f"  {rule[2:]}", f"{'  Total':<{width + detail_width + 4}}{total:>{amount_width}}"]
    lines += ["", *_charges(quote, money)]
    lines += ["", "Why this price:"] + [_audit(entry, money) for entry in quote.audit]
    return "\n".join(lines)


def _charges(quote: Quote, money: Callable[[Money], str]) -> list[str]:
    lines = []
    for charge in (quote.deposit, *quote.fees):
        if charge is None:
            continue
        how = f" ({charge.detail})" if "%" in charge.detail else ""
        when = {
            "deposit": "due when booking",
            "late-cancellation": f"if cancelled with less than {charge.notice_hours} h notice",
            "no-show": "if the client does not come",
        }[charge.kind]
        lines.append(f"  {charge.label}: {money(charge.amount)} {when}{how}")
    if quote.gratuity:
        tips = " · ".join(
            f"{tip.percent.normalize():f}% {money(tip.amount)}" for tip in quote.gratuity
        )
        basis = "before tax" if quote.gratuity[0].basis == "pre-tax" else "after tax"
        lines.append(f"  Suggested gratuity ({basis}, not included): {tips}")
    return lines or ["  No deposit, fees or gratuity suggestions."]


def _audit(entry: AuditEntry, money: Callable[[Money], str]) -> str:
    outcome = OUTCOMES.get(entry.outcome, entry.outcome)
    subject = entry.rule or "-"
    where = f" on {entry.line}" if entry.line else ""
    effect = f" ({money(entry.amount)})" if entry.applied and entry.amount is not None else ""
    return f"  {outcome:<19} {subject:<24} {entry.stage}{where}: {entry.reason}{effect}"
