"""Pictures as the pages of one document; a page fed askew is straightened; bad pictures are refused in Chinese."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from juesuan.batch import page_document
from juesuan.cli.app import app
from juesuan.diagnostics import ReadError
from juesuan.ingest import read, read_pages
from juesuan.ingest.ocr.image import grey_of, skew_angle
from juesuan.ingest.ocr.page import normalise
from juesuan.render.cells import iter_cells
from tests.ingest.ocr.conftest import DOCUMENT, TABLE
from tests.ingest.ocr.make import page_image


@pytest.mark.parametrize("angle", [1.5, -0.8])
def test_a_page_fed_askew_is_straightened(angle: float) -> None:
    """The angle found is the one that undoes the turn (收入决算表, turned as by a scanner)."""
    pix = page_image(DOCUMENT, 8, dpi=100, angle=angle)
    rgb = np.frombuffer(pix.samples, np.uint8).reshape(pix.h, pix.w, 3)
    import cv2

    binary = cv2.threshold(grey_of(rgb), 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1]
    assert abs(skew_angle(binary) + angle) <= 0.15


def test_a_red_seal_fades_into_the_paper() -> None:
    """The brightest channel: red (公章) and blue ink become light, black print stays black."""
    rgb = np.array([[[220, 30, 40], [20, 20, 20], [40, 60, 210]]], np.uint8)
    assert grey_of(rgb).tolist() == [[220, 20, 210]]


@pytest.mark.parametrize(
    ("read_as", "printed"),
    [
        ("２,１１２.８６", "2,112.86"),
        ("1，511.90", "1,511.90"),
        ("维修(护)费", "维修（护）费"),
        ("单位:万元", "单位：万元"),
        ("2024年度", "2024年度"),
        # the recogniser's traditional forms of simplified print (a turned page: 決算数)
        ("決算数", "决算数"),
        ("一般公共預算財政撥款", "一般公共预算财政拨款"),
        ("上海市普陀区财政局", "上海市普陀区财政局"),
        # the dots of a template's “…” row, read as dots, o's and 0's
        ("......", "…"),
        ("0oooO。", "…"),
        ("OO.OOO 00.…。", "…"),
        ("OOO", "…"),
        (".", "…"),
        ("0.00", "0.00"),
        ("100", "100"),
    ],
)
def test_recognised_text_is_written_as_documents_print_it(read_as: str, printed: str) -> None:
    assert normalise(read_as) == printed


def test_pictures_named_together_are_one_document_in_page_order(tmp_path: Path) -> None:
    for name in ("第10页.jpg", "第2页.jpg", "第1页.jpg", "说明.txt"):
        (tmp_path / name).write_bytes(b"x")
    images = [tmp_path / "第1页.jpg", tmp_path / "第2页.jpg"]
    assert page_document(images, as_pages=False) == (images[0], images)
    assert page_document([images[0]], as_pages=False) is None  # one picture: a document of its own
    assert page_document([tmp_path], as_pages=False) is None  # a folder: each file checked alone
    name, pages = page_document([tmp_path], as_pages=True) or (None, [])
    assert name == tmp_path and [p.name for p in pages] == ["第1页.jpg", "第2页.jpg", "第10页.jpg"]
    assert page_document([images[0], tmp_path / "说明.txt"], as_pages=False) is None


def test_two_pictures_make_one_checked_document(tmp_path: Path) -> None:
    """`juesuan check 第1页.jpg 第2页.jpg`: the 收入决算表 that runs over both pictures is read whole."""
    for n, page in ((1, 8), (2, 9)):
        page_image(DOCUMENT, page).save(tmp_path / f"第{n}页.jpg", jpg_quality=75)
    result = read_pages([tmp_path / "第1页.jpg", tmp_path / "第2页.jpg"])
    typeset = {row[:5] for row in iter_cells(read(DOCUMENT).report) if row[0] == TABLE}
    scanned = {row[:5] for row in iter_cells(result.report) if row[0] == TABLE}
    assert scanned == typeset
    notes = [f.message for f in result.findings if f.rule_id == "RD08"]
    assert any("第2页.jpg" in m for m in notes)

    out = CliRunner().invoke(app, ["check", str(tmp_path / "第1页.jpg"), str(tmp_path / "第2页.jpg"), "--format", "json"])
    assert out.exit_code in (0, 1), out.output
    report = json.loads(out.stdout)
    assert isinstance(report, dict), "one document, not one per picture"
    assert report["source"] == str(tmp_path / "第1页.jpg")


def test_a_file_that_is_no_picture_is_refused_in_chinese(tmp_path: Path) -> None:
    bad = tmp_path / "扫描件.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    with pytest.raises(ReadError) as info:
        read(bad)
    assert info.value.path == str(bad) and ("图片" in info.value.problem)


def test_a_cover_title_in_large_bold_type_is_text_not_a_table() -> None:
    """The strokes of a large bold title are long enough to pass for ruling lines; they are too
    thick to be rules (the 样张's cover, at 200 dpi)."""
    from juesuan.ingest.ocr.page import read_page_image
    from tests.conftest import CORPUS

    template = CORPUS / "sh-template-dept-final-2024-yangzhang.pdf"
    pix = page_image(template, 1, dpi=200)
    rgb = np.frombuffer(pix.samples, np.uint8).reshape(pix.h, pix.w, 3)
    content, _ = read_page_image(rgb, 1, pix.w * 72 / 200, pix.h * 72 / 200)
    from juesuan.ingest.pdf.ruling import find_frames

    assert find_frames(1, content.rules) == []
    assert [w[4].replace(" ", "") for w in content.words] == ["上海市XX局", "2024年度部门决算"]
