"""Golden files for the made-up department: the Markdown, and the text of the HTML and DOCX
(normalised: one line per paragraph or table row). ``JUESUAN_UPDATE_GOLDEN=1 pytest tests/render``
rewrites them; review the diff before committing."""

from __future__ import annotations

import io
import os
import re
from html.parser import HTMLParser
from typing import ClassVar

import pytest

from juesuan.render.view import Document
from juesuan.render.writers.html import write_html
from juesuan.render.writers.markdown import write_markdown
from tests.render.conftest import GOLDEN

UPDATE = os.environ.get("JUESUAN_UPDATE_GOLDEN") == "1"


def check(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE or not path.exists():
        if not UPDATE:
            pytest.fail(f"golden file {path} is missing; run with JUESUAN_UPDATE_GOLDEN=1 to create it")
        path.write_text(text, encoding="utf-8")
        return
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"{name} differs from its golden file (JUESUAN_UPDATE_GOLDEN=1 to accept)"


class _Text(HTMLParser):
    """Visible text of the page: one line per block element, SVG text included."""

    BLOCKS: ClassVar[set[str]] = {"p", "h1", "h2", "h3", "h4", "tr", "div", "figure", "title", "svg"}

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []
        self.current: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script"):
            self.skip += 1
        if tag in self.BLOCKS:
            self.flush()
        if tag in ("td", "th") and self.current:
            self.current.append("\t")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self.skip -= 1
        if tag in self.BLOCKS:
            self.flush()

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.current.append(data)

    def flush(self) -> None:
        line = re.sub(r"[ \n]+", " ", "".join(self.current)).strip()
        if line:
            self.lines.append(line)
        self.current = []


def html_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.flush()
    return "\n".join(parser.lines) + "\n"


def docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(t.text or "" for t in child.iter() if t.tag.endswith("}t"))
            style = child.find(".//{*}pStyle")
            name = style.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val") if style is not None else ""
            if text:
                lines.append(f"[{name}] {text}" if name else text)
        elif tag == "tbl":
            for row in child.iter("{*}tr"):
                cells = ["".join(t.text or "" for t in cell.iter() if t.tag.endswith("}t")) for cell in row.iter("{*}tc")]
                lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"


def test_markdown_golden(made_up_view: Document):
    check("made_up_department.md", write_markdown(made_up_view))


def test_markdown_golden_shanghai(made_up_view_shanghai: Document):
    check("made_up_department.shanghai.md", write_markdown(made_up_view_shanghai))


def test_html_golden(made_up_view: Document):
    html = write_html(made_up_view)
    assert "<svg" in html and "http://" not in html.replace("http://www.w3.org/2000/svg", "")  # self-contained
    check("made_up_department.html.txt", html_text(html))


def test_docx_golden(made_up_docx: bytes):
    check("made_up_department.docx.txt", docx_text(made_up_docx))


def test_every_section_is_filled(made_up_view: Document):
    """No section of the made-up department falls back to a zero sentence, and no blank is printed."""
    text = made_up_view.text()
    for absent in ("无“三公”经费", "无政府性基金预算财政拨款支出", "无政府采购支出", "无机关运行经费支出", "XX", "××", "None", "主要原因：。", "主要原因是。"):
        assert absent not in text, absent
    assert "本部门2024年度无国有资本经营预算财政拨款支出。" in text  # the one fund it really does not have
    assert "项目自评得分59.00分" in text  # 执行率 50 % → capped at 59


def test_low_execution_project_is_capped_in_its_table(made_up_view: Document):
    table = next(t for t in made_up_view.tables() if t.key == "project" and "城市照明设施改造" in t.rows[0][1].text)
    last = [c.text for c in table.rows[-1]]
    # 15 (200/400 × 30) + 20 + 5 (50/100 × 10) + 12 (6/10 × 20) + 10 = 62; 执行率 30/60 = 50 % → 5.00;
    # 62 + 5 = 67 is above the cap of 59 for 执行率 below 60 %: 减分项 8.00
    assert last == ["指标自评得分小计", "62.00", "预算执行率得分", "5.00", "减分项", "8.00", "绩效自评总得分", "59.00"]
