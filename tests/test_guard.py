"""A plugin's check cannot end the process, hang a screening or pass for "all clear": whatever it
does, the screening is incomplete, naming the check and the line it failed on."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading

import pytest

import servicekit
from servicekit.screening import guard
from tests.conftest import REPO, first_party_plugins

CLINIC_TOML = REPO / "catalogues" / "therapeutic-clinic.toml"
HEALTHY = REPO / "catalogues" / "intakes" / "healthy.toml"
DAY = "2026-12-04"


def check_module(plugin_module, name: str, body: str) -> str:
    return plugin_module(
        name,
        "import os, sys, time\nfrom servicekit import Check, Finding, hookimpl\n\n\n"
        "class Custom(BaseException):\n    pass\n\n\n"
        f"def odd(situation):\n{textwrap.indent(textwrap.dedent(body), '    ')}\n\n\n"
        "@hookimpl\ndef servicekit_screening_checks():\n"
        "    return Check(id='odd', description='Odd.', run=odd)\n",
    )


@pytest.mark.parametrize(
    ("body", "shown"),
    [
        ("raise RuntimeError('no data')", "failed: RuntimeError: no data at "),
        ("sys.exit(0)", "failed: it tried to end the process (sys.exit(0)) at "),
        ("raise GeneratorExit()", "failed: GeneratorExit:  at "),
        ("raise Custom('mine')", "failed: Custom: mine at "),
        ("yield from iter(int, 1)", "it returned int, not Finding"),
        (
            "while True:\n    yield Finding(rule='x', severity='caution', scope='session', "
            "reason='r')",
            "it returned more than 1000 findings; is it yielding for ever?",
        ),
    ],
)
def test_whatever_a_check_raises_the_screening_is_incomplete_naming_it(
    run, plugin_module, body, shown
):
    module = check_module(plugin_module, "odd_check", body)
    result = run("-p", module, "screen", CLINIC_TOML, "swedish", "--intake", HEALTHY, "--at", DAY)
    assert result.exit_code == 5, result.output
    assert "Traceback" not in result.output
    assert "check 'odd' from plugin 'odd_check' " in result.output
    assert shown in result.output
    if shown.endswith(" at "):
        # The line of the plugin's own code, for its author to fix.
        assert "odd_check.py:10\n" in result.output


def test_a_keyboard_interrupt_is_the_users_and_goes_through(plugin_module):
    module = check_module(plugin_module, "interrupting", "raise KeyboardInterrupt")
    catalogue = servicekit.load(CLINIC_TOML, plugins=first_party_plugins(modules=(module,)))
    with pytest.raises(KeyboardInterrupt):
        catalogue.screen(HEALTHY, "swedish", at=DAY)


def test_a_check_that_ends_the_process_is_stopped(tmp_path):
    # In a process of its own: if the guard failed, the process would end, as a user's would.
    (tmp_path / "exiting.py").write_text(
        textwrap.dedent(
            """
            import os
            from servicekit import Check, hookimpl

            def leave(situation):
                os._exit(0)

            @hookimpl
            def servicekit_screening_checks():
                return Check(id="leave", description="Leaves.", run=leave)
            """
        )
    )
    result = subprocess.run(
        [sys.executable, "-m", "servicekit", "-p", "exiting", "screen", str(CLINIC_TOML),
         "swedish", "--intake", str(HEALTHY), "--at", DAY],
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )  # fmt: skip
    assert result.returncode == 5, result.stdout + result.stderr
    assert (
        "check 'leave' from plugin 'exiting' failed: it tried to end the process (os._exit(0))"
    ) in result.stdout
    assert "Services for this client" in result.stdout  # the command went on to the end


@pytest.fixture
def quick(monkeypatch):
    """A time limit short enough to wait for in a test."""
    monkeypatch.setattr(guard, "TIME_LIMIT", 0.3)


@pytest.mark.parametrize(
    "body",
    [
        "while True:\n    pass",
        "time.sleep(3600)",
        "while True:\n    try:\n        time.sleep(3600)\n    except Exception:\n        pass",
    ],
)
def test_a_check_past_the_time_limit_is_stopped_in_the_main_thread(
    run, plugin_module, quick, body
):
    module = check_module(plugin_module, "slow_check", body)
    result = run("-p", module, "screen", CLINIC_TOML, "swedish", "--intake", HEALTHY, "--at", DAY)
    assert result.exit_code == 5, result.output
    assert "check 'odd' from plugin 'slow_check' ran past the 0.3 s limit and was stopped" in (
        result.output
    )


def test_a_check_past_the_time_limit_is_stopped_in_a_worker_thread(plugin_module, quick):
    # As the HTTP server screens: from a thread of its own.
    module = check_module(plugin_module, "looping", "while True:\n    pass")
    catalogue = servicekit.load(CLINIC_TOML, plugins=first_party_plugins(modules=(module,)))
    screened = []
    worker = threading.Thread(
        target=lambda: screened.append(catalogue.screen(HEALTHY, "swedish", at=DAY))
    )
    worker.start()
    worker.join(timeout=30)
    assert not worker.is_alive()
    (screening,) = screened
    assert screening.verdict == "incomplete"
    assert "ran past the 0.3 s limit" in screening.incomplete[-1]


def test_a_check_that_returns_in_time_is_not_stopped_afterwards(plugin_module, quick):
    # An interruption that comes as a check returns is taken back, never raised elsewhere.
    module = check_module(plugin_module, "nearly", "time.sleep(0.25)")
    catalogue = servicekit.load(CLINIC_TOML, plugins=first_party_plugins(modules=(module,)))
    for _ in range(3):
        assert catalogue.screen(HEALTHY, "swedish", at=DAY).verdict in ("clear", "incomplete")
    assert catalogue.screen(HEALTHY, "swedish", at=DAY).bookable


def test_a_plugins_own_tests_can_see_the_exception(plugin_module, reraise_check_errors):
    module = check_module(plugin_module, "raising", "raise RuntimeError('no data')")
    catalogue = servicekit.load(CLINIC_TOML, plugins=first_party_plugins(modules=(module,)))
    with pytest.raises(RuntimeError, match="no data"):
        catalogue.screen(HEALTHY, "swedish", at=DAY)


def test_pytest_can_reraise_for_every_test(tmp_path):
    (tmp_path / "raising_check.py").write_text(
        "from servicekit import Check, hookimpl\n\n"
        "def boom(situation):\n    raise RuntimeError('no data')\n\n"
        "@hookimpl\ndef servicekit_screening_checks():\n"
        "    return Check(id='boom', description='Boom.', run=boom)\n"
    )
    (tmp_path / "test_raising.py").write_text(
        "import pytest\n\npytestmark = pytest.mark.servicekit_plugins('raising_check')\n\n"
        "def test_screen(make_catalogue, client_intake):\n"
        "    catalogue = make_catalogue(services={'swedish': {'modality': 'swedish'}})\n"
        "    catalogue.screen(client_intake(), 'swedish', at='2026-12-04')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "SERVICEKIT_LOAD_PLUGINS": ""}

    def pytest_run(*options: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *options]
        return subprocess.run(
            [*command, str(tmp_path)],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    assert pytest_run().returncode == 0  # incomplete, not an error: the test did not look
    reraised = pytest_run("--servicekit-reraise")
    assert reraised.returncode == 1
    assert "RuntimeError: no data" in reraised.stdout
    assert "raising_check.py:4" in reraised.stdout
