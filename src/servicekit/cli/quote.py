"""`servicekit quote`: price a booking or a visit, with every line and the reason for it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from servicekit.cli.output import echo_json, format_option
from servicekit.i18n import _

if TYPE_CHECKING:
    from collections.abc import Callable

    from servicekit.model.catalogue import Catalogue
    from servicekit.model.money import Money
    from servicekit.model.quote import AuditEntry, Line, Quote

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
SHORT_MARKS = (":", "+", "@", "/")
"""What makes a positional argument an item of a visit rather than the one service's id."""


def _promo_uses(_ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]) -> dict:
    uses = {}
    for value in values:
        code, _, count = value.partition("=")
        if not code or not count.isascii() or not count.isdigit():
            raise click.BadParameter(f"'{value}' is not CODE=N, e.g. WINTER10=37")
        uses[code] = int(count)
    return uses


def _plans(_ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]) -> dict:
    plans: dict[str, dict[str, Any]] = {}
    for value in values:
        ident, _, facts = value.partition(":")
        held = plans.setdefault(ident, {})
        for fact in filter(None, facts.split(",")):
            key, _, given = fact.partition("=")
            if key not in ("left", "holder", "bought") or not given:
                raise click.BadParameter(
                    f"'{value}' is not PLAN:left=N,holder=NAME,bought=DATE, "
                    "e.g. five-pack:left=3,holder=ann"
                )
            if key == "left":
                if not given.isascii() or not given.isdigit():
                    raise click.BadParameter(f"'{given}' is not a number of sessions left")
                held["sessions_left"] = int(given)
            else:
                held[key] = given
    return plans


@click.command()
@click.argument("catalogue", type=click.Path(dir_okay=True))
@click.argument("items", nargs=-1, metavar="[SERVICE | ITEM...]")
@click.option("--duration", type=int, metavar="MIN", help="Session length in minutes.")
@click.option("--addon", "addons", multiple=True, metavar="ID", help="An add-on. Repeatable.")
@click.option(
    "--visit", "visit_file", metavar="FILE", help="A visit written in a file (TOML or JSON)."
)
@click.option("--at", metavar="DATETIME", help="Start of the visit, e.g. 2026-12-04T18:30.")
@click.option(
    "--tag", "tags", multiple=True, metavar="TAG[@GUEST]", help="A client tag. Repeatable."
)
@click.option("--promo", "promos", multiple=True, metavar="CODE", help="A promotion code.")
@click.option("--location", metavar="ID", help="The location of the appointment.")
@click.option("--therapist-level", metavar="ID", help="The therapist's level.")
@click.option("--redeem", metavar="PLAN", help="Pay the session with a package or membership.")
@click.option(
    "--plan",
    "plans",
    multiple=True,
    metavar="PLAN:left=N,holder=NAME,bought=DATE",
    callback=_plans,
    help="What a client holds of a package or membership. Repeatable.",
)
@click.option("--buy", metavar="PLAN|gift:AMOUNT", help="Quote buying a plan or gift certificate.")
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
    callback=_promo_uses,
    help="How often a capped promotion code has been redeemed so far.",
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
    suggested tips, and every rule considered with the reason it applied or not. Without --at
    the visit is now; a time without an offset is the clinic's local time.
    """
    import servicekit
    from servicekit.pricing.visit_file import load_visit

    asked = _asked(items, options)
    if visit_file is not None:
        if items:
            raise click.UsageError("give the items on the command line or in --visit, not both")
        asked = {**load_visit(visit_file), **asked}
    loaded = servicekit.load(catalogue, plugins=session.plugins)
    quote = loaded.quote(**asked)
    if output_format == "json":
        echo_json(quote.to_dict())
    else:
        click.echo(render(quote, loaded))


def _asked(items: tuple[str, ...], options: dict[str, Any]) -> dict[str, Any]:
    """`Catalogue.quote`'s arguments from the command line's: the options given."""
    asked = {key: value for key, value in options.items() if value not in (None, (), {})}
    tags: list[str] = []
    guests: dict[str, dict[str, list[str]]] = {}
    for tag in asked.pop("tags", ()):
        name, at, guest = tag.partition("@")
        if at:
            guests.setdefault(guest, {"tags": []})["tags"].append(name)
        else:
            tags.append(name)
    if tags:
        asked["tags"] = tags
    if guests:
        asked["guests"] = guests
    if len(items) == 1 and not any(mark in items[0] for mark in SHORT_MARKS):
        asked["service"] = items[0]
    elif items:
        for option in ("duration", "addons", "redeem"):
            if option in asked:
                raise click.UsageError(
                    f"--{option.rstrip('s')} is for one SERVICE; give it in each ITEM "
                    "(SERVICE:MIN+ADDON/PLAN)"
                )
        asked["items"] = list(items)
    return asked


def render(quote: Quote, catalogue: Catalogue) -> str:
    from servicekit.formatting import format_money

    locale = catalogue.clinic.locale

    def money(amount: Money) -> str:
        return format_money(amount, locale)

    visit = quote.visit
    when = visit.at.strftime("%a %d %b %Y, %H:%M")
    if quote.is_visit:
        what = _("Visit")
    else:
        what = quote.lines[0].label if quote.lines else _("Gift certificate")
    lines = [catalogue.clinic.name, f"{what} — {when} ({catalogue.clinic.timezone})"]
    facts = []
    if visit.tags:
        facts.append("client: " + ", ".join(sorted(visit.tags)))
    for guest, tags in visit.guests.items():
        facts.append(f"{guest}: " + ", ".join(sorted(tags)))
    if visit.promos:
        facts.append("promotion codes: " + ", ".join(visit.promos))
    for label, value in (("location", visit.location), ("therapist", visit.therapist_level)):
        if value:
            facts.append(f"{label}: {value}")
    if facts:
        lines.append(" · ".join(facts))
    lines.append("")
    rows = _rows(quote, money)
    width = max(len(label) for label, _, _ in rows)
    detail_width = max(len(detail) for _, detail, _ in rows)
    amount_width = max(len(amount) for _, _, amount in rows)
    for label, detail, amount in rows:
        lines.append(
            f"{label:<{width}}  {detail:<{detail_width}}  {amount:>{amount_width}}".rstrip()
        )
    rule = "─" * (width + detail_width + amount_width + 4)
    lines += [
        f"  {rule[2:]}",
        _total("  " + _("Total"), money(quote.total), width, detail_width, amount_width),
    ]
    for tender in quote.tender:
        paid = money(-tender.amount)
        lines.append(
            _total(
                "  " + _("Paid with a gift certificate"), paid, width, detail_width, amount_width
            )
        )
    if quote.tender:
        due = money(quote.amount_due)
        lines.append(_total("  " + _("Amount due"), due, width, detail_width, amount_width))
    lines += ["", *_charges(quote, money)]
    if quote.warnings:
        lines += ["", _("Check:")] + [f"  {warning}" for warning in quote.warnings]
    lines += ["", "Why this price:"] + [_audit(entry, money) for entry in quote.audit]
    return "\n".join(lines)


def _total(label: str, amount: str, width: int, detail_width: int, amount_width: int) -> str:
    return f"{label:<{width + detail_width + 4}}{amount:>{amount_width}}"


def _rows(quote: Quote, money: Callable[[Money], str]) -> list[tuple[str, str, str]]:
    """The lines as rows of (label, detail, amount): a visit's grouped by guest, each item
    under a heading with its start."""
    if not quote.is_visit:
        return [_row(line, money, "  ") for line in quote.lines]
    rows: list[tuple[str, str, str]] = []
    groups: dict[tuple[str, ...], list[Any]] = {}
    for item in quote.items:
        groups.setdefault(item.item.guests, []).append(item)
    named = len({guest for guests in groups for guest in guests}) > 1
    for guests, items in groups.items():
        indent = "  "
        if named:
            rows.append((_and(guests), "", ""))
            indent = "    "
        for item in items:
            start = item.item.start.strftime("%H:%M") + "  "
            for position, line in enumerate(item.lines):
                label, detail, amount = _row(line, money, indent + " " * len(start))
                if position == 0:
                    label = indent + start + label.lstrip()
                rows.append((label, detail, amount))
    if quote.lines:
        rows.append((_("Visit"), "", "") if named else ("", "", ""))
        rows += [_row(line, money, "  ") for line in quote.lines]
    return rows


def _row(line: Line, money: Callable[[Money], str], indent: str) -> tuple[str, str, str]:
    label = indent + ("  " if line.target else "") + line.label
    if line.quantity != 1:
        label += f" × {line.quantity}"
    detail = line.detail or ""
    if line.included is not None:
        detail = f"{detail}: {money(line.included)}"
    return label, detail, money(line.amount)


def _and(names: tuple[str, ...]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " & " + names[-1]


def _charges(quote: Quote, money: Callable[[Money], str]) -> list[str]:
    lines = []
    for charge in (quote.deposit, *quote.fees):
        if charge is None:
            continue
        how = f" ({charge.detail})" if "%" in charge.detail or charge.forfeits else ""
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
    where = ""
    if entry.item is not None:
        where = f" on item {entry.item + 1}" + (f", {entry.line}" if entry.line else "")
    elif entry.line:
        where = f" on {entry.line}"
    effect = f" ({money(entry.amount)})" if entry.applied and entry.amount is not None else ""
    return f"  {outcome:<19} {subject:<24} {entry.stage}{where}: {entry.reason}{effect}"
