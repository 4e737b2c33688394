"""Lines of key paths: what every error and warning a user sees points at."""

from __future__ import annotations

import pytest

from servicekit.loading.locating import Locator, _Scanner
from tests.conftest import REPO, assert_user_error

CATALOGUES = sorted((REPO / "catalogues").glob("*.toml"))

TRICKY = '''\
format = 1

[clinic]
name = "Tricky"
currency = "USD"
locale = "en_US"
timezone = "America/Chicago"

[categories.massage]
name = "Massage"

[services.first]
name = "First"
category = "massage"
modality = "swedish"
description = """
[services.not-a-table]
A line that looks like a header, inside a string.
"""
variations = [
  { duration = 60, price = "95.00" },
]

[services.second]
name = "Second"  # [services.not-a-table-either]
category = "massage"
modality = "swedsh"
variations = [{ duration = 60, price = "95.00" }]
'''


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.name)
def test_looking_for_some_paths_finds_the_lines_a_full_scan_finds(path):
    text = path.read_text(encoding="utf-8")
    everywhere = _Scanner(text).scan()
    for key_path, line in everywhere.items():
        assert Locator(text, wanted=[key_path]).line(key_path) == line, key_path


def test_a_header_inside_a_string_or_an_array_of_arrays_is_not_taken_for_a_table():
    text = TRICKY.replace(
        "variations = [\n  { duration",
        'tags = [\n["x"],\n]\nvariations = [\n  { duration',
        1,
    )
    wanted = ("services", "second", "modality")
    assert (
        Locator(text, wanted=[wanted]).line(wanted) == text[: text.index("swedsh")].count("\n") + 1
    )


def test_an_error_after_tricky_tables_names_its_own_line(run, write):
    result = run("check", write(TRICKY))
    assert_user_error(result, ":27: $.services.second.modality: unknown modality 'swedsh'")
