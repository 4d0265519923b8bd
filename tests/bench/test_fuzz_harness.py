"""The fuzz harness (benchmarks/fuzz.py) runs a case as a fresh ``juesuan`` process would: the
same exit code and the same stderr, for a checked document, a refused file, a usage error and a
render — and a case that exits 3 or writes a traceback counts as a crash."""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
from pathlib import Path

from benchmarks import fuzz

from tests.conftest import ROOT, SEED

MADE_UP = ROOT / "tests" / "fixtures" / "render" / "made_up_department.yaml"


def _fresh(args: list[str]) -> tuple[int, str]:
    """``juesuan ARGS`` in a new process, started as the installed program starts it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    env.pop("JUESUAN_DEBUG", None)
    done = subprocess.run(
        [sys.executable, "-c", "import sys; sys.argv[0] = 'juesuan'; from juesuan.cli import entry; entry()", *args],
        capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=120, check=False,
    )
    return done.returncode, done.stderr


def _forked(cases: list[fuzz.Case], work: Path) -> list[fuzz.Outcome]:
    """The cases through the harness's server loop, fed by hand instead of by the makers."""
    cases_r, cases_w = os.pipe()
    token_r, token_w = os.pipe()
    for case in cases:
        os.write(cases_w, (fuzz._case_json(case, fuzz._digest(case), 0.0) + "\n").encode())
    os.write(cases_w, (fuzz.END + "\n").encode())
    os.close(cases_w)
    runner = fuzz.Runner(2, 120, work, -1, cases_r, token_w)
    try:
        return runner.run(len(cases), False)
    finally:
        for fd in (cases_r, token_r, token_w):
            os.close(fd)


def _same(stderr: str) -> str:
    """Stderr without what differs between any two runs: the seconds a command took."""
    return re.sub(r"[\d.]+ 秒", "N 秒", stderr)


def test_a_case_gives_what_a_fresh_process_gives(tmp_path: Path) -> None:
    (tmp_path / "cases").mkdir()
    garbage = tmp_path / "garbage.txt"
    garbage.write_bytes(bytes(range(256)) * 40)
    cases = [
        fuzz.Case("text", "seed", ["check", str(SEED), "--format", "json", "-o", str(tmp_path / "seed.json")]),
        fuzz.Case("text", "garbage", ["check", str(garbage)], [garbage]),
        fuzz.Case("text", "usage", ["check", "--no-such-option", str(SEED)]),
        fuzz.Case("render", "made-up", ["render", str(MADE_UP), "--to", "md", "-o", str(tmp_path / "out.md")]),
    ]
    outcomes = _forked(cases, tmp_path)
    assert [o.case.name for o in outcomes] == [c.name for c in cases]
    for outcome in outcomes:
        code, stderr = _fresh(outcome.case.args)
        assert (outcome.code, _same(outcome.stderr)) == (code, _same(stderr)), outcome.case.name
        assert not outcome.crashed and not outcome.timed_out
        assert outcome.peak_mb > 0 and outcome.cpu > 0
    assert [o.code for o in outcomes] == [1, 2, 2, 0]


def test_exit_3_and_a_traceback_are_crashes() -> None:
    case = fuzz.Case("text", "x", [])
    common = {"case": case, "signal": None, "seconds": 1.0, "peak_mb": 100.0, "timed_out": False}
    assert fuzz.Outcome(code=3, stderr="内部错误：ValueError", **common).crashed  # type: ignore[arg-type]
    assert fuzz.Outcome(code=2, stderr="Traceback (most recent call last):", **common).crashed  # type: ignore[arg-type]
    assert not fuzz.Outcome(code=2, stderr="错误：无法识别", **common).crashed  # type: ignore[arg-type]
    assert fuzz.Outcome(code=None, stderr="", **{**common, "signal": 11}).crashed  # type: ignore[arg-type]


def test_no_case_names_a_file_under_shared(tmp_path: Path) -> None:
    """A check writes its report beside its input (``-o <input>.out.json``): every case works on
    copies in its own folder, never on the shared material (a baseline once wrote into ../shared)."""
    sources = fuzz.Sources(tmp_path)
    planned = fuzz.plan_cases(0, list(fuzz.FAMILIES), random.Random(1))  # one case of every kind
    cases = fuzz.baseline_cases(sources, tmp_path) + [c for p in planned if (c := p.make(sources, tmp_path)) is not None]
    assert len(cases) > len(fuzz.FAMILIES)
    shared = fuzz.SHARED.resolve()
    named = [Path(arg).resolve() for case in cases for arg in case.args if os.sep in arg]
    assert named and not [path for path in named if path.is_relative_to(shared)]
