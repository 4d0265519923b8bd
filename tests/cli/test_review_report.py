"""The HTML review report guides to each place: every link lands, one link per place, the sentence
of a narrative finding, tables in their printed shape, the 自评表 drawn; a batch gets one page with
an index; `--findings` lists every finding of every document, one row each."""

from __future__ import annotations

import csv
import html
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from juesuan.api import render_findings
from juesuan.cli.app import app
from tests.conftest import CORPUS, SEED
from tests.corpus_cache import CORPUS_PDFS, CorpusCache


class _Page(HTMLParser):
    """The ids and in-page links of a page, and the text of each finding's list of places."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.links: list[str] = []
        self.place_lists: list[list[str]] = []  # per finding: the link texts of its places
        self._in_places = 0
        self._in_link = False
        self._text = ""
        self.tables: list[list[list[str]]] = []
        self._row: list[str] | None = None
        self._cell: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(str(a["id"]))
        if tag == "a" and (a.get("href") or "").startswith("#"):
            self.links.append(str(a["href"])[1:])
            if self._in_places:
                self._in_link, self._text = True, ""
        if tag == "ul" and a.get("class") == "places":
            self._in_places += 1
            self.place_lists.append([])
        if tag == "table":
            self.tables.append([])
        if tag == "tr" and self.tables:
            self._row = []
            self.tables[-1].append(self._row)
        if tag in ("td", "th"):
            self._cell = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._in_link:
            self.place_lists[-1].append(self._text)
            self._in_link = False
        if tag == "ul" and self._in_places:
            self._in_places -= 1
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append(self._cell)
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._in_link:
            self._text += data
        if self._cell is not None:
            self._cell += data


def _parse(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    return page


def _assert_links_land(page: _Page) -> None:
    duplicated = [i for i, n in Counter(page.ids).items() if n > 1]
    assert not duplicated, duplicated[:5]
    ids = set(page.ids)
    missing = [href for href in page.links if href not in ids]
    assert not missing, missing[:5]


@pytest.fixture(scope="module")
def seed_page(seed_result) -> tuple[str, _Page, object]:  # type: ignore[no-untyped-def]
    from juesuan.api import check_report

    check = check_report(seed_result, source=str(SEED))
    text = render_findings([(seed_result, check)], "html")
    return text, _parse(text), check


def test_every_location_link_lands_on_an_element(seed_page) -> None:  # type: ignore[no-untyped-def]
    _, page, check = seed_page
    _assert_links_land(page)
    located = [f for f in check.findings if f.locations]
    assert len(page.place_lists) >= len(located)
    assert all(places for places in page.place_lists)


def test_one_link_per_place(seed_page) -> None:  # type: ignore[no-untyped-def]
    text, page, check = seed_page
    for places in page.place_lists:
        assert len(places) == len(set(places)), places
    # a finding that quotes several figures of one printed line (TX03: 减少 … 万元, 降低 … %) has
    # one place for that line, its sentence quoted once
    several = []
    for f in check.findings:
        lines = Counter(loc.line for loc in f.locations if loc.table is None and loc.line is not None)
        several += [(f, line) for line, n in lines.items() if n > 1]
    assert any(f.rule_id == "TX03" for f, _ in several)
    for finding, line in several:
        item = re.search(rf"<span class='rule'>{finding.rule_id}</span> {re.escape(html.escape(finding.message))}.*?</ul>", text)
        assert item is not None
        assert item.group(0).count(f"第{line}行") == 1


def test_narrative_findings_show_their_sentence(seed_page) -> None:  # type: ignore[no-untyped-def]
    text, _, _ = seed_page
    # YZ08 "均以完成": the sentence around it, with the words marked
    assert re.search(r"<q>各项绩效指标<mark class='hl-info'>均以完成</mark>。</q>", text)
    # TX03 on line 95: the figures marked inside the sentence
    assert re.search(r"<q>[^<]*<mark class='hl-[a-z]+'>减少</mark>", text)


def test_evaluation_tables_are_in_the_report_and_linked(seed_page, seed_report) -> None:  # type: ignore[no-untyped-def]
    text, _, check = seed_page
    assert "绩效自评表</h2>" in text
    for project in seed_report.projects:
        assert f"：{project.name}" in text
    # the 自评表 findings (YZ02/YZ03 on 主管部门 and 实施单位, JX05 on 执行率) link to cells there
    jx = [f for f in check.findings if f.locations and f.locations[0].table == "预算项目（政策）绩效自评表"]
    assert jx
    assert "原文摘录" not in text or text.count("id='d1-x") <= 1  # only the 目录 line is not drawn elsewhere


def test_the_summary_table_is_drawn_side_by_side(seed_page) -> None:  # type: ignore[no-untyped-def]
    _, page, _ = seed_page
    balance = next(t for t in page.tables if t and t[0][:2] == ["收入", "支出"])
    first = balance[2]
    assert "一般公共预算财政拨款收入" in first[0]
    assert any("支出" in cell for cell in first[len(first) // 2 :])


@pytest.mark.parametrize("name", CORPUS_PDFS)
def test_corpus_reports_link_every_location(corpus: CorpusCache, name: str) -> None:
    result, check = corpus.result(name), corpus.checked(name)
    page = _parse(render_findings([(result, check)], "html"))
    _assert_links_land(page)
    assert len(page.place_lists) >= sum(1 for f in check.findings if f.locations)


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, Path]:
    root = tmp_path_factory.mktemp("docs")
    (root / "chaoyang.txt").write_bytes(SEED.read_bytes())
    (root / CORPUS_PDFS[1]).symlink_to(CORPUS / CORPUS_PDFS[1])
    (root / "说明.md").write_text("# 说明\n\n本文件夹存放各单位上报的材料。\n\n| 单位 | 份数 |\n|---|---|\n| 财政局 | 1 |\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(
        app,
        ["check", str(root), "--jobs", "1", "-f", "html", "-o", str(out / "审核.html"), "--summary", str(out / "汇总.csv"), "--findings", str(out / "问题.xlsx")],
    )
    return result.exit_code, out


def test_a_batch_is_one_page_with_an_index(batch) -> None:  # type: ignore[no-untyped-def]
    _, out = batch
    text = (out / "审核.html").read_text(encoding="utf-8")
    assert text.count("<html") == 1 and text.count("<main") == 2
    page = _parse(text)
    _assert_links_land(page)
    assert text.index("审核报告索引") < text.index("<main")
    index = next(t for t in page.tables if t and t[0][:2] == ["#", "文件"])
    assert len(index) == 4  # header + 3 files
    assert any("跳过" in cell for row in index for cell in row)


def test_a_stray_markdown_file_is_skipped_not_a_failure(batch) -> None:  # type: ignore[no-untyped-def]
    code, out = batch
    assert code == 1  # the seed has errors; the Markdown note does not make it 2
    rows = list(csv.DictReader((out / "汇总.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert list(rows[0]) == ["文件", "状态", "单位", "年度", "版式", "错误", "警告", "提示", "耗时（秒）", "尝试次数", "说明"]
    by_name = {Path(r["文件"]).name: r for r in rows}
    assert by_name["说明.md"]["状态"] == "跳过" and by_name["chaoyang.txt"]["状态"] == "已审核"


def test_findings_export_has_a_row_per_finding_of_every_document(batch, corpus: CorpusCache) -> None:  # type: ignore[no-untyped-def]
    _, out = batch
    sheet = openpyxl.load_workbook(out / "问题.xlsx", read_only=True).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert header[0] == "部门（单位）" and "规则编号" in header and "说明" in header
    files = Counter(Path(str(r[header.index("文件")])).name for r in body)
    from juesuan.api import check_file

    _, seed_check = check_file(SEED)
    assert files["chaoyang.txt"] == len(seed_check.findings)
    assert files[CORPUS_PDFS[1]] == len(corpus.checked(CORPUS_PDFS[1]).findings)
    assert "说明.md" not in files
    assert {str(r[header.index("级别")]) for r in body} <= {"错误", "警告", "提示"}


def test_findings_export_for_one_document_as_csv(tmp_path: Path) -> None:
    target = tmp_path / "问题.csv"
    result = CliRunner().invoke(app, ["check", str(SEED), "--findings", str(target)])
    assert result.exit_code == 1
    rows = list(csv.DictReader(target.read_text(encoding="utf-8-sig").splitlines()))
    assert rows and rows[0]["规则编号"] and rows[0]["部门（单位）"] == "辽宁省朝阳市社会保险事业服务中心"
    assert CliRunner().invoke(app, ["check", str(SEED), "--findings", str(tmp_path / "x.pdf")]).exit_code == 2


def test_a_culprit_lists_the_findings_it_causes_under_it(tmp_path: Path) -> None:
    lines = SEED.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("208\t") and "1,968.11" in line)
    lines[at] = lines[at].replace("1,968.11", "1,986.11", 1)  # one 收入决算表 cell, two digits swapped
    mutated = tmp_path / "决算.txt"
    mutated.write_text("".join(lines), encoding="utf-8")
    from juesuan.api import check_file

    result, check = check_file(mutated)
    culprit = next(f for f in check.findings if f.rule_id == "CU01")
    assert culprit.consequences
    text = render_findings([(result, check)], "html")
    _assert_links_land(_parse(text))
    item = re.search(r"<span class='rule'>CU01</span>.*?<div class='consequences'>(.*?)</div>", text, re.S)
    assert item is not None
    for cid in culprit.consequences:
        caused = check.finding(cid)
        assert caused is not None
        assert html.escape(caused.message) in item.group(1)
        assert text.count(html.escape(caused.message)) == 1  # under its culprit, not again on its own
    assert text.index("错数定位") < text.index("表内")  # the figure to fix comes first


def test_the_terminal_summary_shows_whole_names() -> None:
    from rich.console import Console

    from juesuan.cli.commands import _print_summary

    long_name = "辽宁省朝阳市人力资源和社会保障局所属社会保险事业服务中心（机关养老保险经办科）"
    rows: list[dict[str, object]] = [
        {"file": "各地/朝阳市/2024年/社会保险事业服务中心2024年度部门决算公开.pdf", "status": "checked", "department": long_name, "year": 2024, "profile": "liaoning", "errors": 3, "warnings": 1, "infos": 20, "problem": ""},
        {"file": "各地/朝阳市/说明.md", "status": "skipped", "department": "", "year": None, "profile": "", "errors": None, "warnings": None, "infos": None, "problem": "这不像部门决算文档：既没有找到任何决算表，也没有“决算”字样"},
    ]
    console = Console(width=80, record=True, highlight=False)
    _print_summary(rows, 2, 2, True, console)
    text = console.export_text()
    assert "…" not in text
    columns: dict[int, str] = {}
    for line in text.splitlines():
        if line.startswith("│"):
            for i, cell in enumerate(line.split("│")[1:-1]):
                columns[i] = columns.get(i, "") + cell.strip()
    assert long_name in columns[1] and "也没有“决算”字样" in columns[1]
    assert "社会保险事业服务中心2024年度部门决算公开.pdf" in columns[0]
