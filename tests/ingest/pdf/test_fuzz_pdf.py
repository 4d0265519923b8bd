"""Fuzzing the PDF reader: whatever the bytes, reading gives a report or a ReadError, nothing else."""

from __future__ import annotations

import os
from pathlib import Path

import pymupdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from juesuan.diagnostics import ReadError
from juesuan.ingest import ReadResult, read

EXAMPLES = int(os.environ.get("JUESUAN_FUZZ_EXAMPLES", "40"))


def _small_pdf() -> bytes:
    """A two-page 决算-like PDF with a ruled table, made at test time."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "Budget 2024", fontsize=14)
    for i in range(4):
        y = 120 + 20 * i
        page.draw_line((72, y), (400, y))
        page.insert_text((80, y + 14), f"{201 + i}  {1000 + i * 11}.50", fontsize=10)
    page.draw_line((72, 200), (400, 200))
    doc.new_page().insert_text((72, 72), "page two", fontsize=12)
    data = doc.tobytes()
    doc.close()
    return data


SEED = _small_pdf()


def _read(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.pdf"
    path.write_bytes(data)
    try:
        result = read(path)
    except ReadError as exc:
        assert exc.problem, "a ReadError must say what is wrong"
        return
    assert isinstance(result, ReadResult)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=4096))
def test_random_bytes_behind_a_pdf_header(tmp_path: Path, body: bytes) -> None:
    _read(tmp_path, b"%PDF-1.7\n" + body)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(min_value=0, max_value=len(SEED) - 1), st.integers(min_value=0, max_value=255)), min_size=1, max_size=20))
def test_a_real_pdf_with_bytes_flipped(tmp_path: Path, flips: list[tuple[int, int]]) -> None:
    data = bytearray(SEED)
    for position, value in flips:
        data[position] = value
    _read(tmp_path, bytes(data))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(min_value=0, max_value=len(SEED)))
def test_a_real_pdf_cut_short(tmp_path: Path, length: int) -> None:
    _read(tmp_path, SEED[:length])


@pytest.mark.parametrize("data", [b"", b"%PDF", b"%PDF-1.4\n%%EOF", b"\x00" * 100])
def test_degenerate_files(tmp_path: Path, data: bytes) -> None:
    _read(tmp_path, data)
