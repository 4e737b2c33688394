"""The clinic's billing settings as superbills read them: the `[plugins.medical-billing]`
table as records, once `settings` has checked it (when the catalogue loaded).

A module of their own, so that checking a catalogue builds no record only superbills read.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from servicekit_medical_billing.codes import BY_MODALITY
from servicekit_medical_billing.settings import NAME
from servicekit_medical_billing.units import Method


@attrs.frozen
class Provider:
    name: str
    npi: str
    license: str
    tax_id: str
    address: str | None = None
    phone: str | None = None


@attrs.frozen
class Billing:
    """The clinic's billing settings, checked."""

    method: Method = "cms"
    place_of_service: str = "11"
    provider: Provider | None = None
    payers: Mapping[str, Method] = attrs.field(factory=dict)
    cpt: Mapping[str, str] = attrs.field(factory=dict)

    def code_for(self, modality: str) -> str | None:
        return self.cpt.get(modality) or BY_MODALITY.get(modality)

    def method_for(self, payer: str | None) -> Method:
        return self.payers.get(payer, self.method) if payer else self.method


def billing(catalogue: Any) -> Billing:
    """The catalogue's settings (they were checked when it loaded)."""
    table = catalogue.plugin_settings.get(NAME, {})
    provider = table.get("provider")
    return Billing(
        method=table.get("method", "cms"),
        place_of_service=table.get("place_of_service", "11"),
        provider=Provider(**provider) if provider else None,
        payers=dict(table.get("payers", {})),
        cpt=dict(table.get("cpt", {})),
    )
