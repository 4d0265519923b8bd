"""An import killed half-way (the process killed outright, or stopped with Ctrl-C) and run again
ends with every document stored exactly once and no document stored in part."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.exc import SQLAlchemyError

from juesuan.store import schema as s
from tests.documents import renamed

DOCUMENTS = 8
JUESUAN = Path(sys.executable).with_name("juesuan")


@pytest.fixture
def folder(tmp_path: Path, seed_text: str) -> Path:
    """Eight departments' 2024 reports (the seed under eight names)."""
    docs = tmp_path / "region"
    docs.mkdir()
    for i in range(DOCUMENTS):
        (docs / f"dept-{i}.txt").write_text(renamed(seed_text, f"辽宁省朝阳市第{i + 1}社会保险事业服务中心"), encoding="utf-8")
    return docs


def _stored(url: str) -> int:
    """How many versions are committed (0 while the tables do not exist yet)."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(text("select count(*) from versions")).scalar() or 0)
    except SQLAlchemyError:
        return 0
    finally:
        engine.dispose()


def _start(url: str, folder: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([str(JUESUAN), "import", str(folder), "--db", url, "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for(url: str, count: int, proc: subprocess.Popen[str], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while _stored(url) < count:
        assert proc.poll() is None, f"the import ended before it could be stopped: {proc.communicate()}"
        assert time.monotonic() < deadline, "the import did not store its first documents in time"
        time.sleep(0.05)


def _assert_complete(url: str, expected: int | None = None) -> int:
    """Every stored version is whole: its file, its figures, its check run; returns how many."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            versions = connection.execute(select(s.Version.id, s.Version.file_id)).all()
            cells = dict(connection.execute(select(s.Cell.version_id, func.count()).group_by(s.Cell.version_id)).all())
            runs = dict(connection.execute(select(s.CheckRun.version_id, func.count()).group_by(s.CheckRun.version_id)).all())
            files = connection.execute(select(func.count()).select_from(s.File)).scalar()
            documents = connection.execute(select(func.count()).select_from(s.Document)).scalar()
            hashes = connection.execute(select(s.File.sha256, func.count()).group_by(s.File.sha256).having(func.count() > 1)).all()
    finally:
        engine.dispose()
    assert hashes == []
    assert files == documents == len(versions)
    assert len({file for _, file in versions}) == len(versions)
    assert all(runs.get(version) == 1 for version, _ in versions)
    assert len(set(cells.values())) <= 1 and all(cells.get(version, 0) > 700 for version, _ in versions)
    if expected is not None:
        assert len(versions) == expected
    return len(versions)


def test_killed_import_resumes_with_every_document_once(db_url: str, folder: Path) -> None:
    proc = _start(db_url, folder)
    _wait_for(db_url, 2, proc)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    before = _assert_complete(db_url)
    assert 2 <= before < DOCUMENTS
    again = subprocess.run([str(JUESUAN), "import", str(folder), "--db", db_url], capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert f"新增 {DOCUMENTS - before} 份" in again.stderr and f"已在库中 {before} 份" in again.stderr
    _assert_complete(db_url, DOCUMENTS)


def test_ctrl_c_stops_cleanly_and_says_how_to_go_on(db_url: str, folder: Path) -> None:
    proc = _start(db_url, folder)
    _wait_for(db_url, 1, proc)
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "已中断" in err and "从中断处继续" in err
    _assert_complete(db_url)
    again = subprocess.run([str(JUESUAN), "import", str(folder), "--db", db_url, "--quiet"], capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    _assert_complete(db_url, DOCUMENTS)
