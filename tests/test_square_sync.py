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
from hypothesis import given, settings
from hypothesis import strategies as st
from square import Square
from square.core.api_error import ApiError

import servicekit
from servicekit import square as sync
from servicekit.exporting.square.managed import managed
from tests import square_openapi, square_sdk
from tests.conftest import assert_user_error, catalogue_text, first_party_plugins
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


# The command line


def answer_file(integration: Integration, plan_dir: Path, name: str = "answer.json") -> Path:
    """Upload what `servicekit square plan` wrote, keeping Square's answers in a file."""
    answers = []
    upsert = plan_dir / "upsert.json"
    if upsert.exists():
        bodies = json.loads(upsert.read_text(encoding="utf-8"))
        for body in bodies if isinstance(bodies, list) else [bodies]:
            answers.append(integration.client.catalog.batch_upsert(**body).model_dump(mode="json"))
    delete = plan_dir / "delete.json"
    if delete.exists():
        bodies = json.loads(delete.read_text(encoding="utf-8"))
        for body in bodies if isinstance(bodies, list) else [bodies]:
            answers.append(integration.client.catalog.batch_delete(**body).model_dump(mode="json"))
    path = plan_dir.parent / name
    path.write_text(json.dumps(answers), encoding="utf-8")
    return path


def test_plan_writes_the_requests_and_record_keeps_the_state(integration, run):
    path = integration.path
    integration.write(MENU)
    result = run("square", "plan", path)
    assert result.exit_code == 0, result.output
    assert "started" in result.stderr
    assert "menu.square-state.json" in result.stderr
    assert "+ create ITEM 'Swedish Massage' (item-swedish)" in result.stdout
    assert "Plan: 22 to create, 0 to update, 0 to delete; 13 objects in 1 upsert request" in (
        result.stdout
    )
    plan_dir = path.parent / "menu.square-plan"
    assert sorted(p.name for p in plan_dir.iterdir()) == ["plan.json", "upsert.json"]
    answers = answer_file(integration, plan_dir)
    recorded = run("square", "record", path, answers)
    assert recorded.exit_code == 0, recorded.output
    assert "menu.square-state.json holds 22 Square objects" in recorded.stdout
    integration.assert_in_step(servicekit.load(path, plugins=integration.plugins))
    again = run("square", "plan", path, "--format", "json")
    assert json.loads(again.stdout)["changes"] == []
    assert not (plan_dir / "upsert.json").exists()  # an earlier plan's request is never resent


def test_keep_keeps_a_dropped_discount_live_with_what_it_needs(integration, run):
    path = integration.path
    integration.sync(integration.write(MENU))
    start = MENU.index('[[rules]]\nid = "quiet-hours"')
    integration.write(MENU[:start] + MENU[MENU.index('[[rules]]\nid = "winter"') :])
    result = run("square", "plan", path, "--keep", "pricing-rule-quiet-hours")
    assert result.exit_code == 0, result.output
    assert (
        "= keep PRICING_RULE 'Quiet hours: 10% off' (pricing-rule-quiet-hours): kept: Square "
        "keeps applying its discount automatically"
    ) in result.stdout
    kept = [line for line in result.stdout.splitlines() if line.startswith("= keep")]
    assert len(kept) == 4  # its discount, product set and time period stay with it
    assert "0 to delete" in result.stdout
    dropped = run("square", "plan", path)
    assert "- delete DISCOUNT 'Quiet hours: 10% off' (discount-quiet-hours)" in dropped.stdout
    typo = run("square", "plan", path, "--keep", "pricing-rule-quiet-hour")
    assert_user_error(
        typo, "cannot keep 'pricing-rule-quiet-hour': no such key", "did you mean 'pricing-rule"
    )


def test_answers_in_any_order_any_number_of_times_give_the_same_state(integration):
    menu = integration.write(MENU)
    start = sync.SyncState.start(menu)
    first = integration.upload(sync.plan(menu, start))
    state = sync.record(menu, start, first).state
    text = MENU[: MENU.index("[services.chair]")] + MENU[MENU.index("[addons.hot-stones]") :]
    smaller = integration.write(text.replace('price = "95.00"', 'price = "99.00"'))
    second = integration.upload(sync.plan(smaller, state))
    assert {("errors" in a, "deleted_object_ids" in a) for a in second} == {
        (False, False),
        (False, True),
    }
    orders = [first + second, second + first, [*reversed(second), *first, *second]]
    states = {sync.record(smaller, start, answers).state.to_json() for answers in orders}
    assert len(states) == 1
    assert sync.plan(smaller, sync.SyncState.load(_saved(states.pop(), integration))).empty


def _saved(content: bytes, integration: Integration) -> Path:
    integration.state_path.write_bytes(content)
    return integration.state_path


def test_a_partly_failed_upload_records_what_square_made(integration):
    menu = integration.write(MENU)
    state = sync.SyncState.start(menu)
    plan = sync.plan(menu, state)
    (body,) = plan.upserts
    objects = body["batches"][0]["objects"]
    # Two batches: the second refers to an object Square does not have, so it fails whole.
    broken = json.loads(json.dumps(objects[-1]))
    broken["id"], broken["version"] = "GONE0000000000000000000", 7
    request = {
        "idempotency_key": "two-batches",
        "batches": [{"objects": objects}, {"objects": [broken]}],
    }
    answer = integration.client.catalog.batch_upsert(**request).model_dump(mode="json")
    assert answer["errors"][0]["code"] == "NOT_FOUND"
    assert len(answer["id_mappings"]) == 22
    recorded = sync.record(menu, state, [answer])
    assert len(recorded.state.objects) == 22
    (warning,) = recorded.warnings
    assert "Square refused part of the request: NOT_FOUND: Object `GONE" in warning.message
    assert sync.plan(menu, recorded.state).empty


def test_an_old_plan_uploaded_again_leaves_a_duplicate_that_the_next_plan_deletes(integration):
    menu = integration.write(MENU)
    start = sync.SyncState.start(menu)
    plan = sync.plan(menu, start)
    first = integration.upload(plan)
    # The same plan sent again under another idempotency key: Square makes everything twice.
    again = {**plan.upserts[0], "idempotency_key": "sent-again"}
    second = integration.client.catalog.batch_upsert(**again).model_dump(mode="json")
    assert len(integration.square.live("ITEM")) == 6
    state = sync.record(menu, start, [first[0], second]).state
    cleanup = sync.plan(menu, state)
    deleted = cleanup.of("delete")
    assert {change.details for change in deleted} == {
        ("a duplicate an upload of an older plan made",)
    }
    assert len(deleted) == 22
    assert sum(len(body["object_ids"]) for body in cleanup.delete) == 13  # nested go with theirs
    state = sync.record(menu, state, integration.upload(cleanup)).state
    state.save(integration.state_path)
    integration.assert_in_step(menu)
    assert len(integration.square.live("ITEM")) == 3


def test_a_menu_larger_than_a_batch_syncs_in_steps(integration):
    services = "\n".join(
        f'[services.s{n}]\nname = "Service {n}"\ncategory = "massage"\nmodality = "swedish"\n'
        f'variations = [{{ duration = 60, price = "95" }}, {{ duration = 90, price = "130" }}]'
        for n in range(400)
    )
    menu = integration.write(catalogue_text(services))
    first = integration.sync(menu)
    assert first.upload.waiting == 400
    assert "400 objects wait for the permanent ids" in first.lines()[-1]
    second = integration.sync(menu)
    assert len(second.of("create")) == 1200
    assert all(len(body["batches"]) <= 10 for body in second.upserts)
    integration.assert_in_step(menu)


# Bad input: a clear error naming the file and what is wrong; the state never half-written.


@pytest.fixture
def synced(integration, run):
    """A catalogue synced once through the command line, and its state's bytes."""
    integration.write(MENU)
    assert run("square", "plan", integration.path).exit_code == 0
    answers = answer_file(integration, integration.path.parent / "menu.square-plan")
    assert run("square", "record", integration.path, answers).exit_code == 0
    return integration, integration.state_path.read_bytes()


def assert_state_kept(integration: Integration, before: bytes) -> None:
    assert integration.state_path.read_bytes() == before
    leftovers = [p.name for p in integration.path.parent.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_an_answer_of_another_square_account_is_refused(synced, run, write):
    integration, before = synced
    other = StandIn()
    _, answer = other.batch_upsert(
        {
            "idempotency_key": "other",
            "batches": [
                {
                    "objects": [
                        {
                            "type": "CATEGORY",
                            "id": "#category-relaxation",
                            "present_at_all_locations": False,
                            "present_at_location_ids": ["LOTHER0001"],
                            "category_data": {"name": "Relaxation"},
                        }
                    ]
                }
            ],
        }
    )
    path = write(json.dumps(answer), "other.json")
    result = run("square", "record", integration.path, path)
    assert_user_error(
        result,
        "other.json: $.objects[0].present_at_location_ids[0]: location LOTHER0001 is not one of "
        "this Square account's (the catalogue gives none)",
    )
    assert_state_kept(integration, before)


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (
            {
                "id_mappings": [{"client_object_id": "#ZZZZZZZZ~item-x", "object_id": "X1"}],
                "updated_at": "2026-01-01T00:00:00Z",
            },
            "answers an upload planned from another sync state (its temporary ids are "
            "#ZZZZZZZZ~item-x",
        ),
        (
            {
                "objects": [{"type": "ITEM", "id": "NEVERSEEN", "version": 1}],
                "updated_at": "2026-01-01T00:00:00Z",
            },
            "$.objects[0]: ITEM NEVERSEEN is not an object this sync state uploaded",
        ),
        (
            {"objects": [{"type": "CATEGORY", "id": "C1", "version": "2"}], "cursor": "x"},
            '$.objects[0].version: is "2", not a whole number',
        ),
        ({"objects": [], "cursor": "abc"}, "is a ListCatalog page, not the answer to an upload"),
        ({"hello": 1}, "$: is not a Square catalog response"),
    ],
)
def test_an_answer_that_is_not_this_states_is_refused(synced, run, write, answer, message):
    integration, before = synced
    path = write(json.dumps(answer), "answer.json")
    assert_user_error(run("square", "record", integration.path, path), "answer.json", message)
    assert_state_kept(integration, before)


def test_a_truncated_answer_is_a_syntax_error_with_its_line(synced, run, write):
    integration, before = synced
    text = json.dumps({"objects": [], "updated_at": "x"}, indent=2)
    path = write(text[: len(text) // 2], "cut.json")
    assert_user_error(run("square", "record", integration.path, path), "cut.json:", "JSON syntax")
    assert_state_kept(integration, before)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda s: s.replace('"format_version": 1', '"format_version": 9'), "format 9"),
        (lambda s: s.replace('"lineage": "', '"lineage": "x'), "$.lineage: is"),
        (lambda s: s.replace('"type": "ITEM"', '"type": 5', 1), ".type: is 5, not a string"),
        (lambda s: s[: len(s) // 3], "JSON syntax error"),
        (lambda s: s.replace('"servicekit-square-state"', '"x"'), "not a servicekit Square"),
    ],
)
def test_a_state_file_edited_into_nonsense_is_a_clear_error(synced, run, edit, message):
    integration, _ = synced
    mangled = edit(integration.state_path.read_text(encoding="utf-8"))
    integration.state_path.write_text(mangled, encoding="utf-8")
    for command in (["plan"], ["drift", integration.state_path]):
        result = run("square", *command[:1], integration.path, *command[1:])
        assert_user_error(result, "menu.square-state.json", message)
    assert integration.state_path.read_text(encoding="utf-8") == mangled


def test_a_state_of_another_catalogue_location_or_account_is_refused(synced, run, write):
    integration, before = synced
    renamed = write(MENU.replace('name = "Test Clinic"', 'name = "Other Clinic"'), "other.toml")
    state = ["--state", integration.state_path]
    assert_user_error(
        run("square", "plan", renamed, *state),
        "menu.square-state.json is for 'Test Clinic' (USD), not 'Other Clinic' (USD)",
    )
    located = MENU.replace(
        "[categories.relaxation]",
        '[locations.uptown]\nname = "Uptown"\npos_ids = { square = "LUP0001" }\n\n'
        "[categories.relaxation]",
    )
    uptown = write(located, "uptown.toml")
    assert_user_error(
        run("square", "plan", uptown, "--location", "uptown", *state),
        "is for an export of every location, not of location 'uptown' alone",
    )
    assert_state_kept(integration, before)


def test_refresh_and_drift_need_every_listcatalog_page(synced, run, write):
    integration, before = synced
    first = write(json.dumps({"objects": [], "cursor": "next"}), "page-1.json")
    assert_user_error(
        run("square", "refresh", integration.path, first),
        "page-1.json: every page given has a `cursor`, so Square has more pages",
    )
    answer = write(json.dumps({"objects": [], "updated_at": "x"}), "answer.json")
    assert_user_error(
        run("square", "drift", integration.path, answer),
        "answer.json is Square's answer to an upload, not a ListCatalog page",
    )
    assert_state_kept(integration, before)


def test_the_state_file_is_deterministic_one_object_a_line(synced):
    integration, before = synced
    state = sync.SyncState.load(integration.state_path)
    assert state.to_json() == before
    lines = before.decode().splitlines()
    objects = [line for line in lines if line.startswith('    "')]
    assert len(objects) == len(state.objects) == 22
    assert [line.split('"')[1] for line in objects] == sorted(state.objects)


def test_a_plan_with_refresh_never_sends_an_id_square_deleted(synced, run):
    integration, _ = synced
    state = sync.SyncState.load(integration.state_path)
    dead = state.objects["item-chair"].id
    integration.square.delete(dead)
    integration.write(MENU.replace('price = "25.00"', 'price = "29.00"'))
    pages = integration.path.parent / "list.json"
    pages.write_text(json.dumps(integration.square.pages()), encoding="utf-8")
    result = run("square", "plan", integration.path, "--refresh", pages)
    assert result.exit_code == 0, result.output
    assert "- ITEM 'Chair Massage' (item-chair): deleted in Square" in result.stderr
    assert "+ create ITEM 'Chair Massage' (item-chair)" in result.stdout
    upsert = (integration.path.parent / "menu.square-plan" / "upsert.json").read_text()
    assert dead not in upsert


def test_a_changed_set_of_lengths_uploads_the_service_whole_and_drops_the_old_length(
    integration,
):
    integration.sync(integration.write(MENU))
    lengths = '[{ duration = 60, price = "95.00" }, { duration = 90, price = "130.00" }]'
    menu = integration.write(
        MENU.replace(
            lengths, '[{ duration = 45, price = "75.00" }, { duration = 60, price = "95.00" }]'
        )
    )
    plan = integration.sync(menu)
    assert plan.lines()[:3] == [
        "~ update ITEM 'Swedish Massage' (item-swedish): adds 'Swedish Massage, 45 min'; removes "
        "'Swedish Massage, 90 min'",
        "+ create ITEM_VARIATION 'Swedish Massage, 45 min' (variation-swedish-45)",
        "- delete ITEM_VARIATION 'Swedish Massage, 90 min' (variation-swedish-90): removed by the "
        "upload of its parent",
    ]
    assert plan.delete == ()
    (swedish,) = [
        o
        for o in integration.square.live("ITEM")
        if o["id"] == plan.upserts[0]["batches"][0]["objects"][0]["id"]
    ]
    minutes = [
        v["item_variation_data"]["service_duration"] // 60_000
        for v in swedish["item_data"]["variations"]
    ]
    assert minutes == [45, 60]
    integration.assert_in_step(menu)


# What a plan compares: the catalogue's object with what the state holds of it.

VALUES = st.none() | st.booleans() | st.integers(0, 3) | st.sampled_from(["a", "b", ""])
FIELD_VALUES = VALUES | st.just([]) | st.just({}) | st.lists(VALUES, max_size=2)
DATA = st.dictionaries(
    st.sampled_from(["name", "price_money", "image_ids", "sku", "ordinal", "tax_ids"]),
    FIELD_VALUES | st.dictionaries(st.sampled_from(["amount", "currency"]), VALUES, max_size=2),
    max_size=4,
)
PRESENCE = st.fixed_dictionaries(
    {},
    optional={
        "present_at_all_locations": st.booleans() | st.none(),
        "present_at_location_ids": st.lists(st.sampled_from(["L1", "L2"]), max_size=2),
    },
)


@st.composite
def catalogue_objects(draw: Any) -> dict[str, Any]:
    kind = draw(st.sampled_from(["ITEM", "ITEM_VARIATION", "TAX", "MODIFIER_LIST"]))
    where = {"ITEM": "item_data", "ITEM_VARIATION": "item_variation_data"}.get(
        kind, f"{kind.lower()}_data"
    )
    data = draw(DATA)
    nested = {"ITEM": "variations", "MODIFIER_LIST": "modifiers"}.get(kind)
    if nested and draw(st.booleans()):
        data[nested] = [{"id": f"#child-{n}"} for n in range(draw(st.integers(1, 3)))]
    return {"type": kind, "id": "#self", **draw(PRESENCE), where: data}


@settings(max_examples=500, deadline=None)
@given(obj=catalogue_objects(), change=st.integers(0, 5), extra=VALUES)
def test_a_plan_finds_an_object_unchanged_exactly_when_its_managed_form_is_held(
    obj, change, extra
):
    from servicekit.exporting.square.managed import same

    def key_of(ident: str) -> str:
        return ident.lstrip("#")

    held = json.loads(json.dumps(managed(obj, key_of)))
    where = next(key for key in held if key.endswith("_data"))
    if change == 1:
        held[where]["name"] = extra
    elif change == 2:
        held["present_at_all_locations"] = extra
    elif change == 3:
        held["stray"] = extra
    elif change == 4:
        held[where]["sku"] = extra
    assert same(obj, held, key_of) == (managed(obj, key_of) == held)


def test_what_staff_set_in_square_is_sent_back_and_is_no_change(integration):
    menu = integration.write(MENU)
    integration.sync(menu)
    square, state = integration.square, integration.state()
    item, sixty = state.objects["item-swedish"].id, state.objects["variation-swedish-60"].id
    square.edit(item, lambda data: data.update(image_ids=["IMG1"]))
    square.edit(sixty, lambda data: data.update(team_member_ids=["TM1", "TM2"]))
    refreshed, _ = sync.refresh(menu, state, [{"objects": integration.listing()}])
    refreshed.save(integration.state_path)
    assert refreshed.objects["variation-swedish-60"].kept == {"team_member_ids": ["TM1", "TM2"]}
    # Fields staff set are Square's: a plan sees nothing to do...
    assert sync.plan(menu, refreshed).empty
    # ...and an upload of the item sends them back as Square holds them, first.
    menu = integration.write(MENU.replace('description = "Long', 'description = "Longer'))
    plan = integration.sync(menu)
    (sent,) = [o for body in plan.upserts for b in body["batches"] for o in b["objects"]]
    assert list(sent["item_data"])[:2] == ["image_ids", "name"]
    (length,) = [v for v in sent["item_data"]["variations"] if v["id"] == sixty]
    assert list(length["item_variation_data"])[:2] == ["team_member_ids", "item_id"]
    assert square.render(sixty)["item_variation_data"]["team_member_ids"] == ["TM1", "TM2"]
    assert square.render(item)["item_data"]["image_ids"] == ["IMG1"]
    integration.assert_in_step(menu)


OBJECT_VALUES = st.none() | st.booleans() | st.integers(-1, 3) | st.sampled_from(["", "#T", "K"])
STATE_OBJECTS = st.fixed_dictionaries(
    {},
    optional={
        "type": OBJECT_VALUES | st.just("ITEM"),
        "id": OBJECT_VALUES | st.just("SQ1"),
        "name": OBJECT_VALUES | st.just("Swedish"),
        "data": OBJECT_VALUES | st.just({"item_data": {}}),
        "version": OBJECT_VALUES | st.just(7),
        "kept": OBJECT_VALUES | st.just({}) | st.just({"image_ids": ["I"]}),
        "parent": OBJECT_VALUES | st.just("item-x"),
    },
)


@settings(max_examples=500, deadline=None)
@given(entry=STATE_OBJECTS | OBJECT_VALUES)
def test_reading_a_state_object_the_quick_way_is_reading_it_field_by_field(entry):
    from servicekit.errors import ExportError
    from servicekit.exporting.square.state import _Reader

    reader = _Reader("menu.square-state.json")
    try:
        slow: Any = reader.explained(entry, '$.objects["k"]')
    except ExportError as error:
        slow = error.message
    try:
        quick: Any = reader.known(entry, "k")
    except ExportError as error:
        quick = error.message
    assert quick == slow
