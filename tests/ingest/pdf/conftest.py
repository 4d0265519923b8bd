"""The corpus PDFs, each read once per test session (reading is the slow part)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import CORPUS
from tests.corpus_cache import CACHE, CORPUS_PDFS, CorpusCache

__all__ = ["CORPUS_PDFS"]


@pytest.fixture(scope="session")
def corpus() -> CorpusCache:
    assert CORPUS_PDFS, f"the corpus PDFs are expected beside the repository: {CORPUS}"
    return CACHE


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS
