"""Changing one input number changes every place of the document that depends on it — and nothing
else."""

from __future__ import annotations

import difflib

from juesuan.ingest.template import read_sheets
from juesuan.render.build import build_document
from juesuan.render.profile import load_profile
from tests.render.conftest import MADE_UP, made_up_sheets


def render_text(reception_actual: float) -> list[str]:
    sheets = made_up_sheets()
    for row in sheets["sheets"]["三公经费"]:
        if row[0] == "公务接待费":
            row[2] = reception_actual
    doc = read_sheets(sheets, str(MADE_UP))
    return build_document(doc, load_profile("liaoning")).text().splitlines()


def changed_lines(before: list[str], after: list[str]) -> list[str]:
    return [line[2:] for line in difflib.ndiff(before, after) if line.startswith("+ ")]


def test_one_three_public_figure_reaches_every_dependent_sentence_and_cell():
    before, after = render_text(4.00), render_text(4.60)
    changed = changed_lines(before, after)
    expected_prefixes = (
        "2024年度财政拨款安排的“三公”经费支出24.60万元，完成预算的82.00%",  # total and its 完成预算
        "1. 因公出国（境）费8.00万元，占“三公”经费支出的32.52%",  # share of a sibling item
        "2. 公务接待费4.60万元，占“三公”经费支出的18.70%，完成预算的92.00%",
        "3. 公务用车购置及运行费12.00万元，占“三公”经费支出的48.78%",
        "合计\t30.00\t24.60",  # 公开07表
        "2、公务接待费\t5.00\t4.60",
    )
    for prefix in expected_prefixes:
        assert any(line.startswith(prefix) for line in changed), prefix
    assert len(changed) == len(expected_prefixes), changed
    # the 接待 sentence also carries the new YoY change (4.60 vs 5.00 last year)
    assert any("与上年相比减少0.40万元，降低8.00%" in line for line in changed)


def test_a_previous_year_figure_changes_only_its_sentence(made_up_input):
    base = build_document(made_up_input, load_profile("liaoning")).text().splitlines()
    moved = made_up_input.model_copy(update={"previous": made_up_input.previous.model_copy(update={"income_total": 700})})
    after = build_document(moved, load_profile("liaoning")).text().splitlines()
    assert changed_lines(base, after) == ["与上年相比，今年收入总计增加77.00万元，增长11.00%，主要原因：新增城市照明设施改造项目和彩票公益金项目。"]
