"""The catalogue of reading problems (``RD``): what a reader could not read, as typed entries.

Like the rules of the checker, every reading problem has a stable id (``RD02``), a dotted name
(``reading.unreadable-cell``), a Chinese title, a default severity, a message template and a
docstring with 检查内容 / 为什么重要 / 反例 / 正例 — listed by ``juesuan rules``, documented in
docs/rules.md, each with a case file ``tests/fixtures/reading/<ID>.yml``.

A problem also says how much of the document it leaves unread (:class:`UnreadScope`): one cell,
rows of a table, a whole table, or a region (a page, part of a sheet, the rest of the input).
:func:`report` makes the finding and, for a problem with a scope, the :class:`Unread` record that
the reader puts into the report, so that the checker can tell *could not check* from *missing*.

The catalogue lives in ``ingest`` because readers are the only ones that find these problems;
the checker never imports it — it sees only the ``Unread`` records of the model and the findings
(``diagnostics``), and the front ends list the catalogue through :mod:`juesuan.api`.
Ids RD20–RD29 are kept for the input-robustness problems (encodings, limits, number bounds);
RD30 and on are the problems of reading scanned pages (OCR).
"""

from __future__ import annotations

import inspect
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar, Protocol

from juesuan.diagnostics import Category, Finding, Location, Severity
from juesuan.model.build import unchecked
from juesuan.model.provenance import Source
from juesuan.model.report import Unread, UnreadScope
from juesuan.record import Record

__all__ = [
    "Found",
    "PROBLEMS",
    "ReadingProblem",
    "Sink",
    "all_problems",
    "finding_of",
    "out_of_bounds",
    "report",
    "shown",
]

SECTION_NAMES = ("检查内容", "为什么重要", "反例", "正例")


class Sink(Protocol):
    """Where a reader collects what it found: findings, and the unread parts among them."""

    findings: list[Finding]
    unread: list[Unread]


@dataclass(repr=False)
class Found(Record):
    """A :class:`Sink` of its own (for a builder that reports before its findings join the pieces)."""

    findings: list[Finding] = field(default_factory=list)
    unread: list[Unread] = field(default_factory=list)


class ReadingProblem:
    """Base class of the catalogue entries; subclasses set the class attributes and a docstring."""

    id: ClassVar[str]
    name: ClassVar[str]
    title: ClassVar[str]
    severity: ClassVar[Severity] = Severity.WARNING
    scope: ClassVar[UnreadScope | None] = None  # how much it leaves unread (None: nothing)
    message: ClassVar[str]
    category: ClassVar[Category] = Category.READING
    tolerance: ClassVar[str] = ""  # rules have one; reading problems show none
    requires: ClassVar[str | None] = None  # rules have one; reading problems apply to every layout

    @classmethod
    def doc_sections(cls) -> dict[str, str]:
        """The docstring cut into its named sections, as for rules."""
        text = inspect.cleandoc(cls.__doc__ or "")
        sections: dict[str, str] = {}
        current = "summary"
        buffer: list[str] = []
        for line in text.splitlines():
            head = line.strip().rstrip("：:")
            if head in SECTION_NAMES and not line.startswith(" "):
                sections[current] = textwrap.dedent("\n".join(buffer)).strip()
                current = head
                buffer = []
            else:
                buffer.append(line)
        sections[current] = textwrap.dedent("\n".join(buffer)).strip()
        return sections


PROBLEMS: dict[str, type[ReadingProblem]] = {}


def _entry(cls: type[ReadingProblem]) -> type[ReadingProblem]:
    if cls.id in PROBLEMS:
        raise ValueError(f"duplicate reading problem {cls.id}")
    PROBLEMS[cls.id] = cls
    return cls


def all_problems() -> list[type[ReadingProblem]]:
    return [PROBLEMS[k] for k in sorted(PROBLEMS)]


def report(
    sink: Sink,
    problem: str,
    sources: Sequence[Source],
    *,
    severity: Severity | None = None,
    scope: UnreadScope | bool | None = True,
    unread_table: str | None = None,
    part: str | None = None,
    **params: object,
) -> Finding:
    """Record one reading problem found: its finding (the catalogue's message template filled with
    ``params``) and, when it leaves something unread, the :class:`Unread` record.

    ``scope=True`` takes the catalogue's scope, ``None`` none, or a scope of its own (an unplaced
    row leaves rows unread only when it carries figures). The record names its table by
    ``unread_table``, else the ``table`` parameter, else the first source's table; ``part`` names
    one 项目自评表 among several."""
    entry = PROBLEMS[problem]
    level = severity or entry.severity
    message = entry.message.format(**{k: str(v) for k, v in params.items()})
    finding = unchecked(
        Finding,
        rule_id=entry.id,
        rule_name=entry.name,
        severity=level,
        category=Category.READING,
        message=message,
        locations=tuple(Location.of(s) for s in sources),
    )
    sink.findings.append(finding)
    chosen = entry.scope if scope is True else (scope or None)
    if isinstance(chosen, UnreadScope):
        first = sources[0] if sources else Source.quick()
        named = params.get("table")
        sink.unread.append(
            unchecked(
                Unread,
                scope=chosen,
                problem=entry.id,
                severity=level.value,
                message=message,
                table=unread_table or (named if isinstance(named, str) else None) or first.table,
                part=part,
                sources=tuple(sources),
            )
        )
    return finding


def shown(text: str, limit: int = 24) -> str:
    """A printed text as a message quotes it: a 5,000-digit cell is shown by its start and length."""
    return text if len(text) <= limit else f"{text[:limit]}…（共 {len(text)} 个字符）"


def out_of_bounds(
    sink: Sink, source: Source, table: str, place: str, text: str, why: str, *, unread_table: str | None = None, part: str | None = None
) -> Finding:
    """A cell printing a figure beyond any real budget (RD20): reported, and the cell left unread."""
    return report(sink, "RD20", [source], unread_table=unread_table, part=part, table=table, place=place, text=shown(text), why=why)


def finding_of(unread: Unread) -> Finding:
    """The reading finding an :class:`Unread` record was made with (a canonical file keeps the
    records, not the findings)."""
    entry = PROBLEMS.get(unread.problem)
    return unchecked(
        Finding,
        rule_id=unread.problem,
        rule_name=entry.name if entry is not None else "reading.unread",
        severity=Severity(unread.severity),
        category=Category.READING,
        message=unread.message,
        locations=tuple(Location.of(s) for s in unread.sources),
    )


# ---- the catalogue ---------------------------------------------------------------------------------


@_entry
class UnplacedContent(ReadingProblem):
    """表格或自评表中有一行未能归位。

    检查内容
        表格中的一行既不是表头，也找不到它属于哪个科目或指标（没有科目编码、不是三公经费的项目、
        指标行缺少名称或得分），或印在得分行之后。这一行带有金额时，表内的合计关系无法核对，
        相关规则报“无法检查”；只有文字时仅作提示。
    为什么重要
        未能归位的数字若被丢掉，表内合计会显得不平；说出来，使用者才知道哪一行没有参与审核。
    反例
        支出决算表中一行 “| 社会保障和就业支出 | 871.20 |”，没有科目编码。
    正例
        “208 | 社会保障和就业支出 | 871.20”：编码、名称、金额各归其位。
    """

    id = "RD01"
    name = "reading.unplaced-row"
    title = "未能归位的行"
    severity = Severity.WARNING
    scope = UnreadScope.ROWS
    message = "{table}：{what}：{text}"


@_entry
class UnreadableCell(ReadingProblem):
    """金额单元格中印的不是数字。

    检查内容
        决算表中应为金额（或行次）的单元格里印着无法读成数字的文字，如 “5..18”“壹仟”“1,2,3”。
        该单元格记为“无法读取”：用到它的等式报“无法检查”并指出这一格，其余照常审核。
    为什么重要
        把读不出的数字当成 0 会造成一连串虚假的不平；整份文档因此拒绝审核又会让使用者一无所得。
    反例
        支出决算表 2080505 行“基本支出”列印作 “5..18”。
    正例
        印作 “5.18”，或空白、“-”（表示 0）。
    """

    id = "RD02"
    name = "reading.unreadable-cell"
    title = "无法读取的单元格"
    severity = Severity.ERROR
    scope = UnreadScope.CELL
    message = "{table}：{place}：“{text}”不是{expected}"


@_entry
class UnresolvedCode(ReadingProblem):
    """经济分类编码印得不完整，无法由名称补全。

    检查内容
        基本支出决算表中的经济分类编码只印了四位（如 “3120”），而分类目录中找不到与名称对应的
        唯一一个五位编码。编码按印出的样子保留。
    为什么重要
        编码不完整，按编码核对的规则只能按印出的编码比较；提示使用者核对原表。
    反例
        “3120 其他资本性补助”：目录中没有可确定的 312xx 编码。
    正例
        “3010 基本工资” 由名称补全为 30101。
    """

    id = "RD03"
    name = "reading.unresolved-code"
    title = "编码不完整"
    severity = Severity.INFO
    message = "{table}：经济分类编码“{code}”（{name}）不完整，无法由名称确定完整编码"


@_entry
class MissingField(ReadingProblem):
    """绩效自评表缺少必备的栏目。

    检查内容
        预算项目（政策）绩效自评表没有项目名称，或找不到“一级指标…”表头、因而读不出指标行。
        找不到指标表头时，该表的指标记为“未能读取”，依赖指标得分的核对报“无法检查”。
    为什么重要
        没有名称的自评表无法与情况说明中的项目对应；读不出的指标不能当作“没有指标”。
    反例
        自评表中 “项目（政策）名称” 一栏为空。
    正例
        “项目（政策）名称 | 城乡居民养老保险待遇发放”。
    """

    id = "RD04"
    name = "reading.missing-field"
    title = "自评表缺少栏目"
    severity = Severity.WARNING
    message = "{table}：{what}"


@_entry
class TableCutOff(ReadingProblem):
    """表格不完整：缺少收尾的合计行，或在文件末尾中断。

    检查内容
        表格没有收尾的行（收支两方的“总计”、“合计”、“人员经费合计/公用经费合计”），或文件在表格中间
        结束（最后一行短了一截、最后一个数字少了小数位、类款之下的明细不够其合计）。该表记为“不完整”：
        跨多行的等式报“无法检查”；文件在此中断时，其后的表和各部分也不能算作“缺少”。
    为什么重要
        被截断的表若当作完整的表审核，会报出一串虚假的不平，又把没读到的表报成“未公开”。
    反例
        文件在收入决算表 “2080505” 一行的中间结束。
    正例
        表格以合计行收尾，其后是表注或下一张表。
    """

    id = "RD05"
    name = "reading.table-cut-off"
    title = "表格不完整"
    severity = Severity.ERROR
    scope = UnreadScope.ROWS
    message = "{table}不完整：{problems}"


@_entry
class TableNotRebuilt(ReadingProblem):
    """PDF 中表格标题下找不到带表格线的表格。

    检查内容
        PDF 页面上有决算表的标题，但其下没有表格线，读取器不猜测各列的位置，该表内容记为“未能读取”。
        用到该表的规则报“无法检查”，该表不算“缺少”。
    为什么重要
        没有表格线时按空白猜列，数字可能错位；宁可说明未能读取，也不给出错误的结论。
    反例
        “收入决算表”标题下的数字只用空格对齐，没有任何表格线。
    正例
        表格有横线和竖线（或至少有横线分隔各行、竖线分隔各列）。
    """

    id = "RD06"
    name = "reading.table-not-rebuilt"
    title = "表格未能重建"
    severity = Severity.WARNING
    scope = UnreadScope.TABLE
    message = "{table}：标题下没有找到带表格线的表格，表格内容未能读取"


@_entry
class TooManyDrawings(ReadingProblem):
    """PDF 页面的图形元素过多，未重建该页的表格。

    检查内容
        一页 PDF 中的线条等图形元素超过上限（防止恶意文件耗尽资源），该页的表格未重建，
        页面内容记为“未能读取”。
    为什么重要
        该页可能有表格；其中的表不能算作“缺少”，相关规则报“无法检查”。
    反例
        一页中画有两万多条线段的 PDF。
    正例
        普通表格页只有数百条表格线。
    """

    id = "RD07"
    name = "reading.too-many-drawings"
    title = "图形元素过多"
    severity = Severity.WARNING
    scope = UnreadScope.REGION
    message = "第{page}页的图形元素过多，未重建该页的表格"


@_entry
class ScannedPage(ReadingProblem):
    """PDF 中有扫描页（没有文本层）。

    检查内容
        PDF 的某一页只有图像、没有文字（扫描件）。能用 OCR 识别的，读出其中的表格和文字，并作提示（级别
        为提示，说明识别时的分辨率和纠正的倾斜）；识别不出文字的（图片、空白扫描），该页内容未读取：印在该页
        上的表和段落不能算作“缺少”，用到它们的规则报“无法检查”并指出页码。
    为什么重要
        把扫描页上的表报成“未公开”是虚假的错误；使用者需要知道哪几页是识别出来的、哪几页没有审核。
    反例
        第 18 页是盖章后扫描的“三公”经费支出决算表，识别不出文字。
    正例
        全部页面都有文本层（由电子文档直接导出的 PDF），或扫描页已用 OCR 识别。
    """

    id = "RD08"
    name = "reading.scanned-page"
    title = "扫描页"
    severity = Severity.WARNING
    scope = UnreadScope.REGION
    message = "第{page}页是扫描图像，没有文本层，{what}"


@_entry
class UnreadablePage(ReadingProblem):
    """PDF 的某一页已损坏，无法读取。

    检查内容
        打开 PDF 的某一页时出错（页面对象损坏）。该页内容未读取，其余各页照常读取；该页上的表不能
        算作“缺少”。
    为什么重要
        一页损坏不应让整份文档无法审核，但必须指出哪一页没有读到。
    反例
        第 5 页的页面对象缺失。
    正例
        所有页面都能打开。
    """

    id = "RD09"
    name = "reading.unreadable-page"
    title = "无法读取的页"
    severity = Severity.ERROR
    scope = UnreadScope.REGION
    message = "第{page}页无法读取（{error}），该页内容未读取"


@_entry
class WorkbookKind(ReadingProblem):
    """Excel 文件按什么读取（提示）。

    检查内容
        说明 Excel 文件被识别为已公开的决算表工作簿（不是填报模板）及读到的表数，或说明一个 .xls
        文件其实是网页（许多财务系统这样导出），已按网页读取。
    为什么重要
        使用者可以确认读取器对文件的理解；读到的表比预期少时，先看这一条。
    反例
        （提示，无反例）.xls 文件的内容是 HTML 表格。
    正例
        识别为已公开的决算表工作簿：9 张工作表，读到 9 张决算表。
    """

    id = "RD10"
    name = "reading.workbook-kind"
    title = "工作簿的读法"
    severity = Severity.INFO
    message = "{what}"


@_entry
class SheetTooLarge(ReadingProblem):
    """工作表超过读取上限，只读了前面的部分。

    检查内容
        工作表超过 10,000 行或 100 列，之后的行或列未读取；这一部分记为“未能读取”，其中的表不算“缺少”。
    为什么重要
        防止恶意文件耗尽内存，同时让使用者知道哪里没有读到。
    反例
        一张工作表有十万行。
    正例
        每张决算表几十到几百行。
    """

    id = "RD11"
    name = "reading.sheet-too-large"
    title = "工作表过大"
    severity = Severity.WARNING
    scope = UnreadScope.REGION
    message = "工作表“{sheet}”超过 {limit}，之后的{what}未读取"


@_entry
class HeaderNotUnderstood(ReadingProblem):
    """表头中找不到该表应有的列。

    检查内容
        决算表的表头读不出已知的金额列（如“决算数”“本年支出合计”），或两侧表格找不到收入与支出
        的分界。该表的内容记为“未能读取”：不按猜测的列审核，用到该表的规则报“无法检查”。
    为什么重要
        按错列读出的数字会在表内、表间报出大量虚假的错误。
    反例
        基本支出决算表的表头中没有“决算数”或“金额”列。
    正例
        “科目编码 | 科目名称 | 决算数”。
    """

    id = "RD12"
    name = "reading.header-not-understood"
    title = "表头无法识别"
    severity = Severity.WARNING
    scope = UnreadScope.TABLE
    message = "{table}：{what}，表格内容未能读取"


@_entry
class SheetDamaged(ReadingProblem):
    """工作簿中的一张工作表已损坏，未能读完。

    检查内容
        读取 Excel 工作表时出错（部件损坏），出错之前的行照常读取，之后的内容记为“未能读取”；
        其他工作表照常读取。
    为什么重要
        一张工作表损坏不应让整个工作簿无法审核，但要指出哪一张、从哪里开始没有读到。
    反例
        “公开05表” 工作表的 XML 在第 30 行之后损坏。
    正例
        所有工作表都能读完。
    """

    id = "RD13"
    name = "reading.sheet-damaged"
    title = "工作表损坏"
    severity = Severity.ERROR
    scope = UnreadScope.REGION
    message = "工作表“{sheet}”{where}已损坏，未能读取（{error}）"


@_entry
class NumberOutOfBounds(ReadingProblem):
    """单元格中的数字超出任何实际预算的范围。

    检查内容
        金额、得分、比例或数量单元格中印的数整数部分超过 15 位（10¹⁵ 元是全国一年一般公共预算支出的
        三十多倍）、小数超过 10 位、写成科学计数法（如 “1e999”“1.5E+8”）或是 “NaN”“Infinity”。这样的数
        不可能是决算数，多为录入错误、损坏的文件或恶意构造的输入。该单元格记为“未能读取”：用到它的
        等式报“无法检查”并指出这一格，其余照常审核。
    为什么重要
        把超长的数字当作金额参与计算，会得出毫无意义的差额，甚至使审核中断；说明是哪一格，使用者
        对照原表即可改正。
    反例
        收支总表“卫生健康支出”一格印作 “123456789012345678901234567890.12”。
    正例
        “44.58”：万元为单位、两位小数的决算数。
    """

    id = "RD20"
    name = "reading.number-out-of-bounds"
    title = "超出范围的数字"
    severity = Severity.ERROR
    scope = UnreadScope.CELL
    message = "{table}：{place}：“{text}”{why}，不是决算数，该格未读取"


@_entry
class DamagedBytes(ReadingProblem):
    """文本或网页中有个别字节已损坏，已替换后照常读取（提示）。

    检查内容
        文本文件或网页几乎全部能按某种编码（UTF-8，网页声明的编码，或 GB18030）解码，只有个别字节
        不能（传输或保存时损坏）。这些字节替换为 “�” 后照常读取，并指出所在的行；该处的文字或数字
        可能有误（数字读不出时另报“无法读取的单元格”）。
    为什么重要
        一个坏字节不应使整份文档被拒绝或按错误的编码读成乱码；指出位置，使用者对照原件即可。
    反例
        UTF-8 文本第 120 行中的一个汉字少了一个字节。
    正例
        全文都能按同一种编码解码。
    """

    id = "RD21"
    name = "reading.damaged-bytes"
    title = "损坏的字节"
    severity = Severity.INFO
    message = "{where}有 {count} 处字节无法按 {encoding} 解码，已替换为“�”，该处的文字可能有误"


@_entry
class LimitReached(ReadingProblem):
    """文档超过读取上限，只读了前面的部分。

    检查内容
        一张表超过 5,000 行，或一个网页超过 1,000 张表格（防止恶意或损坏的文件耗尽内存和时间）。超过的部分不读取，记为“未能读取”：其中的表不算“缺少”，用到它们
        的规则报“无法检查”。
    为什么重要
        部门决算的表只有几十到几百行；远超于此的输入多是损坏或恶意构造的文件，读取它会耗尽内存；
        只读前面的部分并说明在哪里停下，其余照常审核。
    反例
        支出决算表中同一行重复了四十万次。
    正例
        每张决算表几十到几百行，每份文档十几到上百张表。
    """

    id = "RD22"
    name = "reading.limit-reached"
    title = "超过读取上限"
    severity = Severity.WARNING
    scope = UnreadScope.REGION
    message = "{what}超过读取上限（{limit}），{rest}未读取"


@_entry
class DoubtfulFigure(ReadingProblem):
    """OCR 识别的数字有把握不大的位（提示）。

    检查内容
        扫描页上用 OCR 识别出的金额，某一位的识别置信度低，或数字的样子不像完整的金额（漏识或多识了数字）。
        该数的区间放宽到这一位可能的取值，涉及该数的等式不会因此报错；提示指出是哪一格、哪一位。
    为什么重要
        识别错的一位数字会造成虚假的不平；放宽区间并指出位置，使用者对照原件即可确认。
    反例
        “1,511.90” 识别为 “1,571.90”，其中 “7” 的置信度为 0.25。
    正例
        每一位数字的置信度都在阈值以上。
    """

    id = "RD30"
    name = "reading.ocr-doubtful-figure"
    title = "识别存疑的数字"
    severity = Severity.INFO
    message = "第{page}页{place}：{what}；涉及该数的核对按“无法确认”处理，请对照原件"
