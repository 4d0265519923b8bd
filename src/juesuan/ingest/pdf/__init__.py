"""The PDF reader (text layer) on PyMuPDF: tables rebuilt from ruling lines and word geometry.

``reader`` turns a PDF into the shared :class:`~juesuan.ingest.common.assemble.Pieces`;
``textform`` writes those pieces in the seed's text form. PyMuPDF is imported only here.
Scanned pages (no text layer) are reported, page by page; OCR is not done.
"""

from juesuan.ingest.pdf.reader import pdf_pieces, read_pdf

__all__ = ["pdf_pieces", "read_pdf"]
