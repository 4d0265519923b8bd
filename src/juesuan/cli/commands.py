"""The commands on one document — ``parse``, ``check``, ``profiles``, ``rules``, ``schema`` — which
the installed program can run without typer.

Typer describes their command line, from the annotations here, as for every other command; but
these annotations are strings (``from __future__ import annotations``), evaluated by typer when it
builds the command line (:mod:`juesuan.cli.app` lends this module the name ``typer`` then), so
that importing this module loads no typer. :mod:`juesuan.cli.fast` parses an ordinary command line for these commands
from a table generated from what typer builds (:mod:`juesuan.cli.fast_table`) and calls the same
functions; anything else goes through typer. So nothing here may import typer at run time: a
command ends with ``raise SystemExit(code)`` or ``raise fail(…)``.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

from juesuan.cli.common import err, escape, fail, new_console, os_problem, print_reading, stderr_console, write_output

if TYPE_CHECKING:
    import typer
    from rich.console import Console

    from juesuan.batch import CheckOptions, DocumentOutcome, Sink
    from juesuan.check import Config

__all__ = ["COMMANDS", "ONE_DOCUMENT_COMMANDS"]


def parse_command(
    file: Annotated[Path, typer.Argument(help="要读取的部门决算文件：文本（.txt/.md）、PDF（扫描页用 OCR 识别）、Excel（.xlsx/.xls）、Word（.docx）、网页（.html）、图片（.jpg/.png/.tif，OCR 识别）或 juesuan 的 .json/.yaml")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="输出文件；不指定则输出到屏幕")] = None,
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help="json（默认）、yaml 或 cells（长表 CSV）；不指定时按输出文件扩展名判断"),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="不显示读取提示")] = False,
) -> None:
    """读取一份部门决算，写出规范的 JSON/YAML 或长表 CSV（cells）。

    读不了的单元格、行、表或页逐一报告，并在输出中记为未读取，其余照常写出。
    退出码：0 读取完毕；1 有部分内容无法读取（已写出）；2 文件读不了或参数有误。
    """
    from juesuan import api
    from juesuan.diagnostics import ReadError, Severity

    chosen = fmt or _format_for(output)
    if chosen not in api.FORMATS:
        raise fail(f"不支持的输出格式“{chosen}”，可选：{'、'.join(api.FORMATS)}")
    try:
        result = api.load(file)
    except ReadError as exc:
        raise fail(f"{exc.path}：{exc.problem}") from None
    # errors are shown even with --quiet: they say which parts the output lacks
    print_reading([f for f in result.findings if f.severity == Severity.ERROR or (not quiet and f.severity != Severity.INFO)])
    write_output(output, api.serialize(result.report, chosen))
    report = result.report
    if output is not None and not quiet:
        err.print(
            f"已写出 {output}：{report.metadata.department or '（未识别单位）'} {report.metadata.year or ''} 年度，"
            f"{len(report.tables)} 张决算表，{len(report.projects)} 张项目自评表，{len(report.whole)} 张整体自评表"
        )
    if report.unread:
        err.print(f"[yellow]注意[/]：{escape(str(file))}：有 {len(report.unread)} 处内容未能读取（见上），已在输出中记为未读取（unread）")
    if result.errors:
        raise SystemExit(1)


def _format_for(output: Path | None) -> str:
    if output is None:
        return "json"
    suffix = output.suffix.lower()
    return {".yaml": "yaml", ".yml": "yaml", ".csv": "cells"}.get(suffix, "json")


def check_command(
    files: Annotated[list[Path], typer.Argument(help="要审核的部门决算文件（可以多个），或包含这些文件的文件夹")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text（默认）、json、markdown 或 html")] = "text",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="输出文件；不指定则输出到屏幕")] = None,
    profile: Annotated[
        str, typer.Option("--profile", "-p", help="auto（默认，自动识别）、版式名（liaoning、shanghai、central、university 或自加的），或版式文件 .toml")
    ] = "auto",
    config: Annotated[Path | None, typer.Option("--config", "-c", help="配置文件（默认读取当前目录下的 juesuan.toml）")] = None,
    catalogue: Annotated[
        Path | None, typer.Option("--catalogue", help="《政府收支分类科目》目录（juesuan catalogue import 写出的 .csv，或官方文件）；默认用内置的不完整目录")
    ] = None,
    select: Annotated[str, typer.Option("--select", help="只运行这些规则（编号、名称或类别，逗号分隔，如 TB,XT02）")] = "",
    ignore: Annotated[str, typer.Option("--ignore", help="不运行这些规则（同上）")] = "",
    no_info: Annotated[bool, typer.Option("--no-info", help="文本输出中不列提示（尾差等）")] = False,
    annotate: Annotated[
        Path | None,
        typer.Option("--annotate", help="写出标注了审核结果的 PDF 副本（仅限 PDF 输入）；审核多个文件时为输出文件夹"),
    ] = None,
    summary: Annotated[
        Path | None, typer.Option("--summary", help="写出汇总表（每份文档一行，边审核边写，最后一次性换上）：.csv、.json 或 .jsonl")
    ] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="并行进程数；0（默认）为每个 CPU 核一个")] = 0,
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="在 Dask 集群上审核：调度器地址，如 tcp://10.0.0.5:8786（需安装 juesuan[cluster]，各节点能以相同路径读到文件）"),
    ] = None,
    timeout: Annotated[float, typer.Option("--timeout", help="批量审核时每份文档的时间上限（秒）；0 为不限")] = 120.0,
    max_memory: Annotated[int, typer.Option("--max-memory", help="批量审核时每份文档可用的内存上限（MB）；0 为不限")] = 2048,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="显示版式识别的依据：各版式的得分和找到的线索")] = False,
    pages: Annotated[
        bool, typer.Option("--pages", help="把文件夹中的图片（JPG/PNG/TIFF/BMP）当作同一份文档的各页，按文件名中的数字排序后识别（OCR）")
    ] = False,
    findings_out: Annotated[
        Path | None,
        typer.Option("--findings", help="写出问题清单：所有文档的每个问题一行（.xlsx 或 .csv，中文表头），便于筛选和分派"),
    ] = None,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="允许输出文件覆盖要审核的文件（如 --annotate 写回原 PDF）")] = False,
) -> None:
    """审核部门决算：表内、表间、文表、科目、三公、绩效、一致性、完整性。

    可以一次审核多个文件或整个文件夹：按 CPU 核数并行（或在 Dask 集群上），显示进度，结果边审核边写出，最后列出汇总表。

    扫描件（无文本层的 PDF 页面、图片）用 OCR 识别；一起给出的多张图片（如 第1页.jpg 第2页.jpg）视为同一份文档的各页，文件夹中的图片加 --pages 亦然。

    单个文件出错（读不了、崩溃、超时、超出内存）只影响它自己的一行；文件夹中不是决算的文件列为“跳过”。

    按 Ctrl-C 会在两秒内停下，并写出已完成部分的汇总（标明未完成）。

    退出码：0 没有错误；1 有错误；2 有文件无法读取或审核失败，或参数有误；130 被中断。
    """
    from juesuan import api, batch
    from juesuan.diagnostics import ReadError

    if fmt not in api.CHECK_FORMATS:
        raise fail(f"不支持的输出格式“{fmt}”，可选：{'、'.join(api.CHECK_FORMATS)}")
    summary_fmt = summary.suffix.lower().lstrip(".") if summary is not None else ""
    if summary is not None and summary_fmt not in batch.SUMMARY_FORMATS:
        raise fail(f"汇总表“{summary}”的扩展名应为 .csv、.json 或 .jsonl")
    findings_fmt = findings_out.suffix.lower().lstrip(".") if findings_out is not None else ""
    if findings_out is not None and findings_fmt not in batch.FINDINGS_FORMATS:
        raise fail(f"问题清单“{findings_out}”的扩展名应为 .xlsx 或 .csv")
    if not overwrite:
        _refuse_overwriting_inputs(files, {"-o": output, "--annotate": annotate, "--summary": summary, "--findings": findings_out})
    try:
        cfg = api.load_config(config)
    except ReadError as exc:
        raise fail(f"{exc.path}：{exc.problem}") from None
    _check_profile(profile, cfg)
    if catalogue is not None:
        cfg.catalogue = str(catalogue)
    if cfg.catalogue:
        try:
            api.load_catalogue_edition(cfg.catalogue)
        except ReadError as exc:
            raise fail(f"{exc.path}：{exc.problem}") from None
    if select or ignore:
        from juesuan.check import unknown_rule_token

        for option, given in (("--select", select), ("--ignore", ignore)):
            for token in filter(None, (x.strip() for x in given.split(","))):
                problem = unknown_rule_token(token)
                if problem is not None:
                    raise fail(f"{option}：{problem}")
        cfg.select = tuple(filter(None, (cfg.select or ()) + tuple(x.strip() for x in select.split(","))))
        cfg.ignore = tuple(filter(None, (cfg.ignore or ()) + tuple(x.strip() for x in ignore.split(","))))
    options = batch.CheckOptions(profile, cfg, fmt, not no_info, annotate)
    document = batch.page_document(files, pages)
    if pages and document is None:
        raise fail(f"{'、'.join(str(f) for f in files)}：--pages 需要图片文件或包含图片的文件夹")
    if document is not None:  # pictures that are the pages of one document
        _check_one(document[0], options, output, summary, summary_fmt, verbose, pages=document[1], findings_out=findings_out)
        return
    if not batch.is_batch(files):
        _check_one(files[0], options, output, summary, summary_fmt, verbose, findings_out=findings_out)
        return
    gc.enable()  # a batch runs for as long as it has files
    if annotate is not None and annotate.exists() and not annotate.is_dir():
        raise fail(f"{annotate}：审核多个文件时 --annotate 应为文件夹")
    if not batch.count_inputs(files):
        raise fail(f"{'、'.join(str(f) for f in files)}：没有找到可审核的文件")
    terminal = _Terminal(new_console(highlight=False, soft_wrap=True) if fmt == "text" and output is None else err, annotate is not None, verbose)
    sinks: list[batch.Sink] = [terminal]
    if summary is not None:
        sinks.append(batch.SummaryWriter(summary, summary_fmt))
    if findings_out is not None:
        sinks.append(batch.FindingRowsWriter(findings_out, findings_fmt))
    sinks.append(batch.FindingsWriter(fmt, output, stream=terminal.stdout() if output is None else None))
    limits = batch.Limits(seconds=timeout or None, memory_mb=max_memory or None)
    try:
        result = batch.run_batch(files, sinks, options=options, workers=jobs or None, limits=limits, scheduler=scheduler)
    except OSError as exc:  # an output (summary, findings) that cannot be written
        raise fail(f"{exc.filename or ''}：无法写出：{os_problem(exc)}") from None
    except RuntimeError as exc:  # no Dask installed, or the scheduler cannot be reached
        raise fail(str(exc)) from None
    if output is not None and result.counts[batch.Status.CHECKED]:
        err.print(f"已写出 {output}")
    if summary is not None:
        err.print(f"已写出汇总表 {summary}" + ("（未完成：批量审核被中断）" if not result.complete else ""))
    if findings_out is not None:
        err.print(f"已写出问题清单 {findings_out}" + ("（未完成：批量审核被中断）" if not result.complete else ""))
    if not result.complete:
        err.print(f"[bold yellow]已中断[/]：共 {result.expected} 份，已有结果 {result.done} 份")
        raise SystemExit(130)
    if result.exit_code:
        raise SystemExit(result.exit_code)


def _refuse_overwriting_inputs(inputs: list[Path], outputs: dict[str, Path | None]) -> None:
    """An output that is one of the files being checked would destroy it: refuse unless --overwrite."""
    for option, target in outputs.items():
        if target is None or not target.is_file():
            continue
        for given in inputs:
            if given.is_file() and given.resolve() == target.resolve():
                raise fail(f"{target}：文件已存在，而且是要审核的文件，{option} 写出会覆盖它；换一个名字，或加 --overwrite 覆盖")


def _check_profile(profile: str, cfg: Config) -> None:
    """``--profile`` names a known profile or a profile file that reads; else exit 2."""
    if profile == "auto":
        return
    from juesuan import api, profiles
    from juesuan.diagnostics import ReadError

    try:
        with profiles.using(api.profile_paths(profile, cfg)) as known:
            if profiles.is_path(profile):
                profiles.load_profile(profile)
            elif profile not in known:
                raise fail(f"没有名为“{profile}”的版式，可选：auto、{'、'.join(known.names())}，或一个版式文件（.toml）")
    except ReadError as exc:
        raise fail(f"{exc.path}：{exc.problem}") from None


def _check_one(
    file: Path,
    options: CheckOptions,
    output: Path | None,
    summary: Path | None,
    summary_fmt: str,
    verbose: bool = False,
    pages: list[Path] | None = None,
    findings_out: Path | None = None,
) -> None:
    """One document (a file, or pictures that are its pages), checked in this process; the same
    outcome and summary row as in a batch."""
    from juesuan import batch

    if options.annotate is not None and not pages and file.suffix.lower() != ".pdf":
        raise fail(f"{file}：--annotate 只能用于 PDF 文件或扫描图片（在页面上标注审核结果）")
    job = batch.Job(
        index=0,
        path=str(file),
        profile=options.profile,
        config=options.config,
        fmt=options.fmt,
        show_info=options.show_info,
        annotate_to=str(options.annotate) if options.annotate is not None else "",
        keep_report=verbose or findings_out is not None,
        pages=tuple(str(p) for p in pages or ()),
    )
    outcome = batch.run_job(job)
    _report_problem(outcome, err)
    if outcome.checked:
        write_output(output, outcome.rendered + ("\n" if options.fmt == "json" else ""))
        if output is not None:
            err.print(f"已写出 {output}")
        if verbose:
            _report_detection(outcome, err)
        _report_annotation(outcome, err)
    if summary is not None:
        _write_one(batch.SummaryWriter(summary, summary_fmt), outcome, summary, "汇总表")
        err.print(f"已写出汇总表 {summary}")
    if findings_out is not None:
        rows = batch.FindingRowsWriter(findings_out, findings_out.suffix.lower().lstrip("."))
        _write_one(rows, outcome, findings_out, "问题清单")
        err.print(f"已写出问题清单 {findings_out}（{rows.count} 个问题）")
    code = 2 if outcome.counts_as_failure else 1 if outcome.has_errors else 0
    if code:
        raise SystemExit(code)


def _report_problem(outcome: DocumentOutcome, console: Console) -> None:
    if outcome.checked or not outcome.problem:
        return
    if outcome.status.value == "skipped":
        console.print(f"[yellow]跳过[/]：{escape(outcome.path)}：{escape(outcome.problem)}")
    else:
        console.print(f"[bold red]错误[/]：{escape(outcome.path)}：{escape(outcome.problem)}")


def _report_detection(outcome: DocumentOutcome, console: Console) -> None:
    """``--verbose``: the document's kind and why its profile was chosen."""
    if outcome.report is not None:
        console.print(f"{escape(outcome.path)}：{escape(outcome.report.kind)}")
        for line in outcome.report.detection:
            console.print(escape(line))


def _write_one(sink: Sink, outcome: DocumentOutcome, path: Path, what: str) -> None:
    """The one document's row(s) written through a batch sink (汇总表, 问题清单)."""
    try:
        sink.start(1)
        sink.add(outcome)
        sink.finish(True)
    except OSError as exc:
        raise fail(f"{path}：无法写出{what}：{os_problem(exc)}") from None


def _report_annotation(outcome: DocumentOutcome, console: Console) -> None:
    if outcome.annotated:
        console.print(f"已写出标注文件 {escape(outcome.annotated)}")
    elif outcome.note:
        console.print(f"[yellow]注意[/]：{escape(outcome.path)}：{escape(outcome.note)}")


class _Terminal:
    """The batch on the terminal: a progress bar on stderr, each problem as it happens, and the
    summary table at the end (for the first ``TABLE_ROWS`` documents; the summary file has all)."""

    TABLE_ROWS = 500
    wants_reading = False

    def __init__(self, table_console: Console, annotating: bool, verbose: bool = False) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.table_console = table_console
        self.annotating = annotating
        self.wants_report = verbose  # --verbose shows how each document's profile was chosen
        # no refresh thread (workers are forked from this process) and no stdout capture (the
        # findings may be going to a file through stdout)
        self.progress = Progress(
            TextColumn("审核中"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.description}"),
            console=stderr_console(),
            transient=False,
            auto_refresh=False,
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self.task = self.progress.add_task("", total=None)
        self.rows: list[tuple[int, dict[str, object]]] = []
        self.shown = 0
        self.not_pdf: list[str] = []
        self.total = 0

    def stdout(self) -> _ConsoleStream | None:
        """Where the findings go when they go to the screen: above the bar when stdout and the bar
        share a terminal, else stdout itself."""
        if sys.stdout.isatty() and err.is_terminal:
            return _ConsoleStream(self.progress.console)
        return None

    def start(self, total: int) -> None:
        self.total = total
        self.progress.update(self.task, total=total)
        self.progress.start()

    def add(self, outcome: DocumentOutcome) -> None:
        from juesuan.batch import summary_row

        console = self.progress.console
        _report_problem(outcome, console)
        if self.wants_report:
            _report_detection(outcome, console)
        if outcome.checked and self.annotating:
            if outcome.annotated or outcome.note:
                _report_annotation(outcome, console)
            elif not outcome.path.lower().endswith(".pdf"):
                self.not_pdf.append(outcome.path)
        if len(self.rows) < self.TABLE_ROWS:
            self.rows.append((outcome.index, summary_row(outcome)))
        self.shown += 1
        self.progress.update(self.task, advance=1, description=Path(outcome.path).name)
        self.progress.refresh()

    def finish(self, complete: bool) -> None:
        self.progress.stop()
        if self.not_pdf:
            err.print(f"[yellow]注意[/]：以下文件不是 PDF，未写出标注文件：{'、'.join(self.not_pdf[:20])}{' 等' if len(self.not_pdf) > 20 else ''}")
        self.rows.sort(key=lambda r: r[0])
        _print_summary([row for _, row in self.rows], self.shown, self.total, complete, self.table_console)


class _ConsoleStream:
    """A file-like object that prints through a rich console (above a live progress bar)."""

    def __init__(self, console: Console) -> None:
        self.console = console

    def write(self, text: str) -> int:
        self.console.out(text, end="", highlight=False)
        return len(text)

    def flush(self) -> None:
        self.console.file.flush()


def _print_summary(rows: list[dict[str, object]], shown: int, total: int, complete: bool, console: Console) -> None:
    """One row per document: file, department, year, profile and the counts, or why it was not checked."""
    from rich.table import Table as RichTable

    table = RichTable(title="审核汇总", title_justify="left")
    for header in ("文件", "单位"):  # names wrap, never cut with an ellipsis
        table.add_column(header, overflow="fold", ratio=1)
    for header in ("年度", "版式", "错误", "警告", "提示"):
        table.add_column(header, no_wrap=True)
    names = [Path(str(row["file"])).name for row in rows]
    short = len(set(names)) == len(names)  # file names alone when they tell the documents apart
    labels = {"unreadable": ("red", "无法读取"), "failed": ("red", "审核失败"), "skipped": ("yellow", "跳过"), "interrupted": ("yellow", "已中断")}
    counts: dict[str, int] = {}
    for row, base in zip(rows, names, strict=True):
        name = base if short else str(row["file"])
        status = str(row["status"])
        counts[status] = counts.get(status, 0) + 1
        if status != "checked":
            color, label = labels.get(status, ("red", status))
            table.add_row(escape(name), f"[{color}]{label}：{escape(str(row['problem']))}[/]", "", "", "", "", "")
            continue
        errors = int(row["errors"] or 0)  # type: ignore[call-overload]
        warnings = int(row["warnings"] or 0)  # type: ignore[call-overload]
        table.add_row(
            escape(name),
            escape(str(row["department"] or "（未识别）")),
            str(row["year"] or ""),
            str(row["profile"]),
            f"[red]{errors}[/]" if errors else "0",
            f"[yellow]{warnings}[/]" if warnings else "0",
            str(row["infos"]),
        )
    parts = [f"共 {total} 份"]
    parts += [f"{label} {counts[key]} 份" for key, (_, label) in labels.items() if counts.get(key)]
    if shown > len(rows):
        parts.append(f"表中只列前 {len(rows)} 份，全部结果见 --summary 汇总表")
    if not complete:
        parts.append(f"已中断：{shown} 份有结果，其余未审核")
    table.caption = "，".join(parts)
    console.print(table)


def profiles_command(
    config: Annotated[Path | None, typer.Option("--config", "-c", help="配置文件（默认读取当前目录下的 juesuan.toml）")] = None,
) -> None:
    """列出已知的版式（内置的、JUESUAN_PROFILES 和 juesuan.toml 中 profiles 指定的）及其识别线索。"""
    from juesuan import api
    from juesuan.diagnostics import ReadError

    try:
        rows = api.profile_table(api.load_config(config))
    except ReadError as exc:
        raise fail(f"{exc.path}：{exc.problem}") from None
    out = new_console(highlight=False, soft_wrap=True)
    for row in rows:
        extra = "；可生成文档" if row["writer"] else ""
        fallback = "；无线索时默认" if row["fallback"] else ""
        out.print(f"[bold]{escape(str(row['name']))}[/]  {escape(str(row['title']))}（{row['tables']} 张表{extra}{fallback}）  {escape(str(row['file']))}")
        clues = row["clues"]
        if isinstance(clues, list) and clues:
            out.print("  识别线索：" + escape("；".join(str(c) for c in clues)))


def rules_command(
    rule_id: Annotated[str | None, typer.Argument(help="规则编号或名称；不指定则列出全部规则")] = None,
    markdown: Annotated[bool, typer.Option("--markdown", help="输出 Markdown 规则说明（docs/rules.md）")] = False,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="输出文件")] = None,
) -> None:
    """列出全部审核规则和读取问题（RD），或说明其中一条。"""
    from juesuan import api

    if markdown:
        write_output(output, api.rules_markdown())
        return
    rules = api.catalogue_entries(rule_id)
    if not rules:
        raise fail(f"没有编号或名称为“{rule_id}”的规则（用 juesuan rules 查看全部）")
    out = new_console(highlight=False, soft_wrap=True)
    if rule_id and len(rules) == 1:
        rule = rules[0]
        out.print(f"[bold]{rule.id}[/] {rule.title}  （{rule.name}，{rule.category.label}，默认级别：{rule.severity.label}）")
        for heading, text in api.rule_sections(rule):
            out.print(f"\n[bold]{heading}[/]\n{text}" if heading else text)
        return
    from rich.table import Table as RichTable

    table = RichTable("编号", "名称", "类别", "级别", "标题")
    for rule in rules:
        table.add_row(rule.id, rule.name, rule.category.label, rule.severity.label, rule.title)
    out.print(table)


def schema_command(
    output: Annotated[Path | None, typer.Option("-o", "--output", help="输出文件；不指定则输出到屏幕")] = None,
) -> None:
    """输出规范报告文件（JSON/YAML）的 JSON Schema。"""
    from juesuan import api

    write_output(output, api.report_schema())


#: the commands, in the order of `juesuan --help`
COMMANDS: dict[str, Callable[..., None]] = {"parse": parse_command, "check": check_command, "profiles": profiles_command, "rules": rules_command, "schema": schema_command}

#: The commands that handle one document (or none) and end: the installed program runs them with
#: Python's cyclic garbage collector off and without Pydantic's plugins (see
#: :func:`juesuan.cli.program.entry`); every other command, and a batch, turns the collector back on.
ONE_DOCUMENT_COMMANDS = frozenset(COMMANDS)
