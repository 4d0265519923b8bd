"""A synthetic, labelled corpus: N departments × years written by juesuan's own writer, with known defects.

    .venv/bin/python benchmarks/synth.py OUT [--departments 100] [--years 2022-2024] [--pdf-share 0.5]
                                             [--defect-share 0.3] [--seed 1] [--jobs 2] [--score]

Each document starts from the made-up department of the writer's tests
(``tests/fixtures/render/made_up_department.yaml``, the sheets of the fill-in workbook) and varies
the way real departments differ, keeping every identity true:

- **names**: province/city or district, the unit, its 主管部门 and its subordinate unit;
- **amounts**: every figure in 万元 scaled by the department's size and its year's growth (a factor
  with two decimals: the whole-万元 items stay exact, so every sum still adds up), then moved
  between items consistently — a 功能分类 row's 基本支出 changes by the same amount in the income,
  expenditure and 一般公共预算 tables and in its 年初预算, its 经济分类 detail and the budget
  totals change with it;
- **items present or absent**: the 政府性基金 project (its rows, its 自评表 and indicators) and
  the 公务接待 spending come and go;
- **layout**: Liaoning or Shanghai (``render`` profiles), as Markdown text or PDF.

A share of the documents gets one injected defect, made in the writer's view-model before it is
written, so that the text and the PDF carry it alike: a table cell changed, a narrative amount or
percentage changed, a table's year or unit name changed, a required table left out. ``labels.jsonl``
lists every document with its department, year, layout, format and the defect (kind, where, the
rule group expected to report it) or none.

``--score`` then checks the corpus with ``juesuan.batch`` and prints, per defect kind, how many
documents the checker caught (an error or warning of the expected group) and, for the clean
documents, how many got any error or warning (false alarms).
"""

from __future__ import annotations

import argparse
import copy
import functools
import json
import random
import re
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

BASE = ROOT / "tests" / "fixtures" / "render" / "made_up_department.yaml"
BASE_YEAR = 2024
CENT = Decimal("0.01")

CITIES = ["青松", "白河", "临川", "东阳", "南平", "西宁", "北安", "长林", "安平", "清源", "云岭", "松原", "河口", "金山", "海城", "兴隆"]
DISTRICTS = ["静安", "长宁", "虹口", "杨浦", "闵行", "宝山", "嘉定", "松江", "青浦", "奉贤", "金山", "崇明"]
# (unit, 主管部门, subordinate unit): the made-up department's own names are the first entry
AGENCIES = [
    ("城市管理服务中心", "城市管理局", "城市照明管理所"),
    ("市政设施服务中心", "住房和城乡建设局", "道路养护所"),
    ("综合行政执法支队", "综合行政执法局", "执法保障中心"),
    ("环境卫生服务中心", "城市管理局", "垃圾处理场"),
    ("园林绿化服务中心", "自然资源局", "苗圃管理所"),
    ("公用事业服务中心", "住房和城乡建设局", "供排水管理所"),
]
# the money columns of each sheet (0-based); other numbers (counts, scores, codes, years) stay
MONEY = {
    "收入决算表": range(2, 8),
    "支出决算表": range(2, 7),
    "一般公共预算支出": range(2, 5),
    "基本支出明细": range(2, 3),
    "三公经费": range(1, 4),
    "政府性基金": range(2, 7),
    "国有资本经营": range(2, 7),
    "政府采购": range(1, 2),
    "绩效项目": range(4, 6),
    "整体绩效任务": range(1, 3),
}
MONEY_ROWS = {"基本信息": None, "三公数量": {"外事接待金额（万元）"}, "整体绩效": {"部门年初预算收入金额", "部门年初预算支出金额"}}
FUND_CODE = "2296004"  # the 政府性基金 project of the made-up department
FUND_PROJECT = "彩票公益金教育设施维护"


def money(value: Any, factor: Decimal) -> Any:
    if value in ("", None) or isinstance(value, bool):
        return value
    scaled = (Decimal(str(value)) * factor).quantize(CENT, ROUND_HALF_UP)
    return float(scaled)


def scale(sheets: dict[str, list[list[Any]]], factor: Decimal) -> None:
    for name, columns in MONEY.items():
        for row in sheets.get(name, [])[1:]:
            for i in columns:
                if i < len(row):
                    row[i] = money(row[i], factor)
    for name, only in MONEY_ROWS.items():
        for row in sheets.get(name, [])[1:]:
            if row[0] == "年度" or (only is not None and row[0] not in only):
                continue
            if isinstance(row[1], int | float):
                row[1] = money(row[1], factor)


def add(value: Any, delta: Decimal) -> float:
    return float((Decimal(str(value or 0)) + delta).quantize(CENT))


def info(sheets: dict[str, list[list[Any]]], key: str) -> list[Any]:
    return next(row for row in sheets["基本信息"] if row[0] == key)


def move_basic(sheets: dict[str, list[list[Any]]], rng: random.Random) -> None:
    """Change each basic-spending 功能分类 row by a whole amount, everywhere it is printed, and the
    totals and the 经济分类 detail with it: the identities stay true, the figures differ."""
    total = Decimal(0)
    spending = {row[0]: row for row in sheets["支出决算表"][1:]}
    income = {row[0]: row for row in sheets["收入决算表"][1:]}
    general = {row[0]: row for row in sheets["一般公共预算支出"][1:]}
    for code, row in spending.items():
        if row[2] in ("", 0, 0.0) or code not in income or code not in general:
            continue
        base = Decimal(str(row[2]))
        delta = Decimal(rng.randint(-int(base * Decimal("0.2")), int(base * Decimal("0.2"))))
        if not delta:
            continue
        row[2] = add(row[2], delta)
        income[code][2] = add(income[code][2], delta)
        general[code][2] = add(general[code][2], delta)
        general[code][4] = add(general[code][4], delta)  # its 年初预算 moves with it: the gap (and its reason) stays
        total += delta
    detail = next(row for row in sheets["基本支出明细"][1:] if row[0] == "30101")  # 基本工资 absorbs the change
    detail[2] = add(detail[2], total)
    for key in ("财政拨款支出年初预算", "财政拨款基本支出年初预算", "一般公共预算财政拨款支出年初预算"):
        info(sheets, key)[1] = add(info(sheets, key)[1], total)
    whole = {row[0]: row for row in sheets["整体绩效"][1:]}
    for key in ("部门年初预算收入金额", "部门年初预算支出金额"):
        whole[key][1] = add(whole[key][1], total)
    task = next(row for row in sheets["整体绩效任务"][1:] if row[0] == "基本支出人员经费")
    task[1], task[2] = add(task[1], total), add(task[2], total)


def drop_fund(sheets: dict[str, list[list[Any]]]) -> None:
    """The department without its 政府性基金 project: no fund rows, no 自评表 for it, and its
    财政拨款 budget is then its 一般公共预算 budget alone."""
    for name in ("收入决算表", "支出决算表", "政府性基金"):
        sheets[name] = [r for r in sheets[name] if r[0] != FUND_CODE]
    sheets["绩效项目"] = [r for r in sheets["绩效项目"] if r[0] != FUND_PROJECT]
    sheets["绩效指标"] = [r for r in sheets["绩效指标"] if r[0] != FUND_PROJECT]
    total = info(sheets, "财政拨款支出年初预算")
    general = Decimal(str(info(sheets, "一般公共预算财政拨款支出年初预算")[1]))
    change = general - Decimal(str(total[1]))
    total[1] = float(general)
    basic = Decimal(str(info(sheets, "财政拨款基本支出年初预算")[1]))
    info(sheets, "财政拨款项目支出年初预算")[1] = float(general - basic)
    whole = {row[0]: row for row in sheets["整体绩效"][1:]}
    for key in ("部门年初预算收入金额", "部门年初预算支出金额"):
        whole[key][1] = add(whole[key][1], change)


def drop_reception(sheets: dict[str, list[list[Any]]]) -> None:
    """A department that spent nothing on 公务接待: the 三公 row and counts are zero, and what the
    经济分类 detail had under 公务接待费 was 办公费 instead."""
    row = next(r for r in sheets["三公经费"][1:] if r[0] == "公务接待费")
    row[1:] = [0, 0, 0, "", "", ""]
    detail = {r[0]: r for r in sheets["基本支出明细"][1:]}
    detail["30201"][2] = add(detail["30201"][2], Decimal(str(detail["30217"][2])))
    sheets["基本支出明细"] = [r for r in sheets["基本支出明细"] if r[0] != "30217"]
    for r in sheets["三公数量"][1:]:
        if "接待" in str(r[0]):
            r[1] = 0


def rename(sheets: Any, names: dict[str, str]) -> Any:
    if isinstance(sheets, str):
        for old, new in names.items():
            sheets = sheets.replace(old, new)
        return sheets
    if isinstance(sheets, list):
        return [rename(x, names) for x in sheets]
    if isinstance(sheets, dict):
        return {k: rename(v, names) for k, v in sheets.items()}
    return sheets


@dataclass(frozen=True)
class Spec:
    department: int
    year: int
    layout: str  # liaoning / shanghai
    fmt: str  # md / pdf
    defect: str  # "" or a defect kind
    seed: int

    @property
    def stem(self) -> str:
        return f"d{self.department:04d}-{self.year}-{self.layout}"


def sheets_for(spec: Spec, base: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The department's sheets for its year, and its name."""
    rng = random.Random(spec.department * 7919 + spec.seed)  # the department: same names and size every year
    unit, parent, sub = AGENCIES[rng.randrange(len(AGENCIES))]
    if spec.layout == "shanghai":
        place, city = f"上海市{rng.choice(DISTRICTS)}区", ""
    else:
        city = rng.choice(CITIES)
        place = f"辽宁省{city}市"
    size = Decimal(rng.randint(30, 3000)) / 100  # 0.3× … 30× the made-up department
    sheets = copy.deepcopy(base)
    year_rng = random.Random(spec.department * 7919 + spec.year * 31 + spec.seed)
    growth = Decimal(year_rng.randint(90, 115)) / 100 if spec.year != BASE_YEAR else Decimal(1)
    scale(sheets, (size * growth).quantize(CENT))
    move_basic(sheets, year_rng)
    if rng.random() < 0.4:
        drop_fund(sheets)
    if rng.random() < 0.3:
        drop_reception(sheets)
    info(sheets, "年度")[1] = spec.year
    names = {
        "辽宁省青松市城市管理服务中心": f"{place}{unit}",
        "青松市城市管理局": f"{(city + '市') if city else place}{parent}",
        "青松市城市管理服务中心": f"{(city + '市') if city else place}{unit}",
        "青松市城市照明管理所": f"{(city + '市') if city else place}{sub}",
        "2024年": f"{spec.year}年",
    }
    sheets = rename(sheets, names)
    return sheets, names["辽宁省青松市城市管理服务中心"]


# ---- defects, made in the view-model so that every format carries them -----------------------------

_NUMBER = re.compile(r"(\d[\d,]*\.\d{2})(\s*万元)")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)%")


def _nudge(text: str, rng: random.Random) -> str:
    """A figure with one digit changed that is not its last (a typing slip, beyond any rounding)."""
    digits = [i for i, c in enumerate(text) if c.isdigit()][:-1] or [0]
    i = rng.choice(digits)
    new = str((int(text[i]) + rng.randint(1, 8)) % 10)
    if i == 0 and new == "0":
        new = "9"
    return text[:i] + new + text[i + 1 :]


def _pick(candidates: list[Any], rng: random.Random) -> Any:
    if not candidates:
        raise LookupError("nothing of this kind in the document")
    return rng.choice(candidates)


def inject_any(view: Any, kind: str, rng: random.Random) -> tuple[Any, dict[str, Any]]:
    """``kind`` of defect, or the next kind the document has a place for (a Shanghai table prints
    no unit line, for instance)."""
    start = DEFECTS.index(kind)
    for other in DEFECTS[start:] + DEFECTS[:start]:
        try:
            return inject(view, other, rng)
        except LookupError:
            continue
    raise LookupError(f"no place for any defect in {view.department}")


def inject(view: Any, kind: str, rng: random.Random) -> tuple[Any, dict[str, Any]]:
    from juesuan.render.view import Para, TableView

    blocks = list(view.blocks)
    candidates: list[Any]
    if kind == "table-cell":
        candidates = [
            (b, r, c)
            for b, block in enumerate(blocks)
            if isinstance(block, TableView) and block.key in ("支出决算表", "收入决算表", "一般公共预算财政拨款支出决算表")
            for r, row in enumerate(block.rows)
            for c, cell in enumerate(row)
            if cell.kind == "money" and cell.value and cell.value >= 10 and r > 0
        ]
        b, r, c = _pick(candidates, rng)
        table = blocks[b]
        cell = table.rows[r][c]
        text = _nudge(cell.text, rng)
        rows = list(table.rows)
        row = list(rows[r])
        row[c] = replace(cell, text=text, value=Decimal(text.replace(",", "")))
        rows[r] = tuple(row)
        blocks[b] = replace(table, rows=tuple(rows))
        label = {"table": table.key, "row": r, "column": c, "old": cell.text, "new": text, "expect": ["TB", "XT", "TX"]}
    elif kind in ("narrative-amount", "narrative-percent"):
        pattern = _NUMBER if kind == "narrative-amount" else _PERCENT
        candidates = [i for i, block in enumerate(blocks) if isinstance(block, Para) and pattern.search(block.text)]
        i = _pick(candidates, rng)
        para = blocks[i]
        match = rng.choice(list(pattern.finditer(para.text)))
        new = _nudge(match.group(1), rng)
        blocks[i] = replace(para, text=para.text[: match.start(1)] + new + para.text[match.end(1) :])
        label = {"paragraph": para.text[:40], "old": match.group(1), "new": new, "expect": ["TX", "JX"]}
    elif kind == "table-year":
        candidates = [i for i, block in enumerate(blocks) if isinstance(block, TableView) and block.year_text]
        i = _pick(candidates, rng)
        table = blocks[i]
        wrong = str(view.year - 1)
        blocks[i] = replace(table, year_text=table.year_text.replace(str(view.year), wrong), title=table.title)
        label = {"table": table.key, "old": table.year_text, "new": blocks[i].year_text, "expect": ["YZ"]}
    elif kind == "unit-name":
        candidates = [i for i, block in enumerate(blocks) if isinstance(block, TableView) and block.unit_name]
        i = _pick(candidates, rng)
        table = blocks[i]
        wrong = table.unit_name.replace(view.department, view.department[:-2] + "中心所")
        blocks[i] = replace(table, unit_name=wrong)
        label = {"table": table.key, "old": table.unit_name, "new": wrong, "expect": ["YZ"]}
    elif kind == "table-missing":
        candidates = [
            i
            for i, block in enumerate(blocks)
            if isinstance(block, TableView) and block.key in ("财政拨款收入支出决算总表", "一般公共预算财政拨款基本支出决算表")
        ]
        i = _pick(candidates, rng)
        label = {"table": blocks[i].key, "expect": ["CP", "YZ"]}
        del blocks[i]
    else:
        raise ValueError(kind)
    return replace(view, blocks=tuple(blocks)), {"kind": kind, **label}


DEFECTS = ("table-cell", "narrative-amount", "narrative-percent", "table-year", "unit-name", "table-missing")


def _memoise_templates() -> None:
    """The writer compiles each sentence's Jinja template every time it says it (render/profile.py),
    which is most of building a document; the same few hundred templates serve the whole corpus."""
    import jinja2

    if getattr(jinja2.Environment.from_string, "_memoised", False):
        return
    compile_template = jinja2.Environment.from_string
    cache: dict[tuple[int, str], Any] = {}

    def from_string(self: jinja2.Environment, source: str, *args: Any, **kwargs: Any) -> Any:
        if args or kwargs or not isinstance(source, str):
            return compile_template(self, source, *args, **kwargs)
        key = (id(self), source)
        if key not in cache:
            cache[key] = compile_template(self, source)
        return cache[key]

    from_string._memoised = True  # type: ignore[attr-defined]
    jinja2.Environment.from_string = from_string  # type: ignore[method-assign,assignment]


@functools.cache
def base_sheets() -> dict[str, Any]:
    sheets: dict[str, Any] = yaml.safe_load(BASE.read_text(encoding="utf-8"))["sheets"]
    return sheets


def make(spec: Spec, out: Path) -> dict[str, Any]:
    """Write one document; its label."""
    from juesuan import api
    from juesuan.ingest.template import read_sheets

    _memoise_templates()
    sheets, name = sheets_for(spec, base_sheets())
    label: dict[str, Any] = {
        "file": f"{spec.stem}.{spec.fmt}",
        "department": name,
        "year": spec.year,
        "layout": spec.layout,
        "format": spec.fmt,
    }
    view = api.build_view(read_sheets({"sheets": sheets}, spec.stem), spec.layout)
    if spec.defect:
        view, defect = inject_any(view, spec.defect, random.Random(spec.seed * 104729 + spec.department * 13 + spec.year))
        label["defect"] = defect
    target = out / label["file"]
    if not (target.exists() and target.stat().st_size):  # made by an earlier, interrupted run
        api.write_atomic_bytes(target, api.render_document(view, spec.fmt))
    return label


def _make_many(args: tuple[list[Spec], str]) -> list[dict[str, Any]]:
    specs, out = args
    return [make(spec, Path(out)) for spec in specs]


def plan(departments: int, years: list[int], pdf_share: float, defect_share: float, seed: int) -> list[Spec]:
    rng = random.Random(seed)
    specs = []
    for d in range(departments):
        layout = "shanghai" if rng.random() < 0.35 else "liaoning"
        for year in years:
            fmt = "pdf" if rng.random() < pdf_share else "md"
            defect = rng.choice(DEFECTS) if rng.random() < defect_share else ""
            specs.append(Spec(d, year, layout, fmt, defect, seed))
    return specs


def generate(out: Path, specs: list[Spec], jobs: int) -> list[dict[str, Any]]:
    out.mkdir(parents=True, exist_ok=True)
    chunks = [specs[i :: jobs * 4] for i in range(jobs * 4)]
    labels: list[dict[str, Any]] = []
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for part in pool.map(_make_many, [(chunk, str(out)) for chunk in chunks if chunk]):
            labels.extend(part)
    labels.sort(key=lambda x: x["file"])
    (out / "labels.jsonl").write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in labels), encoding="utf-8")
    return labels


def score(out: Path, jobs: int) -> None:
    """Check the corpus and print what the checker caught per defect kind, and its false alarms."""
    from collections import Counter

    from juesuan.batch import CheckOptions, DocumentOutcome, Status, run_batch

    labels = {x["file"]: x for x in map(json.loads, (out / "labels.jsonl").read_text(encoding="utf-8").splitlines())}
    caught: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    alarms: list[str] = []
    unreadable: list[str] = []

    class Score:
        wants_report = True  # the findings themselves, not only their counts
        wants_reading = False

        def start(self, total: int) -> None:
            pass

        def finish(self, complete: bool) -> None:
            pass

        def add(self, outcome: DocumentOutcome) -> None:
            label = labels.get(Path(outcome.path).name)
            if label is None:
                return
            kind = label.get("defect", {}).get("kind", "")
            seen[kind] += 1
            if outcome.status != Status.CHECKED or outcome.report is None:
                unreadable.append(f"{label['file']}: {outcome.problem}")
                return
            found = [f for f in outcome.report.findings if f.severity.value in ("error", "warning") and not f.waived]
            if not kind:
                if found:
                    alarms.append(f"{label['file']}: " + "; ".join(f"{f.rule_id} {f.message[:60]}" for f in found[:3]))
                return
            expect = tuple(label["defect"]["expect"])
            if any(f.rule_id.startswith(expect) for f in found):
                caught[kind] += 1

    started = time.perf_counter()
    run_batch([out], [Score()], options=CheckOptions(fmt=""), workers=jobs)
    print(f"审核 {sum(seen.values())} 份，用时 {time.perf_counter() - started:.0f} 秒")
    for kind in DEFECTS:
        if seen[kind]:
            print(f"  注入缺陷 {kind:<18} {caught[kind]:>4} / {seen[kind]:<4} 查出 {100 * caught[kind] / seen[kind]:5.1f}%")
    clean = seen[""]
    print(f"  无缺陷文档 {clean} 份，报出错误或警告的 {len(alarms)} 份（误报）；无法审核 {len(unreadable)} 份")
    for line in (alarms + unreadable)[:15]:
        print(f"    {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--departments", type=int, default=100)
    parser.add_argument("--years", default="2022-2024", help="a range (2022-2024) or a list (2023,2024)")
    parser.add_argument("--pdf-share", type=float, default=0.5)
    parser.add_argument("--defect-share", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--score", action="store_true", help="check the corpus and print recall per defect kind and false alarms")
    args = parser.parse_args()
    if "-" in args.years:
        first, last = map(int, args.years.split("-"))
        years = list(range(first, last + 1))
    else:
        years = [int(y) for y in args.years.split(",")]
    specs = plan(args.departments, years, args.pdf_share, args.defect_share, args.seed)
    started = time.perf_counter()
    labels = generate(args.out, specs, args.jobs)
    pdfs = sum(1 for x in labels if x["format"] == "pdf")
    defects = sum(1 for x in labels if "defect" in x)
    print(
        f"写出 {len(labels)} 份（PDF {pdfs} 份，文本 {len(labels) - pdfs} 份，注入缺陷 {defects} 份）到 {args.out}，用时 {time.perf_counter() - started:.0f} 秒"
    )
    if args.score:
        score(args.out, args.jobs)


if __name__ == "__main__":
    main()
