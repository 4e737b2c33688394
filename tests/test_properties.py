"""Properties of loading that must hold for any input, not just the examples we thought of."""

from __future__ import annotations

import datetime as dt
import tomllib
from decimal import Decimal
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import servicekit
from servicekit.errors import CatalogueError
from servicekit.plugins import plugin_manager
from tests.conftest import SWEDISH, catalogue_text

PLUGINS = plugin_manager(entry_points=False)
VALID = tomllib.loads(catalogue_text(SWEDISH), parse_float=Decimal)

toml_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.decimals(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
    | st.dates()
    | st.times(),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.text(max_size=10), children, max_size=3)
    ),
    max_leaves=10,
)


def paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths(item, (*prefix, index))
    return found


def replaced(document: Any, path: tuple, value: Any) -> Any:
    if not path:
        return value
    head, *rest = path
    copy = dict(document) if isinstance(document, dict) else list(document)
    copy[head] = replaced(document[head], tuple(rest), value)
    return copy


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_mangled_catalogue_is_built_or_refused_with_located_problems(data):
    path = data.draw(st.sampled_from(paths(VALID)[1:]))
    value = data.draw(toml_values)
    document = replaced(VALID, path, value)
    try:
        catalogue = servicekit.build(document, plugins=PLUGINS)
    except CatalogueError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.message
            assert problem.path is not None, problem  # every mistake is located by key path
    else:
        assert isinstance(catalogue, servicekit.Catalogue)


prices = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False)
durations = st.lists(st.integers(min_value=1, max_value=1440), min_size=1, max_size=6, unique=True)


@given(durations, st.data(), st.sampled_from(["USD", "EUR", "JPY", "BHD"]))
def test_prices_and_durations_load_exactly_as_written(minutes, data, currency):
    places = {"USD": 2, "EUR": 2, "JPY": 0, "BHD": 3}[currency]
    written = [
        data.draw(st.decimals(min_value=0, max_value=10**6, places=places, allow_nan=False))
        for _ in minutes
    ]
    document = {
        **VALID,
        "clinic": {**VALID["clinic"], "currency": currency},
        "services": {
            "swedish": {
                **VALID["services"]["swedish"],
                "variations": [
                    {"duration": d, "price": str(p)} for d, p in zip(minutes, written, strict=True)
                ],
            }
        },
    }
    text = tomli_w.dumps(document)
    catalogue = servicekit.loads(text, plugins=PLUGINS)
    loaded = catalogue.services["swedish"].variations
    assert [v.duration for v in loaded] == minutes
    assert [v.price for v in loaded] == [servicekit.Money(p, currency) for p in written]


@given(st.binary(max_size=200))
def test_arbitrary_bytes_never_crash_the_loader(raw):
    try:
        servicekit.loads(raw, plugins=PLUGINS)
    except CatalogueError as error:
        assert error.problems


def test_toml_dates_and_times_are_values_not_crashes():
    document = replaced(VALID, ("clinic", "name"), dt.date(2026, 1, 1))
    with pytest.raises(CatalogueError, match="expected a name, got a date"):
        servicekit.build(document, plugins=PLUGINS)
