"""servicekit: service menus and pricing for massage clinics.

The public API is imported lazily, so `servicekit --version` does not pay for attrs, cattrs
and pluggy: `servicekit.load` and the rest are resolved on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from servicekit import lazy

__version__ = "0.1.0"

_EXPORTS = {
    "load": "servicekit.loading.catalogue",
    "loads": "servicekit.loading.catalogue",
    "build": "servicekit.building",
    "hookimpl": "servicekit.hookspecs",
    "plugin_manager": "servicekit.plugins",
    "PluginManager": "servicekit.plugins",
    "Catalogue": "servicekit.model.catalogue",
    "Clinic": "servicekit.model.catalogue",
    "Location": "servicekit.model.catalogue",
    "Level": "servicekit.model.catalogue",
    "When": "servicekit.model.catalogue",
    "Credential": "servicekit.model.catalogue",
    "Category": "servicekit.model.catalogue",
    "Service": "servicekit.model.catalogue",
    "Variation": "servicekit.model.catalogue",
    "AddOn": "servicekit.model.catalogue",
    "Tax": "servicekit.model.catalogue",
    "Rule": "servicekit.model.catalogue",
    "Translation": "servicekit.model.catalogue",
    "Modality": "servicekit.model.contributions",
    "Pressure": "servicekit.model.contributions",
    "AddOnType": "servicekit.model.contributions",
    "RuleType": "servicekit.model.contributions",
    "Money": "servicekit.model.money",
    "ScreeningRule": "servicekit.model.screening",
    "Trigger": "servicekit.model.screening",
    "Check": "servicekit.model.screening",
    "Constraints": "servicekit.model.screening",
    "Policy": "servicekit.model.screening",
    "Finding": "servicekit.model.screening",
    "FindingText": "servicekit.model.screening",
    "RuleText": "servicekit.model.screening",
    "Situation": "servicekit.model.screening",
    "Screening": "servicekit.model.screening",
    "Term": "servicekit.model.screening",
    "Synonym": "servicekit.model.screening",
    "Population": "servicekit.model.screening",
    "Intake": "servicekit.model.intake",
    "load_intake": "servicekit.screening.intake",
    "Quote": "servicekit.model.quote",
    "VisitItem": "servicekit.model.visit",
    "RuleValueError": "servicekit.errors",
    "ImportingError": "servicekit.errors",
    "BookingError": "servicekit.errors",
    "IntakeError": "servicekit.errors",
    "Problem": "servicekit.errors",
    "Invalid": "servicekit.errors",
    "ServicekitError": "servicekit.errors",
    "CatalogueError": "servicekit.errors",
    "PluginError": "servicekit.errors",
    "ScreeningIncomplete": "servicekit.errors",
    "ExportError": "servicekit.errors",
    "FormatError": "servicekit.errors",
    "export": "servicekit.exporting",
    "Export": "servicekit.exporting",
    "ExportContext": "servicekit.exporting",
    "ExportWarning": "servicekit.exporting",
    "Exporter": "servicekit.model.contributions",
    "diff": "servicekit.diffing",
    "vocabulary": "servicekit.screening.vocabulary",
    "Diff": "servicekit.diffing",
    "Change": "servicekit.diffing",
}

__all__ = [
    "AddOn",
    "AddOnType",
    "BookingError",
    "Catalogue",
    "CatalogueError",
    "Category",
    "Change",
    "Check",
    "Clinic",
    "Constraints",
    "Credential",
    "Diff",
    "Export",
    "ExportContext",
    "ExportError",
    "ExportWarning",
    "Exporter",
    "Finding",
    "FindingText",
    "FormatError",
    "ImportingError",
    "Intake",
    "IntakeError",
    "Invalid",
    "Level",
    "Location",
    "Modality",
    "Money",
    "PluginError",
    "PluginManager",
    "Policy",
    "Population",
    "Pressure",
    "Problem",
    "Quote",
    "Rule",
    "RuleText",
    "RuleType",
    "RuleValueError",
    "Screening",
    "ScreeningIncomplete",
    "ScreeningRule",
    "Service",
    "ServicekitError",
    "Situation",
    "Synonym",
    "Tax",
    "Term",
    "Translation",
    "Trigger",
    "Variation",
    "VisitItem",
    "When",
    "__version__",
    "build",
    "diff",
    "export",
    "hookimpl",
    "load",
    "load_intake",
    "loads",
    "plugin_manager",
    "vocabulary",
]


def __getattr__(name: str) -> Any:
    return lazy.attribute(globals(), _EXPORTS, name)


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:
    from servicekit.building import build
    from servicekit.diffing import Change, Diff, diff
    from servicekit.errors import (
        BookingError,
        CatalogueError,
        ExportError,
        ImportingError,
        IntakeError,
        Invalid,
        PluginError,
        Problem,
        RuleValueError,
        ScreeningIncomplete,
        ServicekitError,
    )
    from servicekit.exporting import Export, ExportContext, ExportWarning, export
    from servicekit.hookspecs import hookimpl
    from servicekit.loading.catalogue import load, loads
    from servicekit.model.catalogue import (
        AddOn,
        Catalogue,
        Category,
        Clinic,
        Credential,
        Level,
        Location,
        Rule,
        Service,
        Tax,
        Translation,
        Variation,
        When,
    )
    from servicekit.model.contributions import AddOnType, Exporter, Modality, Pressure, RuleType
    from servicekit.model.intake import Intake
    from servicekit.model.money import Money
    from servicekit.model.quote import Quote
    from servicekit.model.screening import (
        Check,
        Constraints,
        Finding,
        FindingText,
        Population,
        RuleText,
        Screening,
        ScreeningRule,
        Situation,
        Synonym,
        Term,
        Trigger,
    )
    from servicekit.model.visit import VisitItem
    from servicekit.plugins import PluginManager, plugin_manager
    from servicekit.screening.intake import load_intake
    from servicekit.screening.vocabulary import vocabulary
