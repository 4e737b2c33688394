"""`servicekit billing units` and `servicekit billing superbill`."""

from __future__ import annotations

import datetime as dt
import json
import re

import click

from servicekit_medical_billing.units import METHODS, units

MINUTES = re.compile(r"[0-9]+")


@click.group()
def billing() -> None:
    """Medical massage billing: timed units and superbills."""


@billing.command("units")
@click.argument("minutes", nargs=-1, required=True, metavar="[CODE=]MINUTES...")
@click.option(
    "--method",
    type=click.Choice(METHODS),
    default="cms",
    show_default=True,
    help="cms: the CMS 8-minute rule over the day's total; midpoint: CPT's rule per code.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
def units_command(minutes: tuple[str, ...], method: str, output_format: str) -> None:
    """The units a day's timed minutes bill: MINUTES per timed code (97124=38 97140=12), or
    plain minutes (numbered #1, #2, ...). A code given twice has its minutes added."""
    timed = _timed_minutes(minutes)
    billed = units(timed, method)
    total = {"minutes": sum(timed.values()), "units": sum(billed.values())}
    if output_format == "json":
        document = {"method": method, "minutes": timed, "units": billed, "total": total}
        click.echo(json.dumps(document, indent=2))
        return
    rule = "CMS 8-minute rule" if method == "cms" else "CPT midpoint rule, per code"
    click.echo(f"{rule}: {total['minutes']} timed minutes, {_units(total['units'])}")
    for code, count in timed.items():
        click.echo(f"  {code:<8} {count:>4} min  {_units(billed[code])}")


def _timed_minutes(values: tuple[str, ...]) -> dict[str, int]:
    """`CODE=MINUTES` or `MINUTES` arguments as minutes per code, a code's minutes added."""
    timed: dict[str, int] = {}
    for position, value in enumerate(values, 1):
        code, equals, count = value.partition("=") if "=" in value else ("", "", value)
        # ASCII digits only: str.isdigit() also takes '²', which int() refuses.
        if not MINUTES.fullmatch(count) or (equals and not code):
            raise click.BadParameter(
                f"'{value}' is not MINUTES or CODE=MINUTES (e.g. 38 or 97124=38)",
                param_hint="MINUTES",
            )
        label = code if equals else f"#{position}"
        timed[label] = timed.get(label, 0) + int(count)
    return timed


def _units(count: int) -> str:
    return f"{count} unit" if count == 1 else f"{count} units"


@billing.command("superbill")
@click.argument("catalogue", type=click.Path(dir_okay=False))
@click.option(
    "--date", "visit", required=True, metavar="DATE", help="Date of service, e.g. 2026-12-04."
)
@click.option(
    "--service",
    "services",
    multiple=True,
    required=True,
    metavar="ID:MIN",
    help="A session: a service and one of its lengths; its minutes are timed minutes. Repeatable.",
)
@click.option("--client", required=True, metavar="NAME", help="The client's name.")
@click.option("--dob", required=True, metavar="DATE", help="The client's date of birth.")
@click.option("--member-id", metavar="ID", help="The client's insurance member id.")
@click.option(
    "--diagnosis",
    "diagnoses",
    multiple=True,
    required=True,
    metavar="CODE",
    help="ICD-10 code, or a condition id. Repeatable.",
)
@click.option(
    "--payer", metavar="NAME", help="The payer: its units rule from the settings' payers."
)
@click.option("--method", type=click.Choice(METHODS), help="The units rule, whatever the payer.")
@click.option("--location", metavar="ID", help="The location, for its prices.")
@click.option(
    "--tag", "tags", multiple=True, metavar="TAG", help="A client tag, e.g. physician-referral."
)
@click.option(
    "--modifier",
    "modifiers",
    multiple=True,
    metavar="CODE:MOD",
    help="A CPT modifier for a code's line, e.g. 97140:59 or 97124:GP. Repeatable.",
)
@click.option("--tip", metavar="AMOUNT", help="The tip, left out of the HSA/FSA amount.")
@click.option("--paid", metavar="AMOUNT", help="What the client has paid.")
@click.option("--lmn", is_flag=True, help="A letter of medical necessity is on file.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "csv"]),
    default="json",
    show_default=True,
)
@click.option(
    "-o", "--output", default="-", metavar="FILE", help="Where to write it (- is stdout)."
)
@click.pass_obj
def superbill_command(session, catalogue, visit, dob, output_format, output, **given):
    """A superbill for one visit to CATALOGUE's clinic: provider, client, date and place of
    service, a line per CPT code with units, minutes, modifiers, diagnosis pointers and fee.
    Warnings (codes that draw denials, lines that bill no unit) go to standard error."""
    import servicekit
    from servicekit.exporting.files import check_writable, write_atomically
    from servicekit_medical_billing.superbill import Client, parse_services, superbill

    date, born = _date(visit, "--date"), _date(dob, "--dob")
    if born > date:
        raise click.BadParameter(
            f"{dob} is after the date of service, {visit}", param_hint="--dob"
        )
    if output != "-":
        check_writable(output, inputs=[catalogue])  # before any work, as `export` does
    loaded = servicekit.load(catalogue, plugins=session.plugins)
    bill = superbill(
        loaded,
        date=date,
        services=parse_services(given.pop("services"), loaded),
        client=Client(given.pop("client"), born, given.pop("member_id")),
        modifiers=_modifiers(given.pop("modifiers")),
        tip=_money(given.pop("tip"), "--tip", loaded.currency),
        paid=_money(given.pop("paid"), "--paid", loaded.currency),
        letter_of_medical_necessity=given.pop("lmn"),
        **given,
    )
    for warning in bill.warnings:
        click.echo(f"warning: {warning}", err=True)
    text = bill.to_csv() if output_format == "csv" else json.dumps(bill.to_dict(), indent=2) + "\n"
    if output == "-":
        click.echo(text, nl=False)
    else:
        write_atomically(output, text.encode("utf-8"), inputs=[catalogue])


def _date(value: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"'{value}' is not a date like 2026-12-04", param_hint=option
        ) from None


def _money(value: str | None, option: str, currency: str):
    """An amount the client paid or tipped: a number of 0 or more, in whole minor units."""
    from servicekit import Money
    from servicekit.model.money import minor_units

    if value is None:
        return None
    try:
        amount = Money(value, currency)
    except ValueError:
        amount = None
    if amount is None or amount.amount < 0 or not amount.is_rounded():
        example = format(Money(20, currency).round().amount, "f")
        places = minor_units(currency)
        decimals = f"at most {places} decimal places" if places else "no decimal places"
        raise click.BadParameter(
            f"'{value}' is not an amount of {currency}: write a number of 0 or more with "
            f"{decimals}, e.g. {example}",
            param_hint=option,
        )
    return amount


def _modifiers(values: tuple[str, ...]) -> dict[str, list[str]]:
    """`CODE:MOD` options as modifiers by code, in the order given."""
    found: dict[str, list[str]] = {}
    for value in values:
        code, colon, modifier = value.partition(":")
        if not (colon and code and modifier):
            raise click.BadParameter(
                f"'{value}' is not CODE:MODIFIER (e.g. 97140:59)", param_hint="--modifier"
            )
        found.setdefault(code, []).append(modifier.strip().upper())
    return found
