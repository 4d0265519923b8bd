"""The typer application."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

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
    err.print(f"[bold red]错误[/]：{escape(message)}")
    return typer.Exit(code)


def _print_reading(findings: list[Finding]) -> None:
    for finding in findings:
        where = ", ".join(loc_text(loc) for loc in finding.locations[:3])
        style = {"error": "red", "warning": "yellow", "info": "cyan"}[finding.severity.value]
        text = f"{finding.rule_id} {finding.message}" + (f"（{where}）" if where else "")
        err.print(f"[{style}]{finding.severity.label}[/] {escape(text)}")


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
    file: Annotated[Path, typer.Argument(help="要读取的部门决算文件（文本形式 .txt/.md，或 juesuan 的 .json/.yaml）")],
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
    # errors are shown even with --quiet: they say why nothing was written
    _print_reading([f for f in result.findings if f.severity == Severity.ERROR or (not quiet and f.severity != Severity.INFO)])
    errors = result.errors
    if errors:
        raise fail(f"{file}：读取时发现 {len(errors)} 处无法处理的问题（见上），未写出任何文件")
    text = api.serialize(result.report, chosen)
    if output is None:
        sys.stdout.write(text)
        return
    try:
        api.write_atomic(output, text)
    except OSError as exc:
        raise fail(f"{output}：无法写出（{exc.strerror or exc}）") from None
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


@app.command("schema")
def schema_command(
    output: Annotated[Path | None, typer.Option("-o", "--output", help="输出文件；不指定则输出到屏幕")] = None,
) -> None:
    """输出规范报告文件（JSON/YAML）的 JSON Schema。"""
    text = api.report_schema()
    if output is None:
        sys.stdout.write(text)
    else:
        try:
            api.write_atomic(output, text)
        except OSError as exc:
            raise fail(f"{output}：无法写出（{exc.strerror or exc}）") from None


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
