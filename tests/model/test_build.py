"""The model's records: frozen dataclasses built without validation, checked by the suite's switch,
and Pydantic at the boundaries (validate, dump, schema) with what BaseModel gave."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal

import pytest
from pydantic import ValidationError

from juesuan.model.build import Model, bare, field_names, unchecked, validating
from juesuan.model.codes import Catalogue, CatalogueEntry, Code, CodeLevel, CodeScheme
from juesuan.model.money import Amount, Unit
from juesuan.model.provenance import Source
from juesuan.model.tables import BalanceLine, ClassifiedRow, MoneyCell, Side, TableHeader
from juesuan.profiles.profile import Profile, TableEntry


def test_the_suite_validates_every_build() -> None:
    assert validating()  # tests/conftest.py: what follows relies on it


def test_a_record_is_a_frozen_keyword_only_dataclass() -> None:
    assert dataclasses.is_dataclass(Source) and Source.__dataclass_params__.frozen  # type: ignore[attr-defined]
    assert field_names(Source)[:3] == ("file", "line", "end_line")
    with pytest.raises(TypeError):
        Source("a.txt")  # type: ignore[misc]
    a, b = Source(file="a.txt", line=3), Source.quick(file="a.txt", line=3)
    assert a == b and hash(a) == hash(b) and repr(a).startswith("Source(file='a.txt', line=3, ")


def test_unchecked_fills_defaults_and_runs_what_the_class_derives() -> None:
    cell = unchecked(MoneyCell, text="12.00")
    assert cell == MoneyCell(text="12.00") and cell.source == Source() and cell.source is not unchecked(MoneyCell).source
    entry = CatalogueEntry(scheme=CodeScheme.FUNCTION, code="208", name="社会保障和就业支出", level=CodeLevel.CLASS)
    catalogue = unchecked(Catalogue, entries=(entry,))
    assert catalogue.get(CodeScheme.FUNCTION, "208") == entry and catalogue.by_name(CodeScheme.FUNCTION, "社会保障和就业支出") == [entry]
    other = dataclasses.replace(entry, code="209")
    copied = catalogue.model_copy(update={"entries": (other,)})
    assert copied.get(CodeScheme.FUNCTION, "209") == other and copied.get(CodeScheme.FUNCTION, "208") is None  # indexes made again
    assert catalogue.get(CodeScheme.FUNCTION, "208") == entry and copied == Catalogue(entries=(other,))


@pytest.mark.parametrize(
    ("build", "why"),
    [
        (lambda: unchecked(TableHeader, title="收入决算表", notes=["注"]), "notes"),  # a list for a tuple
        (lambda: unchecked(Amount, value=Decimal(1), unit="万元"), "unit"),  # a str for an enum
        (lambda: unchecked(Amount, value=1), "value"),  # an int for a Decimal
        (lambda: unchecked(Source, file="x", colour="red"), "colour"),  # no such field
        (lambda: unchecked(TableHeader), "title"),  # a required field missing
        (lambda: unchecked(MoneyCell, source={"file": "x"}), "source"),  # a dict for a record
        (lambda: unchecked(ClassifiedRow, cells={"合计": 1}), "cells"),  # a dict's value of another type
        (lambda: Source(file="x", line="3"), "line"),  # the class itself
        (lambda: BalanceLine(side="收入"), "side"),
        (lambda: bare(Code, {"scheme": CodeScheme.FUNCTION, "value": 208, "printed": "", "inferred": False}), "value"),
        (lambda: Source(file="x").model_copy(update={"page": "2"}), "page"),
    ],
)
def test_a_value_of_another_type_is_refused_in_the_suite(build: object, why: str) -> None:
    with pytest.raises(TypeError, match=why):
        build()  # type: ignore[operator]


def test_the_right_types_pass() -> None:
    assert BalanceLine(side=Side.INCOME, key="本年收入合计", cells={"合计": MoneyCell(amount=Amount.parse("1.00"))}).side is Side.INCOME
    assert Amount.parse("2,079.31").to(Unit.YUAN).value == Decimal("20793100")


def test_validating_outside_data_converts_and_checks_as_pydantic_does() -> None:
    amount = Amount.model_validate({"value": "0.10", "unit": "元"})
    assert amount == unchecked(Amount, value=Decimal("0.10"), unit=Unit.YUAN) and amount.model_dump(mode="json") == {"value": "0.10", "unit": "元", "step": "0.01"}
    assert Source.model_validate({"file": "x", "unknown": 1}) == Source(file="x")  # ignored, as BaseModel's default
    with pytest.raises(ValidationError) as caught:
        TableEntry.model_validate({"kind": "收入决算表", "nummer": 2})  # a user's profile: an unknown key is an error
    assert [(e["type"], e["loc"]) for e in caught.value.errors()] == [("unexpected_keyword_argument", ("nummer",))]
    with pytest.raises(ValidationError, match="每条线索只写一种迹象"):
        Profile.model_validate({"name": "x", "title": "X", "detect": {"clues": [{"weight": 1}]}})
    with pytest.raises(ValidationError, match="string_pattern_mismatch"):
        Profile.model_validate({"name": "X", "title": "X"})
    profile = Profile.model_validate({"name": "x", "title": "X", "required_sections": ["收入", ["支出", "费用"]], "scoring": {"policy": "national"}})
    assert profile.required_sections == (("收入",), ("支出", "费用")) and profile.scoring.name == "national"


def test_json_round_trip_and_schema() -> None:
    header = TableHeader(title="收入决算表", notes=("注：本表金额单位为万元。",), source=Source(file="a.pdf", page=3, bbox=(1.0, 2.0, 3.0, 4.0)))
    text = header.model_dump_json(exclude_none=True)
    assert json.loads(text)["source"] == {"file": "a.pdf", "page": 3, "bbox": [1.0, 2.0, 3.0, 4.0], "text": ""}
    assert TableHeader.model_validate_json(text) == header
    schema = Amount.model_json_schema()
    assert schema["title"] == "Amount" and schema["description"].startswith("A money figure as published") and schema["required"] == ["value"]
    assert issubclass(TableHeader, Model) and not hasattr(TableHeader, "model_fields")
