"""Rendering a menu with Jinja2: the built-in templates, or a clinic's own.

`text` and `markdown` are plain text; `html` is one self-contained page, autoescaped. A
clinic's own template is autoescaped when it makes HTML: its name ends in .html or .htm, or
`format` is "html". A template that fails is reported with its file and line, never as a
traceback.
"""

from __future__ import annotations

import os
import re
import traceback
from pathlib import Path

import jinja2

from servicekit.errors import ServicekitError
from servicekit.menus.model import Menu

FORMATS = {"text": "menu.txt.j2", "markdown": "menu.md.j2", "html": "menu.html.j2"}


class TemplateError(ServicekitError):
    """A menu template that cannot be read or rendered."""


def render(
    menu: Menu, format: str = "text", template: str | os.PathLike[str] | None = None
) -> str:
    """The menu in `format` ("text", "markdown" or "html"), or through a template file."""
    if template is not None:
        path = Path(template)
        html = format == "html" or _is_html(path)
        environment = _environment(jinja2.FileSystemLoader(str(path.parent)), html=html)
        name = path.name
        if not path.is_file():
            raise TemplateError(f"{path}: no such template", hint="check the path")
    else:
        if format not in FORMATS:
            raise TemplateError(
                f"unknown menu format '{format}'", hint="the formats are " + ", ".join(FORMATS)
            )
        loader = jinja2.PackageLoader("servicekit.menus", "templates")
        environment = _environment(loader, html=format == "html")
        name = FORMATS[format]
    try:
        text = environment.get_template(name).render(menu=menu)
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(
            f"{error.filename or name}:{error.lineno}: template syntax error: {error.message}"
        ) from None
    except Exception as error:
        where = _template_line(error, name)
        raise TemplateError(
            f"{where}: the template failed: {type(error).__name__}: {error}",
            hint="docs/menus.md lists what a template can use",
        ) from None
    return text if text.endswith("\n") else text + "\n"


def _environment(loader: jinja2.BaseLoader, *, html: bool) -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=loader,
        autoescape=html,
        undefined=jinja2.StrictUndefined,  # a misspelt field is an error, not a blank
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["md"] = markdown_text
    environment.globals["leader"] = leader
    return environment


def leader(label: str, value: str, width: int) -> str:
    """`60 min ........ $95.00`: a label and a value joined by dots to `width` characters."""
    dots = max(width - len(label) - len(value) - 2, 2)
    return f"{label} {'.' * dots} {value}"


_MARKDOWN = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#"})
_BLOCK_START = re.compile(r"^(\s*)([-+=~]|\d+(?=[.)]))", re.MULTILINE)
"""What would start a list, a setext heading or a code fence at the start of a line."""


def markdown_text(value: object) -> str:
    """Text as Markdown shows it: the characters Markdown would read as markup escaped,
    and a line that would start a list ("- ", "1. ") or a heading underline kept as text."""
    text = str(value).translate(_MARKDOWN)
    return _BLOCK_START.sub(_escape_block_start, text)


def _escape_block_start(match: re.Match[str]) -> str:
    indent, marker = match.groups()
    if marker[0].isdigit():
        return f"{indent}{marker}\\"  # "1." becomes "1\.": the dot after it is escaped
    return f"{indent}\\{marker}"


def _is_html(path: Path) -> bool:
    return any(suffix in (".html", ".htm") for suffix in path.suffixes)


def _template_line(error: Exception, name: str) -> str:
    """Where in the template it failed: Jinja2 puts template lines in the traceback."""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename and frame.filename.endswith(name):
            return f"{frame.filename}:{frame.lineno}"
    return name
