"""The unit's name, the year and placeholders are checked in every place they are printed, in every
document: the seed and each corpus PDF, mutated in one place at a time (cover, 目录, a part title, a
sentence whose subject is the unit), must give the finding there; rewritten in a correct form
(shortened from the top, full-width digits, spaces), they must give none.

The documents are read once (the corpus cache); each variant edits the read report's text in one
place and checks it with the rules about names, years and placeholders only.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

import pytest

from juesuan.check import Config, check
from juesuan.check.names import split_unit
from juesuan.diagnostics import Finding
from juesuan.model.narrative import Paragraph
from juesuan.model.report import Report
from juesuan.narrative.facts import extract_facts

RULES = ("YZ01", "YZ02", "YZ06", "YZ11", "YZ12", "YZ13")
DOCS = ("seed", "sh-putuo-caizhengju-2024-dept-final.pdf", "sh-putuo-guihuaziyuanju-2024-dept-final.pdf", "cq-xinandaxue-2023-dept-final.pdf")
PLACES = ("cover", "toc", "part", "text")
_YEAR = re.compile(r"((?:19|20)\d{2})(\s*年度)")

Edit = Callable[[str], str | None]  # a place's text → its variant (None: this text is not the one to edit)


@pytest.fixture(scope="module")
def reports(corpus, seed_result) -> dict[str, Report]:  # type: ignore[no-untyped-def]
    out = {"seed": seed_result.report}
    for name in DOCS[1:]:
        out[name] = corpus.result(name).report
    return out


def _findings(report: Report) -> Counter[tuple[str, str, str]]:
    result = check(report, config=Config(select=RULES))
    return Counter((f.rule_id, f.severity.value, f.message) for f in result.findings)


def _new(report: Report, variant: Report) -> list[tuple[str, str, str]]:
    return list((_findings(variant) - _findings(report)).elements())


def _edited(report: Report, place: str, edit: Edit) -> Report | None:
    """``report`` with the first text of ``place`` that ``edit`` changes changed (None: no such text)."""
    if place == "cover":
        new = edit(report.metadata.title)
        return None if new is None else report.model_copy(update={"metadata": report.metadata.model_copy(update={"title": new})})
    if place == "toc":
        entries = list(report.toc)
        for i, entry in enumerate(entries):
            new = edit(entry.title) if entry.level == 1 or not entry.number.startswith("第") else None
            if new is not None:
                entries[i] = entry.model_copy(update={"title": new})
                return report.model_copy(update={"toc": tuple(entries)})
        return None
    parts = list(report.narrative.parts)
    for i, part in enumerate(parts):
        if place == "part":
            new = edit(part.title)
            if new is not None:
                parts[i] = part.model_copy(update={"title": new})
                return report.model_copy(update={"narrative": report.narrative.model_copy(update={"parts": tuple(parts)})})
            continue
        if part.kind not in ("narrative", "overview", ""):
            continue
        paragraphs = list(part.paragraphs)
        for j, paragraph in enumerate(paragraphs):
            new = edit(paragraph.text)
            if new is not None:
                paragraphs[j] = _reworded(paragraph, new)
                parts[i] = part.model_copy(update={"paragraphs": tuple(paragraphs)})
                return report.model_copy(update={"narrative": report.narrative.model_copy(update={"parts": tuple(parts)})})
        for k, section in enumerate(part.sections):
            for s_index, sub in enumerate(section.walk()):
                subs = list(sub.paragraphs)
                for j, paragraph in enumerate(subs):
                    new = edit(paragraph.text)
                    if new is None:
                        continue
                    subs[j] = _reworded(paragraph, new)
                    changed = sub.model_copy(update={"paragraphs": tuple(subs)})
                    top = _replace_section(section, s_index, changed)
                    sections = list(part.sections)
                    sections[k] = top
                    parts[i] = part.model_copy(update={"sections": tuple(sections)})
                    return report.model_copy(update={"narrative": report.narrative.model_copy(update={"parts": tuple(parts)})})
    return None


def _reworded(paragraph: Paragraph, text: str) -> Paragraph:
    """The paragraph with another text, its facts read again from it."""
    return paragraph.model_copy(update={"text": text, "facts": tuple(extract_facts(text, paragraph.source, paragraph.line_starts))})


def _replace_section(section, index: int, new):  # type: ignore[no-untyped-def]
    """``section`` with its ``index``-th node in walk order replaced by ``new``."""
    if index == 0:
        return new
    index -= 1
    children = list(section.sections)
    for c, child in enumerate(children):
        size = len(child.walk())
        if index < size:
            children[c] = _replace_section(child, index, new)
            return section.model_copy(update={"sections": tuple(children)})
        index -= size
    raise IndexError(index)


def _department(report: Report) -> str:
    return report.metadata.department


def _name_edit(report: Report, place: str, printed: str) -> Edit:
    """Replace the unit's full name by ``printed``; in running text only where it is the subject."""
    name = _department(report)
    pattern = re.compile(re.escape(name) + (r"(?=\s*(?:19|20)\d{2}\s*年)" if place == "text" else ""))

    def edit(text: str) -> str | None:
        compact = text
        return pattern.sub(printed, compact, count=1) if pattern.search(compact) else None

    return edit


def _year_edit(printed: Callable[[str], str]) -> Edit:
    def edit(text: str) -> str | None:
        m = _YEAR.search(text)
        return None if m is None else text[: m.start()] + printed(m.group(1)) + m.group(2) + text[m.end() :]

    return edit


def _variant(reports: dict[str, Report], doc: str, place: str, edit: Edit) -> tuple[Report, Report]:
    report = reports[doc]
    variant = _edited(report, place, edit)
    if variant is None:
        pytest.skip(f"{doc} prints no such text in its {place}")
    return report, variant


def _has_levels(report: Report) -> bool:
    return bool(split_unit(_department(report)).levels)


# ---- mutations that must be found --------------------------------------------------------------


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("doc", DOCS)
def test_placeholder_for_the_name_is_found_everywhere(reports, doc: str, place: str) -> None:  # type: ignore[no-untyped-def]
    unit = split_unit(_department(reports[doc]))
    placeholder = "".join(unit.levels[:1]) + "XX" + unit.core[-1]
    report, variant = _variant(reports, doc, place, _name_edit(reports[doc], place, placeholder))
    new = _new(report, variant)
    assert any(rule == "YZ06" and severity == "error" and placeholder in message for rule, severity, message in new), new


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("doc", DOCS)
def test_a_name_without_its_lowest_level_is_an_error_everywhere(reports, doc: str, place: str) -> None:  # type: ignore[no-untyped-def]
    if not _has_levels(reports[doc]):
        pytest.skip("no place name to leave out")
    unit = split_unit(_department(reports[doc]))
    printed = "".join(unit.levels[:-1]) + unit.core
    report, variant = _variant(reports, doc, place, _name_edit(reports[doc], place, printed))
    new = _new(report, variant)
    wanted = [m for rule, severity, m in new if rule == "YZ02" and severity == "error" and f"少了“{unit.levels[-1]}”" in m]
    assert len(wanted) == 1 and len(new) == 1, new


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("doc", DOCS)
def test_a_bare_name_is_reported_everywhere(reports, doc: str, place: str) -> None:  # type: ignore[no-untyped-def]
    if not _has_levels(reports[doc]):
        pytest.skip("the unit's name has no place name")
    unit = split_unit(_department(reports[doc]))
    report, variant = _variant(reports, doc, place, _name_edit(reports[doc], place, unit.core))
    new = _new(report, variant)
    severity = "info" if place == "text" else "warning"
    assert [(r, s) for r, s, _ in new] == [("YZ12", severity)], new
    assert f"“{unit.core}”" in new[0][2]


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("doc", DOCS)
def test_another_year_is_found_everywhere(reports, doc: str, place: str) -> None:  # type: ignore[no-untyped-def]
    report, variant = _variant(reports, doc, place, _year_edit(lambda y: str(int(y) + 1)))
    new = _new(report, variant)
    assert any(rule == "YZ01" and severity == "error" for rule, severity, _ in new), new


@pytest.mark.parametrize("broken", ["cut", "doubled", "letter"])
@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("doc", DOCS)
def test_a_broken_year_is_found_everywhere(reports, doc: str, place: str, broken: str) -> None:  # type: ignore[no-untyped-def]
    mutate = {"cut": lambda y: y[:3], "doubled": lambda y: y + y[-1], "letter": lambda y: y[:1] + "O" + y[2:]}[broken]
    report, variant = _variant(reports, doc, place, _year_edit(mutate))
    new = _new(report, variant)
    assert any(rule == "YZ11" and severity == "error" for rule, severity, _ in new), new


# ---- correct forms that must not be reported ---------------------------------------------------


def _correct_forms(report: Report) -> dict[str, Edit]:
    unit = split_unit(_department(report))
    forms: dict[str, Edit] = {
        "full-width-year": _year_edit(lambda y: y.translate(str.maketrans("0123456789", "０１２３４５６７８９"))),
        "spaced-year": _year_edit(lambda y: y[:1] + " " + y[1:]),
    }
    if unit.levels:
        forms["without-top-level"] = lambda text: _name_in(text, report, "".join(unit.levels[1:]) + unit.core if len(unit.levels) > 1 else None)
        forms["spaced-name"] = lambda text: _name_in(text, report, " ".join(unit.levels) + " " + unit.core)
    return forms


def _name_in(text: str, report: Report, printed: str | None) -> str | None:
    name = _department(report)
    if printed is None or name not in text:
        return None
    return text.replace(name, printed, 1)


@pytest.mark.parametrize("form", ["full-width-year", "spaced-year", "without-top-level", "spaced-name"])
@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("doc", DOCS)
def test_correct_forms_are_not_reported(reports, doc: str, place: str, form: str) -> None:  # type: ignore[no-untyped-def]
    forms = _correct_forms(reports[doc])
    if form not in forms:
        pytest.skip("the unit's name has no place name")
    report, variant = _variant(reports, doc, place, forms[form])
    assert _new(report, variant) == []


def test_the_variants_reach_every_place_of_every_document(reports) -> None:  # type: ignore[no-untyped-def]
    """The skips above are the exceptions: each document prints its year in each place, and a
    unit with a place name prints its name in the cover, the 目录 and a part title."""
    for doc, report in reports.items():
        for place in PLACES:
            assert _edited(report, place, _year_edit(lambda y: y[:3])) is not None or (doc, place) in _NO_YEAR, (doc, place)
        if _has_levels(report):
            for place in ("cover", "toc", "part"):
                assert _edited(report, place, _name_edit(report, place, "X")) is not None, (doc, place)


#: places where a document prints no year (西南大学's narrative says “2023年” without 年度)
_NO_YEAR: set[tuple[str, str]] = set()


def test_findings_are_counted_once(reports) -> None:  # type: ignore[no-untyped-def]
    """A name left without its district in a part title gives one finding, not one per rule."""
    report = reports["sh-putuo-caizhengju-2024-dept-final.pdf"]
    variant = _edited(report, "part", _name_edit(report, "part", "上海市财政局"))
    assert variant is not None
    new: list[Finding] = [f for f in check(variant, config=Config(select=RULES)).findings if "上海市财政局" in f.message]
    assert len(new) == 1 and new[0].rule_id == "YZ02"


# ---- numbering -----------------------------------------------------------------------------------


def _renumbered(report: Report, shift: Callable[[str, int], str | None]) -> Report | None:
    """``report`` with the number of the third of three or more numbered sibling sections
    changed by ``shift(number, value)`` (None: no such sections)."""
    from juesuan.check.numbering import item_number

    parts = list(report.narrative.parts)
    for i, part in enumerate(parts):
        containers = [(None, part.sections)] + [(s, s.sections) for s in part.walk()]
        for owner, children in containers:
            numbered = [c for c in children if item_number(c.number)]
            if len(numbered) < 3:
                continue
            third = numbered[2]
            found = item_number(third.number)
            assert found is not None
            new_number = shift(third.number, found[1])
            if new_number is None:
                continue
            changed = third.model_copy(update={"number": new_number})
            siblings = tuple(changed if c is third else c for c in children)
            if owner is None:
                parts[i] = part.model_copy(update={"sections": siblings})
            else:
                index = part.walk().index(owner)
                top = next(k for k, s in enumerate(part.sections) if index < sum(len(x.walk()) for x in part.sections[: k + 1]))
                offset = index - sum(len(x.walk()) for x in part.sections[:top])
                sections = list(part.sections)
                sections[top] = _replace_section(part.sections[top], offset, owner.model_copy(update={"sections": siblings}))
                parts[i] = part.model_copy(update={"sections": tuple(sections)})
            return report.model_copy(update={"narrative": report.narrative.model_copy(update={"parts": tuple(parts)})})
    return None


def _skip_one(number: str, value: int) -> str | None:
    from juesuan.model.numerals import int_to_cn

    digits = re.search(r"\d+", number)
    if digits:
        return number.replace(digits.group(0), str(value + 1), 1)
    return number.replace(int_to_cn(value), int_to_cn(value + 1), 1)


def _full_width(number: str, value: int) -> str | None:
    swapped = number.translate(str.maketrans("0123456789()", "０１２３４５６７８９（）"))
    return swapped.replace("（", "(").replace("）", ")") if swapped == number else swapped


@pytest.mark.parametrize("doc", DOCS)
def test_a_mistyped_section_number_is_found_in_every_document(reports, doc: str) -> None:  # type: ignore[no-untyped-def]
    """The third of a run numbered as the fourth (一、二、四、四、): one finding, at the third."""
    report = reports[doc]
    variant = _renumbered(report, _skip_one)
    assert variant is not None, f"{doc} has three numbered sibling sections"
    new = _new(report, variant)
    assert [(r, s) for r, s, _ in new] == [("YZ13", "warning")] and "此处应为" in new[0][2], new


@pytest.mark.parametrize("doc", DOCS)
def test_section_numbers_in_another_width_are_not_reported(reports, doc: str) -> None:  # type: ignore[no-untyped-def]
    report = reports[doc]
    variant = _renumbered(report, _full_width)
    assert variant is not None
    assert _new(report, variant) == []
