"""A page image made ready for reading: grey, straightened, and cut into ink and ruling lines.

Colour is dropped by keeping each pixel's brightest channel, so that a red seal (公章) or a blue
signature printed over a table fades into the paper while black print stays black. The page is
straightened by the angle at which its ink rows are sharpest (a projection profile, searched
within ±``MAX_SKEW`` degrees), then binarised with a local threshold (uneven light on a photo,
JPEG noise). Ruling lines are the long thin runs that a morphological opening keeps.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from juesuan.record import Record

__all__ = ["MAX_SKEW", "Prepared", "prepare"]

#: largest page rotation corrected, in degrees (a page fed askew into a scanner)
MAX_SKEW = 4.0
#: thickest ruling line, in points: table borders are printed 0.5–2.25 pt; the strokes of a cover
#: title in large bold type are long enough to look like rules but 4–7 pt thick
MAX_RULE = 3.0


@dataclass(repr=False)
class Prepared(Record):
    """One page image ready for reading (all arrays ``uint8``, same size)."""

    grey: Any  # the straightened page, 0 black … 255 white
    clean: Any  # the same with the ruling lines painted white (what the recogniser is shown)
    ink: Any  # 255 where there is print, ruling lines removed
    horizontal: Any  # 255 on horizontal ruling lines
    vertical: Any  # 255 on vertical ruling lines
    angle: float  # degrees the page was turned to straighten it
    px_per_pt: float  # image pixels per PDF point


def _np() -> Any:
    import numpy

    return numpy


def _cv() -> Any:
    import cv2

    cv2.setNumThreads(1)
    return cv2


def grey_of(rgb: Any) -> Any:
    """The brightest channel of each pixel (a grey image stays as it is)."""
    np = _np()
    if rgb.ndim == 2:
        return rgb
    return np.max(rgb[:, :, :3], axis=2)


def _binary(grey: Any, px_per_pt: float) -> Any:
    cv = _cv()
    block = 2 * int(12 * px_per_pt) + 1  # a neighbourhood of about a dozen points
    return cv.adaptiveThreshold(grey, 255, cv.ADAPTIVE_THRESH_MEAN_C, cv.THRESH_BINARY_INV, block, 18)


def skew_angle(binary: Any) -> float:
    """The angle (degrees) that makes the ink's rows sharpest: text lines and rulings level."""
    np = _np()
    cv = _cv()
    h, w = binary.shape
    factor = min(1.0, 900.0 / max(h, w))
    small = cv.resize(binary, (max(1, int(w * factor)), max(1, int(h * factor))), interpolation=cv.INTER_AREA)
    if not small.any():
        return 0.0
    sh, sw = small.shape
    centre = (sw / 2, sh / 2)

    def sharpness(angle: float) -> float:
        matrix = cv.getRotationMatrix2D(centre, angle, 1.0)
        turned = cv.warpAffine(small, matrix, (sw, sh), flags=cv.INTER_NEAREST, borderValue=0)
        rows = turned.sum(axis=1, dtype=np.float64)
        return float(np.square(np.diff(rows)).sum())

    best = max(np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, 0.25), key=lambda a: sharpness(float(a)))
    fine = max(np.arange(best - 0.25, best + 0.25 + 1e-9, 0.05), key=lambda a: sharpness(float(a)))
    angle = round(float(fine), 2)
    return 0.0 if abs(angle) < 0.15 else angle  # a tenth of a degree moves a long rule by less than a point


def _rotate(image: Any, angle: float, fill: int) -> Any:
    cv = _cv()
    h, w = image.shape[:2]
    matrix = cv.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv.warpAffine(image, matrix, (w, h), flags=cv.INTER_LINEAR, borderValue=fill)


def _touching(mask: Any, other: Any) -> Any:
    """The connected pieces of ``mask`` that touch ``other``."""
    np = _np()
    cv = _cv()
    count, labels = cv.connectedComponents(mask, connectivity=8)
    if count <= 1:
        return mask
    hit = np.unique(labels[(labels > 0) & (other > 0)])
    keep = np.zeros(count, np.uint8)
    keep[hit] = 255
    return keep[labels]


def _thin(mask: Any, horizontal: bool, most: int) -> Any:
    """``mask`` without the pieces thicker than ``most`` pixels across their length."""
    cv = _cv()
    count, labels, stats, _ = cv.connectedComponentsWithStats(mask, connectivity=8)
    across = stats[:, cv.CC_STAT_HEIGHT if horizontal else cv.CC_STAT_WIDTH]
    thick = [i for i in range(1, count) if across[i] > most]
    if not thick:
        return mask
    np = _np()
    out = mask.copy()
    out[np.isin(labels, thick)] = 0
    return out


def _rulings(binary: Any, px_per_pt: float) -> tuple[Any, Any]:
    """(horizontal, vertical) ruling-line masks.

    A candidate is a run longer than a body character's stroke (a vertical run need only be
    taller than a character: a table row is hardly taller). A heading's large characters have
    strokes as long, so a vertical run counts only where it meets a horizontal one, and a
    horizontal run only where it meets a vertical one or is longer than any character (a rule
    under a title, the border of an open table); and no run thicker than ``MAX_RULE`` counts
    (a large bold title's strokes)."""
    np = _np()
    cv = _cv()
    long_h = max(8, int(24 * px_per_pt))  # wider than two characters
    long_v = max(6, int(12 * px_per_pt))  # taller than a character, shorter than a table row
    horizontal = cv.morphologyEx(binary, cv.MORPH_OPEN, cv.getStructuringElement(cv.MORPH_RECT, (long_h, 1)))
    vertical = cv.morphologyEx(binary, cv.MORPH_OPEN, cv.getStructuringElement(cv.MORPH_RECT, (1, long_v)))
    most = max(3, int(MAX_RULE * px_per_pt))
    horizontal, vertical = _thin(horizontal, True, most), _thin(vertical, False, most)
    reach = np.ones((max(3, int(2 * px_per_pt)) | 1,) * 2, np.uint8)
    vertical = _touching(vertical, cv.dilate(horizontal, reach))
    very_long = cv.morphologyEx(horizontal, cv.MORPH_OPEN, cv.getStructuringElement(cv.MORPH_RECT, (max(8, int(72 * px_per_pt)), 1)))
    horizontal = _touching(horizontal, cv.dilate(vertical, reach) | very_long)
    return horizontal, vertical


def prepare(rgb: Any, px_per_pt: float) -> Prepared:
    """Straighten and binarise a page image (``rgb``: an ``H×W×3`` or ``H×W`` ``uint8`` array)."""
    np = _np()
    cv = _cv()
    grey = grey_of(rgb)
    binary = _binary(grey, px_per_pt)
    angle = skew_angle(binary)
    if angle:
        grey = _rotate(grey, angle, 255)
        binary = _binary(grey, px_per_pt)
    # specks of scanner or JPEG noise: a component of a few pixels is no print
    count, labels, stats, _ = cv.connectedComponentsWithStats(binary, connectivity=8)
    if count > 1:
        tiny = np.flatnonzero(stats[:, cv.CC_STAT_AREA] < max(2, int(0.12 * px_per_pt * px_per_pt)))
        tiny = tiny[tiny > 0]
        if len(tiny):
            binary[np.isin(labels, tiny)] = 0
    horizontal, vertical = _rulings(binary, px_per_pt)
    lines = cv.dilate(horizontal | vertical, np.ones((3, 3), np.uint8))
    ink = binary & ~lines
    clean = grey.copy()
    clean[lines > 0] = 255
    return Prepared(grey=grey, clean=clean, ink=ink, horizontal=horizontal, vertical=vertical, angle=angle, px_per_pt=px_per_pt)
