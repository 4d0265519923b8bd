"""Importing documents: every document once, the same bytes again change nothing, a changed file
is a new version beside the old one, zip archives (names written by Chinese Windows too), files
that cannot be read, and a failure half-way through a document that leaves nothing behind."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from juesuan import api
from juesuan.imports import expand_imports, import_documents
from juesuan.store import Store
from juesuan.store import schema as s


def _import(store: Store, *paths: Path) -> list[tuple[str, str]]:
    items, problems = expand_imports(list(paths))
    assert problems == []
    return [(Path(o.path.split("!/")[-1]).name, o.status) for o in import_documents(store, items)]


def _count(store: Store, model: type[s.Base]) -> int:
    with store.reading() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_folder_imported_once_and_again_as_a_no_op(store: Store, seed_years: dict[str, Path]) -> None:
    folder = seed_years["2024"].parent
    assert _import(store, folder) == [("2023.txt", "new"), ("2024.txt", "new"), ("unit-2024.txt", "new")]
    cells = _count(store, s.Cell)
    assert cells > 2000  # the seed prints some 760 figures; three documents
    assert _import(store, folder) == [("2023.txt", "same"), ("2024.txt", "same"), ("unit-2024.txt", "same")]
    assert (_count(store, s.Version), _count(store, s.Document), _count(store, s.Cell)) == (3, 3, cells)
    departments = store.departments()
    assert [(d.name, d.region, d.years, d.kinds) for d in departments] == [
        ("辽宁省朝阳市社会保险事业服务中心", "辽宁省朝阳市", (2023, 2024), ("单位决算", "部门决算"))
    ]


def test_changed_file_is_a_new_version_and_the_old_one_stays(store: Store, seed_years: dict[str, Path]) -> None:
    path = seed_years["2024"]
    assert _import(store, path) == [("2024.txt", "new")]
    path.write_text(path.read_text(encoding="utf-8").replace("2079.31 万元，包括", "2097.31 万元，包括"), encoding="utf-8")
    assert _import(store, path) == [("2024.txt", "version")]
    department_id = store.find("社会保险事业服务中心")[0][0]
    (document,) = store.detail(department_id).documents
    first, second = document.versions
    assert (first.number, second.number) == (1, 2)
    assert first.superseded_at is not None and second.superseded_at is None
    assert second.errors is not None and first.errors is not None and second.errors > first.errors  # 收入总计 2097.31 ≠ 2079.31 (TX01)
    with store.reading() as session:
        per_version = dict(session.execute(select(s.Cell.version_id, func.count()).group_by(s.Cell.version_id)).all())
        runs = session.scalars(select(s.CheckRun.version_id)).all()
    assert sorted(per_version) == [first.id, second.id]  # the old version's rows are kept
    assert sorted(runs) == [first.id, second.id]
    report = store.check_of(second.id)
    assert report is not None and any(f.rule_id == "TX01" and "2097.31" in f.message for f in report.findings)


class _GbkName(zipfile.ZipInfo):
    """An entry whose name is stored in GBK without the UTF-8 flag."""

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:  # zipfile's own hook
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def test_zip_archive_with_gbk_names(store: Store, seed_years: dict[str, Path], tmp_path: Path) -> None:
    archive = tmp_path / "决算.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(_GbkName("朝阳/社保中心2024.txt"), seed_years["2024"].read_bytes())  # as Chinese Windows zips it
        zf.writestr("朝阳/社保中心2023.txt", seed_years["2023"].read_bytes())  # UTF-8 flagged
        zf.writestr("__MACOSX/朝阳/._社保中心2023.txt", b"\x00\x05")
        zf.writestr("说明.docx.tmp", b"")
    items, problems = expand_imports([archive])
    assert problems == []
    assert [i.display for i in items] == [f"{archive}!/朝阳/社保中心2023.txt", f"{archive}!/朝阳/社保中心2024.txt"]
    outcomes = list(import_documents(store, items))
    assert [o.status for o in outcomes] == ["new", "new"]
    with store.reading() as session:
        paths = session.scalars(select(s.Version.source_path).order_by(s.Version.id)).all()
        files = set(session.scalars(select(s.FindingLocation.file)).all())
    assert paths == [f"{archive}!/朝阳/社保中心2023.txt", f"{archive}!/朝阳/社保中心2024.txt"]
    assert files <= set(paths) | {""}  # findings point into the archive, never at a temporary copy


def test_unreadable_file_is_recorded_and_tried_again(store: Store, tmp_path: Path) -> None:
    broken = tmp_path / "坏文件.pdf"
    broken.write_bytes(b"%PDF-1.7\n" + b"\x00" * 100)
    items, _ = expand_imports([broken])
    (outcome,) = import_documents(store, items)
    assert outcome.status == "unreadable" and outcome.problem
    with store.reading() as session:
        (file,) = session.scalars(select(s.File)).all()
        assert file.problem == outcome.problem
        assert session.scalar(select(func.count()).select_from(s.Version)) == 0
        assert session.scalar(select(s.Event.action).where(s.Event.object_id == file.id)) == "unreadable"
    (again,) = import_documents(store, items)
    assert again.status == "unreadable"  # not skipped: a later juesuan may read it


def test_failure_inside_a_document_leaves_nothing_of_it(store: Store, seed_years: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    import juesuan.store.write as write

    def broken(*_args: object, **_kwargs: object) -> int:
        raise RuntimeError("磁盘已满")

    monkeypatch.setattr(write, "add_check_run", broken)  # after the version and its cells were written
    items, _ = expand_imports([seed_years["2024"]])
    with pytest.raises(RuntimeError):
        list(import_documents(store, items))
    for model in (s.File, s.Department, s.Document, s.Version, s.Cell, s.Fact, s.Claim, s.Evaluation, s.Event):
        assert _count(store, model) == 0, model.__tablename__
    monkeypatch.undo()
    assert [o.status for o in import_documents(store, items)] == ["new"]


def test_check_report_comes_back_exactly(store: Store, seed_years: dict[str, Path]) -> None:
    """What a batch's sink does: read and check elsewhere, then store the result."""
    path = seed_years["2024"]
    result = api.load(path)
    checked = api.check_report(result, source=str(path))
    stored = api.store_document(store, path=str(path), sha256="a" * 64, size=1, result=result, checked=checked)
    assert stored.saved.status == "new"
    again = store.check_of(stored.saved.version_id)
    assert again == stored.check
    assert {o.rule_id: o.status.value for o in again.outcomes if o.rule_id.startswith("KW")} == {
        "KW01": "could_not_check",
        "KW02": "could_not_check",
        "KW03": "could_not_check",
    }


def test_a_culprit_and_its_consequences_come_back_exactly(store: Store, seed_text: str, tmp_path: Path) -> None:
    """CU01's culprit (location, expected, kind), the findings it causes and the way back."""
    path = tmp_path / "2024.txt"
    path.write_text(seed_text.replace("2080505\t机关事业单位基本养老保险缴费支出\t80.69\t80.69\t", "2080505\t机关事业单位基本养老保险缴费支出\t80.69\t8.69\t", 1), encoding="utf-8")
    result = api.load(path)
    checked = api.check_report(result, source=str(path))
    culprits = [f for f in checked.findings if f.rule_id == "CU01"]
    assert len(culprits) == 1 and culprits[0].culprit is not None and culprits[0].consequences
    stored = api.store_document(store, path=str(path), sha256="b" * 64, size=1, result=result, checked=checked)
    again = store.check_of(stored.saved.version_id)
    assert again == stored.check
    assert [f for f in again.findings if f.rule_id == "CU01"] == culprits
    assert again.summary.error == stored.check.summary.error


def test_same_name_in_two_regions_given_by_region_are_two_departments(store: Store, seed_text: str, tmp_path: Path) -> None:
    """A name without a region (“社会保险事业服务中心”) is placed by ``--region``: the same name in
    two regions is two departments, and in the same region one."""
    from tests.documents import renamed

    for folder, region in (("a", "辽宁省朝阳市"), ("b", "辽宁省锦州市"), ("c", "辽宁省朝阳市")):
        path = tmp_path / folder / "2024.txt"
        path.parent.mkdir()
        path.write_text(renamed(seed_text, "社会保险事业服务中心").replace("2024 年度部门决算", f"2024 年度部门决算{folder}", 1), encoding="utf-8")
        items, _ = expand_imports([path])
        (outcome,) = import_documents(store, items, region=region)
        assert outcome.status == ("version" if folder == "c" else "new")
    assert sorted((d.name, d.region) for d in store.departments()) == [("社会保险事业服务中心", "辽宁省朝阳市"), ("社会保险事业服务中心", "辽宁省锦州市")]
