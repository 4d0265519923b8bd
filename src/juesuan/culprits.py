"""Which printed figure is wrong: the culprit search over a document's identities (layer 1).

The checker compares figures two at a time ("款 = Σ项", "公开05表 ≤ 公开03表", "文中 = 表中"); one
mistyped cell then breaks several of those comparisons at once, and each says only "these two
differ". This module takes every such comparison as an :class:`Identity` over printed
:class:`Quantity` values (a table cell or a figure of the text, with the interval of true values
its printing admits) and looks for the cheapest set of quantities whose change makes every
failing identity hold again *without breaking one that holds*, and the value each must take.

The price of an explanation is a prior written down here and tested (``tests/check/test_culprits.py``):

- changing a figure of the text costs :data:`COST_CLAIM`, a table cell :data:`COST_CELL` (the
  tables are made by the 决算 software from the books; the text is typed afterwards);
- when the printed figure is a typing slip of the value it must take — a digit dropped, doubled,
  two digits swapped, one digit changed, the decimal point shifted, 元 for 万元 (:func:`typo_of`)
  — the price falls by :data:`TYPO_BONUS` of that kind;
- a change of sign costs :data:`SIGN_PENALTY` more;
- a value away from the centre of what the identities allow costs up to :data:`MAX_STRAIN` more
  (``4·(d/σ)²``: the other figures' rounding errors would all have to lean one way);
- a total (the lone side of a sum) costs :data:`TOTAL_PENALTY` more than a leaf: totals are
  summed by the software, leaves are typed in. Where a total is confirmed elsewhere (it equals
  its copy in another table) it cannot change alone at all, because every identity that holds is
  a constraint of the search.

One change that explains a group of failing identities is found directly (the fast path); sets of
two or more are searched with OR-Tools CP-SAT on integer values (the figures scaled to whole
units of their finest decimal). When two explanations cost the same, the answer is "ambiguous"
with the candidates — never a guess.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal
from enum import StrEnum
from typing import Any

from juesuan.record import Record, slot_setters

__all__ = [
    "COST_CELL",
    "COST_CLAIM",
    "SIGN_PENALTY",
    "TOTAL_PENALTY",
    "TYPO_BONUS",
    "Change",
    "Culprit",
    "Identity",
    "IdentityGraph",
    "Quantity",
    "Role",
    "Typo",
    "explain",
    "typo_candidates",
    "typo_of",
]

ZERO = Decimal(0)
CENT = Decimal("0.01")


class Role(StrEnum):
    CELL = "cell"  # a figure of a table
    CLAIM = "claim"  # a figure of the narrative


class Typo(StrEnum):
    """Typing slips that turn one printed figure into another (the labels are shown to users)."""

    DROPPED = "漏录一位数字"
    EXTRA = "多录一位数字"
    SWAPPED = "相邻数字颠倒"
    CHANGED = "错录一位数字"
    DECIMAL = "小数点错位"
    UNIT = "元与万元混用"


# ---- the prior -----------------------------------------------------------------------------------

COST_CELL = 100
COST_CLAIM = 90
SIGN_PENALTY = 50
TOTAL_PENALTY = 5
#: how much a typing slip lowers the price of a change; a changed digit is the least specific
#: slip (any value differing in one place), the others say more
TYPO_BONUS: dict[Typo, int] = {
    Typo.DROPPED: 40,
    Typo.EXTRA: 40,
    Typo.SWAPPED: 40,
    Typo.DECIMAL: 40,
    Typo.UNIT: 40,
    Typo.CHANGED: 25,
}
#: the most a value away from the centre of what the identities allow can add to its price
MAX_STRAIN = 40
MAX_CHANGES = 4  # more changes than this is not "a few typing slips": no culprit is named
MAX_SEARCH_FIGURES = 1500  # figures in one search; beyond them (hostile inputs) no search is made
#: Work limits of the search, in CP-SAT's *deterministic time* (a count of the solver's work, roughly a
#: second of one core; the same on every machine and under any load, so the same
#: document always names the same culprits — a wall-clock limit would make the findings depend on
#: how busy the machine is). SOLVER_WORK bounds one solve; SEARCH_WORK one document's whole
#: diagnosis: a damaged document with dozens of broken groups (a table pasted twice) made 85
#: searches and 27 s of CPU; past the budget the remaining groups name no culprit (their identity
#: findings stand), as for a group too large to search.
SOLVER_WORK = 5.0
SEARCH_WORK = 10.0


# ---- typing slips --------------------------------------------------------------------------------


def _digits(value: Decimal, step: Decimal) -> tuple[str, int] | None:
    """The digits of ``|value|`` printed at ``step`` (no point, no sign) and the decimals."""
    if step <= 0:
        return None
    exponent = step.normalize().as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    text = format(abs(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN), "f")
    return text.replace(".", ""), places


def _from_digits(digits: str, places: int) -> Decimal:
    return Decimal(digits).scaleb(-places)


def typo_of(printed: Decimal, expected: Decimal, step: Decimal = CENT) -> Typo | None:
    """The typing slip that turns ``expected`` into ``printed`` (both printed at ``step``), if any.

    ``typo_of(Decimal("8.69"), Decimal("80.69"))`` is :attr:`Typo.DROPPED`; a sign is not a digit
    (``-5`` for ``5`` is no slip here: the search prices sign changes separately)."""
    if printed == expected or ((printed < 0) != (expected < 0) and printed != 0 and expected != 0):
        return None
    a, b = abs(printed), abs(expected)
    if a and b:
        ratio = a / b if a > b else b / a
        if ratio == 10000:
            return Typo.UNIT
        if ratio in (10, 100, 1000):
            return Typo.DECIMAL
    got = _digits(a, step)
    want = _digits(b, step)
    if got is None or want is None:
        return None
    p, e = got[0], want[0]
    if len(p) + 1 == len(e) and any(e[:i] + e[i + 1 :] == p for i in range(len(e))):
        return Typo.DROPPED
    if len(p) == len(e) + 1 and any(p[:i] + p[i + 1 :] == e for i in range(len(p))):
        return Typo.EXTRA
    if len(p) == len(e):
        diff = [i for i in range(len(p)) if p[i] != e[i]]
        if len(diff) == 1:
            return Typo.CHANGED
        if len(diff) == 2 and diff[1] == diff[0] + 1 and p[diff[0]] == e[diff[1]] and p[diff[1]] == e[diff[0]]:
            return Typo.SWAPPED
    return None


def typo_candidates(
    printed: Decimal, step: Decimal = CENT, within: tuple[Decimal | None, Decimal | None] = (None, None)
) -> dict[Decimal, Typo]:
    """Every value of which ``printed`` is a typing slip (the inverse of :func:`typo_of`); with
    ``within``, only those from its low to its high end (``None``: unbounded), the others never
    tried."""
    got = _digits(printed, step)
    if got is None:
        return {}
    p, places = got
    sign = -1 if printed < 0 else 1
    low, high = within
    out: dict[Decimal, Typo] = {}

    def wanted(value: Decimal) -> bool:
        return (low is None or value >= low) and (high is None or value <= high)

    def put(digits: str, kind: Typo) -> None:
        if not digits:
            return
        value = sign * _from_digits(digits, places)
        if value != printed and value not in out and wanted(value) and typo_of(printed, value, step) is kind:
            out[value] = kind

    a = abs(printed)
    if a:
        for factor in (Decimal(10000), Decimal("0.0001")):
            value = sign * (a * factor)
            if wanted(value):
                out.setdefault(value, Typo.UNIT)
        for factor in (Decimal(10), Decimal(100), Decimal(1000), Decimal("0.1"), Decimal("0.01"), Decimal("0.001")):
            value = sign * (a * factor)
            if (value == value.quantize(step) if step > 0 else True) and wanted(value):
                out.setdefault(value, Typo.DECIMAL)
    for i in range(len(p) + 1):  # a digit dropped from the value: put one back
        for d in "0123456789":
            put(p[:i] + d + p[i:], Typo.DROPPED)
    for i in range(len(p)):  # a digit too many: take one away
        put(p[:i] + p[i + 1 :], Typo.EXTRA)
    for i in range(len(p) - 1):
        if p[i] != p[i + 1]:
            put(p[:i] + p[i + 1] + p[i] + p[i + 2 :], Typo.SWAPPED)
    for i in range(len(p)):
        for d in "0123456789":
            if d != p[i]:
                put(p[:i] + d + p[i + 1 :], Typo.CHANGED)
    return out


# ---- the graph -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Quantity(Record):
    """A printed figure: its value, the step it is printed at, and what it is.

    ``bounds`` is the interval of true values when it is not ``value ± step/2`` (a blank cell is
    exactly zero; a figure with a digit OCR doubts is wider). ``source`` is the caller's handle."""

    key: Hashable
    value: Decimal
    step: Decimal
    role: Role = Role.CELL
    source: object = None
    bounds: tuple[Decimal, Decimal] | None = None
    #: the interval of true values: ``bounds``, else ``value ± step/2`` (made once: the search reads
    #: it thousands of times)
    lo: Decimal = field(init=False, repr=False)
    hi: Decimal = field(init=False, repr=False)

    def __init__(  # the dataclass's, and lo and hi (juesuan.record: a check makes ~800)
        self, key: Hashable, value: Decimal, step: Decimal, role: Role = Role.CELL, source: object = None, bounds: tuple[Decimal, Decimal] | None = None
    ) -> None:
        _set_key(self, key)
        _set_value(self, value)
        _set_step(self, step)
        _set_role(self, role)
        _set_source(self, source)
        _set_bounds(self, bounds)
        if bounds is None:
            half = step / 2
            _set_lo(self, value - half)
            _set_hi(self, value + half)
        else:
            _set_lo(self, bounds[0])
            _set_hi(self, bounds[1])


_set_key, _set_value, _set_step, _set_role, _set_source, _set_bounds, _set_lo, _set_hi = slot_setters(
    Quantity, "key", "value", "step", "role", "source", "bounds", "lo", "hi"
)


@dataclass(eq=False, repr=False)
class Identity(Record):
    """``Σ coef·quantity + constant = 0`` (or ``≤ 0`` when ``at_most``), within ``slack``.

    ``refs`` are the caller's handles of what reported it (finding references): the same identity
    checked by two rules is one identity with two refs."""

    terms: tuple[tuple[int, Hashable], ...]
    constant: Decimal = ZERO
    slack: Decimal = ZERO
    at_most: bool = False
    refs: list[object] = field(default_factory=list)

    @property
    def keys(self) -> tuple[Hashable, ...]:
        return tuple([k for _, k in self.terms])  # a list first: a generator resumes per term (~1,000 calls a check)

    def normal(self) -> tuple[object, ...]:
        return (frozenset(self.terms), self.constant, self.at_most)


@dataclass(frozen=True, repr=False)
class Change(Record):
    """One figure put right: the value the identities expect it to have."""

    quantity: Quantity
    expected: Decimal
    kind: Typo | None = None
    exact: bool = True  # False: the identities only bound the value (the nearest is given)
    strain: int = 0  # how unlikely the rounding of the other figures must be for this value (price)


@dataclass(frozen=True, repr=False)
class Culprit(Record):
    """A wrong figure (``change``), or an ambiguous group (``candidates``, two or more tied
    explanations), with the failing identities it explains."""

    change: Change | None
    consequences: tuple[Identity, ...]
    candidates: tuple[tuple[Change, ...], ...] = ()
    cost: int = 0

    @property
    def ambiguous(self) -> bool:
        return self.change is None


def _merge_terms(terms: Iterable[tuple[int, Hashable]]) -> tuple[tuple[int, Hashable], ...]:
    merged: dict[Hashable, int] = {}
    for coef, key in terms:
        merged[key] = merged.get(key, 0) + coef
    return tuple([(c, k) for k, c in merged.items() if c])


class IdentityGraph:
    """The quantities of one document and the identities over them.

    Adding is cheap (the checker adds one identity per comparison it makes): identities are kept
    as given and made canonical — terms merged, the same identity added twice made one with both
    refs — when the graph is first read (:attr:`identities`)."""

    def __init__(self) -> None:
        self.quantities: dict[Hashable, Quantity] = {}
        self._identities: list[Identity] = []
        self._pending: list[tuple[Identity, tuple[Quantity, ...]]] = []
        self._index: dict[tuple[object, ...], Identity] = {}
        self.reported = 0  # how many refs were given to identities (none: nothing failed that was reported)
        self._work_left = SEARCH_WORK  # the search's work left for this diagnosis (set by diagnose)

    def __len__(self) -> int:
        return len(self.identities)

    @property
    def identities(self) -> list[Identity]:
        if self._pending:
            self._settle()
        return self._identities

    def add_quantity(self, quantity: Quantity) -> None:
        self.quantities.setdefault(quantity.key, quantity)

    def add(self, identity: Identity, quantities: Iterable[Quantity] = ()) -> Identity:
        """Add an identity (and its quantities). The caller may still add refs to the returned
        identity; one equal to an identity already there is merged with it, refs and all."""
        self._pending.append((identity, tuple(quantities)))
        return identity

    def refer(self, identity: Identity, ref: object) -> None:
        """``ref`` (a finding) reports ``identity`` broken."""
        identity.refs.append(ref)
        self.reported += 1

    def _settle(self) -> None:
        pending, self._pending = self._pending, []
        for identity, quantities in pending:
            for q in quantities:
                self.quantities.setdefault(q.key, q)
            terms = _merge_terms(identity.terms)
            missing = [k for _, k in terms if k not in self.quantities]
            if missing:
                raise KeyError(f"unknown quantities {missing!r}")
            identity.terms = terms
            normal = identity.normal()
            known = self._index.get(normal)
            if known is not None:
                known.refs.extend(r for r in identity.refs if r not in known.refs)
                known.slack = max(known.slack, identity.slack)
                continue
            self._index[normal] = identity
            self._identities.append(identity)

    # ---- evaluation ----

    def span(self, identity: Identity, values: dict[Hashable, Decimal] | None = None) -> tuple[Decimal, Decimal]:
        """The range of ``Σ coef·x + constant`` over the quantities' intervals (``values``:
        quantities printed differently, with their step)."""
        lo = hi = identity.constant
        for coef, key in identity.terms:
            q = self.quantities[key]
            if values is not None and key in values:
                v = values[key]
                qlo, qhi = v - q.step / 2, v + q.step / 2
            else:
                qlo, qhi = q.lo, q.hi
            if coef > 0:
                lo += coef * qlo
                hi += coef * qhi
            else:
                lo += coef * qhi
                hi += coef * qlo
        return lo, hi

    def holds(self, identity: Identity, values: dict[Hashable, Decimal] | None = None) -> bool:
        lo, hi = self.span(identity, values)
        if identity.at_most:
            return lo <= identity.slack
        return lo <= identity.slack and hi >= -identity.slack

    def failing(self) -> list[Identity]:
        return [i for i in self.identities if not self.holds(i)]

    # ---- the search ----

    def diagnose(self) -> list[Culprit]:
        """The culprits of every group of failing identities (see the module's docstring)."""
        failing = self.failing()
        if not failing:
            return []
        self._work_left = SEARCH_WORK
        by_key: dict[Hashable, list[Identity]] = defaultdict(list)
        for identity in self.identities:
            for key in identity.keys:
                by_key[key].append(identity)
        out: list[Culprit] = []
        for group in self._groups(failing, through_holding=True):
            # first each part sharing figures on its own; kept when the changes hold together
            parts = [self._explain(part, by_key, search=False) for part in self._groups(group, through_holding=False)]
            found = [c for part in parts for c in part]
            if all(parts) and self._consistent(found, by_key):
                out.extend(found)
            else:
                out.extend(self._explain(group, by_key))
        return out

    def _consistent(self, culprits: list[Culprit], by_key: dict[Hashable, list[Identity]]) -> bool:
        values = {c.change.quantity.key: c.change.expected for c in culprits if c.change is not None}
        if len(values) < 2:
            return True
        touched = {id(i): i for key in values for i in by_key.get(key, ())}
        return all(self.holds(i, values) for i in touched.values())

    def _groups(self, failing: list[Identity], through_holding: bool) -> list[list[Identity]]:
        """Failing identities joined when they share a quantity, or share quantities with one
        identity that holds (a change for one would break it, so the other is involved too)."""
        fail_ids = {id(i) for i in failing}
        failing_at: dict[Hashable, list[int]] = defaultdict(list)  # a quantity → the failing identities it is in
        for n, identity in enumerate(failing):
            for key in identity.keys:
                failing_at[key].append(n)
        parent = list(range(len(failing)))

        def find(n: int) -> int:
            while parent[n] != n:
                parent[n] = parent[parent[n]]
                n = parent[n]
            return n

        def union(ns: Iterable[int]) -> None:
            roots = [find(n) for n in ns]
            for r in roots[1:]:
                parent[find(r)] = find(roots[0])

        for n, identity in enumerate(failing):
            for key in identity.keys:
                union([n, *failing_at[key]])
        for identity in self.identities if through_holding else ():
            if id(identity) in fail_ids:
                continue
            touching = {n for key in identity.keys for n in failing_at.get(key, ())}
            if len(touching) > 1:
                union(touching)
        groups: dict[int, list[Identity]] = defaultdict(list)
        for n, identity in enumerate(failing):
            groups[find(n)].append(identity)
        return list(groups.values())

    def _is_total(self, key: Hashable, by_key: dict[Hashable, list[Identity]]) -> bool:
        """The lone term of its sign in a sum of three or more terms (a 合计, a parent row)."""
        for identity in by_key[key]:
            if identity.at_most or len(identity.terms) < 3:
                continue
            coef = next(c for c, k in identity.terms if k == key)
            if all((c > 0) != (coef > 0) for c, k in identity.terms if k != key):
                return True
        return False

    def price(self, change: Change, by_key: dict[Hashable, list[Identity]]) -> int:
        q = change.quantity
        cost = (COST_CLAIM if q.role is Role.CLAIM else COST_CELL) + change.strain
        if change.kind is not None:
            cost -= TYPO_BONUS[change.kind]
        if q.value and change.expected and (q.value < 0) != (change.expected < 0):
            cost += SIGN_PENALTY
        if self._is_total(q.key, by_key):
            cost += TOTAL_PENALTY
        return cost

    def _explain(self, group: list[Identity], by_key: dict[Hashable, list[Identity]], search: bool = True) -> list[Culprit]:
        shared = set(group[0].keys)
        for identity in group[1:]:
            shared &= set(identity.keys)
        singles: list[tuple[int, Change]] = []
        for key in shared:
            change = self._single(key, by_key)
            if change is not None:
                singles.append((self.price(change, by_key), change))
        if singles:
            singles.sort(key=lambda pc: pc[0])
            best = singles[0][0]
            tied = [c for p, c in singles if p == best]
            if len(tied) == 1:
                return [Culprit(change=tied[0], consequences=tuple(group), cost=best)]
            return [Culprit(change=None, consequences=tuple(group), candidates=tuple((c,) for c in tied), cost=best)]
        return self._search(group, by_key) if search else []

    def _single(self, key: Hashable, by_key: dict[Hashable, list[Identity]]) -> Change | None:
        """The value a quantity must be printed at for every identity it is in to hold, if any."""
        q = self.quantities[key]
        step = q.step if q.step > 0 else CENT
        half = step / 2
        lo: Decimal | None = None
        hi: Decimal | None = None
        center_lo: Decimal | None = None
        center_hi: Decimal | None = None
        spread: Decimal | None = None  # the rounding error the other figures of the tightest failing identity may carry
        for identity in by_key[key]:
            coef = next(c for c, k in identity.terms if k == key)
            rest = Identity(terms=tuple((c, k) for c, k in identity.terms if k != key), constant=identity.constant)
            rlo, rhi = self.span(rest)
            # coef·x + rest ∈ [-slack, slack] (at most: ≤ slack); x the true value
            a_lo = -identity.slack - rhi if not identity.at_most else None
            a_hi = identity.slack - rlo
            if coef > 0:
                x_lo = a_lo / coef if a_lo is not None else None
                x_hi: Decimal | None = a_hi / coef
            else:
                x_lo = a_hi / coef
                x_hi = a_lo / coef if a_lo is not None else None
            # the printed value p admits [p - half, p + half]: p ∈ [x_lo - half, x_hi + half]
            if x_lo is not None:
                lo = x_lo - half if lo is None else max(lo, x_lo - half)
            if x_hi is not None:
                hi = x_hi + half if hi is None else min(hi, x_hi + half)
            if not identity.at_most and not self.holds(identity):
                mid = (x_lo + x_hi) / 2 if x_lo is not None and x_hi is not None else None
                if mid is not None:
                    center_lo = mid if center_lo is None else max(center_lo, mid)
                    center_hi = mid if center_hi is None else min(center_hi, mid)
                variance = sum(((self.quantities[k].hi - self.quantities[k].lo) ** 2 / 12 for _, k in identity.terms if k != key), ZERO)
                sigma = variance.sqrt() if variance > 0 else ZERO
                spread = sigma if spread is None else min(spread, sigma)
        if lo is not None and hi is not None and lo > hi:
            return None
        # the values printable at the step inside [lo, hi]
        first = _ceil_to(lo, step) if lo is not None else None
        last = _floor_to(hi, step) if hi is not None else None
        if first is not None and last is not None and first > last:
            return None
        if first is not None and last is not None and first == last:
            value = first
            return Change(quantity=q, expected=value, kind=typo_of(q.value, value, step) if q.step > 0 else None)
        if first is not None and last is not None:
            target: Decimal | None = (center_lo + center_hi) / 2 if center_lo is not None and center_hi is not None else (first + last) / 2
        else:
            target = None
        typos = typo_candidates(q.value, step, within=(first, last)) if q.step > 0 else {}
        if typos:
            # the most telling slip; among equally telling ones, the value the others fix best
            # (the centre of what the identities allow: every other figure as printed)
            def rank(vt: tuple[Decimal, Typo]) -> tuple[int, Decimal]:
                net = TYPO_BONUS[vt[1]] - _strain(vt[0], target, spread)
                return (-net, abs(vt[0] - (target if target is not None else q.value)))

            ranked = sorted(typos.items(), key=rank)
            if rank(ranked[0])[0] < 0 and (len(ranked) == 1 or rank(ranked[0]) != rank(ranked[1])):
                value, kind = ranked[0]
                return Change(quantity=q, expected=value, kind=kind, exact=first is not None and last is not None, strain=_strain(value, target, spread))
        if first is not None and last is not None and target is not None:
            value = min(max(_round_to(target, step), first), last)
            return Change(quantity=q, expected=value, kind=None, exact=(last - first) <= 2 * step)
        bound = first if first is not None else last
        if bound is None:  # no identity bounds it (cannot happen: it is in a failing one)
            return None
        return Change(quantity=q, expected=bound, kind=None, exact=False)

    # ---- sets of changes: CP-SAT ----

    def _search(self, group: list[Identity], by_key: dict[Hashable, list[Identity]]) -> list[Culprit]:
        from ortools.sat.python import cp_model  # imported only when two changes are needed

        changeable: list[Hashable] = list(dict.fromkeys(k for identity in group for k in identity.keys))
        constraints = list({id(i): i for k in changeable for i in by_key[k]}.values())
        keys = list(dict.fromkeys(k for identity in constraints for k in identity.keys))
        if self._work_left <= 0:
            return []  # the document's search work is spent (see SEARCH_WORK)
        if len(keys) > MAX_SEARCH_FIGURES:
            # a table of thousands of rows (a damaged or hostile input): building the model alone
            # would take minutes; no culprit is named rather than a late or doubtful one
            return []
        movable = set(changeable)
        numbers: list[Decimal] = []
        for k in keys:
            q = self.quantities[k]
            numbers += [q.value, q.lo, q.hi, q.step if q.step > 0 else CENT]
        for identity in constraints:
            numbers += [identity.constant, identity.slack]
        places = min(6, max(_places(n) for n in numbers))
        scale = Decimal(10) ** places

        def scaled(x: Decimal) -> int:
            return int((x * scale).to_integral_value())

        magnitude = max([abs(n) for n in numbers] + [Decimal(1)])
        big = scaled(magnitude) * 20 + scaled(Decimal(10) ** 6)
        model = cp_model.CpModel()
        deviations: list[Any] = []  # how far true values sit from what is printed (tie-breaker)
        xs: dict[Hashable, cp_model.IntVar] = {}
        flags: dict[Hashable, cp_model.IntVar] = {}
        objective: list[Any] = []
        typo_vars: dict[Hashable, list[tuple[Any, Decimal, Typo]]] = {}
        for k in keys:
            q = self.quantities[k]
            if k not in movable:
                xs[k] = model.new_int_var(scaled(q.lo), scaled(q.hi), f"x{len(xs)}")
                dev = model.new_int_var(0, scaled(q.hi - q.lo), f"d{len(xs)}")
                model.add_abs_equality(dev, xs[k] - scaled(q.value))
                deviations.append(dev)
                continue
            step = q.step if q.step > 0 else CENT
            unit = scaled(step)
            now = int(q.value / step)
            printed = model.new_int_var(-big // unit, big // unit, f"p{len(xs)}")
            flag = model.new_bool_var(f"b{len(xs)}")
            model.add(printed == now).only_enforce_if(flag.Not())
            model.add(printed != now).only_enforce_if(flag)
            noise = model.new_int_var(-scaled(step / 2), scaled(step / 2), f"e{len(xs)}")
            x = model.new_int_var(-big, big, f"x{len(xs)}")
            # unchanged, the true value keeps the printed figure's own interval (blank: exact)
            model.add(x == unit * printed + noise).only_enforce_if(flag)
            model.add(x >= scaled(q.lo)).only_enforce_if(flag.Not())
            model.add(x <= scaled(q.hi)).only_enforce_if(flag.Not())
            dev = model.new_int_var(0, big, f"d{len(xs)}")
            model.add_abs_equality(dev, noise)
            deviations.append(dev)
            xs[k] = x
            flags[k] = flag
            base = COST_CLAIM if q.role is Role.CLAIM else COST_CELL
            if self._is_total(k, by_key):
                base += TOTAL_PENALTY
            objective.append(base * flag)
            if q.value:  # a change of sign: the new value on the other side of zero
                other = model.new_bool_var(f"s{len(xs)}")
                if q.value > 0:
                    model.add(printed < 0).only_enforce_if(other)
                    model.add(printed >= 0).only_enforce_if(other.Not())
                else:
                    model.add(printed > 0).only_enforce_if(other)
                    model.add(printed <= 0).only_enforce_if(other.Not())
                objective.append(SIGN_PENALTY * other)
            if q.step > 0:
                choices: list[tuple[Any, Decimal, Typo]] = []
                for value, kind in typo_candidates(q.value, step).items():
                    t = model.new_bool_var(f"t{len(xs)}_{len(choices)}")
                    model.add(printed == int(value / step)).only_enforce_if(t)
                    objective.append(-TYPO_BONUS[kind] * t)
                    choices.append((t, value, kind))
                if choices:
                    model.add(sum(t for t, _, _ in choices) <= flag)
                typo_vars[k] = choices
        for identity in constraints:
            total = sum(c * xs[k] for c, k in identity.terms) + scaled(identity.constant)
            model.add(total <= scaled(identity.slack))
            if not identity.at_most:
                model.add(total >= -scaled(identity.slack))
        model.add(sum(flags.values()) <= MAX_CHANGES)
        weight = sum(scaled(self.quantities[k].hi - self.quantities[k].lo) for k in keys) + 1
        price: Any = sum(objective)
        model.minimize(weight * price + sum(deviations))

        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = 0

        def solve() -> tuple[int, tuple[Change, ...]] | None:
            if self._work_left <= 0:
                return None
            solver.parameters.max_deterministic_time = min(SOLVER_WORK, self._work_left)
            status = solver.solve(model)
            self._work_left -= solver.deterministic_time
            if status != cp_model.OPTIMAL:
                return None
            changes = []
            for k, flag in flags.items():
                if not solver.boolean_value(flag):
                    continue
                q = self.quantities[k]
                step = q.step if q.step > 0 else CENT
                kind = next((kd for t, v, kd in typo_vars.get(k, []) if solver.boolean_value(t)), None)
                value = next((v for t, v, _ in typo_vars.get(k, []) if solver.boolean_value(t)), None)
                if value is None:
                    value = _round_to(Decimal(solver.value(xs[k])) / scale, step)
                changes.append(Change(quantity=q, expected=value, kind=kind if kind is not None else typo_of(q.value, value, step)))
            spread = sum(int(solver.value(d)) for d in deviations)
            return round((solver.objective_value - spread) / weight), tuple(changes)

        first = solve()
        if first is None or not first[1]:
            return []
        best, changes = first
        tied = [changes]
        model.add(price <= best)
        for _ in range(3):  # other explanations of the same price
            model.add(sum(flags[c.quantity.key] for c in tied[-1]) <= len(tied[-1]) - 1)
            alt = solve()
            if alt is None or alt[0] > best:
                break
            tied.append(alt[1])
        if len(tied) > 1:
            return [Culprit(change=None, consequences=tuple(group), candidates=tuple(tied), cost=best)]
        out = []
        for change in changes:
            mine = tuple(i for i in group if change.quantity.key in i.keys)
            out.append(Culprit(change=change, consequences=mine, cost=self.price(change, by_key)))
        return out


def _strain(value: Decimal, target: Decimal | None, sigma: Decimal | None) -> int:
    """The price of a value away from the centre of what the identities allow: the other figures'
    rounding errors would all have to lean one way. ``4·(d/σ)²`` (a log-likelihood up to scale),
    at most :data:`MAX_STRAIN`; σ is the standard deviation of the sum of their rounding errors."""
    if target is None or not sigma:
        return 0
    z = abs(value - target) / sigma
    return int(min(Decimal(MAX_STRAIN), 4 * z * z))


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _round_to(value: Decimal, step: Decimal) -> Decimal:
    return (value / step).quantize(Decimal(1), rounding=ROUND_HALF_EVEN) * step


def _ceil_to(value: Decimal, step: Decimal) -> Decimal:
    n = (value / step).to_integral_value(rounding=ROUND_CEILING)
    return n * step


def _floor_to(value: Decimal, step: Decimal) -> Decimal:
    n = (value / step).to_integral_value(rounding=ROUND_FLOOR)
    return n * step


def explain(quantities: Sequence[Quantity], identities: Sequence[Identity]) -> list[Culprit]:
    """The culprits of ``identities`` over ``quantities`` (a graph made and diagnosed at once)."""
    graph = IdentityGraph()
    for q in quantities:
        graph.add_quantity(q)
    for identity in identities:
        graph.add(identity)
    return graph.diagnose()
