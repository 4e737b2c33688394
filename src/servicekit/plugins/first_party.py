"""The first-party plugins and what they provide, so that a catalogue using one that is not
installed is told which to install rather than only that a name is unknown."""

from __future__ import annotations

PACKAGES = {
    "prenatal": "servicekit-prenatal",
    "oncology": "servicekit-oncology",
    "lymphatic": "servicekit-lymphatic",
    "medical-billing": "servicekit-medical-billing",
}
"""Plugin name (its entry point, and its `[plugins.<name>]` table) → distribution."""

MODALITIES = {
    "prenatal": "prenatal",
    "oncology": "oncology",
    "lymphatic-drainage": "lymphatic",
}
"""Modality id → the first-party plugin that provides it."""


SCREENED_WORK = {
    "prenatal": "prenatal",
    "oncology": "oncology",
    "lymphatic-drainage": "lymphatic",
}
"""A property of the work (a modality's `properties`) → the first-party plugin whose checks
screen that work, whoever provides the modality: a catalogue offering such work of its own
relies on those checks, and screens incomplete without them."""

COMMANDS = {"billing": "medical-billing"}
"""Command name → the first-party plugin that adds it."""

POLICIES = {
    "first-trimester": "prenatal",
    "prenatal-positioning-from-week": "prenatal",
    "prenatal-essential-oils": "prenatal",
    "oncology-max-walton": "oncology",
    "oncology-credential": "oncology",
}
"""`[screening] policies` name → the first-party plugin whose checks read it."""


def install_hint(plugin: str) -> str:
    """How to install a first-party plugin, or, when it is installed, why it is not loaded."""
    from importlib import metadata

    package = PACKAGES[plugin]
    if plugin in metadata.entry_points(group="servicekit").names:
        return (
            f"{package} is installed but not loaded: -p no:{plugin}, "
            "SERVICEKIT_DISABLE_PLUGINS or SERVICEKIT_LOAD_PLUGINS leaves it out, or it is "
            "broken (said above)"
        )
    return (
        f"it comes with the plugin {package}; install it, from a servicekit checkout with "
        f"`pip install ./plugins/{package}`"
    )
