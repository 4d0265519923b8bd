"""Tables rebuilt from ruling lines: which lines belong together, the grid they draw, and the
merged cells the missing lines leave.

A table is a connected set of horizontal and vertical lines. Its distinct line positions give a
fine grid; a fine cell is merged with its neighbour wherever the line between them is not drawn,
so a header printed once over several columns (or rows) becomes one cell whose text is placed at
its top-left fine cell — the same place the seed's text form puts it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from juesuan.ingest.pdf.document import Segment, Word
from juesuan.record import Record

__all__ = ["Cell", "Frame", "find_frames"]

_TOL = 2.0  # points: how far a line end may miss another line and still meet it


@dataclass(repr=False)
class Cell(Record):
    """A (possibly merged) cell: its fine-grid span and its box."""

    r0: int
    c0: int
    r1: int
    c1: int
    x0: float
    y0: float
    x1: float
    y1: float
    words: list[Word] = field(default_factory=list)


@dataclass(repr=False)
class Frame(Record):
    """One ruled table on one page."""

    page: int
    xs: list[float]
    ys: list[float]
    cells: list[Cell]
    anchor: dict[tuple[int, int], Cell]  # fine cell -> the merged cell covering it

    @property
    def x0(self) -> float:
        return self.xs[0]

    @property
    def x1(self) -> float:
        return self.xs[-1]

    @property
    def y0(self) -> float:
        return self.ys[0]

    @property
    def y1(self) -> float:
        return self.ys[-1]

    def cell_at(self, x: float, y: float) -> Cell | None:
        return self.anchor.get((self.row_of(y), self.column_of(x)))

    def column_of(self, x: float) -> int:
        """The fine column at ``x`` (the first or last beyond the edges)."""
        return min(max(bisect_right(self.xs, x) - 1, 0), len(self.xs) - 2)

    def row_of(self, y: float) -> int:
        """The fine row at ``y`` (the first or last beyond the edges)."""
        return min(max(bisect_right(self.ys, y) - 1, 0), len(self.ys) - 2)


def _cluster(values: list[float], tol: float = 1.5) -> list[float]:
    out: list[float] = []
    group: list[float] = []
    for v in sorted(values):
        if group and v - group[-1] > tol:
            out.append(sum(group) / len(group))
            group = []
        group.append(v)
    if group:
        out.append(sum(group) / len(group))
    return out


def _components(horizontal: list[Segment], vertical: list[Segment]) -> list[tuple[list[Segment], list[Segment]]]:
    """Groups of lines that meet each other (each group is a table candidate)."""
    n = len(horizontal)
    parent = list(range(n + len(vertical)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # the vertical lines by position, so that each horizontal line looks only at those it spans
    ends = sorted((v.x0, v.y0 - _TOL, v.y1 + _TOL, n + j) for j, v in enumerate(vertical))
    at = [end[0] for end in ends]
    for i, h in enumerate(horizontal):
        # line i has met none before its turn: it is its own root, and the root of all it meets
        y = h.y0
        for k in range(bisect_left(at, h.x0 - _TOL), bisect_right(at, h.x1 + _TOL)):
            _, top, bottom, j = ends[k]
            if top <= y <= bottom:
                root = find(j)
                if root != i:
                    parent[root] = i
    groups: dict[int, tuple[list[Segment], list[Segment]]] = {}
    for i, h in enumerate(horizontal):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vertical):
        groups.setdefault(find(n + j), ([], []))[1].append(v)
    return list(groups.values())


def _nearest(positions: list[float], value: float) -> int:
    """The index of the sorted ``positions`` closest to ``value``."""
    k = bisect_right(positions, value)
    if k == 0:
        return 0
    if k == len(positions) or value - positions[k - 1] <= positions[k] - value:
        return k - 1
    return k


def _covered(spans: list[tuple[float, float]], mids: list[float]) -> bytearray:
    """Which of the sorted ``mids`` a drawn line of ``spans`` passes (within :data:`_TOL`): the
    borders drawn at one grid position, one flag a fine row (or column)."""
    drawn = bytearray(len(mids))
    for start, end in spans:
        lo, hi = bisect_left(mids, start - _TOL), bisect_right(mids, end + _TOL)
        drawn[lo:hi] = b"\x01" * (hi - lo)
    return drawn


def _frame(page: int, horizontal: list[Segment], vertical: list[Segment]) -> Frame | None:
    xs = _cluster([v.x0 for v in vertical])
    ys = _cluster([h.y0 for h in horizontal])
    # an open table (no outer border) still ends where its lines end
    left = min(h.x0 for h in horizontal)
    right = max(h.x1 for h in horizontal)
    top = min(v.y0 for v in vertical)
    bottom = max(v.y1 for v in vertical)
    if left < xs[0] - 3:
        xs.insert(0, left)
    if right > xs[-1] + 3:
        xs.append(right)
    if top < ys[0] - 3:
        ys.insert(0, top)
    if bottom > ys[-1] + 3:
        ys.append(bottom)
    if len(xs) < 2 or len(ys) < 2:
        return None
    if xs[-1] - xs[0] < 20 or ys[-1] - ys[0] < 8:
        return None
    rows, cols = len(ys) - 1, len(xs) - 1
    ymids = [(ys[r] + ys[r + 1]) / 2 for r in range(rows)]
    xmids = [(xs[c] + xs[c + 1]) / 2 for c in range(cols)]
    # lines at each grid position, for the "is this border drawn" questions
    v_at: list[list[tuple[float, float]]] = [[] for _ in xs]
    h_at: list[list[tuple[float, float]]] = [[] for _ in ys]
    for v in vertical:
        k = _nearest(xs, v.x0)
        if abs(xs[k] - v.x0) <= 2.0:
            v_at[k].append((v.y0, v.y1))
    for h in horizontal:
        k = _nearest(ys, h.y0)
        if abs(ys[k] - h.y0) <= 2.0:
            h_at[k].append((h.x0, h.x1))
    # drawn[c][r]: the border right of fine cell (r, c) is drawn; below[r][c]: the one under it
    drawn = [_covered(v_at[c + 1], ymids) for c in range(cols - 1)]
    below = [_covered(h_at[r + 1], xmids) for r in range(rows - 1)]
    parent = list(range(rows * cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(rows):
        for c in range(cols):
            if c + 1 < cols and not drawn[c][r]:
                a, b = find(r * cols + c), find(r * cols + c + 1)
                if a != b:
                    parent[a] = b
            if r + 1 < rows and not below[r][c]:
                a, b = find(r * cols + c), find((r + 1) * cols + c)
                if a != b:
                    parent[a] = b
    spans: dict[int, list[int]] = {}  # root -> [r0, c0, r1, c1] of its fine cells
    for r in range(rows):
        base = r * cols
        for c in range(cols):
            i = base + c
            root = i if parent[i] == i else find(i)
            span = spans.get(root)
            if span is None:
                spans[root] = [r, c, r, c]
            else:  # row by row: its first row is known, its last is this one
                if c < span[1]:
                    span[1] = c
                span[2] = r
                if c > span[3]:
                    span[3] = c
    cells: list[Cell] = []
    anchor: dict[tuple[int, int], Cell] = {}
    for r0, c0, r1, c1 in sorted(spans.values()):
        cell = Cell(r0, c0, r1, c1, xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1])
        cells.append(cell)
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                anchor.setdefault((r, c), cell)
    return Frame(page=page, xs=xs, ys=ys, cells=cells, anchor=anchor)


def find_frames(page: int, rules: list[Segment]) -> list[Frame]:
    """The ruled tables of a page, top to bottom."""
    horizontal = [s for s in rules if s.horizontal and s.x1 - s.x0 > 3]
    vertical = [s for s in rules if not s.horizontal and s.y1 - s.y0 > 3]
    frames = []
    for hs, vs in _components(horizontal, vertical):
        if len(hs) < 2 or not vs:
            continue
        frame = _frame(page, hs, vs)
        if frame is not None:
            frames.append(frame)
    frames.sort(key=lambda f: (f.y0, f.x0))
    return frames
