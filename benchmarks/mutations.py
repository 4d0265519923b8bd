"""Mutation benchmark: mutants of every corpus document and the seed, checked; recall and false errors per document.

    nice -n 10 python benchmarks/mutations.py [--doc NAME ...] [--limit N] [--minimal] [--verbose]

Each mutant changes one thing the way real documents go wrong, and remembers where:

- every document: one table cell (a money figure) with one typing slip — dropped, extra, swapped
  or changed digit, shifted decimal point (:mod:`benchmarks.mutants`); one narrative amount or
  percentage with one digit changed (not the last: that is a 尾差 question); one comparison word
  flipped (增加↔减少, 增长↔降低, 大于↔小于) where it compares two figures;
- text documents (the seed) also: a year, a name, a 功能/经济分类 code, a 绩效自评表 figure, a
  deleted table or section.

PDFs are mutated in place with PyMuPDF: the printed characters are redacted (text only; ruling lines
and images stay) and the replacement is printed in the same box, on the same baseline at the same
size, in PyMuPDF's built-in CJK font. Text documents are edited as text. A mutant whose tables do
not read back as intended (the edit moved something else) is not used.

A mutant is *caught* when checking it gives a finding the original did not give (any severity) that
points at the mutated place: its line (text), its page box (PDF) or its table cell. Deletions are
caught by a completeness finding or one that names what was deleted. A new **error** that points
elsewhere is *elsewhere*; it is *explained* when it names the changed figure, word or code (old or
new), points at another column of the changed row, or at a row whose code is a parent or child of a
changed code — the other side of an identity the mutation broke — and *unexplained* otherwise: those are the false errors the
benchmark counts (``false/mutant``) and lists for review.

A mutant whose changed figure nothing in the document constrains is *unconstrained*
(:mod:`benchmarks.constraints`: a narrative rate of change whose sentence prints no change and
whose last-year figure no printed number could be, a percentage that is no claim about any printed
figure). No reader can tell it from a document that printed the new figure — an equivalent mutant —
so it is counted apart and left out of ``recall``; ``(all)`` is the recall over every mutant. The
decision is made from the printed text alone, never from juesuan's findings, and leans to
"constrained"; table cells are never left out. ``--misses`` lists each unconstrained mutant
("free") with its reason, for review by hand.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from benchmarks.constraints import document_numbers, percent_unconstrained, prints_yuan  # noqa: E402
from benchmarks.mutants import CHANGED, TEXT_SUFFIXES, pdf_replace, table_mutants, typo  # noqa: E402

from juesuan.api import check_report  # noqa: E402
from juesuan.diagnostics import Finding, ReadError, Severity  # noqa: E402
from juesuan.ingest import ReadResult, read  # noqa: E402
from juesuan.model.cells import PROJECT_TABLE, WHOLE_TABLE  # noqa: E402
from juesuan.model.narrative import FactKind  # noqa: E402
from juesuan.model.performance import Indicator  # noqa: E402
from juesuan.model.tables import BalanceTable, BasicExpenditureTable, ClassifiedTable  # noqa: E402
from juesuan.render.cells import iter_cells  # noqa: E402

SHARED = ROOT.parent / "shared"
DEFAULT_DOCUMENTS = [SHARED / "seed" / "000_47ca208ed1e3cbfe.txt", *sorted((SHARED / "corpus").glob("*.pdf"))]


@dataclass
class Mutant:
    kind: str
    description: str
    lines: list[str] | None  # the mutated text document (None: ``path`` holds the mutated file)
    touched: set[int]  # 1-based lines touched (text)
    words: tuple[str, ...] = ()  # for deletions: what was deleted (title words)
    mentions: tuple[str, ...] = ()  # texts (old and new) a finding may name to be tied to the mutation
    codes: tuple[str, ...] = ()  # classification codes changed (their parents and children are related)
    path: Path | None = None
    boxes: list[tuple[int, tuple[float, float, float, float]]] = field(default_factory=list)  # (page, box) touched (PDF)
    cells: set[tuple[str, str, str]] = field(default_factory=set)  # (table, row, column) changed
    result: ReadResult | None = None
    #: why nothing the document prints constrains the changed figure (:mod:`benchmarks.constraints`);
    #: "" when something may. Such a mutant is counted apart, not in recall
    unconstrained: str = ""


@dataclass
class Result:
    mutant: Mutant
    caught: bool
    new: list[Finding] = field(default_factory=list)
    elsewhere: list[Finding] = field(default_factory=list)  # new errors not at the mutated place
    unexplained: list[Finding] = field(default_factory=list)  # … and not tied to it either: false errors
    unreadable: str = ""


def key(f: Finding) -> tuple[object, ...]:
    """A finding without its message: a mutation that only changes the figures an old finding
    quotes does not make it new."""
    return (f.rule_id, f.severity, tuple((loc.line, loc.page, loc.table, loc.row, loc.column) for loc in f.locations))


def full_key(f: Finding) -> tuple[object, ...]:
    return (*key(f), f.message)


# ---- text operators ----------------------------------------------------------------------------


def change_digit(text: str, rng: random.Random) -> str | None:
    """Change one digit that is not the last one (a typing slip, not a rounding difference)."""
    positions = [i for i, ch in enumerate(text) if ch.isdigit()]
    if len(positions) < 2:
        if len(positions) == 1:
            i = positions[0]
            new = str((int(text[i]) + rng.randint(1, 8)) % 10)
            return text[:i] + new + text[i + 1 :]
        return None
    i = rng.choice(positions[:-1])
    old = int(text[i])
    new = (old + rng.randint(1, 8)) % 10
    if i == positions[0] and new == 0 and len(positions) > 1:
        new = (old + 1) % 10 or 1
    return text[:i] + str(new) + text[i + 1 :]


def replace_on_line(lines: list[str], number: int, old: str, new: str, occurrence: int = 0) -> list[str] | None:
    line = lines[number - 1]
    start = -1
    for _ in range(occurrence + 1):
        start = line.find(old, start + 1)
        if start < 0:
            return None
    out = list(lines)
    out[number - 1] = line[:start] + new + line[start + len(old) :]
    return out


def cell_positions(cells: list[str], text: str) -> list[int]:
    """The positions of the tab-separated cells that show ``text`` (bold marks ignored)."""
    return [i for i, c in enumerate(cells) if c.replace("<b>", "").replace("</b>", "").strip() == text]


def replace_cell(lines: list[str], number: int, old: str, new: str, occurrence: int = 0) -> list[str] | None:
    """Replace the text of one tab-separated cell (the ``occurrence``-th whose text is ``old``)."""
    cells = lines[number - 1].split("\t")
    hits = cell_positions(cells, old)
    if occurrence >= len(hits):
        return None
    i = hits[occurrence]
    cells[i] = cells[i].replace(old, new, 1)
    out = list(lines)
    out[number - 1] = "\t".join(cells)
    return out


def form_mutants(lines: list[str], report, rng: random.Random, limit: int) -> list[Mutant]:  # type: ignore[no-untyped-def]
    """One figure of a 绩效自评表 (score, weight, rate, amount) changed by one digit."""
    cells = []
    for table, code, label, column, _value, source in iter_cells(report):
        if ":" not in source or table not in (PROJECT_TABLE, WHOLE_TABLE):
            continue
        number = int(source.rsplit(":", 1)[1])
        cells.append((table, code, label, column, number))
    rng.shuffle(cells)
    out = []
    seen_lines: Counter[int] = Counter()
    for table, code, label, column, number in cells:
        if len(out) >= limit:
            break
        if seen_lines[number] >= 2:
            continue
        printed = _printed(report, table, code, label, column)
        if not printed:
            continue
        new = change_digit(printed, rng)
        if new is None or new == printed:
            continue
        occurrence = _occurrence(lines[number - 1], printed, report, table, code, label, column)
        mutated = replace_cell(lines, number, printed, new, occurrence)
        if mutated is None:
            continue
        seen_lines[number] += 1
        out.append(Mutant("form-figure", f"{table}/{code or label}/{column}: {printed} → {new}", mutated, {number}, mentions=(printed, new)))
    return out


def _printed(report, table, code, label, column) -> str:  # type: ignore[no-untyped-def]
    """The cell text exactly as printed (the cells view gives normalised values)."""
    for t in report.tables:
        if t.kind.value != table:
            continue
        if isinstance(t, ClassifiedTable):
            for row in t.rows:
                if (row.code.value if row.code else "") == code and row.label == label and column in row.cells:
                    return row.cells[column].text
        elif isinstance(t, BalanceTable):
            for line in t.lines:
                if (str(line.line_no) if line.line_no is not None else "") == code and column in line.cells:
                    return line.cells[column].text
        elif isinstance(t, BasicExpenditureTable):
            for item in t.items:
                if item.code.value == code:
                    return item.cell.text
            if label == "人员经费合计" and t.personnel_total:
                return t.personnel_total.text
            if label == "公用经费合计" and t.public_total:
                return t.public_total.text
    for p, project in enumerate(report.projects, start=1):
        if not code.startswith(f"P{p}"):
            continue
        if code == f"P{p}":
            fig = {
                "项目预算金额": project.budget,
                "全年执行数": project.spent,
                "执行率": project.rate,
                "指标自评得分小计": project.subtotal,
                "预算执行率得分": project.rate_score,
                "减分项": project.deduction,
                "绩效自评总得分": project.total,
            }.get(column)
            return fig.text if fig else ""
        m = re.match(rf"P{p}\.I(\d+)$", code)
        if m:
            return _indicator_text(project.indicators[int(m.group(1)) - 1], column)
    for w, whole in enumerate(report.whole, start=1):
        m = re.match(rf"W{w}\.T(\d+)$", code)
        if m:
            task = whole.tasks[int(m.group(1)) - 1]
            fig = {"项目下达金额": task.allotted, "项目执行金额": task.spent, "项目执行率": task.rate, "分值": task.weight, "得分": task.score}.get(column)
            return fig.text if fig else ""
        m = re.match(rf"W{w}\.I(\d+)$", code)
        if m:
            return _indicator_text(whole.indicators[int(m.group(1)) - 1], column)
        if code == f"W{w}":
            fig = {"部门年初预算收入金额": whole.budget_income, "部门年初预算支出金额": whole.budget_expenditure, "总评价得分": whole.total}.get(column)
            return fig.text if fig else ""
    return ""


def _indicator_text(indicator: Indicator, column: str) -> str:
    """The printed text of one column of a 三级指标 row (项目 and 整体 forms alike)."""
    fig = {"年度目标值": indicator.target, "全年完成值": indicator.actual, "完成程度": indicator.completion, "分值": indicator.weight, "得分": indicator.score}.get(column)
    return fig.text if fig else ""


_FORM_COLUMNS = ("年度目标值", "全年完成值", "完成程度", "分值", "得分")
_TASK_COLUMNS = ("项目下达金额", "项目执行金额", "项目执行率", "分值", "得分")


def _occurrence(line: str, printed: str, report, table, code, label, column) -> int:  # type: ignore[no-untyped-def]
    """Which occurrence of ``printed`` on its line the cell is (by tab position)."""
    hits = cell_positions(line.split("\t"), printed)
    if len(hits) <= 1:
        return 0
    order = _FORM_COLUMNS if re.match(r"[PW]\d+\.I\d+$", code) else _TASK_COLUMNS if re.match(r"W\d+\.T\d+$", code) else ()
    if column in order:
        earlier = [c for c in order[: order.index(column)] if _printed(report, table, code, label, c) == printed]
        return min(len(earlier), len(hits) - 1)
    # the column order of the printed row decides; fall back to the first
    for t in report.tables:
        if t.kind.value == table and isinstance(t, BalanceTable):
            side = column.split("/")[0]
            return 0 if side == "收入" else len(hits) - 1
        if t.kind.value == table and isinstance(t, ClassifiedTable):
            cols = list(t.columns)
            if column in cols:
                present = [c for c in cols if any(r.cells.get(c) and r.cells[c].text == printed and (r.code.value if r.code else "") == code for r in t.rows)]
                if column in present:
                    return min(present.index(column), len(hits) - 1)
    return 0


def narrative_mutants(lines: list[str], report, rng: random.Random, kinds: tuple[FactKind, ...], limit: int, kind_name: str) -> list[Mutant]:  # type: ignore[no-untyped-def]
    facts = []
    for part in report.narrative.parts:
        if part.kind not in ("narrative", ""):
            continue
        paragraphs = list(part.all_paragraphs())
        for section in part.walk():
            if section.heading is not None:
                paragraphs.append(section.heading)
        for paragraph in paragraphs:
            for fact in paragraph.facts:
                if fact.kind in kinds and fact.source.line is not None:
                    facts.append((paragraph, fact))
    rng.shuffle(facts)
    printed_text = "\n".join([*lines, *(p.text for p in report.narrative.all_paragraphs())])
    numbers = (document_numbers(printed_text), prints_yuan(printed_text))
    out = []
    for paragraph, fact in facts:
        if len(out) >= limit:
            break
        number_text = re.match(r"[-\d,.]+", fact.text)
        if not number_text:
            continue
        printed = number_text.group(0)
        new = change_digit(printed, rng)
        if new is None:
            continue
        line = fact.source.line or 0
        if printed not in lines[line - 1]:
            continue
        occurrence = _fact_occurrence(lines[line - 1], fact.text, report, fact)
        mutated = replace_on_line(lines, line, fact.text, new + fact.text[len(printed) :], occurrence)
        if mutated is None:
            continue
        free = _unconstrained(paragraph.text, fact, printed, numbers)
        out.append(Mutant(kind_name, f"第{line}行“{fact.label}{fact.text}” → {new}", mutated, {line}, mentions=(printed, new), unconstrained=free))
    return out


def _unconstrained(text: str, fact, printed: str, numbers: tuple[list[Decimal], bool]) -> str:  # type: ignore[no-untyped-def]
    """For a percentage: why nothing in the document constrains it ("" when something may);
    ``numbers``: every number the document prints, and whether it prints figures in 元."""
    if fact.kind != FactKind.PERCENT or text[fact.start : fact.start + len(printed)] != printed:
        return ""
    return percent_unconstrained(text, fact.start, fact.start + len(printed), numbers[0], yuan=numbers[1])


def _fact_occurrence(line: str, text: str, report, fact) -> int:  # type: ignore[no-untyped-def]
    count = line.count(text)
    if count <= 1:
        return 0
    # the n-th occurrence on the line: count facts with the same text printed before it on that line
    same = []
    for paragraph in report.narrative.all_paragraphs():
        for f in paragraph.facts:
            if f.source.line == fact.source.line and f.text == text:
                same.append(f)
    same.sort(key=lambda f: f.start)
    for i, f in enumerate(same):
        if f.start == fact.start:
            return min(i, count - 1)
    return 0


def year_mutants(lines: list[str], year: int, rng: random.Random, limit: int) -> list[Mutant]:
    candidates = [(i + 1, m) for i, line in enumerate(lines) for m in re.finditer(rf"{year}(?=\s*年)", line)]
    rng.shuffle(candidates)
    out = []
    for number, m in candidates[:limit]:
        new = str(year + rng.choice([-1, 1]))
        line = lines[number - 1]
        mutated = list(lines)
        mutated[number - 1] = line[: m.start()] + new + line[m.end() :]
        out.append(Mutant("year", f"第{number}行 {year} → {new}：{line.strip()[:30]}", mutated, {number}))
    return out


def name_mutants(lines: list[str], report, rng: random.Random, limit: int) -> list[Mutant]:  # type: ignore[no-untyped-def]
    """Change one character of a name: the department, a 类/款/项 name in the text, a project name."""
    names = set()
    department = report.metadata.department
    names.add(department)
    names.add(department.replace("辽宁省", ""))
    for project in report.projects:
        names.add(project.name)
    for table in report.tables:
        if isinstance(table, ClassifiedTable):
            for row in table.coded_rows:
                if len(row.label) >= 4:
                    names.add(row.label)
    candidates = []
    for i, line in enumerate(lines):
        for name in sorted(names):
            for m in re.finditer(re.escape(name), line):
                candidates.append((i + 1, m.start(), name))
    rng.shuffle(candidates)
    out = []
    swaps = "市区县省局处科中心所站服务管理事业单位保险保障人力资源社会"
    seen = set()
    for number, start, name in candidates:
        if len(out) >= limit:
            break
        if (number, start) in seen:
            continue
        seen.add((number, start))
        positions = [k for k, ch in enumerate(name) if "\u4e00" <= ch <= "\u9fff"]
        if not positions:
            continue
        k = rng.choice(positions[1:-1] or positions)
        replacement = rng.choice([c for c in swaps if c != name[k]])
        new = name[:k] + replacement + name[k + 1 :]
        line = lines[number - 1]
        mutated = list(lines)
        mutated[number - 1] = line[:start] + new + line[start + len(name) :]
        out.append(Mutant("name", f"第{number}行“{name}” → “{new}”", mutated, {number}, mentions=(name, new)))
    return out


def code_mutants(lines: list[str], report, rng: random.Random, limit: int) -> list[Mutant]:  # type: ignore[no-untyped-def]
    candidates = []
    for table in report.tables:
        if isinstance(table, ClassifiedTable):
            for row in table.coded_rows:
                if row.code is not None and row.source.line:
                    candidates.append((row.source.line, row.code.printed or row.code.value, table.kind.value, row.label))
        if isinstance(table, BasicExpenditureTable):
            for item in table.items:
                if item.source.line:
                    candidates.append((item.source.line, item.code.printed or item.code.value, table.kind.value, item.name))
    rng.shuffle(candidates)
    out = []
    for number, printed, title, label in candidates:
        if len(out) >= limit:
            break
        new = change_digit(printed, rng)
        if new is None or new == printed:
            continue
        mutated = replace_on_line(lines, number, printed, new)
        if mutated is None:
            continue
        out.append(Mutant("code", f"{title} 第{number}行编码 {printed} → {new}", mutated, {number}, mentions=(printed, new, label), codes=(printed, new)))
    return out


def table_deletions(lines: list[str], report) -> list[Mutant]:  # type: ignore[no-untyped-def]
    out = []
    starts = sorted({t.source.line for t in report.tables if t.source.line})
    ends = [*starts[1:], next((i + 1 for i, ln in enumerate(lines) if "第五部分" in ln and i + 1 > starts[-1]), len(lines) + 1)]
    for table in report.tables:
        start = table.source.line
        if start is None:
            continue
        end = ends[starts.index(start)]
        mutated = lines[: start - 1] + lines[end - 1 :]
        out.append(Mutant("deleted-table", f"删除{table.kind.value}（第{start}–{end - 1}行）", mutated, set(range(start, end)), (table.kind.value,)))
    return out


def section_deletions(lines: list[str], report) -> list[Mutant]:  # type: ignore[no-untyped-def]
    out = []
    for part in report.narrative.parts:
        sections = part.walk()
        for i, section in enumerate(sections):
            start = section.source.line
            if start is None or section.level > 2:
                continue
            following = [s.source.line for s in sections[i + 1 :] if s.level <= section.level and s.source.line]
            end = following[0] if following else None
            if end is None:
                later = [p.source.line for p in report.narrative.parts if p.source.line and p.source.line > start]
                end = min(later) if later else None
            if end is None:
                continue
            mutated = lines[: start - 1] + lines[end - 1 :]
            out.append(Mutant("deleted-section", f"删除“{section.number}{section.title}”（第{start}–{end - 1}行）", mutated, set(range(start, end)), (section.title,)))
    return out


_FLIPS = {"增加": "减少", "减少": "增加", "增长": "降低", "降低": "增长", "下降": "增长", "大于": "小于", "小于": "大于"}


def word_mutants(lines: list[str], report) -> list[Mutant]:  # type: ignore[no-untyped-def]
    """增加↔减少, 增长↔降低, 大于↔小于 where they compare figures; 持平→大于/小于 in
    "决算数持平预算数" (the seed has no 大于/小于 of its own)."""
    out = []
    for paragraph in report.narrative.all_paragraphs():
        for fact in paragraph.facts:
            if fact.kind != FactKind.COMPARISON or fact.source.line is None:
                continue
            after = paragraph.text[fact.end : fact.end + 12]
            line = fact.source.line
            if fact.word in _FLIPS and re.match(r"\s*[\d,.]+\s*(万元|%)", after):
                mutated = replace_on_line(lines, line, fact.word + after[:4], _FLIPS[fact.word] + after[:4])
                if mutated is not None:
                    out.append(Mutant("comparison", f"第{line}行 {fact.word} → {_FLIPS[fact.word]}", mutated, {line}))
            if fact.word == "持平" and "预算数" in after:
                for word in ("大于", "小于"):
                    mutated = replace_on_line(lines, line, "持平预算数", word + "预算数")
                    if mutated is not None:
                        out.append(Mutant("comparison", f"第{line}行 持平 → {word}（预算数）", mutated, {line}))
    return out


# ---- evaluation ----------------------------------------------------------------------------------



# ---- PDF operators (in place) ------------------------------------------------------------------

_NUMBER_AT = r"(?<![\d.,])({})(?![\d])"


def pdf_narrative_mutants(path: Path, report, rng: random.Random, kinds: tuple[FactKind, ...], limit: int, kind_name: str, workdir: Path) -> list[Mutant]:  # type: ignore[no-untyped-def]
    """One narrative figure of a PDF with one digit changed, printed over in place."""
    import pymupdf

    facts = [(p, f) for p in report.narrative.all_paragraphs() for f in p.facts if f.kind in kinds and f.source.page and f.source.bbox]
    rng.shuffle(facts)
    doc = pymupdf.open(path)
    try:
        printed_text = [page.get_text() for page in doc]
    finally:
        doc.close()
    whole = "\n".join([*printed_text, *(p.text for p in report.narrative.all_paragraphs())])
    numbers = (document_numbers(whole), prints_yuan(whole))
    out: list[Mutant] = []
    for paragraph, fact in facts:
        if len(out) >= limit:
            break
        m = re.match(r"-?[\d,]+(?:\.\d+)?", fact.text)
        if not m:
            continue
        printed = m.group(0)
        new = typo(printed, CHANGED, rng)
        if new is None:
            continue
        doc = pymupdf.open(path)
        try:
            box = pdf_replace(doc, fact.source.page, fact.source.bbox, _NUMBER_AT.format(re.escape(printed)), new)
            if box is None:
                continue
            target = workdir / f"{path.stem}.{kind_name}{len(out) + 1:03d}.pdf"
            doc.save(target, garbage=1)
        finally:
            doc.close()
        description = f"第{fact.source.page}页“{fact.label}{fact.text}” → {new}"
        boxes = [(fact.source.page, box), (fact.source.page, fact.source.bbox)]
        free = _unconstrained(paragraph.text, fact, printed, numbers)
        out.append(Mutant(kind_name, description, None, set(), mentions=(printed, new), path=target, boxes=boxes, unconstrained=free))
    return out


def pdf_word_mutants(path: Path, report, limit: int, workdir: Path) -> list[Mutant]:  # type: ignore[no-untyped-def]
    """A comparison word flipped (增加↔减少 …) where a figure follows it, printed over in place."""
    import pymupdf

    out: list[Mutant] = []
    for paragraph in report.narrative.all_paragraphs():
        for fact in paragraph.facts:
            if len(out) >= limit:
                return out
            if fact.kind != FactKind.COMPARISON or fact.word not in _FLIPS or not fact.source.page or not fact.source.bbox:
                continue
            after = paragraph.text[fact.end : fact.end + 12]
            follow = re.match(r"\s*[\d,.]+", after)
            if not follow:
                continue
            doc = pymupdf.open(path)
            try:
                pattern = f"({re.escape(fact.word)})" + re.escape(follow.group(0).strip()[:4])
                box = pdf_replace(doc, fact.source.page, fact.source.bbox, pattern, _FLIPS[fact.word])
                if box is None:
                    continue
                target = workdir / f"{path.stem}.word{len(out) + 1:03d}.pdf"
                doc.save(target, garbage=1)
            finally:
                doc.close()
            description = f"第{fact.source.page}页 {fact.label}{fact.word} → {_FLIPS[fact.word]}"
            out.append(Mutant("comparison", description, None, set(), mentions=(), path=target, boxes=[(fact.source.page, box), (fact.source.page, fact.source.bbox)]))
    return out


def cell_mutants(path: Path, result: ReadResult, limit: int, workdir: Path, seed: int) -> list[Mutant]:
    """Table cells with one typing slip each (:func:`benchmarks.mutants.table_mutants`)."""
    out = []
    for m in table_mutants(path, workdir, limit=limit, seed=seed, result=result):
        (change,) = m.changes
        place = m.places[0]
        boxes = [(place.page, place.bbox)] if place.page and place.bbox else []
        code = change.row if change.row.isdigit() and len(change.row) >= 3 else ""
        out.append(
            Mutant(
                "cell:" + change.kind,
                f"{change.table}/{change.row}/{change.column}: {change.original} → {change.new}",
                None,
                {place.line} if place.line else set(),
                mentions=(change.original, change.new),
                codes=(code,) if code else (),
                path=m.document,
                boxes=boxes,
                cells={(change.table, change.row, change.column), (change.table, place.row or "", change.column)},
                result=m.result,
            )
        )
    return out


# ---- evaluation ----------------------------------------------------------------------------------


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _related_code(row: str | None, codes: tuple[str, ...]) -> bool:
    if not row or not row.isdigit():
        return False
    return any(c and (row.startswith(c) or c.startswith(row)) for c in codes)


def evaluate(mutant: Mutant, baseline: Counter[tuple[object, ...]], baseline_full: set[tuple[object, ...]], workdir: Path, suffix: str) -> Result:
    try:
        if mutant.result is not None:
            result = mutant.result
        else:
            path = mutant.path
            if path is None:
                path = workdir / f"mutant{suffix}"
                path.write_text("\n".join(mutant.lines or []), encoding="utf-8")
            result = read(path)
    except ReadError as exc:
        return Result(mutant, caught=True, unreadable=exc.problem)
    findings = list(check_report(result).findings)
    counts: Counter[tuple[object, ...]] = Counter()
    new: list[Finding] = []  # new by place and severity
    changed: list[Finding] = []  # an old finding whose message now quotes other figures
    # findings the original gave word for word are matched to the original's first, so that a new
    # finding at the same place (a page of a PDF holds many) is the one counted as new
    findings.sort(key=lambda f: full_key(f) not in baseline_full)
    for f in findings:
        k = key(f)
        counts[k] += 1
        if counts[k] > baseline[k]:
            new.append(f)
        elif full_key(f) not in baseline_full:
            changed.append(f)
    touched = mutant.touched
    near = {n for t in touched for n in (t - 1, t, t + 1)}

    def located(f: Finding) -> bool:
        for loc in f.locations:
            if loc.line is not None and (loc.line in touched or (loc.end_line is not None and any(loc.line <= t <= loc.end_line for t in touched))):
                return True
            if loc.page is not None and loc.bbox is not None and any(p == loc.page and _overlaps(b, loc.bbox) for p, b in mutant.boxes):
                return True
            if loc.table and (loc.table, loc.row or "", loc.column or "") in mutant.cells:
                return True
        if mutant.kind.startswith("deleted"):
            if f.rule_id.startswith("CP") or any(w and (w in f.message or w[:6] in f.message) for w in mutant.words):
                return True
            return any(loc.line in near for loc in f.locations)
        return False

    rows = {(t, r) for t, r, _ in mutant.cells}

    def explained(f: Finding) -> bool:
        if any(m and m in f.message for m in mutant.mentions):
            return True
        if any(loc.table and (loc.table, loc.row or "") in rows for loc in f.locations):
            return True  # another column of the changed row: the row no longer adds up
        return any(_related_code(loc.row, mutant.codes) for loc in f.locations)

    caught = any(located(f) for f in (*new, *changed))
    deleted = mutant.kind.startswith("deleted")
    elsewhere = [f for f in new if f.severity == Severity.ERROR and not located(f) and not deleted]
    unexplained = [f for f in elsewhere if not explained(f)]
    return Result(mutant, caught=caught, new=new + changed, elsewhere=elsewhere, unexplained=unexplained)


def mutants_of(path: Path, result: ReadResult, rng: random.Random, workdir: Path, scale: float, seed: int) -> list[Mutant]:
    report = result.report

    def n(count: int) -> int:
        return max(1, round(count * scale))

    mutants = cell_mutants(path, result, n(60), workdir, seed)
    if path.suffix.lower() == ".pdf":
        mutants += pdf_narrative_mutants(path, report, rng, (FactKind.AMOUNT,), n(20), "narrative-amount", workdir)
        mutants += pdf_narrative_mutants(path, report, rng, (FactKind.PERCENT,), n(15), "narrative-percent", workdir)
        mutants += pdf_word_mutants(path, report, n(10), workdir)
        return mutants
    lines = path.read_text(encoding="utf-8").split("\n")
    mutants += form_mutants(lines, report, rng, n(30))
    mutants += narrative_mutants(lines, report, rng, (FactKind.AMOUNT,), n(20), "narrative-amount")
    mutants += narrative_mutants(lines, report, rng, (FactKind.PERCENT,), n(15), "narrative-percent")
    if report.metadata.year:
        mutants += year_mutants(lines, report.metadata.year, rng, n(10))
    mutants += name_mutants(lines, report, rng, n(10))
    mutants += code_mutants(lines, report, rng, n(10))
    mutants += table_deletions(lines, report)[: n(9)]
    mutants += section_deletions(lines, report)[: n(18)]
    mutants += word_mutants(lines, report)[: n(10)]
    return mutants


def family(kind: str) -> str:
    return kind.split(":", 1)[0]


def run_document(path: Path, args: argparse.Namespace, workdir: Path) -> list[Result]:
    started = time.perf_counter()
    result = read(path)
    base = check_report(result).findings
    baseline = Counter(key(f) for f in base)
    baseline_full = {full_key(f) for f in base}
    rng = random.Random(args.random_seed)
    scale = 0.2 if args.minimal else 1.0
    mutants = mutants_of(path, result, rng, workdir, scale, args.random_seed)
    if args.limit:
        # an even share of every family
        by: dict[str, list[Mutant]] = {}
        for m in mutants:
            by.setdefault(family(m.kind), []).append(m)
        picked: list[Mutant] = []
        while len(picked) < min(args.limit, len(mutants)):
            for items in by.values():
                if items and len(picked) < args.limit:
                    picked.append(items.pop(0))
        mutants = picked
    made = time.perf_counter()
    results = [evaluate(m, baseline, baseline_full, workdir, path.suffix if path.suffix.lower() in TEXT_SUFFIXES else ".txt") for m in mutants]
    for m in mutants:
        if m.path is not None:
            m.path.unlink(missing_ok=True)
    seconds = time.perf_counter() - made
    print(f"\n== {path.name}  baseline findings: {len(base)}  mutants: {len(results)}  made in {made - started:.1f} s, checked in {seconds:.1f} s ({seconds / max(1, len(results)) * 1000:.0f} ms each)")
    print(f"{'family':<20}{'mutants':>8}{'unconstr.':>10}{'caught':>8}{'recall':>9}{'elsewhere':>11}{'false':>7}")
    by_kind: dict[str, list[Result]] = {}
    for r in results:
        by_kind.setdefault(family(r.mutant.kind), []).append(r)
    for kind, items in by_kind.items():
        _row(kind, items)
    _row("all", results)
    if args.verbose or args.misses:
        for r in results:
            if r.mutant.unconstrained:
                seen = "caught anyway" if r.caught else "not caught"
                print(f"  free  [{r.mutant.kind}] {r.mutant.description}: {seen}; {r.mutant.unconstrained}")
            elif not r.caught:
                print(f"  miss  [{r.mutant.kind}] {r.mutant.description}: {explain_miss(r)}")
            for f in r.unexplained:
                print(f"  false [{r.mutant.kind}] {r.mutant.description}: {f.rule_id} {f.message[:110]}")
    if args.verbose:
        for r in results:
            print(f"    [{r.mutant.kind}] {r.mutant.description} caught={r.caught}")
            for f in r.new:
                print(f"        {f.rule_id} {f.severity.value} {f.message[:100]} {[(loc.line, loc.page) for loc in f.locations][:4]}")
    return results


def recall(results: list[Result]) -> tuple[float, float, int]:
    """(recall over the mutants something in the document constrains, recall over all mutants, how
    many are unconstrained)."""
    checkable = [r for r in results if not r.mutant.unconstrained]
    caught = sum(r.caught for r in checkable)
    return caught / max(1, len(checkable)), sum(r.caught for r in results) / max(1, len(results)), len(results) - len(checkable)


def _row(kind: str, items: list[Result]) -> None:
    caught = sum(r.caught for r in items if not r.mutant.unconstrained)
    elsewhere = sum(len(r.elsewhere) for r in items)
    false = sum(len(r.unexplained) for r in items)
    share, _, free = recall(items)
    print(f"{kind:<20}{len(items):>8}{free:>10}{caught:>8}{share:>9.1%}{elsewhere:>11}{false:>7}")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("documents", nargs="*", type=Path, help="documents to mutate (default: the seed and every corpus PDF)")
    parser.add_argument("--doc", action="append", default=[], help="only the default documents whose name contains this (repeatable)")
    parser.add_argument("--limit", type=int, default=0, help="at most N mutants per document, shared evenly among the families")
    parser.add_argument("--minimal", action="store_true", help="a fifth of the mutants of every family (a run of a few minutes)")
    parser.add_argument("--misses", action="store_true", help="list every miss and every false error")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--random-seed", type=int, default=20241231)
    args = parser.parse_args()
    documents = args.documents or [d for d in DEFAULT_DOCUMENTS if not args.doc or any(s in d.name for s in args.doc)]
    started = time.perf_counter()
    summary = []
    with tempfile.TemporaryDirectory(prefix="juesuan-mutants-") as tmp:
        for path in documents:
            results = run_document(path, args, Path(tmp))
            summary.append((path.name, results))
    print(f"\n== per document ({time.perf_counter() - started:.0f} s in all); done when recall ≥ 95 % on every document and false/mutant ≤ 0.05")
    print(f"{'document':<46}{'mutants':>8}{'unconstr.':>10}{'recall':>9}{'(all)':>8}{'false':>7}{'false/mutant':>14}")
    ok = True
    for name, results in summary:
        false = sum(len(r.unexplained) for r in results)
        share, raw, free = recall(results)
        per = false / max(1, len(results))
        ok &= share >= 0.95 and per <= 0.05
        print(f"{name:<46}{len(results):>8}{free:>10}{share:>9.1%}{raw:>8.1%}{false:>7}{per:>14.3f}")
    print("recall: over the mutants something in the document constrains; (all): over every mutant")
    print("met" if ok else "not met")
    return 0


def explain_miss(r: Result) -> str:
    """Why a mutant was not seen, where the reason is structural."""
    d = r.mutant.description
    if r.mutant.kind == "form-figure" and re.search(r"/(年度目标值|全年完成值):", d):
        return "an indicator whose target is still met (or its completion already capped at 100%) scores the same: nothing else depends on this number."
    if r.mutant.kind == "form-figure" and "部门年初预算" in d:
        return "部门年初预算收入/支出金额 of the 整体自评表 is not tied to any other figure of the document."
    if r.new:
        return "new findings, none at the mutated place: " + "; ".join(f"{f.rule_id} {[(loc.line, loc.page, loc.row) for loc in f.locations][:3]}" for f in r.new[:3])
    return "no new finding."


if __name__ == "__main__":
    sys.exit(main())
