"""The typer application."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from juesuan import api, batch
from juesuan.check import Config
from juesuan.diagnostics import Finding, Location, ReadError, Severity

app = typer.Typer(
    name="juesuan",
    help="juesuan（决算）：读取、审核、生成部门决算。Read, check and write 部门决算 documents.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[bold red]错误[/]：{escape(message)}")
    return typer.Exit(code)


def write_output(output: Path | None, text: str, what: str = "") -> None:
    """``text`` on stdout, or written to ``output`` all at once; an output that cannot be written
    ends the command with exit code 2 (``what`` names it in the message, e.g. 汇总表)."""
    if output is None:
        sys.stdout.write(text)
        return
    try:
        api.write_atomic(output, text)
    except OSError as exc:
        raise fail(f"{output}：无法写出{what}（{exc.strerror or exc}）") from None


def _print_reading(findings: Iterable[Finding]) -> None:
    for finding in findings:
        where = ", ".join(loc_text(loc) for loc in finding.locations[:3])
        style = {"error": "red", "warning": "yellow", "info": "cyan"}[finding.severity.value]
        text = f"{finding.rule_id} {finding.message}" + (f"（{where}）" if where else "")
        err.print(f"[{style}]{finding.severity.label}[/] {escape(text)}")


def loc_text(loc: Location) -> str:
    if loc.line is not None:
        return f"第{loc.line}行"
    if loc.page is not None:
        return f"第{loc.page}页"
    return ""


@app.command("parse")
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
    chosen = fmt or _format_for(output)
    if chosen not in api.FORMATS:
        raise fail(f"不支持的输出格式“{chosen}”，可选：{'、'.join(api.FORMATS)}")
    try:
        result = api.load(file)
    except ReadError as exc:
        raise fail(f"{exc.path}：{exc.problem}") from None
    # errors are shown even with --quiet: they say which parts the output lacks
    _print_reading([f for f in result.findings if f.severity == Severity.ERROR or (not quiet and f.severity != Severity.INFO)])
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
        raise typer.Exit(1)


def _format_for(output: Path | None) -> str:
    if output is None:
        return "json"
    suffix = output.suffix.lower()
    return {".yaml": "yaml", ".yml": "yaml", ".csv": "cells"}.get(suffix, "json")


@app.command("check")
def check_command(
    files: Annotated[list[Path], typer.Argument(help="要审核的部门决算文件（可以多个），或包含这些文件的文件夹")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text（默认）、json、markdown 或 html")] = "text",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="输出文件；不指定则输出到屏幕")] = None,
    profile: Annotated[
        str, typer.Option("--profile", "-p", help="auto（默认，自动识别）、版式名（liaoning、shanghai、central、university 或自加的），或版式文件 .toml")
    ] = "auto",
    config: Annotated[Path | None, typer.Option("--config", "-c", help="配置文件（默认读取当前目录下的 juesuan.toml）")] = None,
    select: Annotated[str, typer.Option("--select", help="只运行这些规则（编号、名称或类别，逗号分隔，如 TB,XT02）")] = "",
    ignore: Annotated[str, typer.Option("--ignore", help="不运行这些规则（同上）")] = "",
    no_info: Annotated[bool, typer.Option("--no-info", help="文本输出中不列提示（尾差等）")] = False,
    annotate: Annotated[
        Path | None,
        typer.Option("--annotate", help="写出标注了审核结果的 PDF 副本（仅限 PDF 输入）；审核多个文件时为输出文件夹"),
    ] = None,
    summary: Annotated[Path | None, typer.Option("--summary", help="写出汇总表（每份文档一行）：.csv 或 .json")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="并行进程数；0（默认）为每个 CPU 核一个")] = 0,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="显示版式识别的依据：各版式的得分和找到的线索")] = False,
    pages: Annotated[
        bool, typer.Option("--pages", help="把文件夹中的图片（JPG/PNG/TIFF/BMP）当作同一份文档的各页，按文件名中的数字排序后识别（OCR）")
    ] = False,
) -> None:
    """审核部门决算：表内、表间、文表、科目、三公、绩效、一致性、完整性。

    可以一次审核多个文件或整个文件夹：按 CPU 核数并行，显示进度，最后列出汇总表。
    扫描件（无文本层的 PDF 页面、图片）用 OCR 识别；一起给出的多张图片（如 第1页.jpg 第2页.jpg）
    视为同一份文档的各页，文件夹中的图片加 --pages 亦然。
    退出码：0 没有错误；1 有错误；2 有文件无法读取或参数有误。
    """
    if fmt not in api.CHECK_FORMATS:
        raise fail(f"不支持的输出格式“{fmt}”，可选：{'、'.join(api.CHECK_FORMATS)}")
    summary_fmt = summary.suffix.lower().lstrip(".") if summary is not None else ""
    if summary is not None and summary_fmt not in ("csv", "json"):
        raise fail(f"汇总表“{summary}”的扩展名应为 .csv 或 .json")
    try:
        cfg = api.load_config(config)
    except ReadError as exc:
        raise fail(f"{exc.path}：{exc.problem}") from None
    _check_profile(profile, cfg)
    if select or ignore:
        cfg.select = tuple(filter(None, (cfg.select or ()) + tuple(x.strip() for x in select.split(","))))
        cfg.ignore = tuple(filter(None, (cfg.ignore or ()) + tuple(x.strip() for x in ignore.split(","))))
    document = batch.page_document(files, pages)
    if pages and document is None:
        raise fail(f"{'、'.join(str(f) for f in files)}：--pages 需要图片文件或包含图片的文件夹")
    inputs, many = ([document[0]], False) if document is not None else batch.expand_inputs(files)
    if not inputs:
        raise fail(f"{'、'.join(str(f) for f in files)}：没有找到可审核的文件")
    if annotate is not None:
        if not many and document is None and inputs[0].suffix.lower() != ".pdf":
            raise fail(f"{inputs[0]}：--annotate 只能用于 PDF 文件或扫描图片（在页面上标注审核结果）")
        if many and annotate.exists() and not annotate.is_dir():
            raise fail(f"{annotate}：审核多个文件时 --annotate 应为文件夹")
    targets = batch.annotation_targets(inputs, annotate, many)
    if many:
        outcomes = _run_batch(inputs, profile, cfg, fmt, not no_info, targets, jobs)
    else:
        outcomes = batch.check_documents(
            inputs, profile=profile, config=cfg, fmt=fmt, show_info=not no_info, annotate_to=targets, pages=document[1] if document else None
        )
    for outcome in outcomes:
        if outcome.report is None:
            _print_reading(outcome.reading)
            err.print(f"[bold red]错误[/]：{outcome.path}：{outcome.problem}")
    checked = [o for o in outcomes if o.report is not None]
    if checked:
        if fmt == "json":
            from juesuan.render.findings import findings_json

            text = findings_json([o.report for o in checked if o.report is not None])
        else:
            text = "\n".join(o.rendered for o in checked)
        write_output(output, text)
        if output is not None:
            err.print(f"已写出 {output}")
    if verbose:
        for outcome in checked:
            if outcome.report is not None:
                err.print(f"{escape(outcome.path)}：{escape(outcome.report.kind)}")
                for line in outcome.report.detection:
                    err.print(escape(line))
    for outcome in checked:
        if outcome.annotated:
            err.print(f"已写出标注文件 {outcome.annotated}")
        elif outcome.note:
            err.print(f"[yellow]注意[/]：{outcome.path}：{outcome.note}")
    if many and annotate is not None:
        skipped = [o.path for o in checked if not o.annotated and not o.note and not o.path.lower().endswith(".pdf")]
        if skipped:
            err.print(f"[yellow]注意[/]：以下文件不是 PDF，未写出标注文件：{'、'.join(skipped)}")
    if many:
        _print_summary(outcomes, Console(highlight=False, soft_wrap=True) if fmt == "text" and output is None else err)
    if summary is not None:
        write_output(summary, batch.summary_text(outcomes, summary_fmt), "汇总表")
        err.print(f"已写出汇总表 {summary}")
    code = batch.exit_code(outcomes)
    if code:
        raise typer.Exit(code)


def _check_profile(profile: str, cfg: Config) -> None:
    """``--profile`` names a known profile or a profile file that reads; else exit 2."""
    if profile == "auto":
        return
    from juesuan import profiles

    try:
        with profiles.using(api.profile_paths(profile, cfg)) as known:
            if profiles.is_path(profile):
                profiles.load_profile(profile)
            elif profile not in known:
                raise fail(f"没有名为“{profile}”的版式，可选：auto、{'、'.join(known.names())}，或一个版式文件（.toml）")
    except ReadError as exc:
        raise fail(f"{exc.path}：{exc.problem}") from None


def _run_batch(
    inputs: list[Path], profile: str, cfg: Config, fmt: str, show_info: bool, targets: list[str], jobs: int
) -> list[batch.DocumentOutcome]:
    """Check many files on all cores with a progress bar on stderr."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    progress = Progress(
        TextColumn("审核中"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=err,
        transient=False,
    )
    with progress:
        task = progress.add_task("", total=len(inputs))

        def done(outcome: batch.DocumentOutcome) -> None:
            progress.update(task, advance=1, description=Path(outcome.path).name)

        return batch.check_documents(
            inputs,
            profile=profile,
            config=cfg,
            fmt=fmt,
            show_info=show_info,
            annotate_to=targets,
            workers=jobs or None,
            on_done=done,
        )


def _print_summary(outcomes: list[batch.DocumentOutcome], console: Console) -> None:
    """One row per document: file, department, year, profile and the counts, or why it was not read."""
    from rich.table import Table as RichTable

    table = RichTable("文件", "单位", "年度", "版式", "错误", "警告", "提示", title="审核汇总", title_justify="left")
    rows = batch.summary_rows(outcomes)
    names = [Path(str(row["file"])).name for row in rows]
    short = len(set(names)) == len(names)  # file names alone when they tell the documents apart
    for row, base in zip(rows, names, strict=True):
        name = base if short else str(row["file"])
        if row["read_error"]:
            table.add_row(name, f"[red]无法读取：{row['read_error']}[/]", "", "", "", "", "")
            continue
        errors = int(row["errors"] or 0)  # type: ignore[call-overload]
        warnings = int(row["warnings"] or 0)  # type: ignore[call-overload]
        table.add_row(
            name,
            str(row["department"] or "（未识别）"),
            str(row["year"] or ""),
            str(row["profile"]),
            f"[red]{errors}[/]" if errors else "0",
            f"[yellow]{warnings}[/]" if warnings else "0",
            str(row["infos"]),
        )
    unreadable = sum(1 for r in rows if r["read_error"])
    table.caption = f"共 {len(rows)} 份，无法读取 {unreadable} 份" if unreadable else f"共 {len(rows)} 份"
    console.print(table)


@app.command("profiles")
def profiles_command(
    config: Annotated[Path | None, typer.Option("--config", "-c", help="配置文件（默认读取当前目录下的 juesuan.toml）")] = None,
) -> None:
    """列出已知的版式（内置的、JUESUAN_PROFILES 和 juesuan.toml 中 profiles 指定的）及其识别线索。"""
    try:
        rows = api.profile_table(api.load_config(config))
    except ReadError as exc:
        raise fail(f"{exc.path}：{exc.problem}") from None
    out = Console(highlight=False, soft_wrap=True)
    for row in rows:
        extra = "；可生成文档" if row["writer"] else ""
        fallback = "；无线索时默认" if row["fallback"] else ""
        out.print(f"[bold]{escape(str(row['name']))}[/]  {escape(str(row['title']))}（{row['tables']} 张表{extra}{fallback}）  {escape(str(row['file']))}")
        clues = row["clues"]
        if isinstance(clues, list) and clues:
            out.print("  识别线索：" + escape("；".join(str(c) for c in clues)))


@app.command("rules")
def rules_command(
    rule_id: Annotated[str | None, typer.Argument(help="规则编号或名称；不指定则列出全部规则")] = None,
    markdown: Annotated[bool, typer.Option("--markdown", help="输出 Markdown 规则说明（docs/rules.md）")] = False,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="输出文件")] = None,
) -> None:
    """列出全部审核规则和读取问题（RD），或说明其中一条。"""
    if markdown:
        write_output(output, api.rules_markdown())
        return
    rules = api.catalogue_entries(rule_id)
    if not rules:
        raise fail(f"没有编号或名称为“{rule_id}”的规则（用 juesuan rules 查看全部）")
    out = Console(highlight=False, soft_wrap=True)
    if rule_id and len(rules) == 1:
        rule = rules[0]
        out.print(f"[bold]{rule.id}[/] {rule.title}  ({rule.name}, {rule.category.label}, 默认 {rule.severity.value})")
        for heading, text in api.rule_sections(rule):
            out.print(f"\n[bold]{heading}[/]\n{text}" if heading else text)
        return
    from rich.table import Table as RichTable

    table = RichTable("编号", "名称", "类别", "级别", "标题")
    for rule in rules:
        table.add_row(rule.id, rule.name, rule.category.label, rule.severity.value, rule.title)
    out.print(table)


@app.command("schema")
def schema_command(
    output: Annotated[Path | None, typer.Option("-o", "--output", help="输出文件；不指定则输出到屏幕")] = None,
) -> None:
    """输出规范报告文件（JSON/YAML）的 JSON Schema。"""
    write_output(output, api.report_schema())


from juesuan.cli import render_cmd, store_cmd  # noqa: E402  (register their commands on the app above)

render_cmd.register(app)
store_cmd.register(app)


def main() -> None:
    """The ``juesuan`` command. Exit codes: 0 done, 2 bad input or usage, 3 a defect in juesuan.

    A defect is reported in one Chinese line instead of a traceback; ``JUESUAN_DEBUG=1`` shows it.
    """
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover
        err.print("已中断")
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("JUESUAN_DEBUG"):
            raise
        err.print(f"[bold red]内部错误[/]：{escape(type(exc).__name__)}：{escape(str(exc))}（这是 juesuan 的缺陷，请连同输入文件一起报告；设置 JUESUAN_DEBUG=1 可看到详细信息）")
        sys.exit(3)
