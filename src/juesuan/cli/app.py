"""The typer application."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from juesuan import api
from juesuan.diagnostics import Finding, ReadError, Severity

app = typer.Typer(
    name="juesuan",
    help="juesuan（决算）：读取、审核、生成部门决算。Read, check and write 部门决算 documents.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[bold red]错误[/]：{message}")
    return typer.Exit(code)


def _print_reading(findings: list[Finding]) -> None:
    for finding in findings:
        where = ", ".join(loc_text(loc) for loc in finding.locations[:3])
        style = {"error": "red", "warning": "yellow", "info": "cyan"}[finding.severity.value]
        err.print(f"[{style}]{finding.severity.label}[/] {finding.rule_id} {finding.message}" + (f"（{where}）" if where else ""))


def loc_text(loc: object) -> str:
    line = getattr(loc, "line", None)
    page = getattr(loc, "page", None)
    if line is not None:
        return f"第{line}行"
    if page is not None:
        return f"第{page}页"
    return ""


@app.command("parse")
def parse_command(
    file: Annotated[Path, typer.Argument(help="要读取的部门决算文件：文本（.txt/.md）、PDF、Excel（.xlsx/.xls）、Word（.docx）、网页（.html）或 juesuan 的 .json/.yaml")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="输出文件；不指定则输出到屏幕")] = None,
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help="json（默认）、yaml 或 cells（长表 CSV）；不指定时按输出文件扩展名判断"),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="不显示读取提示")] = False,
) -> None:
    """读取一份部门决算，写出规范的 JSON/YAML 或长表 CSV（cells）。"""
    chosen = fmt or _format_for(output)
    if chosen not in api.FORMATS:
        raise fail(f"不支持的输出格式“{chosen}”，可选：{'、'.join(api.FORMATS)}")
    try:
        result = api.load(file)
    except ReadError as exc:
        raise fail(f"{exc.path}：{exc.problem}") from None
    if not quiet:
        _print_reading([f for f in result.findings if f.severity != Severity.INFO])
    errors = result.errors
    if errors:
        raise fail(f"{file}：读取时发现 {len(errors)} 处无法处理的问题（见上），未写出任何文件")
    text = api.serialize(result.report, chosen)
    if output is None:
        sys.stdout.write(text)
        return
    api.write_atomic(output, text)
    if not quiet:
        report = result.report
        err.print(
            f"已写出 {output}：{report.metadata.department or '（未识别单位）'} {report.metadata.year or ''} 年度，"
            f"{len(report.tables)} 张决算表，{len(report.projects)} 张项目自评表，{len(report.whole)} 张整体自评表"
        )


def _format_for(output: Path | None) -> str:
    if output is None:
        return "json"
    suffix = output.suffix.lower()
    return {".yaml": "yaml", ".yml": "yaml", ".csv": "cells"}.get(suffix, "json")


@app.command("check")
def check_command(
    files: Annotated[list[Path], typer.Argument(help="要审核的部门决算文件（可以多个）")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text（默认）、json、markdown 或 html")] = "text",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="输出文件；不指定则输出到屏幕")] = None,
    profile: Annotated[str, typer.Option("--profile", "-p", help="auto（默认，自动识别）、liaoning、shanghai、central 或 university")] = "auto",
    config: Annotated[Path | None, typer.Option("--config", "-c", help="配置文件（默认读取当前目录下的 juesuan.toml）")] = None,
    select: Annotated[str, typer.Option("--select", help="只运行这些规则（编号、名称或类别，逗号分隔，如 TB,XT02）")] = "",
    ignore: Annotated[str, typer.Option("--ignore", help="不运行这些规则（同上）")] = "",
    no_info: Annotated[bool, typer.Option("--no-info", help="文本输出中不列提示（尾差等）")] = False,
) -> None:
    """审核部门决算：表内、表间、文表、科目、三公、绩效、一致性、完整性。

    退出码：0 没有错误；1 有错误；2 文件无法读取或参数有误。
    """
    from juesuan.check import profile_names

    if fmt not in api.CHECK_FORMATS:
        raise fail(f"不支持的输出格式“{fmt}”，可选：{'、'.join(api.CHECK_FORMATS)}")
    if profile != "auto" and profile not in profile_names():
        raise fail(f"没有名为“{profile}”的版式，可选：auto、{'、'.join(profile_names())}")
    try:
        cfg = api.load_config(config)
    except ReadError as exc:
        raise fail(f"{exc.path}：{exc.problem}") from None
    if select or ignore:
        cfg.select = tuple(filter(None, (cfg.select or ()) + tuple(x.strip() for x in select.split(","))))
        cfg.ignore = tuple(filter(None, (cfg.ignore or ()) + tuple(x.strip() for x in ignore.split(","))))
    results = []
    unreadable = False
    for file in files:
        try:
            result = api.load(file)
        except ReadError as exc:
            err.print(f"[bold red]错误[/]：{exc.path}：{exc.problem}")
            unreadable = True
            continue
        if result.errors:
            _print_reading(result.errors)
            err.print(f"[bold red]错误[/]：{file}：读取时发现 {len(result.errors)} 处无法处理的问题，未审核")
            unreadable = True
            continue
        results.append((result, api.check_report(result, profile, cfg, source=str(file))))
    if results:
        if fmt == "text" and no_info:
            from juesuan.render.findings import findings_text

            text = "\n".join(findings_text(c, show_info=False) for _, c in results)
        else:
            text = api.render_findings(results, fmt)
        if output is None:
            sys.stdout.write(text)
        else:
            api.write_atomic(output, text)
            err.print(f"已写出 {output}")
    if unreadable:
        raise typer.Exit(2)
    if any(c.has_errors for _, c in results):
        raise typer.Exit(1)


@app.command("rules")
def rules_command(
    rule_id: Annotated[str | None, typer.Argument(help="规则编号或名称；不指定则列出全部规则")] = None,
    markdown: Annotated[bool, typer.Option("--markdown", help="输出 Markdown 规则说明（docs/rules.md）")] = False,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="输出文件")] = None,
) -> None:
    """列出全部审核规则，或说明一条规则。"""
    from juesuan.check import select_rules

    if markdown:
        text = api.rules_markdown()
        if output is None:
            sys.stdout.write(text)
        else:
            api.write_atomic(output, text)
        return
    rules = select_rules([rule_id]) if rule_id else select_rules()
    if not rules:
        raise fail(f"没有编号或名称为“{rule_id}”的规则（用 juesuan rules 查看全部）")
    out = Console(highlight=False, soft_wrap=True)
    if rule_id and len(rules) == 1:
        rule = rules[0]
        sections = rule.doc_sections()
        out.print(f"[bold]{rule.id}[/] {rule.title}  ({rule.name}, {rule.category.label}, 默认 {rule.severity.value})")
        if sections.get("summary"):
            out.print(sections["summary"])
        for name in ("检查内容", "为什么重要", "反例", "正例"):
            if sections.get(name):
                out.print(f"\n[bold]{name}[/]\n{sections[name]}")
        if rule.tolerance:
            out.print(f"\n[bold]尾差处理[/]\n{rule.tolerance}")
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
    text = api.report_schema()
    if output is None:
        sys.stdout.write(text)
    else:
        api.write_atomic(output, text)


from juesuan.cli import render_cmd  # noqa: E402  (registers render/template on the app above)

render_cmd.register(app)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover
        err.print("已中断")
        sys.exit(130)
