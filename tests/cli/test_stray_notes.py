"""A note met in a folder that only talks about 决算 (how the folder was collected, a 通知 asking
units to publish theirs) is skipped with the reason, not checked; named alone it is refused. A 决算
cut short (only its narrative, only its tables) is still a 决算: checked and told what it lacks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from juesuan.cli.app import app
from tests.conftest import CORPUS, SEED
from tests.summary_csv import summary_rows

REASON = "不是部门决算：提到“决算”，但没有决算表，也没有决算的标题和结构"
PDF = "sh-putuo-caizhengju-2024-dept-final.pdf"

README = """# 资料说明

本文件夹收集了 2024 年各区财政局、社保中心在政府网站公开的部门决算（PDF 原件和网页转出的文本），
由信息中心于 2025 年 10 月下载整理，用于年度决算公开质量检查。

## 整理方式

- 文件名为“地区-单位”，年度见各部门决算封面；
- 部门决算中的扫描页未做处理；
- 如有缺页，请联系信息中心补充。
"""

NOTICE = """关于做好 2024 年度部门决算
公开工作的通知

各区级预算单位：

根据《中华人民共和国预算法》和财政部有关规定，现就做好 2024 年度部门决算公开工作通知如下：

一、公开时间
各部门应在区财政局批复决算后 20 日内公开本部门决算。

二、公开内容
公开内容包括部门概况、部门决算表、部门决算情况说明和名词解释，决算表应完整公开 9 张表。

三、工作要求
各单位要高度重视，按时完成公开工作，公开后报送网址。

区财政局
2025 年 7 月 1 日
"""


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("collected")
    shutil.copy(SEED, root / "chaoyang.txt")
    (root / PDF).symlink_to(CORPUS / PDF)
    (root / "README.md").write_text(README, encoding="utf-8")
    (root / "说明.txt").write_text(NOTICE, encoding="utf-8")
    return root


def _check(*paths: Path, summary: Path | None = None) -> tuple[int, str]:
    args = ["check", *map(str, paths)] + (["--summary", str(summary)] if summary else [])
    result = CliRunner().invoke(app, args)
    return result.exit_code, result.stderr


def test_notes_in_a_folder_are_skipped_with_the_reason_and_the_documents_checked(folder: Path, tmp_path: Path) -> None:
    code, _ = _check(folder, summary=tmp_path / "s.csv")
    rows = {Path(r["file"]).name: r for r in summary_rows(tmp_path / "s.csv")}
    assert {name: r["status"] for name, r in rows.items()} == {"chaoyang.txt": "checked", PDF: "checked", "README.md": "skipped", "说明.txt": "skipped"}
    assert rows["README.md"]["problem"] == rows["说明.txt"]["problem"] == REASON
    assert rows["chaoyang.txt"]["errors"] != "" and rows[PDF]["errors"] != ""
    alone, _ = _check(folder / "chaoyang.txt", folder / PDF)
    assert code == alone == 1  # as for the two documents: errors found, the notes change nothing


@pytest.mark.parametrize("name", ["README.md", "说明.txt"])
def test_a_note_named_alone_is_refused_with_the_reason(folder: Path, name: str) -> None:
    code, stderr = _check(folder / name)
    assert code == 2
    assert stderr.strip() == f"错误：{folder / name}：{REASON}"


def test_a_cut_short_final_account_is_still_checked(tmp_path: Path) -> None:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    tables_at = next(i for i, line in enumerate(lines) if line.startswith("## 第四部分") and i > 100)
    body_at = next(i for i, line in enumerate(lines) if line.startswith("# 第一部分"))
    narrative = tmp_path / "narrative.txt"  # the 情况说明 published without its tables (no 目录 promising them)
    narrative.write_text("\n".join(lines[:4] + lines[body_at:tables_at]), encoding="utf-8")
    headless = tmp_path / "headless.txt"  # the same without its cover
    headless.write_text("\n".join(lines[body_at:tables_at]), encoding="utf-8")
    tables = tmp_path / "tables.txt"  # only the tables: no cover, no 目录, no narrative
    tables.write_text("\n".join(lines[tables_at:]), encoding="utf-8")
    for path, missing in ((narrative, "CP01"), (headless, "CP01"), (tables, "CP02")):
        result = CliRunner().invoke(app, ["check", str(path)])
        assert result.exit_code == 1, result.stderr
        assert f"{path}" in result.stdout and f" {missing} [错误] 缺少" in result.stdout
