"""`servicekit check`: validate catalogues and summarize them."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from servicekit.cli.output import echo_json, format_option

if TYPE_CHECKING:
    from servicekit.checking import CheckReport
    from servicekit.cli import Session


@click.command()
@click.argument("catalogues", nargs=-1, required=True, metavar="CATALOGUE...")
@format_option
@click.pass_context
def command(ctx: click.Context, catalogues: tuple[str, ...], output_format: str) -> None:
    """Validate catalogues and print what each holds, or every problem found.

    Exits 0 when every catalogue is valid (warnings allowed), 1 otherwise.
    """
    from servicekit.checking import check
    from servicekit.cli import started

    session: Session = ctx.obj
    reports = []
    for path in catalogues:
        reports.append(check(path, plugins=session.plugins))
        started()  # start-up ends with the first catalogue built; the rest run as before
    if output_format == "json":
        echo_json(
            {
                "ok": all(report.ok for report in reports),
                "catalogues": [report.to_dict() for report in reports],
            }
        )
    else:
        for report in reports:
            click.echo(render(report))
        if len(reports) > 1:
            failed = sum(not report.ok for report in reports)
            click.echo(f"{len(reports)} catalogues checked, {failed} failed")
    ctx.exit(0 if all(report.ok for report in reports) else 1)


def render(report: CheckReport) -> str:
    from servicekit.checking import summarize
    from servicekit.errors import rendered

    if not report.ok:  # a catalogue that built fails too when two plugins clash
        lines = rendered(report.errors, report.source, report.omitted)
        count = len(report.errors) + report.omitted
        lines.append(f"{report.source}: failed, {count:,} error{'s' * (count != 1)}")
        return "\n".join(lines)
    assert report.catalogue is not None  # an ok report has one
    lines = []
    summary = summarize(report.catalogue)
    clinic, counts = summary["clinic"], summary["counts"]
    lines.append(f"{report.source}: ok")
    lines.append(
        f"  {clinic['name']} ({clinic['currency']}, {clinic['locale']}, {clinic['timezone']})"
    )
    lines.append(
        "  "
        + ", ".join(
            [
                _count(counts["services"], "service")
                + f" with {_count(counts['variations'], 'variation')}",
                _count(counts["categories"], "category", "categories"),
                _count(counts["addons"], "add-on"),
                _count(counts["rules"], "rule"),
                _count(counts["taxes"], "tax", "taxes"),
                _count(counts["credentials"], "credential"),
                _count(counts["locations"], "location"),
                _count(counts["levels"], "therapist level"),
            ]
        )
    )
    for plugin, kinds in summary["contributions"].items():
        for kind, idents in kinds.items():
            lines.append(f"  {kind.replace('_', ' ')} from {plugin}: {', '.join(idents)}")
    lines.extend(f"  {problem.render(report.source)}" for problem in report.warnings)
    return "\n".join(lines)


def _count(number: int, singular: str, plural: str | None = None) -> str:
    return f"{number} {singular if number == 1 else plural or singular + 's'}"
