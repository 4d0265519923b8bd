"""``juesuan import`` and ``juesuan db``: keep many documents in a store, and compare them.

The store is ``juesuan.db`` in the current folder unless ``--db`` (a file or a URL such as
``postgresql://user@host/db``) or ``JUESUAN_DB`` names another; it is created on first use.
"""

import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from juesuan.cli.chinese import ChineseGroup
from juesuan.cli.common import err, escape, fail, lazy_module, new_console, os_problem

api = lazy_module("juesuan.api")  # loaded when a command runs, not for `juesuan --help`

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table as RichTable

    from juesuan.imports import ImportOutcome
    from juesuan.store import Store

__all__ = ["register"]

DB_HELP = "文档库：文件名（SQLite，默认当前文件夹下的 juesuan.db，或环境变量 JUESUAN_DB）或数据库地址，如 postgresql://用户@主机/库"
KINDS = ("部门决算", "单位决算")

db_app = typer.Typer(
    name="db",
    help="查询文档库：部门与年度、按问题排名、跨部门跨年度比较、导出问题和数字。",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    cls=ChineseGroup,
)


def _open(db: str | None) -> "Store":
    from juesuan.store import StoreError

    try:
        return api.open_store(db)
    except StoreError as exc:
        raise fail(str(exc)) from None


def _kind(kind: str | None) -> str | None:
    if kind is not None and kind not in KINDS:
        raise fail(f"文档类型应为{'或'.join(KINDS)}，不是“{kind}”")
    return kind


def _money(value: Decimal | None) -> str:
    return "" if value is None else f"{value:,}"


def _out() -> "Console":
    return new_console(highlight=False, soft_wrap=True)


def _table(*headers: str, **options: Any) -> "RichTable":
    from rich.table import Table as RichTable

    return RichTable(*headers, **options)


# ---- import ---------------------------------------------------------------------------------------

_STATUS = {"new": "新增", "version": "新版本", "same": "已在库中", "unreadable": "无法读取"}


def import_command(
    paths: Annotated[list[Path], typer.Argument(help="要导入的文件、文件夹或 zip 压缩包（可以多个）")],
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
    profile: Annotated[str, typer.Option("--profile", "-p", help="auto（默认，自动识别）、liaoning、shanghai、central 或 university")] = "auto",
    config: Annotated[Path | None, typer.Option("--config", "-c", help="配置文件（默认读取当前目录下的 juesuan.toml）")] = None,
    region: Annotated[str, typer.Option("--region", help="单位名称中没有地区时归入的地区，如 辽宁省朝阳市")] = "",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="不显示进度和逐份结果")] = False,
) -> None:
    """把部门决算导入文档库：读取、审核并保存每一份文档（含表格数字、情况说明、绩效自评表和审核结果）。

    同一文件再次导入不会重复保存；文件改动后再导入会保存为新版本，旧版本保留。每份文档单独提交，
    中断（Ctrl-C 或进程被终止）后再次运行同一命令，会跳过已导入的文件，从中断处继续。
    导入上年决算或所属单位的单位决算后，库中相关文档的跨文档审核（KW 规则）会自动重新进行。
    """
    from juesuan.check import profile_names
    from juesuan.imports import default_actor, expand_imports, import_documents

    if profile != "auto" and profile not in profile_names():
        raise fail(f"没有名为“{profile}”的版式，可选：auto、{'、'.join(profile_names())}")
    try:
        cfg = api.load_config(config)
    except api.ReadError as exc:
        raise fail(f"{exc.path}：{exc.problem}") from None
    items, problems = expand_imports(paths)
    for path, problem in problems:
        err.print(f"[bold red]错误[/]：{escape(path)}：{escape(problem)}")
    if not items:
        raise fail(f"{'、'.join(str(p) for p in paths)}：没有找到可导入的文件")
    store = _open(db)
    outcomes: list[ImportOutcome] = []
    started = time.perf_counter()
    try:
        run = import_documents(store, items, profile=profile, config=cfg, actor=default_actor(), region=region)
        if quiet:
            outcomes.extend(run)
        else:
            _with_progress(run, len(items), outcomes)
    except KeyboardInterrupt:
        done = sum(1 for o in outcomes if o.status in ("new", "version"))
        err.print(f"[yellow]已中断[/]：本次已导入 {done} 份，每份都已完整保存；再次运行同一命令会跳过已导入的文件，从中断处继续。")
        raise typer.Exit(130) from None
    finally:
        store.close()
    _import_summary(outcomes, problems, store.where, time.perf_counter() - started, quiet)
    if problems or any(o.status == "unreadable" for o in outcomes):
        raise typer.Exit(2)


def _with_progress(run: object, total: int, outcomes: "list[ImportOutcome]") -> None:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    progress = Progress(TextColumn("导入中"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TextColumn("{task.description}"), console=err)
    with progress:
        task = progress.add_task("", total=total)
        for outcome in run:  # type: ignore[attr-defined]
            outcomes.append(outcome)
            label = _STATUS.get(outcome.status, outcome.status)
            progress.update(task, advance=1, description=f"{Path(outcome.path).name}：{label}")
            if outcome.status == "unreadable":
                progress.console.print(f"[red]无法读取[/] {escape(outcome.path)}：{escape(outcome.problem)}")


def _import_summary(outcomes: "list[ImportOutcome]", problems: list[tuple[str, str]], where: str, seconds: float, quiet: bool) -> None:
    counts = {key: sum(1 for o in outcomes if o.status == key) for key in _STATUS}
    rechecked = sum(o.rechecked for o in outcomes)
    parts = [f"{label} {counts[key]} 份" for key, label in _STATUS.items() if counts[key] or key in ("new",)]
    if problems:
        parts.append(f"打不开 {len(problems)} 个")
    message = f"已导入到 {where}：{'，'.join(parts)}"
    if rechecked:
        message += f"；因新导入的文档重新审核了库中 {rechecked} 份"
    stored = counts["new"] + counts["version"]
    if stored:
        message += f"（{seconds:.1f} 秒，每份 {seconds / max(1, len(outcomes)):.2f} 秒）"
    err.print(message + "。")
    if quiet:
        for o in outcomes:
            if o.status == "unreadable":
                err.print(f"[red]无法读取[/] {escape(o.path)}：{escape(o.problem)}")


# ---- db list / show / compare / export ------------------------------------------------------------


@db_app.command("list")
def list_command(
    region: Annotated[str | None, typer.Option("--region", help="只看这个地区（及其下级地区），如 辽宁省朝阳市")] = None,
    year: Annotated[int | None, typer.Option("--year", help="给出年度时，列出该年度的文档并按问题多少排名")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="部门决算 或 单位决算")] = None,
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
) -> None:
    """列出库中的部门（单位）；给出 --year 时，按错误、警告多少列出该年度的全部文档。"""
    kind = _kind(kind)
    with _open(db) as store:
        if year is None:
            rows = store.departments(region)
            table = _table("编号", "部门（单位）", "地区", "上级", "年度", "文档", title=f"文档库 {store.where}", title_justify="left")
            for dep in rows:
                table.add_row(f"#{dep.id}", dep.name, dep.region, dep.parent, "、".join(str(y) for y in dep.years), str(dep.documents))
            table.caption = f"共 {len(rows)} 个部门（单位）"
        else:
            ranked = store.ranking(year, region=region, kind=kind)
            title = f"{region or '全部地区'} {year} 年度：按审核问题排名"
            table = _table("名次", "部门（单位）", "地区", "类型", "错误", "警告", "提示", "无法检查", "主要问题", title=title, title_justify="left")
            for rank, row in enumerate(ranked, start=1):
                top = "、".join(f"{rule}×{n}" for rule, n in sorted(row.rules.items(), key=lambda item: (-item[1], item[0]))[:4])
                table.add_row(
                    str(rank),
                    f"{row.department} (#{row.department_id})",
                    row.region,
                    row.kind,
                    f"[red]{row.errors}[/]" if row.errors else "0",
                    f"[yellow]{row.warnings}[/]" if row.warnings else "0",
                    str(row.infos),
                    str(row.could_not_check),
                    top,
                )
            table.caption = f"共 {len(ranked)} 份"
    _out().print(table)


def _department(store: "Store", text: str) -> tuple[int, str]:
    found = store.find(text)
    if not found:
        raise fail(f"库中没有名称含“{text}”的部门（单位）；用 juesuan db list 查看全部")
    if len(found) > 1:
        listing = "；".join(f"#{i} {name}（{region or '地区不明'}）" for i, name, region in found[:12])
        raise fail(f"有 {len(found)} 个部门（单位）符合“{text}”：{listing}。请写全称或用 #编号 指定")
    return found[0][0], found[0][1]


@db_app.command("show")
def show_command(
    department: Annotated[str, typer.Argument(help="部门（单位）名称、名称的一部分，或 #编号")],
    year: Annotated[int | None, typer.Option("--year", help="列出这一年度文档的全部审核问题")] = None,
    kind: Annotated[str, typer.Option("--kind", help="部门决算（默认）或 单位决算")] = "部门决算",
    no_info: Annotated[bool, typer.Option("--no-info", help="不列提示（尾差等）")] = False,
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
) -> None:
    """显示一个部门（单位）：名称沿革、地区、上级和所属单位、各年度文档的全部版本和审核结果。"""
    kind = _kind(kind) or "部门决算"
    out = _out()
    with _open(db) as store:
        department_id, _name = _department(store, department)
        if year is not None:
            version = store.current_version(department_id, year, kind)
            report = store.check_of(version) if version is not None else None
            if report is None:
                raise fail(f"库中没有该部门 {year} 年度的{kind}")
            sys.stdout.write(api.render_check_reports([report], "text", show_info=not no_info))
            return
        detail = store.detail(department_id)
    out.print(f"[bold]{escape(detail.name)}[/] (#{detail.id})  地区：{escape(detail.region or '不明')}")
    if detail.parent:
        out.print(f"上级：{escape(detail.parent[1])} (#{detail.parent[0]})")
    if detail.units:
        out.print("所属单位：" + "、".join(f"{escape(n)} (#{i})" for i, n in detail.units))
    if len(detail.names) > 1:
        labels = {"cover": "部门决算封面", "unit_cover": "单位决算封面", "listed": "单位构成"}
        out.print("名称沿革：" + "；".join(f"{escape(n)}（{_years(f, last)}，{labels.get(src, src)}）" for n, f, last, src in detail.names))
    table = _table("年度", "类型", "版本", "文件", "导入时间", "错误", "警告", "提示", "无法检查", title="文档", title_justify="left")
    for document in detail.documents:
        for v in document.versions:
            superseded = v.superseded_at is not None
            style = "dim" if superseded else ""
            table.add_row(
                str(document.year or "不明"),
                document.kind,
                f"第 {v.number} 版" + ("（已被取代）" if superseded else ""),
                escape(v.path),
                v.imported_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                *(str(x) if x is not None else "" for x in (v.errors, v.warnings, v.infos, v.could_not_check)),
                style=style,
            )
    out.print(table)


def _years(first: int | None, last: int | None) -> str:
    if first is None:
        return "年度不明"
    return f"{first} 年" if first == last else f"{first}–{last} 年"


@db_app.command("compare")
def compare_command(
    department: Annotated[str | None, typer.Argument(help="部门（单位）名称、名称的一部分或 #编号：逐年对比它的主要数字和审核问题")] = None,
    item: Annotated[
        str | None,
        typer.Option("--item", help="跨部门、跨年度比较一个数字：常用数字名（如 公务接待费、收入总计、财政拨款支出）或“表/行/列”（如 三公/公务接待费/决算数、支出决算表/208/基本支出）"),
    ] = None,
    region: Annotated[str | None, typer.Option("--region", help="与 --item 一起用：只比较这个地区的部门")] = None,
    kind: Annotated[str, typer.Option("--kind", help="部门决算（默认）或 单位决算")] = "部门决算",
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
) -> None:
    """对比：一个部门逐年的主要数字（含增减和增减率）与审核问题；或用 --item 比较一个数字在各部门各年度的值。"""
    kind = _kind(kind) or "部门决算"
    if (department is None) == (item is None):
        raise fail("请给出一个部门（逐年对比），或用 --item 指定要跨部门比较的数字（二者选一）")
    with _open(db) as store:
        if item is not None:
            from juesuan.store.queries import figure_spec

            try:
                spec = figure_spec(item)
            except ValueError as exc:
                raise fail(str(exc)) from None
            years, rows = store.figure_across(spec, region=region, kind=kind)
            table = _table("部门（单位）", *(str(y) for y in years), title=f"{spec.name}（{spec.describe()}，万元）", title_justify="left")
            for name, by_year in rows:
                table.add_row(name, *(_money(by_year.get(y)) for y in years))
            table.caption = f"共 {len(rows)} 个部门（单位）" if rows else "库中没有文档印有这个数字"
        else:
            department_id, _ = _department(store, department or "")
            view = store.years(department_id, kind)
            if not view.years:
                raise fail(f"库中没有该部门的{kind}")
            headers: list[str] = []
            for i, year in enumerate(view.years):
                headers.append(str(year))
                if i:
                    headers.append(f"{year} 比上年")
            table = _table("项目（万元）", *headers, title=f"{view.department} {view.kind}逐年对比", title_justify="left")
            for name, values in view.figures:
                table.add_row(name, *_with_changes(values))
            table.add_section()
            for name, counts in view.findings:
                table.add_row(name, *_with_changes(tuple(Decimal(c) if c is not None else None for c in counts), money=False))
    _out().print(table)


def _with_changes(values: tuple[Decimal | None, ...], money: bool = True) -> list[str]:
    cells: list[str] = []
    for i, value in enumerate(values):
        cells.append(_money(value) if money else ("" if value is None else str(value)))
        if i == 0:
            continue
        before = values[i - 1]
        if value is None or before is None:
            cells.append("")
            continue
        change = value - before
        if change == 0:
            cells.append("持平")
            continue
        sign = "+" if change > 0 else "−"
        text = f"{sign}{abs(change):,}" if money else f"{sign}{abs(change)}"
        if money and before != 0:
            text += f"（{sign}{abs(change) * 100 / before:.2f}%）"
        cells.append(text)
    return cells


@db_app.command("export")
def export_command(
    what: Annotated[str, typer.Argument(help="findings（审核问题，每个问题一行）或 cells（每个数字一行）")],
    output: Annotated[Path, typer.Option("-o", "--output", help="输出文件：findings 为 .xlsx 或 .csv，cells 为 .csv 或 .parquet")],
    region: Annotated[str | None, typer.Option("--region", help="只导出这个地区（及其下级地区）")] = None,
    year: Annotated[int | None, typer.Option("--year", help="只导出这一年度")] = None,
    department: Annotated[str | None, typer.Option("--department", help="只导出这个部门（名称或 #编号）")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="部门决算 或 单位决算")] = None,
    no_info: Annotated[bool, typer.Option("--no-info", help="findings 不含提示（尾差等）")] = False,
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
) -> None:
    """导出库中各文档当前版本的审核问题（XLSX/CSV，中文表头）或全部数字（CSV/Parquet）。

    单元格内容以 = + - @ 开头的文字一律作为文字写出，在 Excel 中不会成为公式。
    """
    kind = _kind(kind)
    formats = {"findings": ("xlsx", "csv"), "cells": ("csv", "parquet")}
    if what not in formats:
        raise fail(f"只能导出 findings（审核问题）或 cells（数字），不是“{what}”")
    fmt = output.suffix.lower().lstrip(".")
    if fmt not in formats[what]:
        raise fail(f"{what} 的输出文件扩展名应为 {' 或 '.join('.' + f for f in formats[what])}")
    with _open(db) as store:
        department_id = _department(store, department)[0] if department else None
        scope = {"region": region, "year": year, "department": department_id, "kind": kind}
        try:
            if what == "findings":
                count = store.export_findings(output, fmt, info=not no_info, **scope)
            else:
                count = store.export_cells(output, fmt, **scope)
        except OSError as exc:
            raise fail(f"{output}：无法写出：{os_problem(exc)}") from None
    err.print(f"已写出 {output}：{count} 行（{'审核问题' if what == 'findings' else '数字'}）")


def register(app: typer.Typer) -> None:
    app.command("import")(import_command)
    app.add_typer(db_app, name="db")
