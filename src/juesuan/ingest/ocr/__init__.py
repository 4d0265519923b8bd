"""Reading page images (scanned PDF pages, JPG/PNG/TIFF files) by offline OCR.

A page image becomes the same :class:`~juesuan.ingest.pdf.document.PageContent` a text-layer PDF
page gives — word boxes and ruling lines in PDF points — so that the PDF reader's table
rebuilding, the shared assembler, the rules and the provenance (page + box) are the same for
both. ``image`` straightens and cuts the picture, ``page`` finds and reads the text,
``engine`` wraps the recogniser (RapidOCR's ONNX model, shipped in its wheel), ``confidence``
decides which figures are doubtful, ``scanned`` is what the PDF reader calls, ``files`` reads
picture files as the pages of one document. OpenCV, numpy and RapidOCR are imported only here.
"""
