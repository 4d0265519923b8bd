"""The document as PDF (A4), typeset by Typst (the ``typst`` package ships the compiler).

CJK fonts are embedded (subset) from the fonts installed on the machine: Noto CJK, or any other
font with Chinese glyphs that fontconfig knows. Tables break across pages with their header rows
repeated; pages carry numbers; wide tables (the 绩效自评表) are set on landscape pages.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

from juesuan.render.svg import chart_svg
from juesuan.render.view import DRAFT_MARK, DRAFT_NOTE, Chart, Document, Heading, PageBreak, Para, TableView

__all__ = ["FontMissing", "cjk_font_dirs", "write_pdf"]

_PREFERRED = ("Noto Serif CJK SC", "Noto Sans CJK SC", "Source Han Serif SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei")
_KNOWN_DIRS = ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/truetype/wqy", "/usr/share/fonts/opentype/source-han-serif")


class FontMissing(RuntimeError):
    """No font with Chinese glyphs is installed."""

    def __str__(self) -> str:
        return "没有找到中文字体，无法生成 PDF。请安装，例如：apt-get install -y fonts-noto-cjk（make demo 会自动安装）"


@cache
def cjk_font_dirs() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(directories holding CJK fonts, family names found), via fontconfig when available."""
    dirs: list[str] = []
    families: list[str] = []
    if shutil.which("fc-list"):
        try:
            listing = subprocess.run(["fc-list", ":lang=zh", "file", "family"], capture_output=True, text=True, timeout=20, check=False).stdout
        except (OSError, subprocess.SubprocessError):
            listing = ""
        for line in listing.splitlines():
            path, _, family = line.partition(":")
            if path.strip():
                folder = str(Path(path.strip()).parent)
                if folder not in dirs:
                    dirs.append(folder)
            for name in family.split(","):
                name = name.strip()
                if name and name not in families:
                    families.append(name)
    for folder in _KNOWN_DIRS:
        if Path(folder).is_dir() and folder not in dirs:
            dirs.append(folder)
    return tuple(dirs), tuple(families)


def _fonts() -> tuple[list[str], list[str], list[str]]:
    dirs, families = cjk_font_dirs()
    if not dirs:
        raise FontMissing()
    serif: list[str] = [f for f in _PREFERRED if f in families or not families] or list(families[:1])
    sans: list[str] = [f for f in ("Noto Sans CJK SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei") if f in families] or serif
    return list(dirs), serif, sans


def _s(text: str) -> str:
    """A Typst string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


_BREAK = re.compile(r"(?<=[-/–—])(?=\S)|(?<=\S)(?=[(（])")


def _breakable(text: str) -> str:
    """Cell text with break opportunities (zero-width spaces) after a dash or slash and before a
    bracket: Unicode line breaking keeps ``100%-80%(含)`` in one piece, which then runs out of a
    narrow column into its neighbour. Readers drop the zero-width space again."""
    return _BREAK.sub("\u200b", text) if text else text


def _families(names: list[str]) -> str:
    return "(" + ", ".join(_s(n) for n in names) + ",)"


def _table(table: TableView, wide: bool) -> list[str]:
    out: list[str] = []
    if wide:
        out.append("#page(flipped: true)[")
    else:
        out.append("#pagebreak(weak: true)")  # every table starts on a page of its own
    out.append(f"#align(center, text(font: sans, size: 14pt, weight: \"bold\", {_s(table.title)}))")
    if table.number:
        out.append(f"#align(right, text(size: 9pt, {_s(table.number)}))")
    meta = [t for t in (table.unit_name, table.year_text, table.money_unit) if t]
    if table.name_line:
        meta.insert(0, table.name_line)
    if meta:
        cols = ", ".join("2fr" if k == 0 and len(meta) > 2 else "1fr" for k in range(len(meta)))
        boxes = ", ".join(f"align({a}, text(size: 9pt, {_s(t)}))" for a, t in zip(_aligns(len(meta)), meta, strict=True))
        out.append(f"#grid(columns: ({cols},), {boxes})")
    widths = table.widths or tuple(1 for _ in range(table.columns))
    columns = "(" + ", ".join(f"{w}fr" for w in widths) + ",)"
    out.append(f"#text(size: {table.cell_points}pt)[#table(columns: {columns}, inset: 3pt,")
    if table.header:
        head: list[str] = []
        for hrow in table.header:
            for h in hrow:
                head.append(f"table.cell(colspan: {h.colspan}, rowspan: {h.rowspan}, align: center + horizon, strong({_s(h.text)}))")
        out.append("table.header(repeat: true, " + ", ".join(head) + "),")
    for row in table.rows:
        cells: list[str] = []
        for c in row:
            align = "right" if c.numeric else "left"
            text = c.text if align == "right" else _breakable(c.text)
            body = f"strong({_s(text)})" if c.bold and text else _s(text)
            cells.append(f"table.cell(colspan: {c.colspan}, align: {align} + horizon, {body})")
        out.append(", ".join(cells) + ",")
    out.append(")]")
    for note in table.notes:
        out.append(f"#par(first-line-indent: 0em, text(size: 8.5pt, {_s(note)}))")
    if wide:
        out.append("]")
    return out


#: the text width of a portrait A4 page with the margins above (points)
_PORTRAIT_POINTS = (21.0 - 2 * 2.2) / 2.54 * 72


def _fits_portrait(table: TableView) -> bool:
    """Whether every amount and code of ``table`` fits its column on a portrait page without
    breaking (“399,693.48” in a column one eleventh of the page wraps into “3” and “99,693.48”,
    which no reader takes for the figure). Digits are about 0.55 em wide; 6 points of inset."""
    widths = table.widths or tuple(1 for _ in range(table.columns))
    unit = _PORTRAIT_POINTS / sum(widths)
    for row in table.rows:
        at = 0
        for cell in row:
            if cell.colspan == 1 and at < len(widths) and cell.text and (cell.numeric or cell.kind == "code"):
                if len(cell.text) * table.cell_points * 0.55 + 6 > widths[at] * unit:
                    return False
            at += cell.colspan
    return True


def _aligns(n: int) -> list[str]:
    if n == 1:
        return ["left"]
    return ["left"] + ["center"] * (n - 2) + ["right"]


def typst_source(doc: Document, charts: dict[int, str], serif: list[str], sans: list[str]) -> str:
    out = [
        f"#let serif = {_families(serif)}",
        f"#let sans = {_families(sans)}",
        '#set document(title: ' + _s(doc.department + doc.subtitle) + ")",
        '#set page(paper: "a4", margin: (x: 2.2cm, y: 2.4cm), numbering: "1", number-align: center)',
        '#set text(font: serif, size: 11pt, lang: "zh", region: "cn")',
        "#set par(first-line-indent: (amount: 2em, all: true), justify: true, leading: 0.85em, spacing: 0.9em)",
        "#show heading: set text(font: sans)",
        "#show heading: set block(above: 1.2em, below: 0.8em)",
        "#show heading.where(level: 1): set align(center)",
        "#show heading.where(level: 1): set text(size: 16pt)",
        "#set table(stroke: 0.5pt + black)",
        *(
            [
                "#set page(header: align(center, text(font: sans, size: 9pt, fill: rgb(\"#b00000\"), "
                + _s(DRAFT_NOTE)
                + ")), background: rotate(-30deg, text(font: sans, size: 110pt, fill: rgb(200, 0, 0, 30), "
                + _s(DRAFT_MARK)
                + ")))"
            ]
            if doc.draft
            else []
        ),
        "#page(numbering: none)[#v(30%)#align(center)[#text(font: sans, size: 26pt, weight: \"bold\", "
        + _s(doc.title)
        + ")#v(1.2em)#text(font: sans, size: 20pt, "
        + _s(doc.subtitle)
        + ")]]",
        "#page(numbering: none)[#align(center, text(font: sans, size: 16pt, strong(\"目录\")))",
    ]
    for line in doc.toc:
        indent = "2em" if line.level > 1 else "0em"
        out.append(f"#par(first-line-indent: 0em)[#h({indent})#{_s(line.text)}]")
    out.append("]")
    first_part = True
    for i, block in enumerate(doc.blocks):
        if isinstance(block, PageBreak):
            out.append("#pagebreak(weak: true)")
        elif isinstance(block, Heading):
            if block.level == 1 and first_part:
                out.append("#counter(page).update(1)")
                first_part = False
            out.append(f"#heading(level: {min(block.level, 4)}, {_s(block.text)})")
        elif isinstance(block, Para):
            out.append(f"#par({_s(block.text)})")
        elif isinstance(block, TableView):
            out.extend(_table(block, wide=block.columns > 10 or not _fits_portrait(block)))
        elif isinstance(block, Chart):
            out.append(f'#figure(image("{charts[i]}", width: 82%))')
    return "\n".join(out) + "\n"


def write_pdf(doc: Document) -> bytes:
    import typst

    dirs, serif, sans = _fonts()
    with tempfile.TemporaryDirectory(prefix="juesuan-pdf-") as tmp:
        root = Path(tmp)
        charts: dict[int, str] = {}
        for i, block in enumerate(doc.blocks):
            if isinstance(block, Chart):
                name = f"chart{i}.svg"
                (root / name).write_text(chart_svg(block), encoding="utf-8")
                charts[i] = name
        main = root / "document.typ"
        main.write_text(typst_source(doc, charts, serif, sans), encoding="utf-8")
        result = typst.compile(str(main), root=str(root), font_paths=dirs)
    if not isinstance(result, bytes):  # pragma: no cover - typst returns bytes without an output path
        raise RuntimeError("typst did not return a PDF")
    return result
