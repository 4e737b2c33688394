"""Regenerate `servicekit.screening.bundled` from this package's TOML data files:

    python -m servicekit.screening.generate

The TOML files (the vocabulary, the rule pack and its sources) are what people edit and
review; `bundled` holds the same data as Python, which every start-up imports from bytecode in
a fraction of the time parsing the TOML takes. tests/test_rule_pack.py fails while the two
disagree. (Run from a checkout: it rewrites the module in place, then formats it with ruff.)
"""

from __future__ import annotations

import pprint
import subprocess
import sys
from pathlib import Path

import tomli

HERE = Path(__file__).parent
MODULE = HERE / "bundled.py"

HEADER = '''\
"""This package's TOML data files as Python, generated from them by
`python -m servicekit.screening.generate`: do not edit, edit the TOML and regenerate
(tests/test_rule_pack.py fails while the two disagree).

Each function returns a fresh copy of one file's data, as tomli parses it; importing this
module from its bytecode costs a start-up a fraction of parsing the TOML.
"""
# ruff: noqa: E501

from __future__ import annotations

from collections.abc import Callable
from typing import Any
'''


def data_files() -> list[Path]:
    """The TOML data files of this package, by name."""
    return sorted(HERE.glob("*.toml"))


def function_name(path: Path) -> str:
    return "_" + path.stem.replace("-", "_")


def source() -> str:
    """The text of `bundled`: a function per data file returning its data, and `FILES`."""
    parts = [HEADER]
    for path in data_files():
        data = tomli.loads(path.read_text("utf-8"))
        literal = pprint.pformat(data, width=95, sort_dicts=False)
        parts.append(
            f"\n\ndef {function_name(path)}() -> dict[str, Any]:\n"
            f"    return {literal.replace(chr(10), chr(10) + '    ')}\n"
        )
    files = "".join(f'    "{path.name}": {function_name(path)},\n' for path in data_files())
    parts.append(
        "\n\nFILES: dict[str, Callable[[], dict[str, Any]]] = {\n"
        f"{files}"
        "}\n"
        '"""Each data file\'s name, and the function giving its data."""\n'
    )
    return "".join(parts)


def main() -> None:
    MODULE.write_text(source(), "utf-8")
    subprocess.run([sys.executable, "-m", "ruff", "format", "-q", str(MODULE)], check=False)
    print(f"wrote {MODULE}")


if __name__ == "__main__":
    main()
