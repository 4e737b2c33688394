"""A superbill: what a client sends an insurer or an HSA/FSA administrator to be repaid.

The provider (name, NPI, licence, tax id, from the catalogue's `[plugins.medical-billing]`),
the client, the date and place of service, and a line per CPT code with its units, minutes,
modifiers (the biller's: none is chosen here), diagnosis pointers and fee; each session's fee is
what servicekit quotes for it. Tips are not medical care: they are shown, and left out of the
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
from servicekit_medical_billing.codes import CPT, NOT_TOGETHER
from servicekit_medical_billing.settings import Billing, Provider, billing
from servicekit_medical_billing.units import units

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
MINUTES = re.compile(r"[0-9]+")
"""ASCII digits only: str.isdigit() also takes '²', which int() refuses."""
DISTINCT = frozenset({"59", "XE", "XP", "XS", "XU"})
"""Modifiers that say a procedure was distinct (59, and Medicare's X{EPSU} subsets of it)."""


class BillingError(servicekit.ServicekitError):
    """A superbill that cannot be made: a missing provider, code or diagnosis."""


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
    method: str
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
        """A row per claim line, each with the provider, client and visit (RFC 4180)."""
        out = io.StringIO()
        rows = csv.writer(out, lineterminator="\r\n")
        rows.writerow(CSV_COLUMNS)
        diagnoses = dict(zip(POINTERS, (code for code, _ in self.diagnoses), strict=False))
        for line in self.lines:
            rows.writerow(
                [
                    self.provider.name,
                    self.provider.npi,
                    self.provider.license,
                    self.provider.tax_id,
                    self.client.name,
                    self.client.date_of_birth.isoformat(),
                    self.client.member_id or "",
                    self.date.isoformat(),
                    self.place_of_service,
                    line.code,
                    " ".join(line.modifiers),
                    line.units,
                    line.minutes,
                    " ".join(diagnoses[p] for p in line.pointers),
                    _amount(line.fee),
                    line.fee.currency,
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
)


def superbill(
    catalogue: servicekit.Catalogue,
    *,
    date: dt.date,
    services: Sequence[tuple[str, int]],
    client: Client,
    diagnoses: Sequence[str],
    payer: str | None = None,
    method: str | None = None,
    location: str | None = None,
    tags: Sequence[str] = (),
    modifiers: Mapping[str, Sequence[str]] | None = None,
    tip: Money | None = None,
    paid: Money | None = None,
    letter_of_medical_necessity: bool = False,
) -> Superbill:
    """The superbill for one visit: `services` are (service id, minutes) pairs; `modifiers`
    are CPT modifiers by code, e.g. {"97140": ["59"]}."""
    settings = billing(catalogue)
    provider = _provider(settings)
    if not services:
        raise BillingError("a superbill needs at least one service", hint="give --service ID:MIN")
    coded = _diagnoses(diagnoses)
    chosen = method or settings.method_for(payer)
    by_code, fees, tax = _sessions(catalogue, settings, services, date, location, tags)
    lines = _lines(by_code, fees, chosen, len(coded), modifiers or {})
    zero = Money.zero(catalogue.currency)
    return Superbill(
        provider=provider,
        clinic=catalogue.clinic.name,
        address=provider.address or catalogue.clinic.address,
        phone=provider.phone or catalogue.clinic.phone,
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
        warnings=(*_payer_warnings(settings, payer, method), *_warnings(lines, chosen)),
    )


def _provider(settings: Billing) -> Provider:
    if settings.provider is None:
        raise BillingError(
            "the catalogue has no provider for superbills",
            hint='add to the catalogue: [plugins.medical-billing] provider = { name = "...", '
            'npi = "...", license = "...", tax_id = "12-3456789" }',
        )
    return settings.provider


def _lines(
    by_code: Mapping[str, list[tuple[str, int]]],
    fees: Mapping[str, Money],
    method: str,
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
    date: dt.date,
    location: str | None,
    tags: Sequence[str],
) -> tuple[dict[str, list[tuple[str, int]]], dict[str, Money], Money]:
    """Each session's code, minutes and fee (as quoted that day), grouped by code."""
    by_code: dict[str, list[tuple[str, int]]] = {}
    fees: dict[str, Money] = {}
    tax = Money.zero(catalogue.currency)
    for ident, minutes in services:
        service = _service(catalogue, ident)
        code = settings.code_for(service.modality)
        if code is None:
            raise BillingError(
                f"no CPT code for modality '{service.modality}' of service '{ident}'",
                hint=f'add [plugins.medical-billing] cpt = {{ {service.modality} = "97124" }}',
            )
        at = dt.datetime.combine(date, dt.time(12, 0)).isoformat()
        quote = catalogue.quote(ident, minutes, at=at, location=location, tags=tags)
        by_code.setdefault(code, []).append((ident, minutes))
        fees[code] = fees.get(code, Money.zero(catalogue.currency)) + quote.total - quote.tax
        tax = tax + quote.tax
    return by_code, fees, tax


def _diagnoses(given: Sequence[str]) -> tuple[tuple[str, str | None], ...]:
    """ICD-10 codes, or servicekit's condition ids (which carry their codes)."""
    if not given:
        raise BillingError(
            "a superbill needs a diagnosis",
            hint="give --diagnosis with an ICD-10 code, e.g. M54.50",
        )
    conditions = servicekit.vocabulary().conditions
    by_code = {term.icd10: term.name for term in conditions.values() if term.icd10}
    found = tuple(dict.fromkeys(_diagnosis(value, conditions, by_code) for value in given))
    if len(found) > len(POINTERS):
        raise BillingError(
            f"{len(found)} diagnoses; a claim has room for {len(POINTERS)}",
            hint="keep the ones this visit treats",
        )
    return found


def _diagnosis(
    value: str, conditions: Mapping[str, Any], by_code: Mapping[str, str]
) -> tuple[str, str | None]:
    """An ICD-10 code with its name, from a code or a condition id."""
    term = conditions.get(value)
    if term is not None:
        if not term.icd10:
            raise BillingError(
                f"condition '{value}' has no ICD-10 code in servicekit's vocabulary",
                hint="give the ICD-10 code itself, e.g. M54.50",
            )
        return term.icd10, term.name
    code = value.strip().upper()
    if ICD10.fullmatch(code):
        return code, by_code.get(code)
    hint = did_you_mean(value, conditions)
    if not hint.startswith("did you mean"):
        hint = (
            "give an ICD-10 code like M54.50 (a letter, a digit, a digit or letter, then a dot "
            "and up to four more) or a condition id from `servicekit conditions`"
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


def parse_services(
    values: Sequence[str], catalogue: servicekit.Catalogue
) -> list[tuple[str, int]]:
    """`ID:MIN` (or `ID` for a service with one length) as (id, minutes) pairs."""
    found = []
    for value in values:
        ident, _, minutes = value.partition(":")
        service = _service(catalogue, ident)
        if minutes:
            if not MINUTES.fullmatch(minutes):
                raise BillingError(f"'{value}' is not ID:MINUTES", hint=f"e.g. {ident}:60")
            found.append((ident, int(minutes)))
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
