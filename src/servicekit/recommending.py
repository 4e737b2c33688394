"""Recommending services for a client's goals: the seed's "Swedish for relaxation, therapeutic
for specific concerns", as a ranking of what screening lets this client book."""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

from servicekit.errors import BookingError, ScreeningIncomplete, did_you_mean
from servicekit.i18n import N_
from servicekit.model.catalogue import Catalogue
from servicekit.model.fields import Benefit
from servicekit.model.recommendation import Recommendation, Recommendations
from servicekit.model.screening import BOOKABLE, Bookable

GOALS: tuple[str, ...] = typing.get_args(Benefit)
"""What a client can ask for: the benefits modalities name."""

GOAL_WORDS: Mapping[str, str] = MappingProxyType(
    {
        "relaxation": N_("relaxation"),
        "stress-relief": N_("stress-relief"),
        "mood": N_("mood"),
        "sleep": N_("sleep"),
        "pain-relief": N_("pain-relief"),
        "muscle-stiffness": N_("muscle-stiffness"),
        "circulation": N_("circulation"),
        "flexibility": N_("flexibility"),
        "mobility": N_("mobility"),
        "injury-recovery": N_("injury-recovery"),
        "inflammation": N_("inflammation"),
        "swelling": N_("swelling"),
        "pregnancy-comfort": N_("pregnancy-comfort"),
        "treatment-support": N_("treatment-support"),
    }
)
"""Each goal as `servicekit recommend` shows it: its id in English, words in other languages."""


def recommend(
    catalogue: Catalogue,
    goals: Iterable[str],
    *,
    intake: Any = None,
    at: dt.date | dt.datetime | str | None = None,
) -> Recommendations:
    """Services ranked by how well their modality serves `goals`, best first.

    A benefit a modality lists first counts more than one it lists last. With an `intake`,
    only services screening lets this client book (clear, or with constraints) are ranked;
    those that wait on the client's answers or a physician's approval are `waiting`; when a
    check fails, `ScreeningIncomplete` is raised rather than a list that leaves services out.
    """
    goals = _checked(goals)
    screened: Mapping[str, Bookable] = {}
    if intake is not None and catalogue.services:
        screening = catalogue.screen(intake, next(iter(catalogue.services)), at=at)
        if screening.verdict == "incomplete":
            # Leaving the unassessed services out would pass for "nothing suits".
            raise ScreeningIncomplete(
                "screening could not finish, so nothing is recommended: "
                + "; ".join(screening.incomplete),
                hint="fix or block the plugin named, e.g. with -p no:NAME",
            )
        screened = {item.service: item for item in screening.bookable}
    ranked, waiting = [], []
    scores: dict[str, tuple[float, tuple[Benefit, ...]]] = {}
    for position, service in enumerate(catalogue.services.values()):
        if service.modality not in scores:
            benefits = catalogue.modality_of(service).benefits
            served = tuple(goal for goal in goals if goal in benefits)
            score = sum(1 - benefits.index(goal) / len(benefits) for goal in served)
            scores[service.modality] = (score, served)
        score, served = scores[service.modality]
        if not served:
            continue
        item = screened.get(service.id)
        if item is not None and item.verdict not in BOOKABLE:
            if item.verdict in ("ask", "clearance"):
                waiting.append(item)
            continue
        verdict = item.verdict if item else None
        ranked.append(
            (-score, position, Recommendation(service.id, service.name, score, served, verdict))
        )
    ranked.sort(key=lambda entry: entry[:2])
    return Recommendations(tuple(entry[2] for entry in ranked), tuple(waiting))


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
