"""Shared test fixtures: where ../shared lives, the seed read once per session, and golden files."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = (ROOT.parent / "shared").resolve()
SEED = SHARED / "seed" / "000_47ca208ed1e3cbfe.txt"
CORPUS = SHARED / "corpus"
GOLDEN = Path(__file__).resolve().parent / "golden"

UPDATE_ENV = "JUESUAN_UPDATE_GOLDEN"

# every value juesuan builds without validation (juesuan.model.build.unchecked) is validated in
# strict mode throughout the suite, and in the commands it runs: a wrong type fails a test. Set
# before juesuan is imported (the switch is read once).
os.environ["JUESUAN_VALIDATE_BUILDS"] = "1"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help=f"rewrite golden files from the current output instead of comparing (same as {UPDATE_ENV}=1)",
    )


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


class Golden:
    """Compare a generated text with a committed golden file, or rewrite the file on request.

    ``pytest --update-golden`` (or ``JUESUAN_UPDATE_GOLDEN=1``) writes the current output over the
    golden file and passes; the change then shows in ``git diff`` for review before committing.
    """

    def __init__(self, update: bool) -> None:
        self.update = update

    def check(self, path: Path, actual: str, *, context: int = 2, max_lines: int = 80) -> None:
        if self.update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8", newline="")
            return
        assert path.exists(), f"golden file missing: {path} (create it with pytest --update-golden)"
        expected = path.read_text(encoding="utf-8")
        if actual == expected:
            return
        diff = list(
            difflib.unified_diff(
                expected.splitlines(),
                actual.splitlines(),
                fromfile=f"{path.name} (golden)",
                tofile=f"{path.name} (generated)",
                n=context,
                lineterm="",
            )
        )
        shown = "\n".join(diff[:max_lines])
        more = f"\n… {len(diff) - max_lines} more diff lines" if len(diff) > max_lines else ""
        pytest.fail(
            f"{path.name} differs from the generated output ({len(diff)} diff lines).\n{shown}{more}\n"
            f"If the change is intended, rerun with --update-golden (or {UPDATE_ENV}=1) and review git diff.",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def golden(request: pytest.FixtureRequest) -> Golden:
    flag = bool(request.config.getoption("--update-golden"))
    return Golden(update=flag or os.environ.get(UPDATE_ENV, "") not in ("", "0"))
