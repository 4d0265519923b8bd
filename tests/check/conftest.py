"""The corpus PDFs read and checked once per session (shared with the reader tests)."""

from __future__ import annotations

import pytest

from tests.conftest import CORPUS
from tests.corpus_cache import CACHE, CORPUS_PDFS, CorpusCache


@pytest.fixture(scope="session")
def corpus() -> CorpusCache:
    assert CORPUS_PDFS, f"the corpus PDFs are expected beside the repository: {CORPUS}"
    return CACHE
