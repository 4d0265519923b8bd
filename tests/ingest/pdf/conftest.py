"""The corpus PDFs, each read once per test session (reading is the slow part)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import CORPUS

CORPUS_PDFS = sorted(p.name for p in CORPUS.glob("*.pdf"))


class _Cache:
    def __init__(self) -> None:
        self.results: dict[str, object] = {}
        self.pieces: dict[str, object] = {}

    def result(self, name: str):  # type: ignore[no-untyped-def]
        if name not in self.results:
            from juesuan.ingest import read

            self.results[name] = read(CORPUS / name)
        return self.results[name]

    def pdf_pieces(self, name: str):  # type: ignore[no-untyped-def]
        if name not in self.pieces:
            from juesuan.ingest.pdf import pdf_pieces

            self.pieces[name] = pdf_pieces(CORPUS / name)
        return self.pieces[name]


@pytest.fixture(scope="session")
def corpus() -> _Cache:
    assert CORPUS_PDFS, f"the corpus PDFs are expected beside the repository: {CORPUS}"
    return _Cache()


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS
