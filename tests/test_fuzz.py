"""The fuzz suite: hostile and careless input through the command line, as users give it.

Hypothesis mangles the bundled catalogues, intakes, bookings and Square bodies (and writes
raw bytes), and each case runs the commands a user would run on it. Whatever it is given,
servicekit answers with a documented exit status and a message, never a traceback; a quote
it gives adds up (total = sum of lines, no line below zero but discounts); and it never
modifies an input or leaves a file behind.

In CI each test runs a bounded number of examples (the whole suite in well under two
minutes). A larger run, for a release or after a change to the loading edge:

    SERVICEKIT_FUZZ_EXAMPLES=5000 python -m pytest tests/test_fuzz.py -p no:cacheprovider

(hypothesis then prints how many examples each test ran with `--hypothesis-show-statistics`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import tomllib
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicekit.cli import cli
from servicekit.screening.wording import EXIT_CODES
from tests.conftest import REPO

EXAMPLES = int(os.environ.get("SERVICEKIT_FUZZ_EXAMPLES", "0"))
FUZZ = settings(
    max_examples=EXAMPLES or 60,
    derandomize=not EXAMPLES,  # CI runs the same examples every time; a larger run explores
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

CATALOGUES = {
    path.name: tomllib.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    for path in sorted((REPO / "catalogues").glob("*.toml"))
}
INTAKES = {
    path.name: (
        json.loads(path.read_text(encoding="utf-8"))
        if path.suffix == ".json"
        else tomllib.loads(path.read_text(encoding="utf-8"))
    )
    for path in sorted((REPO / "catalogues" / "intakes").iterdir())
}

SCREEN_STATUSES = {1, 2, *EXIT_CODES.values()}
"""Bad input, usage, and screening's own (docs/screening.md): clear or modify, clearance, block,
incomplete, ask."""

# -- what hypothesis writes ------------------------------------------------------------------

LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)) | st.sampled_from(LINE_BREAKS),
    max_size=30,
)
scalars = (
    st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.decimals(allow_nan=False, allow_infinity=False, places=3)
    | st.sampled_from([Decimal("NaN"), Decimal("Infinity"), Decimal("-0.00"), Decimal("1e400")])
    | texts
    | st.dates()
    | st.times()
    | st.datetimes(timezones=st.none() | st.just(dt.UTC))
    | st.sampled_from([dt.date.max, dt.date.min, dt.datetime.max, "9999-12-31", "0001-01-01"])
)
values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(texts, children, max_size=4),
    max_leaves=12,
)


def paths(value: Any, prefix: tuple = ()) -> Iterator[tuple]:
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from paths(item, (*prefix, index))


def changed(document: Any, path: tuple, change: Callable[[Any], Any]) -> Any:
    """A copy of `document` with the value at `path` changed (None deletes it)."""
    if not path:
        return change(document)
    head, *rest = path
    copy = dict(document) if isinstance(document, dict) else list(document)
    new = changed(document[head], tuple(rest), change)
    if new is None:
        del copy[head]
    else:
        copy[head] = new
    return copy


@st.composite
def mangled(draw: st.DrawFn, documents: dict[str, Any]) -> Any:
    """One of `documents` with one to three things changed as a careless or hostile editor
    would: a value replaced, a key removed, a key added, an array element repeated, a value
    made huge."""
    document = documents[draw(st.sampled_from(sorted(documents)))]
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        candidates = list(paths(document))[1:]
        if not candidates:
            break
        path = draw(st.sampled_from(candidates))
        mutation = draw(st.sampled_from(["replace", "delete", "add", "repeat", "grow"]))
        if mutation == "replace":
            new = draw(values)
            document = changed(document, path, lambda _old, new=new: new)
        elif mutation == "delete":
            document = changed(document, path, lambda _old: None)
        elif mutation == "add":
            key, new = draw(texts), draw(values)
            parent = path[:-1]
            document = changed(
                document,
                parent,
                lambda old, key=key, new=new: {**old, key: new} if isinstance(old, dict) else old,
            )
        elif mutation == "repeat":
            times = draw(st.integers(min_value=2, max_value=50))
            document = changed(
                document,
                path,
                lambda old, times=times: old * times if isinstance(old, str | list) else old,
            )
        else:
            document = changed(
                document,
                path,
                lambda old: old * 100 if isinstance(old, str | list) else old,
            )
    return document


# -- running commands as a user does ---------------------------------------------------------


def fingerprint(directory: Path) -> dict[str, str]:
    """Every file in `directory` and a hash of its bytes: inputs stay as they were."""
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(directory.iterdir())
    }


def invoke(*args: object) -> Result:
    return CliRunner().invoke(cli, [str(arg) for arg in args], catch_exceptions=True)


PYTHON_REPR = re.compile(r"Decimal\(|NoneType|<class|datetime\.|\{'[^']*': ")
"""Python's way of writing a value, which a message never shows."""


def user_facing(result: Result, statuses: set[int]) -> None:
    """Exited with a documented status and said something; no traceback, no crash."""
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        result.output,
        result.exc_info,
    )
    assert result.exit_code in statuses, result.output
    assert "Traceback" not in result.output
    if result.exit_code == 1:
        assert result.output.strip(), "an error must say what is wrong"


@pytest.fixture
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """A fresh directory per example (hypothesis reuses a test's fixtures)."""

    def make() -> Path:
        return tmp_path_factory.mktemp("fuzz")

    return make


def write_toml(directory: Path, name: str, document: Any) -> Path | None:
    try:
        text = tomli_w.dumps(document)
    except (TypeError, ValueError):
        return None  # not expressible in TOML (a value tomli-w cannot write)
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def quote_adds_up(quote: dict[str, Any]) -> None:
    lines = quote["lines"]
    assert quote["total"] == sum(line["amount"] for line in lines)
    assert quote["total"] >= 0
    for line in lines:
        if line["kind"] != "discount":
            assert line["amount"] >= 0, line
    for charge in [quote["deposit"], *quote["fees"]]:
        assert charge is None or charge["amount"] >= 0
    assert all(tip["amount"] >= 0 for tip in quote["gratuity"])


# -- the fuzz tests --------------------------------------------------------------------------


@FUZZ
@given(mangled(CATALOGUES))
def test_a_mangled_catalogue_is_checked_and_used_without_a_traceback(workspace, document):
    directory = workspace()
    path = write_toml(directory, "catalogue.toml", document)
    if path is None:
        return
    before = fingerprint(directory)
    checked = invoke("check", path)
    user_facing(checked, {0, 1})
    for line in checked.output.splitlines()[:100]:
        if line.startswith(f"{path}:") and line[len(str(path)) + 1 :].split(":")[0].isdigit():
            number = int(line[len(str(path)) + 1 :].split(":")[0])
            assert 1 <= number <= path.read_text(encoding="utf-8").count("\n") + 1
    if checked.exit_code == 0:
        for args in (["menu", path], ["export", path, "--format", "csv"], ["diff", path, path]):
            user_facing(invoke(*args), {0, 1})
        services = document.get("services", {})
        for service in list(services)[:2]:
            quoted = invoke("quote", path, service, "--at", "2026-12-05T18:30", "--format", "json")
            user_facing(quoted, {0, 1})
            if quoted.exit_code == 0:
                quote_adds_up(json.loads(quoted.stdout))
    assert fingerprint(directory) == before


@FUZZ
@given(st.binary(max_size=400) | texts.map(lambda text: text.encode("utf-8", "surrogatepass")))
def test_any_bytes_given_as_a_catalogue_or_intake_are_refused_cleanly(workspace, raw):
    directory = workspace()
    path = directory / "input.toml"
    path.write_bytes(raw)
    user_facing(invoke("check", path), {0, 1})
    clinic = REPO / "catalogues" / "therapeutic-clinic.toml"
    user_facing(invoke("screen", clinic, "swedish", "--intake", path), SCREEN_STATUSES)
    assert path.read_bytes() == raw


EDGES = [
    "2026-12-05T18:30", "2026-03-08T02:30", "2026-11-01T01:30", "0001-01-01T00:00+14:00",
    "9999-12-31T23:59-12:00", "9999-12-31T23:59", "2026-13-01T00:00", "now", "2026-12-05",
]  # fmt: skip
MOMENTS = st.sampled_from(EDGES) | st.datetimes(timezones=st.none() | st.timezones()).map(
    lambda moment: moment.isoformat()
)


def mostly(valid: st.SearchStrategy[Any], other: st.SearchStrategy[Any]) -> Any:
    """`valid` three times in four, `other` the rest."""
    return st.one_of(valid, valid, valid, other)


def known(catalogue: dict[str, Any]) -> dict[str, list[str]]:
    """The ids a booking of this catalogue may name, by option."""
    rules = catalogue.get("rules", [])
    whens = [rule.get("when", {}) for rule in rules]
    return {
        "--addon": sorted(catalogue.get("addons", {})),
        "--tag": sorted({tag for when in whens for tag in when.get("tags", [])} | {"first-visit"}),
        "--promo": sorted({when["promo"] for when in whens if "promo" in when}),
        "--location": sorted(catalogue.get("locations", {})),
        "--therapist-level": sorted(catalogue.get("levels", {})),
        "--redeem": sorted(r["id"] for r in rules if r["type"] in ("package", "membership")),
    }


@st.composite
def bookings(draw: st.DrawFn) -> list[str]:
    """A `servicekit quote` command line: mostly what the catalogue offers, now and then
    something it does not, in any order."""
    name = draw(st.sampled_from(sorted(CATALOGUES)))
    catalogue = CATALOGUES[name]
    services = catalogue["services"]
    service = draw(mostly(st.sampled_from(sorted(services)), texts))
    args = [str(REPO / "catalogues" / name), service]
    lengths = [v["duration"] for v in services.get(service, {}).get("variations", [])]
    if lengths:
        duration = draw(mostly(st.sampled_from(lengths), st.integers(-5, 2000)))
        args += ["--duration", str(duration)]
    args += ["--at", draw(MOMENTS)]
    choices = known(catalogue)
    if choices["--location"]:
        args += ["--location", draw(mostly(st.sampled_from(choices["--location"]), texts))]
    for option in draw(st.lists(st.sampled_from([*sorted(choices), "--buy"]), max_size=5)):
        offered = choices.get(option) or choices["--redeem"]
        value = draw(mostly(st.sampled_from(offered), texts)) if offered else draw(texts)
        args += [option, value]
    return args


@FUZZ
@given(bookings())
def test_any_booking_is_quoted_or_refused_and_every_quote_adds_up(args):
    result = invoke("quote", *args, "--format", "json")
    user_facing(result, {0, 1, 2})
    if result.exit_code == 0:
        quote_adds_up(json.loads(result.stdout))
    user_facing(invoke("quote", *args), {0, 1, 2})


GUESTS = ["ann", "ben", "cy", "dee"]
VALID_MOMENTS = st.sampled_from(["2026-12-05T18:30", "2026-12-02T09:00", "2027-03-01T12:00"])


@st.composite
def visit_item(draw: st.DrawFn, catalogue: dict[str, Any], wild: bool) -> str:
    """An item in the command line's short form: a service the catalogue offers at one of its
    lengths, with add-ons it offers (some for several guests), for a guest, now and then paid
    with a plan; when `wild`, each part may be text the catalogue does not know."""

    def pick(choices: list[Any], other: st.SearchStrategy[Any] = texts) -> Any:
        valid = st.sampled_from(choices) if choices else other
        return draw(mostly(valid, other) if wild else valid)

    services = catalogue["services"]
    service = pick(sorted(services))
    offered = services.get(service, {})
    wanted = offered.get("guests", 1)
    guests = draw(st.lists(st.sampled_from(GUESTS), min_size=wanted, max_size=wanted, unique=True))
    if wild and draw(st.booleans()):
        guests = draw(st.lists(mostly(st.sampled_from(GUESTS), texts), max_size=3))
    item = service
    lengths = [variation["duration"] for variation in offered.get("variations", [])]
    if len(lengths) > 1 or (lengths and draw(st.booleans())):
        item += f":{pick(lengths, st.integers(-5, 2000))}"
    addons = offered.get("addons", [])
    if wild:
        chosen = draw(st.lists(mostly(st.sampled_from(addons), texts) if addons else texts,
                               max_size=3))  # fmt: skip
    else:
        chosen = draw(st.lists(st.sampled_from(addons), unique=True, max_size=2)) if addons else []
    for addon in chosen:
        item += f"+{addon}"
        if wanted > 1 or wild:
            item += f"*{draw(st.integers(0, 3) if wild else st.integers(1, wanted))}"
    if guests:
        item += "@" + ",".join(guests)
    plans = known(catalogue)["--redeem"]
    if plans and wanted == 1 and draw(st.integers(0, 4)) == 0:
        item += "/" + pick(plans)
    if wild and draw(st.integers(0, 3)) == 0:
        item = draw(MISTYPED_ITEMS).format(item=item, service=service)
    return item


MISTYPED_ITEMS = st.sampled_from(
    [
        "{service}:", "{service}::60", ":60", "+hot-stones", "@ann", "/five-pack", " ",
        "{item}@", "{item}@ann,", "{item}@,ann", "{item}@ann,,ben", "{item}@--tag",
        "{item}@-x", "{item}@ann,ann", "{item}@" + "a" * 200, "{item}@ann\u202e",
        "{item}+", "{item}+*2", "{item}+hot-stones*x", "{item}+hot-stones*0",
        "{item}+hot-stones*99999999999", "{item}+hot-stones**2", "{item}/", "{item}/a/b",
        "{service}:six", "{service}:6²", "{service}:٦٠", "{service}:" + "9" * 5000,
        "{service}:-60", "{service}:60.0", "swédish:60", "スウェーデン式:60", "{item}\n",
        "{item} --tag member", "--tag", "{item}@guest 1", "{item}:60",
    ]
)  # fmt: skip
"""Item specs typed wrong at a desk: empty parts, a length that is no number, a quantity
that is none, a guest named like an option, other scripts, huge values."""


@st.composite
def visits(draw: st.DrawFn) -> list[str]:
    """A `servicekit quote` command line of a visit: many items for several guests, with
    guests' tags, plans held and gift certificates as tender; one time in four, anything in
    them may be text the catalogue does not know."""
    wild = draw(st.integers(0, 3)) == 0
    name = draw(st.sampled_from(sorted(CATALOGUES)))
    catalogue = CATALOGUES[name]
    items = draw(st.lists(visit_item(catalogue, wild), min_size=1, max_size=8))
    moments = MOMENTS if wild else VALID_MOMENTS
    args = [str(REPO / "catalogues" / name), *items, "--at", draw(moments)]
    choices = known(catalogue)
    if choices["--location"]:
        place = st.sampled_from(choices["--location"])
        args += ["--location", draw(mostly(place, texts) if wild else place)]
    tags = st.sampled_from(choices["--tag"])
    tags = mostly(tags, texts) if wild else tags
    booked = {guest for item in items for guest in item.partition("@")[2].split("/")[0].split(",")}
    for tag in draw(st.lists(tags, max_size=3)):
        guest = draw(st.none() | st.sampled_from(sorted(booked) if not wild else GUESTS))
        args += ["--tag", tag if guest is None else f"{tag}@{guest}"]
    held = st.lists(st.sampled_from(choices["--redeem"]), max_size=2, unique=True)
    for plan in draw(held) if choices["--redeem"] else []:
        left = draw(st.integers(-1, 12) if wild else st.integers(0, 2))
        holder = draw(st.sampled_from(GUESTS if wild else sorted(booked)))
        args += ["--plan", f"{plan}:left={left},holder={holder}"]
    for _ in range(draw(st.integers(0, 2))):
        amount = st.decimals(Decimal("0.01"), 500, places=2).map(str)
        args += ["--pay-with", f"gift:{draw(mostly(amount, texts) if wild else amount)}"]
    if choices["--promo"] and draw(st.booleans()):
        promo = st.sampled_from(choices["--promo"])
        args += ["--promo", draw(mostly(promo, texts) if wild else promo)]
    return args


def visit_adds_up(quote: dict[str, Any]) -> None:
    """A visit's total is the sum of its items' lines and its own; each item's subtotal the
    sum of its lines; tender never pays more than the total. (A lone bare service is the
    booking of one service, whose JSON has no items.)"""
    if "items" not in quote:
        quote_adds_up(quote)
        return
    every = [line for item in quote["items"] for line in item["lines"]] + quote["lines"]
    quote_adds_up({**quote, "lines": every})
    for item in quote["items"]:
        assert item["subtotal"] == sum(line["amount"] for line in item["lines"])
    paid = sum(tender["amount"] for tender in quote["tender"])
    assert 0 <= quote["amount_due"] == quote["total"] - paid


@FUZZ
@given(visits())
def test_any_visit_is_quoted_or_refused_and_every_quote_adds_up(args):
    result = invoke("quote", *args, "--format", "json")
    user_facing(result, {0, 1, 2})
    if result.exit_code == 0:
        visit_adds_up(json.loads(result.stdout))
    elif result.exit_code == 1:
        assert not PYTHON_REPR.search(result.output), result.output
    user_facing(invoke("quote", *args), {0, 1, 2})


VISITS = {
    "visit.toml": {
        "at": dt.datetime(2026, 12, 4, 16, 0),
        "tags": ["member"],
        "promos": ["WINTER10"],
        "pay_with": ["gift:20.00"],
        "guests": {"ann": {"tags": ["first-visit"]}, "ben": {"tags": []}},
        "plans": {"five-pack": {"holder": "ann", "sessions_left": 2, "bought": "2026-11-01"}},
        "items": [
            {"service": "therapeutic", "duration": 60, "guest": "ann", "addons": ["hot-stones"]},
            {"service": "deep-tissue", "duration": 90, "guest": "ben", "redeem": None},
            "assisted-stretching:30@ann",
            {"service": "therapeutic", "duration": 60, "guest": "ann", "redeem": "five-pack",
             "start": dt.datetime(2026, 12, 4, 18, 0)},
        ],
    },
    "gift.toml": {"buy": "gift:100.00", "pay_with": ["gift:50.00"]},
    "short.toml": {"items": ["therapeutic:60+hot-stones@ann", "deep-tissue:90@ben"]},
}  # fmt: skip
"""Visit files as a desk writes them, for hypothesis to mangle (`servicekit quote --visit`)."""


@FUZZ
@given(mangled(VISITS), st.sampled_from(["toml", "json", "bytes"]), st.binary(max_size=64))
def test_a_mangled_visit_file_is_quoted_or_refused_at_its_place(workspace, document, kind, raw):
    """A visit file mangled, written as TOML or JSON (or cut short): quoted, or refused with
    a message that names the file (its line and key when it has them), never Python's."""
    directory = workspace()
    path = directory / f"visit.{'json' if kind == 'json' else 'toml'}"
    if kind == "toml":
        written = write_toml(directory, path.name, document)
        if written is None:
            return
    else:
        text = json.dumps(document, default=str, ensure_ascii=False)
        data = text.encode("utf-8", "surrogatepass")
        path.write_bytes(data if kind == "json" else data[: len(data) // 2] + raw)
    before = fingerprint(directory)
    clinic = REPO / "catalogues" / "therapeutic-clinic.toml"
    for output in ("text", "json"):
        result = invoke("quote", clinic, "--visit", path, "--format", output)
        user_facing(result, {0, 1})
        if result.exit_code == 0 and output == "json":
            visit_adds_up(json.loads(result.stdout))
        if result.exit_code == 1:
            said = result.output.strip()
            assert said.startswith((f"{path}:", "error: ")), said
            assert not PYTHON_REPR.search(said), said
    assert fingerprint(directory) == before


@FUZZ
@given(mangled(INTAKES), st.sampled_from(["swedish", "deep-tissue", "prenatal", "hot-stone"]))
def test_a_mangled_intake_is_screened_or_refused_without_a_traceback(workspace, document, service):
    directory = workspace()
    path = directory / "intake.json"
    try:
        path.write_text(json.dumps(document, default=str), encoding="utf-8")
    except ValueError:
        return
    before = fingerprint(directory)
    clinic = REPO / "catalogues" / "therapeutic-clinic.toml"
    for output in ("text", "json"):
        result = invoke(
            "screen", clinic, service, "--intake", path, "--at", "2026-12-04", "--format", output
        )
        user_facing(result, SCREEN_STATUSES)
    assert fingerprint(directory) == before


TEMPLATE_PARTS = st.sampled_from(
    [
        "{{ menu.clinic.name }}",
        "{% for category in menu.categories %}{{ category.name }}{% endfor %}",
        "{% for c in menu.categories %}{% for s in c.services %}{{ s.name }}{% endfor %}"
        "{% endfor %}",
        "{{ menu | string | length }}",
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "{{ lipsum.__globals__['os'] }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ menu.__class__.__init__.__globals__ }}",
        "{% for i in range(10**12) %}x{% endfor %}",
        "{{ 'x' * 10**9 }}",
        "{{ 9 ** 9 ** 9 }}",
        "{{ '%999999999s' % 'x' }}",
        "{% include 'secret.txt' %}",
        "{% include '../outside.j2' %}",
        "{% include 'partial.j2' %}",
        "{% import 'partial.j2' as p %}",
        "{% extends 'partial.j2' %}",
        "{% raw %}{{ not rendered }}{% endraw %}",
        "{% for %}",
        "{{",
        "{% if menu %}yes{% else %}no{% endif %}",
        "{{ undefined_name }}",
        "{{ menu.nope }}",
        "<p>{{ '<script>' }}</p>",
    ]
)


@FUZZ
@given(st.lists(TEMPLATE_PARTS | texts, min_size=1, max_size=5), st.booleans())
def test_any_template_renders_or_is_a_located_error_and_reads_nothing_else(workspace, parts, html):
    directory = workspace()
    (directory / "secret.txt").write_text("SECRET-CONTENT", encoding="utf-8")
    (directory / "partial.j2").write_text("{% block b %}partial{% endblock %}", encoding="utf-8")
    template = directory / ("menu.html" if html else "menu.txt")
    template.write_text("".join(parts), encoding="utf-8")
    before = fingerprint(directory)
    clinic = REPO / "catalogues" / "therapeutic-clinic.toml"
    result = invoke("menu", clinic, "--template", template)
    user_facing(result, {0, 1})
    assert "SECRET-CONTENT" not in result.output
    assert "uid=" not in result.output
    if result.exit_code == 1:
        assert str(template) in result.output or "template" in result.output
    assert fingerprint(directory) == before


def square_bodies() -> dict[str, Any]:
    """The bundled catalogues as Square holds them: their upsert bodies, and the objects of
    each as a ListCatalog response."""
    bodies = {}
    for name in sorted(CATALOGUES):
        exported = invoke("export", REPO / "catalogues" / name, "--format", "square")
        body = json.loads(exported.stdout)
        bodies[f"upsert {name}"] = body
        objects = [item for batch in body["batches"] for item in batch["objects"]]
        bodies[f"list {name}"] = {"objects": objects}
    return bodies


SQUARE_BODIES = square_bodies()


@FUZZ
@given(mangled(SQUARE_BODIES))
def test_a_mangled_square_body_is_imported_or_a_located_error(workspace, body):
    directory = workspace()
    path = directory / "square.json"
    path.write_text(json.dumps(body, default=str), encoding="utf-8")
    before = fingerprint(directory)
    output = directory / "imported.toml"
    result = invoke("import", "square", path, "-o", output)
    user_facing(result, {0, 1})
    if result.exit_code == 0:
        user_facing(invoke("check", output), {0})
    else:
        assert not output.exists()
        assert fingerprint(directory) == before
