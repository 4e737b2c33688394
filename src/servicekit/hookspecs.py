"""The plugin contract: every hook a plugin may implement.

Implement a hook with a function of the same name marked `@servicekit.hookimpl`, in a module
registered through the `servicekit` entry-point group (or loaded with `servicekit -p MODULE`).
Contribution hooks are called once when plugins are collected, never per quote or screening;
they may return one record, an iterable of records (a generator is fine) or None.
An implementation may accept fewer arguments than the spec lists.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    import click

    from servicekit.errors import Problem
    from servicekit.model.catalogue import Catalogue
    from servicekit.model.contributions import AddOnType, Exporter, Modality, RuleType
    from servicekit.model.screening import Check, Population, ScreeningRule, Synonym, Term
    from servicekit.pricing.conditions import Condition

hookspec = pluggy.HookspecMarker("servicekit")
hookimpl = pluggy.HookimplMarker("servicekit")


@hookspec
def servicekit_modalities() -> Iterable[Modality] | Modality | None:
    """Contribute modalities catalogues may use as a service's `modality`.

    .. versionadded:: 0.1

    Example::

        @hookimpl
        def servicekit_modalities():
            yield Modality(
                id="reflexology",
                name="Reflexology",
                description="Pressure on points of the feet and hands.",
                techniques=("thumb walking",),
                benefits=("relaxation",),
                properties=(),
            )
    """


@hookspec
def servicekit_addon_types() -> Iterable[AddOnType] | AddOnType | None:
    """Contribute add-on types: what an add-on is, so screening can reason about it.

    A catalogue's `[addons.<id>]` takes a type with `type = "<id>"`, or implicitly when its
    own id is the type's id.

    .. versionadded:: 0.1

    Example::

        @hookimpl
        def servicekit_addon_types():
            return AddOnType(
                id="hot-stones",
                name="Hot stones",
                description="Heated basalt stones placed and used in strokes.",
                properties={"heat", "region-bound"},
            )
    """


@hookspec
def servicekit_rule_types() -> Iterable[RuleType] | RuleType | None:
    """Contribute pricing rule types catalogues instantiate in `[[rules]]`.

    The parameter class is also the behaviour: it implements the protocol of its stage from
    `servicekit.pricing.stages` (docs/pricing.md, "Writing a rule type"), checked when the
    plugin is collected: a missing or misspelt method is an error naming the plugin. `params`
    may name the class by import path instead (`"package.module:Class"`): it is imported and
    checked when a catalogue first uses the type.

    .. versionadded:: 0.1
    .. versionchanged:: 0.2
       Rule types implement the typed stage protocols: every method gets the booking's
       `PricingContext` and returns `Money`. `params` may name its class by import path,
       imported when a catalogue first uses the type.

    Example::

        @attrs.frozen(kw_only=True)
        class LoyaltyTiers(DiscountRule):
            tiers: Mapping[Id, Percent] = doc("Percent off by client tag, e.g. { gold = 15 }.")
            stage = "line-discount"
            exclusive, combines_with, percentage = True, (), True

            def discount(self, amount, line, context):
                best = max((p for tag, p in self.tiers.items() if tag in context.tags),
                           default=0)
                return context.money(amount.amount * best / 100)

        @hookimpl
        def servicekit_rule_types():
            return RuleType(name="loyalty-tiers", params=LoyaltyTiers,
                            summary="A percentage off by the client's loyalty tier.")
    """


@hookspec
def servicekit_conditions() -> Iterable[Condition] | Condition | None:
    """Contribute conditions a rule's `when` may state, each under its own key.

    A condition is one object implementing `servicekit.pricing.conditions.Condition`: its
    `key`, the `value_type` its value is read as and `doc`, a `compile` that makes the check
    quoting runs, and a `describe` for menus and exports; optionally `problems`, `to_square`
    and `from_square`. The built-in conditions (`tags`, `days`, `promo`, ...) come through
    this hook from `builtin-rules`.

    .. versionadded:: 0.2

    Example::

        @attrs.frozen
        class Referred(Condition):
            key = "referred_by"
            value_type = tuple[Id, ...]
            doc = "The client was referred by one of these partners (a client tag)."

            def compile(self, value, rule, words):
                wanted = frozenset(value)
                failure = Failure("condition", f"not referred by {words.either(value)}")
                return lambda context: None if context.tags & wanted else failure

            def describe(self, value, rule, words):
                return f"for clients referred by {words.either(value)}"

        @hookimpl
        def servicekit_conditions():
            return Referred()
    """


@hookspec
def servicekit_screening_rules() -> Iterable[ScreeningRule] | ScreeningRule | None:
    """Contribute contraindication rules: data saying what an intake means for a booking.

    The built-in rule pack comes through this hook. A catalogue's `[screening]` table can
    replace a rule by id, or disable it.

    .. versionadded:: 0.1

    Example::

        @hookimpl
        def servicekit_screening_rules():
            yield ScreeningRule(
                id="scalp-psoriasis",
                name="Scalp psoriasis flare",
                when=Trigger(conditions=("inflammation-flare",)),
                severity="local",
                scope="region",
                regions=("head",),
                reason="Avoid the scalp during a flare.",
                sources=("MISC",),
            )
    """


@hookspec
def servicekit_screening_checks() -> Iterable[Check] | Check | None:
    """Contribute screening checks: code for what rule data cannot express.

    A check's `run(situation)` returns `Finding` records. A check that raises makes the
    screening `incomplete` (exit status 5), naming the check and its plugin.

    .. versionadded:: 0.1

    Example::

        def late_pregnancy(situation):
            weeks = situation.pregnancy_weeks
            if weeks is not None and weeks >= 37:
                yield Finding(rule="term", severity="caution", scope="session",
                              reason=f"{weeks} weeks: the client may go into labour.")

        @hookimpl
        def servicekit_screening_checks():
            return Check(id="term", description="Near term.", run=late_pregnancy)
    """


@hookspec
def servicekit_vocabulary() -> Iterable[Term | Synonym | Population] | Term | Synonym | None:
    """Contribute words intakes may use: conditions, medication classes and allergies
    (`Term`), other words clients write for a term servicekit or a plugin has (`Synonym`), and
    populations a kind of specialty work is built for (`Population`).

    Each comes with its `sources`. A plugin's rules and checks may then name its words, and an
    intake that writes a synonym records the term's id. An id or a word another plugin (or
    servicekit) already has is an error naming both: nothing is chosen for you.

    .. versionadded:: 0.2

    Example::

        @hookimpl
        def servicekit_vocabulary():
            yield Term("condition", "hypermobility", "Joint hypermobility",
                       icd10="M35.7", synonyms=("double-jointed",), sources=("Beighton 1973",))
            yield Synonym("medication", "eliquis", means="anticoagulant",
                          sources=("the drug's label",))
    """


@hookspec
def servicekit_exporters() -> Iterable[Exporter] | Exporter | None:
    """Contribute export formats: `servicekit export --format <name>` and `servicekit.export`.

    The built-in `json`, `square` and `csv` formats come through this hook. `write(context)`
    returns bytes; what the format cannot express is reported with `context.warn(...)`.

    .. versionadded:: 0.1

    Example::

        def write_names(context):
            names = [service.name for service in context.services]
            return ("\n".join(names) + "\n").encode()

        @hookimpl
        def servicekit_exporters():
            return Exporter(name="names", summary="One service name per line.",
                            write=write_names, media_type="text/plain", suffix=".txt")
    """


@hookspec
def servicekit_validate_catalogue(catalogue: Catalogue) -> Iterable[Problem] | Problem | None:
    """Look at a built catalogue and report problems: warnings, or errors that stop the build.

    Called once per build, after every reference is resolved and pricing and screening are
    compiled, so the catalogue may be quoted and screened. Return `Problem` records with the
    key path they concern; `severity="error"` makes loading the catalogue fail.

    .. versionadded:: 0.1

    Example::

        @hookimpl
        def servicekit_validate_catalogue(catalogue):
            for service in catalogue.services.values():
                if service.modality == "prenatal" and "prenatal" not in service.requires:
                    yield Problem(("services", service.id), "prenatal work without a credential",
                                  severity="warning")
    """


@hookspec
def servicekit_register_commands(cli: click.Group) -> None:
    """Add commands to the `servicekit` command line.

    Called whenever the plugins are collected: a command whose module is heavy can be added
    as a `servicekit.plugins.LazyCommand`, imported when it runs.

    .. versionadded:: 0.1

    Example::

        @hookimpl
        def servicekit_register_commands(cli):
            @cli.command()
            def hello():
                click.echo("hello")
    """
