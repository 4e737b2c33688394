"""`servicekit square`: keep a Square catalogue equal to the catalogue, with a sync state.

`plan` writes the requests an upload needs (create, update, delete) and says what they do;
`record` merges Square's answers into the state; `refresh` and `drift` compare the state with
a fresh ListCatalog; `adopt` matches a Square catalogue that exists already.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from servicekit.cli.output import echo_json, format_option

if TYPE_CHECKING:
    from servicekit.model.catalogue import Catalogue
    from servicekit.square import SyncState

catalogue_argument = click.argument("catalogue", type=click.Path(dir_okay=False))
listing_argument = click.argument(
    "pages", nargs=-1, required=True, type=click.Path(dir_okay=False)
)
state_option = click.option(
    "--state",
    "state_path",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="The sync state; default CATALOGUE's name with .square-state.json, beside it.",
)
location_option = click.option(
    "--location", metavar="ID", help="A location with a Square account of its own."
)


def reads_listing(command: Any) -> Any:
    """The arguments and options of a command that reads a fresh ListCatalog."""
    for option in reversed((catalogue_argument, listing_argument, state_option, location_option)):
        command = option(command)
    return command


@click.group()
def command() -> None:
    """Keep Square's catalog equal to a catalogue: plan, upload, record, repeat.

    A sync state beside the catalogue records which Square object stands for what. The
    ListCatalog that drift, refresh and adopt read is every page, listed with these types:

    \b
    ITEM,CATEGORY,TAX,MODIFIER_LIST,DISCOUNT,PRODUCT_SET,TIME_PERIOD,PRICING_RULE

    See docs/pos-integration.md, "Keeping Square in sync".
    """


class _Sync:
    """A catalogue and its state, as every subcommand opens them."""

    def __init__(self, session: Any, catalogue: str, state_path: str | None, location: str | None):
        import servicekit
        from servicekit.square import SyncState, default_path

        self.source = catalogue
        self.location = location
        self.catalogue: Catalogue = servicekit.load(catalogue, plugins=session.plugins)
        self.path = Path(state_path) if state_path else default_path(catalogue, location)
        self.exists = self.path.is_file()
        self.state: SyncState = (
            SyncState.load(self.path) if self.exists else SyncState.start(self.catalogue, location)
        )

    def save(self, state: SyncState, *inputs: str) -> None:
        state.save(self.path, inputs=[self.source, *inputs])

    def warn(self, problems: Any) -> None:
        """Problems on standard error, each with the catalogue's file and line."""
        from servicekit.loading.catalogue import located
        from servicekit.loading.reading import read

        for problem in located(list(problems), read(self.source)) if problems else ():
            click.echo(problem.render(self.source), err=True)


@command.command()
@catalogue_argument
@state_option
@location_option
@click.option("--keep", multiple=True, metavar="KEY", help="Keep this dropped object in Square.")
@click.option(
    "--refresh",
    "pages",
    multiple=True,
    type=click.Path(dir_okay=False),
    metavar="PAGE",
    help="Refresh the state with this ListCatalog page first (give every page).",
)
@click.option("-o", "--output", metavar="DIR", help="Where to write the requests.")
@format_option
@click.pass_obj
def plan(
    session: Any,
    catalogue: str,
    state_path: str | None,
    location: str | None,
    keep: tuple[str, ...],
    pages: tuple[str, ...],
    output: str | None,
    output_format: str,
) -> None:
    """Say what an upload would create, update and delete, and write its requests.

    DIR (default: the state's name with .square-plan, beside it) gets upsert.json (the
    BatchUpsertCatalogObjects body, or a JSON array of bodies to send in order) and
    delete.json (BatchDeleteCatalogObjects bodies, sent after). Nothing is deleted unless
    the catalogue dropped it; --keep KEY keeps it live in Square. With --refresh, the state
    first takes in a fresh ListCatalog (as `refresh` does), so nothing is sent to an object
    staff deleted in Square.
    """
    from servicekit.square import plan as make_plan
    from servicekit.square import refresh as bring

    sync = _Sync(session, catalogue, state_path, location)
    if pages:
        sync.state, found = bring(sync.catalogue, sync.state, pages, location=location)
        sync.save(sync.state, *pages)
        click.echo("\n".join(found.lines()), err=True)
    elif not sync.exists:
        sync.save(sync.state)
        click.echo(
            f"started {sync.path}: this plan creates everything (if the Square account "
            f"holds the menu already, adopt it first: servicekit square adopt)",
            err=True,
        )
    result = make_plan(sync.catalogue, sync.state, location=location, keep=keep)
    sync.warn(result.warnings)
    directory = Path(output) if output else _plan_directory(sync.path)
    _write_plan(result, directory, [catalogue, str(sync.path)])
    if output_format == "json":
        echo_json(result.to_dict() | {"directory": str(directory)})
    else:
        click.echo("\n".join(result.lines()) + f"\nWrote the requests to {directory}/.")


def _plan_directory(state: Path) -> Path:
    """`menu.square-state.json` -> `menu.square-plan`, beside it."""
    stem = state.name.removesuffix(".square-state.json").removesuffix(".json")
    return state.with_name(f"{stem}.square-plan")


def _write_plan(result: Any, directory: Path, inputs: list[str]) -> None:
    from servicekit.errors import ExportError
    from servicekit.files import write_atomically

    if directory.exists() and not directory.is_dir():
        raise ExportError(f"{directory}: is not a directory", hint="give a directory with -o")
    directory.mkdir(parents=True, exist_ok=True)
    files = {
        "upsert.json": result.upsert_json(),
        "delete.json": _bodies(list(result.delete)),
        "plan.json": (json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n").encode(),
    }
    for name, content in files.items():
        target = directory / name
        if content is None:
            target.unlink(missing_ok=True)  # a request of an earlier plan must not be sent again
        else:
            write_atomically(target, content, inputs=inputs)


def _bodies(bodies: list[dict[str, Any]]) -> bytes | None:
    if not bodies:
        return None
    text = json.dumps(bodies[0] if len(bodies) == 1 else bodies, indent=2, ensure_ascii=False)
    return (text + "\n").encode("utf-8")


@command.command()
@catalogue_argument
@click.argument("answers", nargs=-1, required=True, type=click.Path(dir_okay=False))
@state_option
@location_option
@click.pass_obj
def record(
    session: Any,
    catalogue: str,
    answers: tuple[str, ...],
    state_path: str | None,
    location: str | None,
) -> None:
    """Merge Square's answers to uploads into the state.

    ANSWERS are BatchUpsert and BatchDelete responses, or JSON arrays of them, in any order;
    recording one twice changes nothing. An answer with errors still records what Square did.
    """
    from servicekit.square import record as merge

    sync = _Sync(session, catalogue, state_path, location)
    result = merge(sync.catalogue, sync.state, answers, location=location)
    sync.save(result.state, *answers)
    for warning in result.warnings:
        click.echo(warning.render(catalogue), err=True)
    click.echo(
        f"recorded {len(answers)} file(s): {sync.path} holds {len(result.state.objects)} "
        "Square objects"
    )


@command.command()
@reads_listing
@format_option
@click.pass_obj
def drift(
    session: Any,
    catalogue: str,
    pages: tuple[str, ...],
    state_path: str | None,
    location: str | None,
    output_format: str,
) -> None:
    """What changed in Square since the last sync (exit 1 when anything did), from a fresh
    ListCatalog: objects edited or deleted in Square's Dashboard."""
    from servicekit.square import drift as compare

    sync = _Sync(session, catalogue, state_path, location)
    found = compare(sync.catalogue, sync.state, pages, location=location)
    if output_format == "json":
        echo_json(found.to_dict())
    else:
        click.echo("\n".join(found.lines()))
    raise SystemExit(1 if found.drifted else 0)


@command.command()
@reads_listing
@click.pass_obj
def refresh(
    session: Any,
    catalogue: str,
    pages: tuple[str, ...],
    state_path: str | None,
    location: str | None,
) -> None:
    """Bring the state up to date with a fresh ListCatalog: what Square deleted is forgotten
    (the next plan creates it again) and what staff edited is planned back."""
    from servicekit.square import refresh as bring

    sync = _Sync(session, catalogue, state_path, location)
    state, found = bring(sync.catalogue, sync.state, pages, location=location)
    sync.save(state, *pages)
    click.echo("\n".join(found.lines()) + f"\nrefreshed {sync.path}")


@command.command()
@reads_listing
@format_option
@click.pass_obj
def adopt(
    session: Any,
    catalogue: str,
    pages: tuple[str, ...],
    state_path: str | None,
    location: str | None,
    output_format: str,
) -> None:
    """Match a Square catalogue that exists already to CATALOGUE, and write the state, so
    the first plan updates Square's objects instead of making the menu twice."""
    from servicekit.square import adopt as match

    sync = _Sync(session, catalogue, state_path, location)
    previous = sync.state if sync.exists else None
    result = match(sync.catalogue, pages, state=previous, location=location)
    sync.save(result.state, *pages)
    if output_format == "json":
        echo_json(result.to_dict() | {"state": str(sync.path)})
    else:
        click.echo("\n".join(result.lines()) + f"\nwrote {sync.path}")
