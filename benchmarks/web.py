"""Load on the web app: concurrent uploads of corpus PDFs, and concurrent readers, on loopback.

    python benchmarks/web.py [--uploads 20] [--readers 20] [--rounds 10] [--workers N]

Starts ``juesuan serve`` in a temporary folder (its own store, a first admin from
``--init-admin``), signs in, and in the same run measures:

1. the baseline: reading and checking the same PDFs in this process, one after another (what the
   background workers must do for each upload, without the web around it);
2. ``--uploads`` uploads sent at once (the corpus PDFs in turn, each made distinct by a comment
   after its end, so that none is a copy the store already has): the latency of each upload
   request (saving the file and queueing it; the check runs after the answer) and the time until
   the workers have checked them all;
3. ``--readers`` clients at once, each reading ``--rounds`` times the findings page of an upload
   and one of its page images (the page images rendered before, as a reviewer sees them).

Prints requests per second and latency percentiles (p50, p95, max) for each, and counts failed
requests (any answer but the one expected) and lost uploads (not checked in the end): both must be
zero. Wall times on loopback; the machine's other load shows in them.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

CORPUS = ROOT.parent / "shared" / "corpus"
PDFS = sorted(p for p in CORPUS.glob("*.pdf"))
USER, PASSWORD = "reviewer", "load-test-pass-2024"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _percentiles(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"p50 {statistics.median(ordered) * 1000:7.0f} ms   p95 {p95 * 1000:7.0f} ms   max {ordered[-1] * 1000:7.0f} ms"


def _baseline(files: list[tuple[str, bytes]], folder: Path) -> float:
    """Seconds per document to read and check the same PDFs here, one after another."""
    from juesuan import api

    paths = []
    for name, data in files:
        path = folder / name
        path.write_bytes(data)
        paths.append(path)
    api.check_report(api.load(paths[0]))  # imports and first-use memos out of the timing
    started = time.perf_counter()
    for path in paths:
        api.check_report(api.load(path), source=str(path))
    return (time.perf_counter() - started) / len(paths)


def _sign_in(base: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=120)
    form = client.get("/login")
    token = CSRF.search(form.text)
    assert token, "no sign-in form"
    answer = client.post("/login", data={"username": USER, "password": PASSWORD, "csrf_token": token.group(1)})
    assert answer.status_code == 303, answer.text[:200]
    return client


async def _uploads(
    base: str, cookies: httpx.Cookies, token: str, files: list[tuple[str, bytes]]
) -> tuple[list[float], list[int], list[str]]:
    latencies: list[float] = []
    ids: list[int] = []
    failures: list[str] = []
    async with httpx.AsyncClient(base_url=base, cookies=cookies, timeout=300, limits=httpx.Limits(max_connections=len(files))) as client:

        async def one(name: str, data: bytes) -> None:
            started = time.perf_counter()
            try:
                answer = await client.post("/uploads", data={"csrf_token": token}, files=[("files", (name, data, "application/pdf"))])
            except httpx.HTTPError as exc:
                failures.append(f"{name}: {type(exc).__name__}")
                return
            latencies.append(time.perf_counter() - started)
            if answer.status_code != 303:
                failures.append(f"{name}: HTTP {answer.status_code}")
                return
            ids.append(int(answer.headers["location"].rsplit("/", 1)[-1]))

        await asyncio.gather(*(one(name, data) for name, data in files))
    return latencies, ids, failures


async def _readers(
    base: str, cookies: httpx.Cookies, targets: list[tuple[int, int]], readers: int, rounds: int
) -> tuple[list[float], list[str], float]:
    latencies: list[float] = []
    failures: list[str] = []
    async with httpx.AsyncClient(base_url=base, cookies=cookies, timeout=120, limits=httpx.Limits(max_connections=readers)) as client:

        async def reader(k: int) -> None:
            for r in range(rounds):
                upload_id, page = targets[(k + r) % len(targets)]
                for path, expect in ((f"/uploads/{upload_id}", "在页面上查看"), (f"/uploads/{upload_id}/page/{page}/image.png", "")):
                    started = time.perf_counter()
                    try:
                        answer = await client.get(path)
                    except httpx.HTTPError as exc:
                        failures.append(f"{path}: {type(exc).__name__}")
                        continue
                    latencies.append(time.perf_counter() - started)
                    if answer.status_code != 200 or (expect and expect not in answer.text):
                        failures.append(f"{path}: HTTP {answer.status_code}")

        started = time.perf_counter()
        await asyncio.gather(*(reader(k) for k in range(readers)))
        return latencies, failures, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=20)
    parser.add_argument("--readers", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=0, help="background checking processes (default: CPU cores - 1, at least 1)")
    args = parser.parse_args()
    if not PDFS:
        sys.exit(f"no corpus PDFs in {CORPUS}")
    files = [
        (f"{i:02d}-{PDFS[i % len(PDFS)].name}", PDFS[i % len(PDFS)].read_bytes() + f"\n% juesuan benchmark {i}\n".encode())
        for i in range(args.uploads)
    ]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(f"baseline: reading and checking the {len(PDFS)} corpus PDFs in this process …", flush=True)
        per_doc = _baseline([(p.name, p.read_bytes()) for p in PDFS], folder)
        port = _port()
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "JUESUAN_ADMIN_USER": USER, "JUESUAN_ADMIN_PASSWORD": PASSWORD}
        env.pop("JUESUAN_DB", None)
        command = [sys.executable, "-m", "juesuan", "serve", "--init-admin", "--port", str(port), "--max-files", str(max(20, args.uploads))]
        if args.workers:
            command += ["--workers", str(args.workers)]
        log = (folder / "serve.log").open("w")
        server = subprocess.Popen(command, cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    httpx.get(base + "/login", timeout=2)
                    break
                except httpx.HTTPError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        sys.exit(f"juesuan serve did not start: {(folder / 'serve.log').read_text()}")
                    time.sleep(0.2)
            client = _sign_in(base)
            token = CSRF.search(client.get("/").text)
            assert token
            print(f"{args.uploads} uploads at once …", flush=True)
            started = time.perf_counter()
            latencies, ids, failures = asyncio.run(_uploads(base, client.cookies, token.group(1), files))
            sent = time.perf_counter() - started
            lost = set(ids)
            deadline = time.monotonic() + 60 * 30
            while lost and time.monotonic() < deadline:
                for upload_id in list(lost):
                    page = client.get(f"/uploads/{upload_id}").text
                    if "已审核" in page or "未能审核" in page:
                        if "未能审核" in page:
                            failures.append(f"upload {upload_id}: not checked")
                        lost.discard(upload_id)
                time.sleep(0.5)
            checked_all = time.perf_counter() - started
            targets = []
            for upload_id in ids[: min(len(ids), 8)]:
                found = re.search(rf"/uploads/{upload_id}/page/(\d+)\?f=", client.get(f"/uploads/{upload_id}").text)
                if found:
                    targets.append((upload_id, int(found.group(1))))
                    client.get(f"/uploads/{upload_id}/page/{found.group(1)}/image.png")  # rendered once, as a first reader would
            print(f"{args.readers} readers × {args.rounds} rounds …", flush=True)
            read_latencies, read_failures, read_wall = (
                asyncio.run(_readers(base, client.cookies, targets, args.readers, args.rounds))
                if targets
                else ([], ["no page to read"], 1.0)
            )
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
            log.close()
    workers = args.workers or max(1, (os.cpu_count() or 2) - 1)
    print()
    print(f"machine: {os.cpu_count()} CPU cores; background workers: {workers}")
    print(f"baseline (read + check in one process, no web):  {per_doc:6.2f} s per PDF  ({60 / per_doc:5.1f} per minute)")
    print(f"uploads: {args.uploads} at once, {sum(len(d) for _, d in files) / 1e6:.1f} MB")
    print(f"  upload requests   {len(latencies) / sent:7.1f} requests/s   {_percentiles(latencies) if latencies else ''}")
    print(
        f"  all checked after {checked_all:7.1f} s   ({args.uploads / checked_all * 60:5.1f} PDFs per minute; baseline × {workers} workers: {60 / per_doc * workers:5.1f})"
    )
    print(f"  failed requests {len(failures)}, lost uploads {len(lost)}")
    if read_latencies:
        print(f"readers: {args.readers} at once × {args.rounds} rounds × (findings page + page image) = {len(read_latencies)} requests")
        print(f"  pages             {len(read_latencies) / read_wall:7.1f} requests/s   {_percentiles(read_latencies)}")
    print(f"  failed requests {len(read_failures)}")
    for problem in (failures + read_failures)[:10]:
        print("   ", problem)
    if failures or read_failures or lost:
        sys.exit(1)


if __name__ == "__main__":
    main()
