"""Speed of reading and checking the seed, in process, after import.

    python benchmarks/speed.py [--runs N] [FILE]

Prints the median and best of N runs for: reading the text (parse), checking the parsed report
(check), and both together — once with every memo of printed text cleared before each run (a
document never seen), once warm — next to a baseline measured in the same run — reading the file's
bytes and splitting its lines, the least any reader must do — so that numbers from different
machines can be compared by their ratio. Goal (issue 3): parse + check ≤ 50 ms for the seed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from juesuan.check import check  # noqa: E402
from juesuan.classification import default_catalogue  # noqa: E402
from juesuan.ingest.text.reader import parse_text  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "seed" / "000_47ca208ed1e3cbfe.txt"


def timed(fn, runs: int) -> list[float]:  # type: ignore[no-untyped-def]
    """CPU seconds of this process per run (steadier than wall time on a shared machine)."""
    out = []
    for _ in range(runs):
        start = time.process_time()
        fn()
        out.append(time.process_time() - start)
    return out


def _caches() -> list:  # type: ignore[type-arg]
    """The ``cache_clear`` of every memoised function in juesuan that remembers a document's
    strings (number parsing, title matching …): clearing them before a run measures a document
    never seen before. What is read once per process (the catalogue, profiles) stays loaded."""
    once_per_process = {"default_catalogue", "class_lines", "load_profile"}
    out = []
    for name, module in list(sys.modules.items()):
        if name.startswith("juesuan"):
            for value in vars(module).values():
                clear = getattr(value, "cache_clear", None)
                if callable(clear) and getattr(value, "__module__", "") == name and getattr(value, "__name__", "") not in once_per_process:
                    out.append(clear)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--runs", type=int, default=101)
    args = parser.parse_args()
    path: Path = args.file
    catalogue = default_catalogue()
    text = path.read_text(encoding="utf-8")
    # warm up: imports, catalogue, regex compilation, rule registry
    result = parse_text(text, path.name, catalogue)
    check(result.report, reading_findings=result.findings)

    def baseline() -> None:
        path.read_bytes().decode("utf-8").split("\n")

    def parse() -> None:
        parse_text(text, path.name, catalogue)

    def check_only() -> None:
        check(result.report, reading_findings=result.findings)

    def both() -> None:
        r = parse_text(text, path.name, catalogue)
        check(r.report, reading_findings=r.findings)

    caches = _caches()

    def both_cold() -> None:
        for clear in caches:
            clear()
        both()

    rows = [
        ("baseline: read + split lines", timed(baseline, args.runs)),
        ("parse", timed(parse, args.runs)),
        ("check", timed(check_only, args.runs)),
        ("parse + check, caches cleared", timed(both_cold, args.runs)),
        ("parse + check", timed(both, args.runs)),
    ]
    base = statistics.median(rows[0][1])
    print(f"file: {path} ({len(text)} characters), {args.runs} runs each")
    print(f"({len(caches)} memoised functions cleared in the cold row)")
    print(f"{'step (CPU time)':<32}{'median ms':>11}{'best ms':>10}{'× baseline':>12}")
    for name, times in rows:
        median = statistics.median(times)
        print(f"{name:<32}{median * 1000:>11.1f}{min(times) * 1000:>10.1f}{median / base:>12.0f}")
    total = statistics.median(rows[-1][1]) * 1000
    print(f"\ngoal: parse + check ≤ 50 ms → {'met' if total <= 50 else 'not met'} ({total:.1f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
