"""KM — classification codes: format, hierarchy, names, editions (科目编码)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from juesuan.check.engine import Absent, Context, Hit, NotApplicable, Rule, register
from juesuan.check.identity import classified_tables
from juesuan.check.narrative import claims_of, resolved_items, same_or_cut_short
from juesuan.check.placeholders import has_placeholder
from juesuan.check.typos import known_names, name_slips
from juesuan.classification import class_lines
from juesuan.diagnostics import Category, Severity
from juesuan.model.codes import CatalogueEntry, CodeScheme, NameMatch, normalize_name
from juesuan.model.numerals import cn_to_int
from juesuan.model.tables import BalanceTable, BasicExpenditureTable, Side, TableKind
from juesuan.narrative.claims import item_chains
from juesuan.narrative.surface import QUOTES


@register
class CodeFormat(Rule):
    """科目编码格式正确。

    检查内容
        支出功能分类科目编码为 3 位（类）、5 位（款）或 7 位（项）数字；部门预算支出经济分类为 3 位（类）或 5 位（款）。
        公开06表里被转换截成 4 位的编码，若无法由名称确定完整编码，也在此提示。
    为什么重要
        编码位数错了，分级汇总和表间核对都会失效。
    反例
        “208050 机关事业单位基本养老保险缴费支出”（6 位）。
    正例
        “2080505 机关事业单位基本养老保险缴费支出”。
    """

    id = "KM01"
    name = "code.format"
    category = Category.CODE
    title = "科目编码格式"
    message = "{table}：科目编码“{code}”（{label}）{problem}。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        for table in classified_tables(ctx.report):
            for row in table.coded_rows:
                if row.code is not None and not row.code.well_formed:
                    yield self.hit([row.source], table=table.kind.value, code=row.code.printed or row.code.value, label=row.label, problem="位数不对，功能分类编码应为 3、5 或 7 位")
        basic = ctx.report.table(TableKind.GENERAL_BASIC, BasicExpenditureTable)
        if basic is not None:
            for item in basic.items:
                if not item.code.well_formed:
                    hit = self.hit(
                        [item.source], table=basic.kind.value, code=item.code.printed or item.code.value, label=item.name, problem="不完整，且无法由名称确定完整的经济分类编码"
                    )
                    yield Hit(message=hit.message, sources=hit.sources, severity=Severity.INFO) if len(item.code.value) == 4 else hit


@register
class CodeHierarchy(Rule):
    """项在款下、款在类下。

    检查内容
        每个项级科目的前五位是同一表中列出的款，每个款的前三位是列出的类，且下级科目排在其上级之后。
    为什么重要
        上级缺失或排错位置，说明行被误删、误移或编码录错。
    反例
        2080505 出现在 20808 抚恤之下。
    正例
        2080505 排在 20805 行政事业单位养老支出之下。
    """

    id = "KM02"
    name = "code.hierarchy"
    category = Category.CODE
    title = "科目层级关系"
    message = "{table}：{code} {label}的上级科目 {parent} {problem}。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        tables = classified_tables(ctx.report)
        if not tables:
            raise Absent("文档中没有按功能分类列示的决算表")
        for table in tables:
            seen: list[str] = []
            listed = {r.code.value for r in table.coded_rows if r.code is not None}
            for row in table.coded_rows:
                if row.code is None or not row.code.well_formed:
                    continue
                parent = row.code.parent
                if parent is not None:
                    if parent not in listed:
                        yield self.hit([row.source], table=table.kind.value, code=row.code.value, label=row.label, parent=parent, problem="不在表中")
                        continue  # an orphan says nothing about the order of the rows around it
                    if parent not in seen:
                        yield self.hit([row.source], table=table.kind.value, code=row.code.value, label=row.label, parent=parent, problem="排在它之后")
                    elif not seen[-1].startswith(parent):
                        yield self.hit([row.source], table=table.kind.value, code=row.code.value, label=row.label, parent=parent, problem="不紧挨在它之前（科目顺序错乱）")
                seen.append(row.code.value)


@register
class CodeNames(Rule):
    """科目编码与名称相符。

    检查内容
        表中每个科目编码的名称与分类目录中该编码的名称一致。因列宽被截断的名称只作提示；目录中没有的编码见 KM06。
    为什么重要
        编码和名称对不上，说明编码或名称有一个是错的，按编码汇总的数据会归错科目。
    反例
        “2101102 公务员医疗补助”（2101102 是事业单位医疗）。
    正例
        “2101102 事业单位医疗”。
    """

    id = "KM03"
    name = "code.names"
    category = Category.CODE
    title = "科目名称与编码相符"
    message = "{table}：编码 {code} 的名称为“{label}”，分类目录中为“{expected}”。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        for table in classified_tables(ctx.report):
            for row in table.coded_rows:
                if row.code is None or has_placeholder(row.label):  # an unfilled template row: YZ06 reports it
                    continue
                match = ctx.catalogue.match_name(CodeScheme.FUNCTION, row.code.value, row.label, ctx.year)
                entry = ctx.catalogue.get(CodeScheme.FUNCTION, row.code.value)
                if entry is None:
                    continue
                if match == NameMatch.DIFFERENT:
                    yield self.hit([row.source], table=table.kind.value, code=row.code.value, label=row.label, expected=entry.name)
        basic = ctx.report.table(TableKind.GENERAL_BASIC, BasicExpenditureTable)
        if basic is not None:
            for item in basic.items:
                entry = ctx.catalogue.get(CodeScheme.ECONOMIC, item.code.value)
                if entry is None or has_placeholder(item.name):
                    continue
                match = ctx.catalogue.match_name(CodeScheme.ECONOMIC, item.code.value, item.name, ctx.year)
                if match == NameMatch.DIFFERENT:
                    yield self.hit([item.source], table=basic.kind.value, code=item.code.value, label=item.name, expected=entry.name)


@register
class OldEditionNames(Rule):
    """没有使用旧版科目名称。

    检查内容
        表中、逐项说明中和名词解释中的科目名称，不是《政府收支分类科目》旧版本的名称（如“医疗卫生与计划生育支出”应为“卫生健康支出”，
        20805“行政事业单位离退休”应为“行政事业单位养老支出”）。
    为什么重要
        沿用旧名称多半是照抄往年文本，说明该部分没有按当年科目更新。
    反例
        名词解释：“社会保障和就业（类）行政事业单位离退休（款）事业单位离退休（项）”。
    正例
        “社会保障和就业支出（类）行政事业单位养老支出（款）事业单位离退休（项）”。
    """

    id = "KM04"
    name = "code.old-edition-names"
    category = Category.CODE
    severity = Severity.WARNING
    title = "没有使用旧版科目名称"
    message = "{where}使用了旧版科目名称“{old}”，{year}年版应为“{current}”（{code}）。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        year = ctx.year
        olds = [(e, name, last) for e in ctx.catalogue.entries if e.scheme == CodeScheme.FUNCTION for name, last in e.old_names if year is None or year > last]
        if not olds:
            raise NotApplicable("分类目录中没有旧版名称记录")
        by_code: dict[str, list[tuple[CatalogueEntry, str]]] = {}
        for entry, name, _ in olds:
            by_code.setdefault(entry.code, []).append((entry, name))
        for table in classified_tables(ctx.report):
            for row in table.coded_rows:
                if row.code is None or row.code.value not in by_code:
                    continue
                for entry, name in by_code[row.code.value]:
                    if normalize_name(row.label) == normalize_name(name):
                        yield self.hit([row.source], where=table.kind.value, old=name, year=year or "", current=entry.name, code=entry.code)
        for item in resolved_items(ctx):
            for _, printed, current in item.old_names:
                old_entry = next((e for e, name, _ in olds if normalize_name(name) == normalize_name(printed)), None)
                if old_entry is not None:
                    yield self.hit([item.claim.amount.source if item.claim.amount else item.claim.unit.paragraph.source], where="逐项说明", old=printed, year=year or "", current=current, code=old_entry.code)
        for term in ctx.report.glossary:
            text = term.term + "：" + term.definition
            for entry, name, _ in olds:
                if name not in text:  # cheap test first: almost no term names an old edition
                    continue
                # names in the glossary are often written without 支出: 行政事业单位离退休（款）
                # (a quote mark may close the name: “行政事业单位离退休”（款）)
                pattern = re.escape(name) + rf"\s*[{re.escape(QUOTES)}]?\s*[（(]\s*(类|款|项)\s*[)）]"
                for m in re.finditer(pattern, text):
                    level = m.group(1)
                    expected = {3: "类", 5: "款", 7: "项"}.get(len(entry.code))
                    if expected == level:
                        yield self.hit([term.source], where="名词解释", old=name, year=year or "", current=entry.name, code=entry.code)


@register
class SameCodeSameName(Rule):
    """同一科目在各表中名称一致。

    检查内容
        同一功能分类编码在公开02、03、05表等各表中的名称相同；01、04表的类级名称与其他表中该类的名称相同。因列宽截断造成的差异只作提示。
    为什么重要
        名称不一致说明某张表是单独改过的，或复制自不同版本。
    反例
        02表“2080505 机关事业单位基本养老保险缴费”，03表“2080505 机关事业单位基本养老保险缴费支出”（截断，仅提示）。
    正例
        各表名称一致。
    """

    id = "KM05"
    name = "code.same-code-same-name"
    category = Category.CODE
    severity = Severity.WARNING
    title = "同一科目各表名称一致"
    message = "编码 {code} 在{first}中为“{a}”，在{second}中为“{b}”。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        names: dict[str, tuple[str, str, object]] = {}
        for table in classified_tables(ctx.report):
            for row in table.coded_rows:
                if row.code is None:
                    continue
                code = row.code.value
                if code not in names:
                    names[code] = (table.kind.value, row.label, row.source)
                    continue
                first_table, first_name, first_source = names[code]
                a, b = normalize_name(first_name), normalize_name(row.label)
                if a == b:
                    continue
                truncated = same_or_cut_short(a, b)
                hit = self.hit([first_source, row.source], code=code, first=first_table, a=first_name, second=table.kind.value, b=row.label)  # type: ignore[list-item]
                message = hit.message.removesuffix("。") + "（列宽截断）。" if truncated else hit.message
                yield Hit(message=message, sources=hit.sources, severity=Severity.INFO if truncated else None)


@register
class UnknownCodes(Rule):
    """分类目录中没有的编码（提示）。

    检查内容
        列出表中出现、但所用分类目录里没有的编码。随附的目录是从已公开的决算表中收集的，并不完整，所以这只是提示（从不是错误），请对照当年《政府收支分类科目》核实；用 `juesuan catalogue import` 导入完整目录后以 `--catalogue` 或 juesuan.toml 的 `catalogue =` 使用。
    为什么重要
        生僻编码可能是录入错误，也可能只是目录没有收录。
    反例
        “2012601 行政运行”（档案事务，若所用目录未收录）。
    正例
        所有编码都在目录中。
    """

    id = "KM06"
    name = "code.unknown"
    category = Category.CODE
    severity = Severity.INFO
    title = "目录中没有的编码"
    message = "{scheme}编码“{code}”（{name}）未收录于 {edition}，请核实（对照当年《政府收支分类科目》）。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        for unknown in ctx.report.unknown_codes:
            if not unknown.code.isdigit():
                continue
            scheme = CodeScheme.FUNCTION if unknown.scheme == CodeScheme.FUNCTION.value else CodeScheme.ECONOMIC
            if ctx.catalogue.get(scheme, unknown.code) is not None:  # known to the edition in use
                continue
            label = "功能分类" if scheme == CodeScheme.FUNCTION else "经济分类"
            edition = ctx.catalogue.edition or "分类目录"
            yield self.hit([unknown.source], scheme=label, code=unknown.code, name=unknown.name, edition=edition)


@register
class ClassLines(Rule):
    """收支总表的类级支出名称和顺序符合规范。

    检查内容
        公开01、04表支出方的功能分类类级项目按规范名称、规范顺序列示（一、一般公共服务支出 … 二十六、抗疫特别国债安排的支出），序号连续；名称有错别字或顺序错乱时报告。
    为什么重要
        类级项目是固定格式，名称错误（如“抗役”）或漏行说明表格被手工改动。
    反例
        “二十六、抗役特别国债安排的支出”。
    正例
        “二十六、抗疫特别国债安排的支出”。
    """

    id = "KM07"
    name = "code.class-lines"
    category = Category.CODE
    severity = Severity.WARNING
    title = "类级支出项目规范"
    message = "{table}：支出方“{label}”{problem}。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        tables = [t for t in ctx.report.tables if isinstance(t, BalanceTable)]
        if not tables:
            raise Absent("文档中没有收支总表")
        order = [name for _, name in class_lines()]
        standard = {normalize_name(n) for n in order}
        for table in tables:
            numbers = []
            for line in table.side(Side.EXPENDITURE):
                m = re.match(r"^([一二三四五六七八九十]+)、(.+)$", line.label)
                if not m:
                    continue
                name = normalize_name(m.group(2))
                numbers.append((m.group(1), line))
                if name not in standard:
                    close = [n for n in order if len(n) == len(name) and sum(a != b for a, b in zip(n, name, strict=True)) == 1]
                    problem = f"不是规范的类级名称（应为“{close[0]}”？）" if close else "不是规范的类级名称"
                    yield self.hit([line.source], table=table.kind.value, label=line.label, problem=problem)
            values = [cn_to_int(numeral) for numeral, _ in numbers]
            expected = 1
            for i, (_, line) in enumerate(numbers):
                value = values[i]
                if value is not None and value != expected:
                    yield self.hit([line.source], table=table.kind.value, label=line.label, problem=f"序号应为第{expected}项")
                    following = values[i + 1] if i + 1 < len(values) else None
                    # one misprinted numeral (十一 → 十二, then 十二 again): the rows after it are
                    # numbered right; a row left out (十, 十二, 十三) goes on from the printed number
                    if following != expected + 1:
                        expected = value
                expected += 1


def _level_name_ok(printed: str, name: str) -> bool:
    a = normalize_name(printed)
    return bool(a) and same_or_cut_short(a, normalize_name(name))


@register
class GlossaryNames(Rule):
    """名词解释中的科目名称与决算表、分类目录一致。

    检查内容
        名词解释中“X（类）Y（款）Z（项）”形式的科目，逐级名称能在决算表（或分类目录）中找到，且下级在上级之下；
        允许省略“支出”二字的简称，旧版名称另由 KM04 报告。
    为什么重要
        名词解释是读者理解科目的依据，名称写错会误导读者。
    反例
        “住房保障（类）住房改革（款）住房公积（项）”。
    正例
        “住房保障（类）住房改革（款）住房公积金（项）”。
    """

    id = "KM08"
    name = "code.glossary-names"
    category = Category.CODE
    severity = Severity.WARNING
    title = "名词解释的科目名称"
    message = "名词解释“{term}”中的{level}级名称“{printed}”{problem}。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        terms = [t for t in ctx.report.glossary if "（类）" in t.term or "(类)" in t.term]
        if not terms:
            raise Absent("名词解释中没有“（类）（款）（项）”形式的科目")
        rows = [r for t in classified_tables(ctx.report) for r in t.coded_rows if r.code is not None]
        known = {r.code.value: r.label for r in rows if r.code is not None}
        for entry in ctx.catalogue.entries:
            if entry.scheme == CodeScheme.FUNCTION:
                known.setdefault(entry.code, entry.name)
        olds = {normalize_name(n) for e in ctx.catalogue.entries for n, _ in e.old_names}
        for term in terms:
            for names, _start in item_chains(term.term):
                parent = ""
                for depth, printed in enumerate(names):
                    level = ("类", "款", "项")[depth]
                    width = (3, 5, 7)[depth]
                    candidates = {c: n for c, n in known.items() if len(c) == width and c.startswith(parent)}
                    hit = next((c for c, n in sorted(candidates.items()) if _level_name_ok(printed, n)), None)
                    if hit is None:
                        if normalize_name(printed) in olds:
                            old = next((e for e in ctx.catalogue.entries for n, _ in e.old_names if normalize_name(n) == normalize_name(printed)), None)
                            hit = old.code if old is not None else None
                        if hit is None:
                            yield self.hit([term.source], term=term.term, level=level, printed=printed, problem="在决算表和分类目录中都找不到" if not parent else f"不在{parent}之下")
                            break
                    parent = hit


@register
class NarrativeNameSlips(Rule):
    """说明文字中的科目名称没有笔误（提示）。

    检查内容
        说明文字中写到科目名称的地方——逐项说明的“X（类）Y（款）Z（项）”、标明金额的科目（“3. 住房保障支出 66.63 万元”）、
        “主要包括/具体包括/主要用于 A、B、C 等”列举的经费项目——若某个名称在决算表、分类目录（含旧版名称）和项目名称中都找不到，
        却与其中恰好一个名称只差一个字（错一个字；六个字以上的名称也包括多一个或少一个字），提示可能是笔误。
        省略或多写“支出”“经费”“费用”“费”、多写或少写“的”“和”“及”、名称被截短或后接其他文字，都不算笔误。
    为什么重要
        表中的科目名称有编码可以核对（KM03），说明文字中的名称没有编码，错字只能靠人工通读才能发现。
    反例
        “人员经费 748.69 万元，主要包括基本工资、津贴补贴、机区事业单位基本养老保险缴费等”。
    正例
        “……机关事业单位基本养老保险缴费等”。
    """

    id = "KM09"
    name = "code.narrative-name-slips"
    category = Category.CODE
    severity = Severity.WARNING
    title = "说明中的科目名称笔误"
    message = "“{printed}”与{kind}“{expected}”只差一个字，疑为笔误。"

    def run(self, ctx: Context) -> Iterator[Hit]:
        claims = claims_of(ctx)
        if not claims.units:
            raise Absent("文档中没有说明文字")
        for slip in name_slips(claims, known_names(ctx.report, ctx.catalogue)):
            yield self.hit([slip.source], printed=slip.printed, kind="项目名称" if slip.project else "科目名称", expected=slip.expected)
