"""What juesuan takes each document for: its kind (决算 / 预算 / 绩效报告) and its layout profile.

For every file given (default: the seed, ../shared/corpus/*.pdf and ../shared/corpus/budget/*.pdf)
this reads the file as ``juesuan parse`` would and prints

- the kind chosen, with every kind's score (``juesuan.profiles.kinds``, clues in ``kinds.toml``),
  and the refusal message when the file is not a 决算;
- for a 决算, the layout chosen, with every profile's score and the clues that held
  (``juesuan.profiles.detection``, clues in each profile's ``[detect]``).

The margin column is the winner's score minus the runner-up's: how far a document is from being
taken for something else. Nothing is timed; the numbers are the detectors' scores.

Usage: ``python benchmarks/detection.py [FILE ...]``
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def _default_files() -> list[Path]:
    return [*sorted((SHARED / "seed").glob("*.txt")), *sorted((SHARED / "corpus").glob("*.pdf")), *sorted((SHARED / "corpus" / "budget").glob("*.pdf"))]


def _margin(scores: dict[str, int], winner: str) -> int | None:
    others = [v for k, v in scores.items() if k != winner]
    return scores[winner] - max(others) if others and winner in scores else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    args = parser.parse_args(argv)
    files = args.files or _default_files()

    from juesuan.diagnostics import ReadError
    from juesuan.ingest import read
    from juesuan.ingest.common import assemble
    from juesuan.profiles import detect
    from juesuan.profiles.kinds import KindVerdict

    seen: list[KindVerdict] = []
    classify = assemble.classify

    def spy(texts):  # type: ignore[no-untyped-def]
        verdict = classify(texts)
        seen.append(verdict)
        return verdict

    assemble.classify = spy  # the reader asks the same function; keep what it answered
    try:
        for path in files:
            seen.clear()
            print(f"== {path.name}")
            try:
                report = read(path).report
            except ReadError as exc:
                verdict = getattr(exc, "verdict", None) or (seen[-1] if seen else None)
                scores = verdict.scores if verdict is not None else {}
                print(f"   种类：未读入 — {exc.problem}")
                if scores:
                    print(f"   种类得分：{scores}")
                continue
            verdict = seen[-1] if seen else None
            if verdict is not None:
                winner = "决算" if verdict.accepted else (verdict.kind.value if verdict.kind else "")
                print(f"   种类：{report.metadata.kind.value}  得分 {verdict.scores}  领先 {_margin(verdict.scores, winner)}")
            detection = detect(report)
            print(f"   版式：{detection.name}  得分 {detection.score}  领先 {_margin(detection.scores, detection.name)}{'（默认）' if detection.fallback else ''}")
            for line in detection.explain()[1:]:
                print(f"   {line}")
    finally:
        assemble.classify = classify
    return 0


if __name__ == "__main__":
    sys.exit(main())
