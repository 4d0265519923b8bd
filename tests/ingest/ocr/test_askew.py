"""A two-sided table scanned askew reads cell for cell as the typeset one.

公开06表 (一般公共预算财政拨款基本支出决算表) prints two code–name–amount halves side by side: a
header label misread on the left half would hand the right half's figures to the left half's
rows. The page is fed 1.2° askew, as into a sheet-fed scanner (the recogniser then returns
traditional forms such as 決算数 for some labels; they are read as printed)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from juesuan import api
from juesuan.diagnostics import Severity
from juesuan.render.cells import iter_cells
from tests.ingest.ocr.conftest import DOCUMENT
from tests.ingest.ocr.make import scan_pages

PAGE = 16
TABLE = "一般公共预算财政拨款基本支出决算表"


@pytest.fixture(scope="module")
def askew(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from juesuan.ingest import read

    path: Path = scan_pages(DOCUMENT, tmp_path_factory.mktemp("askew") / "askew.pdf", {PAGE}, quality=0, angle=1.2)
    return read(path)


def _cells(result) -> dict[tuple[str, ...], str]:  # type: ignore[no-untyped-def]
    return {row[:4]: row[4] for row in iter_cells(result.report) if row[0] == TABLE}


def test_a_two_sided_table_scanned_askew_reads_as_typeset(askew, typeset) -> None:  # type: ignore[no-untyped-def]
    truth = _cells(typeset)
    assert len(truth) > 25
    assert _cells(askew) == truth


def test_a_page_scanned_askew_adds_no_error(askew, typeset) -> None:  # type: ignore[no-untyped-def]
    def errors(result):  # type: ignore[no-untyped-def]
        report = api.check_report(result)
        return Counter((f.rule_id, f.message) for f in report.findings if f.severity == Severity.ERROR)

    assert errors(askew) - errors(typeset) == Counter()
