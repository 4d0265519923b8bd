"""Which layout a document is in, by scored clues: every document of the seed and the corpus is
taken for its layout with a margin, and the choice and its score are visible."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from juesuan import api
from juesuan.cli import app
from juesuan.profiles import detect
from tests.corpus_cache import CACHE
from tests.profiles.conftest import edited_seed

# the layout of each corpus document, and its score (docs/design.md lists the clues behind each)
CORPUS_LAYOUTS = {
    "cq-xinandaxue-2023-dept-final.pdf": ("university", 16),
    "sh-putuo-caizhengju-2024-dept-final.pdf": ("shanghai", 10),
    "sh-putuo-guihuaziyuanju-2024-dept-final.pdf": ("shanghai", 8),
    "sh-template-dept-final-2024-yangzhang.pdf": ("shanghai", 8),
}


def test_the_seed_is_liaoning_by_its_numbering_and_order(seed_report) -> None:  # type: ignore[no-untyped-def]
    found = detect(seed_report)
    assert (found.name, found.score, found.fallback) == ("liaoning", 14, False)
    held = dict(found.evidence["liaoning"])
    assert held["财政拨款“三公”经费支出决算表编为第 7 张"] == 3 and held["情况说明在决算表之前"] == 2
    assert max(v for k, v in found.scores.items() if k != "liaoning") <= 2
    assert (seed_report.metadata.family, seed_report.metadata.family_score) == ("liaoning", 14)


@pytest.mark.parametrize("name", sorted(CORPUS_LAYOUTS))
def test_each_corpus_document_is_taken_for_its_layout(name: str) -> None:
    report = CACHE.result(name).report
    found = detect(report)
    assert (found.name, found.score) == CORPUS_LAYOUTS[name]
    runner_up = max(v for k, v in found.scores.items() if k != found.name)
    assert found.score - runner_up >= 5, found.explain()
    assert (report.metadata.family, report.metadata.family_score) == CORPUS_LAYOUTS[name]


def test_central_numbering_makes_a_central_document(tmp_path: Path) -> None:
    """公开07表 = 政府性基金, 08 = 国有资本经营, 09 = 三公: the seed renumbered the central way."""
    path = tmp_path / "中央.txt"
    path.write_text(edited_seed({560: ("07", "09"), 586: ("08", "07"), 607: ("09", "08")}), encoding="utf-8")
    report = api.load(path).report
    found = detect(report)
    assert found.name == "central" and found.scores["central"] == 12 > found.scores["liaoning"]
    assert report.metadata.family == "central"


def test_a_document_showing_no_sign_falls_back_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "片段.txt"
    path.write_text("某某局\n2024 年度部门决算\n\n# 一般公共预算财政拨款支出决算表\n\n金额单位：万元\n\n科目编码\t科目名称\t合计\n合计\t\t1.00\n208\t社会保障和就业支出\t1.00\n", encoding="utf-8")
    found = detect(api.load(path).report)
    assert found.fallback and found.name == "liaoning" and found.score == 0
    assert "没有找到任何线索" in found.explain()[0]


def test_the_choice_and_its_clues_are_shown(seed_path: Path) -> None:
    result = CliRunner().invoke(app, ["check", str(seed_path), "--format", "json", "--verbose"])
    document = json.loads(result.stdout)["document"]
    assert (document["profile"], document["profile_score"], document["kind"]) == ("liaoning", 14, "部门决算")
    assert "版式：liaoning（得分 14）" in result.stderr
    assert "liaoning 14：决算表印有表号 +2" in result.stderr
    forced = CliRunner().invoke(app, ["check", str(seed_path), "--format", "json", "--profile", "central", "--verbose"])
    assert json.loads(forced.stdout)["document"]["profile_score"] == 0
    assert "版式：central（指定）" in forced.stderr


def test_every_kind_of_clue() -> None:
    from juesuan.model.tables import TableKind
    from juesuan.profiles import Clue, Layout
    from juesuan.profiles.detection import holds

    layout = Layout(
        kinds=frozenset({TableKind.INCOME_EXPENDITURE_SUMMARY, TableKind.INCOME, TableKind.FISCAL_EXPENDITURE}),
        numbers={TableKind.INCOME: 2},
        titles=("表1：高等学校收支决算总表", "公开02表 收入决算表", "财政拨款支出决算表"),
        line_numbers=False,
        split_codes=True,
        body_order=("overview", "narrative", "tables"),
        toc_order=("overview", "tables", "narrative"),
        cover="某某大学2023年度部门决算 某某大学",
    )
    expected = {
        Clue(table=TableKind.FISCAL_EXPENDITURE, weight=1): True,
        Clue(table=TableKind.INCOME, number=2, weight=1): True,
        Clue(table=TableKind.INCOME, number=3, weight=1): False,
        Clue(title="高等学校", weight=1): True,
        Clue(numbered=True, weight=1): True,
        Clue(numbered=False, weight=1): False,
        Clue(order=("narrative", "tables"), weight=1): True,  # in the body
        Clue(order=("tables", "narrative"), weight=1): True,  # in the 目录
        Clue(order=("glossary", "tables"), weight=1): False,  # no 名词解释 part
        Clue(line_numbers=False, weight=1): True,
        Clue(split_codes=True, weight=1): True,
        Clue(cover="大学", weight=1): True,
        Clue(max_tables=4, weight=1): True,
        Clue(max_tables=2, weight=1): False,
    }
    assert {clue: holds(clue, layout) for clue in expected} == expected
