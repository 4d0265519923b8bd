"""Canonical files: parse → JSON/YAML → load gives back the same report and the same text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from juesuan.api import load, serialize
from juesuan.model import Report


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_canonical_file_loads_back_equal(seed_report: Report, tmp_path: Path, fmt: str) -> None:
    first = serialize(seed_report, fmt)
    path = tmp_path / f"report.{fmt}"
    path.write_text(first, encoding="utf-8")
    loaded = load(path).report
    assert loaded == seed_report
    assert serialize(loaded, fmt) == first


def test_json_and_yaml_hold_the_same_data(seed_report: Report, tmp_path: Path) -> None:
    as_json = json.loads(serialize(seed_report, "json"))
    as_yaml = yaml.load(serialize(seed_report, "yaml"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    assert as_json == as_yaml
    path = tmp_path / "report.yaml"
    path.write_text(serialize(seed_report, "yaml"), encoding="utf-8")
    assert serialize(load(path).report, "json") == serialize(seed_report, "json")


def test_money_is_written_as_decimal_strings_never_floats(seed_report: Report) -> None:
    data = json.loads(serialize(seed_report, "json"))
    summary = data["tables"][0]
    income = summary["lines"][0]["cells"]["收入/金额"]
    assert income["text"] == "2,079.31"
    assert income["amount"]["value"] == "2079.31"

    def floats(node: object) -> list[float]:
        if isinstance(node, float):
            return [node]
        if isinstance(node, dict):
            return [f for v in node.values() for f in floats(v)]
        if isinstance(node, list):
            return [f for v in node for f in floats(v)]
        return []

    assert floats(data) == []


def test_cli_round_trip_is_byte_identical(tmp_path: Path, seed_path: Path) -> None:
    from typer.testing import CliRunner

    from juesuan.cli.app import app

    runner = CliRunner()
    a, b, c = tmp_path / "a.json", tmp_path / "b.yaml", tmp_path / "c.json"
    for source, target in ((seed_path, a), (a, b), (b, c)):
        result = runner.invoke(app, ["parse", str(source), "-o", str(target), "--quiet"])
        assert result.exit_code == 0, result.output
    assert c.read_bytes() == a.read_bytes()
