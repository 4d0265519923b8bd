"""Orchestration (layer 3): the few calls the front ends need.

Reading (``load``, ``serialize``, ``report_schema``), checking (``check_report``, ``check_file``,
``render_findings``, ``rules_markdown``), layout profiles (``profile_paths``, ``profile_table``), writing the document (``load_input``, ``build_view``,
``render_document``, ``render_outputs``, ``write_template``), findings on the page
(``annotate_pdf``), and ``write_atomic``/``write_atomic_bytes``, through which every output is written.
The store (``open_store``, ``store_document``, ``record_unreadable``) keeps many documents.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from juesuan.check import Config, check, load_config
from juesuan.check.engine import SECTION_NAMES, Rule, all_rules
from juesuan.diagnostics import Category, CheckReport, Finding, Location, ReadError
from juesuan.ingest import ReadResult, read
from juesuan.ingest.problems import ReadingProblem, all_problems
from juesuan.lazy import lazy_names
from juesuan.profiles import FEATURES, is_path, using
from juesuan.record import Record

# The writers (and YAML, Jinja) load only when a function that writes is called: `check` needs none
# of them. MissingData and FontMissing are looked up on first use (``__getattr__`` below).
if TYPE_CHECKING:
    from juesuan.model.codes import Catalogue
    from juesuan.model.inputs import DocumentInput
    from juesuan.model.report import Report
    from juesuan.narrative.claims import Claims
    from juesuan.render.build import Missing, MissingData
    from juesuan.render.validate import Problem
    from juesuan.render.view import Document
    from juesuan.render.writers.pdf import FontMissing
    from juesuan.store import Saved, Store

__all__ = [
    "CHECK_FORMATS",
    "FORMATS",
    "RENDER_FORMATS",
    "Rendered",
    "FontMissing",
    "MissingData",
    "ReadError",
    "StoredDocument",
    "annotate_pages",
    "annotate_pdf",
    "build_view",
    "catalogue_entries",
    "is_path",
    "check_file",
    "check_report",
    "load",
    "load_config",
    "load_input",
    "load_pages",
    "narrative_claims",
    "open_store",
    "pages_pdf",
    "record_unreadable",
    "render_check_reports",
    "profile_paths",
    "profile_table",
    "reading_errors",
    "render_document",
    "render_findings",
    "render_outputs",
    "render_problems",
    "template_from",
    "writer_profile_for",
    "import_catalogue",
    "load_catalogue_edition",
    "render_profiles",
    "report_schema",
    "rule_sections",
    "rules_markdown",
    "serialize",
    "store_document",
    "write_atomic",
    "write_atomic_bytes",
    "write_template",
]

FORMATS = ("json", "yaml", "cells")
CHECK_FORMATS = ("text", "json", "markdown", "html")


__getattr__ = lazy_names(__name__, {"MissingData": "juesuan.render.build", "FontMissing": "juesuan.render.writers.pdf"})


def render_profiles() -> list[str]:
    """The profiles the writer can print (those whose file has a ``[writer]`` part)."""
    from juesuan.render.profile import writable

    return writable()


def load(path: str | Path, profiles: Iterable[str | Path] = ()) -> ReadResult:
    """Read a 部门决算 document (any supported format, or a canonical JSON/YAML file). ``profiles``
    (the user's profile files or folders) join the built-in ones while it is read: their table
    titles are known and their clues take part in choosing the layout."""
    with using(profiles):
        return read(path)


def profile_paths(profile: str, config: Config) -> tuple[str, ...]:
    """The user's profile files for one run: ``juesuan.toml``'s ``profiles`` and a ``--profile``
    that names a file."""
    return (*config.profiles, *((profile,) if is_path(profile) else ()))


def profile_table(config: Config | None = None) -> list[dict[str, object]]:
    """Every profile known (built-in, ``JUESUAN_PROFILES``, ``juesuan.toml``): name, title, file,
    whether juesuan can write it, its tables and its detection clues."""
    with using(config.profiles if config is not None else ()) as known:
        return [
            {
                "name": p.name,
                "title": p.title,
                "file": p.source or "（内置）",
                "writer": p.writer is not None,
                "tables": len(p.tables),
                "clues": [f"{c.describe()} {c.weight:+d}" for c in p.detect.clues],
                "fallback": p.detect.fallback,
            }
            for p in known
        ]


def load_pages(paths: list[Path], label: str | Path | None = None, profiles: Iterable[str | Path] = ()) -> ReadResult:
    """Read pictures (scanned pages) as the pages of one document, in the order given
    (``profiles`` as for :func:`load`)."""
    from juesuan.ingest import read_pages

    with using(profiles):
        return read_pages(paths, label=str(label) if label is not None else None)


def serialize(report: Report, fmt: str) -> str:
    """The report as ``json``/``yaml`` (canonical, loads back equal) or ``cells`` (CSV)."""
    if fmt == "cells":
        from juesuan.render.cells import cells_csv

        return cells_csv(report)
    if fmt in ("json", "yaml"):
        from juesuan.ingest.canonical import dump_canonical

        return dump_canonical(report, fmt)
    raise ValueError(f"unknown format {fmt!r}")


def report_schema() -> str:
    """The JSON Schema of the canonical report files."""
    import json  # here, as tempfile in write_atomic_bytes: a check to the screen needs neither

    from juesuan.model.report import Report

    schema = Report.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "juesuan 部门决算报告 (canonical report file)"
    return json.dumps(schema, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def write_atomic(path: str | Path, text: str) -> None:
    """Write ``text`` to ``path`` all at once: a half-written file is never left behind."""
    write_atomic_bytes(path, text.encode("utf-8"))


def reading_errors(result: ReadResult) -> list[Finding]:
    """The error-level reading findings (the document is still checked; see ``Report.unread``)."""
    return result.errors


def check_report(result: ReadResult, profile: str = "auto", config: Config | None = None, source: str = "") -> CheckReport:
    """Check a report that has been read; the reading findings are part of the result."""
    return check(result.report, None if profile == "auto" else profile, config, source=source, reading_findings=result.findings)


def check_file(path: str | Path, profile: str = "auto", config_path: str | Path | None = None) -> tuple[ReadResult, CheckReport]:
    """Read and check one file. Raises :class:`ReadError` when it cannot be read."""
    config = load_config(config_path)
    result = load(path, profile_paths(profile, config))
    return result, check_report(result, profile, config, source=str(path))


def render_findings(
    results: list[tuple[ReadResult, CheckReport]], fmt: str, *, show_info: bool = True, pages: list[Path] | None = None, prefix: str = ""
) -> str:
    """The check reports in one of :data:`CHECK_FORMATS` (``show_info=False``: text without the
    hints). The HTML page shows scanned pages with their findings boxed; ``pages``: the pictures a
    single report was read from."""
    from juesuan.render.findings import findings_html, findings_json, findings_markdown, findings_text

    if fmt == "json":
        return findings_json([c for _, c in results])
    if fmt == "markdown":
        return "\n".join(findings_markdown(c) for _, c in results)
    if fmt == "html":
        return "\n".join(findings_html(c, r.report, _scan_pictures(r, c, pages), prefix=prefix) for r, c in results)
    return "\n".join(findings_text(c, show_info=show_info) for _, c in results)


#: A catalogue entry: a rule of the checker, or a reading problem (RD) of the readers.
Entry = type[Rule] | type[ReadingProblem]


def catalogue_entries(token: str | None = None) -> list[Entry]:
    """The rules and the reading problems, by id order; with ``token`` those it names (an id such
    as ``TB01``/``RD02``, a bundle such as ``TB``/``RD``, a dotted name or its prefix, a category)."""
    from juesuan.check import select_rules

    rules: list[Entry] = list(select_rules([token]) if token else select_rules())
    problems: list[Entry] = [p for p in all_problems() if token is None or _names(p, token)]
    return sorted(rules + problems, key=lambda e: e.id)


def _names(entry: Entry, token: str) -> bool:
    token = token.strip()
    return token.upper() in {entry.id, "RD"} or token in {entry.name, entry.category.value} or entry.name.startswith(token + ".")


def _scan_pictures(result: ReadResult, check: CheckReport, pages: list[Path] | None) -> list[tuple[int, bytes]]:
    """The scanned pages of a document as pictures with its findings boxed (none for typeset documents)."""
    from juesuan.render.annotate import page_pictures, scanned_pages

    numbers = scanned_pages(check)
    if not numbers:
        return []
    source: str | Path | bytes = result.report.metadata.source_file
    if pages or result.report.metadata.source_format == "image":
        from juesuan.ingest.ocr.files import images_pdf

        source, _ = images_pdf(pages or [Path(result.report.metadata.source_file)])
    try:
        return page_pictures(source, check, numbers)
    except Exception:  # a file moved or changed since it was read: the report goes without pictures
        return []


def render_check_reports(reports: list[CheckReport], fmt: str, *, show_info: bool = True) -> str:
    """Check reports without their reading (kept in the store) as ``text``, ``json`` or ``markdown``."""
    from juesuan.render.findings import findings_json, findings_markdown, findings_text

    if fmt == "json":
        return findings_json(reports)
    if fmt == "markdown":
        return "\n".join(findings_markdown(c) for c in reports)
    return "\n".join(findings_text(c, show_info=show_info) for c in reports)


def rules_markdown() -> str:
    """The rule reference (docs/rules.md), generated from the registry and the reading catalogue."""
    lines = [
        "# 审核规则一览（juesuan rules）",
        "",
        "本文件由 `juesuan rules --markdown` 从规则注册表和读取问题目录生成，请勿手工修改。",
        "",
        "每条规则的结论为：通过、未通过（报告了错误或警告）、不适用、无法检查。金额比较均按印刷精度视为区间：",
        "只有区间内任何取值都不能使等式成立时才报错误；能用四舍五入解释的差额报“尾差”提示。",
        "",
        "读取问题（RD）是读取时发现的、文档中读不了的部分：一个单元格、几行、一张表或一页。它们与规则的结果",
        "一起列出；用到读不了的部分的规则结论为“无法检查”并指出是哪一部分，其余规则照常审核。",
        "",
        "| 编号 | 名称 | 类别 | 默认级别 | 标题 |",
        "|---|---|---|---|---|",
    ]
    entries = catalogue_entries()
    for entry in entries:
        lines.append(
            f"| [{entry.id}](#{entry.id.lower()}) | `{entry.name}` | {entry.category.label} | {entry.severity.value} | {entry.title} |"
        )
    lines.append("")
    for entry in entries:
        lines.extend(_rule_section(entry))
    return "\n".join(lines) + "\n"


def rule_sections(rule: Entry) -> list[tuple[str, str]]:
    """A rule's (or reading problem's) documentation as ``(heading, text)`` in reading order: its
    summary (heading ""), the named sections of its docstring (检查内容, 为什么重要, 反例, 正例),
    then 尾差处理 or, for a reading problem, what it leaves unread; empty ones left out."""
    sections = rule.doc_sections()
    pairs = [("", sections.get("summary", "")), *((name, sections.get(name, "")) for name in SECTION_NAMES), ("尾差处理", rule.tolerance)]
    if issubclass(rule, ReadingProblem):
        pairs.append(("未能读取的范围", _SCOPE_TEXT.get(rule.scope.value if rule.scope else "", "不影响审核（仅作说明）")))
    return [(heading, text) for heading, text in pairs if text]


_SCOPE_TEXT = {
    "cell": "一个单元格：用到它的等式无法检查。",
    "rows": "表格（或自评表）的若干行：跨行的合计、顺序和覆盖无法检查；单行的核对照常进行。",
    "table": "整张表：用到该表的规则无法检查，该表不算“缺少”。",
    "region": "一页、工作表的一部分或文件末尾之后的内容：找不到的表和说明部分不算“缺少”，相关规则无法检查。",
}


def _rule_section(rule: Entry) -> list[str]:
    out = [f"## {rule.id}", "", f"**{rule.title}** · `{rule.name}` · {rule.category.label} · 默认级别 {rule.severity.value}", ""]
    for heading, text in rule_sections(rule):
        out.extend([f"**{heading}**", "", text, ""] if heading else [text, ""])
    if rule.requires:
        out.extend([f"适用于版式文件中 `{rule.requires} = true` 的版式（{FEATURES[rule.requires]}）。", ""])
    return out


# ---- writing the document (issue 4) ---------------------------------------------------------------

RENDER_FORMATS = ("md", "html", "docx", "xlsx", "pdf")


def write_atomic_bytes(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` all at once: written to a temporary file beside it, then renamed."""
    import tempfile

    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".juesuan-", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_input(path: str | Path) -> DocumentInput:
    """The writer's input from DATA: a filled template workbook (.xlsx, told from a published
    workbook by its sheets), a writer-input file or a template-as-YAML file (.yaml/.json), or any
    document ``juesuan parse`` reads (derived)."""
    from pydantic import ValidationError

    from juesuan.ingest.common.mapping import input_error, screen_input

    try:
        doc = _load_input(Path(path))
    except ValidationError as exc:
        raise input_error(str(path), exc) from exc
    screen_input(doc, str(path))  # the same screening whatever the input was: no control characters
    return doc


def _load_input(p: Path) -> DocumentInput:
    suffix = p.suffix.lower()
    if suffix in (".xlsx", ".xlsm") and p.is_file():
        # a fill-in workbook, or the nine tables as published (read like any document below)
        from juesuan.ingest.excel import is_template_workbook

        if is_template_workbook(p):
            from juesuan.ingest.template import read_template

            return read_template(p)
    if suffix in (".json", ".yaml", ".yml") and p.is_file():
        data = _load_mapping(p)
        if isinstance(data, dict) and "sheets" in data:
            from juesuan.ingest.template import read_sheets

            return read_sheets(data, str(p))
        if isinstance(data, dict) and "department" in data and "metadata" not in data:
            from pydantic import ValidationError

            from juesuan.model.inputs import DocumentInput

            try:
                return DocumentInput.model_validate(data)
            except ValidationError as exc:
                first = exc.errors()[0]
                where = ".".join(str(x) for x in first["loc"])
                raise ReadError(str(p), f"不是有效的生成输入：{where}：{first['msg']}（共 {exc.error_count()} 处）") from exc
    result = read(p)
    if result.report.unread:
        # the checker can work around what was not read; the writer would print it as zero
        parts = "；".join(u.message for u in result.report.unread[:5])
        more = f"等 {len(result.report.unread)} 处" if len(result.report.unread) > 5 else ""
        raise ReadError(str(p), f"有部分内容未能读取，不能据此生成文档：{parts}{more}")
    from juesuan.render.derive import derive_input

    return derive_input(result.report)


def _load_mapping(p: Path) -> object:
    from juesuan.ingest.common.container import check_size
    from juesuan.ingest.common.mapping import load_mapping

    kind = "JSON" if p.suffix.lower() == ".json" else "YAML"
    check_size(p, 20 * 1024 * 1024, kind)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReadError(str(p), f"无法读取（{str(exc).splitlines()[0]}）") from exc
    return load_mapping(text, kind, str(p))


def build_view(doc: DocumentInput, profile: str = "liaoning") -> Document:
    """The view-model of the whole document; raises :class:`MissingData` listing what is missing."""
    from juesuan.render.build import build_document
    from juesuan.render.profile import load_profile

    return build_document(doc, load_profile(profile))


def render_document(view: Document, fmt: str) -> bytes:
    """One output format of a built document, as bytes."""
    if fmt == "md":
        from juesuan.render.writers.markdown import write_markdown

        return write_markdown(view).encode("utf-8")
    if fmt == "html":
        from juesuan.render.writers.html import write_html

        return write_html(view).encode("utf-8")
    if fmt == "docx":
        from juesuan.render.writers.docx import write_docx

        return write_docx(view)
    if fmt == "xlsx":
        from juesuan.render.writers.xlsx import write_xlsx

        return write_xlsx(view)
    if fmt == "pdf":
        from juesuan.render.writers.pdf import write_pdf

        return write_pdf(view)
    raise ValueError(f"unknown output format {fmt!r}")


def render_outputs(
    data: str | Path, formats: list[str], output: str | Path, profile: str = "liaoning", *, force: bool = False,
    catalogue: str | Path | None = None,
) -> Rendered:
    """Render DATA to each format. With one format ``output`` is the file; with several it is a
    directory that receives ``document.<ext>``. Every output is produced before any is written.

    The data is validated first (:func:`render_problems`): a problem raises
    :class:`~juesuan.render.validate.InvalidData` naming the cells to fix, unless ``force`` —
    then every page of every output is marked 草稿. Missing required content raises
    :class:`MissingData`, unless ``force`` — then the 草稿 carries a 【待补充：…】 placeholder
    naming the template cell at each place (:func:`~juesuan.render.build.build_draft`) and
    :attr:`Rendered.missing` lists them. ``catalogue`` is an edition of 《政府收支分类科目》
    (:func:`load_catalogue_edition`) the template's codes are named from and the document checked with."""
    import dataclasses

    from juesuan.classification import using_catalogue
    from juesuan.render.build import PLACEHOLDER_MARK, build_draft
    from juesuan.render.profile import load_profile
    from juesuan.render.validate import InvalidData

    missing: list[Missing] = []
    with using_catalogue(load_catalogue_edition(catalogue) if catalogue else None):
        doc = load_input(data)
        profile = writer_profile_for(doc, profile)
        if force:
            view, missing = build_draft(doc, load_profile(profile))
        else:
            view = build_view(doc, profile)
        # checked as the document it stands for (no 草稿 line read as its cover); the draft's own
        # 【待补充】 placeholders are the missing items, listed once as such, not again as errors
        problems = [p for p in render_problems(doc, dataclasses.replace(view, draft=False), profile) if PLACEHOLDER_MARK not in p.what]
    if problems and not force:
        raise InvalidData(problems)
    if problems:
        view = dataclasses.replace(view, draft=True)
    produced = {fmt: render_document(view, fmt) for fmt in formats}
    out = Path(output)
    targets = dict.fromkeys(formats, out) if len(formats) == 1 else {fmt: out / f"document.{fmt}" for fmt in formats}
    for fmt, blob in produced.items():
        write_atomic_bytes(targets[fmt], blob)
    return Rendered(list(targets.values()), problems, missing)


@dataclass(frozen=True, repr=False)
class Rendered(Record):
    """What ``render`` wrote, and the problems and missing content it was forced past (a draft
    when there are any: each missing item is a 【待补充：…】 placeholder in the text)."""

    paths: list[Path]
    problems: list[Problem]
    missing: list[Missing] = field(default_factory=list)


def render_problems(doc: DocumentInput, view: Document, profile: str = "liaoning") -> list[Problem]:
    """Why the document made from ``doc`` may not be published: the layout's 绩效 policy
    (weights, full marks) and the checker's errors on the generated document itself, each with
    the cells to fix (template cells when the data came from a template)."""
    from juesuan.classification import default_catalogue
    from juesuan.diagnostics import Severity
    from juesuan.ingest.text import parse_text
    from juesuan.render.profile import load_profile as writer_profile
    from juesuan.render.validate import Problem, policy_problems
    from juesuan.render.writers.markdown import write_markdown

    problems = policy_problems(doc, writer_profile(profile).policy)
    result = parse_text(write_markdown(view), "生成的文档.md", default_catalogue())
    checked = check(result.report, profile)
    places = _document_places(doc)
    # the checker's own 绩效 findings on a form the policy already refused say the same again
    refused = {p.subject for p in problems if p.subject}
    findings = [
        f for f in checked.findings
        if not f.waived and not (f.category == Category.PERFORMANCE and any(name in f.message for name in refused))
    ]  # fmt: skip
    by_id = {f.id: f for f in findings if f.id}
    for finding in findings:
        if finding.culprit is not None:
            # the culprit search named the figure to fix: one problem, at that one cell, for the
            # errors it explains
            explained = [by_id[c] for c in finding.consequences if c in by_id and by_id[c].severity == Severity.ERROR]
            if not explained:
                continue
            suspects = [finding.culprit.location] if finding.culprit.location is not None else [
                s.location for group in finding.culprit.candidates for s in group
            ]  # fmt: skip
            cells = _location_cells(doc, [loc for loc in suspects if loc is not None], places)
            rules = "、".join(dict.fromkeys(f"{f.rule_id} {_rule_title(f.rule_id)}".strip() for f in explained))
            caused = "；".join(f"{f.rule_id} {f.message}" for f in explained)
            problems.append(Problem(f"{finding.message}（{caused}）", cells, rules))
            continue
        if finding.severity != Severity.ERROR:
            continue
        if finding.consequence_of is not None and finding.consequence_of in by_id:
            continue  # told under its culprit
        cells = _location_cells(doc, list(finding.locations), places)
        problems.append(Problem(finding.message, cells, f"{finding.rule_id} {_rule_title(finding.rule_id)}".strip()))
    return problems


def _rule_title(rule_id: str) -> str:
    rule = next((r for r in all_rules() if r.id == rule_id), None)
    return str(getattr(rule, "title", "")) if rule is not None else ""


def _document_places(doc: DocumentInput) -> dict[str, str]:
    """"表|行|列" → the place in the source document (for data not read from a template)."""
    from juesuan.model.cells import report_cells
    from juesuan.model.report import Report

    out: dict[str, str] = {}
    for cell in report_cells(Report(tables=doc.tables)):
        if cell.source.line is None and cell.source.page is None and cell.source.sheet is None:
            continue
        for row in (cell.row_code, cell.row_label):
            if row:
                out.setdefault(f"{cell.table}|{row}|{cell.column}", cell.source.short())
                out.setdefault(f"{cell.table}|{row}|", cell.source.short())
    return out


def _location_cells(doc: DocumentInput, locations: list[Location], places: dict[str, str]) -> tuple[str, ...]:
    """The cells places of the generated document come from: every template cell they are
    computed from, or the source document's places."""
    found: list[str] = []
    for loc in locations:
        if not loc.table:
            continue
        for key in (f"{loc.table}|{loc.row or ''}|{loc.column or ''}", f"{loc.table}|{loc.row or ''}|"):
            if key in doc.cells:
                found.extend(doc.cells[key])
                break
            if key in places:
                found.append(places[key])
                break
    return tuple(dict.fromkeys(found))


def writer_profile_for(doc: DocumentInput, profile: str = "auto") -> str:
    """The layout to write ``doc`` in: ``profile`` unless it is ``auto`` — then the family the data
    was read in (a Shanghai document is written in the Shanghai layout), or liaoning."""
    if profile not in ("", "auto"):
        return profile
    return doc.family if doc.family in render_profiles() else "liaoning"


def template_from(source: str | Path, output: str | Path, profile: str = "auto") -> tuple[Path, DocumentInput]:
    """The fill-in workbook filled from any readable document (or data file): last year's totals
    from its year-on-year sentences, every 项 with its 年初预算 and reasons, the 绩效 forms."""
    from juesuan.ingest.template.fill import filled_template
    from juesuan.render.profile import load_profile as writer_profile

    doc = load_input(source)
    layout = writer_profile_for(doc, profile)
    policy = writer_profile(layout).policy
    write_atomic_bytes(output, filled_template(doc, policy, _layout_name(layout)))
    return Path(output), doc


def _layout_name(profile: str) -> str:
    """What 基本信息“版式” records for ``profile``: its name when it is a known profile, blank for
    a profile file given by path (``render --profile`` names it again)."""
    from juesuan.profiles import profile_names

    return profile if profile in profile_names() else ""


def load_catalogue_edition(path: str | Path) -> Catalogue:
    """An edition of 《政府收支分类科目》: the CSV ``juesuan catalogue import`` writes, or the
    official XLSX/XLS/DOCX/PDF itself. Raises :class:`ReadError` with a Chinese message."""
    from juesuan.classification.official import CatalogueError, load_edition

    try:
        return load_edition(path)
    except CatalogueError as exc:
        raise ReadError(str(path), str(exc)) from exc


def import_catalogue(source: str | Path, output: str | Path, year: int | None = None) -> Catalogue:
    """Read the official 《政府收支分类科目》 (XLSX/XLS/DOCX/PDF) and write it as an edition CSV."""
    from juesuan.classification.official import CatalogueError, edition_csv, import_official

    try:
        catalogue = import_official(source, year)
    except CatalogueError as exc:
        raise ReadError(str(source), str(exc)) from exc
    write_atomic(output, edition_csv(catalogue))
    return catalogue


def write_template(output: str | Path, profile: str = "liaoning") -> Path:
    """The fill-in workbook (部门决算填报模板.xlsx), its instructions giving the 绩效 scoring
    policy of ``profile`` (the layout the document will be written in)."""
    from juesuan.ingest.template import template_workbook
    from juesuan.render.profile import load_profile as writer_profile

    write_atomic_bytes(output, template_workbook(policy=writer_profile(profile).policy, layout=_layout_name(profile)))
    return Path(output)


# ---- findings on the page (issue 5) ---------------------------------------------------------------


def annotate_pdf(pdf: str | Path, report: CheckReport, output: str | Path) -> Path:
    """Write a copy of ``pdf`` with each finding of ``report`` highlighted on its page and its
    message as a note (written atomically). Raises :class:`ReadError` for a file that is not a PDF."""
    from juesuan.render.annotate import annotate_pdf as _annotate

    if Path(pdf).suffix.lower() != ".pdf":
        raise ReadError(str(pdf), "只能为 PDF 文件标注审核结果（--annotate 需要 PDF 输入）")
    try:
        data = _annotate(pdf, report)
    except ReadError:
        raise
    except Exception as exc:  # PyMuPDF's own error types
        raise ReadError(str(pdf), f"无法在 PDF 上标注审核结果（{str(exc)[:120]}）") from exc
    write_atomic_bytes(output, data)
    return Path(output)


def pages_pdf(paths: list[Path]) -> bytes:
    """The pictures read as one document (scanned pages) as the PDF their findings' boxes are
    measured on: a page per picture, as the reader made it."""
    from juesuan.ingest.ocr.files import images_pdf

    data, _ = images_pdf(paths)
    return data


def annotate_pages(paths: list[Path], report: CheckReport, output: str | Path) -> Path:
    """Write the pictures read as one document as a PDF, a page per picture, with each finding
    of ``report`` drawn on its page (as :func:`annotate_pdf` does for a PDF)."""
    from juesuan.ingest.ocr.files import images_pdf
    from juesuan.render.annotate import annotate_pdf as _annotate

    data, _ = images_pdf(paths)
    try:
        marked = _annotate(data, report)
    except Exception as exc:  # PyMuPDF's own error types
        raise ReadError(str(paths[0]), f"无法标注审核结果（{str(exc)[:120]}）") from exc
    write_atomic_bytes(output, marked)
    return Path(output)


# ---- the store of many documents (issue 12) -------------------------------------------------------


def open_store(db: str | None = None) -> Store:
    """The store named by ``db`` (a file or a URL), ``JUESUAN_DB``, or ``juesuan.db`` here; created
    or upgraded on open. Raises :class:`juesuan.store.StoreError` with a Chinese message."""
    from juesuan.store import open_store as _open

    return _open(db)


def narrative_claims(report: Report, profile: str = "auto") -> Claims:
    """What the narrative claims (amounts, shares, changes, rates, 类/款/项), as the checker reads it.
    The one place that says where claims come from, so that moving them is a one-line change."""
    from juesuan.check import detect_profile, load_profile
    from juesuan.narrative.claims import collect_claims

    chosen = detect_profile(report) if profile in ("", "auto") else load_profile(profile)
    return collect_claims(report, chosen.subject_aliases)


@dataclass(frozen=True, repr=False)
class StoredDocument(Record):
    """What storing one document did: the version written (``saved.status`` new / version / same),
    its check with the other documents of the store, and how many stored documents were checked
    again because this one arrived (next year's report, the 部门决算 the unit belongs to)."""

    saved: Saved
    check: CheckReport
    rechecked: int = 0


def store_document(
    store: Store,
    *,
    path: str,
    sha256: str,
    size: int,
    result: ReadResult,
    checked: CheckReport,
    config: Config | None = None,
    actor: str = "",
    region: str = "",
) -> StoredDocument:
    """Store one read and checked document in one transaction: the cross-document rules run with
    the store as their history, the document becomes a new version (the same bytes again change
    nothing), and the stored documents that compare with it are checked again. This is the step a
    batch's sink calls for each result; nothing is half-written if it fails or is interrupted."""
    from juesuan.check import cross_check
    from juesuan.store.claims import claim_rows
    from juesuan.store.history import dependents, load_check, load_report
    from juesuan.store.write import Incoming, add_check_run, save_version

    with store.transaction() as session:
        history = store.history(session)
        full = cross_check(result.report, checked, history, config)
        claims = tuple(claim_rows(narrative_claims(result.report, checked.profile or "auto")))
        saved = save_version(session, Incoming(path=path, sha256=sha256, size=size, report=result.report, check=full, claims=claims, actor=actor, region=region))
        rechecked = 0
        if saved.status != "same":
            for version_id in dependents(session, saved.version_id):
                old = load_check(session, version_id)
                if old is None:
                    continue
                new = cross_check(load_report(session, version_id), old, history, config)
                if _cross_results(new) != _cross_results(old):
                    add_check_run(session, version_id, new, reason="recheck", actor=actor)
                    rechecked += 1
    return StoredDocument(saved=saved, check=full, rechecked=rechecked)


def _cross_results(report: CheckReport) -> tuple[object, ...]:
    """What the cross-document rules concluded (to add a check run only when it changed)."""
    from juesuan.diagnostics import Category

    ids = {rule.id for rule in all_rules() if rule.category is Category.CROSS_DOCUMENT}
    return (
        tuple((o.rule_id, o.status, o.reason) for o in report.outcomes if o.rule_id in ids),
        tuple((f.rule_id, f.severity, f.message, f.waived) for f in report.findings if f.rule_id in ids),
    )


def record_unreadable(store: Store, *, path: str, sha256: str, size: int, problem: str, actor: str = "") -> None:
    """Remember in the store a file that could not be read (it is tried again at the next import)."""
    from juesuan.store.write import record_unreadable as _record

    with store.transaction() as session:
        _record(session, path=path, sha256=sha256, size=size, problem=problem, actor=actor)
