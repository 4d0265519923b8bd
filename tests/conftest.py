"""Shared test fixtures: where ../shared lives, and the seed read once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = (ROOT.parent / "shared").resolve()
SEED = SHARED / "seed" / "000_47ca208ed1e3cbfe.txt"
CORPUS = SHARED / "corpus"
GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    assert SEED.exists(), f"the seed document is expected beside the repository: {SEED}"
    return SEED


@pytest.fixture(scope="session")
def seed_result(seed_path: Path):  # type: ignore[no-untyped-def]
    from juesuan.ingest import read

    return read(seed_path)


@pytest.fixture(scope="session")
def seed_report(seed_result):  # type: ignore[no-untyped-def]
    return seed_result.report
