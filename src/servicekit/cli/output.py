"""Options and output helpers every command uses."""

from __future__ import annotations

from typing import Any

import click

format_option = click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output for people (text) or programs (json).",
)


def echo_json(data: Any) -> None:
    import json  # only a command asked for JSON needs it

    click.echo(json.dumps(data, indent=2, ensure_ascii=False))
