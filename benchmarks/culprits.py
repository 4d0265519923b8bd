"""Culprit benchmark: one- and two-cell typing slips in the seed and the corpus PDFs — is the
changed cell the one CU01 names?

    python benchmarks/culprits.py [--single N] [--double N] [--only NAME] [--verbose]

For each document, mutants come from :mod:`benchmarks.mutants` (one printed table figure changed
by a typing slip, read back to prove only that cell moved; two-cell mutants change two cells in
two rows). Each mutant is checked and compared with the unmutated document:

- *breaks*: the mutant has a new error or warning (anything but a 尾差 hint) — the slip broke at
  least one identity the rules check; slips that break none are counted apart (nothing to find);
- *named*: a new CU01 names the changed cell (not as one of tied candidates); for two-cell
  mutants, both cells are named;
- *ambiguous*: the changed cell is among the candidates of a new CU01 that could not choose;
- *wrong*: a new CU01 names another figure and none names the changed one;
- *primary errors*: new error findings that are not the consequence of a culprit — what a reader
  has to look at (goal: 1 per mutant).

Figures are printed per document and per kind of slip; the goals (issue 10): the changed cell
named in ≥ 90 % of single mutants that break an identity, median primary errors 1, both cells
named in ≥ 80 % of two-cell mutants that break one.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from benchmarks.mutants import TableMutant, table_mutants  # noqa: E402

from juesuan.check import check  # noqa: E402
from juesuan.diagnostics import CheckReport, Finding, Location, Severity  # noqa: E402
from juesuan.ingest import read  # noqa: E402
from juesuan.model.provenance import Source  # noqa: E402

SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "000_47ca208ed1e3cbfe.txt"
CORPUS = sorted((SHARED / "corpus").glob("*.pdf"))


def _key(f: Finding) -> tuple[object, ...]:
    return (f.rule_id, f.message, tuple((loc.table, loc.row, loc.column, loc.line, loc.page) for loc in f.locations))


def _same_place(loc: Location, place: Source) -> bool:
    if (loc.table, loc.column) != (place.table, place.column):
        return False
    if loc.row != place.row:
        return False
    if place.line is not None:
        return loc.line == place.line
    return loc.page == place.page


@dataclass
class Outcome:
    kinds: str
    breaks: bool
    named: int  # how many of the changed cells a new CU01 names
    cells: int
    ambiguous: bool
    wrong: bool
    primary_errors: int
    culprits: list[str] = field(default_factory=list)


def judge(mutant: TableMutant, report: CheckReport, baseline: set[tuple[object, ...]]) -> Outcome:
    new = [f for f in report.findings if _key(f) not in baseline and f.waived is None]
    breaks = any(f.severity in (Severity.ERROR, Severity.WARNING) and not f.rounding for f in new)
    cus = [f for f in new if f.rule_id == "CU01" and f.culprit is not None]
    named = 0
    ambiguous = False
    for place in mutant.places:
        if any(c.culprit is not None and c.culprit.location is not None and _same_place(c.culprit.location, place) for c in cus):
            named += 1
        elif any(c.culprit is not None and any(_same_place(s.location, place) for group in c.culprit.candidates for s in group) for c in cus):
            ambiguous = True
    wrong = named == 0 and not ambiguous and any(c.culprit is not None and c.culprit.location is not None for c in cus)
    primary = sum(1 for f in new if f.severity is Severity.ERROR and f.consequence_of is None)
    return Outcome(
        kinds="+".join(c.kind for c in mutant.changes),
        breaks=breaks,
        named=named,
        cells=len(mutant.changes),
        ambiguous=ambiguous,
        wrong=wrong,
        primary_errors=primary,
        culprits=[c.message for c in cus],
    )


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f} %" if whole else "    —  "


def summarise(title: str, outcomes: list[Outcome], cells: int) -> list[str]:
    broke = [o for o in outcomes if o.breaks]
    full = sum(1 for o in broke if o.named == o.cells)
    amb = sum(1 for o in broke if o.ambiguous and o.named < o.cells)
    wrong = sum(1 for o in broke if o.wrong)
    median = statistics.median([o.primary_errors for o in broke]) if broke else 0
    what = "named" if cells == 1 else "both named"
    return [f"{title:<48} mutants {len(outcomes):3d}  break {len(broke):3d}  {what} {full:3d} ({_pct(full, len(broke))})  ambiguous {amb:2d}  wrong {wrong:2d}  median primary errors {median}"]


def run_document(path: Path, workdir: Path, single: int, double: int, verbose: bool) -> dict[int, list[Outcome]]:
    original = read(path)
    base = check(original.report, reading_findings=original.findings)
    baseline = {_key(f) for f in base.findings}
    out: dict[int, list[Outcome]] = {1: [], 2: []}
    for cells, limit in ((1, single), (2, double)):
        if not limit:
            continue
        for mutant in table_mutants(path, workdir / f"{path.stem}-{cells}", cells=cells, limit=limit, result=original):
            result = mutant.result or read(mutant.document)
            report = check(result.report, reading_findings=result.findings)
            outcome = judge(mutant, report, baseline)
            out[cells].append(outcome)
            if verbose:
                changes = "; ".join(f"{c.table}/{c.row}/{c.column} {c.original}→{c.new} ({c.kind})" for c in mutant.changes)
                verdict = "named" if outcome.named == outcome.cells else "ambiguous" if outcome.ambiguous else "WRONG" if outcome.wrong else "no-break" if not outcome.breaks else "missed"
                print(f"  [{verdict}] {changes}  primary errors {outcome.primary_errors}")
                for message in outcome.culprits:
                    print(f"      CU01 {message}")
            mutant.document.unlink(missing_ok=True)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--single", type=int, default=30, help="one-cell mutants per document")
    parser.add_argument("--double", type=int, default=15, help="two-cell mutants per document")
    parser.add_argument("--only", default="", help="only documents whose name contains this")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    documents = [p for p in [SEED, *CORPUS] if p.exists() and args.only in p.name]
    totals: dict[int, list[Outcome]] = {1: [], 2: []}
    by_kind: dict[str, list[Outcome]] = defaultdict(list)
    lines: list[str] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for path in documents:
            print(f"{path.name} …", flush=True)
            found = run_document(path, Path(tmp), args.single, args.double, args.verbose)
            for cells in (1, 2):
                totals[cells].extend(found[cells])
                lines.extend(summarise(f"{path.name[:40]} ({cells} cell{'s' if cells > 1 else ''})", found[cells], cells))
            for o in found[1]:
                by_kind[o.kinds].append(o)
    print()
    print("\n".join(lines))
    print()
    for kind, outcomes in sorted(by_kind.items()):
        print("\n".join(summarise(f"one cell, {kind}", outcomes, 1)))
    print()
    print("\n".join(summarise("ALL one-cell mutants", totals[1], 1)))
    print("\n".join(summarise("ALL two-cell mutants", totals[2], 2)))
    print(f"({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
