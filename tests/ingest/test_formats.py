"""One table of formats: a file's reader is chosen by its suffix, else by a sniff of its content,
and a new format is one registered entry (scanned images, say)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from juesuan.diagnostics import ReadError
from juesuan.ingest import formats, read, supported_suffixes
from juesuan.ingest.formats import FORMATS, Format, choose, register
from juesuan.ingest.result import ReadResult
from juesuan.model.codes import Catalogue
from juesuan.model.report import Metadata, Report
from tests.conftest import CORPUS


def test_every_suffix_has_one_format() -> None:
    suffixes = [s for f in FORMATS for s in f.suffixes]
    assert len(suffixes) == len(set(suffixes))
    assert supported_suffixes() == sorted(suffixes)
    for suffix in (".txt", ".md", ".pdf", ".xlsx", ".xls", ".docx", ".html", ".json", ".yaml", ".png", ".jpg"):
        assert suffix in suffixes


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"%PDF-1.7\n", "pdf"),
        (b"<!DOCTYPE html><html><body><table></table></body></html>", "html"),
        (b'{"schema_version": 1, "metadata": {}}', "canonical"),
        ("某某局2024年度部门决算\n".encode(), "text"),
    ],
)
def test_a_file_without_a_suffix_is_read_by_its_content(tmp_path: Path, content: bytes, name: str) -> None:
    path = tmp_path / "download"
    path.write_bytes(content)
    assert choose(path).name == name


def test_a_corpus_pdf_saved_without_a_suffix_reads_like_the_pdf(tmp_path: Path, seed_path: Path) -> None:
    source = CORPUS / "sh-template-dept-final-2024-yangzhang.pdf"
    if not source.exists():
        pytest.skip("corpus PDF not available")
    path = tmp_path / "download.bak"
    shutil.copy(source, path)
    assert read(path).report.metadata.source_format == "pdf"


def test_an_unknown_file_is_refused_with_the_supported_suffixes(tmp_path: Path) -> None:
    path = tmp_path / "archive.rar"
    path.write_bytes(b"Rar!\x1a\x07\x00" + bytes(range(256)) * 4)
    with pytest.raises(ReadError) as caught:
        read(path)
    assert "不支持的文件类型" in caught.value.problem and ".pdf" in caught.value.problem


def test_a_new_format_is_one_registered_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(formats, "FORMATS", list(FORMATS))  # the registration is undone after the test
    register(Format("scan", "扫描件", (".scan",), "tests.ingest.test_formats:read_scan", lambda _p, head: head.startswith(b"SCAN")), before="text")
    path = tmp_path / "page.scan"
    path.write_bytes(b"SCAN 1")
    assert read(path).report.metadata.source_format == "scan"
    bare = tmp_path / "page"
    bare.write_bytes(b"SCAN 1")
    assert read(bare).report.metadata.source_format == "scan"
    with pytest.raises(ValueError):
        register(Format("again", "重复", (".scan",), "x:y", lambda _p, _h: False))


def read_scan(path: Path, catalogue: Catalogue) -> ReadResult:  # the registered test format's reader
    return ReadResult(report=Report(metadata=Metadata(source_file=str(path), source_format="scan")))
