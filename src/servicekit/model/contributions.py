"""What plugins contribute through the hooks: frozen records, never dicts.

A catalogue may also define its own modalities in `[modalities.<id>]`; those are the same
`Modality` records, so everything downstream treats both alike.
"""

# Annotations are objects, not strings: a catalogue's [modalities] are read by these types
# (see servicekit.model.catalogue).

import importlib
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from servicekit.model.catalogue import doc
from servicekit.model.fields import Benefit, Id, Name, Text, Walton


@attrs.frozen
class Pressure:
    """A range of pressure on the Walton scale (0 no pressure, 5 deep)."""

    min: Walton = doc("The lightest pressure the modality is performed with.")
    max: Walton = doc("The deepest pressure the modality is performed with.")


@attrs.frozen
class Modality:
    """A kind of massage work: Swedish, deep tissue, lymphatic drainage, ...

    `requires` names credentials a therapist must hold to perform it (a catalogue that offers
    it must declare them in `[credentials]`).
    """

    id: Id
    name: Name = doc("The modality's name, e.g. Deep tissue massage.")
    description: Text = doc("What it is and who it is for, in plain words.")
    techniques: tuple[Name, ...] = doc(
        "The techniques used, e.g. kneading, friction, compression.", default=()
    )
    benefits: tuple[Benefit, ...] = doc("What it does for a client.", default=())
    requires: tuple[Id, ...] = doc("Credential ids a therapist needs to perform it.", default=())
    pressure: Pressure | None = doc("The pressure it is usually performed with.", default=None)
    specialty: bool = doc(
        "Specialty work (lymphatic drainage, prenatal, oncology): while a client is under a "
        "doctor's care, the doctor must approve it.",
        default=False,
    )
    properties: tuple[Id, ...] | None = doc(
        "What screening must know of the work: lymphatic-drainage, stretching, suction, heat, "
        "essential-oil, ... (`servicekit conditions` lists them); [] for none of these. "
        "Without it, screening treats the modality as having every one.",
        default=None,
    )


def _properties(value: Iterable[str] | None) -> frozenset[str] | None:
    return None if value is None else frozenset(value)


@attrs.frozen
class AddOnType:
    """A kind of add-on a plugin knows about, so screening can reason about it.

    `properties` are what contraindications refer to: `heat`, `essential-oil`, `suction`,
    `cannabinoid`, `nut-oil`, `region-bound` (applied to one area of the body); the
    vocabulary's `properties` table (`servicekit conditions`) lists them all. A plugin must
    say them (an empty set for none): a type that forgot would escape every rule, so one
    without is refused when the plugin is loaded.
    """

    id: Id
    name: Name
    description: Text
    properties: frozenset[str] | None = attrs.field(default=None, converter=_properties)


@attrs.frozen
class RuleType:
    """A pricing rule type catalogues instantiate with `[[rules]] type = "<name>"`.

    `params` is an attrs class: the rule's own keys (everything but the keys every rule has)
    are structured into it, strictly, when the catalogue is built. It is also the rule's
    behaviour: it implements the protocol of its stage (`servicekit.pricing.stages`), which
    is checked when the plugin is collected. `summary` says in a sentence what the type is
    for; a menu shows it for a rule whose parameters do not word their own summary.

    `params` may instead name the class by import path, `"package.module:Class"` as an entry
    point does: the module is imported, and the class checked, when a catalogue first uses
    the type, so a plugin's types cost a run that uses none of them nothing.
    """

    name: str
    """The type's id, what `type =` names (checked when the plugin is collected)."""
    _params: type | str = attrs.field(alias="params")
    summary: str

    @property
    def params(self) -> type:
        """The parameter class; one named by import path is imported now."""
        if isinstance(self._params, str):
            module, _, name = self._params.partition(":")
            found: type = getattr(importlib.import_module(module), name)
            return found
        return self._params

    @property
    def named(self) -> str | None:
        """The import path naming the parameter class, when it is not given itself."""
        return self._params if isinstance(self._params, str) else None


@attrs.frozen
class Exporter:
    """An export format: what `servicekit export --format <name>` writes.

    `write(context)` returns the export as bytes, the same bytes for the same catalogue and
    options. It reads what to export from the `ExportContext` (the catalogue, limited to one
    location when asked) and reports what the format cannot hold with `context.warn(...)`,
    never dropping it silently. `options` names the keyword options it takes besides
    `location`.
    """

    name: Id
    summary: str
    write: Callable[[Any], bytes]
    """Called with the `servicekit.ExportContext`."""
    media_type: str = "application/octet-stream"
    suffix: str = ""
    """The file name suffix, e.g. ".json"."""
    options: tuple[str, ...] = ()
