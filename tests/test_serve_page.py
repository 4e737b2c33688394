"""The manager's page in a real browser: Playwright driving Debian's Chromium fills the forms
and reads what a person sees, while the test edits the catalogue file underneath."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from benchmarks.bench_serve import start

import servicekit
from servicekit.formatting import format_money
from tests.conftest import REPO
from tests.test_menu import ARTIFACTS, browser, needs_browser  # noqa: F401 (a fixture)

pytest.importorskip("litestar", reason="servicekit serve needs the serve extra")

CLINIC_TOML = REPO / "catalogues" / "therapeutic-clinic.toml"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    path = tmp_path / "clinic.toml"
    path.write_bytes(CLINIC_TOML.read_bytes())
    process, port = start(path)
    url = f"http://127.0.0.1:{port}"
    try:
        yield url, path
    finally:
        process.terminate()
        process.wait(timeout=10)


@needs_browser
def test_the_managers_page_prices_screens_and_follows_the_file(browser, server, plugins):  # noqa: F811
    url, path = server
    catalogue = servicekit.load(path, plugins=plugins)
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("request", lambda r: None if r.url.startswith(url) else problems.append(r.url))
    page.goto(url + "/")
    assert page.get_by_role("heading", name=catalogue.clinic.name, level=1).is_visible()
    assert page.get_by_text("No problems: the file as saved is what clients see.").is_visible()

    # Every control has a label, and the forms work from the keyboard.
    unlabelled = page.evaluate(
        "[...document.querySelectorAll('main input, main select')]"
        ".filter(e => e.type !== 'hidden' && e.labels.length === 0).map(e => e.id || e.name)"
    )
    assert unlabelled == []

    quote = page.get_by_role("region", name="Price a visit")
    quote.get_by_label("Service").select_option(label="Deep Tissue Massage")
    quote.get_by_label("Length").select_option(value="90")
    quote.get_by_label(re.compile("^Hot Stones")).check()
    quote.get_by_label(re.compile("^Start of the visit")).fill("2026-12-04T18:30")
    quote.get_by_label(re.compile("^Client tags")).fill("member")
    quote.get_by_label(re.compile("^Promotion codes")).fill("WINTER10")
    quote.get_by_label(re.compile("^Promotion codes")).press("Enter")
    expected = catalogue.quote(
        items=[{"service": "deep-tissue", "duration": 90, "addons": {"hot-stones": 1}}],
        at="2026-12-04T18:30",
        tags=["member"],
        promos=["WINTER10"],
    )
    total = quote.locator("#quote-total")
    total.wait_for()
    assert total.inner_text() == format_money(expected.total, "en_US")
    lines = quote.get_by_role("table", name="Lines")
    for line in expected.all_lines:
        assert lines.get_by_text(line.label).first.is_visible()
    audit = quote.get_by_role("table", name="Why this price")
    for entry in expected.audit:
        if entry.rule:
            assert audit.get_by_text(entry.rule, exact=True).first.is_visible()

    # A visit: a second item for another guest, one guest's tag mistyped, a gift certificate.
    quote.get_by_label(re.compile("^Guest")).fill("ann")
    quote.get_by_role("button", name="Add an item").click()
    second = quote.get_by_role("group", name="Item 2")
    second.get_by_label("Service").select_option(label="Assisted Stretching")
    second.get_by_label("Length").select_option(value="50")
    second.get_by_label(re.compile("^Guest")).fill("ben")
    quote.get_by_label(re.compile("^Client tags")).fill("member@ann, memer@ben")
    quote.get_by_label(re.compile("^Gift certificates")).fill("50.00")
    quote.get_by_role("button", name="Price it").click()
    visit = catalogue.quote(
        items=[
            {
                "service": "deep-tissue",
                "duration": 90,
                "addons": {"hot-stones": 1},
                "guest": "ann",
            },
            {"service": "assisted-stretching", "duration": 50, "guest": "ben"},
        ],
        at="2026-12-04T18:30",
        guests={"ann": {"tags": ["member"]}, "ben": {"tags": ["memer"]}},
        promos=["WINTER10"],
        pay_with=["gift:50.00"],
    )
    due = quote.locator("#quote-due")
    due.wait_for()
    assert due.inner_text() == format_money(visit.amount_due, "en_US")
    assert total.inner_text() == format_money(visit.total, "en_US")
    assert lines.get_by_text("ann · 18:30").is_visible()
    assert lines.get_by_text("ben · 18:30").is_visible()
    assert quote.get_by_role("note").get_by_text("did you mean 'member'?").is_visible()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    quote.screenshot(path=str(ARTIFACTS / "serve-manager-visit.png"))

    # A mistake in one item is said at that item, as the form names it.
    second.get_by_label(re.compile("^Guest")).fill("ben" * 21)
    quote.get_by_role("button", name="Price it").click()
    alert = quote.get_by_role("alert")
    alert.wait_for()
    assert alert.inner_text().startswith(
        f"Invalid booking: Item 2: a guest's name '{'ben' * 20}' is too long"
    )
    quote.screenshot(path=str(ARTIFACTS / "serve-manager-item-problem.png"))
    # The browser notes the 400 it was answered; nothing else went wrong.
    assert [problem for problem in problems if "400 (Bad Request)" not in problem] == []
    problems.clear()
    second.get_by_label(re.compile("^Guest")).fill("ben")

    screen = page.get_by_role("region", name="Screen an intake")
    screen.get_by_label("Service").select_option(label="Swedish Massage")
    screen.get_by_label("Find a condition").fill("osteo")
    screen.get_by_label("Osteoporosis or osteopenia").check()
    screen.get_by_role("button", name="Screen").click()
    verdict = screen.locator("#screen-verdict")
    verdict.wait_for()
    expected_screening = catalogue.screen(
        {
            "client": {
                "conditions": ["osteoporosis"],
                "medications": [],
                "allergies": [],
                "under_physician_care": False,
            }
        },
        "swedish",
    )
    assert verdict.inner_text().lower().startswith(expected_screening.verdict)
    for finding in expected_screening.findings:
        assert screen.get_by_text(finding.reason).first.is_visible()

    frame = page.frame_locator("#menu-frame")
    assert frame.get_by_role("heading", name="Swedish Massage", level=3).is_visible()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "serve-manager.png"), full_page=True)

    # A broken edit: the problem appears with its line and hint; the last good one serves.
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace('modality = "swedish"', 'modality = "swedsh"', 1), "utf-8")
    problem = page.locator("#problems-body").get_by_text("did you mean 'swedish'?")
    problem.wait_for(timeout=15_000)
    listed = page.locator("#problems-body li").first.inner_text()
    assert re.search(r"clinic\.toml:\d+ \$\.services\.swedish\.modality: ", listed), listed
    assert page.get_by_text("the last good version is still serving").is_visible()
    page.screenshot(path=str(ARTIFACTS / "serve-manager-problem.png"), full_page=True)

    # Fixed, with a new name: the problems clear and the menu shows the change.
    path.write_text(good.replace('name = "Swedish Massage"', 'name = "Classic Swedish"'), "utf-8")
    page.get_by_text("No problems: the file as saved is what clients see.").wait_for(
        timeout=15_000
    )
    frame.get_by_role("heading", name="Classic Swedish", level=3).wait_for(timeout=15_000)
    first = quote.get_by_role("group", name="Item 1").get_by_label("Service")
    assert first.locator("option", has_text="Classic Swedish").count() == 1
    assert problems == []
    page.close()
