"""`juesuan check` and `juesuan rules` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from juesuan import api
from juesuan.cli import app

runner = CliRunner()


def _run(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


def test_exit_code_is_1_when_errors_are_found(seed_path: Path) -> None:
    result = _run("check", str(seed_path), "--no-info")
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    # compiler style: FILE:LINE: ID [severity/级别] message
    assert first.startswith(f"{seed_path}:46:") and "YZ04 [警告]" in first
    assert "错误 5" in result.stdout


def test_json_has_the_documented_shape(seed_path: Path) -> None:
    result = _run("check", str(seed_path), "--format", "json")
    data = json.loads(result.stdout)
    assert set(data) >= {"source", "document", "summary", "findings"}
    document = data["document"]
    assert {k: document[k] for k in ("department", "year", "profile", "kind")} == {
        "department": "辽宁省朝阳市社会保险事业服务中心",
        "year": 2024,
        "profile": "liaoning",
        "kind": "部门决算",
    }
    # the layout detector's choice is visible with its score, and every profile's score
    assert document["profile_score"] == document["profile_scores"]["liaoning"] == max(document["profile_scores"].values()) > 0
    assert set(document["profile_scores"]) >= {"liaoning", "shanghai", "central", "university"}
    assert set(data["summary"]) >= {"error", "warning", "info", "rules_passed", "rules_failed", "rules_not_applicable", "rules_could_not_check"}
    finding = next(f for f in data["findings"] if f["rule_id"] == "XT02")
    assert set(finding) >= {"rule_id", "rule_name", "severity", "category", "message", "locations", "expected", "actual", "difference"}
    assert finding["category"] == "cross_table" and finding["severity"] == "info"
    assert finding["expected"] == "1968.11" and finding["actual"] == "1968.10" and finding["difference"] == "-0.01"
    assert {"table", "row", "column", "line", "page"} <= set(finding["locations"][0])
    assert finding["locations"][0]["table"] == "收入支出决算总表"


def test_cli_json_equals_the_api(seed_path: Path) -> None:
    result = _run("check", str(seed_path), "--format", "json")
    read, report = api.check_file(seed_path)
    expected = json.loads(api.render_findings([(read, report)], "json"))
    assert json.loads(result.stdout)["findings"] == expected["findings"]


def test_html_is_one_standalone_page(seed_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "check.html"
    result = _run("check", str(seed_path), "--format", "html", "-o", str(out))
    assert result.exit_code == 1
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page and "http" not in page.split("</style>")[0]
    assert "hl-error" in page or "hl-warning" in page or "hl-info" in page
    assert "收入支出决算总表" in page and "YZ01" in page


def test_markdown_groups_by_category(seed_path: Path) -> None:
    result = _run("check", str(seed_path), "--format", "markdown")
    assert "## 一致性" in result.stdout and "| 级别 | 规则 | 位置 | 说明 |" in result.stdout


def test_select_and_ignore(seed_path: Path) -> None:
    only = json.loads(_run("check", str(seed_path), "--format", "json", "--select", "TB").stdout)
    assert {f["rule_id"][:2] for f in only["findings"]} <= {"TB", "RD"}
    without = json.loads(_run("check", str(seed_path), "--format", "json", "--ignore", "YZ").stdout)
    assert not any(f["rule_id"].startswith("YZ") for f in without["findings"])
    assert without["summary"]["error"] == 0


def test_config_overrides_severity_and_waives(seed_path: Path, tmp_path: Path) -> None:
    config = tmp_path / "juesuan.toml"
    config.write_text(
        '[rules.YZ03]\nseverity = "warning"\n'
        '[[waivers]]\nrule = "YZ01"\nlocation = "705"\nreason = "已更正"\n'
        '[[waivers]]\nrule = "TB01"\nlocation = "999"\nreason = "过时的豁免"\n',
        encoding="utf-8",
    )
    data = json.loads(_run("check", str(seed_path), "--format", "json", "--config", str(config)).stdout)
    by_rule = {(f["rule_id"], f["severity"]) for f in data["findings"]}
    assert ("YZ03", "warning") in by_rule and ("YZ03", "error") not in by_rule
    waived = [f for f in data["findings"] if f["rule_id"] == "YZ01"]
    assert waived and all(f.get("waived") == "已更正" for f in waived)
    assert any(f["rule_id"] == "CF01" and "TB01" in f["message"] for f in data["findings"])
    assert data["summary"]["error"] == 2  # the two YZ02 left


def test_profile_override(seed_path: Path) -> None:
    data = json.loads(_run("check", str(seed_path), "--format", "json", "--profile", "central").stdout)
    assert data["document"]["profile"] == "central"
    # central numbering: 公开07表 is 政府性基金 — the seed's numbers no longer fit
    assert any(f["rule_id"] == "YZ09" for f in data["findings"])


def test_unreadable_input_exits_2_without_traceback(tmp_path: Path) -> None:
    empty = tmp_path / "空.txt"
    empty.write_text("", encoding="utf-8")
    result = _run("check", str(empty))
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "空.txt" in result.output and "文件是空的" in result.output


def test_bad_arguments_exit_2(seed_path: Path) -> None:
    assert _run("check", str(seed_path), "--format", "pdf").exit_code == 2
    assert _run("check", str(seed_path), "--profile", "beijing").exit_code == 2


def test_rules_lists_and_explains() -> None:
    listing = _run("rules")
    assert listing.exit_code == 0 and "TB01" in listing.stdout and "JX07" in listing.stdout
    one = _run("rules", "TX07")
    assert one.exit_code == 0
    for section in ("检查内容", "为什么重要", "反例", "正例"):
        assert section in one.stdout
    assert _run("rules", "ZZ99").exit_code == 2
