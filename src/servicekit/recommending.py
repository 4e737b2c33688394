"""Recommending services for a client's goals: the seed's "Swedish for relaxation, therapeutic
for specific concerns", as a ranking that leaves out what screening would block."""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Iterable, Mapping
from typing import Any

from servicekit.errors import BookingError, ScreeningIncomplete, did_you_mean
from servicekit.model.catalogue import Catalogue
from servicekit.model.fields import Benefit
from servicekit.model.recommendation import Recommendation
from servicekit.model.screening import Verdict

GOALS: tuple[str, ...] = typing.get_args(Benefit)
"""What a client can ask for: the benefits modalities name."""


def recommend(
    catalogue: Catalogue,
    goals: Iterable[str],
    *,
    intake: Any = None,
    at: dt.date | dt.datetime | str | None = None,
) -> tuple[Recommendation, ...]:
    """Services ranked by how well their modality serves `goals`, best first.

    A benefit a modality lists first counts more than one it lists last. With an `intake`,
    services screening blocks are left out and the others carry their verdict; when a check
    fails, `ScreeningIncomplete` is raised rather than a list that leaves services out.
    """
    goals = _checked(goals)
    screened: Mapping[str, Verdict] = {}
    if intake is not None:
        services = list(catalogue.services)
        if services:
            screening = catalogue.screen(intake, services[0], at=at)
            screened = {item.service: item.verdict for item in screening.bookable}
            if "incomplete" in screened.values():
                # Leaving the unassessed services out would pass for "nothing suits".
                raise ScreeningIncomplete(
                    "screening could not finish, so nothing is recommended: "
                    + "; ".join(screening.incomplete or ("a check failed or is missing",)),
                    hint="fix or block the plugin named, e.g. with -p no:NAME",
                )
    ranked = []
    for position, service in enumerate(catalogue.services.values()):
        benefits = catalogue.modality_of(service).benefits
        served = tuple(goal for goal in goals if goal in benefits)
        if not served:
            continue
        verdict = screened.get(service.id)
        if verdict in ("block", "incomplete"):
            continue
        score = sum(1 - benefits.index(goal) / len(benefits) for goal in served)
        ranked.append(
            (-score, position, Recommendation(service.id, service.name, score, served, verdict))
        )
    return tuple(item for *_, item in sorted(ranked, key=lambda item: item[:2]))


def _checked(goals: Iterable[str]) -> tuple[str, ...]:
    if isinstance(goals, str):
        goals = (goals,)
    goals = tuple(goals)
    if not goals:
        hint = "goals: " + ", ".join(GOALS)
        raise BookingError("say what the client is looking for", hint=hint)
    for goal in goals:
        if goal not in GOALS:
            raise BookingError(f"unknown goal '{goal}'", hint=did_you_mean(goal, GOALS))
    return goals
