"""Fuzzing the Excel, Word and HTML readers: whatever the bytes, the answer is a report or a
:class:`ReadError` — never another exception. Random bytes, valid files with their XML or markup
mutated, and valid packages with their bytes flipped. Each test runs a few seconds; set
``JUESUAN_FUZZ_EXAMPLES`` (default 40) for a longer run."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import docx
import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from juesuan.diagnostics import ReadError
from juesuan.ingest import ReadResult, read

FUZZ = settings(max_examples=int(os.environ.get("JUESUAN_FUZZ_EXAMPLES", "40")), deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def workbook() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "公开02表"
    ws.merge_cells("A1:D1")
    ws["A1"] = "收入决算表"
    ws.append(["单位：某某局", None, None, "金额单位：万元"])
    ws.append(["项目", None, "本年收入合计", "财政拨款收入"])
    ws.append(["功能分类科目编码", "科目名称"])
    ws.append(["合计", None, 10, 10])
    ws.append(["2080505", "机关事业单位基本养老保险缴费支出", 10, 10])
    for row in ws.iter_rows(min_row=5, min_col=3):
        for cell in row:
            cell.number_format = "#,##0.00"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def document() -> bytes:
    d = docx.Document()
    d.add_heading("第一部分 某某局概况", level=1)
    d.add_paragraph("主要职责", style="List Number")  # numbered by Word: numbering.xml is read
    d.add_paragraph("收入决算表")
    d.add_paragraph("单位：某某局    金额单位：万元")
    table = d.add_table(rows=4, cols=4)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "项目"
    table.cell(0, 2).merge(table.cell(1, 2)).text = "本年收入合计"
    table.cell(0, 3).merge(table.cell(1, 3)).text = "财政拨款收入"
    for c, text in enumerate(["功能分类科目编码", "科目名称"]):
        table.cell(1, c).text = text
    for r, values in enumerate((["合计", "", "10.00", "10.00"], ["2080505", "机关事业单位基本养老保险缴费支出", "10.00", "10.00"]), start=2):
        for c, text in enumerate(values):
            table.cell(r, c).text = text
    buffer = io.BytesIO()
    d.save(buffer)
    return buffer.getvalue()


PAGE = """<html><head><meta charset="utf-8"><title>某某局2024年度部门决算</title></head><body>
<h1>某某局2024年度部门决算</h1><p>第四部分 2024年度部门决算表</p>
<table><tr><td colspan="4">收入决算表</td></tr><tr><td colspan="3">单位：某某局</td><td>金额单位：万元</td></tr>
<tr><td colspan="2">项目</td><td rowspan="2">本年收入合计</td><td rowspan="2">财政拨款收入</td></tr>
<tr><td>功能分类科目编码</td><td>科目名称</td></tr><tr><td colspan="2">合计</td><td>10.00</td><td>10.00</td></tr>
<tr><td>2080505</td><td>机关事业单位基本养老保险缴费支出</td><td>10.00</td><td>10.00</td></tr></table>
<p>注：本表反映部门本年度取得的各项收入情况。</p></body></html>"""

def old_workbook() -> bytes:
    import xlwt

    wb = xlwt.Workbook()
    ws = wb.add_sheet("公开02表")
    money = xlwt.easyxf(num_format_str="#,##0.00")
    ws.write_merge(0, 0, 0, 3, "收入决算表")
    for r, values in enumerate((["项目", "", "本年收入合计", "财政拨款收入"], ["功能分类科目编码", "科目名称"], ["合计", "", 10, 10], ["2080505", "机关事业单位基本养老保险缴费支出", 10, 10]), start=1):
        for c, value in enumerate(values):
            ws.write(r, c, value, money if isinstance(value, int) else xlwt.Style.default_style)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


WORKBOOK = workbook()
DOCUMENT = document()
OLD_WORKBOOK = old_workbook()


def outcome(tmp_path: Path, name: str, data: bytes) -> ReadResult | ReadError:
    path = tmp_path / name
    path.write_bytes(data)
    try:
        return read(path)
    except ReadError as exc:
        assert exc.problem and exc.path == str(path)
        return exc


def test_the_seeds_of_the_fuzzing_read(tmp_path: Path) -> None:
    """The files mutated below are valid to begin with: the fuzzing starts from real documents."""
    for name, data in (("a.xlsx", WORKBOOK), ("a.xls", OLD_WORKBOOK), ("a.docx", DOCUMENT), ("a.html", PAGE.encode())):
        result = outcome(tmp_path, name, data)
        assert isinstance(result, ReadResult), result
        assert [t.kind.value for t in result.report.tables] == ["收入决算表"]


@FUZZ
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".xlsx", ".xls", ".docx", ".html"]))
def test_random_bytes(tmp_path: Path, data: bytes, suffix: str) -> None:
    outcome(tmp_path, f"random{suffix}", data)


def _mutate(text: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    out = bytearray(text)
    for position, cut, insert in edits:
        at = position % (len(out) + 1)
        out[at : at + cut] = insert
    return bytes(out)


_XML_BITS = st.sampled_from(
    [b"<", b">", b"/>", b'"', b"&", b"&amp;", b"]]>", b"<w:tc>", b"<w:gridSpan w:val=\"999999\"/>", b'<w:vMerge/>', b"</w:tr>",
     b"<w:tbl>", b'<c r="ZZZ99999999" t="s"><v>9999</v></c>', b'<row r="0">', b't="n"', b"<v>1e308</v>", b"\x00", b"\xff\xfe", b"\xe6\x94\xb6"]
)  # fmt: skip
_EDITS = st.lists(st.tuples(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=40), st.one_of(_XML_BITS, st.binary(max_size=8))), min_size=1, max_size=6)


def _repack(package: bytes, part: str, edits: list[tuple[int, int, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            dst.writestr(info.filename, _mutate(body, edits) if info.filename == part else body)
    return out.getvalue()


def _parts(package: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return [n for n in archive.namelist() if n.endswith((".xml", ".rels"))]


@FUZZ
@given(part=st.sampled_from(_parts(WORKBOOK)), edits=_EDITS)
def test_workbooks_with_mutated_xml(tmp_path: Path, part: str, edits: list[tuple[int, int, bytes]]) -> None:
    outcome(tmp_path, "mutated.xlsx", _repack(WORKBOOK, part, edits))


@FUZZ
@given(part=st.sampled_from(_parts(DOCUMENT)), edits=_EDITS)
def test_word_documents_with_mutated_xml(tmp_path: Path, part: str, edits: list[tuple[int, int, bytes]]) -> None:
    outcome(tmp_path, "mutated.docx", _repack(DOCUMENT, part, edits))


@FUZZ
@given(which=st.sampled_from(["xlsx", "xls", "docx"]), edits=st.lists(st.tuples(st.integers(min_value=0, max_value=10**6), st.integers(0, 4), st.binary(max_size=4)), min_size=1, max_size=4))
def test_packages_with_flipped_bytes(tmp_path: Path, which: str, edits: list[tuple[int, int, bytes]]) -> None:
    package = {"xlsx": WORKBOOK, "xls": OLD_WORKBOOK, "docx": DOCUMENT}[which]
    outcome(tmp_path, f"flipped.{which}", _mutate(package, edits))


_HTML_BITS = st.sampled_from(
    ["<table>", "</table>", "<tr>", "</tr>", "<td>", '<td rowspan="70000">', '<td colspan="-3">', '<td colspan="abc">', "<th colspan=999999>",
     "<caption>收入决算表</caption>", "<br>", "<div>", "</div>", "<script>", "<!--", "-->", "<![CDATA[", "&#0;", "&#x110000;", "<?xml version='1.0' encoding='gbk'?>",
     "<svg>", "<h1>", "单位：", "2024年度", "合计", "\x00", "\ufeff", "<meta charset=\"big5\">"]
)  # fmt: skip


@FUZZ
@given(edits=st.lists(st.tuples(st.integers(min_value=0, max_value=10**5), st.integers(0, 30), st.one_of(_HTML_BITS, st.text(max_size=6))), min_size=1, max_size=8))
def test_web_pages_with_mutated_markup(tmp_path: Path, edits: list[tuple[int, int, str]]) -> None:
    text = PAGE
    for position, cut, insert in edits:
        at = position % (len(text) + 1)
        text = text[:at] + insert + text[at + cut :]
    outcome(tmp_path, "mutated.html", text.encode("utf-8", errors="surrogatepass"))
