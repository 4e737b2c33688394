"""`servicekit fmt`: the canonical layout keeps a catalogue's meaning, comments and bytes
it has no business changing (line endings, byte-order mark, symbolic links)."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import servicekit
from servicekit.canonical import canonical
from tests.conftest import CATALOGUES, CLINIC, SWEDISH, assert_user_error, catalogue_text


def test_the_bundled_catalogues_are_in_the_canonical_layout(run):
    result = run("fmt", "--check", *CATALOGUES)
    assert result.exit_code == 0, result.output


def test_fmt_lays_a_catalogue_out_keeping_its_meaning_and_comments(run, write, plugins):
    messy = """\
#:schema ./catalogue.schema.json
# My clinic.
format = 1
[clinic]
timezone = "America/Chicago"  # where we are
name = "Test Clinic"
locale = "en_US"
currency = "USD"
[categories.massage]
name = "Massage"
# The one service.
[services.swedish]
variations = [{ price = 95, duration = 60 }]
modality = "swedish"
name = "Swedish"
category = "massage"
[[rules]]
percent = "12.50"
type = "percent-off"
id = "tuesday"
when = { days = ["tue"] }
"""
    path = write(messy, "catalogue.toml")
    assert_user_error(run("fmt", "--check", path), "not in the canonical layout", exit_code=1)
    assert run("fmt", path).exit_code == 0
    tidy = path.read_text(encoding="utf-8")
    assert (
        tidy
        == """\
#:schema ./catalogue.schema.json
# My clinic.
format = 1

[clinic]
# where we are
name = "Test Clinic"
currency = "USD"
locale = "en_US"
timezone = "America/Chicago"

[categories.massage]
name = "Massage"

# The one service.
[services.swedish]
name = "Swedish"
category = "massage"
modality = "swedish"
variations = [
  { duration = 60, price = "95.00" },
]

[[rules]]
id = "tuesday"
type = "percent-off"
when = { days = ["tue"] }
percent = "12.5"
"""
    )
    assert run("fmt", "--check", path).exit_code == 0
    assert servicekit.diff(servicekit.loads(messy, plugins=plugins), servicekit.load(path)).equal


TRICKY = '''\
# Opening.
format = 1  # the first format

[clinic]
name = "Hash # and [brackets] are not comments"
currency = "USD"
locale = "en_US"
timezone = "America/Chicago"

[categories.massage]
name = "Massage"

# The services follow.
[services]

# Swedish.
[services.swedish]
modality = "swedish"
name = "Swedish"
category = "massage"
description = """A "quoted" # word,
[not.a.header]
and a line ending in quotes"\"""" # after the string

# The hour.
[[services.swedish.variations]]
duration = 60  # an hour
price = 95

[[rules]]
id = "late"
type = "percent-off"
percent = 10

# When it applies.
[rules.when]
after = 17:30:15
'''


def test_fmt_keeps_every_comment_with_the_table_it_belongs_to(write, run):
    path = write(TRICKY)
    assert run("fmt", path).exit_code == 0
    tidy = path.read_text(encoding="utf-8")
    assert tidy.startswith("# Opening.\n# the first format\nformat = 1\n")
    # A bare parent's comment goes above the next table; a sub-table's into its entry.
    assert "# The services follow.\n# Swedish.\n[services.swedish]\n# after the string\n" in tidy
    assert "# The hour.\n# an hour\nname = " in tidy
    assert '[[rules]]\n# When it applies.\nid = "late"' in tidy
    assert 'when = { after = "17:30:15" }' in tidy
    assert run("fmt", "--check", path).exit_code == 0
    assert servicekit.diff(servicekit.loads(TRICKY), servicekit.load(path)).equal
    assert servicekit.load(path).rules[0].when.after == dt.time(17, 30, 15)


def test_fmt_keeps_line_endings_and_byte_order_mark(write, run):
    messy = catalogue_text(SWEDISH).replace('"95.00"', "95")
    path = write(b"\xef\xbb\xbf" + messy.replace("\n", "\r\n").encode("utf-8"))
    assert run("fmt", "--check", path).exit_code == 1
    assert run("fmt", path).exit_code == 0
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\n") == raw.count(b"\r\n") > 10
    assert b'price = "95.00"' in raw
    assert run("fmt", "--check", path).exit_code == 0


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")
def test_fmt_writes_through_a_symbolic_link(write, run, tmp_path):
    real = write(catalogue_text(SWEDISH).replace('"95.00"', "95"), "real.toml")
    link = tmp_path / "catalogue.toml"
    link.symlink_to(real)
    assert run("fmt", link).output == f"{link}: reformatted\n"
    assert link.is_symlink()
    assert 'price = "95.00"' in real.read_text(encoding="utf-8")


def test_fmt_does_every_file_and_exits_2_when_one_cannot_be_read(write, run):
    broken = write(CLINIC + "\n[services.x]\nname = 1\n", "broken.toml")
    messy = write(catalogue_text(SWEDISH).replace('"95.00"', "95"), "messy.toml")
    result = run("fmt", broken, messy)
    assert result.exit_code == 2
    assert f"{broken}:" in result.stderr
    assert "Traceback" not in result.output
    assert f"{messy}: reformatted" in result.stdout
    assert run("fmt", "--check", messy).exit_code == 0


def test_fmt_wraps_long_descriptions_only_where_wrapping_keeps_the_text(write, run):
    words = "Long strokes and kneading for an easy hour of rest. " * 3
    spaced = "Two  spaces  between  words keep their line as they are, whatever its length is."
    lines = 'First line of a description.\nSecond line, with a "quote".'
    messy = catalogue_text(
        f'[categories.a]\nname = "A"\ndescription = "{words.strip()}"\n',
        f'[categories.b]\nname = "B"\ndescription = "{spaced * 2}"\n',
        f'[categories.c]\nname = "C"\ndescription = """{lines}"""\n',
    )
    path = write(messy)
    assert run("fmt", path).exit_code == 0
    tidy = path.read_text(encoding="utf-8")
    assert 'description = """\nLong strokes' in tidy
    assert f'description = "{spaced * 2}"' in tidy
    assert 'description = """\nFirst line of a description.\nSecond line' in tidy
    catalogue = servicekit.load(path)
    assert catalogue.categories["a"].description == words.strip()
    assert catalogue.categories["b"].description == spaced * 2
    assert catalogue.categories["c"].description == lines
    assert run("fmt", "--check", path).exit_code == 0


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(st.characters(exclude_categories=("Cs",)), max_size=300))
def test_any_description_survives_the_canonical_layout_unchanged(description):
    import tomli_w

    text = catalogue_text(tomli_w.dumps({"categories": {"a": {"description": description}}}))
    text = text.replace("[categories.a]\n", '[categories.a]\nname = "A"\n')
    once = canonical(text, source="catalogue.toml")
    assert servicekit.loads(once).categories["a"].description == description
    assert canonical(once, source="catalogue.toml") == once
