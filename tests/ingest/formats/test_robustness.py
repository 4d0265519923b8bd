"""Hostile and broken workbooks, Word documents and web pages fail fast, with a Chinese message
naming the file: zip bombs and swollen packages refused from their directory alone, corrupt or
truncated packages, files that are something else, password-protected files, huge sheets, pages
without tables and pages nested without end."""

from __future__ import annotations

import io
import resource
import struct
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from juesuan.cli.app import app
from juesuan.diagnostics import ReadError
from juesuan.ingest import read
from juesuan.ingest.common.container import ZipLimits
from juesuan.ingest.excel import reader as excel_reader

MB = 1024 * 1024


#: CPU seconds a bomb would need many times over (a guard against runaway work, not a speed
#: measure: CPU time of this process, so that a loaded machine does not fail it)
RUNAWAY = 20.0


def problem(path: Path, seconds: float = RUNAWAY) -> str:
    started = time.process_time()
    with pytest.raises(ReadError) as caught:
        read(path)
    assert time.process_time() - started < seconds
    assert caught.value.path == str(path)
    return caught.value.problem


def small_workbook() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "公开07表"
    ws.append(["财政拨款“三公”经费支出决算表"])
    ws.append(["项目", "预算数", "决算数"])
    ws.append(["合计", "30.00", "24.00"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def repack(data: bytes, extra: dict[str, bytes] | None = None, replace: dict[str, bytes] | None = None) -> bytes:
    """The package with parts replaced or added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, (replace or {}).get(info.filename, src.read(info.filename)))
        for name, body in (extra or {}).items():
            dst.writestr(zipfile.ZipInfo(name), body, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return out.getvalue()


def test_limits_are_what_the_documentation_says() -> None:
    limits = ZipLimits()
    assert (limits.entries, limits.part, limits.total, limits.ratio) == (2000, 64 * MB, 256 * MB, 200)
    assert excel_reader.MAX_ROWS == 10_000 and excel_reader.MAX_COLUMNS == 100 and excel_reader.MAX_BYTES == 50 * MB


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_a_zip_bomb_is_refused_before_anything_is_decompressed(tmp_path: Path, suffix: str) -> None:
    """A 3 MB part of zeros squeezed a thousand times: refused on its declared ratio."""
    path = tmp_path / f"bomb{suffix}"
    path.write_bytes(repack(small_workbook(), extra={"xl/media/zeros.bin": bytes(3 * MB)}))
    assert path.stat().st_size < 100 * 1024
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    text = problem(path, seconds=0.5)
    assert "疑似压缩炸弹" in text and "zeros.bin" in text
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 20 * 1024  # KB: nothing was inflated


def test_a_package_declaring_gigabytes_is_refused(tmp_path: Path) -> None:
    """The sizes come from the ZIP directory: a part that says it holds 3 GB is not opened."""
    data = bytearray(repack(small_workbook(), extra={"xl/huge.xml": b"<x/>"}))
    entry = data.rfind(b"PK\x01\x02", 0, data.rfind(b"xl/huge.xml"))
    struct.pack_into("<I", data, entry + 24, 3 * 1024 * MB)  # uncompressed size in the central directory
    path = tmp_path / "declared.xlsx"
    path.write_bytes(bytes(data))
    text = problem(path, seconds=0.5)
    assert "xl/huge.xml" in text and "超过上限" in text


def test_a_package_with_thousands_of_parts_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "parts.xlsx"
    path.write_bytes(repack(small_workbook(), extra={f"xl/media/p{i}.bin": b"" for i in range(2100)}))
    assert "超过上限 2000" in problem(path)


def test_a_part_lying_about_its_size_fails_cleanly(tmp_path: Path) -> None:
    """A sheet that inflates past the size its directory declares: the read stops at the declared
    size and the package is reported broken (no unbounded inflation)."""
    sheet = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' + b" " * (8 * MB) + b"</sheetData></worksheet>"
    data = bytearray(repack(small_workbook(), replace={"xl/worksheets/sheet1.xml": sheet}))
    name = b"xl/worksheets/sheet1.xml"
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = -1
        while True:
            at = data.find(signature, at + 1)
            if at < 0:
                break
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + len(name)] == name:
                struct.pack_into("<I", data, at + offset, 4096)
    path = tmp_path / "liar.xlsx"
    path.write_bytes(bytes(data))
    assert "损坏" in problem(path)


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_a_truncated_package(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"cut{suffix}"
    path.write_bytes(small_workbook()[:2000])
    assert "损坏" in problem(path)


def test_a_docx_that_is_really_text(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    path.write_text("某某局2024年度部门决算\n收入决算表\n", encoding="utf-8")
    assert "文本文件" in problem(path) and ".txt" in problem(path)


def test_a_workbook_named_docx_and_a_document_named_xlsx(tmp_path: Path, made_up_files: dict[str, Path]) -> None:
    workbook = tmp_path / "wrong.docx"
    workbook.write_bytes(made_up_files["xlsx"].read_bytes())
    assert "Excel 工作簿" in problem(workbook)
    document = tmp_path / "wrong.xlsx"
    document.write_bytes(made_up_files["docx"].read_bytes())
    assert "Word 文档" in problem(document)


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_password_protected_files(tmp_path: Path, made_up_files: dict[str, Path], fmt: str) -> None:
    msoffcrypto = pytest.importorskip("msoffcrypto.format.ooxml")
    with made_up_files[fmt].open("rb") as plain:
        package = msoffcrypto.OOXMLFile(plain)
        out = io.BytesIO()
        package.encrypt("secret", out)
    path = tmp_path / f"locked.{fmt}"
    path.write_bytes(out.getvalue())
    text = problem(path)
    assert "密码" in text and "加密" in text


@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".docx", ".html"])
def test_empty_files(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(b"")
    assert "空" in problem(path)


def test_random_bytes_named_xls(tmp_path: Path) -> None:
    path = tmp_path / "noise.xls"
    path.write_bytes(bytes(range(256)) * 64)
    assert "不是 Excel 工作簿" in problem(path)


def huge_sheet_workbook(rows_xml: str, dimension: str) -> bytes:
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{rows_xml}</sheetData></worksheet>'
    ).encode()
    return repack(small_workbook(), replace={"xl/worksheets/sheet1.xml": sheet})


def test_a_sheet_claiming_a_million_rows_is_read_in_no_time(tmp_path: Path) -> None:
    rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>某某局2024年度部门决算</t></is></c></row>'
    rows += '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    path = tmp_path / "claims.xlsx"
    path.write_bytes(huge_sheet_workbook(rows, "A1:XFD1048576"))
    started = time.process_time()
    result = read(path)
    assert time.process_time() - started < RUNAWAY
    assert [line.text for line in result.report.toc] == []
    assert result.report.metadata.title.startswith("某某局2024年度部门决算")


def test_a_sheet_longer_than_the_limit_is_cut_with_a_warning(tmp_path: Path) -> None:
    count = excel_reader.MAX_ROWS + 500
    rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>某某局2024年度部门决算明细</t></is></c></row>'
    rows += "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}"><v>{r}</v></c></row>' for r in range(2, count + 1))
    path = tmp_path / "long.xlsx"
    path.write_bytes(huge_sheet_workbook(rows, f"A1:B{count}"))
    started = time.process_time()
    result = read(path)
    assert time.process_time() - started < 4 * RUNAWAY
    warning = next(f for f in result.findings if f.rule_id == "RD11")
    assert f"超过 {excel_reader.MAX_ROWS} 行" in warning.message


def test_a_page_nested_without_end(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    path.write_text("<html><body>" + "<div>" * 50_000 + "<table><tr><td>收入决算表</td></tr></table>" + "</div>" * 50_000 + "</body></html>", encoding="utf-8")
    assert "嵌套超过" in problem(path)


def test_a_binary_file_named_html(tmp_path: Path) -> None:
    path = tmp_path / "image.html"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    assert "二进制" in problem(path)


def test_a_pdf_named_html(tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    path.write_bytes(b"%PDF-1.7\n" + bytes(100))
    assert "PDF" in problem(path)


def test_cli_exit_code_2_and_the_file_named(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(repack(small_workbook(), extra={"xl/media/zeros.bin": bytes(3 * MB)}))
    outcome = CliRunner().invoke(app, ["check", str(path)])
    assert outcome.exit_code == 2
    assert "bomb.xlsx" in outcome.output and "压缩炸弹" in outcome.output
