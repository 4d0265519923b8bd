"""PDF reading speed against PyMuPDF's plain text extraction of the same file.

For every PDF given (default: ../shared/corpus/*.pdf) this measures, in one process and after
imports and a warm-up run, the median of several runs of

- ``plain``: open the file and ``page.get_text()`` over all pages (PyMuPDF alone);
- ``parse``: ``juesuan.ingest.read(path)`` — PDF to the typed report with its reading findings;
- ``check``: ``juesuan.api.check(report)`` when the checker is present in this tree;

and prints a table with the ratio parse(+check) / plain. Goal: a 25–30 page 决算 in ≤ 0.3 s on
one core, within 3× of plain text extraction.

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


def _median(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    files = args.files or sorted(CORPUS.glob("*.pdf"))
    if not files:
        print(f"no PDF files given and none in {CORPUS}", file=sys.stderr)
        return 2

    import pymupdf

    from juesuan import api
    from juesuan.ingest import read

    check = getattr(api, "check", None)

    def plain(path: Path) -> None:
        with pymupdf.open(path) as doc:
            for page in doc:
                page.get_text()

    def parse(path: Path) -> object:
        return read(path)

    def parse_check(path: Path) -> object:
        result = read(path)
        return check(result.report) if check is not None else result  # type: ignore[misc]

    header = f"{'file':<46} {'pages':>5} {'plain ms':>9} {'parse ms':>9} {'ratio':>6}"
    if check is not None:
        header += f" {'parse+check ms':>15} {'ratio':>6}"
    print(header)
    print("-" * len(header))
    for path in files:
        parse(path)  # warm-up: fonts, catalogue, caches
        plain(path)
        t_plain = _median(lambda p=path: plain(p), args.runs)
        t_parse = _median(lambda p=path: parse(p), args.runs)
        with pymupdf.open(path) as doc:
            pages = doc.page_count
        line = f"{path.name:<46} {pages:>5} {t_plain * 1000:>9.1f} {t_parse * 1000:>9.1f} {t_parse / t_plain:>6.2f}"
        if check is not None:
            t_both = _median(lambda p=path: parse_check(p), args.runs)
            line += f" {t_both * 1000:>15.1f} {t_both / t_plain:>6.2f}"
        print(line)
    if check is None:
        print("(the checker is not in this tree yet: parse only)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
