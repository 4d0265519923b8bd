"""A cover title the recogniser cannot read whole: the characters it is unsure of are marked
unreadable (□), and the unit's name is then "could not compare", not a wrong name.

财政局's cover prints 上海市普陀区财政局 in large bold type; the recogniser returns “-海门…” with
0.49 and 0.26 for the two misread characters (and ≥ 0.99 for the rest)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from juesuan import api
from juesuan.diagnostics import Severity
from juesuan.ingest.ocr.confidence import WORD_CONFIDENCE, mark_unsure
from juesuan.model.report import UNREADABLE
from tests.ingest.ocr.conftest import DOCUMENT
from tests.ingest.ocr.make import scan_pages


def test_characters_read_without_confidence_are_marked_unreadable() -> None:
    low = WORD_CONFIDENCE / 2
    assert mark_unsure("-海门普陀区财政局", (low, 1.0, low, *(1.0,) * 6)) == "□海□普陀区财政局"
    assert mark_unsure("普陀区财政局", (1.0,) * 6) == "普陀区财政局"
    assert mark_unsure("1,234.56", (low,) * 8) == "1,234.56"  # a figure's doubt is RD30's business
    assert mark_unsure("财政局", (low,)) == "财政局"  # not one probability per character: as read


@pytest.fixture(scope="module")
def scanned_cover(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from juesuan.ingest import read

    path: Path = scan_pages(DOCUMENT, tmp_path_factory.mktemp("cover") / "cover.pdf", {1}, quality=0)
    return read(path)


def test_a_cover_read_with_unsure_characters_is_no_wrong_name(scanned_cover, typeset) -> None:  # type: ignore[no-untyped-def]
    def errors(result):  # type: ignore[no-untyped-def]
        report = api.check_report(result)
        return Counter((f.rule_id, f.message) for f in report.findings if f.severity == Severity.ERROR)

    assert UNREADABLE in (scanned_cover.report.metadata.department or "") or "上海市普陀区财政局" in (scanned_cover.report.metadata.department or "")
    assert errors(scanned_cover) - errors(typeset) == Counter()
