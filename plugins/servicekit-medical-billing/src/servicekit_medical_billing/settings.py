"""The clinic's billing settings, in its catalogue's `[plugins.medical-billing]` table:

[plugins.medical-billing]
method = "cms"                         # or "midpoint": the units rule unless a payer's
place_of_service = "11"                # CMS place-of-service code: 11 is an office
payers = { medicare = "cms", acme-health = "midpoint" }
cpt = { reflexology = "97124" }        # a modality's code: one the plugin has none for, or
                                       # another than the plugin's

[plugins.medical-billing.provider]
name = "Dana Reyes, LMT"
npi = "1234567893"
license = "IL 227.012345"
tax_id = "12-3456789"
address = "412 River Street, Riverside, IL 60546"   # optional, as is phone
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from servicekit import Problem
from servicekit.errors import did_you_mean
from servicekit_medical_billing.codes import CPT
from servicekit_medical_billing.units import METHODS

NAME = "medical-billing"
KEYS = ("method", "place_of_service", "provider", "payers", "cpt")
PROVIDER_KEYS = ("name", "npi", "license", "tax_id", "address", "phone")
REQUIRED_PROVIDER = ("name", "npi", "license", "tax_id")
PLACEHOLDER = "..."
"""What the missing-provider hint puts in each value for the clinic to fill in."""
PLACE = re.compile(r"[0-9]{2}")
TAX_ID = re.compile(r"[0-9]{2}-[0-9]{7}")


def settings_problems(catalogue: Any) -> Iterator[Problem]:
    """What is wrong with the table, each problem at its key; they stop the catalogue loading."""
    table = catalogue.plugin_settings.get(NAME)
    if table is None:
        return
    path = ("plugins", NAME)
    yield from _unknown_keys(table, KEYS, path)
    method = table.get("method", "cms")
    if method not in METHODS:
        yield Problem(
            (*path, "method"), f"{_shown(method)} is not a units rule", "write cms or midpoint"
        )
    place = table.get("place_of_service", "11")
    if not (isinstance(place, str) and PLACE.fullmatch(place)):
        yield Problem(
            (*path, "place_of_service"),
            f"{_shown(place)} is not a place-of-service code",
            'two digits in quotes, e.g. place_of_service = "11" for an office',
        )
    yield from _provider_problems(table.get("provider"), (*path, "provider"))
    yield from _payer_problems(table.get("payers", {}), (*path, "payers"))
    yield from _cpt_problems(table.get("cpt", {}), (*path, "cpt"), catalogue.modalities)


def _unknown_keys(
    table: Mapping[str, Any], keys: tuple[str, ...], path: tuple[str, ...]
) -> Iterator[Problem]:
    for key in table:
        if key not in keys:
            yield Problem((*path, key), f"unknown key '{key}'", did_you_mean(key, keys))


def _payer_problems(payers: Any, path: tuple[str, ...]) -> Iterator[Problem]:
    if not isinstance(payers, Mapping):
        yield Problem(
            path,
            "expected a table of payer = units rule",
            'e.g. payers = { medicare = "cms", acme-health = "midpoint" }',
        )
        return
    for payer, chosen in payers.items():
        if not isinstance(chosen, str) or chosen not in METHODS:
            yield Problem(
                (*path, payer), f"{_shown(chosen)} is not a units rule", "write cms or midpoint"
            )


def _cpt_problems(
    cpt: Any, path: tuple[str, ...], modalities: Mapping[str, Any]
) -> Iterator[Problem]:
    if not isinstance(cpt, Mapping):
        yield Problem(
            path, "expected a table of modality = CPT code", 'e.g. cpt = { reflexology = "97124" }'
        )
        return
    for modality, code in cpt.items():
        if modality not in modalities:
            hint = did_you_mean(modality, modalities)
            yield Problem((*path, modality), f"unknown modality '{modality}'", hint)
        # The type first: a table is unhashable, and looking it up in CPT would raise.
        if not isinstance(code, str) or code not in CPT:
            yield Problem(
                (*path, modality),
                f"{_shown(code)} is not a CPT code this plugin bills",
                "the codes are " + ", ".join(CPT) + ', as strings, e.g. "97124"',
            )


def _provider_problems(provider: Any, path: tuple[str, ...]) -> Iterator[Problem]:
    if provider is None:
        return
    if not isinstance(provider, Mapping):
        yield Problem(
            path,
            "expected a table of the provider's name, npi, license and tax_id",
            "write it as a [plugins.medical-billing.provider] table, one key a line",
        )
        return
    yield from _unknown_keys(provider, PROVIDER_KEYS, path)
    for key in PROVIDER_KEYS:
        value = provider.get(key)
        if key in REQUIRED_PROVIDER and value in (None, ""):
            yield Problem((*path, key), f"missing the provider's {key}", "superbills need it")
        elif value == PLACEHOLDER:
            # Left from the table the superbill's hint gives: never billed as a real value.
            yield Problem(
                (*path, key),
                f"the provider's {key} is still '{PLACEHOLDER}'",
                "write the provider's own in its place",
            )
        elif value is not None and not isinstance(value, str):
            # An unquoted NPI is a TOML integer: the digits are right, the type is not.
            hint = f'write it in quotes: {key} = "{value}"'
            yield Problem((*path, key), f"the provider's {key} must be a string", hint)
    npi = provider.get("npi")
    if isinstance(npi, str) and not valid_npi(npi):
        yield Problem(
            (*path, "npi"),
            f"'{npi}' is not a valid NPI",
            "ten digits whose last is the Luhn check digit; copy it from the NPPES registry",
        )
    tax_id = provider.get("tax_id")
    if isinstance(tax_id, str) and not TAX_ID.fullmatch(tax_id):
        yield Problem((*path, "tax_id"), f"'{tax_id}' is not an EIN", 'write it as "12-3456789"')


def _shown(value: Any) -> str:
    """A value as the user wrote it in TOML, for messages."""
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, list | tuple):
        return "an array"
    return str(value).lower() if isinstance(value, bool) else str(value)


def valid_npi(npi: str) -> bool:
    """Ten digits with the Luhn check digit over the prefix 80840 (the NPI standard)."""
    if not re.fullmatch(r"[0-9]{10}", npi):
        return False
    total = 0
    for position, char in enumerate(reversed("80840" + npi)):
        digit = int(char)
        if position % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0
