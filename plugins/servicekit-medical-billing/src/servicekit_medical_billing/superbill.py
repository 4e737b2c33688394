"""A superbill: what a client sends an insurer or an HSA/FSA administrator to be repaid.

The provider (name, NPI, licence, tax id, from the catalogue's `[plugins.medical-billing]`),
the client, the date and place of service, and a line per CPT code with its units, minutes,
modifiers (the biller's: none is chosen here), diagnosis pointers and fee; each session's fee is
what servicekit quotes for it in the visit (the sessions one after another from the visit's
start, with the promotion codes given: offers on several sessions together apply as the
clinic prices the visit). Tips are not medical care: they are shown, and left out of the
HSA/FSA amount.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

import servicekit
from servicekit import BookingError, Money
from servicekit.errors import did_you_mean
from servicekit.exporting.price_list import FORMULA_STARTS
from servicekit.loading.scalars import MAX_MINOR_UNITS
from servicekit.model.money import minor_units
from servicekit.model.vocabulary import Vocabulary
from servicekit_medical_billing.billing import Billing, Provider, billing
from servicekit_medical_billing.codes import CPT, NOT_TOGETHER
from servicekit_medical_billing.settings import NAME
from servicekit_medical_billing.units import DAY, Method, quoted, read_minutes, units

ICD10 = re.compile(r"[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?")
"""ICD-10-CM: a letter, a digit, a digit or letter, then a dot and up to four more."""
POINTERS = "ABCDEFGHIJKL"
"""A claim holds up to twelve diagnoses, A to L (CMS-1500 box 21)."""
MAX_POINTERS = 4
"""A claim line points at up to four of the diagnoses (CMS-1500 box 24E)."""
MAX_MODIFIERS = 4
"""A claim line has four modifier places (CMS-1500 box 24D)."""
MODIFIER = re.compile(r"[0-9A-Z]{2}")
"""CPT and HCPCS modifiers are two characters: 59, GP, XS."""
PROVIDER_TABLE = """\
[plugins.medical-billing.provider]
name = "..."        # the billing provider, as licensed
npi = "..."         # ten digits, from the NPPES registry
license = "..."     # the state licence, as the board writes it
tax_id = "..."      # the EIN, 12-3456789
"""
"""The table a catalogue needs for superbills, as TOML to paste."""
NOON = dt.time(12, 0)
"""When a visit starts unless the caller says: a time-of-day price rule sees noon."""
DISTINCT = frozenset({"59", "XE", "XP", "XS", "XU"})
"""Modifiers that say a procedure was distinct (59, and Medicare's X{EPSU} subsets of it)."""


class BillingError(servicekit.ServicekitError):
    """A superbill that cannot be made: a missing provider, code or diagnosis, or a value
    that cannot be right (a tip below 0, a birth after the visit)."""

    def __init__(
        self, message: str, *, hint: str | None = None, argument: str | None = None
    ) -> None:
        super().__init__(message, hint=hint)
        self.argument = argument
        """The `superbill()` argument at fault, when it is one value: `tip`, `paid` or
        `date_of_birth`. The command line names the option it came from."""


@attrs.frozen
class Client:
    name: str
    date_of_birth: dt.date
    member_id: str | None = None


@attrs.frozen
class Line:
    code: str
    description: str
    services: tuple[str, ...]
    minutes: int
    units: int
    pointers: tuple[str, ...]
    fee: Money
    modifiers: tuple[str, ...] = ()


@attrs.frozen
class Superbill:
    provider: Provider
    clinic: str
    address: str | None
    phone: str | None
    client: Client
    date: dt.date
    place_of_service: str
    payer: str | None
    method: Method
    diagnoses: tuple[tuple[str, str | None], ...]
    """ICD-10 codes with their names, where servicekit's vocabulary has them."""
    lines: tuple[Line, ...]
    charges: Money
    tax: Money
    tip: Money
    paid: Money
    letter_of_medical_necessity: bool
    notes: tuple[str, ...]
    warnings: tuple[str, ...]

    @property
    def total(self) -> Money:
        return self.charges + self.tax

    @property
    def balance(self) -> Money:
        return self.total + self.tip - self.paid

    @property
    def hsa_fsa_amount(self) -> Money:
        """What an HSA or FSA may repay: the charges and tax, never the tip."""
        return self.total

    def to_dict(self) -> dict[str, Any]:
        """JSON data; money in integer minor units of `currency`."""
        provider = attrs.asdict(self.provider)
        return {
            "currency": self.charges.currency,
            "provider": {
                **provider,
                "clinic": self.clinic,
                "address": self.address,
                "phone": self.phone,
            },
            "client": {
                "name": self.client.name,
                "date_of_birth": self.client.date_of_birth.isoformat(),
                "member_id": self.client.member_id,
            },
            "date_of_service": self.date.isoformat(),
            "place_of_service": self.place_of_service,
            "payer": self.payer,
            "units_rule": self.method,
            "diagnoses": [
                {"pointer": POINTERS[i], "icd10": code, "name": name}
                for i, (code, name) in enumerate(self.diagnoses)
            ],
            "lines": [
                {
                    "cpt": line.code,
                    "description": line.description,
                    "services": list(line.services),
                    "modifiers": list(line.modifiers),
                    "minutes": line.minutes,
                    "units": line.units,
                    "diagnosis_pointers": list(line.pointers),
                    "fee": line.fee.minor,
                }
                for line in self.lines
            ],
            "charges": self.charges.minor,
            "tax": self.tax.minor,
            "total": self.total.minor,
            "tip": self.tip.minor,
            "paid": self.paid.minor,
            "balance": self.balance.minor,
            "hsa_fsa_amount": self.hsa_fsa_amount.minor,
            "letter_of_medical_necessity": self.letter_of_medical_necessity,
            "notes": list(self.notes),
            "warnings": list(self.warnings),
        }

    def to_csv(self) -> str:
        """A row per claim line, each with the provider, client and visit (RFC 4180). The
        visit's columns repeat on every row, so that each row stands alone in a spreadsheet."""
        out = io.StringIO()
        rows = csv.writer(out, lineterminator="\r\n")
        rows.writerow(CSV_COLUMNS)
        diagnoses = dict(zip(POINTERS, (code for code, _ in self.diagnoses), strict=False))
        visit = [
            " ".join(f"{pointer}={code}" for pointer, code in diagnoses.items()),
            _amount(self.tax),
            _amount(self.total),
            _amount(self.tip),
            _amount(self.paid),
            _amount(self.balance),
            _amount(self.hsa_fsa_amount),
            "yes" if self.letter_of_medical_necessity else "no",
            _text(" ".join(self.notes)),
        ]
        for line in self.lines:
            rows.writerow(
                [
                    _text(self.provider.name),
                    self.provider.npi,
                    _text(self.provider.license),
                    self.provider.tax_id,
                    _text(self.client.name),
                    self.client.date_of_birth.isoformat(),
                    _text(self.client.member_id or ""),
                    self.date.isoformat(),
                    self.place_of_service,
                    line.code,
                    " ".join(line.modifiers),
                    line.units,
                    line.minutes,
                    " ".join(diagnoses[p] for p in line.pointers),
                    _amount(line.fee),
                    line.fee.currency,
                    *visit,
                ]
            )
        return out.getvalue()


CSV_COLUMNS = (
    "provider",
    "npi",
    "license",
    "tax_id",
    "client",
    "date_of_birth",
    "member_id",
    "date_of_service",
    "place_of_service",
    "cpt",
    "modifiers",
    "units",
    "minutes",
    "icd10",
    "fee",
    "currency",
    "diagnoses",
    "tax",
    "total",
    "tip",
    "paid",
    "balance",
    "hsa_fsa_amount",
    "letter_of_medical_necessity",
    "notes",
)
"""The line's columns first, then the visit's, repeated on every row."""


def superbill(
    catalogue: servicekit.Catalogue,
    *,
    date: dt.date,
    services: Sequence[tuple[str, int]],
    client: Client,
    diagnoses: Sequence[str],
    payer: str | None = None,
    method: Method | None = None,
    location: str | None = None,
    tags: Sequence[str] = (),
    time: dt.time = NOON,
    promos: Sequence[str] = (),
    modifiers: Mapping[str, Sequence[str]] | None = None,
    tip: Money | None = None,
    paid: Money | None = None,
    letter_of_medical_necessity: bool = False,
) -> Superbill:
    """The superbill for one visit: `services` are (service id, minutes) pairs; `modifiers`
    are CPT modifiers by code, e.g. {"97140": ["59"]}. The sessions are quoted as one visit,
    one after another from `time` on `date` (the visit's start, in the clinic's time zone;
    default noon), with the promotion codes `promos`, at `location` for a client with
    `tags`. Raises `BillingError`
    (or `BookingError` for a booking the catalogue refuses) saying what to change."""
    settings = billing(catalogue)
    provider = _provider(settings)
    _check_visit(date, client, services)
    for name, amount in (("tip", tip), ("paid", paid)):
        if amount is not None:
            _check_amount(name, amount, catalogue.currency)
    coded = _diagnoses(diagnoses, catalogue.vocabulary)
    chosen = method or settings.method_for(payer)
    at = dt.datetime.combine(date, time)
    by_code, fees, tax, unknown = _sessions(
        catalogue, settings, services, at, location, tags, promos
    )
    lines = _lines(by_code, fees, chosen, len(coded), modifiers or {})
    zero = Money.zero(catalogue.currency)
    place = catalogue.locations.get(location) if location else None
    # The provider's own address and phone win; a location's are where the visit was, which
    # payers ask for; the clinic's are the last resort.
    address = provider.address or (place and place.address) or catalogue.clinic.address
    phone = provider.phone or (place and place.phone) or catalogue.clinic.phone
    return Superbill(
        provider=provider,
        clinic=catalogue.clinic.name,
        address=address,
        phone=phone,
        client=client,
        date=date,
        place_of_service=settings.place_of_service,
        payer=payer,
        method=chosen,
        diagnoses=coded,
        lines=lines,
        charges=sum((line.fee for line in lines), zero),
        tax=tax,
        tip=tip or zero,
        paid=paid or zero,
        letter_of_medical_necessity=letter_of_medical_necessity,
        notes=_notes(letter_of_medical_necessity, tip),
        warnings=(
            *_payer_warnings(settings, payer, method),
            *unknown,
            *_warnings(lines, chosen),
            *_address_warnings(address, location),
        ),
    )


def _provider(settings: Billing) -> Provider:
    if settings.provider is None:
        # Lines to paste at the end of the catalogue: a table of its own is valid TOML
        # whether or not the catalogue has a [plugins.medical-billing] table already. The
        # placeholders are refused when the catalogue loads, so none is billed by mistake.
        raise BillingError(
            "the catalogue has no provider for superbills",
            hint="add to the end of the catalogue, and fill in the provider's details:\n"
            + PROVIDER_TABLE,
        )
    return settings.provider


def _check_visit(date: dt.date, client: Client, services: Sequence[tuple[str, int]]) -> None:
    if client.date_of_birth > date:
        raise BillingError(
            f"the date of birth, {client.date_of_birth.isoformat()}, is after the date of "
            f"service, {date.isoformat()}",
            hint="check both dates; they are written YYYY-MM-DD",
            argument="date_of_birth",
        )
    if not services:
        raise BillingError(
            "a superbill needs at least one service",
            hint="give a session as --service ID:MIN, or services=[(ID, MIN)] from Python",
        )
    for ident, minutes in services:
        if not isinstance(minutes, int) or isinstance(minutes, bool):
            raise BillingError(
                f"session '{ident}': {minutes!r} is not a whole number of minutes",
                hint=f"give its booked length, e.g. ('{ident}', 60)",
            )
    total = sum(minutes for _, minutes in services)
    if total > DAY:
        # units() would refuse it too; said here in the superbill's words, before quoting.
        raise BillingError(
            f"{total} minutes of sessions on one visit, more than a day has ({DAY})",
            hint="give each session once, with its booked length, e.g. --service swedish:60",
        )


def _check_amount(name: str, amount: Money, currency: str) -> None:
    """A tip or payment: the catalogue's currency, 0 or more, in whole minor units."""
    places = minor_units(currency)
    example = format(Money(20, currency).round().amount, "f")
    text = str(amount.amount)
    if len(text) > 24:  # a typo of a thousand digits is named, not printed
        text = format(amount.amount, ".3E")
    shown = f"the {'amount paid' if name == 'paid' else name}, {text} {amount.currency},"
    if amount.currency != currency:
        raise BillingError(
            f"{shown} is not in the catalogue's currency, {currency}",
            hint=f"give it in {currency}, e.g. {example}",
            argument=name,
        )
    if amount.amount < 0:
        raise BillingError(
            f"{shown} is less than 0", hint=f"give 0 or more, e.g. {example}", argument=name
        )
    # Compared before quantizing, as catalogue prices are: quantizing a huge number overflows
    # Decimal's precision, and scaling one past Decimal's exponents overflows too.
    try:
        huge = amount.amount.scaleb(places) >= MAX_MINOR_UNITS
    except ArithmeticError:
        huge = True
    if huge:
        raise BillingError(
            f"{shown} is beyond any real amount",
            hint=f"check for a typo; it is in {currency}, e.g. {example}",
            argument=name,
        )
    if not amount.is_rounded():
        decimals = f"at most {places} decimal places" if places else "no decimal places"
        raise BillingError(
            f"{shown} has more decimal places than {currency} has ({places})",
            hint=f"give {decimals}, e.g. {example}",
            argument=name,
        )


def _lines(
    by_code: Mapping[str, list[tuple[str, int]]],
    fees: Mapping[str, Money],
    method: Method,
    diagnoses: int,
    modifiers: Mapping[str, Sequence[str]],
) -> tuple[Line, ...]:
    """A claim line per CPT code, its units from the day's minutes by `method`."""
    minutes = {code: sum(m for _, m in entries) for code, entries in by_code.items()}
    billed = units(minutes, method)
    _check_modifiers(modifiers, minutes)
    pointers = tuple(POINTERS[: min(diagnoses, MAX_POINTERS)])
    return tuple(
        Line(
            code=code,
            description=CPT[code],
            services=tuple(dict.fromkeys(s for s, _ in entries)),
            minutes=minutes[code],
            units=billed[code],
            pointers=pointers,
            fee=fees[code],
            modifiers=tuple(modifiers.get(code, ())),
        )
        for code, entries in by_code.items()
    )


def _check_modifiers(modifiers: Mapping[str, Sequence[str]], codes: Mapping[str, int]) -> None:
    for code, given in modifiers.items():
        if code not in codes:
            raise BillingError(
                f"a modifier for {code}, which is not on this superbill",
                hint="its codes are " + ", ".join(codes),
            )
        if len(given) > MAX_MODIFIERS:
            raise BillingError(
                f"{code} has {len(given)} modifiers; a claim line has room for {MAX_MODIFIERS}",
                hint="keep the ones the payer asks for",
            )
        for modifier in given:
            if not MODIFIER.fullmatch(modifier):
                raise BillingError(
                    f"'{modifier}' is not a CPT modifier",
                    hint="two letters or digits, e.g. 59 or GP",
                )


def _sessions(
    catalogue: servicekit.Catalogue,
    settings: Billing,
    services: Sequence[tuple[str, int]],
    at: dt.datetime,
    location: str | None,
    tags: Sequence[str],
    promos: Sequence[str],
) -> tuple[dict[str, list[tuple[str, int]]], dict[str, Money], Money, tuple[str, ...]]:
    """Each session's code, minutes and fee, grouped by code, and a warning for each promotion
    code the catalogue does not have. The sessions are quoted as one visit from `at`, one
    after another, so offers on several sessions together (bundles, order discounts) are
    priced as the clinic prices the visit; each session's fee is its own lines with its share
    of the visit's discounts, and its tax apart."""
    by_code: dict[str, list[tuple[str, int]]] = {}
    codes = []
    for ident, minutes in services:
        service = _service(catalogue, ident)
        code = settings.code_for(service.modality)
        if code is None:
            raise BillingError(
                f"no CPT code for modality '{service.modality}' of service '{ident}'",
                hint=_cpt_hint(catalogue, service.modality),
            )
        by_code.setdefault(code, []).append((ident, minutes))
        codes.append(code)
    quote = catalogue.quote(
        items=[{"service": ident, "duration": minutes} for ident, minutes in services],
        at=at,
        location=location,
        tags=tags,
        promos=promos,
    )
    zero = Money.zero(catalogue.currency)
    fees: dict[str, Money] = {}
    for code, item in zip(codes, quote.items, strict=True):
        own = f"{item.index}/"
        shared = sum(
            (
                money
                for line in quote.lines
                if line.kind != "tax"
                for key, money in line.allocations.items()
                if key.startswith(own)
            ),
            zero,
        )
        fees[code] = fees.get(code, zero) + item.subtotal + shared
    # A mistyped code takes nothing off, silently: say so once, in the quote's words.
    unknown = {
        entry.reason: f"{entry.reason}: it takes nothing off (check its spelling)"
        for entry in quote.audit
        if entry.outcome == "unknown-promo"
    }
    return by_code, fees, quote.tax, tuple(unknown.values())


def _cpt_hint(catalogue: servicekit.Catalogue, modality: str) -> str:
    line = f'{modality} = "97124"'
    choice = "(97124 for massage, 97140 for manual therapy)"
    if "cpt" in catalogue.plugin_settings.get(NAME, {}):
        # The table exists: a second [plugins.medical-billing.cpt] header would be invalid.
        return f"add {line} to the catalogue's [plugins.medical-billing] cpt table {choice}"
    return f"add to the end of the catalogue {choice}:\n[plugins.medical-billing.cpt]\n{line}\n"


def _diagnoses(given: Sequence[str], words: Vocabulary) -> tuple[tuple[str, str | None], ...]:
    """ICD-10 codes, or conditions (which carry their codes) in the words intakes use: the
    catalogue's vocabulary, its plugins' conditions and every synonym too."""
    if not given:
        raise BillingError(
            "a superbill needs a diagnosis",
            hint="give --diagnosis with an ICD-10 code, e.g. M54.50",
        )
    conditions = words.conditions
    by_code = {term.icd10: term.name for term in conditions.values() if term.icd10}
    found = tuple(dict.fromkeys(_diagnosis(value, words, by_code) for value in given))
    if len(found) > len(POINTERS):
        raise BillingError(
            f"{len(found)} diagnoses; a claim has room for {len(POINTERS)}",
            hint="keep the ones this visit treats",
        )
    return found


def _diagnosis(
    value: str, words: Vocabulary, by_code: Mapping[str, str]
) -> tuple[str, str | None]:
    """An ICD-10 code with its name, from a code or a condition as an intake may write it (in
    any case: DVT is dvt; osteopenia is osteoporosis)."""
    reading = words.read("conditions", value)
    if isinstance(reading, str):
        term = words.conditions[reading]
        if not term.icd10:
            raise BillingError(
                f"condition '{value}' has no ICD-10 code in servicekit's vocabulary",
                hint="give the ICD-10 code itself, e.g. M54.50",
            )
        return term.icd10, term.name
    code = value.strip().upper()
    if ICD10.fullmatch(code):
        return code, by_code.get(code)
    if not reading.message.startswith("unknown"):
        raise BillingError(reading.message, hint=reading.hint)
    hint = reading.hint
    if not hint.startswith("did you mean"):
        hint = (
            "give an ICD-10 code like M54.50 (a letter, a digit, a digit or letter, then a dot "
            "and up to four more) or a condition from `servicekit conditions`"
        )
    raise BillingError(f"'{value}' is neither an ICD-10 code nor a known condition", hint=hint)


def _notes(letter: bool, tip: Money | None) -> tuple[str, ...]:
    notes = [
        "HSA/FSA: massage qualifies when it is primarily to alleviate or prevent an illness "
        "(IRS Publication 502); a letter of medical necessity gives the condition, the "
        "frequency and the duration of treatment."
        + (" One is on file." if letter else " Keep one with this superbill.")
    ]
    if tip:
        notes.append("Tips are not medical care: the tip is left out of the HSA/FSA amount.")
    return tuple(notes)


def _warnings(lines: Sequence[Line], method: str) -> tuple[str, ...]:
    found = [
        f"{line.code}: {line.minutes} minute{'s' * (line.minutes != 1)} bill no unit by the "
        f"{method} rule; the payer will not pay this line"
        for line in lines
        if not line.units
    ]
    codes = {line.code for line in lines}
    distinct = any(DISTINCT & set(line.modifiers) for line in lines if line.code in NOT_TOGETHER)
    if codes >= NOT_TOGETHER and not distinct:
        found.append(
            "97124 and 97140 on one visit are often denied: bill the one that matches the "
            "visit's intent, or document distinct work and add modifier 59 "
            "(--modifier 97140:59)"
        )
    return tuple(found)


def _address_warnings(address: str | None, location: str | None) -> tuple[str, ...]:
    if address:
        return ()
    where = f", [locations.{location}]" if location else ""
    return (
        "the superbill has no address: payers need the address where the service was given; "
        f"add address to [plugins.medical-billing.provider]{where} or [clinic]",
    )


def _payer_warnings(settings: Billing, payer: str | None, method: str | None) -> tuple[str, ...]:
    """A payer the settings do not name is billed by the clinic's rule: say so, in case of a
    typo."""
    if payer is None or method is not None or payer in settings.payers:
        return ()
    hint = f" ({did_you_mean(payer, settings.payers)})" if settings.payers else ""
    return (
        f"payer '{payer}' is not in [plugins.medical-billing] payers, so the clinic's "
        f"{settings.method} rule counts the units{hint}",
    )


def _amount(money: Money) -> str:
    return format(money.round().amount, "f")


def _text(value: str) -> str:
    """Free text for a CSV cell: a spreadsheet would run a cell starting with = + - @ as a
    formula, so such a cell starts with an apostrophe, as servicekit's price list does."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def parse_services(
    values: Sequence[str], catalogue: servicekit.Catalogue
) -> list[tuple[str, int]]:
    """`ID:MIN` (or `ID` for a service with one length) as (id, minutes) pairs."""
    found = []
    for value in values:
        ident, _, minutes = value.partition(":")
        service = _service(catalogue, ident)
        if minutes:
            count = read_minutes(minutes)
            if count is None:
                raise BillingError(f"{quoted(value)} is not ID:MINUTES", hint=f"e.g. {ident}:60")
            if count > DAY:
                raise BillingError(
                    f"{quoted(value)} is more minutes than a day has ({DAY})",
                    hint=f"give the session's booked length, e.g. {ident}:60",
                )
            found.append((ident, count))
        elif len(service.variations) == 1:
            found.append((ident, service.variations[0].duration))
        else:
            lengths = ", ".join(str(v.duration) for v in service.variations)
            raise BillingError(
                f"'{value}' needs its minutes",
                hint=f"write {ident}:MINUTES with one of its lengths: {lengths}",
            )
    return found


def _service(catalogue: servicekit.Catalogue, ident: str) -> servicekit.Service:
    service = catalogue.services.get(ident)
    if service is None:
        raise BookingError(
            f"unknown service '{ident}'", hint=did_you_mean(ident, catalogue.services)
        )
    return service
