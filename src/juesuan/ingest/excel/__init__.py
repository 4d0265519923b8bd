"""Published 部门决算 workbooks (``.xlsx``/``.xlsm``/``.xls``): one sheet per table as government
sites publish them, or several tables on one sheet. Not the fill-in template: that is read by
:mod:`juesuan.ingest.template` and only recognised (and refused) here.

openpyxl and xlrd are imported inside the functions that need them.
"""

from juesuan.ingest.excel.reader import MAX_BYTES, MAX_COLUMNS, MAX_ROWS, MAX_SHEETS, is_template_workbook, read_excel, workbook_sheets

__all__ = ["MAX_BYTES", "MAX_COLUMNS", "MAX_ROWS", "MAX_SHEETS", "is_template_workbook", "read_excel", "workbook_sheets"]
