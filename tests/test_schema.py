"""The catalogue JSON Schema: printed by `servicekit schema`, shipped in catalogues/, and true."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from decimal import Decimal
from typing import Any

import jsonschema
import pytest

from tests.conftest import CATALOGUES, REPO, SWEDISH, catalogue_text

SHIPPED = REPO / "catalogues" / "catalogue.schema.json"


def as_json_values(value: Any) -> Any:
    """TOML values the way schema-aware TOML editors present them to a JSON Schema."""
    if isinstance(value, dict):
        return {key: as_json_values(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json_values(item) for item in value]
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return json.loads(SHIPPED.read_text())


def test_the_shipped_schema_is_what_servicekit_prints(run):
    result = run("schema", "catalogue")
    assert result.exit_code == 0
    assert json.loads(result.output) == json.loads(SHIPPED.read_text()), (
        "catalogues/catalogue.schema.json is stale: "
        "run `servicekit schema catalogue > catalogues/catalogue.schema.json`"
    )


def test_the_schema_is_valid_json_schema(schema):
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.name)
def test_every_bundled_catalogue_is_valid_against_the_schema(schema, path):
    document = as_json_values(tomllib.loads(path.read_text(), parse_float=Decimal))
    jsonschema.validate(document, schema, cls=jsonschema.Draft202012Validator)


@pytest.mark.parametrize(
    ("service", "extra"),
    [
        (SWEDISH + 'categry = "massage"', ""),
        (SWEDISH, "[[rules]]\nid = 'x'\ntype = 'percent-off'\npercnt = 5"),
        (SWEDISH, "[addons.x]\nname = 'X'\nprice = '-1'"),
        (SWEDISH.replace("duration = 60", "duration = 0"), ""),
    ],
)
def test_the_schema_flags_what_check_flags(schema, service, extra):
    document = as_json_values(tomllib.loads(catalogue_text(service, extra), parse_float=Decimal))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema, cls=jsonschema.Draft202012Validator)


def test_the_bundled_catalogues_point_editors_at_the_schema():
    for path in CATALOGUES:
        assert path.read_text().startswith("#:schema ./catalogue.schema.json\n"), path.name


INTAKE_SCHEMA = REPO / "catalogues" / "intake.schema.json"


def test_the_shipped_intake_schema_is_what_servicekit_prints(run):
    result = run("schema", "intake")
    assert json.loads(result.output) == json.loads(INTAKE_SCHEMA.read_text()), (
        "catalogues/intake.schema.json is stale: "
        "run `servicekit schema intake > catalogues/intake.schema.json`"
    )


@pytest.mark.parametrize(
    "path", sorted((REPO / "catalogues" / "intakes").iterdir()), ids=lambda path: path.name
)
def test_every_sample_intake_is_valid_against_the_schema(path):
    schema = json.loads(INTAKE_SCHEMA.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    if path.suffix == ".json":
        document = json.loads(path.read_text())
    else:
        document = as_json_values(tomllib.loads(path.read_text(), parse_float=Decimal))
    jsonschema.validate(document, schema, cls=jsonschema.Draft202012Validator)
