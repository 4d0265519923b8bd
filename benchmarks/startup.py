"""Start-up cost of juesuan, measured as whole processes (CPU from the kernel's accounting).

Prints, for each command, the CPU time (user + system) and peak memory of the whole process,
the minimum and the median over ``--runs`` runs (the minimum is the figure least disturbed by
other work on the machine):

- the baseline: a process that only imports PyMuPDF (without its optional add-ons) and extracts
  the plain text of every page of the PDF;
- ``juesuan check PDF`` (a ~30-page corpus document) — and its ratio to the baseline (goal ≤ 1.6);
- ``juesuan --help`` and ``juesuan check SEED`` (the text form; goal well under 0.3 s each).

With ``--breakdown``, where the PDF check's CPU goes beyond the baseline: processes that each do
the baseline's work and import one layer more (the command line, read without typer; the model's
records; every module a PDF check loads), then the check itself — the differences are
what each layer costs, and the last what reading and checking cost beyond the plain text.

    .venv/bin/python benchmarks/startup.py [--runs 9] [--pdf FILE] [--breakdown]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PDF = SHARED / "corpus" / "sh-putuo-guihuaziyuanju-2024-dept-final.pdf"
SEED = SHARED / "seed" / "000_47ca208ed1e3cbfe.txt"

BASELINE = """
import sys
for name in ("pymupdf.layout", "pymupdf4llm"):
    sys.modules[name] = None  # PyMuPDF without its optional add-ons
import pymupdf
with pymupdf.open(sys.argv[1]) as doc:
    text = [page.get_text() for page in doc]
"""


# the layers of a PDF check, each imported on top of the baseline's work, as the installed program
# runs them (cyclic GC off, the kept compiles of juesuan.compiled: see
# juesuan.cli.program.entry; the first layer pays for reading that file); the command line of an
# ordinary check is read without typer (juesuan.cli.fast)
LAYERS = (
    ("+ 命令行（不载入 typer）", "import juesuan.cli.fast, juesuan.cli.commands"),
    ("+ 模型的记录类", "import juesuan.model"),
    ("+ PDF 审核加载的其余模块", "import juesuan.api, juesuan.batch, juesuan.check.rules, juesuan.ingest.pdf.reader, juesuan.render.findings"),
)  # each layer imports its own modules and those of the layers above it


def layer_script(imports: str) -> str:
    return (
        "import gc, os\ngc.disable()\nos.environ['PYDANTIC_DISABLE_PLUGINS'] = '1'\n"
        "from juesuan import compiled\ncompiled.install(record=False)\n" + imports + "\n" + BASELINE
    )


def juesuan_command() -> list[str]:
    script = Path(sys.executable).with_name("juesuan")
    return [str(script)] if script.exists() else [sys.executable, "-c", "from juesuan.cli import entry; entry()"]


def measure(cmd: list[str]) -> tuple[float, float, int]:
    """CPU seconds (user + system), wall seconds and peak RSS (MiB) of one run of ``cmd``."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} exited with {proc.returncode}")
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss // 1024


def series(cmd: list[str], runs: int) -> dict[str, float]:
    measure(cmd)  # warm the file cache
    cpu, wall, rss = zip(*(measure(cmd) for _ in range(runs)), strict=True)
    return {"min": min(cpu), "median": statistics.median(cpu), "wall": statistics.median(wall), "rss": max(rss)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--pdf", type=Path, default=PDF)
    parser.add_argument("--text", type=Path, default=SEED)
    parser.add_argument("--breakdown", action="store_true", help="also time the layers a PDF check imports")
    args = parser.parse_args()
    juesuan = juesuan_command()
    # the page count from a child process: this one stays small, so that the children it forks
    # (whose peak memory starts from their parent's) are measured fairly
    pages = subprocess.run(
        [sys.executable, "-c", "import sys, pymupdf; print(pymupdf.open(sys.argv[1]).page_count)", str(args.pdf)],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"机器：{os.cpu_count()} 核，负载 {load:.1f}（其他进程会抬高 CPU 时间；最小值受影响最小）；每项 {args.runs} 次")
    rows = [
        ("基线：只导入 PyMuPDF（无附加组件）并提取每页纯文本", [sys.executable, "-c", BASELINE, str(args.pdf)]),
        (f"juesuan check {args.pdf.name}（{pages} 页）", [*juesuan, "check", str(args.pdf)]),
        ("juesuan --help", [*juesuan, "--help"]),
        (f"juesuan check {args.text.name}（文本）", [*juesuan, "check", str(args.text)]),
    ]
    results = []
    for label, cmd in rows:
        stats = series(cmd, args.runs)
        results.append(stats)
        print(f"{label:<48} CPU 最小 {stats['min']:.3f} s  中位 {stats['median']:.3f} s  墙钟中位 {stats['wall']:.3f} s  峰值内存 {stats['rss']} MiB")
    base, pdf = results[0], results[1]
    print(f"PDF 审核 / 基线 CPU 之比：最小值之比 {pdf['min'] / base['min']:.2f}，中位数之比 {pdf['median'] / base['median']:.2f}（目标 ≤ 1.6）")
    if args.breakdown:
        print("分层（每行一个进程：基线的工作再加导入；差值即该层的开销，CPU 最小值）：")
        previous = base["min"]
        for n, (label, _) in enumerate(LAYERS):
            imports = "\n".join(imported for _, imported in LAYERS[: n + 1])
            stats = series([sys.executable, "-c", layer_script(imports), str(args.pdf)], args.runs)
            print(f"  {label:<40} CPU 最小 {stats['min']:.3f} s（+{stats['min'] - previous:.3f} s）")
            previous = stats["min"]
        print(f"  {'+ 读取（纯文本之外）、审核和输出':<40} CPU 最小 {pdf['min']:.3f} s（+{pdf['min'] - previous:.3f} s）")


if __name__ == "__main__":
    main()
