"""A digit the recogniser is unsure of never makes an error on its own: the figure's interval
covers what the digit could be, and a reading finding (RD30) names the cell."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from juesuan import api
from juesuan.diagnostics import Severity
from juesuan.ingest.ocr import page as ocr_page
from juesuan.ingest.ocr.confidence import DIGIT_CONFIDENCE, doubt_of
from juesuan.ingest.ocr.engine import Reading

SURE = 0.999
UNSURE = DIGIT_CONFIDENCE / 2


def _confs(text: str, unsure_at: int | None = None) -> tuple[float, ...]:
    return tuple(UNSURE if i == unsure_at else SURE for i in range(len(text)))


def test_a_figure_read_with_confidence_is_not_in_doubt() -> None:
    assert doubt_of("2,112.86", _confs("2,112.86")) is None


def test_a_doubtful_tens_digit_puts_the_figure_within_a_hundred() -> None:
    doubt = doubt_of("1,571.90", _confs("1,571.90", unsure_at=3))
    assert doubt is not None and doubt.characters == "7" and doubt.spread == Decimal(100)


def test_a_doubtful_tenths_digit_puts_the_figure_within_one() -> None:
    doubt = doubt_of("445.69", _confs("445.69", unsure_at=4))
    assert doubt is not None and doubt.spread == Decimal(1)


def test_a_doubtful_point_puts_the_magnitude_in_doubt() -> None:
    doubt = doubt_of("445.69", _confs("445.69", unsure_at=3))
    assert doubt is not None and doubt.spread == Decimal(10_000)


def test_a_figure_of_the_wrong_shape_is_in_doubt_whatever_the_confidence() -> None:
    """``1,23.45``: a separator two digits from the point means a digit was lost."""
    doubt = doubt_of("1,23.45", _confs("1,23.45"))
    assert doubt is not None and doubt.characters == "?"


def test_words_are_never_figures_in_doubt() -> None:
    assert doubt_of("行政运行", _confs("行政运行", unsure_at=1)) is None


def test_a_misread_unsure_digit_gives_a_hint_not_an_error(mixed_pdf: Path, typeset, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """收入决算表 201 06 01 行政运行 prints 1,511.90; the recogniser reads 1,571.90, unsure of the 7."""
    real = ocr_page.recognise

    def misreading(crop):  # type: ignore[no-untyped-def]
        reading = real(crop)
        if reading.text == "1,511.90":
            return Reading("1,571.90", _confs("1,571.90", unsure_at=3))
        return reading

    monkeypatch.setattr(ocr_page, "recognise", misreading)
    from juesuan.ingest import read

    result = read(mixed_pdf)
    doubts = [f for f in result.findings if f.rule_id == "RD30"]
    assert len(doubts) == 1 and doubts[0].severity == Severity.INFO
    assert "1,571.90" in doubts[0].message and doubts[0].first_page() == 8
    table = next(t for t in result.report.tables if t.kind.value == "收入决算表")
    row = next(r for r in table.rows if r.code is not None and r.code.value == "2010601")
    cell = next(c for c in row.cells.values() if c.text == "1,571.90")
    assert cell.amount is not None and cell.amount.interval.lo <= Decimal("1511.90") <= cell.amount.interval.hi

    def errors(report):  # type: ignore[no-untyped-def]
        return Counter((f.rule_id, f.message) for f in report.findings if f.severity == Severity.ERROR)

    assert errors(api.check_report(result)) - errors(api.check_report(typeset)) == Counter()
