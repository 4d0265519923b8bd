"""Everywhere-consistency benchmark: the unit's name, the year and placeholders mutated in each place
they are printed (cover, 目录, part titles, a sentence whose subject is the unit), in every document.

    nice -n 10 python benchmarks/everywhere.py [documents ...]

Documents: the seed and every corpus 决算 PDF (default). Each mutant changes one text in one place of
the read report — another year (2023 for 2024), a cut year (202), a letter for a digit (2O24), a
placeholder for the name (上海市XX局), the name without its lowest level (上海市财政局 for
上海市普陀区财政局), the bare core (财政局) — and is *caught* when checking it gives a consistency
(YZ) finding the unmutated document did not give. Correct forms (full-width year digits, the name
shortened from the top) are counted as *false* when they give any new finding. Printed per kind:
mutants, caught, recall; and the false findings on correct forms (the baseline is the unmutated
document, checked in the same run).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from juesuan.check import check  # noqa: E402
from juesuan.check.names import split_unit  # noqa: E402
from juesuan.ingest import read  # noqa: E402
from juesuan.model.report import Report  # noqa: E402
from juesuan.narrative.facts import extract_facts  # noqa: E402

SHARED = ROOT.parent / "shared"
DEFAULT = [SHARED / "seed" / "000_47ca208ed1e3cbfe.txt", *sorted(p for p in (SHARED / "corpus").glob("*.pdf") if "template" not in p.name)]
PLACES = ("cover", "toc", "part", "text")
_YEAR = re.compile(r"((?:19|20)\d{2})(\s*年度)")
_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")

Edit = Callable[[str], str | None]


def _edited(report: Report, place: str, edit: Edit) -> Report | None:
    """``report`` with the first text of ``place`` that ``edit`` changes changed."""
    if place == "cover":
        new = edit(report.metadata.title)
        return None if new is None else report.model_copy(update={"metadata": report.metadata.model_copy(update={"title": new})})
    if place == "toc":
        entries = list(report.toc)
        for i, entry in enumerate(entries):
            new = edit(entry.title)
            if new is not None:
                entries[i] = entry.model_copy(update={"title": new})
                return report.model_copy(update={"toc": tuple(entries)})
        return None
    parts = list(report.narrative.parts)
    for i, part in enumerate(parts):
        if place == "part":
            new = edit(part.title)
            if new is not None:
                parts[i] = part.model_copy(update={"title": new})
                return report.model_copy(update={"narrative": report.narrative.model_copy(update={"parts": tuple(parts)})})
            continue
        changed = _edited_paragraphs(part, edit)
        if changed is not None:
            parts[i] = changed
            return report.model_copy(update={"narrative": report.narrative.model_copy(update={"parts": tuple(parts)})})
    return None


def _edited_paragraphs(node: Any, edit: Edit) -> Any:
    """A part or section with the first paragraph (its own, then its sections', in reading order)
    that ``edit`` changes changed, its facts read again; None when ``edit`` changes none."""
    paragraphs = list(node.paragraphs)
    for j, paragraph in enumerate(paragraphs):
        new = edit(paragraph.text)
        if new is not None:
            paragraphs[j] = paragraph.model_copy(update={"text": new, "facts": tuple(extract_facts(new, paragraph.source, paragraph.line_starts))})
            return node.model_copy(update={"paragraphs": tuple(paragraphs)})
    sections = list(node.sections)
    for k, section in enumerate(sections):
        changed = _edited_paragraphs(section, edit)
        if changed is not None:
            sections[k] = changed
            return node.model_copy(update={"sections": tuple(sections)})
    return None


def _year(change: Callable[[str], str]) -> Edit:
    def edit(text: str) -> str | None:
        m = _YEAR.search(text)
        return None if m is None else text[: m.start()] + change(m.group(1)) + text[m.start(2) :]

    return edit


def _name(report: Report, printed: str, subject: bool) -> Edit:
    name = report.metadata.department
    pattern = re.compile(re.escape(name) + (r"(?=\s*(?:19|20)\d{2}\s*年)" if subject else ""))
    return lambda text: pattern.sub(printed, text, count=1) if pattern.search(text) else None


def _findings(report: Report) -> Counter[tuple[str, str]]:
    return Counter((f.rule_id, f.message) for f in check(report).findings if f.rule_id.startswith("YZ"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("documents", nargs="*", type=Path)
    args = parser.parse_args()
    started = time.perf_counter()
    caught: Counter[str] = Counter()
    total: Counter[str] = Counter()
    false: list[str] = []
    missed: list[str] = []
    for path in args.documents or DEFAULT:
        report = read(path).report
        base = _findings(report)
        unit = split_unit(report.metadata.department)
        for place in PLACES:
            subject = place == "text"
            mutants: dict[str, Edit] = {
                "year-other": _year(lambda y: str(int(y) - 1)),
                "year-cut": _year(lambda y: y[:3]),
                "year-letter": _year(lambda y: y[0] + "O" + y[2:]),
                "placeholder": _name(report, "".join(unit.levels[:1]) + "XX" + unit.core[-1:], subject),
            }
            correct: dict[str, Edit] = {"year-full-width": _year(lambda y: y.translate(_FULL_WIDTH))}
            if unit.levels:
                mutants["name-no-district"] = _name(report, "".join(unit.levels[:-1]) + unit.core, subject)
                mutants["name-bare"] = _name(report, unit.core, subject)
                if len(unit.levels) > 1:
                    correct["name-without-top"] = _name(report, "".join(unit.levels[1:]) + unit.core, subject)
            for kind, edit in mutants.items():
                variant = _edited(report, place, edit)
                if variant is None:
                    continue
                total[kind] += 1
                if _findings(variant) - base:
                    caught[kind] += 1
                else:
                    missed.append(f"{path.name} {place} {kind}")
            for kind, edit in correct.items():
                variant = _edited(report, place, edit)
                if variant is None:
                    continue
                total[kind] += 1
                new = _findings(variant) - base
                if new:
                    false.extend(f"{path.name} {place} {kind}: {rule} {message}" for rule, message in new)
    print(f"everywhere-consistency mutants ({time.perf_counter() - started:.1f} s)")
    print(f"{'kind':20} {'mutants':>8} {'caught':>8} {'recall':>8}")
    for kind in sorted(k for k in total if k in caught or k not in ("year-full-width", "name-without-top")):
        print(f"{kind:20} {total[kind]:8} {caught[kind]:8} {caught[kind] / total[kind]:8.1%}")
    wrong = sum(total[k] for k in total if k not in ("year-full-width", "name-without-top"))
    print(f"{'all mutants':20} {wrong:8} {sum(caught.values()):8} {sum(caught.values()) / max(wrong, 1):8.1%}")
    print(f"correct forms: {total['year-full-width'] + total['name-without-top']}, new findings on them: {len(false)}")
    for line in missed + false:
        print("  -", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
