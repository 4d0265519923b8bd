"""The seed rewritten in other surface forms (benchmarks/surface.py) reads to the same cells and
raises no new reading problem: the reader fixes the metamorphic variants exposed."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from benchmarks.surface import FAMILIES, names_of

from juesuan.diagnostics import Severity
from juesuan.ingest import read
from juesuan.ingest.result import ReadResult
from juesuan.model.cells import report_cells


def cells(result: ReadResult) -> Counter[tuple[object, ...]]:
    return Counter((c.table, c.row_code, c.row_label, c.column, c.value) for c in report_cells(result.report))


def serious_reading(result: ReadResult) -> list[str]:
    return sorted(f.rule_id for f in result.findings if f.severity is not Severity.INFO)


@pytest.mark.parametrize(
    "family,variant",
    [
        ("split-tables", "split-table"),
        ("merged-header", "merged-header"),
        ("yuan", "yuan"),
        ("spacing", "spacing"),
        ("breaks", "page-break-name"),
    ],
)
def test_a_variant_reads_to_the_same_cells(tmp_path: Path, seed_path: Path, seed_result: ReadResult, family: str, variant: str) -> None:
    text = seed_path.read_text(encoding="utf-8")
    rewritten = FAMILIES[family][variant](text, names_of(seed_result.report))
    assert rewritten != text
    path = tmp_path / f"{variant}.txt"
    path.write_text(rewritten, encoding="utf-8")
    result = read(path)
    assert cells(result) == cells(seed_result)
    assert serious_reading(result) == serious_reading(seed_result)


def test_a_header_repeated_after_a_page_break_is_dropped(tmp_path: Path, seed_path: Path, seed_result: ReadResult) -> None:
    # every table cut in two by a page break, its header rows printed again on the new page
    text = FAMILIES["split-tables"]["split-table-header"](seed_path.read_text(encoding="utf-8"), [])
    path = tmp_path / "split-header.txt"
    path.write_text(text, encoding="utf-8")
    result = read(path)
    original = cells(seed_result)
    got = cells(result)
    forms = ("预算项目（政策）绩效自评表", "部门（单位）整体绩效自评表")
    assert Counter({k: v for k, v in got.items() if k[0] not in forms and k[0] != "收入支出决算总表"}) == Counter(
        {k: v for k, v in original.items() if k[0] not in forms and k[0] != "收入支出决算总表"}
    )
    assert not [f for f in result.findings if f.rule_id == "RD02"]


def test_a_header_word_in_a_money_cell_is_blank_not_unreadable(tmp_path: Path, seed_path: Path, seed_result: ReadResult) -> None:
    # one label only (金额 on the first row of the 总表): too few to be told as a merged header row
    lines = seed_path.read_text(encoding="utf-8").split("\n")
    number = next(i for i, ln in enumerate(lines) if ln.startswith("一、一般公共预算财政拨款收入\t"))
    assert lines[number].endswith("\t")
    lines[number] += "金额"
    path = tmp_path / "label.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = read(path)
    assert cells(result) == cells(seed_result)
    assert not [f for f in result.findings if f.rule_id == "RD02"]


def _outline(result: ReadResult) -> tuple[list[tuple[int, str]], list[tuple[str, str]]]:
    sections = [(s.level, s.title) for part in result.report.narrative.parts for top in part.sections for s in top.walk()]
    terms = [(t.number, t.term) for t in result.report.glossary]
    return sections, terms


@pytest.mark.parametrize("variant", ["numbering-comma", "numbering-circled", "numbering-fullwidth"])
def test_items_numbered_another_way_read_as_the_same_sections_and_terms(tmp_path: Path, seed_path: Path, seed_result: ReadResult, variant: str) -> None:
    # 1. items numbered 1、 ① or 1． : the same sections (titles, nesting) and the same 名词解释 terms
    text = FAMILIES["numbering"][variant](seed_path.read_text(encoding="utf-8"), [])
    path = tmp_path / f"{variant}.txt"
    path.write_text(text, encoding="utf-8")
    result = read(path)
    original_sections, original_terms = _outline(seed_result)
    sections, terms = _outline(result)
    assert [t for _, t in sections] == [t for _, t in original_sections]
    assert terms == original_terms


def test_a_circled_item_after_a_line_without_a_full_stop_starts_a_new_item() -> None:
    # ⑦'s sentence ends without 。 — the next line ⑧ is still an item of its own, as 8. is
    from juesuan.ingest.common.narrative import TextLine, build_body
    from juesuan.model.provenance import Source

    texts = ["一、主要职能", "⑦负责建设工程项目规划土地管理相关工作，实行跟踪监督", "⑧负责自然资源调查监测评价。", "⑨组织拟订并实施年度利用计划。"]
    body = build_body([TextLine(t, Source(file="x.txt", line=i + 1)) for i, t in enumerate(texts)], has_parts=False)
    paragraphs = [p.text[:1] for p in body.narrative.all_paragraphs()]
    assert paragraphs == ["⑦", "⑧", "⑨"]
