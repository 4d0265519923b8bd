"""Where a value came from: attached when a document is read, never re-derived later."""


from juesuan.model.build import Model, bare, unchecked

__all__ = ["Source"]


class Source(Model):
    """The place in a source document that a value was read from.

    ``line`` is 1-based in text inputs, ``page`` 1-based in PDFs; ``bbox`` is the PDF box
    ``(x0, y0, x1, y1)`` in points; ``sheet``/``cell`` locate an Excel cell. ``table``, ``row`` and
    ``column`` name the logical place (canonical table title, row label or code, column name), and
    ``text`` is the text exactly as printed.
    """

    file: str = ""
    line: int | None = None
    end_line: int | None = None
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    sheet: str | None = None
    cell: str | None = None
    table: str | None = None
    row: str | None = None
    column: str | None = None
    text: str = ""

    def short(self) -> str:
        """``file:line`` / ``file#p3`` / ``file!Sheet!B4``, for listings."""
        name = self.file.rsplit("/", 1)[-1]
        if self.line is not None:
            return f"{name}:{self.line}"
        if self.page is not None:
            return f"{name}#p{self.page}"
        if self.sheet is not None:
            return f"{name}!{self.sheet}!{self.cell or ''}"
        return name

    def at(self, **changes: object) -> "Source":
        """A copy with some fields changed (e.g. the logical table/row/column filled in).

        Readers call this for every cell, so it skips validation: the fields are plain values
        of the declared types, set by juesuan itself.
        """
        data = self.__dict__.copy()
        data.update(changes)
        return bare(Source, data)

    @classmethod
    def quick(cls, **fields: object) -> "Source":
        """A source built without validation (readers: thousands per document)."""
        return unchecked(cls, **fields)

