"""A reason that a sentence needs and the data lacks stops the writer: nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from juesuan.cli import app
from juesuan.model.inputs import reason_key
from juesuan.render.build import MissingData, build_document
from juesuan.render.profile import load_profile
from tests.render.conftest import made_up_sheets


def test_missing_item_reason_is_listed_with_its_place_and_key(made_up_input):
    reasons = {k: v for k, v in made_up_input.reasons.items() if k != reason_key("项:2120101", "预算")}
    with pytest.raises(MissingData) as caught:
        build_document(made_up_input.model_copy(update={"reasons": reasons}), load_profile("liaoning"))
    [item] = caught.value.items
    assert item.key == "项:2120101|预算"
    assert "2120101 行政运行（项）决算数小于年初预算数" in item.what
    assert "第二部分 二、财政拨款支出决算情况说明" in item.where


def test_every_missing_piece_is_listed_at_once(made_up_input):
    doc = made_up_input.model_copy(
        update={"reasons": {}, "previous": made_up_input.previous.model_copy(update={"operating_costs": None})}
    )
    with pytest.raises(MissingData) as caught:
        build_document(doc, load_profile("liaoning"))
    keys = {item.key for item in caught.value.items}
    assert {"收入总计|上年", "支出总计|上年", "三公:公务接待费|预算", "previous.operating_costs", "基金项:2296004|预算"} <= keys
    message = caught.value.message()
    assert message.startswith("无法生成文档：缺少")
    assert "（填写键：收入总计|上年）\n   请在填报模板「主要原因」“收入总计|上年”一行填写" in message
    assert "请在填报模板「政府性基金」科目编码 2296004 一行的“决算与预算差异的主要原因”填写" in message
    assert "请在填报模板「基本信息」“上年机关运行经费”填写" in message


def test_flat_figures_need_no_reason(made_up_input):
    """2080505 and 2210201 equal their 年初预算: no reason is asked for them."""
    view = build_document(made_up_input, load_profile("liaoning"))
    text = view.text()
    assert "机关事业单位基本养老保险缴费支出（项）48.00万元，主要是在职人员基本养老保险缴费支出，完成年初预算的100.00%，决算数与年初预算数持平。" in text


def test_cli_refuses_with_exit_code_2_and_writes_nothing(tmp_path: Path):
    sheets = made_up_sheets()
    sheets["sheets"]["主要原因"] = [row for row in sheets["sheets"]["主要原因"] if row[0] != "收入总计|上年"]
    data = tmp_path / "input.yaml"
    data.write_text(yaml.safe_dump(sheets, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out.md"
    result = CliRunner().invoke(app, ["render", str(data), "--to", "md", "-o", str(out)])
    assert result.exit_code == 2
    assert "收入总计|上年" in result.output
    assert not out.exists()


def test_pdf_without_a_chinese_font_is_exit_2_naming_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from juesuan.render.writers import pdf

    monkeypatch.setattr(pdf, "cjk_font_dirs", lambda: ((), ()))
    data = tmp_path / "input.yaml"
    data.write_text(yaml.safe_dump(made_up_sheets(), allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out.pdf"
    result = CliRunner().invoke(app, ["render", str(data), "--to", "pdf", "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert "没有找到中文字体" in result.output and "fonts-noto-cjk" in result.output
    assert "内部错误" not in result.output
    assert not out.exists()
