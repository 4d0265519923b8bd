"""How long ``render --to all`` takes, writer by writer, against a baseline in the same run.

    PYTHONPATH=src python benchmarks/render.py [--repeat 3]

For the seed (derived from its text) and the made-up department (from the template YAML) it times
building the view, the validation before writing (the document checked by ``juesuan check``),
and each writer (md, html, docx, xlsx, pdf), the best of ``--repeat`` runs. The baseline is the
DOCX writer as it was before issue 11 (python-docx cell by cell, charts through PyMuPDF), loaded
from git history (commit ``BASELINE``) and run on the same views in the same process.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from juesuan import api  # noqa: E402
from juesuan.ingest import read  # noqa: E402
from juesuan.render.derive import derive_input  # noqa: E402

SEED = ROOT.parent / "shared" / "seed" / "000_47ca208ed1e3cbfe.txt"
MADE_UP = ROOT / "tests" / "fixtures" / "render" / "made_up_department.yaml"
BASELINE = "e4a0e78"  # main before issue 11: the python-docx writer


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def baseline_docx() -> Callable[[object], bytes] | None:
    """The old DOCX writer from git history, or None where the history is not there."""
    try:
        source = subprocess.run(
            ["git", "-C", str(ROOT), "show", f"{BASELINE}:src/juesuan/render/writers/docx.py"], capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    module = types.ModuleType("baseline_docx")
    exec(compile(source, "baseline_docx.py", "exec"), module.__dict__)
    return module.write_docx  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    inputs = {
        "seed": derive_input(read(SEED).report),
        "made-up": api.load_input(MADE_UP),
    }
    old = baseline_docx()
    print(f"{'document':<9} {'step':<18} {'seconds':>8}")
    for name, doc in inputs.items():
        view = api.build_view(doc, "liaoning")
        rows: list[tuple[str, float]] = [
            ("build view", best(lambda doc=doc: api.build_view(doc, "liaoning"), args.repeat)),
            ("validate", best(lambda doc=doc, view=view: api.render_problems(doc, view, "liaoning"), args.repeat)),
        ]
        total = 0.0
        for fmt in api.RENDER_FORMATS:
            seconds = best(lambda fmt=fmt, view=view: api.render_document(view, fmt), args.repeat)
            total += seconds
            rows.append((f"writer {fmt}", seconds))
        rows.append(("all writers", total))
        for step, seconds in rows:
            print(f"{name:<9} {step:<18} {seconds:8.3f}")
        if old is not None:
            before = best(lambda view=view: old(view), args.repeat)
            docx = next(s for step, s in rows if step == "writer docx")
            print(f"{name:<9} {'baseline docx':<18} {before:8.3f}   (now {docx:.3f} s, {before / docx:.1f}× faster; "
                  f"docx share of all writers {docx / total:.0%}, baseline's {before / (total - docx + before):.0%})")  # fmt: skip


if __name__ == "__main__":
    main()
