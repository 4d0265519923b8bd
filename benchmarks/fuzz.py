"""Fuzzing benchmark (issue 9): broken and hostile inputs of every format, each run as ``juesuan``.

    .venv/bin/python benchmarks/fuzz.py [--cases 2000] [--seed 1] [--jobs 2] [--makers 2]
                                        [--timeout 60] [--family text,html,...] [--keep DIR] [--verbose]

Families and what they are made from (the seed, the corpus PDFs and the made-up department that
``juesuan render`` writes; nothing is downloaded):

- ``text``  the seed: bytes flipped, inserted, deleted, spans doubled, cut anywhere; amounts
  replaced by 30 digits, 5,000 digits, ``1e999``, ``NaN``, ``5..18``; GB18030/UTF-16 with damaged
  bytes; a 400,000-row table; a 10 MB line; injection strings in names.
- ``html``  the rendered web page: the same, plus a wrong declared charset, 20,000 small tables,
  20,000 nested ``<div>``, ``rowspan``/``colspan`` bombs.
- ``docx`` / ``xlsx``  the rendered Word and Excel files: cell and paragraph text replaced inside
  the XML (huge numbers, control characters as character references, injection strings), parts
  cut or damaged, zip bytes flipped, a zip bomb, a 200,000-row sheet, a sheet claiming a huge range.
- ``xls``  the rendered tables written with xlwt: values beyond any budget (1e308 …), bytes
  flipped, cut.
- ``pdf``  the corpus PDFs: bytes flipped and cut; a content-stream bomb (a small file whose page
  content inflates to hundreds of MB), the same inside a form XObject the page draws (nested up to
  3 deep), a small form drawn up to 200,000 times; 5,000 blank pages; a page drawing 200,000 lines.
- ``render``  ``juesuan render`` of the made-up department's YAML/JSON with values replaced (NaN,
  1e30, 5,000 digits, dates, control characters, injection strings, wrong types), deep nesting,
  YAML alias bombs, a million-element JSON list; and canonical reports (``juesuan parse``
  output) damaged the same way, checked.
- ``picture``  scans: a corpus page as PNG/JPEG, cut or damaged, a PNG header claiming
  60,000 × 60,000 pixels, 1 × 1 pixels, random bytes with a picture's signature.

How a case is run. Three kinds of process: *makers* (``--makers``, default 2, forked first) build
the sources once and write each case's files a few cases ahead of the runs, sending each case as
one line on a pipe; the *server* (this process) holds nothing of the generators, only juesuan and
the modules its commands import; it forks one *case child* per case (at most ``--jobs`` at a time),
which sets its argv to ``juesuan ARGS``, stdin to /dev/null, stdout to /dev/null, stderr to a file,
and calls ``juesuan.cli:entry`` — the function the installed ``juesuan`` program runs — which
ends the process with the command's exit code. The server waits with ``wait4`` (peak resident
memory ``ru_maxrss`` and CPU seconds), kills the child's process group after ``--timeout`` seconds
of wall clock, and never blocks on anything else, so the limit holds whatever the makers do.

Why it is the same as a fresh ``juesuan`` process: the child runs the same entry function with the
same argv, so the same code path, exit code and stderr. The server imports beforehand what a
fresh process would import on the way: ``juesuan.cli.app`` and then, after a *warm-up* run of the
unmutated inputs in children that record what they import, those modules (in the same order); no
command has run in the server, so no memo, cache or setting is warm — only import work is saved
(the warm-up run is also printed as the *cold* baseline: a case's run without pre-imported modules).
Differences, none in the result: ``ru_maxrss`` starts from the server's resident size (about 150 MB
of imported modules, more than any one command needs), so peak memory is an upper bound; all
children share the server's hash seed (fresh processes each get their own, which may change the
iteration order of sets — juesuan's output must not depend on it anyway); ``RLIMIT_AS`` is 4 GB as a safety net for
the machine (past it a case fails as a crash). A *crash* is exit code 3, any other unexpected code
or signal, or a traceback or “内部错误” on stderr; exit 0/1 (read and checked) and 2 (refused with
a message) are the good outcomes. An XLSX that ``render`` writes is also opened and counted under
*formulas* when any cell is a formula. Each case's input is hashed (its bytes and the command with
paths left out): the number of distinct inputs is printed.

Printed per family: cases, exit 0/1, exit 2, crashes, timeouts, formulas, peak memory (max and
median) and the slowest case; the *baseline* row runs the unmutated inputs of each family the same
way in the same run. Failing cases are listed (with ``--keep DIR`` their files are kept).
Exit code 1 when any case crashed, timed out or wrote a formula.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib
import io
import json
import os
import random
import re
import resource
import select
import shutil
import signal
import statistics
import sys
import tempfile
import time
import types
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
SHARED = Path(os.environ.get("JUESUAN_SHARED", ROOT.parent / "shared"))
SEED = SHARED / "seed" / "000_47ca208ed1e3cbfe.txt"
CORPUS = SHARED / "corpus"
MADE_UP = ROOT / "tests" / "fixtures" / "render" / "made_up_department.yaml"
MB = 1024 * 1024

HUGE = ["123456789012345678901234567890.12", "9" * 5000, "1e999", "-1E+30", "NaN", "Infinity", "5..18", "0.000000000000001", "99999999999999999"]
INJECTIONS = ["=cmd|' /C calc'!A0", "\t=1+1", "+1+1", "-2+3", "@SUM(1)", "<script>alert(1)</script>", "[x](javascript:alert(1))", "**粗** _斜_ `码`", "# 标题", "| a | b |", "&lt;b&gt;"]
CONTROLS = ["\x00", "\x1b[31m", "\x07", "\x0b", "\x7f", "\ufffe", "\u202e"]

# family name → share of the cases
SHARES = {"text": 0.22, "html": 0.14, "docx": 0.12, "xlsx": 0.12, "xls": 0.05, "pdf": 0.14, "render": 0.16, "picture": 0.05}


@dataclass
class Case:
    family: str
    name: str
    args: list[str]
    files: list[Path] = field(default_factory=list)
    writes_xlsx: Path | None = None


@dataclass
class Outcome:
    case: Case
    code: int | None  # exit code; None when killed by a signal
    signal: int | None
    seconds: float
    peak_mb: float
    timed_out: bool
    stderr: str
    formula: bool = False
    digest: str = ""
    cpu: float = 0.0  # the child's user + system seconds (what the case costs, whatever the machine's load)

    @property
    def crashed(self) -> bool:
        if self.timed_out:
            return False
        if self.signal is not None or self.code not in (0, 1, 2):
            return True
        return "Traceback" in self.stderr or "内部错误" in self.stderr


# ---- byte and text mutations ------------------------------------------------------------------


def flip(data: bytes, rng: random.Random, count: int | None = None) -> bytes:
    out = bytearray(data)
    for _ in range(count or rng.randint(1, 20)):
        if out:
            out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def splice(data: bytes, rng: random.Random) -> bytes:
    """One of: insert random bytes, delete a span, double a span, cut the end."""
    if not data:
        return data
    a = rng.randrange(len(data))
    b = min(len(data), a + rng.randint(1, 4096))
    op = rng.randrange(4)
    if op == 0:
        return data[:a] + os.urandom(rng.randint(1, 64)) + data[a:]
    if op == 1:
        return data[:a] + data[b:]
    if op == 2:
        return data[:b] + data[a:b] * rng.randint(2, 50) + data[b:]
    return data[:a]


_NUMBER = re.compile(r"(?<![\d.])\d[\d,]*\.\d\d(?![\d.])")


def numbers_replaced(text: str, rng: random.Random, count: int = 3) -> str:
    spans = [m.span() for m in _NUMBER.finditer(text)]
    for a, b in sorted(rng.sample(spans, min(count, len(spans))), reverse=True):
        text = text[:a] + rng.choice(HUGE) + text[b:]
    return text


def words_replaced(text: str, rng: random.Random, words: list[str], count: int = 3) -> str:
    """Put hostile strings where names and labels are (after a line start or a tab)."""
    spots = [m.end() for m in re.finditer(r"(?m)^|\t|>", text)]
    for at in sorted(rng.sample(spots, min(count, len(spots))), reverse=True):
        text = text[:at] + rng.choice(words) + text[at:]
    return text


# ---- sources ---------------------------------------------------------------------------------------


class Sources:
    """The unmutated inputs, made once: the seed, the made-up department in every written format,
    the corpus PDFs, a page picture."""

    def __init__(self, work: Path) -> None:
        from juesuan import api

        self.work = work
        self.seed = SEED.read_bytes()
        view = api.build_view(api.load_input(MADE_UP))
        self.html = api.render_document(view, "html")
        self.docx = api.render_document(view, "docx")
        self.xlsx = api.render_document(view, "xlsx")
        self.markdown = api.render_document(view, "md")
        self.xls = _xls_from(self.xlsx)
        self.made_up = MADE_UP.read_text(encoding="utf-8")
        seed_path = work / "seed.txt"
        seed_path.write_bytes(self.seed)
        self.canonical = api.serialize(api.load(seed_path).report, "json")
        self.pdfs = sorted(p for p in CORPUS.glob("*.pdf"))[:4]
        self.png, self.jpeg = _page_pictures(self.pdfs[0]) if self.pdfs else (b"", b"")


def _xls_from(xlsx: bytes) -> bytes:
    import openpyxl
    import xlwt

    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    out = xlwt.Workbook()
    for ws in book.worksheets:
        sheet = out.add_sheet(ws.title[:31])
        for r, row in enumerate(ws.iter_rows(values_only=True)):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write(r, c, float(value) if isinstance(value, int | float) else str(value)[:32000])
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def _page_pictures(pdf: Path) -> tuple[bytes, bytes]:
    import pymupdf

    with pymupdf.open(pdf) as doc:
        pix = doc[min(2, len(doc) - 1)].get_pixmap(dpi=110)
        return pix.tobytes("png"), pix.tobytes("jpeg")


# ---- zip parts ---------------------------------------------------------------------------------


def zip_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def zip_of(parts: dict[str, bytes], level: int = 6) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buffer.getvalue()


def part_damaged(data: bytes, rng: random.Random) -> bytes:
    """A zip package (DOCX, XLSX) with one of its parts spliced or with bytes flipped."""
    parts = zip_parts(data)
    name = rng.choice(list(parts))
    parts[name] = splice(parts[name], rng) if rng.random() < 0.5 else flip(parts[name], rng)
    return zip_of(parts)


def xml_text_replaced(xml: bytes, tag: bytes, rng: random.Random, words: list[str], count: int = 4) -> bytes:
    """Replace the text of some ``<tag>…</tag>`` elements (``w:t`` in Word, ``v``/``t`` in Excel)."""
    pattern = re.compile(b"(<" + tag + b"(?: [^>]*)?>)([^<]*)(</" + tag + b">)")
    spans = [m.span(2) for m in pattern.finditer(xml)]
    for a, b in sorted(rng.sample(spans, min(count, len(spans))), reverse=True):
        word = rng.choice(words)
        escaped = "".join(f"&#{ord(ch)};" if ord(ch) < 32 and ch not in "\t\n\r" else ch for ch in word)
        escaped = escaped.replace("&", "&amp;").replace("&amp;#", "&#").replace("<", "&lt;")
        xml = xml[:a] + escaped.encode("utf-8") + xml[b:]
    return xml


# ---- generators by family ----------------------------------------------------------------------------

Maker = Callable[[Sources, random.Random, Path, int], Case]


def _write(path: Path, data: bytes | str) -> Path:
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def _check(family: str, name: str, path: Path) -> Case:
    return Case(family, name, ["check", str(path), "--format", "json", "-o", str(path.with_suffix(path.suffix + ".out.json"))], [path])


def text_cases() -> list[tuple[str, Maker]]:
    def base(s: Sources) -> str:
        return s.seed.decode("utf-8")

    def gb_damaged(s: Sources, rng: random.Random) -> bytes:
        return flip(base(s).encode("gb18030"), rng, rng.randint(1, 5))

    def big_table(s: Sources, rng: random.Random) -> str:
        lines = base(s).split("\n")
        at = next(i for i, line in enumerate(lines) if line.startswith("2080505\t"))
        rows = rng.choice([50_000, 400_000]) + rng.randrange(100_000)
        return "\n".join(lines[:at] + ["2080505\t养老\t5.18\t5.18"] * rows + lines[at:])

    return [
        ("bytes-flipped", lambda s, rng, d, i: _check("text", "bytes-flipped", _write(d / f"t{i}.txt", flip(s.seed, rng)))),
        ("spliced", lambda s, rng, d, i: _check("text", "spliced", _write(d / f"t{i}.txt", splice(s.seed, rng)))),
        ("huge-numbers", lambda s, rng, d, i: _check("text", "huge-numbers", _write(d / f"t{i}.txt", numbers_replaced(base(s), rng, rng.randint(1, 6))))),
        ("injections", lambda s, rng, d, i: _check("text", "injections", _write(d / f"t{i}.txt", words_replaced(base(s), rng, INJECTIONS + CONTROLS)))),
        ("gb18030-damaged", lambda s, rng, d, i: _check("text", "gb18030-damaged", _write(d / f"t{i}.txt", gb_damaged(s, rng)))),
        ("utf8-damaged", lambda s, rng, d, i: _check("text", "utf8-damaged", _write(d / f"t{i}.txt", flip(s.seed, rng, rng.randint(1, 3))))),
        ("utf16", lambda s, rng, d, i: _check("text", "utf16", _write(d / f"t{i}.txt", flip(base(s).encode("utf-16"), rng, rng.randint(0, 3))))),
        ("markdown-mutated", lambda s, rng, d, i: _check("text", "markdown-mutated", _write(d / f"t{i}.md", numbers_replaced(s.markdown.decode(), rng)))),
        ("big-table", lambda s, rng, d, i: _check("text", "big-table", _write(d / f"t{i}.txt", big_table(s, rng)))),
        ("long-line", lambda s, rng, d, i: _check("text", "long-line", _write(d / f"t{i}.txt", base(s) + "\n" + "收入" * (rng.choice([100_000, 4_000_000]) + rng.randrange(100_000))))),
        ("random-bytes", lambda s, rng, d, i: _check("text", "random-bytes", _write(d / f"t{i}.txt", os.urandom(rng.randint(1, 200_000))))),
    ]


def html_cases() -> list[tuple[str, Maker]]:
    def page(s: Sources) -> str:
        return s.html.decode("utf-8")

    def many_tables(s: Sources, rng: random.Random) -> str:
        t = "<table><tr><td>项目</td><td>金额</td></tr><tr><td>合计</td><td>1.00</td></tr></table>\n"
        return "<html><body><h1>某某局2024年度部门决算</h1>" + t * (rng.choice([2_000, 20_000]) + rng.randrange(10_000)) + "</body></html>"

    def nested(s: Sources, rng: random.Random) -> str:
        n = rng.choice([300, 20_000]) + rng.randrange(10_000)
        return "<html><body>" + "<div>" * n + "部门决算" + "</div>" * n + page(s) + "</body></html>"

    def spans(s: Sources, rng: random.Random) -> str:
        cell = f'<td rowspan="{rng.randint(1_000, 100_000)}" colspan="{rng.randint(100, 5_000)}">1.00</td>'
        return page(s).replace("<td", cell + "<td", rng.randint(1, 200))

    def wrong_charset(s: Sources, rng: random.Random) -> bytes:
        declared = rng.choice(["gbk", "gb2312", "big5", "iso-8859-1", "shift_jis", "utf-16", "koi8-r", "no-such-charset"])
        text = page(s).replace('charset="utf-8"', f'charset="{declared}"').replace("charset=utf-8", f"charset={declared}")
        spans = [m.span() for m in _NUMBER.finditer(text)]
        at, end = rng.choice(spans)  # one amount changed to another plausible one: each case its own page
        text = text[:at] + f"{rng.randrange(100_000)}.{rng.randrange(100):02d}" + text[end:]
        return text.encode(rng.choice(["utf-8", "gb18030"]), "replace")

    return [
        ("bytes-flipped", lambda s, rng, d, i: _check("html", "bytes-flipped", _write(d / f"h{i}.html", flip(s.html, rng)))),
        ("spliced", lambda s, rng, d, i: _check("html", "spliced", _write(d / f"h{i}.html", splice(s.html, rng)))),
        ("huge-numbers", lambda s, rng, d, i: _check("html", "huge-numbers", _write(d / f"h{i}.html", numbers_replaced(page(s), rng, rng.randint(1, 6))))),
        ("injections", lambda s, rng, d, i: _check("html", "injections", _write(d / f"h{i}.html", words_replaced(page(s), rng, INJECTIONS + CONTROLS)))),
        ("damaged-bytes", lambda s, rng, d, i: _check("html", "damaged-bytes", _write(d / f"h{i}.html", flip(s.html, rng, rng.randint(1, 3))))),
        ("wrong-charset", lambda s, rng, d, i: _check("html", "wrong-charset", _write(d / f"h{i}.html", wrong_charset(s, rng)))),
        ("many-tables", lambda s, rng, d, i: _check("html", "many-tables", _write(d / f"h{i}.html", many_tables(s, rng)))),
        ("deep-nesting", lambda s, rng, d, i: _check("html", "deep-nesting", _write(d / f"h{i}.html", nested(s, rng)))),
        ("span-bomb", lambda s, rng, d, i: _check("html", "span-bomb", _write(d / f"h{i}.html", spans(s, rng)))),
    ]


def docx_cases() -> list[tuple[str, Maker]]:
    def edited(s: Sources, rng: random.Random, words: list[str]) -> bytes:
        parts = zip_parts(s.docx)
        parts["word/document.xml"] = xml_text_replaced(parts["word/document.xml"], b"w:t", rng, words, rng.randint(1, 8))
        return zip_of(parts)

    def bomb(s: Sources, rng: random.Random) -> bytes:
        parts = zip_parts(s.docx)
        xml = parts.pop("word/document.xml")
        body = xml.index(b"<w:body>") + len(b"<w:body>")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
            for name, data in parts.items():
                z.writestr(name, data)
            with z.open("word/document.xml", "w") as fh:  # written in pieces: the bomb is never whole in memory
                fh.write(xml[:body] + b"<w:p><w:r><w:t>")
                zeros = b"0" * MB
                for _ in range(rng.choice([50, 300]) + rng.randrange(10)):
                    fh.write(zeros)
                fh.write(b"</w:t></w:r></w:p>" + xml[body:])
        return buffer.getvalue()

    def deep_tables(s: Sources, rng: random.Random) -> bytes:
        parts = zip_parts(s.docx)
        xml = parts["word/document.xml"]
        body = xml.index(b"<w:body>") + len(b"<w:body>")
        n = rng.choice([50, 2000]) + rng.randrange(50)
        nest = b"<w:tbl><w:tr><w:tc>" * n + b"<w:p><w:r><w:t>1.00</w:t></w:r></w:p>" + b"</w:tc></w:tr></w:tbl>" * n
        parts["word/document.xml"] = xml[:body] + nest + xml[body:]
        return zip_of(parts)

    return [
        ("huge-numbers", lambda s, rng, d, i: _check("docx", "huge-numbers", _write(d / f"w{i}.docx", edited(s, rng, HUGE)))),
        ("injections", lambda s, rng, d, i: _check("docx", "injections", _write(d / f"w{i}.docx", edited(s, rng, INJECTIONS + CONTROLS)))),
        ("part-damaged", lambda s, rng, d, i: _check("docx", "part-damaged", _write(d / f"w{i}.docx", part_damaged(s.docx, rng)))),
        ("zip-bytes-flipped", lambda s, rng, d, i: _check("docx", "zip-bytes-flipped", _write(d / f"w{i}.docx", flip(s.docx, rng)))),
        ("zip-cut", lambda s, rng, d, i: _check("docx", "zip-cut", _write(d / f"w{i}.docx", s.docx[: rng.randrange(len(s.docx))]))),
        ("zip-bomb", lambda s, rng, d, i: _check("docx", "zip-bomb", _write(d / f"w{i}.docx", bomb(s, rng)))),
        ("nested-tables", lambda s, rng, d, i: _check("docx", "nested-tables", _write(d / f"w{i}.docx", deep_tables(s, rng)))),
    ]


def xlsx_cases() -> list[tuple[str, Maker]]:
    def sheet_names(parts: dict[str, bytes]) -> list[str]:
        return [n for n in parts if n.startswith("xl/worksheets/sheet")]

    def edited(s: Sources, rng: random.Random, words: list[str], tag: bytes) -> bytes:
        parts = zip_parts(s.xlsx)
        target = "xl/sharedStrings.xml" if tag == b"t" and "xl/sharedStrings.xml" in parts else rng.choice(sheet_names(parts))
        parts[target] = xml_text_replaced(parts[target], tag, rng, words, rng.randint(1, 8))
        return zip_of(parts)

    def big_sheet(s: Sources, rng: random.Random) -> bytes:
        parts = zip_parts(s.xlsx)
        name = sheet_names(parts)[1]
        xml = parts[name]
        rows = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c><c r="B%d" t="inlineStr"><is><t>x</t></is></c></row>' % (r, r, r) for r in range(100, 100 + rng.choice([20_000, 200_000]) + rng.randrange(1000)))
        end = xml.index(b"</sheetData>")
        parts[name] = xml[:end] + rows + xml[end:]
        return zip_of(parts)

    def huge_range(s: Sources, rng: random.Random) -> bytes:
        parts = zip_parts(s.xlsx)
        for name in sheet_names(parts):
            parts[name] = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:%s%d"' % (rng.choice([b"XFD", b"ZZ", b"AAA"]), rng.randint(100_000, 1_048_576)), parts[name])
        return zip_of(parts)

    return [
        ("huge-numbers", lambda s, rng, d, i: _check("xlsx", "huge-numbers", _write(d / f"x{i}.xlsx", edited(s, rng, HUGE, b"v")))),
        ("injections", lambda s, rng, d, i: _check("xlsx", "injections", _write(d / f"x{i}.xlsx", edited(s, rng, INJECTIONS + CONTROLS, b"t")))),
        ("part-damaged", lambda s, rng, d, i: _check("xlsx", "part-damaged", _write(d / f"x{i}.xlsx", part_damaged(s.xlsx, rng)))),
        ("zip-bytes-flipped", lambda s, rng, d, i: _check("xlsx", "zip-bytes-flipped", _write(d / f"x{i}.xlsx", flip(s.xlsx, rng)))),
        ("zip-cut", lambda s, rng, d, i: _check("xlsx", "zip-cut", _write(d / f"x{i}.xlsx", s.xlsx[: rng.randrange(len(s.xlsx))]))),
        ("big-sheet", lambda s, rng, d, i: _check("xlsx", "big-sheet", _write(d / f"x{i}.xlsx", big_sheet(s, rng)))),
        ("huge-range", lambda s, rng, d, i: _check("xlsx", "huge-range", _write(d / f"x{i}.xlsx", huge_range(s, rng)))),
    ]


def xls_cases() -> list[tuple[str, Maker]]:
    def values(s: Sources, rng: random.Random) -> bytes:
        import openpyxl
        import xlwt

        book = openpyxl.load_workbook(io.BytesIO(s.xlsx))
        out = xlwt.Workbook()
        for ws in book.worksheets:
            sheet = out.add_sheet(ws.title[:31])
            for r, row in enumerate(ws.iter_rows(values_only=True)):
                for c, value in enumerate(row):
                    if value is None:
                        continue
                    if rng.random() < 0.02:
                        value = rng.choice([1e308, -1e300, 1e-300, 123456789012345678901234567890.0, rng.choice(HUGE + INJECTIONS)])
                    sheet.write(r, c, float(value) if isinstance(value, int | float) else str(value)[:32000])
        buffer = io.BytesIO()
        out.save(buffer)
        return buffer.getvalue()

    return [
        ("values", lambda s, rng, d, i: _check("xls", "values", _write(d / f"o{i}.xls", values(s, rng)))),
        ("bytes-flipped", lambda s, rng, d, i: _check("xls", "bytes-flipped", _write(d / f"o{i}.xls", flip(s.xls, rng)))),
        ("cut", lambda s, rng, d, i: _check("xls", "cut", _write(d / f"o{i}.xls", s.xls[: rng.randrange(len(s.xls))]))),
    ]


def pdf_cases() -> list[tuple[str, Maker]]:
    def corpus(s: Sources, rng: random.Random) -> bytes:
        return rng.choice(s.pdfs).read_bytes()

    def content_bomb(s: Sources, rng: random.Random, forms: int = 0) -> bytes:
        """A one-page PDF whose content inflates to 20 or 400 MB: in the page's content stream, or
        (``forms`` > 0) in a form XObject the page draws, nested ``forms`` deep; or (``forms`` < 0)
        a small form the page draws tens of thousands of times."""
        flate = b""
        if forms >= 0:
            piece = b"".join(b"%d %d m %d %d l S\n" % (rng.randrange(600), rng.randrange(800), rng.randrange(600), rng.randrange(800)) for _ in range(1000)) * 50  # about 1 MB of drawing operators
            packer = zlib.compressobj(6)
            stream = b"".join(packer.compress(piece) for _ in range(rng.choice([20, 400]))) + packer.flush()
            flate = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream"
        objects = [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R%s >>" % (b" /Resources << /XObject << /F0 5 0 R >> >>" if forms else b""),
        ]
        if forms < 0:  # a small form (about 4 KB of drawing) drawn 20,000 to 200,000 times by a few-KB page
            art = b"".join(b"%d %d m %d %d l S\n" % (rng.randrange(600), rng.randrange(800), rng.randrange(600), rng.randrange(800)) for _ in range(200))
            draws = zlib.compress(b"q /F0 Do Q\n" * rng.randint(20_000, 200_000), 9)
            objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(draws) + draws + b"\nendstream")
            form = zlib.compress(art)
            objects.append(b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Length %d /Filter /FlateDecode >>\nstream\n" % len(form) + form + b"\nendstream")
        elif not forms:
            objects.append(flate)
        else:
            draw = b"q /F0 Do Q\n"
            objects.append(b"<< /Length %d >>\nstream\n" % len(draw) + draw + b"\nendstream")
            for level in range(forms):  # object 5 + level; the innermost holds the bomb
                head = b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842]"
                if level < forms - 1:
                    objects.append(head + b" /Resources << /XObject << /F0 %d 0 R >> >> /Length %d >>\nstream\n" % (6 + level, len(draw)) + draw + b"\nendstream")
                else:
                    objects.append(head + flate[2:])
        out = bytearray(b"%PDF-1.7\n")
        offsets = []
        for number, body in enumerate(objects, start=1):
            offsets.append(len(out))
            out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
        out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
        return bytes(out)

    def many_pages(s: Sources, rng: random.Random) -> bytes:
        import pymupdf

        doc = pymupdf.open()
        for _ in range(rng.choice([600, 5000]) + rng.randrange(100)):
            doc.new_page()
        return bytes(doc.tobytes())

    def many_lines(s: Sources, rng: random.Random) -> bytes:
        """A page with a title and 20,000 or 200,000 ruling-like lines, as one path or each its own."""
        import pymupdf

        doc = pymupdf.open()
        page = doc.new_page()
        page.insert_text((72, 72), "收入决算表", fontname="china-s")
        one_path = rng.random() < 0.5
        stroke = b"" if one_path else b" S"
        lines = b"".join(
            b"%d %d m %d %d l%s\n" % (rng.randint(20, 80), y, rng.randint(500, 575), y, stroke)
            for y in (rng.randint(60, 800) for _ in range(rng.choice([20_000, 200_000]) + rng.randrange(1000)))
        )
        xref = page.get_contents()[0]
        doc.update_stream(xref, doc.xref_stream(xref) + b"\nq 0.5 w\n" + lines + (b"S\n" if one_path else b"") + b"Q\n")
        return bytes(doc.tobytes(deflate=True))

    return [
        ("bytes-flipped", lambda s, rng, d, i: _check("pdf", "bytes-flipped", _write(d / f"p{i}.pdf", flip(corpus(s, rng), rng, rng.randint(1, 50))))),
        ("spliced", lambda s, rng, d, i: _check("pdf", "spliced", _write(d / f"p{i}.pdf", splice(corpus(s, rng), rng)))),
        ("cut", lambda s, rng, d, i: _check("pdf", "cut", _write(d / f"p{i}.pdf", (lambda b: b[: rng.randrange(len(b))])(corpus(s, rng))))),
        ("content-bomb", lambda s, rng, d, i: _check("pdf", "content-bomb", _write(d / f"p{i}.pdf", content_bomb(s, rng)))),
        ("many-pages", lambda s, rng, d, i: _check("pdf", "many-pages", _write(d / f"p{i}.pdf", many_pages(s, rng)))),
        ("many-lines", lambda s, rng, d, i: _check("pdf", "many-lines", _write(d / f"p{i}.pdf", many_lines(s, rng)))),
        ("form-bomb", lambda s, rng, d, i: _check("pdf", "form-bomb", _write(d / f"p{i}.pdf", content_bomb(s, rng, rng.randint(1, 3))))),
        ("form-drawn", lambda s, rng, d, i: _check("pdf", "form-drawn", _write(d / f"p{i}.pdf", content_bomb(s, rng, -1)))),
    ]


def render_cases() -> list[tuple[str, Maker]]:
    import yaml

    def render(name: str, path: Path, rng: random.Random) -> Case:
        fmt = rng.choice(["md", "html", "xlsx", "xlsx"])
        out = path.with_suffix(f".out.{fmt}")
        return Case("render", name, ["render", str(path), "--to", fmt, "-o", str(out)], [path], out if fmt == "xlsx" else None)

    def values(s: Sources, rng: random.Random, words: list[object]) -> str:
        data = yaml.safe_load(s.made_up)
        cells = [(rows, r, c) for rows in data["sheets"].values() for r, row in enumerate(rows) for c in range(len(row)) if r > 0]
        for rows, r, c in rng.sample(cells, rng.randint(1, 6)):
            rows[r][c] = rng.choice(words)
        return yaml.safe_dump(data, allow_unicode=True)

    def deep(s: Sources, rng: random.Random) -> str:
        n = rng.choice([100, 5_000, 100_000]) + rng.randrange(100)
        return s.made_up.replace("[机关运行经费, 70.00]", "[机关运行经费, " + "[" * n + "]" * n + "]", 1)

    def alias_bomb(s: Sources, rng: random.Random) -> str:
        word = rng.choice(["决算", "部门", "收入", "支出"]) + str(rng.randrange(10_000))
        lines = ["a: &a [" + ", ".join([f'"{word}"'] * 9) + "]"]
        for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
            lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
        lines.append(rng.choice(["sheets: {基本信息: [*i]}", "department: *i", "metadata: *i"]))
        return "\n".join(lines)

    def canonical(s: Sources, rng: random.Random) -> str:
        text = s.canonical
        return numbers_replaced(text, rng, rng.randint(1, 6)) if rng.random() < 0.6 else splice(text.encode(), rng).decode("utf-8", "replace")

    def canonical_check(name: str, path: Path) -> Case:
        return _check("render", name, path)

    odd: list[object] = [float("nan"), "NaN", 1e30, "1e999", int("9" * 400), "2024-13-45", [1, 2], {"a": 1}, None, True, -5, ""]
    return [
        ("hostile-values", lambda s, rng, d, i: render("hostile-values", _write(d / f"r{i}.yaml", values(s, rng, [*HUGE, *odd])), rng)),
        ("injections", lambda s, rng, d, i: render("injections", _write(d / f"r{i}.yaml", values(s, rng, [*INJECTIONS, *CONTROLS])), rng)),
        ("yaml-bytes-flipped", lambda s, rng, d, i: render("yaml-bytes-flipped", _write(d / f"r{i}.yaml", flip(s.made_up.encode(), rng)), rng)),
        ("deep-nesting", lambda s, rng, d, i: render("deep-nesting", _write(d / f"r{i}.yaml", deep(s, rng)), rng)),
        ("alias-bomb", lambda s, rng, d, i: render("alias-bomb", _write(d / f"r{i}.yaml", alias_bomb(s, rng)), rng)),
        ("json-million", lambda s, rng, d, i: canonical_check("json-million", _write(d / f"r{i}.json", "[" + ",".join(["{}"] * (1_000_000 + rng.randrange(10_000))) + "]"))),
        ("json-deep", lambda s, rng, d, i: render("json-deep", _write(d / f"r{i}.json", (lambda n: "[" * n + "]" * n)(200_000 + rng.randrange(10_000))), rng)),
        ("canonical-damaged", lambda s, rng, d, i: canonical_check("canonical-damaged", _write(d / f"r{i}.json", canonical(s, rng)))),
    ]


def picture_cases() -> list[tuple[str, Maker]]:
    def png_header(width: int, height: int, grey: int = 0, extra: int = 0) -> bytes:
        import struct

        def chunk(kind: bytes, body: bytes) -> bytes:
            return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

        raw = zlib.compress(bytes([0, grey]) * (512 + extra))
        return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")

    def picture(name: str, path: Path) -> Case:
        return _check("picture", name, path)

    return [
        ("png-cut", lambda s, rng, d, i: picture("png-cut", _write(d / f"g{i}.png", s.png[: rng.randrange(len(s.png))]))),
        ("jpeg-flipped", lambda s, rng, d, i: picture("jpeg-flipped", _write(d / f"g{i}.jpg", flip(s.jpeg, rng, rng.randint(1, 30))))),
        ("png-bomb-header", lambda s, rng, d, i: picture("png-bomb-header", _write(d / f"g{i}.png", png_header(rng.choice([60_000, 30_000]) + rng.randrange(1000), 60_000 - rng.randrange(1000))))),
        ("tiny", lambda s, rng, d, i: picture("tiny", _write(d / f"g{i}.png", png_header(rng.randint(1, 4), rng.randint(1, 4), rng.randrange(256), rng.randrange(10_000))))),
        ("random-with-signature", lambda s, rng, d, i: picture("random-with-signature", _write(d / f"g{i}.{rng.choice(['png', 'jpg', 'tif', 'bmp'])}", rng.choice([b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"BM"]) + os.urandom(rng.randint(10, 50_000))))),
    ]


FAMILIES: dict[str, Callable[[], list[tuple[str, Maker]]]] = {
    "text": text_cases,
    "html": html_cases,
    "docx": docx_cases,
    "xlsx": xlsx_cases,
    "xls": xls_cases,
    "pdf": pdf_cases,
    "render": render_cases,
    "picture": picture_cases,
}


def baseline_cases(s: Sources, work: Path) -> list[Case]:
    """The unmutated inputs, run the same way (the same-run baseline of memory and time)."""
    cases = [
        _check("text", "baseline", _write(work / "b.txt", s.seed)),
        _check("html", "baseline", _write(work / "b.html", s.html)),
        _check("docx", "baseline", _write(work / "b.docx", s.docx)),
        _check("xlsx", "baseline", _write(work / "b.xlsx", s.xlsx)),
        _check("xls", "baseline", _write(work / "b.xls", s.xls)),
        _check("render", "baseline", _write(work / "b.json", s.canonical)),
    ]
    if s.pdfs:
        # a copy: the check writes its report beside its input, never into ../shared
        cases.append(_check("pdf", "baseline", _write(work / "b.pdf", s.pdfs[0].read_bytes())))
        cases.append(_check("picture", "baseline", _write(work / "b.png", s.png)))
    made_up = _write(work / "b.yaml", s.made_up)
    cases.append(Case("render", "baseline", ["render", str(made_up), "--to", "xlsx", "-o", str(work / "b.out.xlsx")], [made_up], work / "b.out.xlsx"))
    return cases


# ---- running ---------------------------------------------------------------------------------------
#
# Three kinds of process. The *maker* (forked first) builds the sources and writes each case's
# files, a few cases ahead of the runs, and sends each case as one JSON line. The *server* (this
# process) has imported juesuan and the modules its commands import, and nothing else: it forks
# one *case child* per case, which runs the installed ``juesuan`` program's entry
# (``juesuan.cli:entry``) with the case's argv and ends with its exit code. The server waits
# with ``wait4`` (peak memory), kills a child's process group after ``--timeout`` seconds and never
# blocks on anything else, so the limit holds whatever the maker is doing.

AHEAD = 6  # cases the maker may have written that no child has taken yet


def _case_json(case: Case, digest: str, made: float) -> str:
    return json.dumps({"family": case.family, "name": case.name, "args": case.args, "files": [str(p) for p in case.files], "writes_xlsx": str(case.writes_xlsx) if case.writes_xlsx else None, "digest": digest, "made": made}, ensure_ascii=False)


def _case_from(line: str) -> tuple[Case, str, float]:
    d = json.loads(line)
    return Case(d["family"], d["name"], d["args"], [Path(p) for p in d["files"]], Path(d["writes_xlsx"]) if d["writes_xlsx"] else None), d["digest"], d["made"]


def _digest(case: Case) -> str:
    """What the case is, whatever its file is called: the command with paths left out and the input's bytes."""
    h = hashlib.sha256()
    for arg in case.args:
        h.update(b"<file>" if arg.startswith(os.sep) else arg.encode())
        h.update(b"\0")
    for path in case.files:
        with contextlib.suppress(OSError):
            h.update(path.suffix.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:20]


END = '{"end": true}'  # the end of a phase (the warm-up run, the baseline)


def _maker(planned: list[Planned], families: list[str], work: Path, makers: int, out_fd: int, token_fd: int) -> None:
    """In the first maker process: the sources, the unmutated inputs (twice: the warm-up run and
    the baseline, each phase ended by ``END``), then the planned cases shared among ``makers``
    processes (this one and ``makers - 1`` forked from it, so the sources are built once), each
    case sent as one JSON line (``{}`` for a case that could not be made); then the makers end."""
    code = 0
    helpers: list[int] = []
    try:
        sources = Sources(work)
        base = [_case_json(c, _digest(c), 0.0) for c in baseline_cases(sources, work) if c.family in families]
        for line in [*base, END, *base, END]:
            _send(out_fd, line)
        share = 0
        for other in range(1, makers):
            pid = os.fork()
            if pid == 0:  # a helper maker: its share of the planned cases
                share = other
                helpers.clear()
                break
            helpers.append(pid)
        for number, item in enumerate(planned[share::makers]):
            if number >= AHEAD and not os.read(token_fd, 1):
                break  # the server has gone
            began = time.monotonic()
            case = item.make(sources, work / "cases")
            _send(out_fd, _case_json(case, _digest(case), time.monotonic() - began) if case is not None else "{}")
    except BrokenPipeError:
        pass
    except BaseException:
        with contextlib.suppress(BaseException):
            import traceback

            traceback.print_exc()
        code = 1
    finally:
        os.close(out_fd)
        for pid in helpers:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
        os._exit(code)


def _send(fd: int, line: str) -> None:
    """One line in one write: below ``PIPE_BUF`` it is never interleaved with another maker's."""
    data = (line + "\n").encode("utf-8")
    if len(data) > select.PIPE_BUF:
        raise ValueError(f"a case line of {len(data)} bytes is longer than PIPE_BUF")
    os.write(fd, data)


def _child(case: Case, err_path: Path, modules_path: Path | None) -> None:
    """In the forked case child: the installed ``juesuan`` program with the case's argv —
    ``entry()`` runs the command and ends the process with its exit code (``os._exit``), as the
    console script does. Whatever happens, the child ends here, never returning into the server's
    loop. With ``modules_path`` (the warm-up run of the unmutated inputs) the child runs ``main()``
    instead and writes the modules the command imported, for the server to import before the cases."""
    code = 3
    try:
        os.setpgid(0, 0)
        null_in = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null_in, 0)
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        err = os.open(err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(err, 2)
        sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__  # the process's own streams, on those descriptors
        # a safety net for the machine, far above the 1 GB goal: past it the case fails as a crash
        resource.setrlimit(resource.RLIMIT_AS, (4 * 1024 * MB, 4 * 1024 * MB))
        sys.argv = ["juesuan", *case.args]
        # the installed program's __main__ is its console script, not part of a package: Click names
        # the program from it ("python -m pytest.juesuan" when the server was started with -m)
        sys.modules["__main__"] = types.ModuleType("__main__")
        from juesuan.cli import entry

        if modules_path is None:
            entry()  # never returns
        from juesuan.cli import main
        before = set(sys.modules)
        try:
            main()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        modules_path.write_text("\n".join(m for m in sys.modules if m not in before), encoding="utf-8")
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:  # reported as a crash through stderr and the code
        with contextlib.suppress(BaseException):
            import traceback

            traceback.print_exc()
        code = 3
    finally:
        with contextlib.suppress(BaseException):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def warm(module_lists: list[Path]) -> int:
    """Import in the server what the warm-up children imported (in their order), so every case
    child starts with it loaded; a fresh ``juesuan`` process imports the same modules itself."""
    count = 0
    for path in module_lists:
        if not path.exists():
            continue
        for name in path.read_text(encoding="utf-8").split():
            if name in sys.modules or name.startswith("__main__"):
                continue
            try:
                importlib.import_module(name)
                count += 1
            except BaseException:  # a module that imports only in its own context is left to the child
                continue
    return count


class Runner:
    """The server's loop: cases come from the maker's pipe, each runs in a forked child."""

    def __init__(self, jobs: int, timeout: float, work: Path, maker_pid: int, cases_fd: int, token_fd: int) -> None:
        self.jobs, self.timeout, self.work = jobs, timeout, work
        self.maker_pid = maker_pid
        self.maker_status: int | None = None
        self.cases_fd, self.token_fd = cases_fd, token_fd
        self.buffer = b""
        self.eof = False
        self.idle = 0.0  # seconds a free slot waited for the maker
        self.slowest_make = ("", 0.0)

    def _line(self, wait: float) -> bytes | None:
        """One line from the maker, waiting at most ``wait`` seconds; None when none is ready."""
        while b"\n" not in self.buffer and not self.eof:
            ready, _, _ = select.select([self.cases_fd], [], [], wait)
            if not ready:
                return None
            chunk = os.read(self.cases_fd, 65536)
            self.eof = not chunk
            self.buffer += chunk
        if b"\n" not in self.buffer:
            return b""  # the maker has ended
        line, _, self.buffer = self.buffer.partition(b"\n")
        with contextlib.suppress(OSError):
            os.write(self.token_fd, b".")
        return line

    def run(self, count: int, progress: bool, modules_dir: Path | None = None) -> list[Outcome]:
        running: dict[int, tuple[int, Case, float, Path, str]] = {}
        killed: set[int] = set()
        results: dict[int, Outcome] = {}
        taken = done = 0
        ended = False
        while (taken < count and not ended) or running:
            if taken < count and not ended and len(running) < self.jobs:
                asked = time.monotonic()
                line = self._line(0.01)
                if line is None:
                    self.idle += (time.monotonic() - asked) * (self.jobs - len(running))
                else:
                    text = line.decode("utf-8")
                    if not text or text == END:
                        ended = True
                        continue
                    index = taken
                    taken += 1
                    if text == "{}":  # could not be made (the maker said why)
                        done += 1
                        continue
                    case, digest, made = _case_from(text)
                    if made > self.slowest_make[1]:
                        self.slowest_make = (f"{case.family}/{case.name}", made)
                    err_path = self.work / f"stderr-{index}.txt"
                    modules_path = modules_dir / f"modules-{index}.txt" if modules_dir else None
                    sys.stdout.flush()
                    sys.stderr.flush()
                    pid = os.fork()
                    if pid == 0:  # pragma: no cover - the child
                        _child(case, err_path, modules_path)
                    running[pid] = (index, case, time.monotonic(), err_path, digest)
                    continue
            else:
                time.sleep(0.01)
            while True:
                try:
                    pid, status, usage = os.wait4(-1, os.WNOHANG)
                except ChildProcessError:  # none left (the maker has ended too)
                    break
                if pid == 0:
                    break
                if pid == self.maker_pid:
                    self.maker_status = status
                    continue
                if pid not in running:
                    continue
                index, case, started, err_path, digest = running.pop(pid)
                results[index] = self._outcome(case, digest, pid in killed, time.monotonic() - started, status, usage, err_path)
                killed.discard(pid)
                done += 1
                if progress and done % 100 == 0:
                    print(f"  {done}/{count}  ({time.strftime('%H:%M:%S')})", file=sys.stderr, flush=True)
            now = time.monotonic()
            for child, (_index, _case, started, _err, _digest) in running.items():
                if now - started > self.timeout and child not in killed:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(child, signal.SIGKILL)
                    killed.add(child)
        return [results[i] for i in sorted(results)]

    def _outcome(self, case: Case, digest: str, timed_out: bool, seconds: float, status: int, usage: resource.struct_rusage, err_path: Path) -> Outcome:
        stderr = err_path.read_text(encoding="utf-8", errors="replace") if err_path.exists() else ""
        err_path.unlink(missing_ok=True)
        code = os.waitstatus_to_exitcode(status)
        outcome = Outcome(
            case=case,
            code=code if code >= 0 else None,
            signal=-code if code < 0 and not timed_out else None,
            seconds=seconds,
            peak_mb=usage.ru_maxrss / 1024,
            timed_out=timed_out,
            stderr=stderr[-2000:],
            digest=digest,
            cpu=usage.ru_utime + usage.ru_stime,
        )
        if case.writes_xlsx is not None and case.writes_xlsx.exists():
            outcome.formula = _has_formula(case.writes_xlsx)
        failed = outcome.crashed or outcome.timed_out or outcome.formula or outcome.peak_mb >= 1024
        for made in case.files:  # the case's input and what the command wrote next to it (a failing case's are kept)
            if made.parent == self.work / "cases":
                for path in made.parent.glob(f"{made.stem}.*"):
                    if failed:
                        (self.work / "failed").mkdir(exist_ok=True)
                        shutil.move(path, self.work / "failed" / path.name)
                    else:
                        path.unlink(missing_ok=True)
        return outcome


def _has_formula(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as z:
            return any(n.startswith("xl/worksheets/") and (b"<f>" in z.read(n) or b"<f " in z.read(n)) for n in z.namelist())
    except (zipfile.BadZipFile, OSError):
        return False


@dataclass
class Planned:
    """A case to make just before it runs (its file is written then and removed after): the
    parent stays small, and a child's peak memory, which starts from the parent's, stays honest."""

    family: str
    name: str
    maker: Maker
    index: int
    rng: random.Random

    def make(self, sources: Sources, work: Path) -> Case | None:
        try:
            return self.maker(sources, self.rng, work, self.index)
        except Exception as exc:  # a generator that cannot make its case is reported, not fatal
            print(f"(fuzz) {self.family}/{self.name}: could not make the case: {exc}", file=sys.stderr)
            return None


def plan_cases(total: int, families: list[str], rng: random.Random) -> list[Planned]:
    shares = {f: SHARES[f] for f in families}
    scale = sum(shares.values())
    planned: list[Planned] = []
    for family in families:
        makers = FAMILIES[family]()
        count = max(len(makers), round(total * shares[family] / scale))
        for i in range(count):
            name, maker = makers[i % len(makers)]
            planned.append(Planned(family, name, maker, len(planned), random.Random(rng.getrandbits(64))))
    return planned


def report(outcomes: list[Outcome], baseline: list[Outcome], verbose: bool, cold: list[Outcome] | None = None) -> int:
    families = list(dict.fromkeys(o.case.family for o in outcomes))
    head = f"{'family':<9}{'cases':>7}{'0/1':>7}{'exit 2':>8}{'crashes':>9}{'timeouts':>10}{'formulas':>10}{'peak MB':>9}{'median':>8}{'slowest s':>11}   baseline: peak MB, s (cold: peak MB, s)"
    print(head)
    print("-" * len(head))
    for family in [*families, "all"]:
        rows = outcomes if family == "all" else [o for o in outcomes if o.case.family == family]
        base = [b for b in baseline if family in ("all", b.case.family)]
        peaks = [o.peak_mb for o in rows]
        slowest = max(rows, key=lambda o: o.seconds)
        base_text = f"{max(b.peak_mb for b in base):.0f}, {max(b.seconds for b in base):.1f}" if base else "-"
        fresh = [b for b in cold or [] if family in ("all", b.case.family)]
        if fresh:
            base_text += f" ({max(b.peak_mb for b in fresh):.0f}, {max(b.seconds for b in fresh):.1f})"
        print(
            f"{family:<9}{len(rows):>7}{sum(o.code in (0, 1) and not o.crashed for o in rows):>7}{sum(o.code == 2 and not o.crashed for o in rows):>8}"
            f"{sum(o.crashed for o in rows):>9}{sum(o.timed_out for o in rows):>10}{sum(o.formula for o in rows):>10}"
            f"{max(peaks):>9.0f}{statistics.median(peaks):>8.0f}{slowest.seconds:>11.1f}   {base_text}"
        )
    bad = [o for o in outcomes + baseline + (cold or []) if o.crashed or o.timed_out or o.formula]
    over = [o for o in outcomes if o.peak_mb >= 1024]
    for o in bad + over:
        what = "timeout" if o.timed_out else "formula" if o.formula else f"exit {o.code}" if o.signal is None else f"signal {o.signal}"
        print(f"FAIL {o.case.family}/{o.case.name} {what} {o.peak_mb:.0f} MB {o.seconds:.1f} s: {' '.join(o.case.args)[:160]}")
        if verbose and o.stderr:
            print("    " + o.stderr.strip().replace("\n", "\n    ")[-1500:])
    slow = sorted(outcomes, key=lambda o: -o.seconds)[:5]
    print("slowest: " + "; ".join(f"{o.case.family}/{o.case.name} {o.seconds:.1f} s {o.peak_mb:.0f} MB" for o in slow))
    return 1 if bad or over else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--makers", type=int, default=2, help="processes making the cases' files (default 2)")
    parser.add_argument("--family", default=",".join(FAMILIES))
    parser.add_argument("--keep", type=Path, help="work here and keep what is left: outcomes.json, the failing cases' files under failed/ (default: a temporary folder, removed)")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    families = [f for f in args.family.split(",") if f]
    unknown = set(families) - set(FAMILIES)
    if unknown:
        parser.error(f"unknown family: {', '.join(sorted(unknown))}")
    if not SEED.exists():
        parser.error(f"the seed is expected at {SEED} (set JUESUAN_SHARED)")
    work = (args.keep or Path(tempfile.mkdtemp(prefix="juesuan-fuzz-"))).resolve()
    (work / "cases").mkdir(parents=True, exist_ok=True)
    (work / "modules").mkdir(exist_ok=True)
    os.environ.pop("JUESUAN_DEBUG", None)

    started = time.monotonic()
    planned = plan_cases(args.cases, families, random.Random(args.seed))
    count = len(planned)
    cases_r, cases_w = os.pipe()
    token_r, token_w = os.pipe()
    maker = os.fork()
    if maker == 0:  # pragma: no cover - the maker
        os.close(cases_r)
        os.close(token_w)
        _maker(planned, families, work, args.makers, cases_w, token_r)
    os.close(cases_w)
    os.close(token_r)
    del planned  # the server keeps nothing of the generators
    import juesuan.cli.app  # noqa: F401 - what every command imports; the rest comes from the warm-up run

    print(f"{count} cases in {len(families)} families (seed {args.seed}); running {args.jobs} at a time, {args.timeout:.0f} s each")
    runner = Runner(args.jobs, args.timeout, work, maker, cases_r, token_w)
    cold = runner.run(1_000_000, False, work / "modules")
    warmed = warm(sorted((work / "modules").glob("modules-*.txt"), key=lambda p: int(p.stem.split("-")[1])))
    base = runner.run(1_000_000, False)
    print(f"warm-up: {len(cold)} unmutated inputs run cold ({max((o.seconds for o in cold), default=0):.1f} s at most), {warmed} modules imported by them imported in the server")
    outcomes = runner.run(count, True)
    with contextlib.suppress(ChildProcessError):
        if runner.maker_status is None:
            os.waitpid(maker, 0)
    status = report(outcomes, base, args.verbose, cold)
    distinct = len({o.digest for o in outcomes})
    print(f"{len(outcomes)} cases run, {distinct} distinct inputs; total {time.monotonic() - started:.0f} s; load average {os.getloadavg()[0]:.1f}")
    print(f"slots waited {runner.idle:.0f} s in all for the maker; the slowest case to make: {runner.slowest_make[0]} {runner.slowest_make[1]:.1f} s")
    if len(outcomes) < count:
        print(f"{count - len(outcomes)} cases could not be made (listed above)")
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)
    else:
        (work / "outcomes.json").write_text(
            json.dumps([{"family": o.case.family, "name": o.case.name, "args": o.case.args, "digest": o.digest, "code": o.code, "signal": o.signal, "seconds": round(o.seconds, 2), "cpu": round(o.cpu, 2), "peak_mb": round(o.peak_mb), "timed_out": o.timed_out, "formula": o.formula} for o in outcomes], ensure_ascii=False, indent=1),
            encoding="utf-8",
        )
    return status


if __name__ == "__main__":
    sys.exit(main())
