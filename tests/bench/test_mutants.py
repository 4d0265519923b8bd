"""The table-mutant API (benchmarks/mutants.py): every slip changes the figure the way it says, and a
mutant reads back to the original's cells except exactly the changed ones — in text and in PDF."""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

import pytest
from benchmarks.mutants import CHANGED, DROPPED, EXTRA, KINDS, SHIFTED, SWAPPED, table_mutants, typo

from juesuan.model.cells import report_cells
from tests.conftest import CORPUS


def _value(printed: str) -> Decimal:
    return Decimal(printed.replace(",", ""))


@pytest.mark.parametrize("printed", ["2,079.31", "44.58", "1968.10", "0.00", "12.3", "5", "123,456"])
def test_each_slip_is_what_it_says(printed: str) -> None:
    rng = random.Random(7)
    digits = printed.replace(",", "").replace(".", "")
    for kind in KINDS:
        for _ in range(20):
            new = typo(printed, kind, rng)
            if new is None:
                continue
            new_digits = new.replace(",", "").replace(".", "")
            assert abs(_value(new) - _value(printed)) >= Decimal("0.1") or "." not in printed
            assert ("," in new) == ("," in printed) or _value(new) < 1000
            if kind == DROPPED:
                assert len(new_digits) in (len(digits) - 1, len(digits))  # 7.50 → 0.50 keeps the count
            elif kind == EXTRA:
                assert len(new_digits) == len(digits) + 1
            elif kind in (SWAPPED, CHANGED):
                assert len(new_digits) == len(digits) and new_digits != digits
                if kind == SWAPPED:
                    assert sorted(new_digits) == sorted(digits)
            elif kind == SHIFTED:
                assert new_digits.strip("0") == digits.strip("0")


def test_unprintable_figures_take_no_slip() -> None:
    rng = random.Random(1)
    assert all(typo(text, kind, rng) is None for text in ("—", "12%", "abc") for kind in KINDS)


def test_seed_mutants_read_as_intended(seed_path: Path, seed_result, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    original = {(c.table, c.row_code or c.row_label, c.column): c.value for c in report_cells(seed_result.report) if c.money}
    mutants = list(table_mutants(seed_path, tmp_path, limit=10, result=seed_result))
    assert len(mutants) == 10
    assert {m.changes[0].kind for m in mutants} == set(KINDS)
    for document, changes in mutants:
        (change,) = changes
        assert document.exists() and document.suffix == ".txt"
        assert original[(change.table, change.row, change.column)] == _value(change.original)
    pairs = list(table_mutants(seed_path, tmp_path / "two", cells=2, limit=3, result=seed_result))
    assert len(pairs) == 3
    for mutant in pairs:
        a, b = mutant.changes
        assert (a.table, a.row) != (b.table, b.row)
        assert mutant.result is not None
        changed = {(c.table, c.row_code or c.row_label, c.column): c.value for c in report_cells(mutant.result.report) if c.money}
        assert changed[(a.table, a.row, a.column)] == _value(a.new)


def test_pdf_mutant_is_edited_in_place(tmp_path: Path) -> None:
    pdf = CORPUS / "cq-xinandaxue-2023-dept-final.pdf"
    if not pdf.exists():
        pytest.skip("corpus not available")
    import pymupdf

    (mutant,) = table_mutants(pdf, tmp_path, limit=1, seed=3)
    (change,) = mutant.changes
    place = mutant.places[0]
    doc = pymupdf.open(mutant.document)
    words = [w[4] for w in doc[(place.page or 1) - 1].get_text("words", clip=pymupdf.Rect(place.bbox))]
    assert change.new in words and change.original not in words
    assert doc.page_count == pymupdf.open(pdf).page_count
