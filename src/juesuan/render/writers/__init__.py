"""Writers: one module per output format, each drawing a :class:`~juesuan.render.view.Document`.

``markdown`` and ``html`` need only the standard library (and the SVG drawer); ``docx``
(python-docx), ``xlsx`` (openpyxl) and ``pdf`` (typst) import their library inside the module.
"""
