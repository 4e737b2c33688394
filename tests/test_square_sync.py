"""Keeping Square in step with a catalogue, as an integrator does it: plan, upload with Square's
SDK, record the answers; against a stand-in that behaves as Square's documentation says.

Every request the SDK sends is checked against Square's OpenAPI spec (strict) and the SDK's
models; every answer of the stand-in against the spec's responses. After every step: no
object twice in Square, no discount or pricing rule live that the catalogue dropped, and the
state holds exactly what Square holds.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest
from square import Square
from square.core.api_error import ApiError

import servicekit
from servicekit.exporting import square as sync
from servicekit.exporting.square.managed import managed
from tests import square_openapi, square_sdk
from tests.conftest import catalogue_text, first_party_plugins
from tests.square_standin import StandIn

MENU = catalogue_text(
    """
    [categories.relaxation]
    name = "Relaxation"

    [services.swedish]
    name = "Swedish Massage"
    category = "relaxation"
    modality = "swedish"
    description = "Long, flowing strokes."
    variations = [{ duration = 60, price = "95.00" }, { duration = 90, price = "130.00" }]
    addons = ["hot-stones", "aromatherapy"]

    [services.deep]
    name = "Deep Tissue Massage"
    category = "massage"
    modality = "deep-tissue"
    variations = [{ duration = 60, price = "115.00" }, { duration = 90, price = "160.00" }]
    addons = ["hot-stones"]

    [services.chair]
    name = "Chair Massage"
    category = "relaxation"
    modality = "swedish"
    variations = [{ duration = 15, price = "25.00" }, { duration = 30, price = "45.00" }]

    [addons.hot-stones]
    name = "Hot Stones"
    price = "20.00"
    type = "hot-stones"

    [addons.aromatherapy]
    name = "Aromatherapy"
    price = "12.00"
    type = "aromatherapy"

    [taxes.sales]
    name = "Sales tax"
    rate = "6.25"
    applies_to = ["services", "addons"]

    [[rules]]
    id = "quiet-hours"
    type = "percent-off"
    name = "Quiet hours: 10% off"
    applies_to = ["services"]
    when = { days = ["mon", "tue", "wed"], after = "13:00", before = "16:00" }
    percent = 10

    [[rules]]
    id = "winter"
    type = "amount-off"
    name = "Winter: $10 off"
    applies_to = ["services"]
    when = { promo = "WINTER10" }
    amount = "10.00"
    """
)


class Integration:
    """An integrator's script: a catalogue file, its state, and Square through its SDK."""

    def __init__(self, directory: Path) -> None:
        self.square = StandIn()
        self.checked: list[str] = []
        transport = self.square.transport(self.check)
        self.client = Square(
            token="test",
            base_url="https://square.test",
            httpx_client=httpx.Client(transport=transport),
        )
        self.path = directory / "menu.toml"
        self.state_path = sync.default_path(self.path)
        self.plugins = first_party_plugins()

    def check(self, path: str, body: Any, answer: Any) -> None:
        """Every request strictly as Square's spec and SDK take it; every answer as the spec
        describes Square's."""
        name = path.rsplit("/", 1)[1]
        request, response = {
            "batch-upsert": (
                "BatchUpsertCatalogObjectsRequest",
                "BatchUpsertCatalogObjectsResponse",
            ),
            "batch-delete": (
                "BatchDeleteCatalogObjectsRequest",
                "BatchDeleteCatalogObjectsResponse",
            ),
            "list": (None, "ListCatalogResponse"),
        }[name]
        if request:
            assert square_openapi.problems(body, request) == []
        if name == "batch-upsert":
            assert square_sdk.problems(body) == []
        assert square_openapi.problems(answer, response, request=False) == []
        self.checked.append(name)

    def write(self, text: str) -> servicekit.Catalogue:
        self.path.write_text(text, encoding="utf-8")
        return servicekit.load(self.path, plugins=self.plugins)

    def state(self) -> sync.SyncState:
        return sync.SyncState.load(self.state_path)

    def upload(self, plan: sync.Plan) -> list[dict[str, Any]]:
        """Send the plan's requests with Square's SDK, keeping every answer as JSON."""
        answers = []
        for body in plan.upserts:
            try:
                answer = self.client.catalog.batch_upsert(**body)
                answers.append(answer.model_dump(mode="json"))
            except ApiError as error:
                answers.append(error.body)
        for body in plan.delete:
            answers.append(self.client.catalog.batch_delete(**body).model_dump(mode="json"))
        return answers

    def listing(self) -> list[dict[str, Any]]:
        """A fresh ListCatalog, every page, as the SDK's pager gives the objects."""
        pager = self.client.catalog.list(types=sync.LIST_TYPES)
        return [obj.model_dump(mode="json") for obj in pager]

    def sync(self, catalogue: servicekit.Catalogue, **options: Any) -> sync.Plan:
        """Plan, upload, record: what `servicekit square plan`/`record` do."""
        state = self.state() if self.state_path.exists() else sync.SyncState.start(catalogue)
        plan = sync.plan(catalogue, state, **options)
        recorded = sync.record(catalogue, state, self.upload(plan))
        recorded.state.save(self.state_path)
        return plan

    def assert_in_step(self, catalogue: servicekit.Catalogue) -> None:
        """No object twice, nothing stale live, and the state is what Square holds."""
        state = self.state()
        live = self.square.live()
        for kind in ("ITEM", "CATEGORY", "TAX", "DISCOUNT", "MODIFIER_LIST", "PRICING_RULE"):
            names = Counter(self.square.names(kind))
            assert [name for name, count in names.items() if count > 1] == [], kind
        assert len(self.square.live("ITEM_VARIATION")) == sum(
            len(obj["item_data"]["variations"]) for obj in self.square.live("ITEM")
        )
        assert {obj["id"] for obj in live} == {known.id for known in state.objects.values()}
        for key, known in state.objects.items():
            held = self.square.render(known.id)
            assert held["version"] == known.version, key
            assert managed(held, lambda i: state.by_id.get(i, "?")) == known.data, key
        assert sync.plan(catalogue, state).empty


@pytest.fixture
def integration(tmp_path: Path) -> Integration:
    return Integration(tmp_path)


def price_of(square: StandIn, item: str, minutes: int) -> int:
    (obj,) = [o for o in square.live("ITEM") if o["item_data"]["name"] == item]
    (variation,) = [
        v
        for v in obj["item_data"]["variations"]
        if v["item_variation_data"]["service_duration"] == minutes * 60_000
    ]
    return variation["item_variation_data"]["price_money"]["amount"]


def test_the_whole_lifecycle_never_duplicates_and_leaves_nothing_stale(integration, run):
    square = integration.square
    # 1. The first sync creates the menu.
    menu = integration.write(MENU)
    first = integration.sync(menu)
    assert len(first.of("create")) == 22
    assert not first.of("update")
    assert not first.of("delete")
    assert square.names("PRICING_RULE") == ["Quiet hours: 10% off"]
    integration.assert_in_step(menu)

    # 2. A price changes: one object goes, the variation alone.
    menu = integration.write(MENU.replace('price = "95.00"', 'price = "99.00"'))
    second = integration.sync(menu)
    (change,) = second.changes
    assert change.line() == (
        "~ update ITEM_VARIATION 'Swedish Massage, 60 min' (variation-swedish-60): "
        "price 95.00 USD → 99.00 USD"
    )
    assert [len(batch["objects"]) for batch in second.upserts[0]["batches"]] == [1]
    assert price_of(square, "Swedish Massage", 60) == 9900
    integration.assert_in_step(menu)

    # 3. A service is removed: it is deleted in Square, its lengths with it.
    text = MENU.replace('price = "95.00"', 'price = "99.00"')
    text = text[: text.index("[services.chair]")] + text[text.index("[addons.hot-stones]") :]
    menu = integration.write(text)
    third = integration.sync(menu)
    assert (
        next(c.line() for c in third.of("delete")) == "- delete ITEM 'Chair Massage' (item-chair)"
    )
    assert len(third.delete) == 1
    assert len(third.delete[0]["object_ids"]) == 1
    assert "Chair Massage" not in square.names("ITEM")
    integration.assert_in_step(menu)

    # 4. A rule changes: the quiet-hours discount now needs a code, so Square can no longer
    # apply it by itself; its pricing rule, product set and time period go.
    text = text.replace(
        'when = { days = ["mon", "tue", "wed"], after = "13:00", before = "16:00" }',
        'when = { days = ["mon", "tue", "wed"], after = "13:00", before = "16:00", '
        'promo = "QUIET" }',
    )
    menu = integration.write(text)
    fourth = integration.sync(menu)
    deleted = {(c.type, c.key) for c in fourth.of("delete")}
    assert deleted == {
        ("PRICING_RULE", "pricing-rule-quiet-hours"),
        ("PRODUCT_SET", "product-set-quiet-hours"),
        ("TIME_PERIOD", "time-period-quiet-hours-1"),
    }
    assert square.live("PRICING_RULE") == []
    assert square.live("TIME_PERIOD") == []
    assert square.names("DISCOUNT") == ["Quiet hours: 10% off", "Winter: $10 off"]
    integration.assert_in_step(menu)

    # 5. Staff delete a service and edit a price in Square's Dashboard: drift says so...
    state = integration.state()
    deep = state.objects["item-deep"].id
    square.delete(deep)
    sixty = state.objects["variation-swedish-90"].id
    square.edit(sixty, lambda data: data["price_money"].update(amount=12500))
    pages = integration.path.parent / "list.json"
    pages.write_text(json.dumps(integration.listing()), encoding="utf-8")
    result = run("square", "drift", integration.path, pages)
    assert result.exit_code == 1, result.output
    assert "- ITEM 'Deep Tissue Massage' (item-deep): deleted in Square" in result.output
    assert (
        "~ ITEM_VARIATION 'Swedish Massage, 90 min' (variation-swedish-90): changed in Square: "
        "price 130.00 USD → 125.00 USD" in result.output
    )
    # ...a plan made before a refresh fails on the dead id, and the answer is recorded as such...
    menu = integration.write(text.replace('price = "115.00"', 'price = "119.00"'))
    stale = sync.plan(menu, integration.state())
    answers = integration.upload(stale)
    assert answers[0]["errors"][0]["code"] in ("NOT_FOUND", "VERSION_MISMATCH")
    recorded = sync.record(menu, integration.state(), answers)
    assert "Square refused part of the request" in recorded.warnings[0].message
    # ...and after a refresh, the deleted service is made again with new ids, never the dead
    # ones, and the Dashboard's price is put back.
    assert run("square", "refresh", integration.path, pages).exit_code == 0
    fifth = integration.sync(menu)
    created = {c.key for c in fifth.of("create")}
    assert created == {"item-deep", "variation-deep-60", "variation-deep-90"}
    sent = [o["id"] for body in fifth.upserts for b in body["batches"] for o in b["objects"]]
    assert deep not in sent
    assert all(ident.startswith("#") for ident in sent if "deep" in ident)
    assert price_of(square, "Swedish Massage", 90) == 13000
    assert price_of(square, "Deep Tissue Massage", 60) == 11900
    integration.assert_in_step(menu)

    # 6. Import and adopt: a catalogue imported from Square syncs without making anything twice.
    pages.write_text(json.dumps(integration.listing()), encoding="utf-8")
    imported = integration.path.parent / "imported.toml"
    result = run("import", "square", pages, "-o", imported, "--name", "Test Clinic",
                 "--timezone", "America/Chicago")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert sync.default_path(imported).exists()
    edited = imported.read_text(encoding="utf-8").replace('price = "160.00"', 'price = "165.00"')
    imported.write_text(edited, encoding="utf-8")
    again = servicekit.load(imported, plugins=integration.plugins)
    plan = sync.plan(again, sync.SyncState.load(sync.default_path(imported)))
    assert not plan.of("create")
    assert not plan.of("delete")
    assert [c.key for c in plan.of("update")] == ["variation-deep-tissue-massage-90"]
    # Adopting the first catalogue from Square, with no state, matches everything too.
    integration.state_path.unlink()
    assert run("square", "adopt", integration.path, pages).exit_code == 0
    integration.assert_in_step(menu)

    # 7. No drift when Square holds what the last sync left.
    pages.write_text(json.dumps(integration.listing()), encoding="utf-8")
    result = run("square", "drift", integration.path, pages)
    assert result.exit_code == 0, result.output
    assert "No drift" in result.output
    assert {"batch-upsert", "batch-delete", "list"} <= set(integration.checked)
