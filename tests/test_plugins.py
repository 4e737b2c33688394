"""Plugins: discovery, blocking, contributions, and plugins that break the contract."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import attrs
import pytest

import servicekit
from servicekit import Modality, hookimpl
from servicekit.errors import PluginError
from servicekit.plugins import plugin_manager
from tests.conftest import FIRST_PARTY, REPO, SWEDISH, assert_user_error, catalogue_text

CLINIC_TOML = REPO / "catalogues" / "therapeutic-clinic.toml"

REFLEXOLOGY = """
from servicekit import Modality, hookimpl

@hookimpl
def servicekit_modalities():
    return Modality(id="reflexology", name="Reflexology", description="Feet.",
                    benefits=("relaxation",), properties=())
"""

REFLEXOLOGY_SERVICE = SWEDISH.replace("swedish", "reflexology")


def test_plugins_lists_the_builtins_with_their_contributions(run, monkeypatch):
    monkeypatch.setenv("SERVICEKIT_LOAD_PLUGINS", "")  # the built-in plugins alone
    result = run("plugins")
    assert result.exit_code == 0
    assert (
        f"builtin-modalities {servicekit.__version__} (builtin: servicekit.builtin.modalities)"
        in result.output
    )
    assert (
        "  rule types: amount-off, bundle, cancellation-fee, deposit, gratuity, membership, "
        "package, percent-off, price-ending, set-price, surcharge"
    ) in result.output
    listed = json.loads(run("plugins", "--format", "json").output)
    by_name = {plugin["name"]: plugin for plugin in listed}
    assert set(by_name) == {
        "builtin-addons",
        "builtin-checks",
        "builtin-exporters",
        "builtin-modalities",
        "builtin-rules",
        "builtin-screening",
    }
    assert len(by_name["builtin-screening"]["contributes"]["screening_rules"]) == 73
    assert by_name["builtin-modalities"]["hooks"] == ["servicekit_modalities"]
    assert by_name["builtin-modalities"]["contributes"]["modalities"][:2] == [
        "assisted-stretching",
        "deep-tissue",
    ]


def test_a_module_loaded_with_p_contributes_a_modality(run, write, plugin_module):
    module = plugin_module("reflexology_plugin", REFLEXOLOGY)
    path = write(catalogue_text(REFLEXOLOGY_SERVICE))
    assert_user_error(run("check", path), "unknown modality 'reflexology'")
    result = run("-p", module, "check", path)
    assert result.exit_code == 0, result.output
    assert "modalities from reflexology_plugin: reflexology" in result.output
    listing = run("-p", module, "plugins").output
    assert "reflexology_plugin (command line: reflexology_plugin)" in listing


def test_p_no_blocks_a_builtin_plugin(run, write):
    path = write(catalogue_text(SWEDISH))
    assert_user_error(
        run("-p", "no:builtin-modalities", "check", path), "unknown modality 'swedish'"
    )
    listed = run("-p", "no:builtin-modalities", "plugins").output
    assert "builtin-modalities (builtin): BLOCKED" in listed
    assert "builtin-modalities 0" not in listed  # not loaded, so no version


def test_the_environment_blocks_plugins_too(run, write):
    rule = '[[rules]]\nid = "x"\ntype = "percent-off"\npercent = 10'
    path = write(catalogue_text(SWEDISH, rule))
    result = run(
        "check", path, env={"SERVICEKIT_DISABLE_PLUGINS": "builtin-rules, builtin-checks"}
    )
    assert_user_error(result, "unknown rule type 'percent-off'")


def test_a_module_that_cannot_be_imported_is_named(run):
    assert_user_error(
        run("-p", "no_such_plugin_module", "plugins"),
        "cannot import plugin module 'no_such_plugin_module'",
    )
    assert run("-p", "no:", "plugins").exit_code == 2


def test_a_module_that_fails_on_import_is_pointed_at_the_failing_line(run, plugin_module):
    module = plugin_module(
        "failing_plugin",
        """
        from servicekit import Policy

        STRICT = Policy(name="strictness", choices="strict", default="strict")
        """,
    )
    assert_user_error(
        run("-p", module, "plugins"),
        "cannot import plugin module 'failing_plugin': ValueError: a policy's choices are a "
        "list of text, not one string",
        "failing_plugin.py:4: fix it there",
    )


def test_entry_point_plugins_load_unless_the_allow_list_leaves_them_out(
    run, write, installed, monkeypatch
):
    installed({"reflexology": "clinic_reflexology"}, {"clinic_reflexology": REFLEXOLOGY})
    path = write(catalogue_text(REFLEXOLOGY_SERVICE))
    monkeypatch.delenv("SERVICEKIT_LOAD_PLUGINS")
    listing = json.loads(run("plugins", "--format", "json").output)
    (plugin,) = [p for p in listing if p["name"] == "reflexology"]
    assert (plugin["version"], plugin["distribution"]) == ("2.1.0", "clinic-extras")
    assert plugin["origin"] == "entry point"
    assert "reflexology 2.1.0 (entry point in clinic-extras)" in run("plugins").output
    assert run("check", path).exit_code == 0
    assert run("check", path, env={"SERVICEKIT_LOAD_PLUGINS": "reflexology"}).exit_code == 0
    assert run("check", path, env={"SERVICEKIT_LOAD_PLUGINS": ""}).exit_code == 1
    assert run("check", path, env={"SERVICEKIT_LOAD_PLUGINS": "other"}).exit_code == 1
    assert run("check", path, env={"SERVICEKIT_DISABLE_PLUGINS": "reflexology"}).exit_code == 1
    assert run("-p", "no:reflexology", "check", path).exit_code == 1


def test_a_broken_installed_plugin_is_named_and_left_out_while_the_rest_work(
    run, write, installed, monkeypatch, tmp_path
):
    installed(
        {"broken": "clinic_broken", "reflexology": "clinic_reflexology"},
        {
            "clinic_broken": "raise ImportError('missing dependency foo')",
            "clinic_reflexology": REFLEXOLOGY,
        },
    )
    monkeypatch.delenv("SERVICEKIT_LOAD_PLUGINS")
    result = run("check", write(catalogue_text(REFLEXOLOGY_SERVICE)))
    assert result.exit_code == 0, result.output
    site = tmp_path / "site"
    assert (
        "warning: plugin 'broken' is broken and was left out: ImportError: missing dependency "
        f"foo at {site / 'clinic_broken.py'}:1 (from clinic-extras 2.1.0)" in result.stderr
    )
    listing = json.loads(run("plugins", "--format", "json").stdout)
    (broken,) = [p for p in listing if p["name"] == "broken"]
    assert broken["broken"].startswith("ImportError: missing dependency foo")
    assert "broken (entry point): BROKEN, left out" in run("plugins").stdout
    assert "is broken" not in run("-p", "no:broken", "plugins").stderr


def test_an_installed_plugin_breaking_the_contract_is_left_out_and_screening_says_so(
    run, installed, monkeypatch
):
    source = "def servicekit_modalitys():\n    return []\n"
    installed({"dupe": "clinic_dupe"}, {"clinic_dupe": source})
    monkeypatch.delenv("SERVICEKIT_LOAD_PLUGINS")
    clinic = REPO / "catalogues" / "day-spa.toml"
    checked = run("check", clinic)
    assert checked.exit_code == 0, checked.output
    assert "implements 'servicekit_modalitys', which is not a servicekit hook" in checked.stderr
    intake = REPO / "catalogues" / "intakes" / "healthy.toml"
    screened = run("screen", clinic, "klassische-massage", "--intake", intake)
    assert screened.exit_code == 5, screened.output
    assert "UNVOLLSTÄNDIG" in screened.stdout  # the German clinic's screening speaks German
    screened = run("screen", clinic, "klassische-massage", "--intake", intake, "--locale", "en")
    assert "INCOMPLETE" in screened.stdout
    assert "plugin 'dupe' is broken and was left out, and it may hold screening rules" in (
        screened.stdout
    )


DUPLICATE_SWEDISH = """
from servicekit import Modality, hookimpl

@hookimpl
def servicekit_modalities():
    return Modality(id="swedish", name="S", description="x", properties=())
"""


def test_an_installed_plugin_taking_an_id_another_has_is_an_error_naming_both(
    run, installed, monkeypatch, write
):
    # Neither definition is chosen (not by name order, not by who loaded first): a catalogue
    # using the id cannot be built, `check` fails for any catalogue, and screening is
    # incomplete; blocking either plugin resolves it.
    installed({"dupe": "clinic_dupe"}, {"clinic_dupe": DUPLICATE_SWEDISH})
    monkeypatch.delenv("SERVICEKIT_LOAD_PLUGINS")
    both = "modality 'swedish' is provided by both 'builtin-modalities' and 'dupe'"
    deep = write(catalogue_text(SWEDISH.replace('"swedish"', '"deep-tissue"')), "deep.toml")
    assert_user_error(run("check", deep), both, "-p no:dupe")  # it uses no swedish modality
    swedish = write(catalogue_text(SWEDISH))
    assert_user_error(run("check", swedish), f"$.services.swedish.modality: {both}")
    intake = REPO / "catalogues" / "intakes" / "healthy.toml"
    screened = run("screen", deep, "swedish", "--intake", intake)
    assert screened.exit_code == 5, screened.output
    assert both in screened.stdout
    listed = run("plugins")
    assert f"  CLASH: {both}: neither is used" in listed.stdout
    assert run("-p", "no:dupe", "check", swedish).exit_code == 0
    assert run("check", swedish, env={"SERVICEKIT_DISABLE_PLUGINS": "dupe"}).exit_code == 0


def test_a_misspelt_hook_fails_at_start_naming_the_plugin(run, plugin_module):
    module = plugin_module(
        "misspelt_plugin",
        """
        def servicekit_modalitys():
            return []
        """,
    )
    assert_user_error(
        run("-p", module, "plugins"),
        "plugin 'misspelt_plugin' implements 'servicekit_modalitys', ",
        "which is not a servicekit hook",
        "did you mean 'servicekit_modalities'?",
    )


def test_a_hook_with_an_unknown_argument_is_refused(run, plugin_module):
    module = plugin_module(
        "badargs_plugin",
        """
        from servicekit import hookimpl

        @hookimpl
        def servicekit_validate_catalogue(catalog):
            return []
        """,
    )
    assert_user_error(
        run("-p", module, "plugins"),
        "plugin 'badargs_plugin' does not fit the plugin contract",
        "catalog",
    )


def test_a_duplicate_contribution_names_both_plugins(run, plugin_module, write):
    module = plugin_module(
        "duplicate_plugin",
        """
        from servicekit import Modality, hookimpl

        @hookimpl
        def servicekit_modalities():
            yield Modality(id="swedish", name="Swedish", description="Again.", properties=())
        """,
    )
    assert_user_error(
        run("-p", module, "check", write(catalogue_text(SWEDISH))),
        "modality 'swedish' is provided by both 'builtin-modalities' and 'duplicate_plugin'",
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "raise RuntimeError('kaboom')",
            "plugin 'raising_plugin' failed in servicekit_modalities: RuntimeError: kaboom",
        ),
        (
            "yield {'id': 'x'}",
            "plugin 'raising_plugin' returned dict from servicekit_modalities; "
            "it must return Modality records",
        ),
        (
            "yield 1 / 0",
            "plugin 'raising_plugin' failed in servicekit_modalities: ZeroDivisionError",
        ),
    ],
)
def test_a_plugin_that_breaks_is_reported_by_name(run, plugin_module, write, body, message):
    module = plugin_module(
        "raising_plugin",
        f"""
        from servicekit import hookimpl

        @hookimpl
        def servicekit_modalities():
            {body}
        """,
    )
    assert_user_error(run("-p", module, "check", write(catalogue_text(SWEDISH))), message)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("raise SystemExit(0)", "it tried to end the process (sys.exit(0))"),
        ("import sys; sys.exit('bye')", "it tried to end the process (sys.exit('bye'))"),
        ("raise GeneratorExit", "GeneratorExit"),
        (
            "class Stop(BaseException): pass\n            raise Stop('custom')",
            "Stop: custom",
        ),
    ],
)
def test_a_hook_that_tries_to_end_the_process_is_a_broken_plugin(
    run, plugin_module, write, body, message
):
    module = plugin_module(
        "exiting_plugin",
        f"""
        from servicekit import hookimpl

        @hookimpl
        def servicekit_modalities():
            {body}
        """,
    )
    result = run("-p", module, "check", write(catalogue_text(SWEDISH)))
    assert_user_error(
        result,
        f"plugin 'exiting_plugin' failed in servicekit_modalities: {message}",
        "exiting_plugin.py:",
    )


def test_a_module_that_exits_on_import_is_named_not_obeyed(run, plugin_module):
    module = plugin_module("exiting_module", "import sys\nsys.exit(0)\n")
    assert_user_error(
        run("-p", module, "plugins"),
        "cannot import plugin module 'exiting_module': it tried to end the process (sys.exit(0))",
        "exiting_module.py:2: fix it there",
    )


def test_os_exit_in_a_plugin_does_not_end_the_process(tmp_path):
    # In a child process: were the guard to fail, it would end the test run itself.
    (tmp_path / "hard_exit.py").write_text(
        textwrap.dedent(
            """
            import os
            from servicekit import hookimpl

            @hookimpl
            def servicekit_modalities():
                os._exit(0)
            """
        ),
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "servicekit", "-p", "hard_exit", "check", str(CLINIC_TOML)],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
    )
    assert done.returncode == 1, done.stderr
    assert (
        "plugin 'hard_exit' failed in servicekit_modalities: it tried to end the process "
        "(os._exit(0))" in done.stderr
    )
    assert "Traceback" not in done.stderr


def test_an_installed_plugin_that_exits_on_import_cannot_clear_a_screening(
    run, installed, monkeypatch
):
    installed({"quitter": "clinic_quitter"}, {"clinic_quitter": "import sys\nsys.exit(0)\n"})
    monkeypatch.setenv("SERVICEKIT_LOAD_PLUGINS", ",".join(["quitter", *FIRST_PARTY]))
    intake = REPO / "catalogues" / "intakes" / "recent-surgery.json"
    result = run("screen", CLINIC_TOML, "swedish", "--intake", intake, "--at", "2026-12-04")
    assert result.exit_code == 5, result.output
    assert "plugin 'quitter' is broken and was left out: it tried to end the process" in (
        result.stderr
    )


def test_a_validation_hook_can_warn_or_fail_a_catalogue(run, plugin_module, write):
    module = plugin_module(
        "policy_plugin",
        """
        from servicekit import Problem, hookimpl

        @hookimpl
        def servicekit_validate_catalogue(catalogue):
            for service in catalogue.services.values():
                if service.variation(30) is None:
                    yield Problem(("services", service.id), "has no 30-minute option",
                                  severity="warning")
                if not service.requires:
                    yield Problem(("services", service.id), "names no credential",
                                  "add requires = [...]")
        """,
    )
    result = run("-p", module, "check", write(catalogue_text(SWEDISH)))
    assert_user_error(
        result, ":12: $.services.swedish: names no credential (add requires = [...])"
    )


def test_a_plugin_command_runs_and_is_listed(run, plugin_module):
    module = plugin_module(
        "hello_plugin",
        """
        import click
        from servicekit import hookimpl

        @hookimpl
        def servicekit_register_commands(cli):
            @cli.command()
            @click.argument("name")
            def hello(name):
                "Say hello."
                click.echo(f"hello {name}")
        """,
    )
    result = run("-p", module, "hello", "clinic")
    assert (result.exit_code, result.output) == (0, "hello clinic\n")
    assert "  commands: hello" in run("-p", module, "plugins").output
    assert run("hello", "clinic").exit_code == 2


def test_a_plugin_rule_type_is_validated_and_in_the_schema(run, plugin_module, write):
    module = plugin_module(
        "student_plugin",
        """
        import attrs
        from servicekit import RuleType, hookimpl
        from servicekit.model.fields import Percent

        @attrs.frozen
        class StudentPrice:
            percent: Percent
            stage = "line-discount"
            exclusive, combines_with, percentage = True, (), True

            def discount(self, amount, line, context):
                return context.money(amount.amount * self.percent / 100)

        @hookimpl
        def servicekit_rule_types():
            return RuleType(name="student-price", params=StudentPrice, summary="Students.")
        """,
    )
    rule = '[[rules]]\nid = "students"\ntype = "student-price"\npercent = "150"'
    result = run("-p", module, "check", write(catalogue_text(SWEDISH, rule)))
    assert_user_error(result, "$.rules[0].percent: 150 is not a percentage from 0 to 100")
    schema = json.loads(run("-p", module, "schema", "catalogue").output)
    branches = schema["properties"]["rules"]["items"]["allOf"]
    assert {"if": {"properties": {"type": {"const": "student-price"}}, "required": ["type"]}} in [
        {"if": branch["if"]} for branch in branches
    ]


def test_contributions_are_collected_once_per_manager_not_per_build():
    calls = []

    class Counting:
        @hookimpl
        def servicekit_modalities(self):
            calls.append(1)
            return Modality(
                id="reflexology", name="Reflexology", description="Feet.", properties=()
            )

    manager = plugin_manager(entry_points=False)
    manager.register(Counting(), name="counting")
    text = catalogue_text(REFLEXOLOGY_SERVICE)
    for _ in range(3):
        servicekit.loads(text, plugins=manager)
    assert calls == [1]
    manager.register(attrs.make_class("Empty", {})(), name="empty")
    servicekit.loads(text, plugins=manager)
    assert calls == [1, 1]
    manager.unregister(name="counting")
    with pytest.raises(servicekit.CatalogueError, match="unknown modality 'reflexology'"):
        servicekit.loads(text, plugins=manager)


def test_each_factory_call_builds_an_independent_manager():
    first, second = plugin_manager(entry_points=False), plugin_manager(entry_points=False)
    first.set_blocked("builtin-rules")
    first.unregister(name="builtin-rules")
    assert "percent-off" not in first.registry().rule_types
    assert "percent-off" in second.registry().rule_types


def test_plugin_errors_from_python_are_plugin_errors():
    class Raising:
        @hookimpl
        def servicekit_rule_types(self):
            raise ValueError("bad")

    manager = plugin_manager(entry_points=False)
    manager.register(Raising(), name="raising")
    with pytest.raises(PluginError, match="plugin 'raising' failed in servicekit_rule_types"):
        manager.registry()


def test_loading_the_same_module_twice_is_harmless(run, plugin_module):
    module = plugin_module("twice_plugin", REFLEXOLOGY)
    assert run("-p", module, "-p", module, "plugins").exit_code == 0
    assert run("-p", "servicekit.builtin.rules", "plugins").exit_code == 0


def test_an_installed_plugin_also_given_with_p_is_loaded_once(run, installed, monkeypatch):
    installed({"reflexology": "clinic_reflexology"}, {"clinic_reflexology": REFLEXOLOGY})
    monkeypatch.delenv("SERVICEKIT_LOAD_PLUGINS")
    result = run("-p", "clinic_reflexology", "plugins", "--format", "json")
    assert result.exit_code == 0, result.output
    listing = json.loads(result.output)
    names = [plugin["name"] for plugin in listing]
    assert names.count("reflexology") == 1
    assert "clinic_reflexology" not in names
    (plugin,) = [p for p in listing if p["name"] == "reflexology"]
    assert (plugin["version"], plugin["distribution"]) == ("2.1.0", "clinic-extras")


def test_two_plugins_cannot_share_a_name():
    manager = plugin_manager(entry_points=False)
    with pytest.raises(PluginError, match="a plugin named 'builtin-rules' is already registered"):
        manager.register(attrs.make_class("Other", {})(), name="builtin-rules")


def test_a_misspelt_hook_registered_from_python_is_refused():
    class Misspelt:
        @hookimpl
        def servicekit_modalites(self):
            return []

    manager = plugin_manager(entry_points=False)
    with pytest.raises(PluginError, match="did you mean 'servicekit_modalities'"):
        manager.register(Misspelt(), name="misspelt")
    assert not manager.has_plugin("misspelt")


def test_an_attribute_that_is_not_a_function_is_not_taken_for_a_hook(run, plugin_module):
    module = plugin_module(
        "versioned_plugin",
        """
        servicekit_version = "1.0"

        def servicekit_modalitys():
            return []
        """,
    )
    assert_user_error(run("-p", module, "plugins"), "implements 'servicekit_modalitys'")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "return RuleType(name='weird', params=dict, summary='x')",
            "contributed rule type 'weird', whose params <class 'dict'> is not an attrs class",
        ),
        (
            "return RuleType(name='weird', params=Floaty, summary='x')",
            "parameter 'x' has type <class 'float'>, which a catalogue cannot hold",
        ),
        (
            "return RuleType(name='weird', params=Clashing, summary='x')",
            "whose parameter 'when' clashes with a key every rule has",
        ),
        (
            "return RuleType(name='Weird Type', params=Floaty, summary='x')",
            "whose name is not a valid id",
        ),
    ],
)
def test_a_rule_type_a_catalogue_cannot_use_is_refused_at_start(
    run, plugin_module, write, body, message
):
    module = plugin_module(
        "weird_rules",
        f"""
        import attrs
        from servicekit import RuleType, hookimpl

        @attrs.frozen
        class Floaty:
            x: float

        @attrs.frozen
        class Clashing:
            when: int

        @hookimpl
        def servicekit_rule_types():
            {body}
        """,
    )
    assert_user_error(run("-p", module, "check", write(catalogue_text(SWEDISH))), message)
    assert_user_error(run("-p", module, "schema", "catalogue"), message)


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ("Modality(id='Bad Id!', name='X', description='x')", "invalid modality 'Bad Id!': $.id"),
        ("Modality(id='x', name='', description='x')", "$.name: a name cannot be empty"),
        (
            "Modality(id='x', name='X', description='x', benefits=('flying',))",
            '$.benefits[0]: a string ("flying") is not one of',
        ),
    ],
)
def test_a_malformed_contribution_is_refused_with_the_plugin_named(
    run, plugin_module, record, message
):
    module = plugin_module(
        "malformed_plugin",
        f"""
        from servicekit import Modality, hookimpl

        @hookimpl
        def servicekit_modalities():
            return {record}
        """,
    )
    assert_user_error(
        run("-p", module, "plugins"), "plugin 'malformed_plugin' contributed", message
    )


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ("Check(id='Near Term', description='x', run=run)", "whose id 'Near Term' is not a valid"),
        ("Check(id='near', description='', run=run)", "check 'near' with no description"),
        ("Check(id='near', description='x', run=None)", "check 'near' with no run()"),
        ("Check(id='near', description='x', run=run, policies=('x',))", "not Policy records"),
        (
            "Check(id='near', description='x', run=run, "
            "policies=(Policy(name='p', choices='ab', default='a'),))",
            "a policy's choices are a list of text, not one string",
        ),
        (
            "Check(id='near', description='x', run=run, "
            "policies=(Policy(name='p', choices=('a', 'a'), default='a'),))",
            "policy 'p' lists a choice twice",
        ),
        (
            "Check(id='near', description='x', run=run, "
            "policies=(Policy(name='p', choices=(), default='a'),))",
            "policy 'p' has no choices",
        ),
    ],
)
def test_a_malformed_check_is_refused_with_the_plugin_named(run, plugin_module, record, message):
    module = plugin_module(
        "malformed_check",
        f"""
        from servicekit import Check, Policy, hookimpl

        def run(situation):
            return None

        @hookimpl
        def servicekit_screening_checks():
            return {record}
        """,
    )
    assert_user_error(run("-p", module, "plugins"), "malformed_check", message)


def test_a_contributed_modality_is_stored_immutably():
    class Listy:
        @hookimpl
        def servicekit_modalities(self):
            return Modality(
                id="listy", name="Listy", description="x", techniques=["a"], properties=[]
            )

    manager = plugin_manager(entry_points=False)
    manager.register(Listy(), name="listy")
    assert manager.registry().modalities["listy"].techniques == ("a",)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "yield Problem(('services',), 'x', severity='fatal')",
            "failed in servicekit_validate_catalogue: ValueError",
        ),
        ("yield Problem('services.swedish', 'x')", "a problem's path is a tuple of keys"),
        ("return {'message': 'x'}", "returned dict from servicekit_validate_catalogue"),
    ],
)
def test_a_validator_returning_nonsense_is_named(run, plugin_module, write, body, message):
    module = plugin_module(
        "nonsense_plugin",
        f"""
        from servicekit import Problem, hookimpl

        @hookimpl
        def servicekit_validate_catalogue(catalogue):
            {body}
        """,
    )
    assert_user_error(run("-p", module, "check", write(catalogue_text(SWEDISH))), message)


def test_a_plugin_command_may_not_take_a_builtin_name(run, plugin_module):
    module = plugin_module(
        "shadow_plugin",
        """
        from servicekit import hookimpl

        @hookimpl
        def servicekit_register_commands(cli):
            @cli.command()
            def check():
                pass
        """,
    )
    assert_user_error(
        run("-p", module, "plugins"),
        "plugin 'shadow_plugin' adds a command 'check', which servicekit already has",
    )


def test_names_that_match_no_plugin_are_reported(run, installed, monkeypatch):
    installed({"reflexology": "clinic_reflexology"}, {"clinic_reflexology": REFLEXOLOGY})
    monkeypatch.delenv("SERVICEKIT_LOAD_PLUGINS")
    result = run(
        "-p", "no:reflexolgy", "plugins", env={"SERVICEKIT_LOAD_PLUGINS": "reflexology,typo"}
    )
    assert result.exit_code == 0
    assert "warning: plugin 'typo' is allowed, but no such plugin is installed" in result.stderr
    assert (
        "warning: plugin 'reflexolgy' is blocked, but there is no plugin of that name"
        in result.stderr
    )


def test_an_entry_point_may_not_take_a_builtin_name(run, installed, monkeypatch):
    installed({"builtin-rules": "clinic_reflexology"}, {"clinic_reflexology": REFLEXOLOGY})
    monkeypatch.delenv("SERVICEKIT_LOAD_PLUGINS")
    assert_user_error(
        run("plugins"), "plugin 'builtin-rules' from clinic-extras 2.1.0 takes the name"
    )


def test_a_first_party_plugin_not_installed_is_named_with_how_to_install_it(
    run, write, monkeypatch
):
    from importlib import metadata

    monkeypatch.setattr(metadata, "entry_points", lambda **_: metadata.EntryPoints(()))
    service = SWEDISH.replace('modality = "swedish"', 'modality = "prenatal"')
    assert_user_error(
        run("check", write(catalogue_text(service))),
        "unknown modality 'prenatal' (it comes with the plugin servicekit-prenatal; install it",
        "`pip install ./plugins/servicekit-prenatal`",
    )


def test_a_blocked_first_party_plugin_is_not_taken_for_a_missing_one(run):
    result = run(
        "-p", "no:medical-billing", "check", REPO / "catalogues" / "therapeutic-clinic.toml"
    )
    assert result.exit_code == 0, result.output
    assert (
        "settings for plugin 'medical-billing', which is not loaded (servicekit-medical-billing "
        "is installed but not loaded: -p no:medical-billing," in result.output
    )


def test_a_first_party_command_whose_plugin_is_not_loaded_says_which_plugin_adds_it(run):
    result = run("-p", "no:medical-billing", "billing", "units", "30")
    assert result.exit_code == 2, result.output
    assert "No such command 'billing': servicekit-medical-billing is installed but not" in (
        result.output
    )


def test_a_module_attribute_registering_leaves_unasked_is_none_pluggy_would_take_for_a_hook():
    # Registering a module asks pluggy about its functions (and static, class and bound
    # methods) only: whatever else a module holds, pluggy would not take for a hook either.
    import functools
    import importlib
    import types

    import pluggy

    from servicekit.plugins.manager import BUILTIN_PLUGINS, _not_hookable

    odd = types.ModuleType("odd")
    marked = hookimpl(lambda: None)
    odd.__dict__.update(
        function=marked,
        static=staticmethod(marked),
        classy=classmethod(marked),
        bound=types.MethodType(marked, object()),
        partial=functools.partial(marked),
        cls=type("Hooky", (), {"servicekit_modalities": marked}),
        callable_object=types.SimpleNamespace(servicekit_impl={}, __call__=marked),
        number=3,
        __annotations__={"x": int},
    )
    modules = [importlib.import_module(module) for module in BUILTIN_PLUGINS.values()]
    modules += [
        importlib.import_module(f"servicekit_{name.replace('-', '_')}") for name in FIRST_PARTY
    ]
    pluggy_itself = pluggy.PluginManager("servicekit")
    asked = 0
    for module in [*modules, odd]:
        for name in dir(module):
            if _not_hookable(module, name):
                assert pluggy_itself.parse_hookimpl_opts(module, name) is None, name
            else:
                asked += 1
    assert not any(_not_hookable(odd, name) for name in ("function", "static", "classy", "bound"))
    assert asked < 100  # of some hundreds of names
