"""Menu templates are untrusted: they lay out a menu and can do nothing else (issue 11)."""

from __future__ import annotations

import functools
import os
import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import servicekit
from servicekit.formatting import LINE_BREAKS
from servicekit.menus import render_menu
from servicekit.menus.render import FORMATS, markdown_text
from tests.conftest import (
    CATALOGUES,
    REPO,
    SWEDISH,
    assert_user_error,
    catalogue_text,
    first_party_plugins,
)

CLINIC_TOML = REPO / "catalogues" / "therapeutic-clinic.toml"


@pytest.mark.parametrize(
    ("template", "line", "said"),
    [
        ("{{ cycler.__init__.__globals__.os.popen('id').read() }}", 2, "unsafe"),
        ("{{ joiner.__init__.__globals__ }}", 2, "unsafe"),
        ("{{ lipsum.__globals__['os'] }}", 2, "'lipsum' is undefined"),
        ("{{ menu.__class__.__mro__ }}", 2, "unsafe"),
        ("{% for i in range(10**12) %}{% endfor %}", 2, "range() may give at most"),
        (
            "{% for i in range(9000) %}{% for j in range(9000) %}{% endfor %}{% endfor %}",
            2,
            "loop at most 1,000,000 times",
        ),
        ("{% include 'secret.txt' %}", 2, "may include only templates named *.j2"),
        ("{% include '../outside.j2' %}", 2, "from its own folder or below it"),
        ("{% include '/etc/passwd' %}", 2, "may include only templates"),
        ("{{ 'x' * 10**9 }}", 2, "'*' may make at most"),
        ("{{ 2 ** 99999999 }}", 2, "an exponent may be at most 100"),
        ("{{ '%999999999s' % 'x' }}", 2, "format string"),
        ("{{ '{:>999999999}'.format('x') }}", 2, "format string"),
        ("{{ 'x' | center(999999999) }}", 2, "at most 100,000"),
        ("{{ 'x'.ljust(999999999) }}", 2, "at most 100,000"),
        ("{% set ns = [] %}{{ ns.append(1) }}", 2, "unsafe"),
        (
            "{% for i in range(10000) %}{% for j in range(90) %}{{ 'x' * 99999 }}"
            "{% endfor %}{% endfor %}",
            2,
            "over 16,777,216 characters",
        ),
    ],
)
def test_a_hostile_template_fails_with_its_line_and_does_nothing(
    run, tmp_path, template, line, said
):
    (tmp_path / "secret.txt").write_text("the password", encoding="utf-8")
    (tmp_path / "outside.j2").write_text("outside", encoding="utf-8")
    folder = tmp_path / "templates"
    folder.mkdir()
    path = folder / "m.html"
    path.write_text(f"<h1>{{{{ menu.clinic.name }}}}</h1>\n{template}\n", encoding="utf-8")
    started = time.monotonic()
    result = run("menu", CLINIC_TOML, "--template", path)
    assert time.monotonic() - started < 20
    assert_user_error(result, f"{path}:{line}: ", said)
    assert "uid=" not in result.output
    assert "password" not in result.output
    assert "root:" not in result.output


def test_a_template_includes_templates_from_its_own_folder(run, tmp_path):
    (tmp_path / "parts").mkdir()
    (tmp_path / "parts" / "service.j2").write_text("* {{ service.name }}\n", encoding="utf-8")
    (tmp_path / "macros.jinja").write_text(
        "{% macro shout(text) %}{{ text | upper }}{% endmacro %}", encoding="utf-8"
    )
    (tmp_path / "menu.txt").write_text(
        "{% import 'macros.jinja' as m %}{{ m.shout(menu.clinic.name) }}\n"
        "{% for category in menu.categories %}{% for service in category.services %}"
        "{% include 'parts/service.j2' %}{% endfor %}{% endfor %}",
        encoding="utf-8",
    )
    result = run("menu", CLINIC_TOML, "--template", tmp_path / "menu.txt")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("RIVERSIDE THERAPEUTIC MASSAGE\n* Swedish Massage\n")


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_a_template_reached_through_a_symbolic_link_is_refused(run, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.j2").write_text("the password", encoding="utf-8")
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "linked.j2").symlink_to(outside / "secret.j2")
    (folder / "parts").symlink_to(outside)
    for name in ("linked.j2", "parts/secret.j2"):
        (folder / "menu.txt").write_text(f"{{% include '{name}' %}}\n", encoding="utf-8")
        result = run("menu", CLINIC_TOML, "--template", folder / "menu.txt")
        assert_user_error(result, "menu.txt:1: ", "symbolic link; none is followed")
        assert "password" not in result.output


def test_a_template_is_never_its_own_output(run, write):
    template = write("{{ menu.clinic.name }}\n", "menu.txt")
    result = run("menu", CLINIC_TOML, "--template", template, "-o", template)
    assert result.exit_code != 0
    assert template.read_text(encoding="utf-8") == "{{ menu.clinic.name }}\n"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.name)
def test_the_bundled_templates_render_in_the_sandbox(plugins, path, fmt):
    catalogue = servicekit.load(path, plugins=plugins)
    for locale in (catalogue.clinic.locale, "de_DE", "fr_FR", "es_ES"):
        assert catalogue.clinic.name.split()[0] in render_menu(catalogue, fmt, locale=locale)


def docs_templates() -> list[str]:
    text = (REPO / "docs" / "menus.md").read_text(encoding="utf-8")
    return re.findall(r"```jinja\n(.*?)```", text, flags=re.S)


def test_the_docs_show_templates():
    assert len(docs_templates()) >= 2


@pytest.mark.parametrize("index", range(len(docs_templates())))
def test_every_template_in_the_docs_renders(run, tmp_path, index):
    template = docs_templates()[index]
    (tmp_path / "parts").mkdir()
    (tmp_path / "parts" / "service.j2").write_text(
        "<li>{{ service.name }}</li>\n", encoding="utf-8"
    )
    path = tmp_path / "menu.html"
    path.write_text(template, encoding="utf-8")
    result = run("menu", CLINIC_TOML, "--template", path)
    assert result.exit_code == 0, result.output
    assert "Swedish Massage" in result.stdout


# Line breaks: every one Unicode knows, not only "\n" (issue 11, item 9)


@functools.cache
def _plugins():
    return first_party_plugins()


OTHER_BREAKS = LINE_BREAKS.replace("\n", "")


@given(st.text(alphabet=st.sampled_from(f"ab -+=#1.)*|{LINE_BREAKS}"), max_size=40))
def test_markdown_text_leaves_no_line_break_but_newline_and_no_line_starting_markup(text):
    shown = markdown_text(text)
    assert not any(brk in shown for brk in OTHER_BREAKS)
    for line in shown.split("\n"):
        assert not re.match(r"\s*([-+=]|\d+[.)]|#)", line), (text, line)


@settings(deadline=None, max_examples=60)
@given(
    st.text(alphabet=st.sampled_from(f"ab -+#1.{LINE_BREAKS}"), min_size=1, max_size=30).filter(
        str.strip
    )
)
def test_a_description_cannot_add_a_line_to_a_markdown_or_text_menu(description):
    quoted = description.encode("unicode_escape").decode("ascii").replace('"', '\\"')
    text = catalogue_text(
        SWEDISH.replace('name = "Swedish"', f'name = "Swedish"\ndescription = "{quoted}"')
    )
    catalogue = servicekit.loads(text, plugins=_plugins())
    for fmt in ("markdown", "text"):
        menu = render_menu(catalogue, fmt)
        assert not any(brk in menu for brk in OTHER_BREAKS), fmt
    markdown = render_menu(catalogue, "markdown")
    assert [line for line in markdown.split("\n") if line.startswith(("- ", "+ ", "1. "))] == []


@pytest.mark.parametrize("brk", list(LINE_BREAKS))
def test_a_name_with_any_line_break_is_refused(run, write, brk):
    quoted = brk.encode("unicode_escape").decode("ascii")
    text = catalogue_text(SWEDISH.replace('name = "Swedish"', f'name = "Swedish{quoted}- free"'))
    assert_user_error(run("check", write(text)), "a name must fit on one line")
