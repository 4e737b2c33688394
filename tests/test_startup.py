"""Issue #17: `servicekit check` loads only what checking uses, so its start-up stays near
`import click` (benchmarks/bench_load.py prints the figure). Each test runs the command in a
fresh process, as a clinic manager does, and names what it imported that it does not use."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
import typing

import attrs
import pytest
import tomli
import tomli_w

from tests.conftest import REPO

CLINIC = REPO / "catalogues" / "therapeutic-clinic.toml"

UNUSED_BY_CHECK = (
    # Quoting's run time: check compiles the rules, it never prices a booking.
    "servicekit.pricing.engine",
    "servicekit.pricing.outcomes",
    "servicekit.pricing.wording",
    "servicekit.pricing.visits",
    "servicekit.pricing.seen",
    "servicekit.pricing.layouts",
    "servicekit.pricing.reasons",
    "servicekit.pricing.trace",
    "servicekit.pricing.stage_records",
    "servicekit.pricing.square_terms",
    "servicekit.model.quote",
    "servicekit.model.quote_text",
    "servicekit.model.visit",
    # Screening and recommending run on an intake; check compiles the screening rules only.
    "servicekit.screening.engine",
    "servicekit.model.screening_result",
    "servicekit.recommending",
    # Everything else a command may do with a catalogue. (Square's limits are a check on a
    # catalogue synced to Square: `servicekit.exporting.square.state_file` says whether it is.)
    "servicekit.exporting.context",
    "servicekit.exporting.catalogue_json",
    "servicekit.exporting.price_list",
    "servicekit.exporting.square.export",
    "servicekit.exporting.square.catalog",
    "servicekit.exporting.square.state",
    "servicekit.model.export",
    "servicekit.importing",
    "servicekit.menus",
    "servicekit.serving",
    "servicekit.diffing",
    "servicekit.canonical",
    "servicekit.plugins.listing",
    "jinja2",
    # Only needed once something is wrong: a problem's line, a plugin's failing frame.
    "servicekit.loading.locating",
    "traceback",
    "shlex",
    "difflib",  # a "did you mean" of a misspelt word
    # JSON is read and written for other files and --format json; signals are caught while
    # a file is written. check reads a TOML catalogue and prints text.
    "json",
    "signal",
    # Babel's locale data is read to word money and times; check words neither (a rule's
    # failure reasons are worded when read) and finds a locale by its data file.
    "babel",
    # A plugin's records of settings the clinic did not write (medical billing's, which
    # superbills read): the table, when there is one, is checked without them.
    "servicekit_medical_billing.billing",
    "litestar",
    "uvicorn",
    # cattrs (with typing_extensions, its dispatch) is imported to generate code for a class
    # read hundreds of times, for a type the model does not use, or for an error.
    "cattrs",
)


def imported_by(args: list[str], names: tuple[str, ...]) -> list[str]:
    """Which of `names` a fresh `servicekit ARGS` process has imported when it ends."""
    code = (
        "import sys\n"
        "from servicekit.cli import main\n"
        "try:\n"
        f"    main({args!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        f"found = sorted(name for name in {names!r} if name in sys.modules)\n"
        "import json\n"  # after looking: json is one of the names asked about
        "print(json.dumps(found))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "ok" in done.stdout, done.stdout + done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_check_imports_nothing_it_does_not_use():
    assert imported_by(["check", str(CLINIC)], UNUSED_BY_CHECK) == []


def test_check_finds_plugins_without_importlib_metadata():
    # Importing importlib.metadata costs half an `import click` (it brings email, zipfile,
    # csv); `servicekit.plugins.installed` reads the entry points without it.
    found = imported_by(["check", str(CLINIC)], ("importlib.metadata", "email", "zipfile"))
    assert found == []


def installed_plugins(env: dict[str, str]) -> list[tuple[str, str, str, str]]:
    """`servicekit plugins` in a fresh process: each installed plugin, what module it is,
    and its distribution and version, as `servicekit.plugins.installed` read them."""
    code = (
        "import sys\n"
        "from servicekit.cli import main\n"
        "try:\n"
        "    main(['plugins', '--format', 'json'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "assert 'importlib.metadata' not in sys.modules\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    return [
        (plugin["name"], plugin["module"], plugin["distribution"], plugin["version"])
        for plugin in json.loads(done.stdout)
        if plugin["origin"] == "entry point"
    ]


def test_a_fresh_process_finds_the_plugins_importlib_metadata_finds(installed, monkeypatch):
    from importlib import metadata

    installed({"reflexology": "clinic_reflexology"}, {"clinic_reflexology": ""})
    monkeypatch.delenv("SERVICEKIT_LOAD_PLUGINS")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(sys.path))
    expected = sorted(
        (ep.name, ep.value, ep.dist.metadata["Name"], ep.dist.metadata["Version"])
        for ep in metadata.entry_points(group="servicekit")
        if ep.dist is not None
    )
    assert ("reflexology", "clinic_reflexology", "clinic-extras", "2.1.0") in expected
    assert sorted(installed_plugins(dict(os.environ))) == expected


def test_a_locale_is_known_by_its_data_file_exactly_when_babel_knows_it():
    from babel import Locale, localedata

    from servicekit.loading import scalars

    for name in localedata.locale_identifiers():
        assert scalars.LOCALE_NAME.fullmatch(name), name
        assert str(Locale.parse(name)) == name
    known = scalars._known_locale
    assert [known(name) for name in ("en_US", "de", "sr_Latn_BA")] == [True] * 3
    assert [known(name) for name in ("en_us", "xx_YY", "und")] == [False] * 3


def _broken_clinics() -> list[dict]:
    """The bundled clinic, and copies of it with the mistakes a table can hold: a key missing,
    a key unknown, a value of the wrong type, an entry that is not a table, a rule's bad
    parameter, a nested entry wrong."""
    clinic = tomli.loads(CLINIC.read_text("utf-8"))
    broken = [clinic]
    for change in (
        lambda data: data["services"]["swedish"].pop("name"),
        lambda data: data["services"]["swedish"].update(colour="blue"),
        lambda data: data["services"]["swedish"]["variations"][1].update(price="a lot"),
        lambda data: data["services"]["therapeutic"]["variations"].append({"duration": "60"}),
        lambda data: data["clinic"].update(currency="US$", locale="en_us", opens="9"),
        lambda data: data["addons"].update(towels="hot"),
        lambda data: data["rules"][0].update(prices={"60": "free"}),
        lambda data: data["rules"][1].update(when={"tags": "member", "days": ["someday"]}),
        lambda data: data.update(gift_cards={"amounts": ["25.00"], "bonus": {"buy": 1}}),
        lambda data: data["services"]["swedish"].update(description=5, addons="hot-stones"),
        lambda data: data["services"]["swedish"]["variations"][0].update(buffer="15"),
    ):
        copy = tomli.loads(CLINIC.read_text("utf-8"))
        change(copy)
        broken.append(copy)
    return broken


def test_tables_read_field_by_field_are_read_as_cattrs_generated_code_reads_them(
    tmp_path, monkeypatch
):
    # A class's first few tables are read field by field, the rest by the function cattrs
    # generates (`loading.converter.GENERATE_AFTER`): either way, the same catalogue and the
    # same problems, with the same key paths, lines and hints.
    from servicekit.checking import check
    from servicekit.loading import converter

    paths = []
    for number, data in enumerate(_broken_clinics()):
        paths.append(tmp_path / f"clinic-{number}.toml")
        paths[-1].write_text(tomli_w.dumps(data), "utf-8")

    def reports(generate_after: int) -> list[dict]:
        monkeypatch.setattr(converter, "GENERATE_AFTER", generate_after)
        converter._converter.cache_clear()
        try:
            return [check(path).to_dict() for path in paths]
        finally:
            converter._converter.cache_clear()

    generated = reports(0)
    assert generated[0]["ok"]
    assert all(not report["ok"] and report["errors"] for report in generated[1:])
    assert reports(10**9) == generated
    assert reports(3) == generated


@attrs.frozen
class Unusual:
    tags: set[str]
    ratio: float
    when: dict[str, int] | None = None


def test_a_type_the_model_does_not_use_is_read_by_cattrs_as_before():
    # The converter finds the hooks of the model's types itself; any other is cattrs' own.
    import cattrs

    from servicekit.loading import converter

    read = converter.converter_for(None).structure
    value = {"tags": ["a", "b"], "ratio": 1.5, "when": {"mon": 1}}
    assert read(value, Unusual) == cattrs.Converter().structure(value, Unusual)
    assert read({"tags": ("a",), "ratio": 2}, Unusual) == Unusual({"a"}, 2.0)


def test_a_class_reader_shows_other_threads_its_fields_only_with_the_keys_they_allow():
    # Two threads reading a class's first tables at once (serve screens in worker threads):
    # one that finds the fields read must find the keys they allow too, or every key of a
    # valid table would be "unknown".
    from servicekit.loading import converter
    from servicekit.model.catalogue import Clinic

    class Watched(converter._ClassReader):
        def __setattr__(self, name: str, value: object) -> None:
            if name == "fields" and value is not None:
                assert self.allowed, "fields shown before the keys they allow"
            super().__setattr__(name, value)

    reader = Watched(Clinic, converter._converter())
    assert reader._plain()
    assert reader.fields is not None
    assert reader.allowed == {name for name, *_ in reader.fields}


T = typing.TypeVar("T")


@attrs.frozen
class Base(typing.Generic[T]):
    value: T


@attrs.frozen
class Whole(Base[int]):
    pass


def test_a_class_of_a_generic_base_is_read_by_the_code_cattrs_generates():
    # Reading field by field knows no type variables: `value` is an int in a Whole.
    from servicekit.loading import converter

    assert converter.converter_for("USD").structure({"value": 3}, Whole) == Whole(3)


def test_a_locale_is_not_known_by_a_file_a_disk_that_ignores_case_would_find(monkeypatch):
    # On a disk that ignores case (macOS's, Windows' default), en_us.dat opens en_US.dat:
    # the locale's name must still be Babel's exactly.
    from servicekit.loading import scalars

    monkeypatch.setattr(pathlib.Path, "is_file", lambda path: True)
    scalars._known_locale.cache_clear()
    try:
        assert [scalars._known_locale(name) for name in ("en_us", "de_de", "en_US")] == [
            False,
            False,
            True,
        ]
    finally:
        scalars._known_locale.cache_clear()


def test_a_method_is_found_to_take_the_engines_arguments_as_its_signature_says():
    # The pricing contract reads a plain function's arguments from its code (inspect's
    # signature costs start-up more): it must agree with the signature.
    import inspect

    from servicekit.pricing.contract import _takes

    def positional(self, a, b): ...
    def defaulted(self, a, b=1, c=2): ...
    def starred(self, *args): ...
    def keyword(self, a, *, b): ...
    def keyword_defaulted(self, a, *, b=1): ...
    def only(self, a, /, b): ...
    def everything(self, a, *rest, b=1, **more): ...

    for function in (positional, defaulted, starred, keyword, keyword_defaulted, only, everything):
        for count in range(5):
            try:
                inspect.signature(function).bind(*[None] * count)
            except TypeError:
                binds = False
            else:
                binds = True
            assert _takes(function, count) == binds, (function.__name__, count)


def test_the_built_in_plugins_contributions_pass_the_checks_start_up_leaves_out():
    # Every plugin's contributions are checked as they are collected, except servicekit's
    # own, which only change with servicekit: they are checked here instead (and a check
    # that reads a record again gives it back unchanged, so leaving it out changes nothing).
    from servicekit.model.contributions import AddOnType, Exporter, Modality, RuleType
    from servicekit.model.screening import Check, ScreeningRule
    from servicekit.plugins import plugin_manager, registry
    from servicekit.plugins.manager import BUILTIN_PLUGINS
    from servicekit.screening.vocabulary import vocabulary

    manager = plugin_manager(entry_points=False)
    hooks = {
        "servicekit_modalities": ("modality", Modality),
        "servicekit_addon_types": ("addon type", AddOnType),
        "servicekit_rule_types": ("rule type", RuleType),
        "servicekit_screening_rules": ("screening rule", ScreeningRule),
        "servicekit_screening_checks": ("check", Check),
        "servicekit_exporters": ("exporter", Exporter),
    }
    checked = 0
    for hook, (kind, cls) in hooks.items():
        for plugin, results in registry.call_each(manager, hook):
            assert plugin in BUILTIN_PLUGINS, plugin
            for item in results:
                assert isinstance(item, cls)
                assert registry._checked(item, plugin, kind, vocabulary()) == item
                checked += 1
    for plugin, results in registry.call_each(manager, "servicekit_conditions"):
        assert plugin in BUILTIN_PLUGINS, plugin
        for condition in results:
            registry._check_condition(condition, plugin)
            checked += 1
    assert checked > 100  # the rule pack's 73 rules among them


def test_a_built_in_plugins_contribution_that_breaks_the_contract_is_caught_by_that_test():
    # The test above runs the very checks collecting runs for any other plugin.
    from servicekit.errors import PluginError
    from servicekit.model.screening import ScreeningRule, Trigger
    from servicekit.plugins import registry
    from servicekit.screening.vocabulary import vocabulary

    rule = ScreeningRule(
        id="typo", name="Typo", when=Trigger(conditions=("dvtt",)), severity="block",
        scope="session", reason="A typo.", sources=("W",),
    )  # fmt: skip
    with pytest.raises(PluginError, match="unknown condition 'dvtt'"):
        registry._checked(rule, "builtin-screening", "screening rule", vocabulary())


def test_the_classes_a_catalogue_is_read_into_hold_their_types_as_objects():
    # A type written as a string is compiled to resolve it, in every process that reads a
    # catalogue (the loading edge reads each table by its fields' types; plugin collection
    # checks every rule type's). The catalogue's classes, the contributions' and the built-in
    # rule types' hold theirs as objects.
    from servicekit.builtin.rules import RULE_TYPES
    from servicekit.model import catalogue, contributions, document

    classes = [
        value
        for module in (catalogue, contributions, document)
        for value in vars(module).values()
        if attrs.has(value) and value.__module__ == module.__name__
    ]
    classes += [rule_type.params for rule_type in RULE_TYPES]
    built = (catalogue.Rule, catalogue.Catalogue)  # made by building, never read from a file
    written_as_text = [
        f"{cls.__name__}.{name}"
        for cls in classes
        if cls not in built
        for name, annotation in vars(cls).get("__annotations__", {}).items()
        if isinstance(annotation, str)
    ]
    assert len(classes) > 25
    assert written_as_text == []


def test_records_nothing_compares_or_shows_have_no_equality_or_repr(monkeypatch, tmp_path):
    # CatalogueFile and Engines generate no __eq__, __hash__ or __repr__ (each costs start-up
    # a compile): loading, the schema and formatting never make a CatalogueFile, and a
    # catalogue neither compares nor shows its engines.
    from servicekit import load
    from servicekit.canonical import canonical
    from servicekit.model.catalogue import Catalogue
    from servicekit.model.document import CatalogueFile
    from servicekit.plugins import plugin_manager
    from servicekit.schema import catalogue_schema

    def made(*args: object, **kwargs: object) -> None:
        raise AssertionError("a CatalogueFile was made")

    monkeypatch.setattr(CatalogueFile, "__init__", made)
    catalogue = load(CLINIC)
    catalogue_schema(plugin_manager().registry())
    canonical(CLINIC.read_text("utf-8"), source=str(CLINIC))
    engines = attrs.fields(Catalogue)._engines
    assert (engines.eq, engines.repr) == (False, False)
    assert "Engines" not in repr(catalogue)


def _frozen(name: str, **annotations: object) -> type:
    """An attrs class whose annotations are objects (this module's are strings)."""
    return attrs.frozen(type(name, (), {"__annotations__": annotations, "__module__": __name__}))


Floats = _frozen("Floats", rate=float)
Marked = _frozen("Marked", percent=typing.Annotated[int, "a note"])
Ahead = _frozen("Ahead", slots=tuple["Marked", ...])


def test_a_rule_types_parameters_are_judged_as_their_resolved_annotations_judge_them():
    # schema.unsupported_field reads field types written as objects without resolving the
    # class's annotations (its bases' too: the stage protocols'); the answer is the one the
    # resolved annotations give.
    from servicekit.builtin.rules import RULE_TYPES
    from servicekit.schema import _Generator, unsupported_field

    def by_resolved_annotations(cls: type) -> str | None:
        hints = typing.get_type_hints(cls)
        for field in attrs.fields(cls):
            try:
                _Generator().schema(hints[field.name])
            except TypeError:
                kind = hints[field.name]
                return f"parameter '{field.name}' has type {kind!r}, which a catalogue cannot hold"
        return None

    classes = [rule_type.params for rule_type in RULE_TYPES] + [Floats, Marked, Ahead]
    judged = [unsupported_field(cls) for cls in classes]
    assert judged == [by_resolved_annotations(cls) for cls in classes]
    assert judged[-3:] == [
        "parameter 'rate' has type <class 'float'>, which a catalogue cannot hold",
        None,
        None,
    ]


def test_every_built_in_rule_type_has_its_own_equality_and_repr_over_its_bases():
    # Discount and Plan are bases, never made, with no equality or repr of their own (each
    # costs start-up a compile): every rule type generates its own, over all its fields.
    from servicekit.builtin.rules import RULE_TYPES, Discount, Plan

    for rule_type in RULE_TYPES:
        cls = rule_type.params
        assert {"__eq__", "__hash__", "__repr__"} <= set(vars(cls)), cls.__name__
    assert not any(rule_type.params in (Discount, Plan) for rule_type in RULE_TYPES)
    percent_off = next(t.params for t in RULE_TYPES if t.name == "percent-off")
    one, same, other = percent_off(percent=10), percent_off(percent=10), percent_off(percent=15)
    assert one == same
    assert hash(one) == hash(same)
    assert one != other
    assert repr(one).startswith("PercentOff(scope='line', exclusive=True, combines_with=(), ")


def collector_seen(args: list[str], *patched: str, enabled: bool = True) -> dict:
    """A fresh `servicekit ARGS` process (its collector `enabled` or not, as its caller left
    it): whether the cyclic garbage collector ran, and how many objects it held frozen, each
    time one of the `patched` functions (module:name or module:Class.name) was called, and
    once `main` returned."""
    code = "import gc, importlib, json\nseen = {}\n" + ("" if enabled else "gc.disable()\n")
    for name in patched:
        module, function = name.split(":")
        owner, _, attribute = f"importlib.import_module({module!r}).{function}".rpartition(".")
        code += (
            f"def spy(*args, real={owner}.{attribute}, **kwargs):\n"
            f"    seen.setdefault({name!r}, []).append([gc.isenabled(), gc.get_freeze_count()])\n"
            "    return real(*args, **kwargs)\n"
            f"{owner}.{attribute} = spy\n"
        )
    code += (
        "from servicekit.cli import main\n"
        "try:\n"
        f"    main({args!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "after = [gc.isenabled(), gc.get_freeze_count()]\n"
        "print(json.dumps({'seen': seen, 'after': after}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.splitlines()[-1])


def test_check_builds_with_the_collector_paused_and_leaves_it_running_with_that_frozen():
    seen = collector_seen(["check", str(CLINIC), str(CLINIC)], "servicekit.checking:check")
    # The first catalogue is start-up; the second is checked with the collector running (what
    # start-up made frozen: left out of its walks), as is everything check prints.
    first, second = seen["seen"]["servicekit.checking:check"]
    assert first == [False, 0]
    assert second[0] is True
    assert second[1] > 0
    assert seen["after"][0] is True


def test_a_command_that_builds_a_catalogue_does_its_work_with_the_collector_running():
    loads, quotes = "servicekit:load", "servicekit.model.catalogue:Catalogue.quote"
    seen = collector_seen(["quote", str(CLINIC), "swedish", "--duration", "60"], loads, quotes)
    assert seen["seen"][loads] == [[False, 0]]
    [(enabled, frozen)] = seen["seen"][quotes]
    assert enabled is True
    assert frozen > 0
    assert seen["after"][0] is True


def test_other_commands_do_their_work_with_the_collector_as_it_was():
    # serve, square, plugins, …: paused only while click and the command are imported.
    collected = "servicekit.plugins:plugin_manager_from_env"
    for args in (["plugins"], ["conditions"]):
        seen = collector_seen(args, collected)
        assert seen == {"seen": {collected: [[True, 0]]}, "after": [True, 0]}, args


def test_main_leaves_a_callers_disabled_collector_disabled():
    for args in (["check", str(CLINIC)], ["quote", str(CLINIC), "swedish"], ["--version"]):
        seen = collector_seen(args, "servicekit:load", enabled=False)
        assert seen["after"][0] is False, args
        assert all(enabled is False for enabled, _ in seen["seen"].get("servicekit:load", []))


def test_check_reads_its_paths_without_pathlib():
    # pathlib brings urllib.parse and ipaddress: check reads the catalogue, finds Babel's
    # locale data, its messages and a Square state beside the catalogue by os.path. A Path is
    # made where a path is written, or found to be a directory or unreadable.
    found = imported_by(["check", str(CLINIC)], ("pathlib", "urllib.parse", "ipaddress"))
    assert found == []


def test_the_records_building_makes_for_itself_generate_no_methods():
    # attrs compiles an __init__, __eq__, __hash__ and __repr__ for each class, in every
    # process that reads a catalogue. What building makes for itself and reads field by field
    # (nothing compares or shows it) is a plain class with slots; the compiled pricing records
    # (which building evolves) are attrs classes without a repr.
    from servicekit.checking import CheckReport, check
    from servicekit.loading.converter import Converter
    from servicekit.loading.reading import Document
    from servicekit.loading.scalars import Scalar
    from servicekit.model.engines import Engines
    from servicekit.model.vocabulary import Extension, Unreadable
    from servicekit.pricing import compiled as pricing
    from servicekit.pricing.conditions import Site, WrittenWhen
    from servicekit.screening import compiled as screening

    plain = (
        CheckReport, Converter, Document, Scalar, Engines, Extension, Unreadable, Site,
        WrittenWhen, pricing.CompiledTax, screening.CompiledRule, screening.ServiceGroup,
        screening.SpecialtyWords, screening.CatalogueIndex, screening.CompiledScreening,
    )  # fmt: skip
    assert [cls.__name__ for cls in plain if attrs.has(cls) or "__slots__" not in vars(cls)] == []
    unshown = (pricing.Targets, pricing.TaxTargets, pricing.CompiledRule)
    assert [cls.__name__ for cls in unshown if "__repr__" in vars(cls)] == []
    # TaxTargets adds no field: it has Targets' methods, not generated ones of its own.
    assert not {"__init__", "__eq__", "__hash__"} & set(vars(pricing.TaxTargets))

    report = check(CLINIC)
    assert report.ok
    catalogue = report.catalogue
    assert catalogue is not None
    assert not hasattr(catalogue._engines, "__dict__")
    assert catalogue._screening.index.group_of["swedish"].services[0] == "swedish"
    assert catalogue._screening.index is not catalogue._screening.indexed(catalogue).index


def test_reading_a_table_resolves_a_classs_annotations_only_when_one_is_written_as_text():
    # typing.get_type_hints rebuilds every annotation it is given: the loading edge asks for
    # it only for a class with a type written as a string, anywhere within a field's type.
    from collections.abc import Callable, Mapping

    from servicekit.loading.converter import _written_as_text
    from servicekit.model.catalogue import Service  # what the names below are written for

    as_text = (
        "Service", tuple["Service", ...], typing.Optional["Service"], Mapping[str, "Service"],
        Callable[["Service"], int], typing.Annotated["Service", "a note"],
    )  # fmt: skip
    as_objects = (
        int, int | None, tuple[int, ...], typing.Literal["a", "b"],
        typing.Annotated[int, "a note"], Callable[[int], str], Mapping[str, tuple[int, ...]],
    )  # fmt: skip
    assert [_written_as_text(tp) for tp in as_text] == [True] * len(as_text)
    assert [_written_as_text(tp) for tp in as_objects] == [False] * len(as_objects)

    code = (
        "import attrs, json, sys\n"
        "resolved, real = [], attrs.resolve_types\n"
        "def spy(cls, *args, **kwargs):\n"
        "    resolved.append(cls.__name__)\n"
        "    return real(cls, *args, **kwargs)\n"
        "attrs.resolve_types = spy\n"
        "from servicekit.loading.converter import converter_for\n"
        "from servicekit.model.catalogue import Service\n"
        f"service = tomli.loads(open({str(CLINIC)!r}).read())['services']['swedish']\n"
        "read = converter_for('USD').structure({'id': 'swedish', **service}, Service)\n"
        "print(json.dumps([read.name, resolved]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", "import tomli\n" + code], capture_output=True, text=True, check=True
    )
    assert json.loads(done.stdout) == ["Swedish Massage", []]


def test_check_builds_only_the_rule_types_its_catalogue_uses():
    # Each built-in rule type's class is in a module of its own, which the RuleType names by
    # import path: the clinic prices with neither amount-off nor price-ending.
    unused = ("servicekit.builtin.rules.amount_off", "servicekit.builtin.rules.price_ending")
    assert imported_by(["check", str(CLINIC)], unused) == []
    used = ("servicekit.builtin.rules.percent_off", "servicekit.builtin.rules.membership")
    assert imported_by(["check", str(CLINIC)], used) == sorted(used)


def test_every_built_in_rule_type_names_a_class_that_passes_the_contract():
    # servicekit's own rule types are trusted at run time, as their other contributions are
    # (checked above): here each named class is imported and held to the full check.
    from servicekit.builtin.rules import RULE_TYPES
    from servicekit.plugins.rule_types import check_rule_type, resolved

    for rule_type in RULE_TYPES:
        assert rule_type.named is not None, rule_type.name
        found = resolved(rule_type, "builtin-rules", check=True)
        assert found.params.__module__ == rule_type.named.partition(":")[0]
        check_rule_type(found, "builtin-rules")


def test_check_lists_a_plugins_command_without_importing_it():
    # medical-billing adds `billing` as a LazyCommand: its module is imported when it runs.
    assert imported_by(["check", str(CLINIC)], ("servicekit_medical_billing.commands",)) == []


def test_a_modules_function_is_read_for_its_hook_marker_as_pluggy_reads_it():
    # Registering reads a module's plain functions' markers itself (pluggy would find each
    # with inspect.getattr_static first, slow on Python 3.11): the same answer as pluggy's,
    # for every function of every built-in and first-party plugin module, marked or not.
    import importlib
    import types

    import pluggy

    from servicekit.hookspecs import hookimpl
    from servicekit.plugins.manager import BUILTIN_PLUGINS, _marked, _module_function
    from tests.conftest import FIRST_PARTY

    odd = types.ModuleType("odd")

    def wrongly_marked() -> None: ...

    wrongly_marked.servicekit_impl = "not options"  # type: ignore[attr-defined]
    odd.__dict__.update(
        marked=hookimpl(lambda: None),
        tryfirst=hookimpl(tryfirst=True)(lambda: None),
        plain=lambda: None,
        wrongly_marked=wrongly_marked,
        builtin=len,
    )
    modules = [importlib.import_module(module) for module in BUILTIN_PLUGINS.values()]
    modules += [
        importlib.import_module(f"servicekit_{name.replace('-', '_')}") for name in FIRST_PARTY
    ]
    pluggy_itself = pluggy.PluginManager("servicekit")
    read = 0
    for module in [*modules, odd]:
        for name in dir(module):
            function = _module_function(module, name)
            if function is not None:
                assert _marked(function) == pluggy_itself.parse_hookimpl_opts(module, name), name
                read += 1
    assert _module_function(odd, "builtin") is None
    assert read > 20


def test_check_reads_squares_limits_only_for_a_catalogue_synced_to_square(tmp_path):
    limits = ("servicekit.exporting.square.limits",)
    assert imported_by(["check", str(CLINIC)], limits) == []
    synced = tmp_path / "clinic.toml"
    synced.write_text(CLINIC.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "clinic.square-state.json").write_text("{}", encoding="utf-8")
    assert imported_by(["check", str(synced)], limits) == list(limits)


def test_a_distributions_name_is_normalized_as_the_packaging_spec_says():
    # Finding plugins compares the names of the distributions on sys.path without the
    # regular expression the spec writes the rule with: the same names come out.
    import itertools
    import re

    from servicekit.plugins.installed import _normalized

    for size in range(6):
        for name in map("".join, itertools.product("-_.aZ9", repeat=size)):
            assert _normalized(name) == re.sub(r"[-_.]+", "_", name).lower(), name


def test_the_plugins_plumbing_records_generate_no_equality_or_repr():
    # Made on every start-up's path and never compared, hashed or shown: attrs generates no
    # __eq__, __hash__ or __repr__ for them (a Registry's mappings cannot be hashed anyway).
    from servicekit.plugins.installed import EntryPoint
    from servicekit.plugins.registry import Registry
    from servicekit.pricing.contract import Member

    for cls in (Registry, EntryPoint, Member):
        assert "__eq__" not in vars(cls), cls
        assert "__repr__" not in vars(cls), cls
    point = EntryPoint("x", "module:attr")
    assert point != EntryPoint("x", "module:attr")
