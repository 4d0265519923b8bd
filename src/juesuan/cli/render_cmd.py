"""``juesuan render`` and ``juesuan template``: write the complete document, or the fill-in workbook."""

import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from juesuan.cli.chinese import ChineseGroup
from juesuan.cli.common import err, fail, os_problem

if TYPE_CHECKING:
    from juesuan.api import Rendered

__all__ = ["register"]


def render_command(
    data: Annotated[Path, typer.Argument(help="数据：juesuan parse 写出的 JSON/YAML、填好的填报模板 .xlsx，或可读取的决算文档")],
    output: Annotated[Path, typer.Option("-o", "--output", help="输出文件；--to all 时为输出目录")],
    to: Annotated[str, typer.Option("--to", help="md、html、docx、xlsx、pdf 或 all")] = "md",
    profile: Annotated[
        str, typer.Option("--profile", help="版式：auto（默认：读自文档时随文档识别的版式，填报模板按其「基本信息」“版式”，否则 liaoning）、liaoning、shanghai、university，或带写作部分的版式文件 .toml")
    ] = "auto",
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="数据未通过校验或缺少必需内容时仍然生成草稿：每页标明“草稿”，缺少处印出“【待补充：…】”及应填的模板单元格；"
            "问题和缺项列在屏幕上，退出码为 0（不加时拒绝生成，退出码 2）",
        ),
    ] = False,
    catalogue: Annotated[Path | None, typer.Option("--catalogue", help="《政府收支分类科目》目录（juesuan catalogue import 写出的 .csv，或官方 xlsx/xls/docx/pdf）；默认用内置的不完整目录")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="不显示提示")] = False,
) -> None:
    """由数据生成完整的部门决算公开文档（情况说明中的金额、占比、增减、完成预算比例均由数据计算）。"""
    from juesuan import api
    from juesuan.diagnostics import ReadError
    from juesuan.render.validate import InvalidData

    formats = list(api.RENDER_FORMATS) if to == "all" else [to]
    unknown = [f for f in formats if f not in api.RENDER_FORMATS]
    if unknown:
        raise fail(f"不支持的输出格式“{to}”，可选：{'、'.join(api.RENDER_FORMATS)} 或 all")
    try:
        choices = api.render_profiles()
    except ReadError as exc:
        raise fail(f"{exc.path}：{exc.problem}") from None
    if profile != "auto" and profile not in choices and not api.is_path(profile):
        raise fail(f"没有名为“{profile}”的可生成版式，可选：{'、'.join(choices)}，或一个版式文件（.toml）")
    started = time.perf_counter()
    try:
        rendered = api.render_outputs(data, formats, output, profile, force=force, catalogue=catalogue)
    except InvalidData as exc:
        raise fail(exc.message()) from None
    except ValueError as exc:
        raise fail(str(exc)) from None
    except ReadError as exc:
        raise fail(f"{exc.path}：{exc.problem}") from None
    except api.MissingData as exc:
        raise fail(exc.message()) from None
    except api.FontMissing as exc:  # the machine lacks what PDF needs: said with what to install, nothing written
        raise fail(str(exc)) from None
    except OSError as exc:
        raise fail(f"{output}：无法写出：{os_problem(exc)}") from None
    if rendered.missing or rendered.problems:
        _forced_past(rendered)
    if not quiet:
        seconds = time.perf_counter() - started
        err.print(f"已写出 {'、'.join(str(p) for p in rendered.paths)}（{seconds:.1f} 秒）")


def _forced_past(rendered: "Rendered") -> None:
    """What a draft was written despite (``--force``): each missing item with the template cell
    to fill, each error of the data; the exit code stays 0, as for every forced draft."""
    from rich.markup import escape

    from juesuan.render.build import missing_lines

    if rendered.missing:
        err.print(
            f"[bold yellow]注意[/]：缺少 {len(rendered.missing)} 项必需内容，已按 --force 写出草稿（每页标明“草稿”，"
            "缺少处印有“【待补充：…】”），不得作为正式文件公开："
        )
        for line in missing_lines(rendered.missing):
            err.print(escape(line))
    if rendered.problems:
        err.print(f"[bold yellow]注意[/]：数据有 {len(rendered.problems)} 处错误，已按 --force 写出草稿（每页标明“草稿”），不得作为正式文件公开：")
        for i, problem in enumerate(rendered.problems, start=1):
            err.print(escape(f"{i}. {problem.what}"))


def template_command(
    output: Annotated[Path, typer.Option("-o", "--output", help="输出的 .xlsx 文件")] = Path("部门决算填报模板.xlsx"),
    profile: Annotated[
        str, typer.Option("--profile", help="文档将采用的版式（其绩效评分规则写入填写说明）：auto（默认：--from 文档的版式，否则 liaoning）、liaoning、shanghai、university（高校：四张表的模板）或版式文件")
    ] = "auto",
    source: Annotated[
        Path | None, typer.Option("--from", help="由已有文档预填：任何可读取的决算文档（如上年公开的 PDF）或 juesuan parse 写出的 JSON/YAML")
    ] = None,
) -> None:
    """写出部门决算填报模板（Excel）：九张决算表和只有填报人知道的内容（职责、原因、三公数量、绩效等）；
    --from 时由已有文档预填（上年数取自文中同比句，年初预算取自原文“年初预算为X万元”或“完成年初预算的X%”，原因用原文的话）。"""
    from juesuan import api
    from juesuan.diagnostics import ReadError

    try:
        if source is not None:
            path, doc = api.template_from(source, output, profile)
            err.print(f"已由 {source} 预填（{doc.department} {doc.year} 年度，{len(doc.tables)} 张表，{len(doc.projects)} 个绩效项目）")
        else:
            path = api.write_template(output, "liaoning" if profile == "auto" else profile)
    except ReadError as exc:
        raise fail(f"{exc.path}：{exc.problem}") from None
    except ValueError as exc:
        raise fail(str(exc)) from None
    except OSError as exc:
        raise fail(f"{output}：无法写出：{os_problem(exc)}") from None
    err.print(f"已写出 {path}")


catalogue_app = typer.Typer(
    name="catalogue", help="《政府收支分类科目》目录：导入官方发布的版本", no_args_is_help=True, add_completion=False, rich_markup_mode=None, cls=ChineseGroup
)


@catalogue_app.command("import")
def catalogue_import_command(
    source: Annotated[Path, typer.Argument(help="财政部发布的《政府收支分类科目》（.xlsx、.xls、.docx 或 .pdf，科目编码、科目名称按类/款/项）")],
    output: Annotated[Path, typer.Option("-o", "--output", help="写出的目录文件（.csv），之后以 --catalogue 或 juesuan.toml 的 catalogue = 使用")],
    year: Annotated[int | None, typer.Option("--year", help="目录的年度版本（默认取文件名中的年份）")] = None,
) -> None:
    """导入官方发布的《政府收支分类科目》，写出 juesuan 使用的目录文件（功能分类和经济分类）。"""
    from juesuan import api
    from juesuan.diagnostics import ReadError
    from juesuan.model.codes import CodeScheme

    try:
        catalogue = api.import_catalogue(source, output, year)
    except ReadError as exc:
        raise fail(f"{exc.path}：{exc.problem}") from None
    except OSError as exc:
        raise fail(f"{output}：无法写出：{os_problem(exc)}") from None
    function = sum(1 for e in catalogue.entries if e.scheme == CodeScheme.FUNCTION)
    economic = len(catalogue.entries) - function
    err.print(f"已写出 {output}（{catalogue.edition}：功能分类 {function} 个科目，经济分类 {economic} 个科目）")


def register(app: typer.Typer) -> None:
    app.command("render")(render_command)
    app.command("template")(template_command)
    app.add_typer(catalogue_app, name="catalogue")
