"""OCR accuracy and speed: every corpus PDF rasterised, read back from its images, compared with its text layer.

For each PDF (default: ../shared/corpus/*.pdf) the text layer is read and checked once; then the
pages are rasterised into an image-only PDF in each variant and read again through the same
reader (every page goes through OCR):

- ``150`` / ``200``: rendered at 150 or 200 dpi, stored losslessly (PNG);
- ``200-rotated``: 200 dpi, turned by ``--angle`` degrees (1.2 by default), as a page fed askew;
- ``200-jpeg``: 200 dpi, JPEG quality ``--quality`` (60 by default), as scanners save.

Per document and variant it prints: cells equal to the text-layer reading (table, row code, row
label, column and value all equal; ``cells`` view) out of the text layer's cells; error findings
that the text-layer run does not have (``new errors``: must be 0); RD30 doubtful figures; CPU
seconds per page on one core (the whole read: rendering the page image, OCR, the reader).
Goals: ≥ 99.5 % at 200 dpi, ≥ 98 % at 150 dpi, no new error, ≤ 1.5 s per page.

``--engine tesseract`` swaps the recogniser for Tesseract (``tesserocr`` with Debian's
``chi_sim`` data, installed by hand: it is not a dependency) on exactly the same crops, to compare
the two engines; ``--pages N,M`` limits the pages rasterised (the rest stay text); ``--show``
lists the cells that differ and the new errors; ``--keep DIR`` keeps the rasterised PDFs.

The machine this runs on may be shared: CPU time (``time.process_time``) is reported, with the
OCR held to one thread, so that the figure is the cost of a page on one core.

Usage: ``python benchmarks/ocr.py [FILE.pdf ...] [--variants 150,200,200-rotated,200-jpeg] [--engine rapidocr|tesseract]``
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
VARIANTS = ("150", "200", "200-rotated", "200-jpeg")
GOALS = {"150": 98.0, "200": 99.5}
GOAL_SECONDS = 1.5


def rasterise(src: Path, out: Path, dpi: int, angle: float = 0.0, quality: int = 0, pages: set[int] | None = None) -> int:
    """Write ``src`` as an image-only PDF (pages in ``pages`` only; the others are copied as they are)."""
    import numpy as np
    import pymupdf

    count = 0
    with pymupdf.open(src) as doc, pymupdf.open() as target:
        for index, page in enumerate(doc):
            if pages is not None and index + 1 not in pages:
                target.insert_pdf(doc, from_page=index, to_page=index)
                continue
            pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csRGB, alpha=False)
            if angle:
                import cv2

                rgb = np.frombuffer(pix.samples, np.uint8).reshape(pix.h, pix.w, 3)
                matrix = cv2.getRotationMatrix2D((pix.w / 2, pix.h / 2), angle, 1.0)
                rgb = cv2.warpAffine(rgb, matrix, (pix.w, pix.h), flags=cv2.INTER_LINEAR, borderValue=(255, 255, 255))
                pix = pymupdf.Pixmap(pymupdf.csRGB, pix.w, pix.h, np.ascontiguousarray(rgb).tobytes(), False)
            data = pix.tobytes("jpeg", jpg_quality=quality) if quality else pix.tobytes("png")
            new = target.new_page(width=page.rect.width, height=page.rect.height)
            new.insert_image(new.rect, stream=data)
            count += 1
        target.save(out, garbage=1, deflate=True)
    return count


def cells_of(report: Any) -> dict[tuple[str, ...], str]:
    from juesuan.render.cells import iter_cells

    return {row[:4]: row[4] for row in iter_cells(report)}


def new_errors(base: Any, other: Any) -> list[Any]:
    """Error findings of ``other`` that ``base`` does not have (same rule at the same table/row/column)."""

    def key(f: Any) -> tuple[Any, ...]:
        return (f.rule_id, tuple((loc.table, loc.row, loc.column) for loc in f.locations))

    known = Counter(key(f) for f in base.findings if f.severity.value == "error")
    out = []
    for finding in other.findings:
        if finding.severity.value != "error":
            continue
        k = key(finding)
        if known[k]:
            known[k] -= 1
        else:
            out.append(finding)
    return out


class _Tesseract:
    """Tesseract on one crop at a time (a text line), through tesserocr's API (no process per crop)."""

    def __init__(self) -> None:
        import tesserocr

        path = next((p for p in ("/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata") if Path(p).is_dir()), None)
        self.api = tesserocr.PyTessBaseAPI(path=path or "", lang="chi_sim", psm=tesserocr.PSM.SINGLE_LINE)

    def __call__(self, crop: Any) -> Any:
        from PIL import Image

        from juesuan.ingest.ocr.engine import Reading

        self.api.SetImage(Image.fromarray(crop))
        text = self.api.GetUTF8Text().strip().replace(" ", "")
        conf = max(0.0, self.api.MeanTextConf() / 100.0)
        return Reading(text=text, confidences=tuple(conf for _ in text))


def use_engine(name: str) -> None:
    if name == "rapidocr":
        return
    if name != "tesseract":
        raise SystemExit(f"unknown engine {name!r}")
    import juesuan.ingest.ocr.page as page

    page.recognise = _Tesseract()  # type: ignore[assignment]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--engine", default="rapidocr", choices=("rapidocr", "tesseract"))
    parser.add_argument("--angle", type=float, default=1.2)
    parser.add_argument("--quality", type=int, default=60)
    parser.add_argument("--pages", default="", help="only these pages (1-based, comma separated) are rasterised")
    parser.add_argument("--show", action="store_true", help="list the cells that differ")
    parser.add_argument("--keep", type=Path, help="keep the rasterised PDFs in this folder")
    args = parser.parse_args(argv)
    files = args.files or sorted(CORPUS.glob("*.pdf"))
    if not files:
        print(f"no PDF files given and none in {CORPUS}", file=sys.stderr)
        return 2
    variants = [v for v in args.variants.split(",") if v]
    only = {int(p) for p in args.pages.split(",") if p} or None

    from juesuan import api
    from juesuan.ingest import read

    use_engine(args.engine)
    print(f"engine: {args.engine}; CPU seconds per page on one thread; goals: ≥ {GOALS['200']} % at 200 dpi, ≥ {GOALS['150']} % at 150 dpi, ≤ {GOAL_SECONDS} s/page")
    print(f"{'document':44} {'variant':12} {'cells':>13} {'equal %':>8} {'new errors':>10} {'RD30':>5} {'s/page':>7}")
    worst_ok = True
    totals: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        read(files[0])  # imports and caches
        for path in files:
            text = read(path)
            text_check = api.check_report(text, source=str(path))
            truth = cells_of(text.report)
            for variant in variants:
                dpi = int(variant.split("-")[0])
                angle = args.angle if "rotated" in variant else 0.0
                quality = args.quality if "jpeg" in variant else 0
                scanned = folder / f"{path.stem}.{variant}.pdf"
                pages = rasterise(path, scanned, dpi, angle, quality, only)
                started = time.process_time()
                try:
                    result = read(scanned)
                except Exception as exc:
                    print(f"{path.name[:44]:44} {variant:12} could not be read: {exc}")
                    worst_ok = False
                    continue
                seconds = (time.process_time() - started) / max(pages, 1)
                check = api.check_report(result, source=str(scanned))
                got = cells_of(result.report)
                equal = sum(1 for k, v in truth.items() if got.get(k) == v)
                share = 100.0 * equal / len(truth) if truth else 100.0
                extra = new_errors(text_check, check)
                doubts = sum(1 for f in result.findings if f.rule_id == "RD30")
                totals.setdefault(variant, []).extend([equal, len(truth), seconds * pages, pages])
                print(f"{path.name[:44]:44} {variant:12} {equal:>6}/{len(truth):<6} {share:>8.2f} {len(extra):>10} {doubts:>5} {seconds:>7.2f}")
                goal = GOALS.get(variant.split("-")[0], 0.0)
                if share < goal or extra:
                    worst_ok = False
                if args.show:
                    for k, v in truth.items():
                        if got.get(k) != v:
                            near = [(kk, vv) for kk, vv in got.items() if kk[0] == k[0] and kk[3] == k[3] and (kk[1] == k[1] or kk[2] == k[2])]
                            print(f"    {'/'.join(k)} = {v}  read: {got.get(k)!r}  {near[:2] if got.get(k) is None else ''}")
                    for f in extra:
                        print(f"    new error {f.rule_id}: {f.message}")
    for variant, values in totals.items():
        equal = sum(values[0::4])
        count = sum(values[1::4])
        seconds = sum(values[2::4])
        pages = sum(values[3::4])
        print(f"{'all documents':44} {variant:12} {int(equal):>6}/{int(count):<6} {100.0 * equal / max(count, 1):>8.2f} {'':>10} {'':>5} {seconds / max(pages, 1):>7.2f}")
    return 0 if worst_ok else 1


if __name__ == "__main__":
    sys.exit(main())
