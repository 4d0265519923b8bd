"""Speed of ``juesuan import`` into the store, against reading and checking alone.

    python benchmarks/store.py [--documents N] [--db URL]

Makes N departments' reports (the seed under N names, text form) and, in the same run:

1. reads and checks each (what ``juesuan check`` does) — the baseline;
2. imports them into a fresh store (SQLite file in a temporary folder, or ``--db``: for
   PostgreSQL give an empty database or schema) — reading, checking, the cross-document rules
   and storing, one transaction per document;
3. imports them again (every file already stored: hashing only).

Prints documents per second for each, the cost of storing per document, and the store's size per
document (SQLite). Times are CPU seconds of this process (steadier than wall time on a shared
machine; a PostgreSQL server's own CPU is not counted), with wall time beside them.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from tests.documents import renamed  # noqa: E402

from juesuan import api  # noqa: E402
from juesuan.imports import expand_imports, import_documents  # noqa: E402

SEED = ROOT.parent / "shared" / "seed" / "000_47ca208ed1e3cbfe.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=40)
    parser.add_argument("--db", default=None, help="database URL (default: a new SQLite file)")
    args = parser.parse_args()
    seed = SEED.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        for i in range(args.documents):
            (folder / f"dept-{i:05d}.txt").write_text(renamed(seed, f"辽宁省朝阳市第{i + 1}社会保险事业服务中心"), encoding="utf-8")
        items, _ = expand_imports([folder])
        api.check_report(api.load(items[0].path))  # imports and first-use memos out of the timings

        started, wall = time.process_time(), time.perf_counter()
        for item in items:
            api.check_report(api.load(item.path), source=str(item.path))
        checked, checked_wall = time.process_time() - started, time.perf_counter() - wall

        url = args.db or f"sqlite:///{Path(tmp) / 'juesuan.db'}"
        store = api.open_store(url)
        started, wall = time.process_time(), time.perf_counter()
        statuses = [o.status for o in import_documents(store, items)]
        imported, imported_wall = time.process_time() - started, time.perf_counter() - wall
        started, wall = time.process_time(), time.perf_counter()
        again = [o.status for o in import_documents(store, items)]
        skipped, skipped_wall = time.process_time() - started, time.perf_counter() - wall
        store.close()
        n = len(items)
        assert statuses == ["new"] * n and again == ["same"] * n, (statuses, again)
        print(f"documents: {n} (the seed under {n} names), store: {api.open_store(url).where}")
        print(f"read + check only:           {n / checked:6.1f} documents/s of CPU ({checked / n * 1000:6.1f} ms each; wall {checked_wall / n * 1000:6.1f} ms)")
        print(f"import (read, check, store): {n / imported:6.1f} documents/s of CPU ({imported / n * 1000:6.1f} ms each; wall {imported_wall / n * 1000:6.1f} ms)")
        print(f"  storing costs              {(imported - checked) / n * 1000:6.1f} ms of CPU per document ({imported / checked:.2f}× read + check)")
        print(f"import again (all stored):   {n / skipped:6.1f} documents/s of CPU ({skipped / n * 1000:6.1f} ms each; wall {skipped_wall / n * 1000:6.1f} ms)")
        if url.startswith("sqlite:///"):
            size = sum(p.stat().st_size for p in Path(tmp).glob("juesuan.db*"))
            print(f"SQLite store size:           {size / n / 1024:6.1f} KiB per document")


if __name__ == "__main__":
    main()
