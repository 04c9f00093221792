"""Inline SVG charts: no JavaScript, nothing fetched at view time, readable in any browser.

Every chart is an ``<svg class="chart" data-chart=ID>`` with its title drawn on it (``text.chart-title``) and both
axes labelled (``text.axis-label``: what the x axis runs over, what the y axis measures, in which unit); every data
point is a ``circle.point`` (line charts) or ``rect.bar`` (bar charts) with a ``<title>`` tooltip, so a test (or a
reader) can count them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from html import escape

PALETTE = ("#1f6feb", "#d9480f", "#2b8a3e", "#7048e8", "#c2255c", "#0c8599", "#e67700", "#495057")
GLOBAL_COLOR = "#111111"
WIDTH, HEIGHT = 760, 300
LEFT, RIGHT, TOP, BOTTOM = 72, 150, 40, 56


@dataclass
class Series:
    name: str
    points: list[tuple[object, float | None]] = field(default_factory=list)  # (x, y); y None = gap


def percent(value: float) -> str:
    return f"{value * 100:.1f}%"


def number(value: float) -> str:
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:,.1f}" if value != int(value) else f"{value:,.0f}"


def _nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    if high <= low:
        high = low + 1
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    ticks, value = [], start
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _color(name: str, index: int) -> str:
    return GLOBAL_COLOR if name == "GLOBAL" else PALETTE[index % len(PALETTE)]


def _frame(
    chart_id: str, title: str, ticks: list[float], y_of, fmt, x_labels: list[tuple[float, str]], axes: tuple[str, str]
) -> list[str]:
    x_axis, y_axis = axes
    plot_middle = TOP + (HEIGHT - TOP - BOTTOM) / 2
    parts = [
        f'<svg class="chart" data-chart="{escape(chart_id)}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" role="img" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<text class="chart-title" x="{LEFT}" y="18">{escape(title)}</text>',
        f'<text class="axis-label" x="{LEFT + (WIDTH - LEFT - RIGHT) / 2:.1f}" y="{HEIGHT - 8}" '
        f'text-anchor="middle">{escape(x_axis)}</text>',
        f'<text class="axis-label" x="14" y="{plot_middle:.1f}" text-anchor="middle" '
        f'transform="rotate(-90 14 {plot_middle:.1f})">{escape(y_axis)}</text>',
    ]
    for tick in ticks:
        y = y_of(tick)
        parts.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>')
        parts.append(f'<text class="axis" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{escape(fmt(tick))}</text>')
    for x, label in x_labels:
        parts.append(
            f'<text class="axis" x="{x:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">{escape(label)}</text>'
        )
    parts.append(
        f'<line class="axis-line" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{HEIGHT - BOTTOM}" y2="{HEIGHT - BOTTOM}"/>'
    )
    return parts


def _legend(names: list[str]) -> list[str]:
    parts = []
    for i, name in enumerate(names):
        y = TOP + 6 + i * 18
        parts.append(
            f'<g class="legend"><rect x="{WIDTH - RIGHT + 14}" y="{y - 9}" width="12" height="12" '
            f'fill="{_color(name, i)}"/><text x="{WIDTH - RIGHT + 32}" y="{y + 1}">{escape(name)}</text></g>'
        )
    return parts


def _x_labels(xs: list, position, max_labels: int = 8) -> list[tuple[float, str]]:
    if not xs:
        return []
    step = max(1, math.ceil(len(xs) / max_labels))

    def label(x) -> str:
        if isinstance(x, datetime):
            return x.strftime("%H:%M")
        return str(x)[5:] if len(str(x)) == 10 else str(x)

    return [(position(i), label(x)) for i, x in enumerate(xs) if i % step == 0]


def _empty(chart_id: str, title: str) -> str:
    return (
        f'<svg class="chart empty" data-chart="{escape(chart_id)}" viewBox="0 0 {WIDTH} 60" width="100%" '
        f'xmlns="http://www.w3.org/2000/svg"><text class="chart-title" x="{LEFT}" y="18">{escape(title)}</text>'
        f'<text x="{LEFT}" y="44">No data yet</text></svg>'
    )


def line_chart(
    chart_id: str,
    title: str,
    series: list[Series],
    axes: tuple[str, str],
    fmt=number,
    y_min: float | None = None,
    y_max: float | None = None,
) -> str:
    """One line per series over the union of their x values (sorted); ``axes``: (x label, y label)."""
    xs = sorted({x for s in series for x, y in s.points if y is not None})
    values = [y for s in series for _, y in s.points if y is not None]
    if not xs:
        return _empty(chart_id, title)
    low = min(values) if y_min is None else y_min
    high = max(values) if y_max is None else y_max
    ticks = _nice_ticks(low, high)
    low, high = ticks[0], ticks[-1]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    index = {x: i for i, x in enumerate(xs)}

    def x_of(i: int) -> float:
        return LEFT + (plot_w * i / (len(xs) - 1) if len(xs) > 1 else plot_w / 2)

    def y_of(v: float) -> float:
        return TOP + plot_h * (1 - (v - low) / (high - low))

    parts = _frame(chart_id, title, ticks, y_of, fmt, _x_labels(xs, x_of), axes)
    for n, s in enumerate(series):
        color = _color(s.name, n)
        runs, run = [], []
        for x, y in sorted(s.points, key=lambda p: index.get(p[0], -1)):
            if y is None or x not in index:
                if run:
                    runs.append(run)
                run = []
                continue
            run.append((x_of(index[x]), y_of(y), x, y))
        if run:
            runs.append(run)
        parts.append(f'<g class="series" data-series="{escape(s.name)}">')
        for points in runs:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py, _, _ in points)
            width = 2.5 if s.name == "GLOBAL" else 1.6
            parts.append(f'<polyline fill="none" stroke="{color}" stroke-width="{width}" points="{path}"/>')
            for px, py, x, y in points:
                parts.append(
                    f'<circle class="point" cx="{px:.1f}" cy="{py:.1f}" r="2.2" fill="{color}">'
                    f"<title>{escape(s.name)} {escape(str(x))}: {escape(fmt(y))}</title></circle>"
                )
        parts.append("</g>")
    parts += _legend([s.name for s in series])
    parts.append("</svg>")
    return "\n".join(parts)


def bar_chart(
    chart_id: str, title: str, categories: list, series: list[Series], axes: tuple[str, str], fmt=number
) -> str:
    """Grouped bars: one group per category, one bar per series (values may be negative); ``axes``: (x, y)."""
    values = [y for s in series for _, y in s.points if y is not None]
    if not categories or not values:
        return _empty(chart_id, title)
    ticks = _nice_ticks(min(0.0, min(values)), max(0.0, max(values)))
    low, high = ticks[0], ticks[-1]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    group_w = plot_w / len(categories)
    bar_w = max(1.0, group_w * 0.8 / max(1, len(series)))

    def y_of(v: float) -> float:
        return TOP + plot_h * (1 - (v - low) / (high - low))

    def center(i: int) -> float:
        return LEFT + group_w * (i + 0.5)

    parts = _frame(chart_id, title, ticks, y_of, fmt, _x_labels(categories, center), axes)
    position = {c: i for i, c in enumerate(categories)}
    for n, s in enumerate(series):
        color = _color(s.name, n)
        parts.append(f'<g class="series" data-series="{escape(s.name)}">')
        for x, y in s.points:
            if y is None or x not in position:
                continue
            left = LEFT + group_w * position[x] + group_w * 0.1 + bar_w * n
            top, bottom = sorted((y_of(y), y_of(0)))
            parts.append(
                f'<rect class="bar" x="{left:.1f}" y="{top:.1f}" width="{bar_w:.1f}" '
                f'height="{max(bottom - top, 0.5):.1f}" fill="{color}"><title>{escape(s.name)} '
                f"{escape(str(x))}: {escape(fmt(y))}</title></rect>"
            )
        parts.append("</g>")
    parts += _legend([s.name for s in series])
    parts.append("</svg>")
    return "\n".join(parts)
