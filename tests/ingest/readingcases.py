"""The reading-problem case files (``tests/fixtures/reading/<ID>.yml``): loading, inputs, expectations.

Like the rule cases (``tests/check/rulecases.py``), one data file per reading problem::

    problem: RD02
    cases:
      - name: typo-in-a-cell
        description: 支出决算表 2080506 的本年支出合计印作“13..63”。
        seed:
          replace:
            - {line: 388, old: "13.63\\t13.63", new: "13..63\\t13.63"}
        expect:
          - {severity: error, line: 388, table: 支出决算表, message: ["13..63", "不是金额"]}
        unread: [cell]
        could_not_check: [TB01]
      - name: seed-reads-clean
        seed: {}
        expect: []

The input is ``seed`` (the seed with edits, as for rules), ``text`` (a document in the seed's text
form) or ``make`` (a file built at test time by one of the makers below, e.g. a corpus PDF with a
page turned into a scan). ``expect`` lists the findings of the problem (every one of them, any
severity); ``page``/``sheet`` locate a PDF page or a worksheet. ``unread`` lists the scopes of
the ``Report.unread`` records the problem leaves (in order; ``[]`` when it leaves nothing
unread). ``could_not_check`` names rules whose outcome must be "could not check", naming the
unread part (a page that cannot be read may leave its table unread, RD06, which the rule names). A case that expects nothing is a *pass* case: the input reads without that problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from juesuan.api import check_report
from juesuan.diagnostics import CheckReport, Finding, RuleStatus
from juesuan.ingest import read
from juesuan.ingest.result import ReadResult
from tests.check.rulecases import edited_seed
from tests.conftest import CORPUS

CASES_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "reading"

_CASE_KEYS = {"name", "description", "seed", "text", "make", "expect", "unread", "could_not_check"}
_EXPECT_KEYS = {"severity", "line", "page", "sheet", "table", "message", "count"}
SCOPES = ("cell", "rows", "table", "region")


class CaseError(ValueError):
    """A case file that does not say what it means."""


@dataclass(frozen=True)
class Expected:
    severity: str
    line: int | None = None
    page: int | None = None
    sheet: str | None = None
    table: str | None = None
    message: tuple[str, ...] = ()
    count: int = 1

    def matches(self, finding: Finding) -> bool:
        first = finding.locations[0] if finding.locations else None
        if finding.severity.value != self.severity:
            return False
        for field in ("line", "page", "sheet", "table"):
            wanted = getattr(self, field)
            if wanted is not None and (first is None or getattr(first, field) != wanted):
                return False
        return all(part in finding.message for part in self.message)


@dataclass(frozen=True)
class ReadingCase:
    problem: str
    name: str
    file: Path
    description: str = ""
    seed: dict[str, Any] | None = None
    text: str | None = None
    make: dict[str, Any] | None = None
    expect: tuple[Expected, ...] = ()
    unread: tuple[str, ...] | None = None
    could_not_check: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return f"{self.problem}-{self.name}"

    @property
    def is_fail(self) -> bool:
        return bool(self.expect)


def _fail(path: Path, where: str, problem: str) -> CaseError:
    return CaseError(f"{path.name}: {where}: {problem}")


def load_case_file(path: Path) -> list[ReadingCase]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or set(data) != {"problem", "cases"}:
        raise _fail(path, "top level", "a case file has exactly the keys problem and cases")
    problem = data["problem"]
    if problem != path.stem:
        raise _fail(path, "problem", f"the file of {problem} must be named {problem}.yml")
    cases = []
    names: set[str] = set()
    for index, raw in enumerate(data["cases"] or []):
        where = f"case {index + 1}"
        if not isinstance(raw, dict) or set(raw) - _CASE_KEYS:
            raise _fail(path, where, f"a case is a mapping with keys among {sorted(_CASE_KEYS)}")
        name = raw.get("name")
        if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name) or name in names:
            raise _fail(path, where, "name is a unique lower-case ASCII name joined by '-'")
        names.add(name)
        if sum(key in raw for key in ("seed", "text", "make")) != 1:
            raise _fail(path, name, "a case has one of seed, text or make")
        if "make" in raw and (not isinstance(raw["make"], dict) or len(raw["make"]) != 1 or next(iter(raw["make"])) not in MAKERS):
            raise _fail(path, name, f"make names one maker of {sorted(MAKERS)}")
        expect = []
        for item in raw.get("expect") or []:
            if not isinstance(item, dict) or set(item) - _EXPECT_KEYS or item.get("severity") not in ("error", "warning", "info"):
                raise _fail(path, name, f"an expected finding is a mapping of {sorted(_EXPECT_KEYS)} with a severity: {item!r}")
            message = item.get("message", ())
            expect.append(
                Expected(
                    severity=item["severity"],
                    line=item.get("line"),
                    page=item.get("page"),
                    sheet=item.get("sheet"),
                    table=item.get("table"),
                    message=(message,) if isinstance(message, str) else tuple(message),
                    count=int(item.get("count", 1)),
                )
            )
        unread = raw.get("unread")
        if unread is not None and (not isinstance(unread, list) or any(u not in SCOPES for u in unread)):
            raise _fail(path, name, f"unread lists scopes among {SCOPES}")
        cases.append(
            ReadingCase(
                problem=problem,
                name=name,
                file=path,
                description=str(raw.get("description", "")),
                seed=raw.get("seed"),
                text=raw.get("text"),
                make=raw.get("make"),
                expect=tuple(expect),
                unread=tuple(unread) if unread is not None else None,
                could_not_check=tuple(raw.get("could_not_check") or ()),
            )
        )
    return cases


def case_files() -> list[Path]:
    return sorted(CASES_DIR.glob("*.yml"))


def all_cases() -> list[ReadingCase]:
    return [case for path in case_files() for case in load_case_file(path)]


# --- makers: files built at test time ---------------------------------------------------------------


def _corpus(name: str) -> Path:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"corpus file {name} not available")
    return path


def scanned_pages(spec: dict[str, Any], tmp: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A corpus PDF with the given pages replaced by scans in which nothing can be recognised (an
    overexposed, washed-out picture): no text layer, and OCR finds no text either."""
    import pymupdf

    source = pymupdf.open(_corpus(spec["corpus"]))
    doc = pymupdf.open()
    doc.insert_pdf(source)
    for number in spec["pages"]:
        rect = source[number - 1].rect
        picture = pymupdf.Pixmap(pymupdf.csGRAY, pymupdf.IRect(0, 0, 120, 170), False)
        picture.clear_with(235)
        doc.delete_page(number - 1)
        page = doc.new_page(pno=number - 1, width=rect.width, height=rect.height)
        page.insert_image(page.rect, pixmap=picture)
    path = tmp / "scanned.pdf"
    doc.save(path)
    return path


def ocr_doubt(spec: dict[str, Any], tmp: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A corpus PDF with the given pages scanned, read by OCR, where the recogniser reads the
    figure ``printed`` as ``read`` and is unsure of the character at ``unsure``."""
    from juesuan.ingest.ocr import page as ocr_page
    from juesuan.ingest.ocr.confidence import DIGIT_CONFIDENCE
    from juesuan.ingest.ocr.engine import Reading
    from tests.ingest.ocr.make import scan_pages

    real = ocr_page.recognise

    def misreading(crop: Any) -> Reading:
        reading = real(crop)
        if reading.text == spec["printed"]:
            text = spec["read"]
            return Reading(text, tuple(DIGIT_CONFIDENCE / 2 if i == spec["unsure"] else 0.999 for i in range(len(text))))
        return reading

    monkeypatch.setattr(ocr_page, "recognise", misreading)
    return scan_pages(_corpus(spec["corpus"]), tmp / "scanned.pdf", set(spec["pages"]))


def pages_without_lines(spec: dict[str, Any], tmp: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A corpus PDF whose given pages lost their line art (a table printed without ruling lines)."""
    import pymupdf

    doc = pymupdf.open(_corpus(spec["corpus"]))
    for number in spec["pages"]:
        page = doc[number - 1]
        page.add_redact_annot(page.rect)
        page.apply_redactions(images=pymupdf.PDF_REDACT_IMAGE_NONE, graphics=pymupdf.PDF_REDACT_LINE_ART_REMOVE_IF_TOUCHED, text=pymupdf.PDF_REDACT_TEXT_NONE)
    path = tmp / "unruled.pdf"
    doc.save(path)
    return path


def crowded_page(spec: dict[str, Any], tmp: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A corpus PDF whose given page draws more than the reader examines (the limit that keeps a
    drawing bomb in check is reached there)."""
    from juesuan.ingest.pdf import document, reader

    original = document.page_rules

    def crowded(page: Any, content: document.PageContent | None = None) -> tuple[list[document.Segment], bool]:
        if content is not None and content.number in spec["pages"]:
            return [], True
        return original(page, content)

    monkeypatch.setattr(reader, "page_rules", crowded)
    return _corpus(spec["corpus"])


def broken_page(spec: dict[str, Any], tmp: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A corpus PDF whose given page cannot be read (PyMuPDF fails on it)."""
    from juesuan.ingest.pdf import document, reader

    original = document.page_words

    def failing(page: Any, number: int) -> document.PageContent:
        if number in spec["pages"]:
            return document.PageContent(number=number, width=page.rect.width, height=page.rect.height, error="页面对象已损坏")
        return original(page, number)

    monkeypatch.setattr(reader, "page_words", failing)
    return _corpus(spec["corpus"])


def workbook(spec: dict[str, Any], tmp: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workbook of the given sheets (rows of cell texts); ``rows_limit`` lowers the reader's row
    limit; ``damaged`` cuts the XML of that sheet after its given row (a damaged part)."""
    import zipfile

    import openpyxl

    from juesuan.ingest.excel import reader as excel_reader

    if "rows_limit" in spec:
        monkeypatch.setattr(excel_reader, "MAX_ROWS", spec["rows_limit"])
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in spec["sheets"].items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
    path = tmp / "book.xlsx"
    wb.save(path)
    damaged = spec.get("damaged")
    if damaged:
        sheet_index = list(spec["sheets"]).index(damaged["sheet"]) + 1
        part = f"xl/worksheets/sheet{sheet_index}.xml"
        with zipfile.ZipFile(path) as book:
            parts = {n: book.read(n) for n in book.namelist()}
        xml = parts[part].decode("utf-8")
        cut = xml.index(f'<row r="{damaged["after"] + 1}"')
        parts[part] = (xml[:cut] + '<row r="x"><c r="A"><v>1<').encode("utf-8")
        with zipfile.ZipFile(path, "w") as book:
            for name, data in parts.items():
                book.writestr(name, data)
    return path


def damaged_bytes(spec: dict[str, Any], tmp: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The seed saved in ``encoding`` — or, with ``suffix: .html``, the made-up department's web
    page written by ``juesuan render`` — with the byte after ``after`` on each given line replaced
    by ``byte`` (hex): a byte damaged in transit."""
    if spec.get("suffix") == ".html":
        from juesuan import api

        made_up = Path(__file__).resolve().parents[1] / "fixtures" / "render" / "made_up_department.yaml"
        text = api.render_document(api.build_view(api.load_input(made_up)), "html").decode("utf-8")
    else:
        text = edited_seed({}, "damaged_bytes")
    lines = text.split("\n")
    damage = {}
    for d in spec.get("damage", []):  # by line number, or the first line holding ``after`` (line: first)
        number = int(d["line"]) if d["line"] != "first" else next(i for i, ln in enumerate(lines, start=1) if str(d["after"]) in ln)
        damage[number] = d
    data = []
    for number, line in enumerate(lines, start=1):
        raw = line.encode(spec["encoding"])
        if number in damage:
            after = str(damage[number]["after"]).encode(spec["encoding"])
            at = raw.index(after) + len(after)
            raw = raw[:at] + bytes.fromhex(str(damage[number]["byte"])) + raw[at + 1 :]
        data.append(raw)
    path = tmp / f"damaged{spec.get('suffix', '.txt')}"
    path.write_bytes(b"\n".join(data))
    return path


def long_table(spec: dict[str, Any], tmp: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The seed with the row on ``line`` repeated ``copies`` times, read with the row limit per
    table lowered to ``rows_limit`` (the limit that keeps a 400,000-row table in check)."""
    from juesuan.ingest.common import block

    monkeypatch.setattr(block, "MAX_ROWS_PER_TABLE", int(spec["rows_limit"]))
    lines = edited_seed({}, "long_table").split("\n")
    at = int(spec["line"]) - 1
    lines[at:at] = [lines[at]] * int(spec["copies"])
    path = tmp / "long.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


MAKERS = {f.__name__: f for f in (long_table, scanned_pages, ocr_doubt, pages_without_lines, crowded_page, broken_page, workbook, damaged_bytes)}


# --- running and comparing --------------------------------------------------------------------------


def run_case(case: ReadingCase, tmp: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[ReadResult, CheckReport]:
    if case.make is not None:
        (maker, spec), = case.make.items()
        path = MAKERS[maker](spec, tmp, monkeypatch)
    else:
        path = tmp / "case.txt"
        path.write_text(case.text if case.text is not None else edited_seed(case.seed or {}, case.id), encoding="utf-8")
    result = read(path)
    return result, check_report(result, source=str(path))


def compare(case: ReadingCase, result: ReadResult, report: CheckReport) -> list[str]:
    problems = []
    findings = [f for f in result.findings if f.rule_id == case.problem]
    left = list(findings)
    for expected in case.expect:
        for _ in range(expected.count):
            hit = next((f for f in left if expected.matches(f)), None)
            if hit is None:
                problems.append(f"missing: {expected}")
            else:
                left.remove(hit)
    problems.extend(f"unexpected: {f.severity.value} {f.locations[:1]} {f.message}" for f in left)
    in_check = {(f.rule_id, f.message) for f in report.findings}
    problems.extend(f"not in the check report: {f.message}" for f in findings if (f.rule_id, f.message) not in in_check)
    records = [u for u in result.report.unread if u.problem == case.problem]
    if case.unread is not None and tuple(u.scope.value for u in records) != case.unread:
        problems.append(f"unread records: expected {list(case.unread)}, got {[u.scope.value for u in records]}")
    outcomes = {o.rule_id: o for o in report.outcomes}
    for rule_id in case.could_not_check:
        outcome = outcomes.get(rule_id)
        if outcome is None or outcome.status is not RuleStatus.COULD_NOT_CHECK or not outcome.unread:
            problems.append(f"{rule_id}: expected could-not-check naming what was not read, got {outcome}")
    for finding in findings:
        if not re.search(r"[\u4e00-\u9fff]", finding.message) or re.search(r"[{}]|\bNone\b", finding.message):
            problems.append(f"message is not a finished Chinese text: {finding.message}")
    return problems
