"""Table-cell mutants of any document: one or two printed figures changed the way typists slip.

    from benchmarks.mutants import table_mutants
    for mutant in table_mutants(Path("report.pdf"), workdir, cells=1, limit=20):
        document, changes = mutant            # the mutated file, what was changed
        for table, row, column, original, new, kind in changes: ...

A mutant changes the printed text of one money cell of a table (``cells=2``: two cells in two
different rows) by one of the slips in :data:`KINDS`, and writes the mutated document next to the
others in ``workdir``, in the original's format:

- text documents (``.txt``/``.md``): the cell's text is replaced on its line;
- PDFs: the printed word is redacted in place with PyMuPDF (text only — ruling lines and images are
  kept) and the new figure is written into the same box, at the same baseline and size, right
  aligned, in PyMuPDF's built-in CJK font (Droid Sans Fallback), so the page looks and reads as
  before except for that figure.

A slip must move the value by at least ten printing steps (a change in the last printed digit is
a 尾差 question, not a typo a reader can be asked to find). With ``verify`` (the default) the
mutant is read back and kept only if exactly the changed cells read differently — nothing else of
the tables moved — and the read result is kept on the mutant (``mutant.result``) so a caller does
not read it twice.

``Change.row`` is the row code where the table prints one (功能分类/经济分类 code, 行次) and the row
label otherwise; ``TableMutant.places`` has the full :class:`~juesuan.model.provenance.Source` of
each changed cell (line, or page and cell box) for checking where a finding points.
"""

from __future__ import annotations

import random
import re
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from juesuan.ingest import ReadResult, read  # noqa: E402
from juesuan.model.cells import Cell, report_cells  # noqa: E402
from juesuan.model.provenance import Source  # noqa: E402

__all__ = ["KINDS", "TEXT_SUFFIXES", "Change", "TableMutant", "candidates", "cell_key", "pdf_replace", "table_mutants", "typo"]

DROPPED, EXTRA, SWAPPED, CHANGED, SHIFTED = "dropped digit", "extra digit", "swapped digits", "changed digit", "shifted decimal"
#: The slips a mutant makes, one per changed cell.
KINDS = (DROPPED, EXTRA, SWAPPED, CHANGED, SHIFTED)
TEXT_SUFFIXES = (".txt", ".md", ".text")


class Change(NamedTuple):
    """One changed cell: where it is logically, the printed text before and after, the slip."""

    table: str
    row: str
    column: str
    original: str
    new: str
    kind: str


@dataclass
class TableMutant:
    document: Path
    changes: list[Change]
    places: list[Source]
    result: ReadResult | None = field(default=None, repr=False)

    def __iter__(self) -> Iterator[Any]:
        yield self.document
        yield self.changes


def cell_key(cell: Cell) -> tuple[str, str, str, str]:
    return (cell.table, cell.row_code, cell.row_label, cell.column)


# ---- the slips ---------------------------------------------------------------------------------


def _regroup(printed: str, digits: str) -> str:
    """``digits`` (digits and at most one point) printed with thousands separators iff ``printed`` had them."""
    if "," not in printed:
        return digits
    whole, point, decimals = digits.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    grouped = f"{int(whole):,}" if whole else "0"
    return f"{sign}{grouped}{point}{decimals}"


def typo(printed: str, kind: str, rng: random.Random) -> str | None:
    """``printed`` with one slip of ``kind``; None when this figure cannot take that slip.

    The result keeps the printed form (thousands separators iff the original had them, no leading
    zero) and moves the value by at least ten printing steps.
    """
    for _ in range(12):
        new = _typo_once(printed, kind, rng)
        if new is not None:
            return new
    return None


def _typo_once(printed: str, kind: str, rng: random.Random) -> str | None:
    plain = printed.replace(",", "")
    if not re.fullmatch(r"-?\d+(?:\.\d+)?", plain):
        return None
    sign = "-" if plain.startswith("-") else ""
    body = plain.lstrip("-")
    digits = [i for i, ch in enumerate(body) if ch.isdigit()]
    last = digits[-1]
    point = body.find(".")
    out: str | None = None
    whole_digits = [i for i in digits if point < 0 or i < point]
    if kind == DROPPED:
        # a digit of the whole part (the printed decimals stay as many); a one-digit whole part drops to 0
        whole_len = len(whole_digits)
        places = [i for i in whole_digits if not (i == 0 and whole_len > 2 and body[1] == "0")]
        i = rng.choice(places)
        out = body[:i] + body[i + 1 :]
        if out.startswith(".") or not out:
            out = "0" + out
    elif kind == EXTRA:
        # a digit typed twice, or one stray digit, in the whole part
        i = rng.choice(whole_digits)
        out = body[: i + 1] + body[i] + body[i + 1 :] if rng.random() < 0.5 else body[:i] + str(rng.randint(1, 9)) + body[i:]
    elif kind == SWAPPED:
        pairs = [i for i in digits if i + 1 in digits and body[i] != body[i + 1] and i + 1 != last]
        if not pairs:
            return None
        i = rng.choice(pairs)
        out = body[:i] + body[i + 1] + body[i] + body[i + 2 :]
    elif kind == CHANGED:
        places = [i for i in digits if i != last] or digits
        i = rng.choice(places)
        new = rng.choice([d for d in "0123456789" if d != body[i] and not (d == "0" and i == 0 and len(digits) > 1 and (point < 0 or point > 1))])
        out = body[:i] + new + body[i + 1 :]
    elif kind == SHIFTED:
        whole, _, decimals = body.partition(".")
        if decimals and (len(whole) > 1 or rng.random() < 0.5):
            # the point one place to the left: 1234.56 → 123.456 (or to the right when the whole part is one digit)
            out = whole[:-1] + "." + whole[-1] + decimals if len(whole) > 1 else whole + decimals[0] + "." + decimals[1:]
        elif decimals:
            out = whole + decimals[0] + ("." + decimals[1:] if decimals[1:] else "")
        else:
            out = whole + "0"  # an integer: one place to the right
        out = out.rstrip(".")
    if out is None:
        return None
    whole = out.partition(".")[0]
    if len(whole) > 1 and whole.startswith("0"):
        return None
    new_printed = sign + out
    try:
        before, after = Decimal(plain), Decimal(new_printed)
    except InvalidOperation:
        return None
    step = Decimal(1).scaleb(-len(body.partition(".")[2]))
    if abs(after - before) < 10 * step:
        return None
    return _regroup(printed, new_printed)


# ---- which cells ---------------------------------------------------------------------------------


def candidates(result: ReadResult, pdf: bool) -> list[Cell]:
    """The money cells of the tables that have a place this module can edit."""
    out = []
    for cell in report_cells(result.report):
        if not cell.money or not cell.source.text.strip():
            continue
        if pdf and (cell.source.page is None or cell.source.bbox is None):
            continue
        if not pdf and cell.source.line is None:
            continue
        out.append(cell)
    return out


def _row(cell: Cell) -> str:
    return cell.row_code or cell.row_label


# ---- editing the document --------------------------------------------------------------------------

_BOUNDARY = r"(?<![\d.,])"
_END = r"(?![\d.,]*\d)"


def _text_edit(lines: list[str], cell: Cell, new: str, same_line: list[Cell]) -> bool:
    """Replace the printed text of ``cell`` on its line; False when its place on the line is unclear."""
    number = (cell.source.line or 0) - 1
    if not 0 <= number < len(lines):
        return False
    line = lines[number]
    printed = cell.source.text.strip()
    hits = list(re.finditer(_BOUNDARY + re.escape(printed) + _END, line))
    twins = [c for c in same_line if c.source.text.strip() == printed]
    if len(hits) == 1:
        hit = hits[0]
    elif hits and len(hits) == len(twins):
        hit = hits[twins.index(cell)]
    else:
        return False
    lines[number] = line[: hit.start()] + new + line[hit.end() :]
    return True


def _cjk_font() -> Any:
    import pymupdf

    return pymupdf.Font("cjk")


def _reprint(page: Any, rect: Any, size: float, baseline: float, color: int, new: str, *, right: bool) -> None:
    """Remove the text inside ``rect`` (line art and images stay) and print ``new`` on the same
    baseline at the same size: right aligned on the box (table figures) or from its left edge."""
    import pymupdf

    rgb = ((color >> 16) / 255, ((color >> 8) & 255) / 255, (color & 255) / 255)
    inner = pymupdf.Rect(rect.x0 + 0.3, rect.y0 + 0.3, rect.x1 - 0.3, rect.y1 - 0.3)
    page.add_redact_annot(inner)
    page.apply_redactions(images=pymupdf.PDF_REDACT_IMAGE_NONE, graphics=pymupdf.PDF_REDACT_LINE_ART_NONE, text=pymupdf.PDF_REDACT_TEXT_REMOVE)
    font = _cjk_font()
    if not right:
        # running text: the new words fill no more than the old ones did (the font's figures are
        # wider than most), so they do not run into the next character
        width = font.text_length(new, fontsize=size)
        if width > rect.width > 0:
            size *= rect.width / width
    x = rect.x1 - font.text_length(new, fontsize=size) if right else rect.x0
    page.insert_font(fontname="jscjk", fontbuffer=font.buffer)
    page.insert_text((x, baseline), new, fontsize=size, fontname="jscjk", color=rgb)


def _pdf_edit(doc: Any, cell: Cell, new: str) -> bool:
    """Redact the printed figure inside the cell's box and print ``new`` in its place."""
    import pymupdf

    page = doc[(cell.source.page or 1) - 1]
    box = pymupdf.Rect(cell.source.bbox)
    printed = cell.source.text.strip()
    words = [w for w in page.get_text("words", clip=box) if w[4] == printed]
    if len(words) != 1:
        return False
    rect = pymupdf.Rect(words[0][:4])
    spans = [
        s
        for b in page.get_text("dict", clip=rect)["blocks"]
        for ln in b.get("lines", ())
        for s in ln["spans"]
        if s["text"].strip() and printed.startswith(s["text"].strip()[:1])
    ]
    if not spans:
        return False
    span = spans[0]
    _reprint(page, rect, span["size"], span["origin"][1], span.get("color", 0), new, right=True)
    return True


def pdf_replace(doc: Any, page_number: int, clip: tuple[float, float, float, float] | None, pattern: str, new: str) -> tuple[float, float, float, float] | None:
    """Replace, in place, the one match of the regular expression ``pattern`` printed on one line
    of the page (inside ``clip``), whose group 1 — or the whole match — is what is replaced.

    Characters are taken with their boxes (``rawdict``), so a phrase is found inside running text;
    None (nothing changed) when there is no match or more than one. Returns the replaced box.
    """
    import pymupdf

    page = doc[page_number - 1]
    hits = []
    for block in page.get_text("rawdict", clip=pymupdf.Rect(clip) if clip else None)["blocks"]:
        for line in block.get("lines", ()):
            chars = [(ch, span) for span in line["spans"] for ch in span["chars"]]
            text = "".join(ch["c"] for ch, _ in chars)
            for m in re.finditer(pattern, text):
                a, b = m.span(1) if m.re.groups else m.span()
                hits.append(chars[a:b])
    if len(hits) != 1 or not hits[0]:
        return None
    chars = hits[0]
    rect = pymupdf.Rect(chars[0][0]["bbox"])
    for ch, _ in chars[1:]:
        rect |= pymupdf.Rect(ch["bbox"])
    first, span = chars[0]
    _reprint(page, rect, span["size"], first["origin"][1], span.get("color", 0), new, right=False)
    return (rect.x0, rect.y0, rect.x1, rect.y1)


def _write(path: Path, cells: Sequence[Cell], news: Sequence[str], out: Path, all_cells: list[Cell]) -> bool:
    if path.suffix.lower() == ".pdf":
        import pymupdf

        doc = pymupdf.open(path)
        try:
            for cell, new in zip(cells, news, strict=True):
                if not _pdf_edit(doc, cell, new):
                    return False
            doc.save(out, garbage=1)
        finally:
            doc.close()
        return True
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    for cell, new in zip(cells, news, strict=True):
        same_line = [c for c in all_cells if c.source.line == cell.source.line]
        if not _text_edit(lines, cell, new, same_line):
            return False
    out.write_text("\n".join(lines), encoding="utf-8")
    return True


def _reads_as_intended(result: ReadResult, before: Counter[tuple[object, ...]], changed: set[tuple[str, str, str, str]]) -> bool:
    """Exactly the changed cells read differently (none lost, none gained, nothing else moved)."""
    after = Counter((*cell_key(c), c.value) for c in report_cells(result.report) if c.money)
    removed = before - after
    added = after - before
    return {k[:4] for k in removed} == changed and {k[:4] for k in added} == changed and len(removed) == len(added) == len(changed)


def table_mutants(
    path: Path,
    workdir: Path,
    *,
    cells: int = 1,
    kinds: Sequence[str] = KINDS,
    limit: int | None = None,
    seed: int = 20241231,
    result: ReadResult | None = None,
    verify: bool = True,
) -> Iterator[TableMutant]:
    """Mutants of ``path`` with ``cells`` (1 or 2) table cells changed, at most ``limit`` of them.

    Kinds are dealt round-robin so every slip is represented; the cells are drawn at random
    (``seed``) from every table. ``result`` is the original's read result, if the caller has it.
    """
    if cells not in (1, 2):
        raise ValueError("cells must be 1 or 2")
    pdf = path.suffix.lower() == ".pdf"
    original = result or read(path)
    pool = candidates(original, pdf)
    all_cells = list(report_cells(original.report))
    before = Counter((*cell_key(c), c.value) for c in all_cells if c.money)
    rng = random.Random(seed)
    rng.shuffle(pool)
    workdir.mkdir(parents=True, exist_ok=True)
    made = 0
    attempt = 0
    used: set[tuple[str, str, str, str]] = set()
    for index, first in enumerate(pool):
        if limit is not None and made >= limit:
            return
        if cell_key(first) in used:
            continue
        chosen = [first]
        if cells == 2:
            partner = next(
                (c for c in pool[index + 1 :] if (c.table, c.row_code, c.row_label) != (first.table, first.row_code, first.row_label) and cell_key(c) not in used),
                None,
            )
            if partner is None:
                continue
            chosen.append(partner)
        slips = []
        for cell in chosen:
            kind = kinds[attempt % len(kinds)]
            attempt += 1
            new = typo(cell.source.text.strip(), kind, rng)
            if new is None:
                # another slip for a figure that cannot take this one (e.g. 0.00 has nothing to swap)
                for other in kinds:
                    new = typo(cell.source.text.strip(), other, rng)
                    if new is not None:
                        kind = other
                        break
            if new is None:
                break
            slips.append((cell, new, kind))
        if len(slips) != len(chosen):
            continue
        out = workdir / f"{path.stem}.m{made + 1:03d}{path.suffix}"
        if not _write(path, [s[0] for s in slips], [s[1] for s in slips], out, all_cells):
            out.unlink(missing_ok=True)
            continue
        mutated: ReadResult | None = None
        if verify:
            try:
                mutated = read(out)
            except Exception:  # a mutant the reader refuses is not a table mutant
                out.unlink(missing_ok=True)
                continue
            if not _reads_as_intended(mutated, before, {cell_key(s[0]) for s in slips}):
                out.unlink(missing_ok=True)
                continue
        used.update(cell_key(s[0]) for s in slips)
        made += 1
        changes = [Change(c.table, _row(c), c.column, c.source.text.strip(), new, kind) for c, new, kind in slips]
        yield TableMutant(out, changes, [c.source for c, _, _ in slips], mutated)
