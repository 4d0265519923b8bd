"""YZ — consistency of the document with itself: years, names, titles, wording (一致性)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from juesuan.check.engine import Absent, Context, CouldNotCheck, Hit, NotApplicable, Rule, register
from juesuan.check.names import Mention, NameForm, UnitName, mentions, split_unit, title_name
from juesuan.check.narrative import claims_of
from juesuan.check.numbering import Numbered, item_number, slips
from juesuan.check.placeholders import PLACEHOLDERS, has_placeholder
from juesuan.check.places import Place, PlaceKind, form_line, header_line, text_places
from juesuan.diagnostics import Category, Severity
from juesuan.model.codes import normalize_name
from juesuan.model.narrative import FactKind, Paragraph, Section
from juesuan.model.provenance import Source
from juesuan.model.report import UNREADABLE, Report
from juesuan.model.tables import BalanceTable, Table, TableKind
from juesuan.profiles import TitleSet, registry

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_COMPARE_CONTEXT = re.compile(r"(与|较|比|同)\s*$|上年|上一年|同期")


def _paragraphs(ctx: Context, kinds: tuple[str, ...] = ("narrative", "", "glossary", "overview", "tables", "appendix")) -> list[Paragraph]:
    out: list[Paragraph] = []
    for part in ctx.report.narrative.parts:
        if part.kind not in kinds:
            continue
        for section in part.walk():
            if section.heading is not None:
                out.append(section.heading)
        out.extend(part.all_paragraphs())
    return out


def places_of(ctx: Context) -> list[Place]:
    """Every place of the document that carries text (:func:`juesuan.check.places.text_places`)."""
    return ctx.cache("text_places", lambda: text_places(ctx.report))


def _other_years(text: str, year: int) -> Iterator[re.Match[str]]:
    """Each “YYYY 年” in ``text`` that is not ``year``."""
    return (m for m in _YEAR.finditer(text) if int(m.group(1)) != year)


def document_year(ctx: Context) -> int | None:
    """The year most of the document speaks of (cover, table headers, 自评表, "YYYY 年度")."""

    def build() -> int | None:
        votes: Counter[int] = Counter()
        meta = ctx.report.metadata.year
        if meta:
            votes[meta] += 1
        for table in ctx.report.tables:
            if table.header.year:
                votes[table.header.year] += 1
        for project in ctx.report.projects:
            if project.year:
                votes[project.year] += 1
        for paragraph in _paragraphs(ctx, ("narrative", "")):
            for m in re.finditer(r"((?:19|20)\d{2})\s*年度", paragraph.text):
                before = paragraph.text[max(0, m.start() - 6) : m.start()]
                if not _COMPARE_CONTEXT.search(before):
                    votes[int(m.group(1))] += 1
        return votes.most_common(1)[0][0] if votes else None

    return ctx.cache("document_year", build)


@register
class Years(Rule):
    """全文年度一致。

    检查内容
        封面、目录、表头（“2024 年度”）、绩效自评表（“（2024年度）”、年度目标及完成情况）、情况说明中的年度和日期（“截至 2024 年 12 月 31 日”）
        都是决算年度；只有与上年比较的语境（“与 2023 年相比”“比上年”）可以出现上一年。
    为什么重要
        年度写错是复制上一年文本的典型痕迹，也会让读者误解数字所属的年份。
    反例
        项目自评表年度目标“2025年12月100%完成绩效目标”（2024 年度决算）。
    正例
        “2024年末100%足额按时发放待遇资金。”
    """

    id = "YZ01"
    name = "consistency.years"
    category = Category.CONSISTENCY
    title = "年度一致"
    message = "{where}出现“{text}”，本决算的年度为 {year} 年。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        year = document_year(ctx)
        if year is None:
            raise CouldNotCheck("无法确定决算年度")
        # cover and table of contents
        meta = ctx.report.metadata
        if meta.year and meta.year != year:
            yield self.hit([meta.source], where="封面", text=f"{meta.year}年度", year=year)
        elif meta.title:
            for m in _other_years(meta.title, year):  # a 年度 the cover prints besides the one read (not its date: “2024年8月”)
                if not meta.title[m.end() :].lstrip().startswith("度"):
                    continue
                yield self.hit([meta.source.at(text=m.group(0))], where="封面", text=m.group(0), year=year)
        for entry in ctx.report.toc:
            for m in _other_years(entry.title, year):
                yield self.hit([entry.source], where="目录", text=m.group(0), year=year)
        for table in ctx.report.tables:
            if table.header.year and table.header.year != year:
                yield self.hit([header_line(table.header, "年度")], where=f"{table.kind.value}表头", text=table.header.year_text, year=year)
        for project in ctx.report.projects:
            if project.year and project.year != year:
                yield self.hit([form_line(project.lines, project.source, column="年度")], where=f"绩效自评表（{project.name}）", text=project.year_text, year=year)
            for label, text in (("年度目标", project.goal), ("全年实际完成情况", project.achieved)):
                for m in _other_years(text, year):
                    yield self.hit([project.goal_source.at(text=text[:40])], where=f"绩效自评表（{project.name}）的{label}", text=_phrase(text, m), year=year)
        for whole in ctx.report.whole:
            if whole.year and whole.year != year:
                yield self.hit([form_line(whole.lines, whole.source, column="年度")], where="整体绩效自评表", text=whole.year_text, year=year)
            for text in (whole.goal, whole.achieved):
                for m in _other_years(text, year):
                    yield self.hit([whole.goal_source.at(text=text[:40])], where="整体绩效自评表的年度目标", text=_phrase(text, m), year=year)
        for part in ctx.report.narrative.parts:
            for m in _other_years(part.title, year):
                yield self.hit([part.source], where="标题", text=m.group(0), year=year)
        for paragraph in _paragraphs(ctx, ("narrative", "", "overview", "glossary")):
            for fact in paragraph.facts:
                if fact.kind not in (FactKind.YEAR, FactKind.DATE) or fact.value is None:
                    continue
                value = int(fact.value)
                if value == year:
                    continue
                before = paragraph.text[max(0, fact.start - 6) : fact.start]
                after = paragraph.text[fact.end : fact.end + 6]
                if value == year - 1 and (_COMPARE_CONTEXT.search(before) or re.match(r"\s*(相比|比较|同期|决算数)", after)):
                    continue
                if fact.kind == FactKind.YEAR and value < year - 1 and not fact.text.endswith("年度"):
                    continue  # history ("1906 年建立") and document titles
                yield self.hit([fact.source], where="正文", text=fact.text, year=year)


def document_department(ctx: Context) -> str:
    """The unit's name as most of the document prints it: the cover, the table headers and the
    titles that name the unit (目录, part titles) vote; of the votes for one unit (a name and its
    shortened forms), the fullest form is the name."""

    def build() -> str:
        report = ctx.report
        names = [report.metadata.department] + [t.header.unit_name for t in report.tables]
        names += [title_name(e.title) for e in report.toc if e.level == 1]
        names += [title_name(p.title) for p in report.narrative.parts]
        names = [n for n in names if n]
        if not names:
            return ""
        groups: list[list[str]] = []
        for name in names:
            group = next((g for g in groups if _same_unit(g[0], name)), None)
            if group is None:
                groups.append([name])
            else:
                group.append(name)
        best = max(groups, key=len)  # the first of equals: the cover's
        return max(best, key=lambda n: len(_core(n)))

    return ctx.cache("document_department", build)


_DATE_AFTER_YEAR = re.compile(r"\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|度|末|底|初")


def _phrase(text: str, m: re.Match[str]) -> str:
    """The year as written with the date that follows it (“2025年12月”, “2025年末”)."""
    rest = _DATE_AFTER_YEAR.match(text, m.end())
    return m.group(0) + (rest.group(0) if rest else "")


@lru_cache(maxsize=1 << 10)
def _core(name: str) -> str:
    """A unit name without codes, dashes, spaces and the province prefix."""
    text = re.sub(r"^\d+|-?\d{6,}$|-$", "", name.strip())
    text = text.strip("-— ")
    return normalize_name(text)


def _mentions_at(place: Place, unit: UnitName) -> list[Mention]:
    """The unit's name in ``place``: anywhere in a title or a name field, in running text only
    where it is the subject (followed by a year, 部门决算, 概况 or 本级)."""
    running = place.kind in (PlaceKind.TEXT, PlaceKind.HEADING, PlaceKind.TABLE_FRAME) and not place.name_field
    return mentions(place.text, unit, subject_only=running)


def _same_unit(a: str, b: str) -> bool:
    """The same unit, or a name that could not be read whole (``□``: a character OCR could not
    read) — which is "could not compare", never a finding."""
    x, y = _core(a), _core(b)
    if not x or not y or UNREADABLE in x or UNREADABLE in y:
        return True
    return x == y or x.endswith(y) or y.endswith(x)


@register
class UnitNames(Rule):
    """单位名称前后一致。

    检查内容
        表头“单位：”、绩效自评表的“实施单位”和整体自评表的单位名称，与封面上的部门（单位）名称一致（可省略省名、可带单位编码）；
        正文中与单位名称只差一两个字的写法也报告。
    为什么重要
        名称写错（如“朝阳区”写成“朝阳市”）会让人怀疑表格来自另一个单位。
    反例
        封面“辽宁省朝阳市社会保险事业服务中心”，自评表实施单位“朝阳区社会保险事业服务中心”。
    正例
        “朝阳市社会保险事业服务中心”（省略省名）。
    """

    id = "YZ02"
    name = "consistency.unit-names"
    category = Category.CONSISTENCY
    title = "单位名称一致"
    message = "{where}的单位名称“{printed}”与本单位名称“{department}”（封面及各表表头）不一致。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        department = document_department(ctx)
        if not department:
            raise CouldNotCheck("没有识别出部门（单位）名称")
        unit = split_unit(department)
        checked_levels = not has_placeholder(department)
        cover_reported = False
        for place in places_of(ctx):
            if place.name_field or place.kind in (PlaceKind.TABLE_ROW, PlaceKind.FORM):
                continue
            wrong = [m for m in _mentions_at(place, unit) if m.form in (NameForm.LOWER_LEVEL_MISSING, NameForm.OTHER_PLACE)] if checked_levels else []
            for mention in wrong:
                if mention.form is NameForm.LOWER_LEVEL_MISSING:
                    message = f"{place.where}的单位名称“{mention.printed}”少了“{mention.missing}”，是另一级单位的名称；本单位为“{department}”。"
                else:
                    message = f"{place.where}的单位名称“{mention.printed}”是另一地方的单位；本单位为“{department}”。"
                yield Hit(message=message, sources=(place.at(mention.start, mention.end),))
                cover_reported = cover_reported or place.kind is PlaceKind.COVER
            if not wrong and place.kind in (PlaceKind.TOC, PlaceKind.PART, PlaceKind.HEADING, PlaceKind.TEXT):
                yield from self._near_misses(place.text, place.source, department, place.where if place.kind in (PlaceKind.TOC, PlaceKind.PART) else "正文", place.paragraph)
        cover = ctx.report.metadata.department
        if cover and not cover_reported and not _same_unit(cover, department):
            yield self.hit([ctx.report.metadata.source.at(text=cover)], where="封面", printed=cover, department=department)
        for table in ctx.report.tables:
            name = table.header.unit_name
            if name and not _same_unit(name, department):
                yield self.hit([header_line(table.header, "单位")], where=f"{table.kind.value}表头", printed=name, department=department)
        for project in ctx.report.projects:
            if project.implementer and not _same_unit(project.implementer, department):
                source = form_line(project.lines, project.source, startswith="实施单位")
                yield self.hit([source.at(table=project.title, row=project.name, column="实施单位")], where=f"绩效自评表（{project.name}）实施单位", printed=project.implementer, department=department)
        for whole in ctx.report.whole:
            if whole.name and not _same_unit(whole.name, department):
                source = form_line(whole.lines, whole.source, startswith="部门（单位）名称")
                yield self.hit([source], where="整体绩效自评表", printed=whole.name, department=department)

    def _near_misses(self, text: str, source: Source, department: str, where: str, paragraph: Paragraph | None = None) -> Iterator[Hit]:
        """A name in the text that differs from the unit's name by one or two characters."""
        targets = {normalize_name(department)}
        m = re.match(r"^.{2,3}?省(.+)$", _core(department))
        if m:
            targets.add(m.group(1))
        compact = normalize_name(text)
        for target in sorted(targets, key=len, reverse=True):
            n = len(target)
            if n < 6 or target in compact or (target[:2] not in compact and target[-2:] not in compact):
                continue
            last = len(compact) - n
            i = compact.find(target[:2])
            while 0 <= i <= last:  # each window that starts as the name does, in the text's order
                window = compact[i : i + n]
                i = compact.find(target[:2], i + 1)
                if window[-2:] != target[-2:] or UNREADABLE in window:
                    continue
                same = sum(1 for a, b in zip(window, target, strict=True) if a == b)
                if n - same in (1, 2):
                    line = source.line
                    if paragraph is not None:
                        at = paragraph.text.find(window[:4])
                        line = paragraph.line_at(at) if at >= 0 else line
                    yield self.hit([source.at(line=line, text=window)], where=where, printed=window, department=department)
                    return


@register
class SupervisingDepartment(Rule):
    """主管部门名称前后一致。

    检查内容
        各张项目自评表的“主管部门”应相同（去掉末尾的“-”和编码后比较）；个别表与多数不同时报告。
    为什么重要
        一个单位只有一个主管部门，写法不同多半是笔误或从别处复制。
    反例
        八张表为“朝阳市人力资源和社会保障局”，一张为“朝阳区人力资源和社会保障局”。
    正例
        全部为“朝阳市人力资源和社会保障局”。
    """

    id = "YZ03"
    name = "consistency.supervising-department"
    category = Category.CONSISTENCY
    title = "主管部门一致"
    message = "绩效自评表（{project}）的主管部门“{printed}”与其他自评表的“{majority}”不一致。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        projects = [p for p in ctx.report.projects if p.department]
        if len(projects) < 2:
            raise NotApplicable("少于两张写有主管部门的自评表")
        counts = Counter(_core(p.department) for p in projects)
        majority, count = counts.most_common(1)[0]
        if count <= len(projects) / 2:
            return
        label = next(p.department for p in projects if _core(p.department) == majority)
        for project in projects:
            if _core(project.department) != majority:
                source = form_line(project.lines, project.source, startswith="主管部门")
                yield self.hit([source.at(table=project.title, row=project.name, column="主管部门")], project=project.name, printed=project.department, majority=label.rstrip("-"))


_TOC_NUMBER = re.compile(r"^(表\s*\d+\s*[：:]?|[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、)")  # “表1：” “（一）” “一、”
_TABLE_NUMBER = re.compile(r"^(表\s*\d+\s*[：:.．、]?|公开\s*\d+\s*表)")  # “表1.” “公开01表”


def _bare_title(title: str, number: re.Pattern[str]) -> str:
    """A table title as titles are compared: without its number, spaces and quotation marks."""
    return re.sub(r"[\"“”]", "", normalize_name(number.sub("", title)))


@lru_cache(maxsize=4)
def _title_kinds(known: TitleSet) -> dict[str, TableKind]:
    """Every table title the profiles know, as titles are compared, with its kind."""
    return {_bare_title(title, _TOC_NUMBER): kind for title, kind in known.pairs}


@register
class TocTitles(Rule):
    """目录中的表名与表格标题一致。

    检查内容
        目录列出的决算表名称、顺序、张数与正文中的表格标题一致。
    为什么重要
        目录与正文不符，读者按目录找不到表，也说明表格被替换过。
    反例
        目录“九、国有资本经营预算财政拨款支出决算表”，正文表题“国有资本经营预算财政拨款收入支出决算表”。
    正例
        两处一致。
    """

    id = "YZ04"
    name = "consistency.toc-titles"
    category = Category.CONSISTENCY
    severity = Severity.WARNING
    title = "目录与表题一致"
    message = "目录中的第{index}张表为“{toc}”，正文表题为“{table}”。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        toc = ctx.report.toc
        if not toc:
            raise Absent("文档没有目录")
        known = _title_kinds(registry().titles)
        entries = [(e, known.get(_bare_title(e.title, _TOC_NUMBER))) for e in toc if e.title.endswith("表")]
        listed = [(e, k) for e, k in entries if k is not None]
        tables = [t for t in ctx.report.tables if t.kind != TableKind.OTHER]
        # tables and entries are paired by what they are, so one table left out of the contents
        # does not shift every later pair
        by_kind: dict[TableKind, Table] = {}
        for table in tables:
            by_kind.setdefault(table.kind, table)
        for index, (entry, kind) in enumerate(listed, start=1):
            found = by_kind.get(kind) if kind is not None else None
            if found is None:
                yield Hit(message=f"目录中的第{index}张表“{entry.title}”在正文中没有。", sources=(entry.source,), severity=Severity.WARNING, absence=True)
                continue
            table = found
            if _bare_title(table.header.title, _TABLE_NUMBER) != _bare_title(entry.title, _TOC_NUMBER):
                yield self.hit([entry.source, table.header.source], index=index, toc=entry.title, table=table.header.title)
        if listed:
            kinds = {k for _, k in listed}
            for table in tables:
                if table.kind not in kinds:
                    yield Hit(message=f"正文中的“{table.header.title}”没有列入目录。", sources=(table.header.source, listed[0][0].source), severity=Severity.WARNING)
            order_toc = [k for _, k in listed if k in by_kind]
            order_body = [t.kind for t in tables if t.kind in kinds]
            if order_toc != order_body:
                yield Hit(message="目录中决算表的顺序与正文不同。", sources=(listed[0][0].source,), severity=Severity.WARNING)


@register
class ItemNamingInText(Rule):
    """同一项目在文字和表格中叫法一致。

    检查内容
        情况说明与名词解释对收支项目的称呼与决算表一致，如表中为“年初结转和结余”，文中不写“上年结转和结余”。
    为什么重要
        同一数字两个名字，读者会以为是两个数。
    反例
        01表“年初结转和结余”，情况说明“上年结转和结余 0.00 万元”。
    正例
        统一为“年初结转和结余”。
    """

    id = "YZ05"
    name = "consistency.item-naming"
    category = Category.CONSISTENCY
    severity = Severity.INFO
    title = "项目叫法一致"
    message = "{where}称“{printed}”，决算表中为“{table_name}”。"

    _PAIRS = (("上年结转和结余", "年初结转和结余"), ("上年结转结余", "年初结转和结余"))

    def run(self, ctx: Context) -> Iterator[Hit]:
        t01 = ctx.report.table(TableKind.INCOME_EXPENDITURE_SUMMARY, BalanceTable)
        if t01 is None:
            raise Absent("文档中没有收入支出决算总表")
        labels = {normalize_name(ln.label) for ln in t01.lines}
        for printed, table_name in self._PAIRS:
            if not any(table_name in label for label in labels) or any(printed in label for label in labels):
                continue
            for claim in claims_of(ctx).amounts:
                if claim.subject == printed:
                    yield self.hit([claim.fact.source], where="情况说明", printed=printed, table_name=table_name)
            for term in ctx.report.glossary:
                if printed in term.term:
                    yield self.hit([term.source], where="名词解释", printed=printed, table_name=table_name)


@register
class Placeholders(Rule):
    """没有残留的模板占位符。

    检查内容
        全文每一处（封面、目录、各部分标题、正文、名词解释、表题、表头与表注、表中行名、自评表）没有“XX”“××”“某某”“……”“待补充”“待填写”“【……】”等模板占位内容。
    为什么重要
        占位符说明该处内容没有填写，是公开文件中最显眼的错误。
    反例
        “上海市XX局2024年度无政府性基金预算财政拨款收入和支出。”；目录“第二部分 上海市XX局2024年度部门决算表”。
    正例
        “上海市普陀区财政局2024年度无……”。
    """

    id = "YZ06"
    name = "consistency.placeholders"
    category = Category.CONSISTENCY
    title = "模板占位符"
    message = "发现未填写的占位内容“{text}”：“{context}”。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        for place in places_of(ctx):
            for m in PLACEHOLDERS.finditer(place.text):
                context = place.text[max(0, m.start() - 12) : m.end() + 12]
                yield self.hit([place.at(m.start(), m.end())], text=m.group(0), context=context)


@register
class EmptyReason(Rule):
    """“主要原因”后面有内容。

    检查内容
        “主要原因是”“主要原因：”之后紧跟句号、分号或什么都没有。
    为什么重要
        模板要求说明原因而未填写，等于没有说明。
    反例
        “与上年相比，财政拨款收入支出总计持平。主要原因：”
    正例
        “主要原因：人员变动。”
    """

    id = "YZ07"
    name = "consistency.empty-reason"
    category = Category.CONSISTENCY
    severity = Severity.WARNING
    title = "原因没有留空"
    message = "“{context}”后面没有写原因。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        paragraphs = _paragraphs(ctx, ("narrative", ""))
        for index, paragraph in enumerate(paragraphs):
            text = paragraph.text
            for m in re.finditer(r"(?:主要)?原因(?:是|为|如下)?[：:]?", text):
                rest = text[m.end() : m.end() + 6]
                if not m.group(0).startswith("主要"):
                    continue
                if rest == "" and m.group(0).endswith(("：", ":")) and index + 1 < len(paragraphs) and not re.match(r"^\s*[一二三四五六七八九十（(\d]", paragraphs[index + 1].text):
                    continue  # the reason is the next paragraph
                if rest == "" or re.match(r"^\s*[。；;，,]", rest):
                    line = paragraph.line_at(m.start())
                    yield self.hit([paragraph.source.at(line=line, text=m.group(0))], context=_clause_before(text, m.start(), m.end()))


def _clause_before(text: str, start: int, end: int, width: int = 24) -> str:
    """The words that lead up to ``text[start:end]``: from the start of the sentence, or of the
    clause when the sentence is long (never from the middle of a number)."""
    begin = max(text.rfind(c, 0, start) for c in "。；;！？") + 1
    if end - begin > width:
        cut = [i for i in (text.find(c, end - width, start) for c in "，,、：") if i >= 0]
        begin = min(cut) + 1 if cut else begin
    return text[begin:end].strip()


_TYPOS = (
    (re.compile(r"([。，；：、！？])\1"), "标点重复"),
    (re.compile(r"(的的|了了|和和|是是|在在)"), "字词重复"),
    (re.compile(r"\d{4}\s*年\s*年度"), "“年”字重复"),
    (re.compile(r"均以完成|已以完成"), "“以”应为“已”"),
    (re.compile(r"(?:增长|下降|降低|上升|占)\s*\d+\.\d+(?![\d.%％万元亿个人次辆])"), "百分数缺少“%”"),
)


@register
class Typography(Rule):
    """标点、括号和常见笔误。

    检查内容
        重复的标点（“。。”“，，”）、重复的字（“的的”“2024年年度”）、括号不成对、常见别字（“均以完成”）。
    为什么重要
        细小的文字错误会降低整份公开文件的可信度。
    反例
        “各项绩效指标均以完成。”
    正例
        “各项绩效指标均已完成。”
    """

    id = "YZ08"
    name = "consistency.typography"
    category = Category.CONSISTENCY
    severity = Severity.INFO
    title = "文字笔误"
    message = "{problem}：“{text}”。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        texts: list[tuple[str, Source, Paragraph | None]] = [(p.text, p.source, p) for p in _paragraphs(ctx)]
        for whole in ctx.report.whole:
            texts.append((whole.year_text, whole.source, None))
        for project in ctx.report.projects:
            texts.append((project.year_text, project.source, None))
        for text, source, paragraph in texts:
            for pattern, problem in _TYPOS:
                for m in pattern.finditer(text):
                    line = paragraph.line_at(m.start()) if paragraph is not None else source.line
                    yield self.hit([source.at(line=line, text=m.group(0))], problem=problem, text=text[max(0, m.start() - 8) : m.end() + 8])
            for lefts, rights, shown in (("（(", "）)", "（）"), ("“", "”", "“”"), ("《", "》", "《》")):
                opened = sum(text.count(c) for c in lefts)
                closed = sum(text.count(c) for c in rights)
                if opened != closed and paragraph is not None:
                    yield self.hit([source], problem=f"“{shown}”不成对", text=text[:30])
                    break


@register
class TableNumbers(Rule):
    """表号符合版式。

    检查内容
        印有表号（“公开01表”“表1”）时，每张表的表号与版式规定的编号一致（辽宁、上海：07 为“三公”经费表；中央：07 为政府性基金表）。
    为什么重要
        表号错位会让“见公开07表”之类的引用指错表。
    反例
        “财政拨款‘三公’经费支出决算表 公开08表”。
    正例
        “公开07表”。
    """

    id = "YZ09"
    name = "consistency.table-numbers"
    category = Category.CONSISTENCY
    severity = Severity.WARNING
    title = "表号"
    message = "{table}的表号为“{printed}”，{profile}规定为第 {expected} 张。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        numbered = [t for t in ctx.report.tables if t.header.number_value is not None]
        if not numbered or not ctx.profile.numbered:
            raise NotApplicable("表格没有印表号，或版式没有规定表号")
        for table in numbered:
            expected = ctx.profile.table_number(table.kind)
            if expected is not None and table.header.number_value != expected:
                yield self.hit([header_line(table.header, "表号")], table=table.kind.value, printed=table.header.number, profile=ctx.profile.short_title, expected=expected)


@register
class MoneyUnits(Rule):
    """金额单位统一。

    检查内容
        各决算表的金额单位相同（通常为万元）；情况说明中的金额单位与表格不同且数字相差一万倍时（元/万元混用）另由 TX01 报告。
    为什么重要
        元与万元混用是最常见的大错，数字会差一万倍。
    反例
        02表“金额单位：元”，其余各表为万元。
    正例
        全部为万元。
    """

    id = "YZ10"
    name = "consistency.money-units"
    category = Category.CONSISTENCY
    severity = Severity.WARNING
    title = "金额单位统一"
    message = "{table}的金额单位为{unit}，其他多数表为{majority}。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        tables = ctx.report.tables
        if len(tables) < 2:
            raise NotApplicable("表格少于两张")
        counts = Counter(t.header.money_unit for t in tables)
        majority = counts.most_common(1)[0][0]
        for table in tables:
            if table.header.money_unit != majority:
                yield self.hit([header_line(table.header, "金额单位")], table=table.kind.value, unit=table.header.money_unit.value, majority=majority.value)


# a year as it may be mistyped: digits (any width, spaces between them), O/〇/l for 0/1, one X
_YEAR_LIKE = re.compile(r"(?<![\dA-Za-z０-９.．,，%％])([0-9０-９OoＯ〇lIXx×](?:\s?[0-9０-９OoＯ〇lIXx×]){1,5})\s*年(度|\s*(?:部门|单位)?决算|\s*\d{1,2}\s*月)?")
_LOOKALIKE = str.maketrans({"O": "0", "o": "0", "〇": "0", "l": "1", "I": "1"})


def broken_year(token: str, year: int | None, *, plain: bool = False) -> str | None:
    """Why ``token`` (the text printed before 年度 / 年决算 / 年N月) is not a year, or ``None`` when it
    is one (“2024”, “２０２４”, “2 024”) or no year was meant (“3”, “12”). ``plain``: the token is
    followed by a bare 年 (“建校 110 年” is no year), so only a token that is the document's year
    cut or doubled counts."""
    text = unicodedata.normalize("NFKC", token).replace(" ", "")
    if re.fullmatch(r"(?:19|20)\d{2}", text):
        return None
    if PLACEHOLDERS.search(text):
        return None  # “20XX”: an unfilled template, reported by YZ06
    if re.search(r"[Xx×]", text):
        return "年份未填写完整"
    if re.search(r"[OoＯ〇lI]", text):
        digits = text.translate(_LOOKALIKE)
        return "年份中混入了字母" if re.fullmatch(r"(?:19|20)\d{2}", digits) else None
    if not text.isdigit():
        return None
    shown = str(year) if year else ""
    if plain:
        if shown and len(text) == 3 and text in (shown[:3], shown[1:]):
            return "年份少了一位数字"
        if shown and len(text) == 5 and shown in text:
            return "年份多了一位数字"
        return None
    if len(text) == 3 and (text[:2] in ("19", "20") or (shown and shown.endswith(text))):
        return "年份少了一位数字"
    if len(text) == 5 and (text[:2] in ("19", "20") or (shown and shown in text)):
        return "年份多了一位数字"
    return None


@register
class BrokenYears(Rule):
    """年份写完整。

    检查内容
        封面、目录、各部分标题、正文、表题表注和自评表中，“年度”“年部门决算”“年N月”（以及本年度年份写残的“年”）之前的年份是完整的四位数字：
        没有少一位（“202 年度”）、多一位（“20244 年度”）、混入字母（“2O24”）或只填了一半（“202X 年度”）。
        全角数字（“２０２４年度”）和数字间的空格（“2 024 年度”，转换造成）不算错。
    为什么重要
        残缺的年份多是排版或替换时出错，出现在目录和标题上尤其显眼，读者也无法确认文件所属年度。
    反例
        目录“第二部分 上海市普陀区财政局202 年度部门决算表”。
    正例
        “第二部分 上海市普陀区财政局2024年度部门决算表”。
    """

    id = "YZ11"
    name = "consistency.broken-years"
    category = Category.CONSISTENCY
    title = "年份写完整"
    message = "{where}的年份写作“{text}”：{problem}。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        year = document_year(ctx)
        for place in places_of(ctx):
            if "年" not in place.text:
                continue
            for m in _YEAR_LIKE.finditer(place.text):
                problem = broken_year(m.group(1), year, plain=m.group(2) is None)
                if problem is None:
                    continue
                if year:
                    problem += f"（本决算为 {year} 年度）"
                yield self.hit([place.at(m.start(1), m.end())], where=place.where, text=place.text[m.start(1) : m.end()].strip(), problem=problem)


@register
class UnitNameWithoutPlace(Rule):
    """标题和固定表述中的单位名称写明所属地方。

    检查内容
        封面、目录、各部分标题、表题、表头“单位：”、自评表的单位名称，以及正文中以单位为主语的固定表述
        （“××2024年度无……”“纳入××2024年度部门决算编制范围”）里，单位名称至少保留最低一级的地方名
        （“普陀区财政局”“区财政局”可以；只写“财政局”不行）。省去上级（“上海市”“辽宁省”）不算错；
        留着上级却丢了区县（“上海市财政局”）是另一个单位，由 YZ02 作为错误报告。
    为什么重要
        每个区都有财政局，只写“财政局”读者无法确定是哪一个单位的决算，标题处尤其如此。
    反例
        目录“第二部分 财政局2024年度部门决算表”（本单位为“上海市普陀区财政局”）。
    正例
        “第二部分 上海市普陀区财政局2024年度部门决算表”，或“普陀区财政局……”。
    """

    id = "YZ12"
    name = "consistency.unit-name-place"
    category = Category.CONSISTENCY
    severity = Severity.WARNING
    title = "单位名称写明所属地方"
    message = "{where}只写了“{printed}”，没有写明所属的“{missing}”（本单位为“{department}”）。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        department = document_department(ctx)
        if not department:
            raise CouldNotCheck("没有识别出部门（单位）名称")
        if has_placeholder(department):
            raise NotApplicable("单位名称是未填写的占位符（由 YZ06 报告）")
        unit = split_unit(department)
        if not unit.levels:
            raise NotApplicable(f"单位名称“{department}”不含地方名")
        for place in places_of(ctx):
            if place.kind is PlaceKind.TABLE_ROW or (place.kind is PlaceKind.FORM and not place.name_field):
                continue
            for mention in _mentions_at(place, unit):
                if mention.form is not NameForm.BARE:
                    continue
                hit = self.hit([place.at(mention.start, mention.end)], where=place.where, printed=mention.printed, missing=mention.missing, department=department)
                if place.kind in (PlaceKind.TEXT, PlaceKind.HEADING, PlaceKind.TABLE_FRAME) and not place.name_field:
                    hit = Hit(message=hit.message, sources=hit.sources, severity=Severity.INFO)  # running text: a hint
                yield hit


def _numbered(text: str, source: Source) -> Numbered[Source] | None:
    found = item_number(text)
    return None if found is None else Numbered(found[0], found[1], source)


# an item that begins after the end of a sentence inside a paragraph (“……财务规则。（八）负责……”:
# the line break before it was lost)
_INNER_ITEM = re.compile(r"[。；！？]\s*(?=[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]|[一二三四五六七八九十]{1,3}\s*、|\d{1,2}\s*[.、](?!\d)|[\u2460-\u2473])")


def _container_items(paragraphs: tuple[Paragraph, ...], sections: tuple[Section, ...]) -> list[Numbered[Source]]:
    """The numbered items directly under a part or section, in reading order (its own paragraphs
    come before its first subsection)."""
    items: list[Numbered[Source] | None] = []
    for paragraph in paragraphs:
        items.append(_numbered(paragraph.text, paragraph.source))
        for m in _INNER_ITEM.finditer(paragraph.text):
            items.append(_numbered(paragraph.text[m.end() :], paragraph.source.at(line=paragraph.line_at(m.end()))))
    items += [_numbered(s.number, s.source) for s in sections if s.number]
    return [i for i in items if i is not None]


def numbering_runs(report: Report) -> Iterator[tuple[str, list[Numbered[Source]]]]:
    """Each list of numbered things with where it is: the 目录 (by level, under each entry), the
    parts, and the sections and items under each part and section."""
    toc = report.toc
    if toc:
        for level in sorted({e.level for e in toc}):
            run: list[Numbered[Source]] = []
            parent = "目录"
            for entry in toc:
                if entry.level < level:
                    if run:
                        yield parent, run
                    run, parent = [], f"目录“{entry.number}{entry.title}”下"
                elif entry.level == level and entry.number:
                    item = _numbered(entry.number, entry.source)
                    if item is not None:
                        run.append(item)
            if run:
                yield parent, run
    run = []
    for part in report.narrative.parts:
        item = _numbered(part.number, part.source) if part.number else None
        if item is None and run and not part.number:
            item = Numbered(run[-1].style, run[-1].value + 1, part.source)  # printed without its number (上海样张's 决算表)
        if item is not None:
            run.append(item)
    yield "各部分标题", run
    for part in report.narrative.parts:
        name = f"{part.number}“{part.title}”" if part.number else f"“{part.title}”"
        yield name, _container_items(part.paragraphs, part.sections)
        for section in part.walk():
            yield f"“{section.number}{section.title[:20]}”下", _container_items(section.paragraphs, section.sections)


@register
class Numbering(Rule):
    """各级编号连续、不重复、不颠倒。

    检查内容
        目录、各部分（第一部分……）、各级标题（一、（一）1.（1）①）、逐项说明的条目和名词解释的编号，
        每一级各自从 1 起依次递增：不跳号（“一、二、四、”）、不重号（“（1）（2）（2）”）、不颠倒（“1. 3. 2.”）。
        同一节中重新从 1 编起的另一组条目不算错；半角、全角括号和数字视为相同。
    为什么重要
        跳号、重号通常是删改时漏改编号，也可能是整段内容被删掉了；读者会以为缺了一节。
    反例
        情况说明的“（一）机关运行经费”“（二）政府采购”“（四）国有资产”。
    正例
        “（一）（二）（三）”。
    """

    id = "YZ13"
    name = "consistency.numbering"
    category = Category.CONSISTENCY
    severity = Severity.WARNING
    title = "编号连续"
    message = "{where}的编号{problem}。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        for where, items in numbering_runs(ctx.report):
            for slip in slips(items):
                yield self.hit([slip.item], where=where, problem=slip.describe())


def _titles_in_order(report: Report) -> list[tuple[str, Source]]:
    """Every part and section title in reading order, compared without spaces."""
    out: list[tuple[str, Source]] = []
    for part in report.narrative.parts:
        out.append((normalize_name(part.title), part.source))
        out.extend((normalize_name(s.title), s.source) for s in part.walk())
    return out


def _longest_rising(values: list[int]) -> set[int]:
    """The positions of a longest non-decreasing subsequence of ``values`` (what stays in place)."""
    best: list[list[int]] = []
    for i, value in enumerate(values):
        longest: list[int] = []
        for chain in best:
            if values[chain[-1]] <= value and len(chain) > len(longest):
                longest = chain
        best.append([*longest, i])
    kept: list[int] = []
    for chain in best:
        if len(chain) > len(kept):
            kept = chain
    return set(kept)


@register
class SectionOrder(Rule):
    """说明各节按版式规定的顺序排列。

    检查内容
        版式规定了情况说明各节的先后（上海样张：收入支出总体、收入、支出、财政拨款总体、一般公共预算、基本支出、“三公”经费、
        政府性基金、国有资本经营、预算绩效、其他重要事项；辽宁：收入支出总体、财政拨款支出、“三公”经费、基本支出、其他重要事项）
        时，文件中出现的各节按这个顺序排列。缺节由 CP02 报告，这里只看先后。
    为什么重要
        顺序错乱往往是整段复制粘贴时放错了位置，读者按版式查找时会找不到。
    反例
        上海版式中“七、财政拨款‘三公’经费支出决算情况说明”排在“五、一般公共预算财政拨款支出决算情况说明”之前。
    正例
        按样张顺序排列。
    """

    id = "YZ14"
    name = "consistency.section-order"
    category = Category.CONSISTENCY
    severity = Severity.WARNING
    title = "各节顺序"
    message = "“{section}”排在“{neighbour}”{side}，{profile}规定的顺序是先“{first}”后“{second}”。"
    requires = "section_order"

    def run(self, ctx: Context) -> Iterator[Hit]:
        titles = _titles_in_order(ctx.report)
        found: list[tuple[int, str, Source]] = []  # (position in the document, title as printed, source) in the profile's order
        for alternatives in ctx.profile.required_sections:
            words = [w for w in alternatives if ">" not in w]
            at = next((i for i, (title, _) in enumerate(titles) if any(w in title for w in words)), None)
            if at is not None and all(at != f[0] for f in found):
                found.append((at, titles[at][0], titles[at][1]))
        if len(found) < 2:
            raise NotApplicable("文件中可比较先后的必备小节少于两个")
        keep = _longest_rising([f[0] for f in found])
        for index, (position, title, source) in enumerate(found):
            if index in keep:
                continue
            # the section it should come after (in the profile) but is printed before
            earlier = [found[k] for k in sorted(keep) if k < index]
            later = [found[k] for k in sorted(keep) if k > index]
            if earlier and earlier[-1][0] > position:
                other = earlier[-1]
                yield self.hit([source], section=title, neighbour=other[1], side="之前", profile=ctx.profile.short_title, first=other[1], second=title)
            elif later:
                other = later[0]
                yield self.hit([source], section=title, neighbour=other[1], side="之后", profile=ctx.profile.short_title, first=title, second=other[1])
