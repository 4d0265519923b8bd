"""Findings: the error values shared by readers, the checker and the writers (layer 1).

A reader returns its report *and* the findings it made while reading (what it could not place,
codes it did not know); the checker adds its own. Both are :class:`Finding` values, so they are
rendered the same way. A finding can point at several places (a 表间 check names two tables).
"""

from dataclasses import field
from decimal import Decimal
from enum import StrEnum

from juesuan.model.build import Model, field_names, unchecked
from juesuan.model.limits import quantized
from juesuan.model.provenance import Source

__all__ = [
    "Category",
    "CheckReport",
    "Culprit",
    "Finding",
    "Location",
    "ReadError",
    "RuleOutcome",
    "RuleStatus",
    "Severity",
    "Summary",
    "Suspect",
    "fmt_decimal",
]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


class Category(StrEnum):
    COMPLETENESS = "completeness"
    TABLE = "table"
    CROSS_TABLE = "cross_table"
    NARRATIVE = "narrative"
    CODE = "code"
    PERFORMANCE = "performance"
    CONSISTENCY = "consistency"
    READING = "reading"
    CROSS_DOCUMENT = "cross_document"
    CULPRIT = "culprit"

    @property
    def label(self) -> str:
        return _CATEGORY_LABELS[self]


_CATEGORY_LABELS = {
    Category.COMPLETENESS: "完整性",
    Category.TABLE: "表内",
    Category.CROSS_TABLE: "表间",
    Category.NARRATIVE: "文表一致",
    Category.CODE: "科目编码",
    Category.PERFORMANCE: "绩效",
    Category.CONSISTENCY: "一致性",
    Category.READING: "读取",
    Category.CROSS_DOCUMENT: "跨文档",
    Category.CULPRIT: "错数定位",
}


class Location(Model):
    """A place a finding points at; the same fields as :class:`Source`, minus the file's text."""

    file: str = ""
    table: str | None = None
    row: str | None = None
    column: str | None = None
    line: int | None = None
    end_line: int | None = None  # the last line of a multi-line place (a paragraph)
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    sheet: str | None = None
    cell: str | None = None
    text: str = ""

    @classmethod
    def of(cls, source: Source, **override: object) -> "Location":
        data: dict[str, object] = {name: getattr(source, name) for name in field_names(cls)}
        data.update(override)
        return unchecked(cls, **data)

    def place(self) -> str:
        """``表/行/列`` in Chinese, for one-line listings."""
        parts = [p for p in (self.table, self.row, self.column) if p]
        return "/".join(parts)


class Suspect(Model):
    """A printed figure that is probably wrong and the value it should have."""

    location: Location
    printed: str | None = None
    expected: str | None = None
    kind: str | None = None  # the typing slip (漏录一位数字 …), when it is one
    exact: bool = True  # False: the identities only bound the value; ``expected`` is the nearest


class Culprit(Model):
    """The figure a group of failing identities blames (``location``/``expected``/``kind``), or,
    when two explanations tie, none of them (``ambiguous``) and the tied ``candidates``."""

    location: Location | None = None
    printed: str | None = None
    expected: str | None = None
    kind: str | None = None
    exact: bool = True
    candidates: tuple[tuple[Suspect, ...], ...] = ()

    @property
    def ambiguous(self) -> bool:
        return bool(self.candidates)

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "location": _location_dict(self.location) if self.location is not None else None,
            "printed": self.printed,
            "expected": self.expected,
            "kind": self.kind,
            "exact": self.exact,
            "ambiguous": self.ambiguous,
        }
        if self.candidates:
            out["candidates"] = [
                [{"location": _location_dict(s.location), "printed": s.printed, "expected": s.expected, "kind": s.kind, "exact": s.exact} for s in group]
                for group in self.candidates
            ]
        return out


def _location_dict(loc: Location) -> dict[str, object]:
    return {
        "table": loc.table,
        "row": loc.row,
        "column": loc.column,
        "line": loc.line,
        **({"end_line": loc.end_line} if loc.end_line else {}),
        "page": loc.page,
        **({"bbox": list(loc.bbox)} if loc.bbox else {}),
        **({"sheet": loc.sheet, "cell": loc.cell} if loc.sheet else {}),
        "text": loc.text,
    }


class Finding(Model):
    """One thing found wrong (or worth a look), located and explained in Chinese.

    Findings are numbered in their report (``id``: F1, F2 …). A finding that names a wrong
    figure (rule CU01) carries the ``culprit`` and lists the findings it causes
    (``consequences``); each of those points back (``consequence_of``)."""

    id: str | None = None
    rule_id: str
    rule_name: str
    severity: Severity
    category: Category
    message: str
    locations: tuple[Location, ...] = ()
    expected: str | None = None
    actual: str | None = None
    difference: str | None = None
    rounding: bool = False  # true for a 尾差 hint: the gap is explained by rounding
    waived: str | None = None  # the waiver's reason when a waiver applies
    culprit: Culprit | None = None
    consequences: tuple[str, ...] = ()  # ids of the findings this culprit explains
    consequence_of: str | None = None  # id of the culprit finding that explains this one

    @property
    def primary(self) -> bool:
        """Not the consequence of a culprit named elsewhere (the summary counts these)."""
        return self.consequence_of is None

    def first_line(self) -> int | None:
        for loc in self.locations:
            if loc.line is not None:
                return loc.line
        return None

    def first_page(self) -> int | None:
        for loc in self.locations:
            if loc.page is not None:
                return loc.page
        return None


class RuleStatus(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    NOT_APPLICABLE = "not_applicable"
    COULD_NOT_CHECK = "could_not_check"


class RuleOutcome(Model):
    rule_id: str
    status: RuleStatus
    reason: str = ""  # why not applicable / could not check
    unread: tuple[str, ...] = ()  # the parts the reader could not read that the rule needed (named)


class Summary(Model):
    error: int = 0
    warning: int = 0
    info: int = 0
    rules_passed: int = 0
    rules_failed: int = 0
    rules_not_applicable: int = 0
    rules_could_not_check: int = 0


class CheckReport(Model):
    """The result of checking one document."""

    source: str
    department: str = ""
    year: int | None = None
    profile: str = ""
    kind: str = ""  # 部门决算 / 单位决算
    profile_score: int | None = None  # the layout detector's score for the profile used
    profile_scores: dict[str, int] = field(default_factory=dict)  # every profile's score
    detection: tuple[str, ...] = ()  # why: the choice and each profile's clues, in Chinese (--verbose)
    findings: tuple[Finding, ...] = ()
    outcomes: tuple[RuleOutcome, ...] = ()
    seconds: float | None = None  # wall time of read + check (not money)

    @property
    def summary(self) -> Summary:
        counts = dict.fromkeys(Severity, 0)
        for finding in self.findings:
            if finding.waived is None and finding.consequence_of is None:
                counts[finding.severity] += 1
        status = dict.fromkeys(RuleStatus, 0)
        for outcome in self.outcomes:
            status[outcome.status] += 1
        return unchecked(
            Summary,
            error=counts[Severity.ERROR],
            warning=counts[Severity.WARNING],
            info=counts[Severity.INFO],
            rules_passed=status[RuleStatus.PASSED],
            rules_failed=status[RuleStatus.FAILED],
            rules_not_applicable=status[RuleStatus.NOT_APPLICABLE],
            rules_could_not_check=status[RuleStatus.COULD_NOT_CHECK],
        )

    @property
    def has_errors(self) -> bool:
        """Any unwaived error, consequences included (exit codes do not depend on grouping)."""
        return any(f.severity is Severity.ERROR and f.waived is None for f in self.findings)

    def finding(self, finding_id: str) -> Finding | None:
        return next((f for f in self.findings if f.id == finding_id), None)

    def grouped(self) -> list[tuple[Finding, list[Finding]]]:
        """The findings in order, each culprit with its consequences under it (a consequence
        whose culprit is missing stands on its own)."""
        ids = {f.id for f in self.findings if f.id}
        by_id = {f.id: f for f in self.findings if f.id}
        out: list[tuple[Finding, list[Finding]]] = []
        for f in self.findings:
            if f.consequence_of is not None and f.consequence_of in ids:
                continue
            out.append((f, [by_id[c] for c in f.consequences if c in by_id]))
        return out

    def to_dict(self) -> dict[str, object]:
        """The documented JSON shape of ``juesuan check --format json``."""
        return {
            "source": self.source,
            "document": {
                "department": self.department,
                "year": self.year,
                "profile": self.profile,
                "kind": self.kind,
                "profile_score": self.profile_score,
                "profile_scores": self.profile_scores,
            },
            "summary": self.summary.model_dump(),
            "findings": [
                {
                    **({"id": f.id} if f.id else {}),
                    "rule_id": f.rule_id,
                    "rule_name": f.rule_name,
                    "severity": f.severity.value,
                    "category": f.category.value,
                    "message": f.message,
                    "locations": [_location_dict(loc) for loc in f.locations],
                    "expected": f.expected,
                    "actual": f.actual,
                    "difference": f.difference,
                    "rounding": f.rounding,
                    **({"waived": f.waived} if f.waived else {}),
                    **({"culprit": f.culprit.to_dict()} if f.culprit is not None else {}),
                    **({"consequences": list(f.consequences)} if f.consequences else {}),
                    **({"consequence_of": f.consequence_of} if f.consequence_of else {}),
                }
                for f in self.findings
            ],
            "rules": [o.model_dump(mode="json") for o in self.outcomes],
        }


class ReadError(Exception):
    """An input that cannot be read at all: the message is Chinese and names the file."""

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}：{problem}")

    def __reduce__(self) -> tuple[object, ...]:  # picklable, to cross process boundaries
        return (type(self), (self.path, self.problem))


def fmt_decimal(value: Decimal | None, places: int = 2) -> str | None:
    """A decimal as a plain string with ``places`` decimals (``None`` stays ``None``)."""
    if value is None:
        return None
    return format(quantized(value, Decimal(1).scaleb(-places)), "f")


_OS_PROBLEMS = {
    "EEXIST": "已有同名的文件（这里需要的是文件夹：换一个名字，或先移走它）",
    "ENOENT": "文件或所在的文件夹不存在",
    "EACCES": "没有权限（请检查文件或文件夹的权限）",
    "EPERM": "操作不被允许（请检查文件或文件夹的权限）",
    "EISDIR": "这是一个文件夹，不是文件",
    "ENOTDIR": "路径中有一段是文件而不是文件夹",
    "ENOSPC": "磁盘空间不足",
    "EDQUOT": "超出磁盘配额",
    "EROFS": "文件系统是只读的",
    "ENAMETOOLONG": "文件名太长",
    "EBUSY": "文件正被其他程序占用",
    "ETXTBSY": "文件正被其他程序占用",
    "EMFILE": "打开的文件太多",
    "EIO": "读写设备出错（磁盘或网络盘）",
    "EXDEV": "不能跨磁盘移动文件",
}


def os_problem(exc: OSError) -> str:
    """An operating-system error in Chinese (why a file could not be written or read), with the
    system's own words kept in brackets for the rare case the table does not know."""
    import errno

    name = errno.errorcode.get(exc.errno or -1, "")
    return _OS_PROBLEMS.get(name) or f"系统错误：{exc.strerror or exc}"
