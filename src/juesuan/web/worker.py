"""Uploads are checked in the background, never while a request waits.

An upload is saved (by its hash, under the data folder) and recorded as ``queued`` in the same
request; :class:`Checker` hands its id to a pool of worker processes (``workers`` = 0: one thread,
for tests). A worker reads and checks the file through :mod:`juesuan.api`, stores the result as
a version in the store (the cross-document rules included) and marks the upload ``done`` or
``failed`` with a Chinese reason. Everything a worker needs is in the database and the data
folder, so an upload survives a restart: on start, uploads still queued or cut off while being
checked are queued again. No upload is lost and none is checked twice at once.
"""

from __future__ import annotations

import logging
import os
import threading
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, update

from juesuan.store import schema as s
from juesuan.store.types import utcnow

if TYPE_CHECKING:
    from juesuan.store import Store

__all__ = ["Checker", "check_upload"]

logger = logging.getLogger("juesuan.web")

_stores: dict[str, Store] = {}  # one open store per worker process


def _store(url: str) -> Store:
    if url not in _stores:
        from juesuan import api

        _stores[url] = api.open_store(url)
    return _stores[url]


def check_upload(url: str, data: str, upload_id: int) -> str:
    """Check one upload and store the result; returns its final status. Runs in a worker."""
    from juesuan import api

    store = _store(url)
    with store.transaction() as session:
        claimed = session.execute(
            update(s.Upload)
            .where(s.Upload.id == upload_id, s.Upload.status == "queued")
            .values(status="checking", started_at=utcnow())
            .returning(s.Upload.id)
        ).first()
        upload = session.get(s.Upload, upload_id)
        if upload is None or claimed is None:
            return upload.status if upload is not None else "missing"
        account = session.get(s.Account, upload.account_id)
        actor = account.username if account else ""
        path, filename, sha256, size = Path(data) / upload.stored, upload.filename, upload.sha256, upload.size
    try:
        config = api.load_config(None)
        result = api.load(path, config.profiles)
        checked = api.check_report(result, "auto", config, source=filename)
        stored = api.store_document(
            store, path=filename, sha256=sha256, size=size, result=result, checked=checked, config=config, actor=actor
        )
    except api.ReadError as exc:
        problem = exc.problem
        api.record_unreadable(store, path=filename, sha256=sha256, size=size, problem=problem, actor=actor)
        return _finish(store, upload_id, actor, status="failed", problem=problem)
    except Exception as exc:  # a defect in juesuan: the upload says so, the server goes on
        logger.exception("checking upload %s failed", upload_id)
        return _finish(store, upload_id, actor, status="failed", problem=f"内部错误（{type(exc).__name__}），请联系管理员")
    summary = stored.check.summary
    return _finish(
        store,
        upload_id,
        actor,
        status="done",
        version_id=stored.saved.version_id,
        department=stored.check.department[:300],
        year=stored.check.year,
        errors=summary.error,
        warnings=summary.warning,
        infos=summary.info,
    )


def _finish(store: Store, upload_id: int, actor: str, **values: Any) -> str:
    with store.transaction() as session:
        session.execute(update(s.Upload).where(s.Upload.id == upload_id).values(finished_at=utcnow(), **values))
        detail = {k: v for k, v in values.items() if k in ("status", "problem", "version_id", "errors", "warnings")}
        session.add(s.Event(actor=actor, action="upload_checked", object_type="upload", object_id=upload_id, detail=detail))
    return str(values["status"])


class Checker:
    """The pool that checks uploads, and the queue's recovery at start."""

    def __init__(self, store: Store, data: Path, workers: int) -> None:
        self.store = store
        self.url = store.url
        self.data = str(data)
        self.workers = workers
        self._lock = threading.Lock()
        self._pool: Executor | None = None
        self._pending: set[Future[str]] = set()

    def _executor(self) -> Executor:
        with self._lock:
            if self._pool is None:
                if self.workers <= 0:
                    self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="juesuan-check")
                else:
                    # spawn: the server process runs threads, which a forked child must not inherit
                    self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=get_context("spawn"), initializer=_quiet)
            return self._pool

    def start(self) -> int:
        """Queue again what a previous run left queued or half-checked; returns how many."""
        with self.store.transaction() as session:
            session.execute(update(s.Upload).where(s.Upload.status == "checking").values(status="queued", started_at=None))
            waiting = list(session.scalars(select(s.Upload.id).where(s.Upload.status == "queued").order_by(s.Upload.id)))
        for upload_id in waiting:
            self.submit(upload_id)
        return len(waiting)

    def submit(self, upload_id: int) -> None:
        future = self._executor().submit(check_upload, self.url, self.data, upload_id)
        with self._lock:
            self._pending.add(future)
        future.add_done_callback(lambda f: self._done(f, upload_id))

    def _done(self, future: Future[str], upload_id: int) -> None:
        with self._lock:
            self._pending.discard(future)
        if future.cancelled() or future.exception() is None:
            return
        # the worker process died (killed, out of memory): the upload says so, a new pool takes over
        logger.error("worker failed on upload %s: %s", upload_id, future.exception())
        with self._lock:
            broken, self._pool = self._pool, None
        if broken is not None:
            broken.shutdown(wait=False, cancel_futures=False)
        with self.store.transaction() as session:
            session.execute(
                update(s.Upload)
                .where(s.Upload.id == upload_id, s.Upload.status.in_(("queued", "checking")))
                .values(status="failed", problem="审核进程意外退出，请重新上传", finished_at=utcnow())
            )

    def busy(self) -> int:
        with self._lock:
            return len(self._pending)

    def stop(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _quiet() -> None:
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
