"""Crash classes the fuzzer found (issue 9), one test each: a 5,000-digit cell in Word, a damaged
byte in a UTF-8 web page, a web page of thousands of tables, a canonical file of a million values."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from juesuan import api
from juesuan.diagnostics import ReadError
from juesuan.ingest import read

MADE_UP = Path(__file__).resolve().parents[1] / "fixtures" / "render" / "made_up_department.yaml"


@pytest.fixture(scope="module")
def rendered() -> dict[str, bytes]:
    view = api.build_view(api.load_input(MADE_UP))
    return {fmt: api.render_document(view, fmt) for fmt in ("docx", "html")}


def test_five_thousand_digits_in_a_word_table_cell_are_one_reading_finding(rendered: dict[str, bytes], tmp_path: Path) -> None:
    with zipfile.ZipFile(io.BytesIO(rendered["docx"])) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    m = re.search(r"<w:t(?: [^>]*)?>(\d{1,3}(?:,\d{3})*\.\d\d)</w:t>", xml)
    assert m is not None
    parts["word/document.xml"] = (xml[: m.start(1)] + "9" * 5000 + xml[m.end(1) :]).encode("utf-8")
    path = tmp_path / "huge.docx"
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    result = read(path)
    found = [f for f in result.findings if f.rule_id == "RD20"]
    assert len(found) == 1 and "共 5000 个字符" in found[0].message
    assert [u.scope.value for u in result.report.unread] == ["cell"]
    report = api.check_report(result, source=str(path))  # and the check finishes: no InvalidOperation
    assert report.findings


def test_a_damaged_byte_in_a_utf8_page_is_not_read_as_gb18030(rendered: dict[str, bytes], tmp_path: Path) -> None:
    page = rendered["html"]
    intact = tmp_path / "intact.html"
    intact.write_bytes(page)
    at = page.index("一、收入".encode()) + 3
    damaged = tmp_path / "damaged.html"
    damaged.write_bytes(page[:at] + b"\xff" + page[at + 1 :])
    before, after = read(intact), read(damaged)
    assert after.report.metadata.department == before.report.metadata.department
    assert len(after.report.tables) == len(before.report.tables)
    assert [f.rule_id for f in after.findings if f.rule_id != "RD21"] == [f.rule_id for f in before.findings]
    assert any(f.rule_id == "RD21" for f in after.findings)


def test_a_page_of_twenty_thousand_tables_is_read_to_the_limit(tmp_path: Path) -> None:
    table = "<table><tr><td>项目</td><td>金额</td></tr><tr><td>合计</td><td>1.00</td></tr></table>\n"
    path = tmp_path / "tables.html"
    path.write_text("<html><body><h1>某某局2024年度部门决算</h1>" + table * 20_000 + "</body></html>", encoding="utf-8")
    try:
        result = read(path)
    except ReadError as exc:  # nothing of a 决算 in it may also be said so
        assert exc.problem
        return
    limit = [f for f in result.findings if f.rule_id == "RD22"]
    assert len(limit) == 1 and "19,000 张表格" in limit[0].message


def test_a_million_values_in_a_canonical_file_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    path.write_text("[" + ",".join(["{}"] * 1_000_001) + "]", encoding="utf-8")
    with pytest.raises(ReadError) as caught:
        read(path)
    assert "超过 1,000,000" in caught.value.problem
