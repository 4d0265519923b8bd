"""The batch benchmark (benchmarks/batch.py) reads the summary the real command writes: a run over
a small folder counts its documents and the checked ones, whatever the summary's headers are
called (they are Chinese, read by people in Excel)."""

from __future__ import annotations

import shutil
from pathlib import Path

from benchmarks import batch

from tests.conftest import SEED


def test_a_batch_run_is_counted_from_its_summary(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        shutil.copy(SEED, folder / name)
    (folder / "broken.txt").write_bytes(b"\xff\xfe\x00 not a final account")
    result = batch.run(folder, tmp_path / "out", ["--jobs", "1"])
    assert result["documents"] == 3
    assert result["checked"] == 2
    assert result["doc_seconds"] > 0
