"""Classification codes: 支出功能分类 (类 3 / 款 5 / 项 7 digits) and 部门预算支出经济分类 (类 3 / 款 5).

The catalogue of known codes is edition-aware: a name can be valid from one edition of
《政府收支分类科目》 and renamed in a later one. Codes that the catalogue does not know are
allowed everywhere (the shipped catalogue is partial); they are remembered by whoever reads
them, never rejected.
"""

import re
from enum import StrEnum
from functools import lru_cache

from juesuan.model.build import Model, restored

__all__ = [
    "Catalogue",
    "CatalogueEntry",
    "Code",
    "CodeLevel",
    "CodeScheme",
    "NameMatch",
    "normalize_name",
]


class CodeScheme(StrEnum):
    FUNCTION = "function"  # 支出功能分类科目
    ECONOMIC = "economic"  # 部门预算支出经济分类科目


class CodeLevel(StrEnum):
    CLASS = "类"
    SECTION = "款"
    ITEM = "项"


_LEVEL_BY_LENGTH = {
    CodeScheme.FUNCTION: {3: CodeLevel.CLASS, 5: CodeLevel.SECTION, 7: CodeLevel.ITEM},
    CodeScheme.ECONOMIC: {3: CodeLevel.CLASS, 5: CodeLevel.SECTION},
}


class Code(Model):
    """A classification code as read: the canonical digits and the text that was printed.

    ``value`` holds the full digits (``"2080505"``, ``"30101"``). ``printed`` keeps what the
    document showed (``"208 05 05"``, or ``"3010"`` where a conversion cut the code to four
    digits). ``inferred`` is true when ``value`` was reconstructed (from the name) rather than read.
    """

    scheme: CodeScheme
    value: str
    printed: str = ""
    inferred: bool = False

    @property
    def level(self) -> CodeLevel | None:
        return _LEVEL_BY_LENGTH[self.scheme].get(len(self.value))

    @property
    def parent(self) -> str | None:
        """The digits of the enclosing 类/款, or ``None`` for a 类."""
        if len(self.value) <= 3:
            return None
        return self.value[: len(self.value) - 2]

    @property
    def well_formed(self) -> bool:
        return self.value.isdigit() and self.level is not None

    def __str__(self) -> str:
        return self.value


_NAME_NOISE = re.compile(r"[\s　]+")
_BRACKETS = str.maketrans({"(": "（", ")": "）", '"': "“", "'": "’"})


@lru_cache(maxsize=1 << 14)
def normalize_name(name: str) -> str:
    """Compare names without spaces, half/full-width brackets or wrapped-line breaks."""
    return _NAME_NOISE.sub("", name.translate(_BRACKETS)).strip()


class NameMatch(StrEnum):
    """How a printed name relates to the catalogue's name for its code."""

    EXACT = "exact"
    TRUNCATED = "truncated"  # a prefix cut by the column width
    OLD_EDITION = "old_edition"  # a name of an earlier edition
    DIFFERENT = "different"
    UNKNOWN_CODE = "unknown_code"


class CatalogueEntry(Model):
    """One code of the catalogue, valid for editions ``since``..``until`` (inclusive, years)."""

    scheme: CodeScheme
    code: str
    name: str
    level: CodeLevel
    parent: str | None = None
    since: int | None = None
    until: int | None = None
    old_names: tuple[tuple[str, int], ...] = ()  # (name, last edition year using it)
    variants: tuple[str, ...] = ()  # other spellings seen in published tables
    source: str = ""

    def valid_in(self, year: int | None) -> bool:
        if year is None:
            return True
        if self.since is not None and year < self.since:
            return False
        return not (self.until is not None and year > self.until)


class Catalogue(Model):
    """The known codes of both schemes, looked up by code and by name."""

    entries: tuple[CatalogueEntry, ...] = ()
    edition: str = ""

    def __post_init__(self) -> None:
        """The indexes by code and by name (kept in the instance dict beside the fields)."""
        by_code: dict[tuple[CodeScheme, str], CatalogueEntry] = {}
        by_name: dict[tuple[CodeScheme, str], list[CatalogueEntry]] = {}
        for entry in self.entries:
            by_code[(entry.scheme, entry.code)] = entry
            names = {entry.name, *entry.variants, *(n for n, _ in entry.old_names)}
            for name in names:
                by_name.setdefault((entry.scheme, normalize_name(name)), []).append(entry)
        self.__dict__["_by_code"] = by_code
        self.__dict__["_by_name"] = by_name

    @classmethod
    def kept(cls, entries: tuple[CatalogueEntry, ...], edition: str, by_name: dict[tuple[CodeScheme, str], list[CatalogueEntry]]) -> "Catalogue":
        """A catalogue kept from an earlier run, with the index by name it had then (its
        :attr:`name_index`; the index by code is made again, cheaply): not validated."""
        by_code = {(entry.scheme, entry.code): entry for entry in entries}
        return restored(cls, {"entries": entries, "edition": edition, "_by_code": by_code, "_by_name": by_name})

    @property
    def name_index(self) -> dict[tuple[CodeScheme, str], list[CatalogueEntry]]:
        """Entries by scheme and normalised name (current, variant and old names)."""
        index: dict[tuple[CodeScheme, str], list[CatalogueEntry]] = self.__dict__["_by_name"]
        return index

    def get(self, scheme: CodeScheme, code: str) -> CatalogueEntry | None:
        by_code: dict[tuple[CodeScheme, str], CatalogueEntry] = self.__dict__["_by_code"]
        return by_code.get((scheme, code))

    def by_name(self, scheme: CodeScheme, name: str) -> list[CatalogueEntry]:
        by_name: dict[tuple[CodeScheme, str], list[CatalogueEntry]] = self.__dict__["_by_name"]
        return list(by_name.get((scheme, normalize_name(name)), []))

    def children(self, scheme: CodeScheme, code: str) -> list[CatalogueEntry]:
        return [e for e in self.entries if e.scheme == scheme and e.parent == code]

    def match_name(self, scheme: CodeScheme, code: str, name: str, year: int | None = None) -> NameMatch:
        """Compare a printed name with the catalogue's name of ``code`` in ``year``'s edition."""
        entry = self.get(scheme, code)
        if entry is None:
            return NameMatch.UNKNOWN_CODE
        printed = normalize_name(name)
        current = normalize_name(entry.name)
        if printed == current or printed in {normalize_name(v) for v in entry.variants}:
            return NameMatch.EXACT
        for old, last_year in entry.old_names:
            if printed == normalize_name(old):
                if year is not None and year <= last_year:
                    return NameMatch.EXACT
                return NameMatch.OLD_EDITION
        if len(printed) >= 2 and (current.startswith(printed) or _is_abbreviation(printed, current)):
            return NameMatch.TRUNCATED
        return NameMatch.DIFFERENT

    def resolve(self, scheme: CodeScheme, printed_digits: str, name: str) -> str | None:
        """Full code for a code cut short by a conversion (``3010`` + ``基本工资`` → ``30101``).

        The candidates are the catalogue codes that start with the printed digits; the name
        decides among them. Returns ``None`` when nothing (or more than one code) fits.
        """
        candidates = [e for e in self.by_name(scheme, name) if e.code.startswith(printed_digits)]
        if len(candidates) == 1:
            return candidates[0].code
        if not candidates:
            target = normalize_name(name)
            loose = [
                e
                for e in self.entries
                if e.scheme == scheme
                and e.code.startswith(printed_digits)
                and len(e.code) > len(printed_digits)
                and target
                and (normalize_name(e.name).startswith(target) or target.startswith(normalize_name(e.name)))
            ]
            if len(loose) == 1:
                return loose[0].code
        return None


def _is_abbreviation(printed: str, full: str) -> bool:
    """``社会保障和就业`` for ``社会保障和就业支出``: the full name minus a trailing 支出/事务."""
    return any(full.endswith(suffix) and full[: -len(suffix)] == printed for suffix in ("支出", "事务", "费"))
