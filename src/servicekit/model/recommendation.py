"""A recommendation: a service for a client's goals, and what screening says of it."""

from __future__ import annotations

from typing import Any

import attrs

from servicekit.model.screening import Verdict


@attrs.frozen
class Recommendation:
    """A service that serves some of the client's goals, and what screening says of it."""

    service: str
    name: str
    score: float
    goals: tuple[str, ...]
    """The client's goals it serves, in the client's order."""
    verdict: Verdict | None = None
    """Screening's verdict when an intake was given: clear, modify or clearance."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "service": self.service,
            "name": self.name,
            "score": round(self.score, 3),
            "goals": list(self.goals),
            "verdict": self.verdict,
        }
