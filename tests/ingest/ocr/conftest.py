"""A corpus document whose two 收入决算表 pages are scanned, read once per session (OCR is the slow part)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import CORPUS
from tests.ingest.ocr.make import scan_pages

#: 上海市普陀区财政局 2024: 收入决算表 on pages 8–9 (the table runs over the page break)
DOCUMENT = CORPUS / "sh-putuo-caizhengju-2024-dept-final.pdf"
SCANNED = {8, 9}
TABLE = "收入决算表"


@pytest.fixture(scope="session")
def mixed_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    assert DOCUMENT.exists(), f"the corpus PDFs are expected beside the repository: {DOCUMENT}"
    return scan_pages(DOCUMENT, tmp_path_factory.mktemp("ocr") / "mixed.pdf", SCANNED)


@pytest.fixture(scope="session")
def mixed(mixed_pdf: Path):  # type: ignore[no-untyped-def]
    from juesuan.ingest import read

    return read(mixed_pdf)


@pytest.fixture(scope="session")
def typeset():  # type: ignore[no-untyped-def]
    from tests.corpus_cache import CACHE

    return CACHE.result(DOCUMENT.name)
