"""Converting a DOCX to PDF with LibreOffice, its table of contents updated (for the DOCX tests)."""
