"""Every reading problem (RD) against its case file ``tests/fixtures/reading/<ID>.yml``: a damaged
input as the input, the located finding, the unread part recorded in the report and the rules
that could not check because of it as the output (see :mod:`tests.ingest.readingcases`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ingest.readingcases import ReadingCase, all_cases, compare, run_case

CASES = all_cases()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_reading_case(case: ReadingCase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result, report = run_case(case, tmp_path, monkeypatch)
    problems = compare(case, result, report)
    assert not problems, f"{case.file.name} · {case.name}: {case.description}\n" + "\n".join(problems)
