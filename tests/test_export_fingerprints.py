"""Exports and Square plans are byte for byte what they were before list prices were worked
out in one pass: the fingerprints of every bundled catalogue's exports (each format, every
location), menus and Square sync, of a catalogue reaching every list-price path, and of the
benchmarks' 1,000- and 10,000-service catalogues, stored from commit c863dae and main
(`tests/export_fingerprints.py` says how and which)."""

from __future__ import annotations

import json

import pytest

from tests.export_fingerprints import STORED, bundled

MAKERS = dict(bundled())


@pytest.mark.parametrize("name", list(MAKERS))
def test_exports_and_plans_are_byte_for_byte_what_they_were(name):
    stored = json.loads(STORED.read_text(encoding="utf-8"))[name]
    found = MAKERS[name]()
    changed = sorted(
        key for key in stored.keys() | found.keys() if stored.get(key) != found.get(key)
    )
    assert not changed, f"{name}: these changed: {', '.join(changed)}"
