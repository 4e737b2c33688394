"""`servicekit billing units` and `servicekit billing superbill`."""

from __future__ import annotations

import datetime as dt
import re

import click

from servicekit_medical_billing.codes import CODE, CODE_SHAPE
from servicekit_medical_billing.units import (
    DAY,
    METHODS,
    Method,
    quoted,
    read_minutes,
    units,
)

TIME = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")
"""HH:MM, 24-hour."""
OPTIONS = {"tip": "--tip", "paid": "--paid", "date_of_birth": "--dob"}
"""The option each superbill() argument comes from: its errors are usage errors there."""


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
def units_command(minutes: tuple[str, ...], method: Method, output_format: str) -> None:
    """The units a day's timed minutes bill: MINUTES per timed code (97124=38 97140=12), or
    plain minutes (numbered #1, #2, ...). A code given twice has its minutes added. A code is
    a CPT or HCPCS code; a day holds at most 1440 timed minutes, per code and in all."""
    timed = _timed_minutes(minutes)
    try:
        billed = units(timed, method)
    except ValueError as error:  # a day's minutes exceeded once a code's are added, or in all
        raise click.BadParameter(
            f"{error}: give one day's timed minutes", param_hint="MINUTES"
        ) from None
    total = {"minutes": sum(timed.values()), "units": sum(billed.values())}
    if output_format == "json":
        import json  # here, not at the top: every command's start-up imports this module

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
        code, equals, written = value.partition("=") if "=" in value else ("", "", value)
        count = read_minutes(written)
        if count is None or (equals and not code):
            raise click.BadParameter(
                f"{quoted(value)} is not MINUTES or CODE=MINUTES (e.g. 38 or 97124=38)",
                param_hint="MINUTES",
            )
        if equals and not CODE.fullmatch(code.upper()):
            raise click.BadParameter(
                f"{quoted(value)}: {quoted(code)} is not a CPT or HCPCS code ({CODE_SHAPE})",
                param_hint="MINUTES",
            )
        if count > DAY:
            raise click.BadParameter(
                f"{quoted(value)} is more minutes than a day has ({DAY}): give one day's "
                "timed minutes",
                param_hint="MINUTES",
            )
        label = code.upper() if equals else f"#{position}"
        timed[label] = timed.get(label, 0) + count
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
@click.option("--location", metavar="ID", help="The location, for its prices, address and phone.")
@click.option(
    "--tag", "tags", multiple=True, metavar="TAG", help="A client tag, e.g. physician-referral."
)
@click.option(
    "--time",
    "start",
    metavar="HH:MM",
    help="The appointment's start in the clinic's time zone, for time-of-day prices "
    "(default 12:00, noon).",
)
@click.option(
    "--promo",
    "promos",
    multiple=True,
    metavar="CODE",
    help="A promotion code the client gave; each session's fee is quoted with it. Repeatable.",
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
def superbill_command(session, catalogue, visit, dob, start, output_format, output, **given):
    """A superbill for one visit to CATALOGUE's clinic: provider, client, date and place of
    service, a line per CPT code with units, minutes, modifiers, diagnosis pointers and fee.
    Each session's fee is what servicekit quotes for it at --time (default noon) with the
    --promo codes given. Warnings (codes that draw denials, lines that bill no unit, unknown
    promotion codes, no address) go to standard error."""
    import servicekit
    from servicekit.files import check_writable, write_atomically
    from servicekit_medical_billing.superbill import (
        NOON,
        BillingError,
        Client,
        parse_services,
        superbill,
    )

    date, born = _date(visit, "--date"), _date(dob, "--dob")
    time = _time(start) if start is not None else NOON
    modifiers = _modifiers(given.pop("modifiers"))
    if output != "-":
        check_writable(output, inputs=[catalogue])  # before any work, as `export` does
    loaded = servicekit.load(catalogue, plugins=session.plugins)
    try:
        bill = superbill(
            loaded,
            date=date,
            services=parse_services(given.pop("services"), loaded),
            client=Client(given.pop("client"), born, given.pop("member_id")),
            time=time,
            modifiers=modifiers,
            tip=_money(given.pop("tip"), "--tip", loaded.currency),
            paid=_money(given.pop("paid"), "--paid", loaded.currency),
            letter_of_medical_necessity=given.pop("lmn"),
            **given,
        )
    except BillingError as error:
        # The API checks the values; the command says which option gave a wrong one.
        if error.argument not in OPTIONS:
            raise
        raise click.BadParameter(str(error), param_hint=OPTIONS[error.argument]) from None
    for warning in bill.warnings:
        click.echo(f"warning: {warning}", err=True)
    if output_format == "csv":
        text = bill.to_csv()
    else:
        import json

        text = json.dumps(bill.to_dict(), indent=2) + "\n"
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


def _time(value: str) -> dt.time:
    if not TIME.fullmatch(value):
        raise click.BadParameter(
            f"'{value}' is not a time like 18:30 (HH:MM, 24-hour, the clinic's time zone)",
            param_hint="--time",
        )
    return dt.time.fromisoformat(value)


def _money(value: str | None, option: str, currency: str):
    """An amount the client paid or tipped, as Money; superbill() checks that it is 0 or more
    in whole minor units."""
    from servicekit import Money
    from servicekit.model.money import minor_units

    if value is None:
        return None
    try:
        return Money(value, currency)  # refuses NaN and Infinity as well as words
    except ValueError:
        example = format(Money(20, currency).round().amount, "f")
        places = minor_units(currency)
        decimals = f"at most {places} decimal places" if places else "no decimal places"
        raise click.BadParameter(
            f"'{value}' is not an amount of {currency}: write a number of 0 or more with "
            f"{decimals}, e.g. {example}",
            param_hint=option,
        ) from None


def _modifiers(values: tuple[str, ...]) -> dict[str, list[str]]:
    """`CODE:MOD` options as modifiers by code, in the order given."""
    found: dict[str, list[str]] = {}
    for value in values:
        code, colon, modifier = value.partition(":")
        if not (colon and code and modifier):
            raise click.BadParameter(
                f"'{value}' is not CODE:MODIFIER (e.g. 97140:59)", param_hint="--modifier"
            )
        if not CODE.fullmatch(code.upper()):
            raise click.BadParameter(
                f"{quoted(value)}: {quoted(code)} is not a CPT or HCPCS code ({CODE_SHAPE})",
                param_hint="--modifier",
            )
        found.setdefault(code.upper(), []).append(modifier.strip().upper())
    return found
