"""servicekit-medical-billing: insurance-ready billing for medical massage.

CPT codes per modality (97124 massage; 97140 manual therapy: myofascial release, trigger
point, stretching, lymphatic drainage), timed units by the CMS 8-minute rule or CPT's
per-code midpoint rule, chosen per payer, and superbills (CSV and JSON) with the provider's
NPI, licence and tax id, ICD-10 diagnoses, and the HSA/FSA amount without the tip. The
clinic's settings are its catalogue's `[plugins.medical-billing]` table; the commands are
`servicekit billing units` and `servicekit billing superbill`.
"""

from __future__ import annotations

from collections.abc import Iterator

from servicekit import Problem, hookimpl
from servicekit.plugins import LazyCommand
from servicekit_medical_billing.settings import settings_problems

__version__ = "0.1.0"


@hookimpl
def servicekit_validate_catalogue(catalogue) -> Iterator[Problem]:
    yield from settings_problems(catalogue)


@hookimpl
def servicekit_register_commands(cli) -> None:
    # Listed by name; the commands' module is imported when `servicekit billing` runs.
    cli.add_command(LazyCommand("billing", f"{__name__}.commands:billing", short_help=HELP))


HELP = "Medical massage billing: timed units and superbills."
"""What `servicekit billing` does, in a line (the group's docstring, which a test holds it to)."""
