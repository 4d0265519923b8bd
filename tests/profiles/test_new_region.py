"""A region is one data file: added without editing the package, detected, checked and written.

The region is 陕西 as DOMAIN.md §2.7 describes 柞水县 2020 (表7 also covers 会议费 and 培训费):
``tests/fixtures/profiles/shaanxi.toml``. The document is the seed with a 陕西 cover and that
table title.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from juesuan import api
from juesuan.cli import app
from juesuan.diagnostics import ReadError
from juesuan.model.tables import TableKind
from juesuan.profiles import ENV
from tests.profiles.conftest import FIXTURES, edited_seed

REGION = FIXTURES / "shaanxi.toml"
SHAANXI_07 = "一般公共预算财政拨款“三公”经费及会议费、培训费支出决算表"


@pytest.fixture
def document(tmp_path: Path) -> Path:
    path = tmp_path / "柞水.txt"
    path.write_text(
        edited_seed({3: ("辽宁省朝阳市", "陕西省柞水县"), 558: ("财政拨款“三公”经费支出决算表", SHAANXI_07)}),
        encoding="utf-8",
    )
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "版式"
    target.mkdir()
    shutil.copy(REGION, target / REGION.name)
    return target


def test_without_the_file_the_document_is_taken_for_liaoning(document: Path) -> None:
    assert api.load(document).report.metadata.family == "liaoning"


def test_a_folder_in_the_environment_adds_the_region(document: Path, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV, str(folder))
    result = api.load(document)
    meta = result.report.metadata
    assert (meta.family, meta.family_score) == ("shaanxi", 16)  # 会议费、培训费 +10, 陕西 +4, numbered +2
    three = result.report.table(TableKind.THREE_PUBLIC)
    assert three is not None and three.header.title == SHAANXI_07
    report = api.check_report(result)
    assert report.profile == "shaanxi" and report.profile_score == 16
    assert report.profile_scores["liaoning"] < 16
    # the region's own data is what the checker uses: its 名词解释 must explain 会议费 and 培训费
    missing_terms = sorted(f.message for f in report.findings if f.rule_id == "CP04")
    assert missing_terms == ["名词解释中没有“会议费”。", "名词解释中没有“培训费”。"]


def test_a_folder_named_in_juesuan_toml_adds_the_region(document: Path, folder: Path, tmp_path: Path) -> None:
    config = tmp_path / "juesuan.toml"
    config.write_text('profiles = ["版式"]\n', encoding="utf-8")  # relative to the configuration file
    result = CliRunner().invoke(app, ["check", str(document), "--format", "json", "--config", str(config)])
    assert result.exit_code == 1, result.output
    assert json.loads(result.stdout)["document"]["profile"] == "shaanxi"
    listed = CliRunner().invoke(app, ["profiles", "--config", str(config)])
    assert listed.exit_code == 0 and "shaanxi" in listed.stdout and str(folder / REGION.name) in listed.stdout


def test_a_profile_file_on_the_command_line_is_used(document: Path) -> None:
    result = CliRunner().invoke(app, ["check", str(document), "--format", "json", "--profile", str(REGION), "--verbose"])
    assert result.exit_code == 1, result.output
    assert json.loads(result.stdout)["document"]["profile"] == "shaanxi"
    assert "shaanxi 16：表题含“会议费、培训费” +10" in result.stderr


def test_the_writer_prints_the_region_it_extends(seed_path: Path) -> None:
    view = api.build_view(api.load_input(seed_path), str(REGION))
    titles = [block.title for block in view.blocks if getattr(block, "key", None) == TableKind.THREE_PUBLIC.value]
    assert titles == [SHAANXI_07]
    assert view.profile == "shaanxi"


def test_a_title_only_a_profile_knows_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader knows the titles of every profile in the registry, the user's included."""
    document = tmp_path / "明细.txt"
    document.write_text(edited_seed({324: ("# 收入决算表", "# 收入决算明细表")}), encoding="utf-8")
    assert api.load(document).report.table(TableKind.INCOME) is None
    region = tmp_path / "detail.toml"
    region.write_text(
        'name = "detail"\ntitle = "收入决算表题作“收入决算明细表”的版式"\nextends = "liaoning"\n\n'
        '[[tables]]\nkind = "收入决算表"\nnumber = 2\naliases = ["收入决算明细表"]\n',
        encoding="utf-8",
    )
    monkeypatch.setenv(ENV, str(region))
    income = api.load(document).report.table(TableKind.INCOME)
    assert income is not None and income.header.title == "收入决算明细表"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('name = "x"\ntitle = "X"\n[detect]\nclues = [{cover = "X"}]\n', "detect.clues.0.weight：缺少这个键"),
        ('name = "x"\ntitle = "X"\ncolour = "red"\n', "colour：不认识这个键"),
        ('name = "x"\ntitle = "X"\n[[tables]]\nkind = "收入决算表"\nnummer = 2\n', "tables.0.nummer：不认识这个键"),
        ('name = "x"\ntitle = "X"\ndetect = "封面"\n', "detect：应为表（键 = 值）"),
        ('name = "X"\ntitle = "X"\n', "name：只能用小写英文字母"),
        ('name = "x"\ntitle = "X"\n[[tables]]\nkind = "收支总表"\n', "“收支总表”不是已知的表名"),
        ('name = "x"\ntitle = "X"\nextends = "hainan"\n', "extends = “hainan”，但没有这个版式"),
        ('name = "x"\ntitle = "X"\n[features]\nappendix = true\n', "不认识的特征 appendix"),
        ('name = "x"\ntitle = "X"\n[detect]\nclues = [{cover = "X", numbered = true, weight = 1}]\n', "每条线索只写一种迹象"),
        ('name = "x"\ntitle = \n', "不是有效的 TOML"),
    ],
)
def test_a_broken_profile_file_is_named_and_explained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, problem: str) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(text, encoding="utf-8")
    monkeypatch.setenv(ENV, str(bad))
    with pytest.raises(ReadError) as caught:
        api.profile_table()
    assert caught.value.path == str(bad) and problem in caught.value.problem
    monkeypatch.delenv(ENV)
    result = CliRunner().invoke(app, ["check", "x.txt", "--profile", str(bad)])
    assert result.exit_code == 2 and problem in result.stderr and "Traceback" not in result.output


def test_a_broken_profile_named_by_the_environment_is_named_when_a_document_is_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The document could not be checked because of the profile file: both are named."""
    from tests.conftest import SEED

    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\ntitle = "X"\ncolour = "red"\n', encoding="utf-8")
    monkeypatch.setenv(ENV, str(bad))
    result = CliRunner().invoke(app, ["check", str(SEED)])
    said = "".join(result.stderr.split())  # as one line, wherever the console wrapped it (the paths hold no space)
    assert result.exit_code == 2 and f"{SEED}：{bad}：版式文件有误：colour：不认识这个键" in said


def test_profiles_given_only_to_the_checker_are_detected_there(document: Path, folder: Path) -> None:
    from juesuan.check import Config, check

    read_without = api.load(document)  # the reader did not know the region
    assert read_without.report.metadata.family == "liaoning"
    report = check(read_without.report, config=Config(profiles=(str(folder),)))
    assert report.profile == "shaanxi" and report.detection[0] == "版式：shaanxi（得分 16）"
