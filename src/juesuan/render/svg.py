"""Draw chart data (:class:`~juesuan.render.view.Chart`) as standalone SVG.

The drawing is the backend; the figures come computed from the view-model. SVG is used inline by
the HTML writer, embedded by the PDF writer and rasterised for Word by the DOCX writer.
"""

from __future__ import annotations

import math
from decimal import Decimal
from xml.sax.saxutils import escape

from juesuan.render.profile import money_text, percent_text
from juesuan.render.view import Chart

__all__ = ["FONT", "chart_svg"]

FONT = "Noto Sans CJK SC, Noto Serif CJK SC, WenQuanYi Micro Hei, SimHei, sans-serif"
PALETTE = ("#2f5d8a", "#d0793a", "#5d9c59", "#b8463f", "#7a5c99", "#8c7a4f", "#3f8f8f", "#c2a137")
WIDTH = 640


def _text(x: float | Decimal, y: float | Decimal, text: str, size: int = 13, anchor: str = "start", weight: str = "normal") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" font-family="{FONT}" text-anchor="{anchor}" '
        f'font-weight="{weight}" fill="#222">{escape(text)}</text>'
    )


def _frame(height: int, body: list[str], title: str) -> str:
    head = f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}">'
    return "".join([head, '<rect width="100%" height="100%" fill="white"/>', _text(WIDTH / 2, 24, title, 15, "middle", "bold"), *body, "</svg>"])


def _pie(chart: Chart) -> str:
    values = [max(v, Decimal(0)) for v in chart.series[0].values]
    total = sum(values, Decimal(0))
    height = max(260, 70 + 24 * len(values))
    cx, cy, r = 150.0, 145.0, 95.0
    body: list[str] = []
    turned = Decimal(0)  # the part of the circle already drawn, starting at 12 o'clock
    for i, v in enumerate(values):
        share = v / total if total else Decimal(0)
        color = PALETTE[i % len(PALETTE)]
        if share >= Decimal("0.9999"):
            body.append(f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="{color}"/>')
        elif share > 0:
            x1, y1 = _on_circle(cx, cy, r, turned)
            turned += share
            x2, y2 = _on_circle(cx, cy, r, turned)
            large = 1 if share > Decimal("0.5") else 0
            body.append(f'<path d="M{cx},{cy} L{x1:.2f},{y1:.2f} A{r},{r} 0 {large} 1 {x2:.2f},{y2:.2f} Z" fill="{color}" stroke="white"/>')
        ly = 70 + 24 * i
        body.append(f'<rect x="290" y="{ly - 11}" width="14" height="14" fill="{color}"/>')
        pct = percent_text(v * 100 / total) if total else "0.00"
        body.append(_text(312, ly, f"{chart.labels[i]}  {money_text(v, True)}{chart.unit}（{pct}%）", 13))
    return _frame(height, body, chart.title)


_TURN = Decimal(repr(math.tau))  # one full turn in radians


def _on_circle(cx: float, cy: float, r: float, turns: Decimal) -> tuple[float, float]:
    """The point ``turns`` of a full circle clockwise from 12 o'clock (SVG's y axis points down).

    The share stays a Decimal; only the angle passes through the trigonometric functions, which
    take it as a binary float — pixels, not money."""
    angle = turns * _TURN - _TURN / 4
    return cx + r * math.cos(angle), cy + r * math.sin(angle)


def _bars(chart: Chart) -> str:
    labels = chart.labels
    series = chart.series
    top = max((v for s in series for v in s.values), default=Decimal(0))
    top = top if top > 0 else Decimal(1)
    left, right, bar_h, gap = Decimal(170), Decimal(110), Decimal(18), Decimal(12)
    group_h = bar_h * len(series) + gap
    height = int(60 + group_h * len(labels) + (26 if len(series) > 1 else 0))
    span = WIDTH - left - right
    body: list[str] = []
    for i, label in enumerate(labels):
        y0 = 45 + i * group_h
        body.append(_text(left - 8, y0 + bar_h * len(series) / 2 + 5, label[:12], 12, "end"))
        for k, s in enumerate(series):
            v = s.values[i]
            w = v / top * span if v > 0 else Decimal(0)
            y = y0 + k * bar_h
            body.append(f'<rect x="{left}" y="{y:.1f}" width="{w:.1f}" height="{bar_h - 3}" fill="{PALETTE[k % len(PALETTE)]}"/>')
            body.append(_text(left + w + 5, y + bar_h - 6, money_text(v, True), 11))
    if len(series) > 1:
        ly = height - 14
        for k, s in enumerate(series):
            x = left + k * 120
            body.append(f'<rect x="{x}" y="{ly - 11}" width="14" height="14" fill="{PALETTE[k % len(PALETTE)]}"/>')
            body.append(_text(x + 20, ly, s.name, 12))
    body.append(_text(WIDTH - 10, 40, f"单位：{chart.unit}", 11, "end"))
    return _frame(height, body, chart.title)


def chart_svg(chart: Chart) -> str:
    """The chart as an SVG document (UTF-8 text)."""
    return _pie(chart) if chart.kind == "pie" else _bars(chart)
