"""`juesuan check DIR`: every document of a folder checked on all cores, one summary row each."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pymupdf
import pytest
from typer.testing import CliRunner

from juesuan.batch import BatchResult, Status
from juesuan.cli.app import app
from tests.conftest import CORPUS, SEED
from tests.summary_csv import summary_rows

SMALL_PDFS = ["cq-xinandaxue-2023-dept-final.pdf", "sh-putuo-caizhengju-2024-dept-final.pdf"]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed, two corpus PDFs (linked, not copied), a broken PDF and a file juesuan does not read."""
    root = tmp_path_factory.mktemp("reports")
    shutil.copy(SEED, root / "chaoyang.txt")
    for name in SMALL_PDFS:
        (root / name).symlink_to(CORPUS / name)
    (root / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntruncated")
    (root / "readme.docx.bak").write_text("not a report", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def run(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str, str, Path]:
    out = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(
        app,
        ["check", str(folder), "--jobs", "2", "-f", "json", "-o", str(out / "findings.json"), "--summary", str(out / "summary.csv"), "--annotate", str(out / "checked")],
    )
    return result.exit_code, result.stdout, result.stderr, out


def test_unreadable_file_is_listed_and_sets_exit_code_2(run) -> None:  # type: ignore[no-untyped-def]
    code, _, stderr, out = run
    assert code == 2
    assert "broken.pdf" in stderr and "无法读取" in stderr  # in the summary table
    rows = list(summary_rows(out / "summary.csv"))
    broken = next(r for r in rows if r["file"].endswith("broken.pdf"))
    assert broken["problem"] == "PDF 没有任何页面" and broken["errors"] == "" and broken["status"] == "unreadable"


def test_summary_has_one_row_per_document_in_input_order(run, folder: Path) -> None:  # type: ignore[no-untyped-def]
    _, _, _, out = run
    rows = list(summary_rows(out / "summary.csv"))
    assert [Path(r["file"]).name for r in rows] == ["broken.pdf", "chaoyang.txt", SMALL_PDFS[0], "readme.docx.bak", SMALL_PDFS[1]]
    assert [r["status"] for r in rows] == ["unreadable", "checked", "checked", "skipped", "checked"]
    by_name = {Path(r["file"]).name: r for r in rows}
    assert (by_name["chaoyang.txt"]["department"], by_name["chaoyang.txt"]["year"], by_name["chaoyang.txt"]["profile"]) == (
        "辽宁省朝阳市社会保险事业服务中心",
        "2024",
        "liaoning",
    )
    assert by_name["cq-xinandaxue-2023-dept-final.pdf"]["profile"] == "university"
    assert by_name["sh-putuo-caizhengju-2024-dept-final.pdf"]["department"] == "上海市普陀区财政局"


def test_counts_equal_checking_each_document_alone(run, corpus) -> None:  # type: ignore[no-untyped-def]
    _, _, _, out = run
    findings = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    rows = {Path(r["file"]).name: r for r in summary_rows(out / "summary.csv")}
    assert [Path(doc["source"]).name for doc in findings] == ["chaoyang.txt", *SMALL_PDFS]
    for name in SMALL_PDFS:
        alone = corpus.checked(name).summary
        assert (rows[name]["errors"], rows[name]["warnings"], rows[name]["infos"]) == (str(alone.error), str(alone.warning), str(alone.info))
        doc = next(d for d in findings if d["source"].endswith(name))
        assert doc["summary"]["error"] == alone.error


def test_each_pdf_gets_its_annotated_copy(run) -> None:  # type: ignore[no-untyped-def]
    _, _, stderr, out = run
    written = sorted(p.name for p in (out / "checked").iterdir())
    assert written == [n.replace(".pdf", ".checked.pdf") for n in SMALL_PDFS]
    with pymupdf.open(out / "checked" / written[1]) as doc, pymupdf.open(CORPUS / SMALL_PDFS[1]) as original:
        front = doc.page_count - original.page_count  # the summary pages
        assert "juesuan 审核结果" in doc[0].get_text()
        assert "错误 TX01" in doc[front + 20].get_text()  # the note printed beside page 21
    assert "chaoyang.txt" in stderr  # the text file is named as not annotated


def test_summary_as_json_and_a_clean_exit_code(folder: Path, tmp_path: Path) -> None:
    """Only the seed: exit code 1 (the seed has real errors), JSON summary with totals."""
    result = CliRunner().invoke(app, ["check", str(folder / "chaoyang.txt"), str(folder / "chaoyang.txt"), "--summary", str(tmp_path / "s.json")])
    assert result.exit_code == 1
    data = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert data["totals"]["documents"] == 2 and data["totals"]["unreadable"] == 0 and data["complete"] is True
    assert data["documents"][0]["errors"] == data["documents"][1]["errors"] > 0
    assert "审核汇总" in result.stdout  # the table ends the text report


def test_annotate_needs_a_pdf(folder: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["check", str(folder / "chaoyang.txt"), "--annotate", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2 and "只能用于 PDF" in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_worker_count_is_one_per_core_and_never_more_than_the_jobs() -> None:
    from juesuan.batch.local import worker_count

    assert worker_count(1) == 1
    assert worker_count(3, requested=8) == 3
    assert 1 <= worker_count(100) <= 100


def test_exit_codes() -> None:
    assert BatchResult(expected=0).exit_code == 0
    assert BatchResult(expected=2, counts=Counter({Status.CHECKED: 1, Status.SKIPPED: 1}), with_errors=1).exit_code == 1
    assert BatchResult(expected=2, counts=Counter({Status.CHECKED: 1, Status.UNREADABLE: 1})).exit_code == 2
    assert BatchResult(expected=1, counts=Counter({Status.FAILED: 1})).exit_code == 2


def test_an_annotated_copy_that_cannot_be_written_is_reported(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where a folder is needed", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(CORPUS / SMALL_PDFS[0]), "--annotate", str(blocked / "out.pdf"), "-f", "json"])
    assert result.exit_code == 2
    assert "无法写出标注文件" in result.stderr
