"""The corpus cache shared with the reader and checker tests (each PDF read once per session)."""

from __future__ import annotations

import pytest

from tests.corpus_cache import CACHE, CorpusCache


@pytest.fixture(scope="session")
def corpus() -> CorpusCache:
    return CACHE
