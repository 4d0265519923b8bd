"""Issue 9's batch: broken files, huge numbers, a worker killed mid-run and Ctrl-C never cost a row.

The folder: 178 healthy documents (the made-up department written by ``juesuan render``), 20
broken files of every kind (empty, binary, truncated PDF, a Word or Excel file that is not one,
a table cut off …) and 2 files with amounts beyond any budget (30 digits, ``1e999``). Each run is
a real ``juesuan check`` process, killed or interrupted from outside as a user or the kernel would.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import SEED

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds worker processes through /proc")

HEALTHY = 178
BROKEN = {
    "empty.txt": b"",
    "binary.txt": bytes(range(256)) * 40,
    "header-only.pdf": b"%PDF-1.7\n",
    "garbage.pdf": b"%PDF-1.4\n" + os.urandom(4000),
    "not-a-zip.docx": b"this is not a Word file",
    "text.xlsx": "部门决算\t1\t2\n".encode(),
    "broken.json": b'{"metadata": {',
    "broken.yaml": b"metadata: [unclosed\n  - :",
    "bad-zip.xlsx": b"PK\x03\x04" + os.urandom(200),
    "nul.html": b"<html>\x00\x00\x00",
}


def _seed_edit(old: str, new: str) -> str:
    text = SEED.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from juesuan import api

    root = tmp_path_factory.mktemp("region")
    markdown = api.render_document(
        api.build_view(api.load_input(Path(__file__).parents[1] / "fixtures/render/made_up_department.yaml")), "md"
    )
    for i in range(HEALTHY):
        (root / f"dept-{i:03d}.md").write_bytes(markdown)
    for i in range(2):  # the broken kinds, twice over under different names: 20 files
        for name, data in BROKEN.items():
            stem, suffix = name.rsplit(".", 1)
            (root / f"broken-{i}-{stem}.{suffix}").write_bytes(data)
    seed = SEED.read_text(encoding="utf-8")
    (root / "broken-0-cut-off.txt").write_text(seed[: len(seed) // 3], encoding="utf-8")  # replaces one of the 20
    (root / "broken-1-nul.html").unlink()
    (root / "huge-30-digits.txt").write_text(_seed_edit("\t44.58", "\t123456789012345678901234567890.12"), encoding="utf-8")
    (root / "huge-1e999.txt").write_text(_seed_edit("\t44.58", "\t1e999"), encoding="utf-8")
    assert len(list(root.iterdir())) == 200
    return root


def juesuan(*args: str) -> subprocess.Popen[bytes]:
    """``juesuan ARGS`` as its own process group, as a shell runs a command."""
    return subprocess.Popen(
        [sys.executable, "-c", "from juesuan.cli import entry; entry()", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def rows_so_far(folder: Path) -> int:
    """Rows in the summary being written (the JSON Lines part file beside the target)."""
    return sum(p.read_text(encoding="utf-8").count("\n") for p in folder.glob(".juesuan-*.part"))


def wait_for_rows(proc: subprocess.Popen[bytes], folder: Path, rows: int) -> None:
    deadline = time.monotonic() + 120
    while rows_so_far(folder) < rows:
        assert proc.poll() is None, "the batch ended before the test could act"
        assert time.monotonic() < deadline
        time.sleep(0.05)


def children(pid: int) -> list[int]:
    with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as fh:
        return [int(x) for x in fh.read().split()]


def group_members(pgid: int) -> list[int]:
    """Live processes of a process group (zombies excluded: they are dead and only wait to be reaped)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text(encoding="ascii")
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[2]) == pgid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


@pytest.mark.parametrize("jobs", [1, 2])
def test_two_hundred_files_with_broken_ones_and_a_killed_worker_give_two_hundred_rows(folder: Path, tmp_path: Path, jobs: int) -> None:
    summary = tmp_path / "summary" / "rows.jsonl"
    summary.parent.mkdir()
    proc = juesuan("check", str(folder), "--jobs", str(jobs), "--summary", str(summary), "-o", str(tmp_path / "findings.txt"))
    wait_for_rows(proc, summary.parent, 40)
    victim = children(proc.pid)[0]
    os.kill(victim, signal.SIGKILL)
    _, stderr = proc.communicate(timeout=600)
    assert proc.returncode == 2, stderr.decode()  # some files could not be read
    rows = [json.loads(line) for line in summary.read_text(encoding="utf-8").splitlines()]
    assert sorted(r["index"] for r in rows) == list(range(200))
    by_name = {Path(r["file"]).name: r for r in rows}
    assert len(by_name) == 200
    healthy = [r for name, r in by_name.items() if name.startswith("dept-")]
    assert len(healthy) == HEALTHY and all(r["status"] == "checked" and r["errors"] == 0 for r in healthy)
    broken = [r for name, r in by_name.items() if name.startswith("broken-")]
    # each its own row: refused with its reason, or (a table cut off) checked as far as it was read, with errors
    assert len(broken) == 20
    assert all((r["status"] in ("unreadable", "skipped", "failed") and r["problem"]) or (r["status"] == "checked" and r["errors"] > 0) for r in broken)
    for name in ("huge-30-digits.txt", "huge-1e999.txt"):  # the cell is a reading finding (RD20), the rest checked
        assert by_name[name]["status"] == "checked" and by_name[name]["errors"] > 0, by_name[name]
    assert not list(summary.parent.glob(".juesuan-*"))


def interrupt_once(folder: Path, out: Path) -> None:
    """Ctrl-C (SIGINT to the whole process group) mid-batch: out within 2 s, nothing left running,
    the summary of what finished written and marked incomplete."""
    summary = out / "summary.json"
    proc = juesuan("check", str(folder), "--jobs", "2", "--summary", str(summary))
    deadline = time.monotonic() + 120
    while proc.poll() is None and not (len(children(proc.pid)) == 2 and list(out.glob(".juesuan-*.part"))):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    time.sleep(0.5)  # well into the batch
    assert proc.poll() is None
    sent = time.monotonic()
    os.killpg(proc.pid, signal.SIGINT)
    try:
        proc.wait(timeout=2.0)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        pytest.fail(f"still running 2 s after Ctrl-C; group: {group_members(proc.pid)}")
    elapsed = time.monotonic() - sent
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    assert proc.returncode == 130, stderr
    assert elapsed < 2.0
    assert group_members(proc.pid) == []
    data = json.loads(summary.read_text(encoding="utf-8"))
    assert data["complete"] is False and data["expected"] == 200
    assert 0 < len(data["documents"]) < 200
    assert len({d["file"] for d in data["documents"]}) == len(data["documents"])
    assert not list(out.glob(".juesuan-*"))
    assert "已中断" in stderr


def test_ctrl_c_stops_within_two_seconds_and_keeps_what_finished(folder: Path, tmp_path: Path) -> None:
    interrupt_once(folder, tmp_path)


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("JUESUAN_SLOW"), reason="ten interrupted batches: set JUESUAN_SLOW=1")
def test_ctrl_c_ten_times_in_ten(folder: Path, tmp_path: Path) -> None:
    for attempt in range(10):
        out = tmp_path / f"run{attempt}"
        out.mkdir()
        interrupt_once(folder, out)
