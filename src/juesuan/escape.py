"""Text from a document or a user, made safe for the files juesuan writes (L1, no dependencies).

Everything juesuan writes carries text it did not make: department names, row labels, the
narrative, file names. A finance office opens the XLSX and CSV files in Excel or WPS, and those
evaluate a cell that starts with ``=``, ``+``, ``-`` or ``@`` (also after leading blanks or control
characters) as a formula — ``=cmd|' /C calc'!A0`` in a department name would run in the reader's
spreadsheet (CSV/formula injection). Web pages and Markdown would run ``<script>``. One module
decides, for every writer (``render`` writers, the store's exports, the batch summary):

- :func:`formula_like` — would a spreadsheet take this text for a formula;
- :func:`csv_text` — a CSV field shown as text (a leading ``'``, as spreadsheets themselves do);
- :func:`sheet_text` — characters XLSX/DOCX XML cannot hold removed (C0 controls but tab and
  line breaks); writers then store the text as a string cell (``data_type = "s"``), never a formula;
- :func:`markdown_text` / :func:`html_text` — inline text for Markdown and HTML.
"""

from __future__ import annotations

import html
import re

__all__ = ["csv_text", "formula_like", "html_text", "markdown_text", "sheet_text"]

#: What a spreadsheet takes as the start of a formula (``-``/``+`` of a plain number excepted).
FORMULA_STARTS = ("=", "+", "-", "@")
#: Blanks and control characters a spreadsheet skips before it looks for the formula sign.
_LEADING = re.compile(r"^[\s\x00-\x1f\x7f\u3000\ufeff]+")
_PLAIN_NUMBER = re.compile(r"[+-]?\d[\d,]*(?:\.\d+)?%?")
#: Characters an XML 1.0 document (XLSX, DOCX) cannot hold, and other C0/C1 controls but tab/newline.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def formula_like(text: str) -> bool:
    """Would Excel, WPS or LibreOffice evaluate ``text`` typed into a cell (``=1+1``, ``\\t=cmd|…``,
    ``@SUM(A1)``, ``+1+1``)? A plain signed number (``-60.00``) is a number, not a formula."""
    stripped = _LEADING.sub("", text)
    if not stripped.startswith(FORMULA_STARTS):
        return False
    return stripped != text or not _PLAIN_NUMBER.fullmatch(stripped)


def csv_text(text: str) -> str:
    """A CSV field a spreadsheet shows as the text it is: formula-like text gets a leading ``'``."""
    return "'" + text if formula_like(text) else text


def sheet_text(text: str) -> str:
    """Text an XLSX or DOCX part can hold: control characters (NUL, ESC …) and lone surrogates removed."""
    return _XML_ILLEGAL.sub("", text)


_MD_INLINE = re.compile(r"([\\`*_\[\]])")
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_LINE_BREAKS = re.compile(r"[\r\n\x0b\x0c\x85\u2028\u2029]+")
_BLOCK_START = re.compile(r"^(\s*)([#>+=|-])")


def markdown_text(text: str, *, block: bool = False) -> str:
    """Inline Markdown that shows ``text`` as it is: no HTML tag (``<script>``), entity, link,
    emphasis or code span can start from it, and no line break (so no heading or quote line
    either). With ``block``, a leading ``#``, ``>``, ``-``, ``+``, ``=`` or ``|`` that would make the
    paragraph a heading, quote, list or table is escaped too. Plain Chinese text and figures are
    unchanged."""
    text = sheet_text(text)
    if any(ch in text for ch in "\r\n\x0b\x0c\x85\u2028\u2029"):
        text = _LINE_BREAKS.sub(" ", text)
    if any(ch in text for ch in "\\`*_[]<&"):
        text = _ENTITY.sub("&amp;", text)
        text = _TAG_START.sub("&lt;", text)
        text = _MD_INLINE.sub(r"\\\1", text)
    if block:
        text = _BLOCK_START.sub(r"\1\\\2", text)
    return text


def html_text(text: str) -> str:
    """Text for an HTML element or attribute (``<``, ``>``, ``&`` and quotes escaped; controls removed)."""
    return html.escape(sheet_text(text), quote=True)
