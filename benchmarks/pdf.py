"""PDF reading and checking speed against PyMuPDF's plain text extraction of the same file.

For every PDF given (default: ../shared/corpus/*.pdf) this measures, in one process, after
imports and a warm-up run, on one core:

- ``plain``: open the file and ``page.get_text()`` over all pages (PyMuPDF alone);
- ``parse``: ``juesuan.ingest.read(path)`` — PDF to the typed report with its reading findings;
- ``parse+check``: the same, then ``juesuan.api.check_report`` (every rule, profile detected).

The three are run in turn, N times each (interleaved, so that a busy machine slows all three
alike); the table shows the best and the median of the N runs in milliseconds and the ratio of
parse+check to plain (best to best). Goal: a 25–30 page 决算 parsed and checked in ≤ 0.3 s, within
3× of plain text extraction.

Usage: ``python benchmarks/pdf.py [FILE.pdf ...] [--runs N]``
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
GOAL_SECONDS = 0.3
GOAL_RATIO = 3.0


def _timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args(argv)
    files = args.files or sorted(CORPUS.glob("*.pdf"))
    if not files:
        print(f"no PDF files given and none in {CORPUS}", file=sys.stderr)
        return 2

    from juesuan import api
    from juesuan.ingest import read
    from juesuan.ingest.pdf.document import pymupdf_module

    pymupdf = pymupdf_module()

    def plain(path: Path) -> None:
        with pymupdf.open(path) as doc:
            for page in doc:
                page.get_text()

    def parse(path: Path) -> object:
        return read(path)

    def parse_check(path: Path) -> object:
        return api.check_report(read(path))

    header = (
        f"{'file':<44} {'pages':>5} {'plain ms':>9} {'parse ms':>9} {'parse+check ms':>15} {'median':>7} {'ratio':>6}  goal"
    )
    print(header)
    print("-" * len(header))
    worst = 0.0
    for path in files:
        parse_check(path)  # warm-up: fonts, catalogue, caches
        plain(path)
        times: dict[str, list[float]] = {"plain": [], "parse": [], "both": []}
        for _ in range(args.runs):
            times["plain"].append(_timed(lambda p=path: plain(p)))
            times["parse"].append(_timed(lambda p=path: parse(p)))
            times["both"].append(_timed(lambda p=path: parse_check(p)))
        with pymupdf.open(path) as doc:
            pages = doc.page_count
        t_plain, t_parse, t_both = (min(times[k]) for k in ("plain", "parse", "both"))
        ratio = t_both / t_plain
        worst = max(worst, ratio)
        met = "ok" if t_both <= GOAL_SECONDS and ratio <= GOAL_RATIO else "missed"
        print(
            f"{path.name:<44} {pages:>5} {t_plain * 1000:>9.1f} {t_parse * 1000:>9.1f} {t_both * 1000:>15.1f} "
            f"{statistics.median(times['both']) * 1000:>7.1f} {ratio:>6.2f}  {met}"
        )
    print(f"(best of {args.runs} interleaved runs; ratio = parse+check / plain; goal ≤ {GOAL_SECONDS * 1000:.0f} ms and ≤ {GOAL_RATIO:.0f}×)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
