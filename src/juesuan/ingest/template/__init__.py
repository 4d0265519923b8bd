"""The fill-in workbook (部门决算填报模板): its layout, the empty workbook, and the reader that
turns a filled one (or the same sheets as YAML) into the writer's input.

``openpyxl`` is imported inside the functions that need it.
"""

from juesuan.ingest.template.layout import SHEETS, template_workbook
from juesuan.ingest.template.read import read_sheets, read_template

__all__ = ["SHEETS", "read_sheets", "read_template", "template_workbook"]
