"""Starting a catalogue from one of the bundled examples: `servicekit init`.

The examples are the catalogues in the repository's `catalogues/`, shipped in the wheel as
`servicekit/examples/`. A starter is the example's text as it is (comments and all, with its
`#:schema` line) and the JSON Schema beside it, so an editor completes and checks keys at once.
Nothing that exists is ever overwritten.
"""

from __future__ import annotations

import json
import os
import shlex
from collections.abc import Mapping
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from servicekit.errors import ServicekitError, did_you_mean
from servicekit.plugins import first_party

if TYPE_CHECKING:
    from servicekit.plugins import PluginManager, Registry

DEFAULT = "therapeutic-clinic"
CATALOGUE = "catalogue.toml"
SCHEMA = "catalogue.schema.json"


class InitError(ServicekitError):
    """A starter that cannot be written: an unknown template, or files already there."""


@attrs.frozen
class Template:
    name: str
    summary: str
    """The example's opening comment, e.g. "Spreeufer Day Spa, Berlin: wellness massages..."."""
    text: str


@attrs.frozen
class Started:
    """What `init` wrote, and the commands to try next."""

    catalogue: Path
    schema: Path
    template: str
    next_commands: tuple[str, ...]
    missing_plugins: tuple[str, ...] = ()
    """First-party plugins the starter uses that are not installed (distribution names):
    `servicekit check` fails until they are."""


def examples() -> Traversable:
    """Where the bundled examples are: in the package, or in a checkout's `catalogues/`."""
    packaged = resources.files("servicekit").joinpath("examples")
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "catalogues"  # an editable install


def templates() -> dict[str, Template]:
    """The bundled example catalogues, by name."""
    found = {}
    for entry in sorted(examples().iterdir(), key=lambda entry: entry.name):
        if entry.name.endswith(".toml"):
            text = entry.read_text(encoding="utf-8")
            name = entry.name.removesuffix(".toml")
            found[name] = Template(name, _summary(text), text)
    return found


def init(
    directory: str | os.PathLike[str] = ".",
    template: str = DEFAULT,
    *,
    plugins: PluginManager | None = None,
) -> Started:
    """Write `catalogue.toml` (from `template`) and `catalogue.schema.json` into `directory`,
    creating it; refuse when either file exists. A starter that uses first-party plugins
    which are not installed is still written; `Started.missing_plugins` names them."""
    from servicekit.files import write_atomically
    from servicekit.loading.catalogue import loads
    from servicekit.loading.reading import parse
    from servicekit.plugins import default_plugin_manager
    from servicekit.schema import catalogue_schema

    known = templates()
    if template not in known:
        raise InitError(
            f"unknown template '{template}'",
            hint=f"{did_you_mean(template, known)}; `servicekit init --list` lists them",
        )
    folder = Path(directory)
    catalogue, schema = folder / CATALOGUE, folder / SCHEMA
    existing = [path for path in (catalogue, schema) if path.exists()]
    if existing:
        raise InitError(
            f"{existing[0]} already exists; init never overwrites a file",
            hint="choose another directory, e.g. `servicekit init my-clinic`",
        )
    manager = plugins or default_plugin_manager()
    text = known[template].text
    data = parse(text, str(catalogue)).data
    missing = _missing_plugins(data, manager.registry())
    if not missing:
        loads(text, source=str(catalogue), plugins=manager)  # a starter that loads
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InitError(
            f"{folder}: cannot create the directory: {exc.strerror}",
            hint="choose a directory you can write to",
        ) from None
    schema_text = json.dumps(catalogue_schema(manager.registry()), indent=2, ensure_ascii=False)
    write_atomically(schema, (schema_text + "\n").encode("utf-8"), overwrite=False)
    write_atomically(catalogue, text.encode("utf-8"), overwrite=False)
    return Started(catalogue, schema, template, _next(catalogue, data), missing)


def _missing_plugins(data: Mapping[str, Any], registry: Registry) -> tuple[str, ...]:
    """The first-party plugins a starter's services or settings use that are not loaded."""
    own = data.get("modalities", {})
    used = {
        first_party.MODALITIES[service["modality"]]
        for service in data.get("services", {}).values()
        if service["modality"] not in registry.modalities
        and service["modality"] not in own
        and service["modality"] in first_party.MODALITIES  # else loading says it is unknown
    }
    used.update(name for name in data.get("plugins", {}) if name in first_party.PACKAGES)
    return tuple(sorted(first_party.PACKAGES[name] for name in used - registry.plugins))


def _next(catalogue: Path, data: Mapping[str, Any]) -> tuple[str, ...]:
    """The commands to try next, on the starter's first service."""
    path = shlex.quote(str(catalogue))
    ident, service = next(iter(data["services"].items()))
    minutes = service["variations"][0]["duration"]
    where = [*service.get("locations", ()), *data.get("locations", {})]
    location = f" --location {where[0]}" if where else ""
    menu = shlex.quote(str(catalogue.with_name("menu.html")))
    return (
        f"servicekit check {path}",
        f"servicekit menu {path} --format html -o {menu}",
        f"servicekit quote {path} {ident} --duration {minutes}{location}",
    )


def _summary(text: str) -> str:
    """The example's opening comment, up to its first full stop or colon-led clause."""
    lines = []
    for line in text.splitlines():
        if line.startswith("#:"):
            continue
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("#").strip())
    summary = " ".join(lines)
    return summary.split(". ")[0].rstrip(".")
