"""The house's floors: the model on the ground floor imports nothing built on it, and no module
reaches into another's private names."""

from __future__ import annotations

import ast
from pathlib import Path

import attrs
import pytest

import servicekit
from servicekit.model.engines import Engines
from tests.conftest import REPO, SWEDISH, catalogue_text

SOURCE = REPO / "src" / "servicekit"
ABOVE_THE_MODEL = (
    "servicekit.pricing",
    "servicekit.screening",
    "servicekit.exporting",
    "servicekit.recommending",
)


def imported(path: Path) -> list[tuple[str, str]]:
    """Every (module, name) a file imports, at the top, in functions or for type checking."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, "") for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found += [(node.module, alias.name) for alias in node.names]
    return found


MODEL = sorted(path.name for path in (SOURCE / "model").glob("*.py"))


@pytest.mark.parametrize("name", MODEL)
def test_the_model_imports_nothing_built_on_it(name):
    above = [
        module
        for module, _ in imported(SOURCE / "model" / name)
        if module.startswith(ABOVE_THE_MODEL)
    ]
    assert not above, f"model/{name} imports {above}"


def test_the_catalogues_public_methods_delegate_to_what_building_hands_it():
    class Recording:
        def __init__(self) -> None:
            self.calls: list[tuple[str, tuple, dict]] = []

        def __getattr__(self, method: str):
            def record(*arguments, **options):
                self.calls.append((method, arguments[1:], options))
                return method

            return record

    built = servicekit.loads(catalogue_text(SWEDISH))
    engines = Recording()
    catalogue = attrs.evolve(built, engines=Engines(engines, engines, engines))
    assert catalogue.quote("swedish", 60, tags=["vip"]) == "quote"
    assert catalogue.screen({"client": {}}, "swedish") == "screen"
    assert catalogue.recommend(["relaxation"]) == "recommend"
    assert catalogue.export("csv", location=None) == "export"
    assert [(method, arguments) for method, arguments, _ in engines.calls] == [
        ("quote", ("swedish", 60)),
        ("screen", ({"client": {}}, "swedish")),
        ("recommend", (["relaxation"],)),
        ("export", ("csv",)),
    ]
    assert engines.calls[0][2]["tags"] == ["vip"]
    assert catalogue.pricing is engines


def test_no_module_imports_a_private_name_of_another():
    private = []
    for path in sorted(SOURCE.rglob("*.py")):
        if path.name == "square_offers.py":
            continue  # the Square engineer's (issue 15): its importer's protocol is theirs
        for module, name in imported(path):
            # `_` is gettext's name for "translate this", by convention, not a private name.
            if name.startswith("_") and not name.startswith("__") and name != "_":
                private.append(f"{path.relative_to(SOURCE)}: from {module} import {name}")
    assert not private
