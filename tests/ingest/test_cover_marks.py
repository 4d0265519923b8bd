"""A mark of the document's status printed above the cover title (a draft's banner, a consultation
copy) is not the title: the department's name and year are read from the title under it."""

from __future__ import annotations

from pathlib import Path

import pytest

from juesuan.api import check_report
from juesuan.ingest import read
from juesuan.ingest.common.assemble import status_mark
from juesuan.ingest.result import ReadResult
from tests.conftest import SEED


@pytest.mark.parametrize(
    "mark",
    ["草稿：数据不全或未通过校验（render --force 生成），不得作为正式文件公开", "草稿：数据不全或未通过校验，不得作为正式文件公开", "征求意见稿", "（征求意见稿）", "【送审稿】", "草 稿"],
)
def test_a_status_mark_above_the_title_is_not_the_department(tmp_path: Path, mark: str, seed_result: ReadResult) -> None:
    path = tmp_path / "draft.txt"
    path.write_text(mark + "\n\n" + SEED.read_text(encoding="utf-8"), encoding="utf-8")
    result = read(path)
    assert result.report.metadata.department == seed_result.report.metadata.department
    assert result.report.metadata.year == seed_result.report.metadata.year
    checked = check_report(result)
    assert not [f for f in checked.findings if f.rule_id == "YZ02" and f.message.startswith("封面")]


@pytest.mark.parametrize("title", ["辽宁省朝阳市社会保险事业服务中心", "草稿管理中心2024年度部门决算", "2024年度部门决算", "稿件审核处"])
def test_a_title_is_not_a_status_mark(title: str) -> None:
    assert not status_mark(title)
