"""Menus people read: text, Markdown and HTML, checked in a real browser; and init."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

import servicekit
from servicekit.menus.model import PriceList, build_menu
from servicekit.menus.render import render
from tests.conftest import (
    CATALOGUES,
    CLINIC,
    REPO,
    SWEDISH,
    assert_user_error,
    catalogue_text,
    first_party_plugins,
)

FORMATS = ("text", "markdown", "html")
CLINIC_TOML = REPO / "catalogues" / "therapeutic-clinic.toml"
PRACTICE_TOML = REPO / "catalogues" / "multi-location-practice.toml"
SPA_TOML = REPO / "catalogues" / "day-spa.toml"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.name)
def test_every_catalogue_renders_the_same_menu_every_time(run, path, fmt):
    first = run("menu", path, "--format", fmt)
    assert first.exit_code == 0, first.output
    assert first.stdout == run("menu", path, "--format", fmt).stdout
    catalogue = servicekit.load(path, plugins=first_party_plugins())
    for service in catalogue.services.values():
        assert service.name.replace("&", "&amp;" if fmt == "html" else "&") in first.stdout


def test_the_text_menu_lists_lengths_prices_addons_offers_and_policies(run):
    text = run("menu", CLINIC_TOML).stdout
    assert "RELAXATION" in text
    assert re.search(r"60 min \.+ \$95\.00", text)
    assert "120 min (by phone) ............. $190.00" in text
    assert "Member price: $80.00 (60 min), $115.00 (90 min)" in text
    assert "Cupping, +10 min .................. $25.00" in text
    assert "First visit: 20% off: 20% off all services, at most $30.00; on a client's" in text
    assert "Late cancellation: Cancelling with less than 24 hours' notice costs 50% of" in text
    assert "Given by a therapist who holds: Assisted stretching certificate." in text
    assert text.rstrip().endswith("Sales tax (add-on products): 6.25%, added to all add-ons.")


@pytest.mark.parametrize(
    ("currency", "locale", "price", "shown"),
    [
        ("USD", "en_US", "95", "$95.00"),
        ("EUR", "de_DE", "79", "79,00\u00a0€"),
        ("JPY", "ja_JP", "9500", "￥9,500"),
    ],
)
def test_prices_are_formatted_for_the_clinics_locale(plugins, currency, locale, price, shown):
    clinic = CLINIC.replace('currency = "USD"', f'currency = "{currency}"').replace(
        'locale = "en_US"', f'locale = "{locale}"'
    )
    swedish = SWEDISH.replace('"95.00"', f'"{price}"').replace('"130.00"', f'"{price}"')
    catalogue = servicekit.loads(catalogue_text(swedish, clinic=clinic), plugins=plugins)
    assert build_menu(catalogue).categories[0].services[0].lengths[0].price == shown


def test_a_location_menu_has_its_services_at_its_prices(run):
    beaches = run("menu", PRACTICE_TOML, "--location", "the-beaches").stdout
    assert "Sports Massage" not in beaches  # King West only
    assert re.search(r"60 min \.+ \$115\.00", beaches)
    everywhere = run("menu", PRACTICE_TOML).stdout
    assert "At The Beaches: $115.00 (60 min), $160.00 (90 min)" in everywhere
    assert "Only at King West." in everywhere
    assert_user_error(
        run("menu", PRACTICE_TOML, "--location", "beaches"),
        "unknown location 'beaches' (did you mean 'the-beaches'? the locations are king-west, "
        "the-beaches)",
    )


def test_specialty_work_carries_a_note_on_training_and_a_doctors_approval(plugins):
    lymph = """
    [credentials.clt]
    name = "Certified Lymphedema Therapist"
    [modalities.mld]
    name = "Manual lymphatic drainage"
    description = "Light strokes that move lymph."
    specialty = true
    requires = ["clt"]
    properties = ["lymphatic-drainage"]
    [services.mld]
    name = "Lymphatic Drainage"
    category = "massage"
    modality = "mld"
    variations = [{ duration = 60, price = "120" }]
    """
    menu = build_menu(servicekit.loads(catalogue_text(SWEDISH, lymph), plugins=plugins))
    service = next(s for s in menu.categories[0].services if s.id == "mld")
    assert service.notes == (
        "Given by a therapist who holds: Certified Lymphedema Therapist.",
        # As screening has it: a client with lymphedema is held to what this service needs,
        # whichever service is booked.
        "If Lymphatic Drainage is meant for you, any massage here is given by a therapist with "
        "its training.",
        "Specialty work: if you are under a doctor's care, we need your doctor's approval "
        "before your first session.",
    )


def test_the_markdown_menu_escapes_what_markdown_would_read_as_markup(plugins):
    text = catalogue_text(SWEDISH.replace('name = "Swedish"', 'name = "Swedish *deluxe* | new"'))
    from servicekit.menus.render import render

    text = text.replace(
        'name = "Swedish *deluxe* | new"',
        'name = "Swedish *deluxe* | new"\n'
        'description = "- not a list\\n2. nor this\\n=== nor this"',
    )
    markdown = render(build_menu(servicekit.loads(text, plugins=plugins)), "markdown")
    assert "### Swedish \\*deluxe\\* \\| new" in markdown
    assert "\n\\- not a list\n2\\. nor this\n\\=== nor this\n" in markdown


MEMBERS_AND_EVENINGS = """
[addons.stones]
name = "Hot stones"
price = "20.00"
properties = ["heat"]

[[rules]]
id = "members"
name = "Member price"
type = "set-price"
applies_to = ["services"]
when = { tags = ["member"] }
prices = { 60 = "80.00" }

[[rules]]
id = "member-addons"
name = "Member price"
type = "set-price"
applies_to = ["addons"]
when = { tags = ["member"] }
price = "15.00"

[[rules]]
id = "evening"
name = "Evenings"
type = "surcharge"
when = { after = "18:00" }
amount = "10.00"

[[rules]]
id = "saturday-rounding"
name = "Saturdays"
type = "price-ending"
when = { days = ["sat"] }
grid = "5.00"
"""


def test_conditional_prices_say_for_whom_and_other_rules_are_good_to_know(plugins):
    swedish = SWEDISH.replace("[services.swedish]", '[services.swedish]\naddons = ["stones"]')
    text = catalogue_text(swedish, MEMBERS_AND_EVENINGS)
    menu = build_menu(servicekit.loads(text, plugins=plugins))
    (service,) = menu.categories[0].services
    assert service.price_lists == (
        PriceList("Member price", "$80.00 (60 min)", "for clients tagged member"),
    )
    (stones,) = menu.addons
    assert stones.price_lists == (
        PriceList("Member price", "$15.00", "for clients tagged member"),
    )
    assert [(note.title, note.text) for note in menu.good_to_know] == [
        ("Evenings", "$10.00 added to all services and all add-ons; from 6:00\u202fPM."),
        (
            "Saturdays",
            "Prices of all services and all add-ons rounded to multiples of $5.00; on Saturday.",
        ),
    ]
    rendered = {fmt: render(menu, fmt) for fmt in FORMATS}
    assert "Member price: $15.00; for clients tagged member" in rendered["text"]
    assert (
        "- **Hot stones, Member price:** $15.00 (for clients tagged member)"
        in rendered["markdown"]
    )
    assert (
        '<span class="label">Member price</span> $15.00 '
        '<span class="when">(for clients tagged member)</span>' in rendered["html"]
    )
    assert all("Saturdays" in page for page in rendered.values())


def test_a_credential_most_services_ask_for_is_not_noted_but_a_modalitys_always_is(plugins):
    extra = """
    [credentials.lmt]
    name = "Licensed massage therapist"
    [credentials.stretch]
    name = "Assisted stretching certificate"
    [modalities.stretch]
    name = "Assisted stretching"
    description = "The therapist moves and holds each stretch."
    requires = ["stretch"]
    [services.deep]
    name = "Deep Tissue"
    category = "massage"
    modality = "deep-tissue"
    requires = ["lmt"]
    variations = [{ duration = 60, price = "110" }]
    [services.stretch]
    name = "Stretch"
    category = "massage"
    modality = "stretch"
    requires = ["lmt"]
    variations = [{ duration = 30, price = "60" }]
    """
    swedish = SWEDISH.replace("[services.swedish]", '[services.swedish]\nrequires = ["lmt"]')
    menu = build_menu(servicekit.loads(catalogue_text(swedish, extra), plugins=plugins))
    notes = {service.id: service.notes for service in menu.categories[0].services}
    assert notes["swedish"] == notes["deep"] == ()
    assert notes["stretch"] == (
        "Given by a therapist who holds: Assisted stretching certificate.",
    )


def test_a_clinics_own_template_renders_the_same_menu(run, write):
    template = write(
        "{{ menu.clinic.name }}: {{ menu.categories | length }} categories\n", "m.txt"
    )
    assert run("menu", CLINIC_TOML, "--template", template).stdout == (
        "Riverside Therapeutic Massage: 4 categories\n"
    )


def test_a_clinics_own_template_is_escaped_when_it_makes_html(run, write):
    template = write("<h1>{{ menu.clinic.name }}</h1>\n", "menu.j2")
    clinic = write(catalogue_text(SWEDISH).replace("Test Clinic", "Smith & <Sons>"))
    assert run("menu", clinic, "--template", template, "--format", "html").stdout == (
        "<h1>Smith &amp; &lt;Sons&gt;</h1>\n"
    )
    assert run("menu", clinic, "--template", template).stdout == "<h1>Smith & <Sons></h1>\n"


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("line one\n{% for x in %}\n", "m.html:2: template syntax error"),
        ("line one\n\n{{ menu.clinc.name }}\n", "m.html:3: the template failed: UndefinedError"),
    ],
)
def test_a_template_that_fails_is_named_with_its_line(run, write, template, message):
    path = write(template, "m.html")
    assert_user_error(run("menu", CLINIC_TOML, "--template", path), message)


def test_a_menu_written_to_a_file_is_the_same_as_on_screen(run, tmp_path):
    target = tmp_path / "menu.html"
    assert run("menu", SPA_TOML, "--format", "html", "-o", target).exit_code == 0
    assert target.read_text(encoding="utf-8") == run("menu", SPA_TOML, "--format", "html").stdout


# The HTML page in a real browser


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


needs_browser = pytest.mark.skipif(
    chromium() is None and not os.environ.get("SERVICEKIT_REQUIRE_BROWSER"),
    reason="no Chromium here (CI installs Debian's chromium; locally: apt-get install chromium)",
)

ARTIFACTS = Path(os.environ.get("SERVICEKIT_ARTIFACTS", REPO / "artifacts"))
LAUNCH = [
    # As root and with no network: no sandbox, and none of Chromium's own connections.
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAGES = {  # printed pages of each bundled catalogue's menu, on Letter and on A4
    "therapeutic-clinic.toml": (2, 2),
    "multi-location-practice.toml": (1, 1),
    "day-spa.toml": (1, 1),
}


@pytest.fixture(scope="module")
def browser():
    assert chromium(), "SERVICEKIT_REQUIRE_BROWSER is set but Chromium is not installed"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium(), args=LAUNCH)
        yield launched
        launched.close()


@needs_browser
@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.name)
def test_the_html_menu_shows_every_service_and_price_and_prints(run, tmp_path, browser, path):
    page_file = tmp_path / "menu.html"
    run("menu", path, "--format", "html", "-o", page_file)
    catalogue = servicekit.load(path, plugins=first_party_plugins())
    menu = build_menu(catalogue)
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("request", lambda r: problems.append(r.url) if not r.url.startswith("file:") else None)
    page.goto(page_file.as_uri())
    assert page.get_attribute("html", "lang") == menu.language
    assert page.locator("h1").count() == 1
    for category in menu.categories:
        assert page.get_by_role("heading", name=category.name, level=2).is_visible()
        for service in category.services:
            assert page.get_by_role("heading", name=service.name, level=3).is_visible()
            article = page.locator(f"#service-{service.id}").locator("xpath=..")
            for length in service.lengths:
                assert article.get_by_text(length.price, exact=True).first.is_visible()
    assert problems == []  # no console errors, no requests for anything outside the page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"menu-{path.stem}.png"), full_page=True)
    letter, a4 = (_pages(page.pdf(format=size)) for size in ("Letter", "A4"))
    assert (letter, a4) == PAGES[path.name]
    page.close()


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


# A first run: init


def test_init_writes_a_starter_that_checks_and_says_what_to_try(run, tmp_path):
    folder = tmp_path / "my clinic"
    result = run("init", folder, "--template", "day-spa")
    assert result.exit_code == 0, result.output
    catalogue = folder / "catalogue.toml"
    assert catalogue.read_text(encoding="utf-8").startswith("#:schema ./catalogue.schema.json\n")
    assert (folder / "catalogue.schema.json").is_file()
    lines = result.output.splitlines()
    assert lines[-3:] == [
        f"  servicekit check '{catalogue}'",
        f"  servicekit menu '{catalogue}' --format html -o '{folder / 'menu.html'}'",
        f"  servicekit quote '{catalogue}' klassische-massage --duration 30",
    ]
    assert run("check", catalogue).exit_code == 0


def test_init_lists_its_templates_and_never_overwrites(run, tmp_path):
    listed = run("init", "--list").output
    assert "multi-location-practice    Harbourview Massage & Wellness" in listed
    run("init", tmp_path)
    before = (tmp_path / "catalogue.toml").read_bytes()
    assert_user_error(
        run("init", tmp_path), "catalogue.toml already exists; init never overwrites"
    )
    assert (tmp_path / "catalogue.toml").read_bytes() == before
    assert_user_error(
        run("init", tmp_path / "x", "--template", "spa"),
        "did you mean 'day-spa'?; `servicekit init --list` lists them",
    )


def test_init_offers_the_same_default_template_from_python_and_the_command_line():
    from servicekit.cli import init
    from servicekit.starters import DEFAULT

    assert init.DEFAULT == DEFAULT


def test_init_for_a_practice_with_locations_quotes_at_one_of_them(run, tmp_path):
    result = run("init", tmp_path, "--template", "multi-location-practice")
    quote = result.output.splitlines()[-1].split()
    assert quote[-2:] == ["--location", "king-west"]
    assert run(*quote[1:]).exit_code == 0


def test_init_where_no_directory_can_be_made_is_a_clear_error(run, write):
    afile = write(catalogue_text(SWEDISH), "taken")
    assert_user_error(run("init", afile / "clinic"), "cannot create the directory")


# A clinic of ten services, as a new manager writes one: two locations, add-ons, offers


AUSTIN = """
format = 1

[clinic]
name = "Barton Springs Massage Therapy"
currency = "USD"
locale = "en_US"
timezone = "America/Chicago"
address = "1200 Barton Springs Road, Austin, TX 78704"
phone = "(512) 555-0188"
website = "bartonspringsmassage.example"

[locations.zilker]
name = "Zilker"
address = "1200 Barton Springs Road"

[locations.mueller]
name = "Mueller"
address = "1801 Aldrich Street"

[credentials.lmt]
name = "Licensed Massage Therapist"

[credentials.prenatal]
name = "Certified prenatal massage therapist"

[credentials.clt]
name = "Certified Lymphedema Therapist"

[categories.relax]
name = "Relaxation"
order = 1
description = "Unwind, sleep better, let the week go."

[categories.therapy]
name = "Therapeutic massage"
order = 2
description = "Focused work for pain, injuries and tight muscles."

[categories.special]
name = "Specialty care"
order = 3

[addons.hot-stones]
name = "Hot stones"
price = "20.00"
minutes = 10
description = "Warm basalt stones melt tension."

[addons.aromatherapy]
name = "Aromatherapy"
price = "12.00"
description = "Essential oils chosen with you."

[addons.cupping]
name = "Cupping"
price = "25.00"
minutes = 10
description = "Silicone cups lift tissue and ease tightness."

[addons.cbd]
name = "CBD balm"
price = "15.00"
properties = ["cannabinoid"]
"""

SERVICES = [
    ("swedish", "Swedish Massage", "relax", "swedish", (60, 90)),
    ("couples", "Side-by-side Swedish", "relax", "swedish", (60, 90)),
    ("aroma", "Aromatherapy Massage", "relax", "swedish", (60, 90)),
    ("deep", "Deep Tissue Massage", "therapy", "deep-tissue", (60, 90, 120)),
    ("trigger", "Trigger Point Therapy", "therapy", "trigger-point", (30, 60)),
    ("sports", "Sports Massage", "therapy", "therapeutic", (60, 90)),
    ("myofascial", "Myofascial Release", "therapy", "myofascial-release", (60, 90)),
    ("stretch", "Assisted Stretching", "therapy", "assisted-stretching", (30, 50)),
    ("prenatal", "Prenatal Massage", "special", "prenatal", (60, 90)),
    ("lymph", "Lymphatic Drainage", "special", "lymphatic-drainage", (60, 90)),
]

OFFERS = """
[[rules]]
id = "members"
name = "Member price"
type = "set-price"
applies_to = ["category:relax", "category:therapy"]
when = { tags = ["member"] }
prices = { 60 = "85.00", 90 = "120.00" }

[[rules]]
id = "first-visit"
name = "First visit: 20% off"
type = "percent-off"
applies_to = ["services"]
when = { first_visit = true }
percent = 20
max_amount = "30.00"

[[rules]]
id = "package"
name = "Five-session package"
type = "package"
applies_to = ["service:deep", "service:swedish"]
sessions = 5
durations = [60]
percent = 15
valid_days = 365

[[rules]]
id = "membership"
name = "Monthly membership"
type = "membership"
applies_to = ["service:swedish", "service:deep"]
durations = [60]
fee = "79.00"
discount = 10

[[rules]]
id = "evening"
name = "Evenings and weekends"
type = "surcharge"
applies_to = ["services"]
when = { days = ["fri", "sat", "sun"], after = "17:00" }
percent = 10

[[rules]]
id = "deposit"
name = "Deposit for new clients"
type = "deposit"
when = { first_visit = true }
percent = 25

[[rules]]
id = "late"
name = "Late cancellation"
type = "cancellation-fee"
notice_hours = 24
percent = 50

[[rules]]
id = "tips"
name = "Suggested gratuity"
type = "gratuity"
percents = ["18", "20", "25"]
basis = "pre-tax"
"""


def ten_services() -> str:
    """The catalogue of issue 17's Austin clinic: ten services with add-ons and offers."""
    prices = {30: 60, 50: 80, 60: 100, 90: 140, 120: 180}
    services = []
    for index, (ident, name, category, modality, lengths) in enumerate(SERVICES):
        variations = ", ".join(
            f'{{ duration = {m}, price = "{prices[m] + 5 * index}.00" }}' for m in lengths
        )
        where = '\nlocations = ["zilker"]' if index % 4 == 3 else ""
        services.append(
            f"""
[services.{ident}]
name = "{name}"
category = "{category}"
modality = "{modality}"
description = "A session planned with you at intake: the pressure, the areas to work and \
the areas to leave alone, for the relief you came for and a plan for what comes next."
variations = [{variations}]
addons = ["hot-stones", "aromatherapy", "cupping"]
requires = ["lmt"]{where}"""
        )
    return AUSTIN + "".join(services) + OFFERS


def test_ten_services_check_cleanly(run, write):
    result = run("check", write(ten_services()))
    assert result.exit_code == 0, result.output
    assert "10 services" in result.output


@needs_browser
@pytest.mark.parametrize(("fmt", "most"), [("html", 2), ("price-list", 1)])
def test_ten_services_with_addons_and_offers_print_on_two_pages(
    run, write, tmp_path, browser, fmt, most
):
    page_file = tmp_path / "menu.html"
    result = run("menu", write(ten_services()), "--format", fmt, "-o", page_file)
    assert result.exit_code == 0, result.output
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    page.goto(page_file.as_uri())
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"menu-ten-services-{fmt}.png"), full_page=True)
    for size in ("Letter", "A4"):
        pdf = page.pdf(format=size)
        (ARTIFACTS / f"menu-ten-services-{fmt}-{size}.pdf").write_bytes(pdf)
        assert _pages(pdf) <= most, size
    assert page.get_by_role("heading", name="Deep Tissue Massage").is_visible() or (
        page.get_by_role("rowheader", name="Deep Tissue Massage").is_visible()
    )
    page.close()


@needs_browser
@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.name)
def test_the_price_list_is_one_page_with_every_price(run, tmp_path, browser, path):
    page_file = tmp_path / "prices.html"
    assert run("menu", path, "--format", "price-list", "-o", page_file).exit_code == 0
    menu = build_menu(servicekit.load(path, plugins=first_party_plugins()))
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    page.goto(page_file.as_uri())
    for category in menu.categories:
        for service in category.services:
            row = page.locator(f"#service-{service.id}").locator("xpath=..")
            for length in service.lengths:
                assert row.get_by_text(length.price, exact=True).first.is_visible()
    page.screenshot(path=str(ARTIFACTS / f"price-list-{path.stem}.png"), full_page=True)
    assert [_pages(page.pdf(format=size)) for size in ("Letter", "A4")] == [1, 1]
    page.close()


def test_the_price_list_says_where_a_service_is_offered_when_not_everywhere(run):
    """Issue 17's CSV point, on paper: a service one location offers must not look offered at
    both. The price list says so under its name, as the menu does."""
    page = run("menu", PRACTICE_TOML, "--format", "price-list").stdout
    rows = {
        match[1]: match[2]
        for match in re.finditer(r'<th scope="row" id="service-([a-z-]+)">(.*?)</th>', page)
    }
    assert "Only at King West." in rows["sports-massage"]
    assert "Only at The Beaches." in rows["reflexology"]
    assert "Only at" not in rows["relaxation-massage"]  # offered at both, at its own prices
    at_one = run("menu", PRACTICE_TOML, "--format", "price-list", "--location", "king-west")
    assert "Only at" not in at_one.stdout  # that location's list has only what it offers
