"""Batch throughput, scaling and memory on the synthetic corpus (benchmarks/synth.py).

    .venv/bin/python benchmarks/batch.py [--corpus .cache/synth] [--documents 2000] [--sample 500]
                                         [--no-dask] [--runs-dir .cache/batch-bench]

Makes the corpus when it is missing (``--documents`` documents, half of them PDF; a one-time cost
of some minutes), then runs the real command, ``juesuan check DIR --summary … -o …``, as a whole
process and prints:

- documents per second, and per worker, with 1 and 2 local workers (``--jobs``) on ``--sample``
  documents, and the same on a Dask ``LocalCluster`` of 1 and 2 worker processes
  (``--scheduler``); the scaling efficiency 1→2 of each (rate with 2 ÷ 2 × rate with 1);
- CPU seconds per document (every process of the batch: main and workers), the figure least
  disturbed when other programs share the machine;
- peak memory of the whole batch (main process plus its workers, sampled every 0.1 s) and of the
  main process alone, at ``--sample`` and at ``--documents`` documents: it must not grow with the
  number of documents;
- from these, the time for 300,000 documents on a 32-worker cluster.

The machine's load average is printed with each run: with other work on the machine, wall-clock
rates and scaling are lower than on an idle one; CPU per document is much less affected.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

NATIONAL = 300_000
CLUSTER_WORKERS = 32


def ensure_corpus(corpus: Path, documents: int, jobs: int) -> list[Path]:
    files = sorted(p for p in corpus.glob("d*-*.*") if p.suffix in (".md", ".pdf")) if corpus.exists() else []
    if len(files) < documents:
        import synth

        years = [2022, 2023, 2024]
        departments = -(-documents // len(years))
        print(f"生成合成语料：{departments} 个部门 × {len(years)} 年，约一半为 PDF（只需一次）……", flush=True)
        started = time.perf_counter()
        specs = synth.plan(departments, years, pdf_share=0.5, defect_share=0.3, seed=1)
        synth.generate(corpus, specs, jobs)
        print(f"  用时 {time.perf_counter() - started:.0f} 秒", flush=True)
        files = sorted(p for p in corpus.glob("d*-*.*") if p.suffix in (".md", ".pdf"))
    return files[:documents]


def subset(files: list[Path], folder: Path) -> Path:
    """A folder of links to ``files`` (the batch walks it as it would the real files)."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for f in files:
        (folder / f.name).symlink_to(f.resolve())
    return folder


def _rss_kib(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) of a process in KiB, (0, 0) when it is gone."""
    try:
        text = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return 0, 0
    values = {line.split(":")[0]: int(line.split()[1]) for line in text.splitlines() if line.startswith(("VmRSS", "VmHWM"))}
    return values.get("VmRSS", 0), values.get("VmHWM", 0)


def _children(pid: int) -> list[int]:
    try:
        return [int(x) for x in Path(f"/proc/{pid}/task/{pid}/children").read_text(encoding="ascii").split()]
    except OSError:
        return []


def run(folder: Path, out: Path, extra: list[str]) -> dict[str, Any]:
    """One ``juesuan check`` over ``folder``: wall and CPU seconds, peak memory, rows written."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    script = Path(sys.executable).with_name("juesuan")
    cmd = [str(script)] if script.exists() else [sys.executable, "-c", "from juesuan.cli import entry; entry()"]
    cmd += ["check", str(folder), "--summary", str(out / "summary.csv"), "-o", str(out / "findings.txt"), *extra]
    load = os.getloadavg()[0]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak_total = peak_main = 0
    while proc.poll() is None:
        rss, hwm = _rss_kib(proc.pid)
        total = rss + sum(_rss_kib(c)[0] for c in _children(proc.pid))
        peak_total, peak_main = max(peak_total, total), max(peak_main, hwm)
        time.sleep(0.1)
    wall = time.perf_counter() - started
    from juesuan.batch.jobs import Status
    from juesuan.batch.sinks import SUMMARY_HEADERS

    rows = list(csv.DictReader((out / "summary.csv").read_text(encoding="utf-8-sig").splitlines()))
    seconds, status = SUMMARY_HEADERS["seconds"], SUMMARY_HEADERS["status"]
    return {
        "documents": len(rows),
        "wall": wall,
        "doc_seconds": sum(float(r[seconds] or 0) for r in rows),
        "peak_total_mib": peak_total / 1024,
        "peak_main_mib": peak_main / 1024,
        "load": load,
        "checked": sum(1 for r in rows if r[status] == Status.CHECKED.label),
    }


def run_cpu(folder: Path, out: Path, extra: list[str]) -> dict[str, Any]:
    """``run``, with the CPU seconds of the whole process tree (from the kernel, on exit)."""
    before = os.times()
    result = run(folder, out, extra)
    after = os.times()
    result["cpu"] = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return result


def describe(label: str, r: dict[str, Any], workers: int) -> None:
    rate = r["documents"] / r["wall"]
    cpu = f"，CPU {r['cpu'] / r['documents'] * 1000:.0f} ms/份" if "cpu" in r else ""
    print(
        f"  {label:<28} {r['documents']:>5} 份 {r['wall']:7.1f} 秒：{rate:6.2f} 份/秒，每进程 {rate / workers:5.2f} 份/秒{cpu}；"
        f"峰值内存 合计 {r['peak_total_mib']:.0f} MiB（主进程 {r['peak_main_mib']:.0f} MiB）；负载 {r['load']:.1f}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / ".cache" / "synth")
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--sample", type=int, default=500)
    parser.add_argument("--runs-dir", type=Path, default=ROOT / ".cache" / "batch-bench")
    parser.add_argument("--no-dask", action="store_true")
    args = parser.parse_args()

    files = ensure_corpus(args.corpus, args.documents, jobs=2)
    pdfs = sum(1 for f in files if f.suffix == ".pdf")
    print(f"语料：{len(files)} 份（PDF {pdfs} 份），{os.cpu_count()} 核的机器（与其他程序共用时，墙钟速率与扩展效率偏低）", flush=True)
    warmup = subset(files[:20], args.runs_dir / "n20")
    small = subset(files[: args.sample], args.runs_dir / f"n{args.sample}")
    large = subset(files, args.runs_dir / f"n{len(files)}")
    results: dict[str, dict[str, Any]] = {}

    print("本地进程（--jobs）：", flush=True)
    for workers in (1, 2):
        r = run_cpu(small, args.runs_dir / f"out-local-{workers}", ["--jobs", str(workers)])
        results[f"local{workers}"] = r
        describe(f"{workers} 个进程", r, workers)
    r = run_cpu(large, args.runs_dir / "out-local-large", ["--jobs", "2"])
    results["large"] = r
    describe("2 个进程（全部语料）", r, 2)

    if not args.no_dask:
        try:
            from distributed import LocalCluster
        except ImportError:
            print("（未安装 Dask distributed，跳过集群测量）")
        else:
            print("Dask LocalCluster（--scheduler）：", flush=True)
            for workers in (1, 2):
                with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
                    run(warmup, args.runs_dir / "out-warm", ["--scheduler", cluster.scheduler_address])  # workers import juesuan
                    r = run(small, args.runs_dir / f"out-dask-{workers}", ["--scheduler", cluster.scheduler_address])
                results[f"dask{workers}"] = r
                describe(f"{workers} 个 worker", r, workers)

    print("结论：", flush=True)
    for key, label in (("local", "本地进程"), ("dask", "Dask")):
        if f"{key}1" in results and f"{key}2" in results:
            one, two = (results[f"{key}{n}"]["documents"] / results[f"{key}{n}"]["wall"] for n in (1, 2))
            print(f"  {label} 1→2 扩展效率 {two / (2 * one):.2f}（目标 ≥ 0.85，需机器空闲）")
    small_peak, large_peak = results["local2"]["peak_total_mib"], results["large"]["peak_total_mib"]
    print(
        f"  峰值内存：{args.sample} 份 {small_peak:.0f} MiB，{len(files)} 份 {large_peak:.0f} MiB，"
        f"相差 {100 * (large_peak - small_peak) / small_peak:+.1f}%（要求 ±10% 以内）；"
        f"主进程 {results['local2']['peak_main_mib']:.0f} → {results['large']['peak_main_mib']:.0f} MiB"
    )
    cpu_per_doc = results["local1"]["cpu"] / results["local1"]["documents"]
    rate_per_worker = results["local1"]["documents"] / results["local1"]["wall"]
    efficiency = min(1.0, (results["local2"]["documents"] / results["local2"]["wall"]) / (2 * rate_per_worker))
    hours_cpu = NATIONAL * cpu_per_doc / CLUSTER_WORKERS / 3600
    hours_wall = NATIONAL / (rate_per_worker * CLUSTER_WORKERS * efficiency) / 3600
    print(
        f"  {NATIONAL:,} 份、{CLUSTER_WORKERS} 个 worker：按每份 CPU {cpu_per_doc * 1000:.0f} ms 计约 {hours_cpu:.1f} 小时；"
        f"按本机单进程速率 {rate_per_worker:.2f} 份/秒和实测效率 {efficiency:.2f} 计约 {hours_wall:.1f} 小时"
    )
    (args.runs_dir / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
