"""The top level of a catalogue file (format 1), as written.

Building turns it into a `Catalogue`: references resolved, rule parameters checked against
their types, plugin contributions merged in.
"""

# Annotations are objects, not strings: building reads the tables' classes from them
# (see servicekit.model.catalogue).

from collections.abc import Mapping
from typing import Any, Literal

import attrs

from servicekit.model.catalogue import (
    AddOn,
    Category,
    Clinic,
    Credential,
    GiftCards,
    Level,
    Location,
    RuleSpec,
    Service,
    Tax,
    doc,
)
from servicekit.model.contributions import Modality
from servicekit.model.fields import Id
from servicekit.model.screening import ScreeningSettings

FORMAT = 1


# Never made: building, the schema and `servicekit fmt` read its fields, one per top-level
# key, and read each table into the class its field names. So it has no repr or equality.
@attrs.frozen(repr=False, eq=False)
class CatalogueFile:
    """A catalogue file: `format = 1`, a `[clinic]` and the tables of what it offers."""

    format: Literal[1] = doc("The catalogue format version; write `format = 1`.")
    clinic: Clinic = doc("Who the catalogue belongs to, its currency, locale and time zone.")
    locations: Mapping[str, Location] = doc(
        "Places the clinic works, by id: [locations.<id>].", factory=dict
    )
    credentials: Mapping[str, Credential] = doc(
        "Credentials therapists hold, by id: [credentials.<id>].", factory=dict
    )
    levels: Mapping[str, Level] = doc(
        "Therapist levels rules can price differently, by id: [levels.<id>].", factory=dict
    )
    categories: Mapping[str, Category] = doc(
        "Headings of the menu, by id: [categories.<id>].", factory=dict
    )
    modalities: Mapping[str, Modality] = doc(
        "The catalogue's own modalities, besides those plugins contribute: [modalities.<id>].",
        factory=dict,
    )
    services: Mapping[str, Service] = doc(
        "The services offered, by id: [services.<id>].", factory=dict
    )
    addons: Mapping[str, AddOn] = doc("Add-ons, by id: [addons.<id>].", factory=dict)
    taxes: Mapping[str, Tax] = doc("Taxes, by id: [taxes.<id>].", factory=dict)
    rules: tuple[RuleSpec, ...] = doc(
        "Pricing rules, in [[rules]] entries; each has an id, a type and that type's keys.",
        default=(),
    )
    gift_cards: GiftCards | None = doc(
        "The gift certificates the clinic sells: [gift_cards].", default=None
    )
    screening: ScreeningSettings = doc(
        "How the clinic adapts contraindication screening.", factory=ScreeningSettings
    )
    plugins: Mapping[Id, Mapping[str, Any]] = doc(
        "Settings for plugins, a table per plugin name: [plugins.<name>]. Each plugin checks "
        "its own.",
        factory=dict,
    )
