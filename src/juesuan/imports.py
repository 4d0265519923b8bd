"""Importing documents into the store, one after the other: files, folders and zip archives.

``import_documents`` yields one :class:`ImportOutcome` per input as it goes (the command line
draws its progress bar from them). Each document is read, checked and stored in its own
transaction (:func:`juesuan.api.store_document`), and a file whose bytes are already stored is
skipped before it is read: an import stopped half-way (Ctrl-C, a crash, a killed process) and run
again finishes the rest, with nothing stored twice and nothing half-written.

Zip archives are opened from their directory first (entry count, sizes, compression ratio, as
for Office files), entry names written by Chinese Windows (GBK without the UTF-8 flag) are decoded
as such, and each entry is read from a temporary copy but stored under ``archive.zip!/inner/path``.

This module sits beside :mod:`juesuan.batch`, above :mod:`juesuan.api`.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import tempfile
import time
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from juesuan import api
from juesuan.check import Config
from juesuan.diagnostics import Finding, ReadError
from juesuan.ingest import ReadResult, supported_suffixes
from juesuan.ingest.common.container import ZipLimits, check_zip
from juesuan.model.report import Report
from juesuan.record import Record

if TYPE_CHECKING:
    from juesuan.store import Store

__all__ = ["ARCHIVE_LIMITS", "ImportItem", "ImportOutcome", "expand_imports", "import_documents"]

MB = 1024 * 1024
#: How much an archive of documents may hold before it is refused unopened.
ARCHIVE_LIMITS = ZipLimits(entries=50_000, part=200 * MB, total=50_000 * MB, ratio=200)
_UTF8_FLAG = 0x800


@dataclass(frozen=True, repr=False)
class ImportItem(Record):
    """One document to import: a file, or an entry of a zip archive."""

    path: Path  # the file, or the archive
    member: str = ""  # the entry inside the archive, as the archive stores it
    name: str = ""  # the entry's name as its author wrote it

    @property
    def display(self) -> str:
        return f"{self.path}!/{self.name or self.member}" if self.member else str(self.path)

    def chunks(self) -> Iterator[bytes]:
        if self.member:
            with zipfile.ZipFile(self.path) as archive, archive.open(self.member) as fh:
                yield from iter(lambda: fh.read(MB), b"")
        else:
            with self.path.open("rb") as fh:
                yield from iter(lambda: fh.read(MB), b"")


@dataclass(frozen=True, repr=False)
class ImportOutcome(Record):
    """What importing one input did. ``status``: new (a new document), version (a changed file of a
    known document), same (these bytes were already stored), unreadable, or missing."""

    path: str
    status: str
    problem: str = ""
    department: str = ""
    year: int | None = None
    kind: str = ""
    version: int = 0
    errors: int = 0
    warnings: int = 0
    rechecked: int = 0
    seconds: float = 0.0
    reading: tuple[Finding, ...] = ()


def _member_name(info: zipfile.ZipInfo) -> str:
    """The entry's name as its author wrote it (GBK when the UTF-8 flag is not set and it decodes)."""
    if info.flag_bits & _UTF8_FLAG:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _archive_items(path: Path, suffixes: set[str]) -> list[ImportItem]:
    check_zip(path, "压缩包", ARCHIVE_LIMITS)
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
    items = []
    for info in infos:
        if info.is_dir():
            continue
        shown = PurePosixPath(_member_name(info))
        if any(part.startswith(".") or part == "__MACOSX" for part in shown.parts) or shown.suffix.lower() not in suffixes:
            continue
        items.append((str(shown), info.filename))
    return [ImportItem(path, member, shown) for shown, member in sorted(items)]


def expand_imports(paths: Iterable[Path]) -> tuple[list[ImportItem], list[tuple[str, str]]]:
    """The documents to import, in a stable order, and the inputs that cannot be opened
    (``(path, problem)``). A folder contributes its supported files and zip archives (hidden ones
    left out); a file named explicitly is always tried."""
    suffixes = set(supported_suffixes())
    items: list[ImportItem] = []
    problems: list[tuple[str, str]] = []
    for path in paths:
        if not path.exists():
            problems.append((str(path), "文件或文件夹不存在"))
            continue
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in suffixes | {".zip"} and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            found = [path]
        for file in found:
            if file.suffix.lower() == ".zip":
                try:
                    items.extend(_archive_items(file, suffixes))
                except ReadError as exc:
                    problems.append((str(file), exc.problem))
            else:
                items.append(ImportItem(file))
    return items, problems


def _digest(item: ImportItem) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    for chunk in item.chunks():
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def _relabelled(result: ReadResult, old: str, new: str) -> ReadResult:
    """The reading of a temporary copy, with every source naming the copy renamed to ``new``."""
    before, after = json.dumps(old, ensure_ascii=False)[1:-1], json.dumps(new, ensure_ascii=False)[1:-1]
    report = Report.model_validate_json(result.report.model_dump_json(exclude_none=True).replace(before, after))
    findings = [Finding.model_validate_json(f.model_dump_json().replace(before, after)) for f in result.findings]
    return ReadResult(report=report, findings=findings)


def _read(item: ImportItem) -> ReadResult:
    if not item.member:
        return api.load(item.path)
    name = PurePosixPath(item.name or item.member).name or "document"
    with tempfile.TemporaryDirectory(prefix="juesuan-import-") as folder:
        copy = Path(folder) / name
        with copy.open("wb") as fh:
            for chunk in item.chunks():
                fh.write(chunk)
        try:
            result = api.load(copy)
        except ReadError as exc:
            raise ReadError(item.display, exc.problem) from None
        return _relabelled(result, str(copy), item.display)


def default_actor() -> str:
    """Who imports from the command line: the operating-system user."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # pragma: no cover - no user name in some containers
        return ""


def import_documents(
    store: Store,
    items: Iterable[ImportItem],
    *,
    profile: str = "auto",
    config: Config | None = None,
    actor: str = "",
    region: str = "",
) -> Iterator[ImportOutcome]:
    """Import each item in turn, yielding what became of it. Stopping the iteration (Ctrl-C)
    between or during documents leaves every finished document stored and no partial one."""
    for item in items:
        started = time.perf_counter()
        shown = item.display
        try:
            sha256, size = _digest(item)
        except (OSError, zipfile.BadZipFile) as exc:
            yield ImportOutcome(path=shown, status="unreadable", problem=f"无法打开文件（{exc}）")
            continue
        if store.has_file(sha256):
            yield ImportOutcome(path=shown, status="same", seconds=time.perf_counter() - started)
            continue
        try:
            result = _read(item)
            problem = ""
            if result.errors:
                problem = f"读取时发现 {len(result.errors)} 处无法处理的问题：{result.errors[0].message}"
        except ReadError as exc:
            result, problem = None, exc.problem
        if result is None or problem:
            api.record_unreadable(store, path=shown, sha256=sha256, size=size, problem=problem, actor=actor)
            yield ImportOutcome(
                path=shown, status="unreadable", problem=problem, reading=tuple(result.errors) if result else (), seconds=time.perf_counter() - started
            )
            continue
        checked = api.check_report(result, profile, config, source=shown)
        stored = api.store_document(store, path=shown, sha256=sha256, size=size, result=result, checked=checked, config=config, actor=actor, region=region)
        summary = stored.check.summary
        yield ImportOutcome(
            path=shown,
            status=stored.saved.status,
            department=result.report.metadata.department,
            year=result.report.metadata.year,
            kind=result.report.metadata.kind.value,
            version=stored.saved.number,
            errors=summary.error,
            warnings=summary.warning,
            rechecked=stored.rechecked,
            seconds=time.perf_counter() - started,
        )

