"""Metamorphic variants: a report in juesuan's text form rewritten in other surface forms.

Every rewrite keeps what the document says and changes only how it is printed, the ways real
publishers and converters print it differently:

- ``quotes``: names of 类/款/项 in the narrative wrapped in “”, 「」 or "" (or their quotes taken away);
- ``numbering``: the 1. items of the narrative numbered 1、 （1） ① or 1．;
- ``break-number`` / ``break-name``: a narrative line broken inside a figure or a name;
- ``page-break-name``: a page break (blank line) inside a name;
- ``split-table`` / ``split-table-header``: every table cut in two across a page break, without and
  with its header printed again above the second half;
- ``merged-header``: a table's last header row's labels printed again in the empty cells of its first
  data row (what some converters do);
- ``yuan``: the tables in 元 instead of 万元 (every amount × 10 000, the unit line says 元);
- ``spacing``: cells padded with spaces inside their columns.

:data:`FAMILIES` maps each family to its variants; a variant is a function ``(text, names) -> text``
where ``names`` are the row labels of the document's classified tables (for the name rewrites).
The text form is the seed's (``#`` headings and table titles, tab-separated rows, a blank line where
a page ended); a PDF gets it from :func:`juesuan.ingest.pdf.textform.text_form`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

__all__ = ["FAMILIES", "Variant", "names_of"]

Variant = Callable[[str, list[str]], str]

_QUOTES = {"curly": ("“", "”"), "corner": ("「", "」"), "straight": ('"', '"')}
_ANY_QUOTE = "“”「」\"'‘’『』"
_TABLE_META = re.compile(r"^(公开\s*\d+\s*表|部门公开表\d+|单位[：:]|金额单位[：:]|编制单位[：:]|\d{4}\s*年度$|表\s*\d+)")
_CHAIN = re.compile(r"[\u4e00-\u9fff、]+?（类）[\u4e00-\u9fff、]*?（款）[\u4e00-\u9fff、]*?（项）")


def names_of(report) -> list[str]:  # type: ignore[no-untyped-def]
    """The row labels of the classified tables, longest first (what the narrative names)."""
    from juesuan.model.tables import ClassifiedTable

    names = {row.label for t in report.tables if isinstance(t, ClassifiedTable) for row in t.coded_rows if len(row.label) >= 4}
    return sorted(names, key=len, reverse=True)


def _is_cjk(ch: str) -> bool:
    return bool(ch) and "\u4e00" <= ch <= "\u9fff"


def _is_row(line: str) -> bool:
    """A table row: tab-separated (the text form) or a Markdown pipe row."""
    return "\t" in line or line.lstrip().startswith("|")


def _sep(line: str) -> str:
    return "\t" if "\t" in line else "|"


def _is_narrative(line: str) -> bool:
    s = line.strip()
    return bool(s) and not _is_row(line) and not s.startswith("#") and not _TABLE_META.match(s) and len(s) >= 12


def _narrative_lines(text: str) -> tuple[list[str], list[int]]:
    lines = text.split("\n")
    # the narrative ends where the tables begin (the first tab-separated row)
    first_table = next((i for i, ln in enumerate(lines) if _is_row(ln)), len(lines))
    return lines, [i for i, ln in enumerate(lines[:first_table]) if _is_narrative(ln)]


# ---- quotes --------------------------------------------------------------------------------------


def _quote(style: str) -> Variant:
    def rewrite(text: str, names: list[str]) -> str:
        lines, narrative = _narrative_lines(text)
        if style == "none":
            for i in narrative:
                lines[i] = re.sub(r"[“「\"]([^“”「」\"]{2,40}?)[”」\"]", lambda m: m.group(1) if m.group(1) in names or _CHAIN.fullmatch(m.group(1)) else m.group(0), lines[i])
            return "\n".join(lines)
        left, right = _QUOTES[style]
        alternatives = "|".join(re.escape(n) for n in names)
        pattern = re.compile(f"{_CHAIN.pattern}|{alternatives}" if alternatives else _CHAIN.pattern)
        for i in narrative:
            line = lines[i]

            def wrap(m: re.Match[str], line: str = line) -> str:
                before = line[m.start() - 1] if m.start() else ""
                after = line[m.end()] if m.end() < len(line) else ""
                if before in _ANY_QUOTE or after in _ANY_QUOTE or _is_cjk(after):
                    # already quoted, or part of a longer name (城管执法 in 城管执法装备购置)
                    return m.group(0)
                return f"{left}{m.group(0)}{right}"

            lines[i] = pattern.sub(wrap, line)
        return "\n".join(lines)

    return rewrite


# ---- numbering -----------------------------------------------------------------------------------

_ITEM = re.compile(r"^(\s*(?:#+\s*)?(?:\*\*)?\s*)(\d{1,2})\s*[.．](?!\d)\s*")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _numbering(style: str) -> Variant:
    def rewrite(text: str, names: list[str]) -> str:
        lines, _ = _narrative_lines(text)
        first_table = next((i for i, ln in enumerate(lines) if _is_row(ln)), len(lines))
        taken = {"paren": r"^\s*(?:#+\s*)?(?:\*\*)?\s*[（(]\s*\d{1,2}\s*[)）]", "circled": r"^\s*(?:#+\s*)?(?:\*\*)?\s*[\u2460-\u2473]"}.get(style)
        if taken and any(re.match(taken, ln) for ln in lines[:first_table]):
            return text  # the style numbers another level already: the rewrite would merge two levels
        for i, line in enumerate(lines[:first_table]):
            m = _ITEM.match(line)
            if not m:
                continue
            n = int(m.group(2))
            if style == "circled" and n > len(_CIRCLED):
                continue
            mark = {"comma": f"{n}、", "paren": f"（{n}）", "circled": _CIRCLED[n - 1] if n <= 20 else "", "fullwidth": f"{n}．"}[style]
            lines[i] = m.group(1) + mark + line[m.end() :]
        return "\n".join(lines)

    return rewrite


# ---- breaks ----------------------------------------------------------------------------------------


def _break(kind: str) -> Variant:
    """One break per narrative paragraph that has a place for it: inside the first figure
    (``number``) or the first named item (``name``); ``page``: a blank line (a page break) there."""

    def rewrite(text: str, names: list[str]) -> str:
        lines, narrative = _narrative_lines(text)
        alternatives = "|".join(re.escape(n) for n in names)
        name_pattern = re.compile(alternatives) if alternatives else None
        for i in reversed(narrative):
            line = lines[i]
            if len(line.strip()) < 40:
                continue  # a paragraph, not a cover line or a heading (those are not broken mid-word)
            at = None
            if kind == "number":
                m = re.search(r"\d[\d,]*\.\d+|\d{3,}", line)
                if m and m.start() > 0:
                    at = m.start() + max(1, (m.end() - m.start()) // 2)
            elif name_pattern is not None:
                m = name_pattern.search(line)
                if m and m.start() > 0:
                    at = m.start() + (m.end() - m.start()) // 2
            if at is None:
                continue
            joint = "\n\n" if kind == "page" else "\n"
            lines[i] = line[:at] + joint + line[at:]
        return "\n".join(lines)

    return rewrite


# ---- tables ----------------------------------------------------------------------------------------


def _tables(lines: list[str]) -> list[tuple[int, int, int]]:
    """(first header row, first data row, end) of the first block of tab-separated rows of every
    table (a block after a page break that only continues a table is not one)."""
    out = []
    i = 0
    while i < len(lines):
        if "\t" not in lines[i]:
            i += 1
            continue
        start = i
        while i < len(lines) and "\t" in lines[i]:
            i += 1
        end = i
        before = start - 1
        while before >= 0 and not lines[before].strip():
            before -= 1
        if before >= 0 and "\t" in lines[before]:
            continue  # the rest of a table after a page break: no header of its own
        data = next((k for k in range(start, end) if _is_data_row(lines[k])), end)
        # a header row names columns: 栏次 ends it where printed
        marker = next((k for k in range(start, end) if lines[k].split("\t")[0].strip().startswith("栏次")), None)
        if marker is not None:
            data = marker + 1
        if data < end:
            out.append((start, data, end))
    return out


def _is_data_row(line: str) -> bool:
    return any(re.fullmatch(r"-?[\d,]+\.\d+", c.strip()) for c in line.split("\t"))


def _split(repeat_header: bool) -> Variant:
    def rewrite(text: str, names: list[str]) -> str:
        lines = text.split("\n")
        for start, data, end in reversed(_tables(lines)):
            # a 自评表 repeats (if anything) the header row of its indicators, and is cut among them
            indicators = next((k for k in range(start, end) if "三级指标" in lines[k]), None)
            if indicators is not None:
                start, data = indicators, indicators + 1
            if end - data < 4:
                continue
            cut = data + (end - data) // 2
            header = lines[start:data] if repeat_header else []
            lines[cut:cut] = ["", *header]
        return "\n".join(lines)

    return rewrite


def _merged_header(text: str, names: list[str]) -> str:
    lines = text.split("\n")
    for start, data, _end in _tables(lines):
        labels = [ln for ln in lines[start:data] if not ln.split("\t")[0].strip().startswith("栏次")]
        if not labels:
            continue
        header = labels[-1].split("\t")
        row = lines[data].split("\t")
        if len(row) < len(header):
            row += [""] * (len(header) - len(row))
        money = {k for r in range(data, _end) for k, c in enumerate(lines[r].split("\t")) if re.fullmatch(r"-?[\d,]+\.\d+", re.sub(r"</?b>", "", c).strip())}
        for k, label in enumerate(header):
            if k in money and label.strip() and not row[k].strip() and not re.search(r"\d", label):
                row[k] = label.strip()
        lines[data] = "\t".join(row)
    return "\n".join(lines)


_UNIT = re.compile(r"^(\s*(?:金额)?单位[：:]\s*)万元(\s*)$")


def _yuan(text: str, names: list[str]) -> str:
    """Every table stated in 万元 restated in 元: the unit line and every amount (× 10 000) of its
    rows, on every page the table runs to (up to the next heading or table title)."""
    lines = text.split("\n")
    converting = False
    for k, line in enumerate(lines):
        if line.lstrip().startswith("#"):
            converting = False
        elif _UNIT.match(line):
            lines[k] = _UNIT.sub(r"\g<1>元\g<2>", line)
            converting = True
        elif converting and _is_row(line):
            sep = _sep(line)
            cells = line.split(sep)
            for c, cell in enumerate(cells):
                bare = re.sub(r"</?b>", "", cell).strip()
                if re.fullmatch(r"-?[\d,]+\.\d{2}", bare):
                    value = Decimal(bare.replace(",", "")) * 10000
                    cells[c] = cell.replace(bare, f"{value:,.2f}" if "," in bare else f"{value:.2f}")
            lines[k] = sep.join(cells)
    return "\n".join(lines)


def _spacing(text: str, names: list[str]) -> str:
    lines = text.split("\n")
    for k, line in enumerate(lines):
        if _is_row(line) and not re.fullmatch(r"[|\s:-]+", line):
            sep = _sep(line)
            lines[k] = sep.join((f"  {c}   " if c.strip() else c) for c in line.split(sep))
    return "\n".join(lines)


FAMILIES: dict[str, dict[str, Variant]] = {
    "quotes": {f"quotes-{s}": _quote(s) for s in ("curly", "corner", "straight", "none")},
    "numbering": {f"numbering-{s}": _numbering(s) for s in ("comma", "paren", "circled", "fullwidth")},
    "breaks": {"break-number": _break("number"), "break-name": _break("name"), "page-break-name": _break("page")},
    "split-tables": {"split-table": _split(False), "split-table-header": _split(True)},
    "merged-header": {"merged-header": _merged_header},
    "yuan": {"yuan": _yuan},
    "spacing": {"spacing": _spacing},
}
