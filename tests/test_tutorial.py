"""docs/writing-a-plugin.md, run as written.

The tutorial's code blocks that start with a file name (`# salt-stones/src/salt_stones/...`)
are the plugin's files; `# <path>, continued` adds to a file shown before. The tests write them
out under a temporary directory and:

- walk the tutorial top to bottom, writing each file where it appears and running each
  `console` block's `$` commands in the plugin's folder (`servicekit ...`, `python -m pytest`,
  `export`, and `pip install .`, which is simulated: no network, no build backend), comparing
  what each prints with the output shown (`...` alone on a line stands for any lines, within a
  line for any text);
- load the plugin with a fresh plugin manager and screen the tutorial's intake, expecting the
  findings the tutorial shows, and what its prose says the pack does for the stones;
- check that the plugin's rules cite the researched rows and source keys they claim.
"""

from __future__ import annotations

import csv
import difflib
import os
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import NamedTuple

import pytest

import servicekit
from servicekit.screening.vocabulary import sources
from tests.conftest import REPO

DOC = REPO / "docs" / "writing-a-plugin.md"
PROJECT = "salt-stones"
MODULE = "salt_stones"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.M | re.S)
FILE_NAME = re.compile(rf"# ({PROJECT}/\S+?)(, continued)?")


class Block(NamedTuple):
    language: str
    text: str
    line: int
    """Where the block starts in the tutorial, for messages."""
    path: str | None = None
    """The file it is, relative to the tutorial's working directory."""
    continued: bool = False


def read_blocks() -> list[Block]:
    text = DOC.read_text(encoding="utf-8")
    blocks = []
    for match in FENCE.finditer(text):
        language, body = match.groups()
        line = text.count("\n", 0, match.start()) + 1
        first, _, rest = body.partition("\n")
        named = FILE_NAME.fullmatch(first)
        if named:
            blocks.append(Block(language, rest, line, named[1], bool(named[2])))
        else:
            blocks.append(Block(language, body, line))
    return blocks


BLOCKS = read_blocks()


def write(block: Block, root: Path) -> None:
    assert block.path is not None
    path = root / block.path
    if block.continued:
        assert path.exists(), f"line {block.line}: continues {block.path}, not shown before"
        path.write_text(path.read_text(encoding="utf-8") + "\n\n" + block.text, "utf-8")
    else:
        assert not path.exists(), f"line {block.line}: {block.path} is shown twice"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(block.text, encoding="utf-8")


def write_all(root: Path) -> Path:
    for block in BLOCKS:
        if block.path:
            write(block, root)
    return root / PROJECT


def commands(block: Block) -> list[tuple[str, list[str]]]:
    """A console block's `$` commands, each with the output shown after it."""
    found: list[tuple[str, list[str]]] = []
    for line in block.text.splitlines():
        if line.startswith("$ "):
            found.append((line[2:], []))
        else:
            assert found, f"line {block.line}: output before any command"
            found[-1][1].append(line)
    return found


def shown_matches(shown: list[str], output: str) -> bool:
    """Whether the output is what the tutorial shows, `...` standing for what it leaves out.

    Trailing spaces and blank lines at the end are not compared.
    """
    pattern = ""
    for line in shown:
        if line.strip() == "...":
            pattern += r"(?:[^\n]*\n)*?"
        else:
            pattern += ".*".join(map(re.escape, line.rstrip().split("..."))) + r"\n"
    lines = [line.rstrip() for line in output.rstrip().splitlines()]  # no trailing blank lines
    return re.fullmatch(pattern, "".join(f"{line}\n" for line in lines)) is not None


class Shell:
    """Runs the tutorial's commands as a reader would, in the plugin's folder.

    Only the plugins the tutorial loads or installs are seen: none of those installed where the
    tests run.
    """

    def __init__(self, tmp_path: Path) -> None:
        self.cwd = tmp_path / PROJECT
        self.site = tmp_path / "site-packages"
        self.env = {
            name: value
            for name, value in os.environ.items()
            if not name.startswith(("SERVICEKIT_", "PYTEST_")) and name != "PYTHONPATH"
        }
        self.env["SERVICEKIT_LOAD_PLUGINS"] = ""
        self.ran: list[str] = []

    def run(self, command: str) -> str:
        words = shlex.split(command)
        self.ran.append(command)
        if words[0] == "export":
            name, _, value = words[1].partition("=")
            self.env[name] = value
            return ""
        if words == ["pip", "install", "."]:
            self.install()
            return ""
        if words[0] == "servicekit":
            argv = [sys.executable, "-m", "servicekit", *words[1:]]
        elif words[:3] == ["python", "-m", "pytest"]:
            argv = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *words[3:]]
        else:
            pytest.fail(f"the tutorial runs `{command}`, which this test cannot run")
        done = subprocess.run(
            argv,
            cwd=self.cwd,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, f"$ {command}\nexit status {done.returncode}\n{done.stdout}"
        return done.stdout

    def install(self) -> None:
        """What `pip install .` leaves that servicekit reads: the package, importable, and the
        distribution's metadata with its entry points (built from pyproject.toml, as the build
        backend would; the tests have no network and no hatchling)."""
        pyproject = tomllib.loads((self.cwd / "pyproject.toml").read_text(encoding="utf-8"))
        project = pyproject["project"]
        for package in pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"]:
            assert (self.cwd / package / "__init__.py").is_file(), package
        name, version = project["name"], project["version"]
        info = self.site / f"{name.replace('-', '_')}-{version}.dist-info"
        info.mkdir(parents=True)
        metadata = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
        (info / "METADATA").write_text(metadata, encoding="utf-8")
        groups = project.get("entry-points", {})
        entry_points = "".join(
            f"[{group}]\n" + "".join(f"{key} = {value}\n" for key, value in points.items())
            for group, points in groups.items()
        )
        (info / "entry_points.txt").write_text(entry_points, encoding="utf-8")
        self.env["PYTHONPATH"] = os.pathsep.join([str(self.site), str(self.cwd / "src")])
        self.env["SERVICEKIT_LOAD_PLUGINS"] = ",".join(groups.get("servicekit", {}))


def test_every_code_block_is_a_file_or_commands():
    for block in BLOCKS:
        assert block.language in ("python", "toml", "console", "text"), block.line
        if block.language in ("python", "toml"):
            assert block.path, f"line {block.line}: a code block the test does not run"
        if block.language == "console":
            assert commands(block), f"line {block.line}: a console block with no command"


def test_the_tutorial_runs_as_written(tmp_path):
    shell = Shell(tmp_path)
    for block in BLOCKS:
        if block.path:
            write(block, tmp_path)
        elif block.language == "console":
            for command, shown in commands(block):
                output = shell.run(command)
                diff = "\n".join(difflib.unified_diff(shown, output.splitlines(), lineterm=""))
                assert shown_matches(shown, output), (
                    f"line {block.line}: `$ {command}` does not print what the tutorial "
                    f"shows:\n{diff}"
                )
    for expected in (
        "servicekit conditions",
        f"servicekit -p {MODULE} plugins",
        f"servicekit -p {MODULE} check catalogue.toml",
        f"servicekit -p {MODULE} screen catalogue.toml",
        "python -m pytest",  # the tutorial's own tests, which must pass
        "pip install .",
    ):
        assert any(command.startswith(expected) for command in shell.ran), expected
    assert shell.ran[-1] == "servicekit plugins", "the tutorial ends listing the installed plugin"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """The tutorial's plugin, written out and importable for as long as the test runs."""
    root = write_all(tmp_path)
    monkeypatch.syspath_prepend(str(root / "src"))
    monkeypatch.chdir(root)
    yield root
    for name in [name for name in sys.modules if name.partition(".")[0] == MODULE]:
        del sys.modules[name]


@pytest.fixture
def catalogue(project):
    plugins = servicekit.plugin_manager(entry_points=False, modules=[MODULE])
    return servicekit.load("catalogue.toml", plugins=plugins)


def shown_screening() -> tuple[list[str], list[str]]:
    """The `servicekit screen` command the tutorial shows (its words after `screen`), and the
    output shown."""
    for block in BLOCKS:
        if block.language == "console":
            for command, shown in commands(block):
                words = shlex.split(command)
                if words[:4] == ["servicekit", "-p", MODULE, "screen"]:
                    return words[4:], shown
    pytest.fail("the tutorial shows no `servicekit screen`")


def test_the_plugin_screens_the_intake_as_the_tutorial_shows(catalogue):
    words, shown = shown_screening()
    catalogue_file, service, *rest = words
    options = dict(zip(rest[::2], rest[1::2], strict=True))
    assert catalogue_file == "catalogue.toml"
    assert len(rest) == 6, words  # --addon, --intake and --at, each given once
    assert sorted(options) == ["--addon", "--at", "--intake"], words
    screening = catalogue.screen(
        options["--intake"], service, addons=[options["--addon"]], at=options["--at"]
    )
    text = "\n".join(shown)
    (verdict,) = re.findall(r"^Verdict: (\w+):", text, re.M)
    assert screening.verdict == verdict.lower()
    findings = re.findall(r"^  \[(\w+)\] ([\w-]+) \(([\w -]+)\)", text, re.M)
    assert [
        (f.severity, f.rule, f"{f.scope} {f.subject}" if f.subject else f.scope)
        for f in screening.findings
    ] == findings
    origins = {finding.rule: finding.origin for finding in screening.findings}
    assert origins["salt-stones-nowhere"] == origins["salt-stones-sunburn"] == MODULE
    assert screening.constraints.remove_addons == ("salt-stones",)
    assert [item.verdict for item in screening.bookable] == ["modify"]


def test_the_packs_heat_rules_apply_to_the_stones_as_the_tutorial_says(catalogue):
    prose = " ".join(DOC.read_text(encoding="utf-8").split())
    assert (
        "left out for a client with diabetic neuropathy, lymphedema or varicose veins, "
        "and kept to mild warmth, never hot, in pregnancy" in prose
    )
    answered = {"medications": [], "allergies": [], "under_physician_care": False}
    for condition in ("diabetic-neuropathy", "lymphedema", "varicose-veins"):
        intake = {"client": {**answered, "conditions": [condition]}}
        screening = catalogue.screen(intake, "swedish", addons=["salt-stones"], at="2026-07-03")
        assert screening.constraints.remove_addons == ("salt-stones",), condition
    pregnant = {
        "client": {**answered, "conditions": []},
        "pregnancy": {"weeks": 24, "high_risk": False},
    }
    screening = catalogue.screen(pregnant, "swedish", addons=["salt-stones"], at="2026-07-03")
    heat = {f.rule: f for f in screening.findings}["pregnancy-heat"]
    assert heat.subject == "salt-stones"
    assert heat.modification.startswith("Mild warmth only, never hot")


def test_the_rules_cite_the_researched_rows_they_name(project):
    import salt_stones

    with (REPO / "docs" / "research" / "contraindications.csv").open(encoding="utf-8") as file:
        rows = {int(row["id"]): row for row in csv.DictReader(file)}
    plugins = servicekit.plugin_manager(entry_points=False, modules=[MODULE])
    registry = plugins.registry()  # collected and checked as servicekit checks any plugin's
    assert registry.addon_types["salt-stones"].properties == {"heat", "region-bound"}
    assert salt_stones.RULES
    for rule in salt_stones.RULES:
        assert registry.screening_rules[rule.id] == rule
        row = rows[rule.row]
        assert "hot stone" in row["affects"], rule.id
        assert rule.sources, rule.id
        assert set(rule.sources) <= set(row["sources"].split(";")), rule.id
        assert set(rule.sources) <= set(sources()), rule.id
        assert rule.tier in row["tier"].split("/"), rule.id
        assert set(rule.when.conditions) <= set(servicekit.vocabulary().conditions), rule.id
