"""Reader for the PDF-to-text form of a 部门决算 (the seed's markdown-like text)."""

from juesuan.ingest.text.reader import parse_text, read_text

__all__ = ["parse_text", "read_text"]
