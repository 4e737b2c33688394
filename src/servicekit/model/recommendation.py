"""A recommendation: a service for a client's goals, and what screening says of it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs

from servicekit.model.screening import Bookable, Verdict


@attrs.frozen
class Recommendation:
    """A service that serves some of the client's goals, and what screening says of it."""

    service: str
    name: str
    score: float
    goals: tuple[str, ...]
    """The client's goals it serves, in the client's order."""
    verdict: Verdict | None = None
    """Screening's verdict when an intake was given: clear or modify."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "service": self.service,
            "name": self.name,
            "score": round(self.score, 3),
            "goals": list(self.goals),
            "verdict": self.verdict,
        }


@attrs.frozen
class Recommendations:
    """Services ranked for the client's goals, best first (iterate it, index it), and with an
    intake, the services serving those goals that wait on the client's answers or a
    physician's approval (`waiting`): never offered, but worth saying why."""

    ranked: tuple[Recommendation, ...]
    waiting: tuple[Bookable, ...] = ()

    def __iter__(self) -> Iterator[Recommendation]:
        return iter(self.ranked)

    def __len__(self) -> int:
        return len(self.ranked)

    def __getitem__(self, index: int) -> Recommendation:
        return self.ranked[index]

    def to_dict(self) -> dict[str, Any]:
        return {
            "recommended": [item.to_dict() for item in self.ranked],
            "waiting": [item.to_dict() for item in self.waiting],
        }
