"""What a `servicekit quote` command line asks: `Catalogue.quote`'s keyword arguments from its
arguments, its options and a visit file, and where each value came from.

A visit file and the command line add up: lists add (the file's items, then the command
line's; tags, codes, plans held and gift certificates merged), and a value said once per
visit (`--at`, `--location`, `--therapist-level`) on the command line overrides the file's.
What cannot be two things at once (a repeated `--at`, `--buy` beside a file's other `buy`,
two `--plan`s saying a plan's `left` differently) is an error naming both, never the last one
silently winning.

Every value remembers where it was given, so a `BookingError` (whose `path` says which value
was wrong) is said at the option, the item or the file's line the user wrote it at.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from servicekit.errors import BookingError, KeyPath, ServicekitError
from servicekit.model.short_form import addons_written, minutes_written, shown

if TYPE_CHECKING:
    from servicekit.pricing.visit_file import VisitDocument

SHORT_MARKS = (":", "+", "@", "/")
"""What makes a positional argument an item of a visit rather than the one service's id."""
FILE = "the visit file"
"""The origin of what the visit file says."""
ONCE = {
    "at": "--at",
    "location": "--location",
    "therapist_level": "--therapist-level",
    "locale": "--locale",
    "duration": "--duration",
    "redeem": "--redeem",
    "buy": "--buy",
}
"""The options said once per visit, by keyword argument."""
PLAN_FACTS = {"left": "sessions_left", "holder": "holder", "bought": "bought"}
FACTS_SAID = {
    "sessions_left": "how many sessions are left on %s",
    "holder": "who holds %s",
    "bought": "when %s was bought",
}
PLAN_FORM = "PLAN:left=N,holder=NAME,bought=DATE"


class GivenError(ServicekitError):
    """A value of the command line that cannot be asked, named by its option or argument."""


class Asked:
    """`Catalogue.quote`'s keyword arguments (`arguments`) and, by key path, the option,
    argument or file that gave each (`origins`)."""

    def __init__(self, visit: VisitDocument | None) -> None:
        self.visit = visit
        self.arguments: dict[str, Any] = copy.deepcopy(visit.arguments) if visit else {}
        self.origins: dict[KeyPath, str] = {(key,): FILE for key in self.arguments}
        for key, value in self.arguments.items():
            inner: Iterable[Any] = value if isinstance(value, list | dict) else ()
            for index, part in enumerate(inner):
                self.origins[(key, part if isinstance(value, dict) else index)] = FILE

    @classmethod
    def of(
        cls, items: tuple[str, ...], options: dict[str, Any], visit: VisitDocument | None
    ) -> Asked:
        """What the command line asks, with the visit file's values when one is given."""
        asked = cls(visit)
        for key, option in ONCE.items():
            asked.once(key, option, options.pop(key, ()))
        asked.add_items(items, visit is not None)
        asked.add_addons(options.pop("addons", ()))
        asked.check_one_service()
        for tag in options.pop("tags", ()):
            asked.add_tag(tag)
        asked.add_list("promos", "--promo", options.pop("promos", ()))
        asked.add_list("pay_with", "--pay-with", options.pop("pay_with", ()))
        for plan in options.pop("plans", ()):
            asked.add_plan(plan)
        for uses in options.pop("promo_uses", ()):
            asked.add_promo_uses(uses)
        assert not options, f"options not asked: {sorted(options)}"
        if visit is not None and not {"items", "buy"} & set(asked.arguments):
            asked.arguments["items"] = []  # a visit file without items is an empty visit
            asked.origins[("items",)] = FILE
        return asked

    # -- building -------------------------------------------------------------------------

    def once(self, key: str, option: str, values: tuple[Any, ...]) -> None:
        """A value said once per visit: given twice, differently, it is an error; given
        beside the file's, it overrides it (but `buy`, which cannot be two things)."""
        if not values:
            return
        different = sorted(set(values), key=values.index)
        if len(different) > 1:
            raise GivenError(
                f"{option} is given {len(values)} times, as "
                + " and ".join(shown(value) for value in different[:2]),
                hint=f"give {option} once",
            )
        (value,) = different
        if key == "duration":
            try:
                value = minutes_written(value, "--duration 60")
            except BookingError as error:
                raise self.located(error, option) from None
        if key == "buy" and self.arguments.get("buy", value) != value:
            filed = shown(str(self.arguments["buy"]))
            raise GivenError(
                f"--buy {shown(value)} and the visit file's buy, {filed}, both say what the "
                "visit buys",
                hint="a visit buys one plan or gift certificate: give it once",
            )
        self.arguments[key] = value
        self.origins[(key,)] = option

    def check_one_service(self) -> None:
        """`--duration`, `--addon` and `--redeem` are for a booking of one service: a
        visit's items say theirs."""
        if "items" not in self.arguments:
            return
        for key in ("duration", "addons", "redeem"):
            option = self.origins.get((key,), FILE)
            if option != FILE:
                raise GivenError(
                    f"{option} is for one SERVICE; give it in each ITEM",
                    hint="e.g. swedish:60+hot-stones/five-pack",
                )

    def add_items(self, items: tuple[str, ...], visit: bool) -> None:
        """The items: the one service of a booking, or a visit's (after the file's)."""
        if not visit and len(items) == 1 and not any(mark in items[0] for mark in SHORT_MARKS):
            self.arguments["service"] = items[0]
            return
        if not items:
            return
        listed = self.arguments.setdefault("items", [])
        if not isinstance(listed, list):
            return  # the file's `items` are not a list: its own error says so
        for text in items:
            self.origins[("items", len(listed))] = f"item '{shown(text)}'"
            listed.append(text)

    def add_addons(self, addons: tuple[str, ...]) -> None:
        if not addons:
            return
        self.origins[("addons",)] = "--addon"
        try:
            written = addons_written(list(addons))
        except BookingError as error:
            raise self.located(error, "--addon") from None
        self.arguments["addons"] = written
        for index, text in enumerate(addons):
            ident = text.partition("*")[0]
            self.origins[("addons", index if isinstance(written, tuple) else ident)] = (
                f"--addon {shown(text)}"
            )

    def add_tag(self, text: str) -> None:
        """`--tag TAG` for every client, `--tag TAG@GUEST` for one guest."""
        name, at, guest = text.partition("@")
        if not at:
            self.add_list("tags", "--tag", (name,))
            return
        guests = self.arguments.setdefault("guests", {})
        self.origins.setdefault(("guests",), f"--tag {shown(text)}")
        if not isinstance(guests, dict):
            return  # the file's `guests` are not a table: its own error says so
        self.origins.setdefault(("guests", guest), f"--tag {shown(text)}")
        said = guests.setdefault(guest, {})
        tags = said.setdefault("tags", []) if isinstance(said, dict) else None
        if isinstance(tags, list):
            self.origins[("guests", guest, "tags", len(tags))] = f"--tag {shown(text)}"
            tags.append(name)

    def add_list(self, key: str, option: str, values: Iterable[str]) -> None:
        """Values added after the file's; one given already is not given again."""
        listed = self.arguments.setdefault(key, [])
        self.origins.setdefault((key,), option)
        if not isinstance(listed, list):
            return  # the file's value is not a list: its own error says so
        for value in values:
            if key != "pay_with" and value in listed:
                continue  # a tag or code said twice says it once; two certificates are two
            self.origins[(key, len(listed))] = f"{option} {shown(value)}"
            listed.append(value)

    def add_plan(self, text: str) -> None:
        """`--plan PLAN:left=N,holder=NAME,bought=DATE`: what a client holds of a plan, beside
        what the file says of it (a fact said differently twice is an error)."""
        origin = f"--plan {shown(text)}"
        ident, _, facts = text.partition(":")
        if not ident:
            raise GivenError(
                f"{origin}: names no plan before ':'",
                hint=f"write {PLAN_FORM}, e.g. five-pack:left=3,holder=ann",
            )
        plans = self.arguments.setdefault("plans", {})
        self.origins.setdefault(("plans",), origin)
        if not isinstance(plans, dict):
            return  # the file's `plans` are not a table: its own error says so
        self.origins.setdefault(("plans", ident), origin)
        held = plans.setdefault(ident, {})
        if not isinstance(held, dict):
            return
        for fact in filter(None, facts.split(",")):
            word, _, given = fact.partition("=")
            key = PLAN_FACTS.get(word.strip())
            if key is None or not given:
                raise GivenError(
                    f"{origin}: '{fact}' is not left=N, holder=NAME or bought=DATE",
                    hint=f"write {PLAN_FORM}, e.g. five-pack:left=3,holder=ann",
                )
            value: Any = given
            if key == "sessions_left":
                value = _sessions_left(given, origin)
            before = self.origins.get(("plans", ident, key))
            if before is not None and before != FILE and held[key] != value:
                raise GivenError(
                    f"{before} and {origin} say differently {FACTS_SAID[key] % ident}",
                    hint="give each fact of a plan once",
                )
            held[key] = value
            self.origins[("plans", ident, key)] = origin

    def add_promo_uses(self, text: str) -> None:
        origin = f"--promo-uses {shown(text)}"
        code, _, count = text.partition("=")
        if not code or not count.isascii() or not count.isdigit():
            raise GivenError(f"{origin}: '{text}' is not CODE=N", hint="e.g. WINTER10=37")
        uses = self.arguments.setdefault("promo_uses", {})
        if not isinstance(uses, dict):
            return
        before = self.origins.get(("promo_uses", code))
        if before is not None and before != FILE and uses[code] != int(count):
            raise GivenError(
                f"{before} and {origin} say differently how often {code} was used",
                hint="give each code's uses once",
            )
        uses[code] = int(count)
        self.origins[("promo_uses", code)] = origin

    # -- saying where ---------------------------------------------------------------------

    def located(self, error: BookingError, origin: str | None = None) -> ServicekitError:
        """`error` said where the user gave the value: at the file's line, at the option
        or item, or as the API says it when neither gave it."""
        path = error.path or ()
        if origin is None:
            origin = next(
                (
                    self.origins[path[:end]]
                    for end in range(len(path), 0, -1)
                    if path[:end] in self.origins
                ),
                None,
            )
        if origin == FILE and self.visit is not None:
            return self.visit.error(error)
        if origin is None:
            return error
        return GivenError(f"{origin}: {error.message}", hint=error.hint)


def _sessions_left(given: str, origin: str) -> int:
    if not given.isascii() or not given.isdigit() or len(given) > 6:
        raise GivenError(
            f"{origin}: left={given} is not a number of sessions left",
            hint="a whole number, 0 or more, e.g. five-pack:left=3",
        )
    return int(given)
