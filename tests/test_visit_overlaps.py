"""One guest is in one room at a time: a visit whose items overlap for a guest is refused,
naming both items and their times, in Python, on the command line and over HTTP."""

from __future__ import annotations

import json

import pytest

import servicekit
from tests.conftest import REPO, assert_user_error

CLINIC_TOML = REPO / "catalogues" / "therapeutic-clinic.toml"
MONDAY = "2026-11-30T10:00"
SAID = (
    "guest 'ann' would be in two places at once: items[0] (swedish, 10:00–11:00) and "
    "items[1] (swedish, 10:30–11:30)"
)
HINT = "start items[1] at 11:00 or later, or leave out its start to follow ann's item before it"


@pytest.fixture(scope="module")
def clinic() -> servicekit.Catalogue:
    return servicekit.load(CLINIC_TOML)


def swedish(start: str | None = None, guest: str | list[str] = "ann") -> dict:
    item: dict = {"service": "swedish", "duration": 60, "guest": guest}
    return {**item, "start": start} if start else item


def test_a_guests_two_sessions_at_once_are_refused_naming_both(clinic):
    with pytest.raises(servicekit.BookingError) as refused:
        clinic.quote(items=["swedish:60@ann", swedish("2026-11-30T10:30")], at=MONDAY)
    assert (refused.value.message, refused.value.hint) == (SAID, HINT)


def test_sessions_one_after_another_or_for_other_guests_are_priced(clinic):
    back_to_back = clinic.quote(items=["swedish:60@ann", swedish("2026-11-30T11:00")], at=MONDAY)
    side_by_side = clinic.quote(items=["swedish:60@ann", swedish(MONDAY, "ben")], at=MONDAY)
    one_after_another = clinic.quote(items=["swedish:60@ann", "swedish:60@ann"], at=MONDAY)
    assert back_to_back.total.minor == side_by_side.total.minor == 19000
    assert [item.item.start.strftime("%H:%M") for item in one_after_another.items] == [
        "10:00",
        "11:15",  # after the first session's 15-minute buffer
    ]


def test_the_guests_of_a_couples_service_are_together_but_not_twice(write):
    text = CLINIC_TOML.read_text(encoding="utf-8") + (
        '\n[services.couples]\nname = "Couples Massage"\ncategory = "relaxation"\n'
        'modality = "swedish"\nguests = 2\nvariations = [{ duration = 60, price = "190.00" }]\n'
    )
    spa = servicekit.load(write(text))
    together = spa.quote(items=[{"service": "couples", "guest": ["ann", "ben"]}], at=MONDAY)
    assert together.total.minor == 19000
    with pytest.raises(servicekit.BookingError) as refused:
        spa.quote(
            items=[
                {"service": "couples", "guest": ["ann", "ben"], "start": MONDAY},
                swedish("2026-11-30T10:45", "ben"),
            ],
            at=MONDAY,
        )
    assert refused.value.message == (
        "guest 'ben' would be in two places at once: items[0] (couples, 10:00–11:00) and "
        "items[1] (swedish, 10:45–11:45)"
    )


def test_an_earlier_item_listed_later_is_named_first(clinic):
    with pytest.raises(servicekit.BookingError, match=r"items\[1\] \(swedish, 09:30–10:30\)"):
        clinic.quote(items=["swedish:60@ann", swedish("2026-11-30T09:30")], at=MONDAY)


def test_the_command_line_refuses_a_visit_file_with_overlapping_items(run, write):
    visit = {"at": MONDAY, "items": [swedish(), swedish("2026-11-30T10:30")]}
    path = write(json.dumps(visit), "visit.json")
    for output in ("text", "json"):
        result = run("quote", CLINIC_TOML, "--visit", path, "--format", output)
        assert_user_error(result, f"{path}:1: $.items[1].start: {SAID} ({HINT})")


def test_over_http_it_is_a_problem_document_saying_the_same(plugins):
    pytest.importorskip("litestar", reason="servicekit serve needs the serve extra")
    from litestar.testing import TestClient

    from servicekit.serving import Settings, create_app

    body = {"items": [swedish(), swedish("2026-11-30T10:30")], "at": MONDAY}
    with TestClient(create_app(Settings(str(CLINIC_TOML)), plugins=plugins)) as client:
        response = client.post("/quote", json=body)
    assert response.status_code == 400, response.text
    problem = response.json()
    assert (problem["detail"], problem["hint"]) == (SAID, HINT)
