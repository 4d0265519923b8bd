"""部门决算 as web pages (``.html``/``.htm``): tables with ``rowspan``/``colspan`` as government sites
publish them, headings and paragraphs around them.

lxml (installed with python-docx) is imported inside the function that parses the page.
"""

from juesuan.ingest.html.reader import MAX_BYTES, MAX_COLUMNS, MAX_DEPTH, MAX_ROWS, decode_html, html_items, read_html

__all__ = ["MAX_BYTES", "MAX_COLUMNS", "MAX_DEPTH", "MAX_ROWS", "decode_html", "html_items", "read_html"]
