"""CPT codes for massage work. Both are timed codes, billed in 15-minute units."""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

CPT = MappingProxyType(
    {
        "97124": "Massage, including effleurage, petrissage and/or tapotement",
        "97140": (
            "Manual therapy techniques (e.g. mobilization, manipulation, manual lymphatic "
            "drainage, manual traction)"
        ),
    }
)
"""The codes this plugin knows, with their descriptors (abridged)."""

BY_MODALITY: Mapping[str, str] = MappingProxyType(
    {
        "swedish": "97124",
        "therapeutic": "97124",
        "deep-tissue": "97124",
        "prenatal": "97124",
        "oncology": "97124",
        "trigger-point": "97140",
        "myofascial-release": "97140",
        "assisted-stretching": "97140",
        "lymphatic-drainage": "97140",
    }
)
"""The code for each modality unless the catalogue's `[plugins.medical-billing] cpt` says
otherwise: massage is 97124; myofascial release, trigger point work, stretching and lymphatic
drainage are manual therapy, 97140."""

NOT_TOGETHER = frozenset({"97124", "97140"})
"""Billed on one visit, these draw denials: choose by the visit's intent, or show distinct
work with modifier 59."""

CODE = re.compile(r"[0-9]{5}|[0-9]{4}[A-Z]|[A-Z][0-9]{4}")
"""The shape of a CPT or HCPCS code: five digits (97124), four digits and a letter (CPT
category II and III, 0001F), or a letter and four digits (HCPCS level II, G0283)."""
CODE_SHAPE = (
    "five characters: five digits like 97124, four digits and a letter like 0001F, or a "
    "letter and four digits like G0283"
)
"""CODE in words, for messages."""
