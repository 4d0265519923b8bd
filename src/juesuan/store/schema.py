"""The store's tables (SQLAlchemy 2 declarative models). The migrations in ``migrations/`` create
exactly these; a test compares the two.

Who: ``regions`` (a tree: 辽宁省 → 辽宁省朝阳市), ``departments`` (a tree too: a department and the
units it lists in its 决算单位构成) with every name each was published under
(``department_names``).

What was published: a ``document`` is one department's report of one year and kind (部门决算 or
单位决算); each file imported for it is a ``version`` (the bytes are identified by their SHA-256
in ``files``). A changed file adds a version and marks the previous one superseded; nothing is
ever deleted or overwritten. A version keeps its canonical report (compressed JSON, the exact
model) and, for queries, its printed figures in long form (``cells``), the figures of its
narrative (``facts``), what the narrative claims (``claims``) and its 绩效 forms
(``evaluations`` with their ``indicators``).

What was found: each check of a version is a ``check_run`` with its ``findings`` (and their
``finding_locations``) and one ``rule_outcome`` per rule. A later check (when last year's report
or a unit's arrives) adds a run and supersedes the previous one.

``events`` is the audit log: who did what, when, to which record.

The web app's people and their work (layer 4 reads and writes these; migration 0002):
``organisations`` (a finance office or a department, with its region), ``accounts`` (a person,
their role and organisation, an argon2 password hash; disabled, never deleted), ``web_sessions``
(a signed-in browser: the SHA-256 of its cookie, its CSRF token, when it ends) and ``uploads``
(a file given to the web app, kept by its hash, and what checking it gave); ``api_tokens``
(migration 0004: personal tokens of the REST API, hashed); ``generations`` (migration 0005: data
given to write the document from, and what blocks it). The audit log of the web app is
``events`` too.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, Integer, LargeBinary, MetaData, String, Text, UniqueConstraint, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from juesuan.store.types import ExactDecimal, UtcDateTime, utcnow

__all__ = [
    "Base",
    "Cell",
    "CheckRun",
    "Claim",
    "Department",
    "DepartmentName",
    "Document",
    "Evaluation",
    "Event",
    "Fact",
    "File",
    "Finding",
    "FindingLocation",
    "Indicator",
    "Region",
    "RuleOutcome",
    "Version",
    "Organisation",
    "Account",
    "WebSession",
    "Upload",
    "ApiToken",
    "Generation",
]

# constraint names follow one convention, so that migrations can name what they alter
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _fk(target: str, *, nullable: bool = False, index: bool = True) -> Mapped[int]:
    return mapped_column(ForeignKey(target), nullable=nullable, index=index)


class Region(Base):
    """An administrative region, named in full (``辽宁省朝阳市``); ``short`` is its last level."""

    __tablename__ = "regions"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    short: Mapped[str] = mapped_column(String(100), index=True)
    level: Mapped[int] = mapped_column(Integer)  # 1 省级, 2 地级, 3 县级 (0: level unknown)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), nullable=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class Department(Base):
    """A department or unit. ``name`` is the latest name it was published under."""

    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), index=True)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), nullable=True, index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"), nullable=True, index=True)  # 上级/所属
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class DepartmentName(Base):
    """A name a department was published (or listed) under, with the years it was seen."""

    __tablename__ = "department_names"
    __table_args__ = (UniqueConstraint("department_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = _fk("departments.id")
    name: Mapped[str] = mapped_column(String(300))  # as printed
    key: Mapped[str] = mapped_column(String(300), index=True)  # normalised region + core
    core: Mapped[str] = mapped_column(String(300), index=True)  # the name without its region prefix
    region_path: Mapped[str] = mapped_column(String(300))  # "辽宁省/朝阳市" ("" when none)
    first_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    last_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    source: Mapped[str] = mapped_column(String(20))  # cover / unit_cover (a 部门/单位决算's own name) / listed (in a 决算单位构成)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class Document(Base):
    """One department's report of one year and kind; its files are its versions."""

    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("department_id", "year", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = _fk("departments.id")
    year: Mapped[int] = mapped_column(Integer, index=True)  # 0 when the year could not be read
    kind: Mapped[str] = mapped_column(String(20))  # 部门决算 / 单位决算
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class File(Base):
    """The bytes of an input file, known by their SHA-256. ``problem`` says why it could not be
    read (the last time it was tried); a file that was read has a version."""

    __tablename__ = "files"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(500))  # the first path it was seen under
    problem: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class Version(Base):
    """One imported file of a document. The current version has ``superseded_at`` NULL."""

    __tablename__ = "versions"
    __table_args__ = (
        UniqueConstraint("document_id", "number"),
        Index("ix_versions_current", "document_id", unique=True, sqlite_where=text("superseded_at IS NULL"), postgresql_where=text("superseded_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = _fk("documents.id", index=False)
    number: Mapped[int] = mapped_column(Integer)  # 1, 2, … per document
    file_id: Mapped[int] = mapped_column(ForeignKey("files.id"), unique=True)
    source_path: Mapped[str] = mapped_column(String(1000))  # as given to import (zip entries: archive.zip!/inner/path)
    source_format: Mapped[str] = mapped_column(String(20))
    family: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(500))
    department_name: Mapped[str] = mapped_column(String(300))  # as printed on this version
    pages: Mapped[int | None] = mapped_column(Integer, nullable=True)
    schema_version: Mapped[int] = mapped_column(Integer)
    report: Mapped[bytes] = mapped_column(LargeBinary)  # zlib-compressed canonical JSON
    imported_by: Mapped[str] = mapped_column(String(100))
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    juesuan_version: Mapped[str] = mapped_column(String(40))
    superseded_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    superseded_by_id: Mapped[int | None] = mapped_column(ForeignKey("versions.id"), nullable=True)


class _Place:
    """Where a row was printed: page and box (PDF), line (text), sheet and cell (Excel)."""

    page: Mapped[int | None] = mapped_column(Integer, nullable=True)
    line: Mapped[int | None] = mapped_column(Integer, nullable=True)
    x0: Mapped[float | None] = mapped_column(Float, nullable=True)
    y0: Mapped[float | None] = mapped_column(Float, nullable=True)
    x1: Mapped[float | None] = mapped_column(Float, nullable=True)
    y1: Mapped[float | None] = mapped_column(Float, nullable=True)
    sheet: Mapped[str | None] = mapped_column(String(100), nullable=True)
    cell_ref: Mapped[str | None] = mapped_column(String(20), nullable=True)


class Cell(_Place, Base):
    """A printed figure of a version's tables or 绩效 forms (the cells view, with provenance)."""

    __tablename__ = "cells"
    __table_args__ = (Index("ix_cells_place", "table_name", "row_code", "column_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = _fk("versions.id")
    seq: Mapped[int] = mapped_column(Integer)
    table_name: Mapped[str] = mapped_column(String(100))
    row_code: Mapped[str] = mapped_column(String(40))
    row_label: Mapped[str] = mapped_column(String(300))
    column_name: Mapped[str] = mapped_column(String(100))
    value: Mapped[Decimal] = mapped_column(ExactDecimal)  # 万元 for amounts
    step: Mapped[Decimal] = mapped_column(ExactDecimal)  # the rounding step printed, same unit
    money: Mapped[bool] = mapped_column(Boolean)
    text: Mapped[str] = mapped_column(String(100))  # as printed


class Fact(_Place, Base):
    """A figure or comparison word of the narrative, with the section it is written under."""

    __tablename__ = "facts"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = _fk("versions.id")
    seq: Mapped[int] = mapped_column(Integer)
    section: Mapped[str] = mapped_column(Text)  # titles joined by " / "
    kind: Mapped[str] = mapped_column(String(20))  # amount / percent / year / date / count / comparison
    text: Mapped[str] = mapped_column(String(200))
    value: Mapped[Decimal | None] = mapped_column(ExactDecimal, nullable=True)
    unit: Mapped[str] = mapped_column(String(20))
    places: Mapped[int] = mapped_column(Integer)
    word: Mapped[str] = mapped_column(String(20))
    label: Mapped[str] = mapped_column(Text)


class Claim(_Place, Base):
    """What a sentence of the narrative claims: an amount of a named figure, a share, a change
    from last year, a rate of the budget, or a 类/款/项 explanation."""

    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = _fk("versions.id")
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))  # amount / share / change / budget_rate / item
    scope: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str] = mapped_column(String(300))
    figure_key: Mapped[str] = mapped_column(String(100))  # "all:收入总计" ("" when none)
    value: Mapped[Decimal | None] = mapped_column(ExactDecimal, nullable=True)  # the amount / percentage stated
    word: Mapped[str] = mapped_column(String(20))  # 增加 / 减少 / 持平 / 大于 …
    change: Mapped[Decimal | None] = mapped_column(ExactDecimal, nullable=True)  # 增减额 (万元)
    rate: Mapped[Decimal | None] = mapped_column(ExactDecimal, nullable=True)  # 增减率 / 完成预算的 % / 占比
    budget: Mapped[Decimal | None] = mapped_column(ExactDecimal, nullable=True)
    reason: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)  # the sentence


class Evaluation(_Place, Base):
    """A 绩效自评表: a project's (预算项目（政策）绩效自评表) or the whole department's."""

    __tablename__ = "evaluations"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = _fk("versions.id")
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))  # project / whole
    name: Mapped[str] = mapped_column(String(300))
    supervisor: Mapped[str] = mapped_column(String(300))  # 主管部门
    implementer: Mapped[str] = mapped_column(String(300))  # 实施单位
    year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    budget: Mapped[Decimal | None] = mapped_column(ExactDecimal, nullable=True)  # 项目预算 / 年初预算支出
    spent: Mapped[Decimal | None] = mapped_column(ExactDecimal, nullable=True)
    rate: Mapped[Decimal | None] = mapped_column(ExactDecimal, nullable=True)
    score: Mapped[Decimal | None] = mapped_column(ExactDecimal, nullable=True)  # 总得分


class Indicator(Base):
    """A 三级指标 row of a 绩效自评表 (or a 年度主要任务 line of the 整体自评表, level1 “年度主要任务”)."""

    __tablename__ = "indicators"

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = _fk("evaluations.id")
    seq: Mapped[int] = mapped_column(Integer)
    level1: Mapped[str] = mapped_column(String(100))
    level2: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(300))
    operator: Mapped[str] = mapped_column(String(10))
    target_text: Mapped[str] = mapped_column(String(300))
    target: Mapped[Decimal | None] = mapped_column(ExactDecimal, nullable=True)
    actual_text: Mapped[str] = mapped_column(String(300))
    actual: Mapped[Decimal | None] = mapped_column(ExactDecimal, nullable=True)
    weight: Mapped[Decimal | None] = mapped_column(ExactDecimal, nullable=True)
    score: Mapped[Decimal | None] = mapped_column(ExactDecimal, nullable=True)
    reason: Mapped[str] = mapped_column(Text)
    line: Mapped[int | None] = mapped_column(Integer, nullable=True)
    page: Mapped[int | None] = mapped_column(Integer, nullable=True)


class CheckRun(Base):
    """One check of a version. The current run of a version has ``superseded_at`` NULL."""

    __tablename__ = "check_runs"
    __table_args__ = (
        Index("ix_check_runs_current", "version_id", unique=True, sqlite_where=text("superseded_at IS NULL"), postgresql_where=text("superseded_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = _fk("versions.id", index=False)
    reason: Mapped[str] = mapped_column(String(40))  # import / recheck (other documents arrived) / …
    source: Mapped[str] = mapped_column(String(1000))
    department: Mapped[str] = mapped_column(String(300))
    year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    profile: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20))
    profile_score: Mapped[int | None] = mapped_column(Integer, nullable=True)
    profile_scores: Mapped[dict[str, int]] = mapped_column(JSON)  # every layout's detection score
    detection: Mapped[list[str]] = mapped_column(JSON)  # why that layout, in Chinese
    errors: Mapped[int] = mapped_column(Integer)
    warnings: Mapped[int] = mapped_column(Integer)
    infos: Mapped[int] = mapped_column(Integer)
    rules_passed: Mapped[int] = mapped_column(Integer)
    rules_failed: Mapped[int] = mapped_column(Integer)
    rules_not_applicable: Mapped[int] = mapped_column(Integer)
    rules_could_not_check: Mapped[int] = mapped_column(Integer)
    seconds: Mapped[float | None] = mapped_column(Float, nullable=True)
    juesuan_version: Mapped[str] = mapped_column(String(40))
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    superseded_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class RuleOutcome(Base):
    __tablename__ = "rule_outcomes"

    id: Mapped[int] = mapped_column(primary_key=True)
    check_run_id: Mapped[int] = _fk("check_runs.id")
    rule_id: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20))  # passed / failed / not_applicable / could_not_check
    reason: Mapped[str] = mapped_column(Text)


class Finding(Base):
    __tablename__ = "findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    check_run_id: Mapped[int] = _fk("check_runs.id")
    seq: Mapped[int] = mapped_column(Integer)
    rule_id: Mapped[str] = mapped_column(String(10), index=True)
    rule_name: Mapped[str] = mapped_column(String(100))
    severity: Mapped[str] = mapped_column(String(10))
    category: Mapped[str] = mapped_column(String(30))
    message: Mapped[str] = mapped_column(Text)
    expected: Mapped[str | None] = mapped_column(String(100), nullable=True)
    actual: Mapped[str | None] = mapped_column(String(100), nullable=True)
    difference: Mapped[str | None] = mapped_column(String(100), nullable=True)
    rounding: Mapped[bool] = mapped_column(Boolean)
    waived: Mapped[str | None] = mapped_column(Text, nullable=True)
    # the culprit search (rule CU01): the finding's number in its report (F1 …), the culprit it
    # names (location, expected, kind, candidates, as in --format json), the findings it causes,
    # and for a consequence the culprit that explains it
    ref: Mapped[str | None] = mapped_column(String(20), nullable=True)
    culprit: Mapped[dict[str, object] | None] = mapped_column(JSON, nullable=True)
    consequences: Mapped[list[str] | None] = mapped_column(JSON, nullable=True)
    consequence_of: Mapped[str | None] = mapped_column(String(20), nullable=True)


class FindingLocation(_Place, Base):
    __tablename__ = "finding_locations"

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = _fk("findings.id")
    seq: Mapped[int] = mapped_column(Integer)
    file: Mapped[str] = mapped_column(String(1000))
    table_name: Mapped[str | None] = mapped_column(String(100), nullable=True)
    row_label: Mapped[str | None] = mapped_column(String(300), nullable=True)
    column_name: Mapped[str | None] = mapped_column(String(100), nullable=True)
    end_line: Mapped[int | None] = mapped_column(Integer, nullable=True)
    text: Mapped[str] = mapped_column(Text)


class Event(Base):
    """The audit log: every change to the store, who made it and when."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(100))  # the user (the operating-system user for the command line)
    action: Mapped[str] = mapped_column(String(40))  # import / new_version / unreadable / recheck / link_unit …
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    detail: Mapped[dict[str, object]] = mapped_column(JSON)


# ---- the web app's people and their uploads (migration 0002) --------------------------------------


class Organisation(Base):
    """A finance office or a department that uses the web app. ``region`` (``上海市普陀区``) is the
    area its reviewers see; a filer sees the uploads of their own organisation only."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    region: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class Account(Base):
    """A person who signs in. ``role``: admin (管理员), reviewer (审核人员), filer (填报人员).
    An account is disabled (``disabled_at``), never deleted: the audit log names it."""

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(200))  # argon2id, with its parameters and salt
    role: Mapped[str] = mapped_column(String(20))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), nullable=True, index=True)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    disabled_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class WebSession(Base):
    """A signed-in browser. The cookie holds a random token; only its SHA-256 is kept here, so a
    copy of the database signs nobody in. ``csrf`` is the token every form of the session carries."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    csrf: Mapped[str] = mapped_column(String(64))
    account_id: Mapped[int] = _fk("accounts.id")
    address: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class Upload(Base):
    """A file given to the web app: kept by its SHA-256 outside the web root (``stored``, relative
    to the app's data folder), checked by a background worker. ``status``: queued → checking →
    done (``version_id`` is the store's version) or failed (``problem`` says why, in Chinese)."""

    __tablename__ = "uploads"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = _fk("accounts.id")
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), nullable=True, index=True)
    filename: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)
    stored: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), index=True)
    problem: Mapped[str | None] = mapped_column(Text, nullable=True)
    version_id: Mapped[int | None] = mapped_column(ForeignKey("versions.id"), nullable=True, index=True)
    department: Mapped[str] = mapped_column(String(300), default="")
    year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    errors: Mapped[int | None] = mapped_column(Integer, nullable=True)
    warnings: Mapped[int | None] = mapped_column(Integer, nullable=True)
    infos: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class ApiToken(Base):
    """A personal token for the web app's REST API (``Authorization: Bearer …``). Only its SHA-256
    is kept; it is shown once, when made. Revoked, never deleted."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = _fk("accounts.id")
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class Generation(Base):
    """Data given to the web app to write the document from (a filled template, a writer-input
    file): kept by its hash like an upload, with what validating it found. ``problems`` lists
    what blocks writing (missing reasons and figures, failing identities, each with the template
    cells to fix); empty, the document can be downloaded in every format."""

    __tablename__ = "generations"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = _fk("accounts.id")
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), nullable=True, index=True)
    filename: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64))
    stored: Mapped[str] = mapped_column(String(200))
    profile: Mapped[str] = mapped_column(String(40))
    department: Mapped[str] = mapped_column(String(300))
    year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    problems: Mapped[list[dict[str, object]]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
