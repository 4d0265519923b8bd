"""The same batch on a Dask cluster (a ``LocalCluster`` of two worker processes): one row per
input whatever happens to a worker, the same rows as the local pool."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from juesuan.batch import CheckOptions, DocumentOutcome, Status, run_batch
from tests.summary_csv import summary_rows

distributed = pytest.importorskip("distributed")

DOCS = 24


class Collect:
    """A sink that keeps every outcome, and kills one Dask worker after the ``kill_after``-th."""

    wants_report = False
    wants_reading = False

    def __init__(self, client: object = None, kill_after: int | None = None) -> None:
        self.outcomes: list[DocumentOutcome] = []
        self.client, self.kill_after = client, kill_after
        self.killed: int | None = None
        self.complete: bool | None = None

    def start(self, total: int) -> None:
        self.total = total

    def add(self, outcome: DocumentOutcome) -> None:
        self.outcomes.append(outcome)
        if self.kill_after is not None and len(self.outcomes) == self.kill_after and self.client is not None:
            pids = self.client.run(os.getpid)  # type: ignore[attr-defined]
            self.killed = sorted(pids.values())[0]
            os.kill(self.killed, signal.SIGKILL)

    def finish(self, complete: bool) -> None:
        self.complete = complete


@pytest.fixture(scope="module")
def client():  # type: ignore[no-untyped-def]
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    with distributed.Client(cluster) as client:
        yield client
    cluster.close()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from juesuan import api

    root = tmp_path_factory.mktemp("cluster")
    markdown = api.render_document(api.build_view(api.load_input(Path(__file__).parents[1] / "fixtures/render/made_up_department.yaml")), "md")
    for i in range(DOCS):
        (root / f"dept-{i:02d}.md").write_bytes(markdown)
    (root / "broken.pdf").write_bytes(b"%PDF-1.7\n")
    (root / "notes.bak").write_bytes(b"old notes")
    return root


def test_a_batch_on_the_cluster_has_the_rows_of_the_local_pool(client, folder: Path) -> None:  # type: ignore[no-untyped-def]
    on_cluster, local = Collect(), Collect()
    result = run_batch([folder], [on_cluster], options=CheckOptions(fmt=""), scheduler=client)
    run_batch([folder], [local], options=CheckOptions(fmt=""), workers=2)
    assert result.complete and on_cluster.complete
    assert result.counts == {Status.CHECKED: DOCS, Status.UNREADABLE: 1, Status.SKIPPED: 1}

    def rows(sink: Collect) -> list[tuple[int, str, str, int | None]]:
        return sorted((o.index, Path(o.path).name, o.status.value, o.counts.errors if o.counts else None) for o in sink.outcomes)

    assert rows(on_cluster) == rows(local)


def test_a_worker_killed_mid_run_loses_no_row_and_duplicates_none(client, folder: Path) -> None:  # type: ignore[no-untyped-def]
    sink = Collect(client, kill_after=4)
    result = run_batch([folder], [sink], options=CheckOptions(fmt=""), scheduler=client)
    assert sink.killed is not None
    assert result.complete
    assert sorted(o.index for o in sink.outcomes) == list(range(DOCS + 2))
    checked = [o for o in sink.outcomes if Path(o.path).name.startswith("dept-")]
    assert len(checked) == DOCS and all(o.status == Status.CHECKED for o in checked)


def test_check_with_a_scheduler_address(client, folder: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]

    from typer.testing import CliRunner

    from juesuan.cli.app import app

    address = client.scheduler.address
    result = CliRunner().invoke(app, ["check", str(folder), "--scheduler", address, "--summary", str(tmp_path / "s.csv"), "-f", "json", "-o", str(tmp_path / "f.json")])
    assert result.exit_code == 2, result.stderr  # broken.pdf
    rows = list(summary_rows(tmp_path / "s.csv"))
    assert [Path(r["file"]).name for r in rows] == ["broken.pdf", *(f"dept-{i:02d}.md" for i in range(DOCS)), "notes.bak"]
    assert [r["status"] for r in rows].count("checked") == DOCS


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from juesuan.cli.app import app

    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "b.txt").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(tmp_path), "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 2
    assert "无法连接 Dask 调度器" in result.stderr
