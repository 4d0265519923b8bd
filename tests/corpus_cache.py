"""The corpus PDFs read (and checked) once per test session, whichever test folder asks first.

Reading a PDF is the slow part of the suite; the reader tests (tests/ingest/pdf), the checker's
corpus findings (tests/check) and the annotation tests share this one cache.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import CORPUS

CORPUS_PDFS = sorted(p.name for p in CORPUS.glob("*.pdf"))


class CorpusCache:
    def __init__(self) -> None:
        self.results: dict[str, object] = {}
        self.pieces: dict[str, object] = {}
        self.reports: dict[str, object] = {}

    def path(self, name: str) -> Path:
        return CORPUS / name

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

    def checked(self, name: str):  # type: ignore[no-untyped-def]
        """The check report of one corpus PDF (profile detected, default configuration)."""
        if name not in self.reports:
            from juesuan.api import check_report

            self.reports[name] = check_report(self.result(name), source=str(CORPUS / name))
        return self.reports[name]


CACHE = CorpusCache()
