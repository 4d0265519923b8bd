"""The rule engine: a registry of rules, the context they run in, and the runner.

A rule is a small class with a stable id (``TB01``), a readable name (``table.class-sum``), a
category, a default severity, a Chinese title and message template, and a docstring with the
sections 检查内容 / 为什么重要 / 反例 / 正例. Its ``run`` yields :class:`Hit` values (what is wrong,
and the sources it read); the engine turns them into located :class:`Finding` values. A rule
never writes a location by hand: it hands over the :class:`Source` of the figures it compared.

Every rule ends as passed, failed, not applicable (:class:`NotApplicable`) or could not check
(:class:`CouldNotCheck`). A rule *fails* when it reports an error or a warning; hints (info, 尾差
included) leave it passed. A rule that crashes is reported as could-not-check with an internal
finding; it never counts as passed.

What the reader could not read (``Report.unread``) is handled here, once for all rules
(:mod:`juesuan.check.gaps`): a hit over an unread part is not a finding but makes the rule
"could not check", naming the part; a rule that read an unread part without a hit could not
check either; and what a rule finds *absent* (:class:`Absent`, or the hits of a rule that reports
absence) may be on a page that was not read, so that, too, is "could not check".
"""

from __future__ import annotations

import inspect
import re
import textwrap
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, ClassVar, TypeVar, cast

from juesuan.check.config import Config
from juesuan.check.gaps import Gaps, tracked, tracking
from juesuan.check.quantities import remembered_figures
from juesuan.classification import default_catalogue
from juesuan.culprits import Identity, IdentityGraph
from juesuan.diagnostics import (
    Category,
    CheckReport,
    Culprit,
    Finding,
    Location,
    RuleOutcome,
    RuleStatus,
    Severity,
    fmt_decimal,
)
from juesuan.model.build import paused_gc, unchecked
from juesuan.model.codes import Catalogue
from juesuan.model.limits import quantized
from juesuan.model.provenance import Source
from juesuan.model.report import Report, Unread
from juesuan.profiles import FEATURES, Profile, scoring_policy
from juesuan.record import Record
from juesuan.scoring import ScoringPolicy

if TYPE_CHECKING:
    from juesuan.check.history import History  # a check of one file has none: the module loads with one

__all__ = [
    "REGISTRY",
    "Absent",
    "Context",
    "CouldNotCheck",
    "Hit",
    "NotApplicable",
    "Rule",
    "register",
    "run_checks",
    "select_rules",
    "SECTION_NAMES",
    "finding_order",
    "number_findings",
]


_T = TypeVar("_T")


class NotApplicable(Exception):
    """The rule does not apply to this document (e.g. its profile has no 公开06表)."""


class CouldNotCheck(Exception):
    """The rule applies, but what it needs is missing or unreadable."""


class Absent(NotApplicable):
    """What the rule looks at is not in the document (``文档中没有…``): not applicable — unless a
    part of the document could not be read (a scanned page, the end of a cut-off file), which may
    hold it; then the engine reports "could not check"."""


@dataclass(frozen=True, repr=False)
class Hit(Record):
    """One problem a rule found."""

    message: str
    sources: tuple[Source, ...] = ()
    expected: Decimal | str | None = None
    actual: Decimal | str | None = None
    difference: Decimal | str | None = None
    rounding: bool = False  # a 尾差: the gap is explained by rounding (reported as info)
    severity: Severity | None = None  # overrides the rule's default
    absence: bool = False  # says something was not found (see Rule.absence), whatever the rule's kind
    identity: Identity | None = None  # the identity of the culprit search that failed (check.identity)
    culprit: Culprit | None = None  # a wrong figure named (rule CU01) …
    consequences: tuple[str, ...] = ()  # … and the findings it causes (their references)


@dataclass(repr=False)
class Context(Record):
    """What a rule may look at: the report, its profile, the scoring policy, the catalogue, and
    the other documents of the department when a store or the caller provides them."""

    report: Report
    profile: Profile
    config: Config
    catalogue: Catalogue
    history: History | None = None
    #: every identity the rules checked over traced figures, once (see check.identity)
    identities: IdentityGraph = field(default_factory=IdentityGraph)
    #: the findings made so far, by their reference (rules that run after all read them)
    made: dict[str, Finding] = field(default_factory=dict)
    _shared: dict[str, object] = field(default_factory=dict, init=False, repr=False)

    @cached_property
    def policy(self) -> ScoringPolicy:
        """The profile's 绩效 scoring policy, unless ``juesuan.toml`` names another (``scoring = …``)."""
        return scoring_policy(self.config.scoring) if self.config.scoring else self.profile.scoring

    @cached_property
    def year(self) -> int | None:
        return self.report.metadata.year

    @cached_property
    def gaps(self) -> Gaps:
        """What the reader could not read, as the engine uses it (see :mod:`juesuan.check.gaps`)."""
        return Gaps.of(self.report)

    @property
    def amount_slack(self) -> Decimal:
        return self.config.amount_slack

    @property
    def percent_slack(self) -> Decimal:
        return self.config.percent_slack

    def cache(self, key: str, build: Callable[[], _T]) -> _T:
        """What ``build`` makes, made once per run and shared by the rules that ask for ``key``.

        It is built outside the asking rule's tracking (a shared builder reads everything; the
        hits made from what it found are judged by their sources)."""
        if key not in self._shared:
            with tracking(None):
                self._shared[key] = build()
        return cast(_T, self._shared[key])


SECTION_NAMES = ("检查内容", "为什么重要", "反例", "正例")


class Rule:
    """Base class of all rules; subclasses set the class attributes and implement ``run``."""

    id: ClassVar[str]
    name: ClassVar[str]
    category: ClassVar[Category]
    severity: ClassVar[Severity] = Severity.ERROR
    title: ClassVar[str]
    message: ClassVar[str] = ""
    tolerance: ClassVar[str] = ""  # how rounding is treated, in Chinese, for the docs
    #: a feature the layout must have for the rule to apply (a key of juesuan.profiles.FEATURES);
    #: the profile says whether it has it — no rule tests a profile's name
    requires: ClassVar[str | None] = None
    # the rule reports what it did not find (a table, a section, an explanation); None: a
    # completeness rule does, others do not
    absence: ClassVar[bool | None] = None
    #: runs after every other rule, seeing what they recorded (the culprit search, CU01)
    after_all: ClassVar[bool] = False

    @classmethod
    def reports_absence(cls) -> bool:
        return cls.category is Category.COMPLETENESS if cls.absence is None else cls.absence

    @property
    def bundle(self) -> str:
        return re.sub(r"\d+$", "", self.id)

    def run(self, ctx: Context) -> Iterable[Hit]:  # pragma: no cover - abstract
        raise NotImplementedError

    def hit(self, sources: Iterable[Source | None] = (), rounding: bool = False, **params: object) -> Hit:
        """A hit whose message is the rule's template filled with ``params`` (``absence=True``:
        it says something was not found, which a page not read may hold)."""
        absence = bool(params.pop("absence", False))
        values = {k: _fmt(v) for k, v in params.items()}
        expected = params.get("expected")
        actual = params.get("actual")
        difference = params.get("difference")
        return Hit(
            message=self.message.format(**values),
            sources=tuple(s for s in sources if s is not None),
            expected=expected if isinstance(expected, Decimal | str) else None,
            actual=actual if isinstance(actual, Decimal | str) else None,
            difference=difference if isinstance(difference, Decimal | str) else None,
            rounding=rounding,
            absence=absence,
        )

    @classmethod
    def doc_sections(cls) -> dict[str, str]:
        """The docstring cut into its named sections (检查内容, 为什么重要, 反例, 正例)."""
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


def _fmt(value: object) -> str:
    if isinstance(value, Decimal):
        text = format(value, "f")
        if "." in text and len(text.split(".")[1]) > 4:
            text = format(quantized(value, Decimal("0.0001")), "f").rstrip("0").rstrip(".")
        return text
    return str(value)


REGISTRY: dict[str, type[Rule]] = {}


def register(cls: type[Rule]) -> type[Rule]:
    """Class decorator: add a rule to the registry (ids are unique)."""
    if cls.id in REGISTRY:
        raise ValueError(f"duplicate rule id {cls.id}")
    REGISTRY[cls.id] = cls
    return cls


def _load_catalogue_rules() -> None:
    from juesuan.check import rules  # noqa: F401  (importing registers them)


def all_rules() -> list[type[Rule]]:
    _load_catalogue_rules()
    return [REGISTRY[k] for k in sorted(REGISTRY)]


def _matches(rule: type[Rule], token: str) -> bool:
    token = token.strip()
    if not token:
        return False
    bundle = re.sub(r"\d+$", "", rule.id)
    return token.upper() in {rule.id, bundle} or token in {rule.name, rule.category.value} or rule.name.startswith(token + ".")


def rule_tokens() -> list[str]:
    """Every word that names rules in ``--select``/``--ignore`` and ``juesuan.toml``: ids, bundles,
    dotted names and their prefixes, categories; and the reading problems (``RD``, ``RDnn``) and the
    configuration finding (``CF01``), which are not rules of this engine but can be waived."""
    words: set[str] = {"RD", "CF01"}
    for rule in all_rules():
        words.update({rule.id, re.sub(r"\d+$", "", rule.id), rule.name, rule.category.value})
        parts = rule.name.split(".")
        words.update(".".join(parts[:n]) for n in range(1, len(parts)))
    return sorted(words)


def unknown_rule_token(token: str) -> str | None:
    """None when ``token`` names a rule (or a reading problem); else a Chinese message with the
    nearest valid name."""
    import difflib

    token = token.strip()
    if not token or any(_matches(r, token) for r in all_rules()) or re.fullmatch(r"(?i)RD(\d{2})?|CF01", token):
        return None
    words = rule_tokens()
    near = difflib.get_close_matches(token, words, n=1, cutoff=0.5) or difflib.get_close_matches(token.upper(), words, n=1, cutoff=0.5)
    hint = f"，您是不是要找“{near[0]}”？" if near else "（用 juesuan rules 查看全部规则）"
    return f"没有编号、名称或类别为“{token}”的规则{hint}"


def select_rules(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[type[Rule]]:
    """Rules chosen by id (``TB01``), bundle (``TB``), name (``table.class-sum``) or category."""
    chosen = all_rules()
    sel = [s for s in select if s]
    if sel:
        chosen = [r for r in chosen if any(_matches(r, s) for s in sel)]
    ign = [s for s in ignore if s]
    return [r for r in chosen if not any(_matches(r, s) for s in ign)]


def run_checks(
    report: Report,
    profile: Profile,
    config: Config | None = None,
    *,
    source: str = "",
    extra_findings: Iterable[Finding] = (),
    history: History | None = None,
) -> CheckReport:
    """Run the selected rules on one report and collect the findings and the outcomes."""
    with paused_gc(), remembered_figures():
        return _run_rules(report, profile, config or Config(), source, extra_findings, history)


def _run_rules(report: Report, profile: Profile, cfg: Config, source: str, extra_findings: Iterable[Finding], history: History | None) -> CheckReport:
    started = time.perf_counter()
    gaps = Gaps.of(report)
    reading = tracked(report) if gaps.unread_tables else report
    catalogue = default_catalogue()
    if cfg.catalogue:  # an edition of 《政府收支分类科目》 named in juesuan.toml or by --catalogue
        from juesuan.classification.official import load_edition

        catalogue = load_edition(cfg.catalogue)
    ctx = Context(report=reading, profile=profile, config=cfg, catalogue=catalogue, history=history)
    findings: list[Finding] = [f.model_copy(update={"id": f"r{n}"}) for n, f in enumerate(extra_findings)]
    outcomes: list[RuleOutcome] = []
    made = 0
    for rule_cls in sorted(select_rules(cfg.select, cfg.ignore), key=lambda r: r.after_all):
        rule = rule_cls()
        if rule.requires is not None and not profile.has(rule.requires):
            reason = f"{profile.short_title}没有此项要求：{FEATURES[rule.requires]}"
            outcomes.append(unchecked(RuleOutcome, rule_id=rule.id, status=RuleStatus.NOT_APPLICABLE, reason=reason))
            continue
        tracker = gaps.tracker() if gaps else None
        try:
            with tracking(tracker):
                hits = list(rule.run(ctx))
        except Absent as exc:
            if gaps.regions:
                outcomes.append(_could_not_check(rule.id, f"{exc}", gaps.regions))
            else:
                outcomes.append(unchecked(RuleOutcome, rule_id=rule.id, status=RuleStatus.NOT_APPLICABLE, reason=str(exc)))
            continue
        except NotApplicable as exc:
            outcomes.append(unchecked(RuleOutcome, rule_id=rule.id, status=RuleStatus.NOT_APPLICABLE, reason=str(exc)))
            continue
        except CouldNotCheck as exc:
            outcomes.append(unchecked(RuleOutcome, rule_id=rule.id, status=RuleStatus.COULD_NOT_CHECK, reason=str(exc)))
            continue
        except Exception as exc:  # a broken rule must not break the run
            outcomes.append(unchecked(RuleOutcome, rule_id=rule.id, status=RuleStatus.COULD_NOT_CHECK, reason=f"规则内部错误：{exc!r}"))
            findings.append(
                unchecked(
                    Finding,
                    rule_id=rule.id,
                    rule_name=rule.name,
                    severity=Severity.WARNING,
                    category=rule.category,
                    message=f"规则 {rule.id} 运行出错，未能完成检查（{type(exc).__name__}: {exc}）。请报告此问题。",
                )
            )
            continue
        not_read: list[Unread] = gaps.read_by(tracker) if tracker is not None else []
        if gaps:
            hits, blocked = _set_aside(rule, hits, gaps)
            not_read.extend(u for u in blocked if not any(u is seen for seen in not_read))
        severity = cfg.severity_for(rule.id, rule.name, rule.severity)
        real = False
        for hit in hits:
            if hit.rounding:
                level = Severity.INFO
            elif hit.severity is None:
                level = severity
            else:  # a hit's own severity yields only to one set for the rule's id
                level = cfg.severities.get(rule.id, hit.severity)
            made += 1
            ref = f"h{made}"
            if hit.identity is not None:
                ctx.identities.refer(hit.identity, ref)
            finding = unchecked(
                Finding,
                id=ref,
                culprit=hit.culprit,
                consequences=hit.consequences,
                rule_id=rule.id,
                rule_name=rule.name,
                severity=level,
                category=rule.category,
                message=hit.message,
                locations=_locations(hit.sources),
                expected=_str(hit.expected),
                actual=_str(hit.actual),
                difference=_str(hit.difference),
                rounding=hit.rounding,
            )
            ctx.made[ref] = finding
            findings.append(finding)
            real = real or (not hit.rounding and level != Severity.INFO)
        if real:
            reason = f"另有未能核对的部分：{_named(not_read)}" if not_read else ""
            outcomes.append(unchecked(RuleOutcome, rule_id=rule.id, status=RuleStatus.FAILED, reason=reason, unread=_labels(not_read)))
        elif not_read:
            outcomes.append(_could_not_check(rule.id, "", not_read))
        else:
            outcomes.append(unchecked(RuleOutcome, rule_id=rule.id, status=RuleStatus.PASSED))
    ran = {o.rule_id for o in outcomes if o.status in (RuleStatus.PASSED, RuleStatus.FAILED)}
    findings = cfg.apply_waivers(findings, ran | {REGISTRY[r].name for r in ran})
    findings.sort(key=finding_order)
    findings = number_findings(findings)
    meta = report.metadata
    return unchecked(
        CheckReport,
        source=source or meta.source_file,
        department=meta.department,
        year=meta.year,
        profile=profile.name,
        findings=tuple(findings),
        outcomes=tuple(outcomes),
        seconds=time.perf_counter() - started,
    )


def number_findings(findings: list[Finding]) -> list[Finding]:
    """Number the findings F1, F2 … in their order; a culprit's consequences point back to it."""
    of: dict[str, str] = {}
    for f in findings:
        for c in f.consequences:
            if f.id is not None:
                of.setdefault(c, f.id)
    final = {f.id: f"F{n}" for n, f in enumerate(findings, start=1) if f.id is not None}
    out = []
    for n, f in enumerate(findings, start=1):
        update: dict[str, object] = {"id": f"F{n}"}
        if f.consequences:
            update["consequences"] = tuple(final[c] for c in f.consequences if c in final)
        if f.id in of and of[f.id] in final:
            update["consequence_of"] = final[of[f.id]]
        elif f.consequence_of is not None:
            update["consequence_of"] = final.get(f.consequence_of)
        out.append(f.model_copy(update=update))
    return out


def _set_aside(rule: Rule, hits: list[Hit], gaps: Gaps) -> tuple[list[Hit], list[Unread]]:
    """The hits that stand, and the unread parts the others depend on (they are not findings)."""
    kept: list[Hit] = []
    blocked: list[Unread] = []
    absence = rule.reports_absence()
    for hit in hits:
        needs = gaps.blocking(hit.sources)
        if not needs and (absence or hit.absence) and gaps.regions and not hit.rounding:
            needs = list(gaps.regions)
        if needs:
            blocked.extend(u for u in needs if not any(u is seen for seen in blocked))
        else:
            kept.append(hit)
    return kept, blocked


def _labels(records: Iterable[Unread]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(f"{r.label}（{r.problem}）" for r in records))


def _named(records: Iterable[Unread]) -> str:
    return "、".join(_labels(records))


def _could_not_check(rule_id: str, why: str, records: list[Unread]) -> RuleOutcome:
    """Could not check, naming what was not read (and why the rule needed it)."""
    named = _named(records)
    reason = f"{why}；{named}未能读取，可能在其中" if why else f"未能核对：{named}未能读取"
    return unchecked(RuleOutcome, rule_id=rule_id, status=RuleStatus.COULD_NOT_CHECK, reason=reason, unread=_labels(records))


def _locations(sources: tuple[Source, ...]) -> tuple[Location, ...]:
    seen: set[tuple[object, ...]] = set()
    out = []
    for source in sources:
        key = (source.table, source.row, source.column, source.line, source.page, source.text)
        if key in seen:
            continue
        seen.add(key)
        out.append(Location.of(source))
    return tuple(out)


def _str(value: Decimal | str | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        places = max(2, -exponent) if isinstance(exponent, int) else 2
        return fmt_decimal(value, min(places, 6))
    return value


def finding_order(finding: Finding) -> tuple[int, int, str]:
    """Findings in reading order: by line (or page), then severity, then rule."""
    line = finding.first_line() or finding.first_page() or 0
    return (line, finding.severity.rank, finding.rule_id)
