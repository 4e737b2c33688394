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


POLICIES = {
    "first-trimester": "prenatal",
    "prenatal-positioning-from-week": "prenatal",
    "prenatal-essential-oils": "prenatal",
    "oncology-max-walton": "oncology",
    "oncology-credential": "oncology",
}
"""`[screening] policies` name → the first-party plugin whose checks read it."""


def install_hint(plugin: str) -> str:
    """How to install a first-party plugin."""
    package = PACKAGES[plugin]
    return (
        f"it comes with the plugin {package}; install it, from a servicekit checkout with "
        f"`pip install ./plugins/{package}`"
    )
