"""`servicekit serve`: catalogues over HTTP, and the manager's page, until interrupted."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from servicekit.cli import Session


@click.command()
@click.argument("source", metavar="CATALOGUE_OR_DIR", type=click.Path(exists=True))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1),
    metavar="N",
    help="Worker processes; each loads the catalogues itself.",
)
@click.option(
    "--token",
    envvar="SERVICEKIT_TOKEN",
    metavar="TOKEN",
    help="Bearer token every endpoint but /health asks for; needed off loopback. "
    "[env: SERVICEKIT_TOKEN]",
)
@click.option(
    "--cors-origin",
    "cors_origins",
    multiple=True,
    metavar="ORIGIN",
    help="A web origin whose pages may call the API, e.g. https://booking.example. "
    "Repeatable; none by default.",
)
@click.option(
    "--max-body",
    default=64 * 1024,
    show_default=True,
    type=click.IntRange(1024),
    metavar="BYTES",
    help="Largest request body accepted.",
)
@click.option(
    "--access-log/--no-access-log",
    default=False,
    show_default=True,
    help="Log each request's method, path and status (never its body).",
)
@click.pass_obj
def command(
    session: Session,
    source: str,
    host: str,
    port: int,
    workers: int,
    token: str | None,
    cors_origins: tuple[str, ...],
    max_body: int,
    access_log: bool,
) -> None:
    """Serve CATALOGUE_OR_DIR over HTTP: one catalogue, or every *.toml in a directory under
    /clinics/{id}/.

    The manager's page is at /, the API documentation at /docs. Saved changes are picked up
    by themselves; a broken edit keeps the last good catalogue serving and shows its problems.
    """
    from servicekit.errors import ServicekitError

    try:
        from servicekit.serving.app import run
        from servicekit.serving.settings import Settings
    except ImportError as error:
        raise ServicekitError(
            f"servicekit serve needs {error.name}, which is not installed",
            hint="install servicekit with its serve extra: pip install 'servicekit[serve]'",
        ) from None
    settings = Settings(
        source=source,
        host=host,
        port=port,
        workers=workers,
        token=token,
        cors_origins=cors_origins,
        max_body=max_body,
        access_log=access_log,
        plugin_modules=tuple(session.modules),
        blocked_plugins=tuple(session.blocked),
    )
    settings.check()
    run(settings, plugins=session.plugins)
