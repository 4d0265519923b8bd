"""逐项说明 are resolved to their rows the same way when the tables are printed in 元 and the
sentences in 万元: an item whose name does not match is found by its amount across the units
(the 元 form of a corpus document, benchmarks/surface.py)."""

from __future__ import annotations

from benchmarks.surface import FAMILIES, names_of

from juesuan.api import check_report
from juesuan.classification import default_catalogue
from juesuan.ingest.pdf import pdf_pieces
from juesuan.ingest.pdf.textform import text_form
from juesuan.ingest.text.reader import parse_text
from tests.conftest import CORPUS


def _items(text: str, name: str) -> list[tuple[str, str, str]]:
    result = parse_text(text, name, default_catalogue())
    return sorted((f.rule_id, f.severity.value, f.message) for f in check_report(result).findings if f.rule_id in ("TX09", "TX10"))


def test_items_named_unlike_the_table_are_found_by_amount_in_a_yuan_table() -> None:
    text = text_form(pdf_pieces(CORPUS / "sh-putuo-guihuaziyuanju-2024-dept-final.pdf"))
    original = parse_text(text, "original.txt", default_catalogue())
    in_yuan = FAMILIES["yuan"]["yuan"](text, names_of(original.report))
    assert "元" in in_yuan and in_yuan != text
    before = _items(text, "original.txt")
    assert any("不一致" in m for _, _, m in before)  # the document's own name slips, found by amount
    assert _items(in_yuan, "yuan.txt") == before
