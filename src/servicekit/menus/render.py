"""Rendering a menu with Jinja2: the bundled templates, or a clinic's own.

`text` and `markdown` are plain text; `html` is one self-contained page to show or print, and
`price-list` one printed page of prices. A clinic's own template is autoescaped when it makes
HTML: its name ends in .html or .htm, or `format` is "html". Every template runs in the
sandbox of `servicekit.menus.sandbox`, in the menu's language (Jinja2's i18n extension with
servicekit's message catalogues). A template that fails is reported with its file and line,
never as a traceback.
"""

from __future__ import annotations

import os
import re
import traceback
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError

from servicekit.errors import ServicekitError
from servicekit.formatting import LINE_BREAKS
from servicekit.i18n import translations
from servicekit.menus.model import Menu
from servicekit.menus.sandbox import FolderLoader, MenuSandbox, render_bounded

FORMATS = {
    "text": "menu.txt.j2",
    "markdown": "menu.md.j2",
    "html": "menu.html.j2",
    "price-list": "price-list.html.j2",
}
"""The bundled templates, by format."""
HTML_FORMATS = frozenset(("html", "price-list"))


class TemplateError(ServicekitError):
    """A menu template that cannot be read or rendered."""


def render(
    menu: Menu, format: str = "text", template: str | os.PathLike[str] | None = None
) -> str:
    """The menu in `format` ("text", "markdown", "html" or "price-list"), or through a
    template file; in the menu's own locale (`build_menu(..., locale=...)`)."""
    if template is not None:
        path = Path(template)
        if not path.is_file():
            raise TemplateError(f"{path}: no such template", hint="check the path")
        html = format in HTML_FORMATS or _is_html(path)
        environment = _environment(FolderLoader(path), html=html, text=not html)
        name = path.name
    else:
        if format not in FORMATS:
            raise TemplateError(
                f"unknown menu format '{format}'", hint="the formats are " + ", ".join(FORMATS)
            )
        loader = jinja2.PackageLoader("servicekit.menus", "templates")
        html = format in HTML_FORMATS
        environment = _environment(loader, html=html, text=not html)
        name = FORMATS[format]
    environment.install_gettext_translations(translations(menu.locale), newstyle=True)  # type: ignore[attr-defined]
    try:
        text = render_bounded(environment.get_template(name), menu=menu)
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(
            f"{error.filename or name}:{error.lineno}: template syntax error: {error.message}"
        ) from None
    except SecurityError as error:
        where = getattr(error, "where", None) or _template_line(error, name)
        raise TemplateError(
            f"{where}: the template may not do this: {error}",
            hint="a template lays out the menu; docs/menus.md says what it can use",
        ) from None
    except Exception as error:
        where = _template_line(error, name)
        raise TemplateError(
            f"{where}: the template failed: {type(error).__name__}: {error}",
            hint="docs/menus.md lists what a template can use",
        ) from None
    return text if text.endswith("\n") else text + "\n"


def _environment(loader: jinja2.BaseLoader, *, html: bool, text: bool) -> MenuSandbox:
    environment = MenuSandbox(
        loader=loader,
        autoescape=html,
        undefined=jinja2.StrictUndefined,  # a misspelt field is an error, not a blank
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
        # Plain text shows a carriage return or a form feed in a name as a line break; say
        # it as one, so no line of the menu can be overwritten or split unseen.
        finalize=_line_breaks if text else None,
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
_BREAKS = re.compile("\r\n|[" + re.escape(LINE_BREAKS) + "]")


def markdown_text(value: object) -> str:
    """Text as Markdown shows it: every line break as "\\n" (Markdown reads "\\r" and others
    as line ends too), the characters Markdown would read as markup escaped, and a line that
    would start a list ("- ", "1. ") or a heading underline kept as text."""
    text = _line_breaks(str(value)).translate(_MARKDOWN)
    return _BLOCK_START.sub(_escape_block_start, text)


def _line_breaks(value: Any) -> Any:
    """Every line break Unicode knows ("\\r", "\\x0b", "\\u2028", ...) as "\\n"."""
    return _BREAKS.sub("\n", value) if isinstance(value, str) else value


def _escape_block_start(match: re.Match[str]) -> str:
    indent, marker = match.groups()
    if marker[0].isdigit():
        return f"{indent}{marker}\\"  # "1." becomes "1\.": the dot after it is escaped
    return f"{indent}\\{marker}"


def _is_html(path: Path) -> bool:
    return any(suffix in (".html", ".htm") for suffix in path.suffixes)


def _template_line(error: BaseException, name: str) -> str:
    """Where in the template it failed: Jinja2 puts template lines in the traceback."""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename and (frame.filename.endswith(name) or frame.filename.endswith(".j2")):
            return f"{frame.filename}:{frame.lineno}"
    return name
