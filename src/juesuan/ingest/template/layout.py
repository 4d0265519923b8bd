"""The fill-in workbook (部门决算填报模板): its sheets, their columns, and the empty workbook.

What people enter: the 项-level rows of the tables (类/款 rows, 合计 rows, 公开01表 and 公开04表
are computed from them), the 年初预算 and "主要原因" of each 项 beside it, last year's totals,
the 三公 counts, 政府采购, 国有资产, the 绩效 projects and their indicators, and the texts only
people know (职责, 单位构成, 名词解释). The same sheets can be written as YAML (``sheets:`` →
sheet name → rows, the first row being the header), which is how test fixtures are kept.
"""

from __future__ import annotations

from dataclasses import dataclass

from juesuan.model.inputs import VEHICLE_CATEGORIES
from juesuan.record import Record
from juesuan.scoring import NATIONAL, ScoringPolicy

__all__ = [
    "INFO_FIELDS",
    "LAYOUT_FIELD",
    "PUBLISHED_SHEET",
    "SHEETS",
    "SheetSpec",
    "THREE_PUBLIC_ROWS",
    "UNIVERSITY_SHEETS",
    "sheet_set",
    "template_workbook",
]


@dataclass(frozen=True, repr=False)
class SheetSpec(Record):
    name: str
    columns: tuple[str, ...]
    help: str
    key_value: bool = False  # two columns 项目 | 内容 with fixed keys


#: 基本信息 keys: (label, required, kind) — kind: text / int / money
INFO_FIELDS: tuple[tuple[str, bool, str], ...] = (
    ("部门名称", True, "text"),
    ("年度", True, "int"),
    ("表头单位名称", False, "text"),
    ("使用非财政拨款结余", False, "money"),
    ("年初结转和结余", False, "money"),
    ("结余分配", False, "money"),
    ("年初一般公共预算财政拨款结转和结余", False, "money"),
    ("机关运行经费", False, "money"),  # required by the writer, which lists it with every other blank
    ("上年机关运行经费", False, "money"),
    ("上年收入总计", False, "money"),
    ("上年支出总计", False, "money"),
    ("上年年末结转和结余", False, "money"),
    ("上年财政拨款支出", False, "money"),
    ("上年财政拨款收入支出总计", False, "money"),
    ("上年一般公共预算财政拨款支出", False, "money"),
    ("财政拨款支出年初预算", False, "money"),
    ("财政拨款基本支出年初预算", False, "money"),
    ("财政拨款项目支出年初预算", False, "money"),
    ("一般公共预算财政拨款支出年初预算", False, "money"),
    ("项目支出主要内容", False, "text"),
    ("版式", False, "text"),
)

#: the 基本信息 key naming the layout the document is written in (a profile name: liaoning, shanghai …)
LAYOUT_FIELD = "版式"

#: 三公 rows of the 三公经费 sheet
THREE_PUBLIC_ROWS = ("因公出国（境）费", "公务接待费", "公务用车购置费", "公务用车运行维护费")

COUNT_FIELDS = (
    "因公出国（境）团组数",
    "因公出国（境）人次",
    "国内公务接待批次",
    "国内公务接待人次",
    "外事接待批次",
    "外事接待人次",
    "外事接待金额（万元）",
    "当年购置公务用车数",
    "公务用车保有量",
)

PROCUREMENT_FIELDS = (
    "货物采购金额",
    "工程采购金额",
    "服务采购金额",
    "货物授予中小企业合同金额",
    "工程授予中小企业合同金额",
    "服务授予中小企业合同金额",
    "授予小微企业合同金额",
    "面向中小企业预留项目预算金额",
    "面向小微企业预留项目预算金额",
)

EQUIPMENT_FIELD = "单价100万元（含）以上设备（台/套）"
ASSET_FIELDS = (*VEHICLE_CATEGORIES, EQUIPMENT_FIELD)

WHOLE_FIELDS = ("部门（单位）名称", "部门年初预算收入金额", "部门年初预算支出金额", "年初总体目标", "全年完成情况")

MANAGEMENT_FIELDS = (
    "预算绩效管理制度",
    "工作机制",
    "编报绩效目标的项目个数",
    "编报绩效目标的项目预算金额",
    "绩效跟踪评价的项目个数",
    "绩效跟踪评价的项目预算金额",
    "绩效自评发现问题个数",
    "已完成整改个数",
    "正在整改个数",
)

_ITEM_HELP = "每行一个支出功能分类“项”（7位编码）；类、款和合计行由程序汇总，不必填写。"
_INDICATOR_COLUMNS = (
    "一级指标",
    "二级指标",
    "三级指标",
    "运算符号",
    "指标值",
    "度量单位",
    "全年完成值",
    "分值",
    "达成程度（定性指标）",
    "偏差原因类别",
    "原因说明",
    "改进措施",
)

SHEETS: tuple[SheetSpec, ...] = (
    SheetSpec("基本信息", ("项目", "内容"), "部门名称、年度、结转结余、上年决算数和年初预算；金额单位均为万元。“版式”是文档采用的版式（liaoning、shanghai 等）。", key_value=True),
    SheetSpec("主要职责", ("序号", "职责"), "每行一条主要职责（职能）。"),
    SheetSpec("决算单位构成", ("序号", "单位名称", "备注"), "纳入部门决算编制范围的单位。"),
    SheetSpec(
        "收入决算表",
        ("科目编码", "科目名称", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"),
        _ITEM_HELP,
    ),
    SheetSpec("支出决算表", ("科目编码", "科目名称", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"), _ITEM_HELP),
    SheetSpec(
        "一般公共预算支出",
        ("科目编码", "科目名称", "基本支出", "项目支出", "年初预算数", "主要用途", "决算与预算差异的主要原因"),
        _ITEM_HELP + "决算数与年初预算数不同的，必须填写差异原因。",
    ),
    SheetSpec("基本支出明细", ("经济分类编码", "科目名称", "决算数"), "一般公共预算财政拨款基本支出，每行一个经济分类“款”（5位编码）。"),
    SheetSpec(
        "三公经费",
        ("项目", "预算数", "决算数", "上年决算数", "决算与预算差异的主要原因", "与上年相比变动的主要原因", "开支内容"),
        "三公经费预算数、决算数和上年决算数；与预算或上年不同的须填写原因。",
    ),
    SheetSpec(
        "政府性基金",
        ("科目编码", "科目名称", "年初结转和结余", "本年收入", "基本支出", "项目支出", "年初预算数", "主要用途", "决算与预算差异的主要原因"),
        _ITEM_HELP,
    ),
    SheetSpec(
        "国有资本经营",
        ("科目编码", "科目名称", "年初结转和结余", "本年收入", "基本支出", "项目支出", "年初预算数", "主要用途", "决算与预算差异的主要原因"),
        _ITEM_HELP,
    ),
    SheetSpec("主要原因", ("事项", "主要原因"), "收入总计、支出总计、结转结余、财政拨款支出、机关运行经费等与上年相比变动的主要原因。", key_value=True),
    SheetSpec("三公数量", ("项目", "数量"), "因公出国（境）团组和人次、公务接待批次和人次、公务用车购置和保有量。", key_value=True),
    SheetSpec("政府采购", ("项目", "金额（万元）"), "以合同签订为准。", key_value=True),
    SheetSpec("国有资产", ("项目", "数量"), "截至年末的车辆（按类别）和单价100万元（含）以上设备。", key_value=True),
    SheetSpec(
        "绩效项目",
        (
            "项目名称",
            "主管部门",
            "实施单位",
            "资金性质",
            "全年预算数",
            "全年执行数",
            "年初设定目标",
            "全年实际完成情况",
            "绩效目标完成情况综述",
            "发现的主要问题及原因",
            "下一步改进措施",
            "执行率（自动）",
        ),
        "每行一个开展绩效自评的项目；得分由程序按评分规则计算。",
    ),
    SheetSpec("绩效指标", ("项目名称", *_INDICATOR_COLUMNS, "完成程度（自动）"), "每行一个三级指标；项目名称须与“绩效项目”一致。"),
    SheetSpec("整体绩效", ("项目", "内容"), "部门（单位）整体绩效自评表的基本信息。", key_value=True),
    SheetSpec("整体绩效任务", ("年度主要任务", "项目下达金额", "项目执行金额", "分值"), "整体绩效自评表的年度主要任务。"),
    SheetSpec("整体绩效指标", (*_INDICATOR_COLUMNS, "完成程度（自动）"), "整体绩效自评表的指标。"),
    SheetSpec("绩效管理", ("项目", "内容"), "（上海版式）预算绩效管理情况，可不填。", key_value=True),
    SheetSpec("名词解释", ("名词", "解释"), "部门特有的名词解释（通用名词由版式自带）。"),
    SheetSpec(
        "原文汇总数",
        ("表", "科目编码", "行", "列", "金额"),
        "（template --from 写入，可不填）收入支出决算总表、财政拨款收入支出决算总表和基本支出表合计行的原文数字："
        "与由各表算出的数字只差尾差时采用原文数字；表中原文没有印出的总表行不写出。",
    ),
)

#: the sheet of the published figures of the tables the template computes (公开01/04表, 人员经费合计 …)
PUBLISHED_SHEET = "原文汇总数"

KEY_ROWS: dict[str, tuple[str, ...]] = {
    "基本信息": tuple(name for name, _, _ in INFO_FIELDS),
    "主要原因": (
        "收入总计|上年",
        "支出总计|上年",
        "年末结转和结余|上年",
        "财政拨款支出|上年",
        "财政拨款收入支出总计|上年",
        "一般公共预算财政拨款支出|上年",
        "一般公共预算财政拨款支出|预算",
        "机关运行经费|上年",
        "三公:合计|预算",
    ),
    "三公数量": COUNT_FIELDS,
    "政府采购": PROCUREMENT_FIELDS,
    "国有资产": ASSET_FIELDS,
    "整体绩效": WHOLE_FIELDS,
    "绩效管理": MANAGEMENT_FIELDS,
}

# ---- the university layout (教育部直属高校): its four tables and what its narrative needs ---------

#: 基本信息 of the university workbook: (label, required, kind)
UNIVERSITY_INFO: tuple[tuple[str, bool, str], ...] = (
    ("部门名称", True, "text"),
    ("年度", True, "int"),
    ("表头单位名称", False, "text"),
    ("版式", False, "text"),
    ("使用非财政拨款结余", False, "money"),
    ("年初结转和结余", False, "money"),
    ("结余分配", False, "money"),
    ("其中：政府性基金预算财政拨款", False, "money"),
    ("其中：捐赠收入", False, "money"),
    ("上年收入总计", False, "money"),
    ("上年支出总计", False, "money"),
)

#: the sheets of the university workbook: the 收支决算总表 is computed from the three tables entered
UNIVERSITY_SHEETS: tuple[SheetSpec, ...] = (
    SheetSpec(
        "基本信息", ("项目", "内容"),
        "学校名称、年度、结转结余，收支决算总表中的“其中”两行，上年收入总计（本年收入合计）和上年支出总计（本年支出合计）；金额单位均为万元。",
        key_value=True,
    ),
    SheetSpec("学校概况", ("序号", "段落"), "学校基本情况，每行一段。"),
    SheetSpec("决算单位构成", ("序号", "单位名称", "备注"), "纳入部门决算的单位（学校本级和附属单位）。"),
    SheetSpec(
        "收入决算表",
        ("科目编码", "科目名称", "财政拨款收入", "上级补助收入", "事业收入", "其中：教育收费", "经营收入", "附属单位上缴收入", "其他收入"),
        _ITEM_HELP,
    ),
    SheetSpec("支出决算表", ("科目编码", "科目名称", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"), _ITEM_HELP),
    SheetSpec("财政拨款支出决算表", ("科目编码", "科目名称", "基本支出", "项目支出", "其中：基本建设资金支出"), _ITEM_HELP),
    SheetSpec(
        "上年决算数", ("事项", "名称", "上年决算数"),
        "决算报表说明逐项与上年比较所用的上年决算数：收入行（如“事业收入”）、支出功能分类类（“类:205”）、财政拨款支出的项（“项:2050202”）。",
    ),
    SheetSpec("主要原因", ("事项", "主要原因"), "与上年比较发生较大差异的原因，事项如“其他收入|上年”“类:205|上年”；没有的不填。", key_value=True),
    SheetSpec("名词解释", ("名词", "解释"), "财政拨款支出各项的科目说明，名词写“科目名称（科目编码）”；通用的收入、支出科目说明由版式自带。"),
)

UNIVERSITY_KEYS: dict[str, tuple[str, ...]] = {"基本信息": tuple(name for name, _, _ in UNIVERSITY_INFO)}


def sheet_set(layout: str) -> tuple[tuple[SheetSpec, ...], dict[str, tuple[str, ...]]]:
    """The sheets (and fixed keys) of the workbook for ``layout``: the university set for a layout
    that publishes the university's 财政拨款支出决算表, the standard set otherwise."""
    from juesuan import profiles
    from juesuan.model.tables import TableKind

    if layout and layout in profiles.profile_names() and profiles.load_profile(layout).has_table(TableKind.FISCAL_EXPENDITURE):
        return UNIVERSITY_SHEETS, UNIVERSITY_KEYS
    return SHEETS, KEY_ROWS


_MONEY_COLUMNS = {
    "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入", "基本支出", "项目支出",
    "上缴上级支出", "经营支出", "对附属单位补助支出", "年初预算数", "决算数", "预算数", "上年决算数", "年初结转和结余",
    "本年收入", "全年预算数", "全年执行数", "项目下达金额", "项目执行金额", "其中：教育收费", "其中：基本建设资金支出", "金额",
}  # fmt: skip


def template_workbook(rows: int = 200, policy: ScoringPolicy = NATIONAL, layout: str = "") -> bytes:
    """The empty fill-in workbook: instructions (with the 绩效 scoring ``policy`` the document
    will be scored by — its weight total, caps and completion limits, which ``render`` enforces),
    one sheet per part, dropdowns, protected formulas. ``layout`` (a profile name) is entered as
    基本信息“版式”: ``render --profile auto`` writes the document in it."""
    import io

    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    guide = wb.active
    guide.title = "填写说明"
    guide.column_dimensions["A"].width = 24
    guide.column_dimensions["B"].width = 90
    guide["A1"] = "部门决算填报模板（juesuan）"
    guide["A1"].font = Font(bold=True, size=14)
    guide["A2"] = "填好后运行：juesuan render 本文件.xlsx --to all -o 输出目录（按「基本信息」“版式”的版式写，未填为 liaoning；--profile 可另指定）"
    sheets, keys = sheet_set(layout)
    for i, spec in enumerate(sheets, start=4):
        guide.cell(row=i, column=1, value=spec.name).font = Font(bold=True)
        guide.cell(row=i, column=2, value=spec.help).alignment = Alignment(wrap_text=True)
    row = 4 + len(sheets) + 1
    guide.cell(row=row, column=1, value=f"绩效评分规则（{policy.short_title}）").font = Font(bold=True, color="B00000")
    guide.cell(row=row, column=2, value="生成文档时按以下规则检查，不符合的不予生成（指出要改的单元格）。").font = Font(bold=True, color="B00000")
    for k, line in enumerate(policy.rules(), start=row + 1):
        guide.cell(row=k, column=2, value=line).alignment = Alignment(wrap_text=True)
    guide.print_area = f"A1:B{row + len(policy.rules())}"
    head_fill = PatternFill("solid", fgColor="DDE5F0")
    auto_fill = PatternFill("solid", fgColor="F2F2F2")
    for spec in sheets:
        ws = wb.create_sheet(spec.name)
        for c, name in enumerate(spec.columns, start=1):
            cell = ws.cell(row=1, column=c, value=name)
            cell.font = Font(bold=True)
            cell.fill = head_fill
            cell.alignment = Alignment(horizontal="center", wrap_text=True)
            ws.column_dimensions[get_column_letter(c)].width = 14 if name in _MONEY_COLUMNS else 22
        ws.freeze_panes = "A2"
        ws.cell(row=1, column=1).comment = Comment(spec.help, "juesuan")
        if "分值" in spec.columns:
            rule = policy.weight_rule() if spec.name == "绩效指标" else policy.whole_rule()
            ws.cell(row=1, column=spec.columns.index("分值") + 1).comment = Comment(rule, "juesuan")
        for key_row, key in enumerate(keys.get(spec.name, ()), start=2):
            ws.cell(row=key_row, column=1, value=key).protection = Protection(locked=True)
        if spec.name == "基本信息" and layout:
            ws.cell(row=2 + keys["基本信息"].index(LAYOUT_FIELD), column=2, value=layout)
        if spec.name == "三公经费":
            for r, item in enumerate(THREE_PUBLIC_ROWS, start=2):
                ws.cell(row=r, column=1, value=item)
        # money columns: number format
        for c, name in enumerate(spec.columns, start=1):
            if name in _MONEY_COLUMNS:
                for r in range(2, rows + 2):
                    ws.cell(row=r, column=c).number_format = "#,##0.00"
            if name in {"科目编码", "经济分类编码"}:
                for r in range(2, rows + 2):
                    ws.cell(row=r, column=c).number_format = "@"
        # dropdowns
        if spec.name == "绩效项目":
            dv = DataValidation(type="list", formula1='"一般公共预算,政府性基金预算,国有资本经营预算"', allow_blank=True)
            ws.add_data_validation(dv)
            dv.add(f"D2:D{rows + 1}")
            for r in range(2, rows + 2):
                cell = ws.cell(row=r, column=12, value=f'=IF(AND(ISNUMBER(E{r}),E{r}>0),F{r}/E{r},"")')
                cell.number_format = "0.00%"
                cell.fill = auto_fill
        if spec.name in {"绩效指标", "整体绩效指标"}:
            offset = 1 if spec.name == "绩效指标" else 0
            op_col = get_column_letter(4 + offset)
            band_col = get_column_letter(9 + offset)
            reason_col = get_column_letter(10 + offset)
            for formula, col in (
                ('">=,>,=,<=,<"', op_col),
                ('"全部或基本达成,部分达成,未达成"', band_col),
                ('"经费保障,制度保障,人员保障,硬件条件保障,其他"', reason_col),
            ):
                dv = DataValidation(type="list", formula1=formula, allow_blank=True)
                ws.add_data_validation(dv)
                dv.add(f"{col}2:{col}{rows + 1}")
            target, actual = get_column_letter(5 + offset), get_column_letter(7 + offset)
            result_col = len(spec.columns)
            for r in range(2, rows + 2):
                op, t, a = f"{op_col}{r}", f"{target}{r}", f"{actual}{r}"
                formula = (
                    f'=IF({op}="","",IFERROR(IF(OR({op}=">=",{op}=">"),MIN({a}/{t},1),'
                    f'IF(OR({op}="<=",{op}="<"),IF({a}<={t},1,{t}/{a}),IF({a}={t},1,MIN({a},{t})/MAX({a},{t})))),""))'
                )
                cell = ws.cell(row=r, column=result_col, value=formula)
                cell.number_format = "0.00%"
                cell.fill = auto_fill
        # protect: everything editable except the key column of key/value sheets and formula columns
        for r in range(2, rows + 2):
            for c in range(1, len(spec.columns) + 1):
                cell = ws.cell(row=r, column=c)
                is_formula = isinstance(cell.value, str) and cell.value.startswith("=")
                fixed_key = (spec.key_value or spec.name == "三公经费") and c == 1 and cell.value is not None
                cell.protection = Protection(locked=bool(is_formula or fixed_key))
        ws.protection.sheet = True
        ws.protection.formatColumns = False
        ws.protection.formatRows = False
        ws.protection.insertRows = False
        ws.protection.deleteRows = False
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
