"""Shared fixtures: small catalogues written the way a clinic manager writes them."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from servicekit.cli import cli
from servicekit.plugins import PluginManager, plugin_manager

REPO = Path(__file__).resolve().parent.parent
CATALOGUES = sorted((REPO / "catalogues").glob("*.toml"))

CLINIC = """\
format = 1

[clinic]
name = "Test Clinic"
currency = "USD"
locale = "en_US"
timezone = "America/Chicago"

[categories.massage]
name = "Massage"
"""

SWEDISH = """\
[services.swedish]
name = "Swedish"
category = "massage"
modality = "swedish"
variations = [{ duration = 60, price = "95.00" }, { duration = 90, price = "130.00" }]
"""


def catalogue_text(*parts: str, clinic: str = CLINIC) -> str:
    """A catalogue made of the clinic header and the given TOML fragments."""
    return "\n".join([clinic, *(textwrap.dedent(part) for part in parts)])


FIRST_PARTY = ("prenatal", "oncology", "lymphatic", "medical-billing")
"""The first-party plugins under plugins/: the bundled catalogues offer their services."""


def first_party_plugins(modules: tuple[str, ...] = ()) -> PluginManager:
    """A fresh plugin manager with the built-in and first-party plugins, and `modules`."""
    return plugin_manager(entry_points=FIRST_PARTY, modules=modules)


@pytest.fixture(autouse=True)
def _only_first_party_plugins(monkeypatch: pytest.MonkeyPatch) -> None:
    # Core tests see the built-in and first-party plugins, whatever else is installed.
    monkeypatch.setenv("SERVICEKIT_LOAD_PLUGINS", ",".join(FIRST_PARTY))
    monkeypatch.delenv("SERVICEKIT_DISABLE_PLUGINS", raising=False)


@pytest.fixture
def plugins() -> PluginManager:
    """A fresh plugin manager with the built-in and first-party plugins."""
    return first_party_plugins()


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write a catalogue (text or bytes) to a file and return its path."""

    def write(content: str | bytes, name: str = "catalogue.toml") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write


@pytest.fixture
def run() -> Callable[..., Result]:
    """Run the servicekit command line in-process, as a user would from a shell."""

    def run(*args: str | Path, env: dict[str, str] | None = None) -> Result:
        return CliRunner().invoke(cli, [str(arg) for arg in args], env=env, catch_exceptions=True)

    return run


@pytest.fixture
def plugin_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable]:
    """Write an importable plugin module; returns its import name."""
    import sys

    directory = tmp_path / "plugin_modules"
    directory.mkdir()
    monkeypatch.syspath_prepend(str(directory))
    names: list[str] = []

    def make(name: str, source: str) -> str:
        (directory / f"{name}.py").write_text(textwrap.dedent(source), encoding="utf-8")
        names.append(name)
        return name

    yield make
    for name in names:
        sys.modules.pop(name, None)


def run_pytest(directory: Path, target: str) -> subprocess.CompletedProcess[str]:
    """Run pytest on `target` in `directory`, as a plugin author would, its modules importable
    from there and no installed plugin loaded."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(directory), os.environ.get("PYTHONPATH", "")]),
        "SERVICEKIT_LOAD_PLUGINS": "",
    }
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", target],
        cwd=directory,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def assert_user_error(result: Result, *fragments: str, exit_code: int = 1) -> None:
    """The command failed the way a user's mistake should: status, message, no traceback."""
    output = result.output
    assert result.exit_code == exit_code, output
    assert result.exception is None or isinstance(result.exception, SystemExit), output
    assert "Traceback" not in output
    for fragment in fragments:
        assert fragment in output


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Install a fake distribution with entry points in the `servicekit` group."""

    def install(entry_points: dict[str, str], modules: dict[str, str]) -> None:
        site = tmp_path / "site"
        dist = site / "clinic_extras-2.1.0.dist-info"
        dist.mkdir(parents=True)
        (dist / "METADATA").write_text(
            "Metadata-Version: 2.1\nName: clinic-extras\nVersion: 2.1.0\n"
        )
        lines = "\n".join(f"{name} = {target}" for name, target in entry_points.items())
        (dist / "entry_points.txt").write_text(f"[servicekit]\n{lines}\n")
        for name, source in modules.items():
            (site / f"{name}.py").write_text(textwrap.dedent(source))
            monkeypatch.delitem(__import__("sys").modules, name, raising=False)
        monkeypatch.syspath_prepend(str(site))

    return install
