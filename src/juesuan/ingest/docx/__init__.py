"""部门决算 as Word documents (``.docx``): paragraphs with their heading styles, tables with merged
cells. Old binary ``.doc`` files are recognised and refused with a clear message.

python-docx is imported inside the function that opens the file.
"""

from juesuan.ingest.docx.reader import MAX_BYTES, MAX_COLUMNS, MAX_PARAGRAPHS, MAX_ROWS, docx_items, read_docx

__all__ = ["MAX_BYTES", "MAX_COLUMNS", "MAX_PARAGRAPHS", "MAX_ROWS", "docx_items", "read_docx"]
