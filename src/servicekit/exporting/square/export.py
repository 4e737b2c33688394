"""The `square` export: one `BatchUpsertCatalogObjects` request body (or a JSON array of them)
that creates the whole menu in a Square account that has none of it yet. Keeping Square in
step afterwards is the sync's job (`servicekit.square`)."""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping
from typing import Any

from servicekit.errors import ExportError
from servicekit.exporting.context import ExportContext
from servicekit.exporting.square import limits, shapes
from servicekit.exporting.square.adopt import adopt
from servicekit.exporting.square.batches import MAX_BATCH, MAX_REQUEST, pack, text_of
from servicekit.exporting.square.catalog import Catalog
from servicekit.exporting.square.ids import Temporary
from servicekit.exporting.square.managed import display_name
from servicekit.exporting.square.state import Known, SyncState


def write(context: ExportContext) -> bytes:
    """The `square` export: every object, to create the menu in a Square account."""
    answers = _Answers(context, context.options["ids"]) if "ids" in context.options else None
    limits.check(context)
    catalog = Catalog(context, answers.state if answers else None)
    upload = pack(catalog.objects(), catalog.ids_in)
    if answers:
        answers.warn_stale(set(catalog.keys.values()))
    if upload.waiting:
        context.warn(
            None,
            f"more objects refer to each other by temporary id than a Square batch holds "
            f"({MAX_BATCH:,}): this export holds the {_count(upload):,} that can be created "
            f"now, and {upload.waiting:,} wait for their permanent ids",
            "use `servicekit square plan`: upload, `servicekit square record` Square's answers "
            "and plan again until nothing waits",
        )
    if len(upload.bodies) > 1:
        context.warn(
            None,
            f"the export needs {len(upload.bodies)} requests of at most {MAX_REQUEST:,} "
            "objects: it is a JSON array of request bodies; send them in order",
        )
    return text_of(upload)


def _count(upload: Any) -> int:
    return sum(len(batch["objects"]) for body in upload.bodies for batch in body["batches"])


class _Answers:
    """The deprecated `ids` option (`--square-ids`): Square's answers to earlier uploads,
    adopted, so the export names what Square has by its permanent id."""

    def __init__(self, context: ExportContext, option: Any) -> None:
        said = (
            "--square-ids (the `ids` option) is deprecated and will be removed in servicekit "
            "0.3: `servicekit square plan` keeps a sync state, sends only what changed and "
            "deletes what the catalogue dropped"
        )
        warnings.warn(said, DeprecationWarning, stacklevel=6)
        context.warn(None, said, "see docs/pos-integration.md, 'Keeping Square in sync'")
        self.context = context
        if isinstance(option, str | bytes | os.PathLike | Mapping):
            option = [option]
        responses = [r for number, answer in enumerate(option, 1) for r in _read(answer, number)]
        here = context.location.id if context.location else None
        self.hints: dict[str, str] = {}
        for response in responses:
            for client, permanent in response.mappings:
                parsed = Temporary.parse(client)
                if parsed is not None and parsed.lineage is None and parsed.location == here:
                    self.hints[parsed.key] = permanent
        self.objects = {
            located.obj["id"]: located for response in responses for located in response.objects
        }
        catalogue = context.catalogue
        blank = SyncState(catalogue.clinic.name, catalogue.currency, here, lineage="")
        listing = list(self.objects.values())
        adopted = adopt(
            catalogue,
            listing,
            state=blank,
            location=here,
            hints=self.hints,
            compare=False,
            prices=context.list_prices,
        ).state
        found = dict(adopted.objects)
        for key, ident in self.hints.items():
            # An answer that names an id without the object: its version is unknown.
            if key not in found and ident not in adopted.by_id:
                found[key] = Known(_type_of(key), ident, None, key, {})
        self.state = adopted.evolve(objects=found)

    def warn_stale(self, made: set[str]) -> None:
        """What earlier uploads made that the export no longer has: it cannot delete it."""
        gone = sorted(
            key
            for key in self.hints
            if key not in made and not key.startswith(("variation-", "modifier-"))
        )
        if not gone:
            return
        listed = [
            display_name(self.objects[self.hints[key]].obj)
            if self.hints[key] in self.objects
            else key
            for key in gone
        ]
        shown = ", ".join(listed[:12]) + (f" and {len(gone) - 12} more" if len(gone) > 12 else "")
        self.context.warn(
            None,
            f"Square still has {len(gone)} object{'s' * (len(gone) != 1)} from an earlier "
            f"upload that this export no longer has, and an export deletes nothing: {shown}",
            "`servicekit square plan` deletes them (or keeps them, with --keep)",
        )


def _read(answer: Any, number: int) -> list[shapes.Response]:
    name = None if isinstance(answer, str | os.PathLike) else f"response {number}"
    try:
        return shapes.read(answer, name)
    except shapes.ShapeError as error:
        raise ExportError(error.message, hint=error.hint) from None


def _type_of(key: str) -> str:
    parsed = Temporary.parse("#" + key)
    kind = parsed.kind.upper().replace("-", "_") if parsed else "ITEM"
    return {"ADDONS": "MODIFIER_LIST", "VARIATION": "ITEM_VARIATION"}.get(kind, kind)
