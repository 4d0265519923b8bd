"""The JSON Schema committed in docs/ is the one the model generates today."""

from __future__ import annotations

import json

import jsonschema

from juesuan.api import report_schema
from tests.conftest import ROOT

SCHEMA = ROOT / "docs" / "report.schema.json"


def test_committed_schema_is_up_to_date(golden) -> None:
    # regenerate with `make docs` (or pytest --update-golden) after changing the model
    golden.check(SCHEMA, report_schema())


def test_schema_describes_the_report() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert set(schema["properties"]) >= {"metadata", "tables", "narrative", "projects", "whole", "matters", "glossary"}
    # the five table shapes are told apart by their layout
    layouts = {definition["properties"]["layout"]["const"] for definition in schema["$defs"].values() if "layout" in definition.get("properties", {})}
    assert layouts == {"balance", "classified", "basic", "three_public", "generic"}


def test_canonical_seed_file_validates_against_the_schema(seed_report) -> None:
    from juesuan.ingest.canonical import dump_canonical

    jsonschema.validate(json.loads(dump_canonical(seed_report, "json")), json.loads(SCHEMA.read_text(encoding="utf-8")))
