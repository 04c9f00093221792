"""The report's charts: plotly figures (``plotly.graph_objects``) drawn by plotly.js, inlined in each page.

Why plotly: it is a well-kept library (plotly.py and plotly.js, MIT, released monthly) that draws what a director
needs and the hand-drawn SVG lacked (titled charts, axis titles, hover tooltips, legends, zoom) from a single
script that is inlined in the page, so a page opens from disk with no network; and a script can show or hide
its traces (``Plotly.restyle``), which the region/org filter does. Only ``graph_objects``: no pandas, no
plotly.express. The figure JSON carries no template (``template="none"``, the few styles set here): plotly's
default template would add ~7 KB to every chart.

``line_chart`` and ``bar_chart`` keep the signatures of the SVG functions they replace and return a ``Chart``
that a page renders late (``Chart.html``), when the page's orgs are known (``Scopes``): every trace is tagged
with the org or region it belongs to (``meta``, read by the filter), an org keeps one color on every chart,
GLOBAL is drawn black and thicker, and an org's page keeps only that org's traces (``Chart.only``). Hover
labels show both axis titles and the value formatted by ``fmt`` (the tables' formatting), not plotly's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from html import escape

import plotly.graph_objects as go
import plotly.io as pio

PALETTE = ("#1f6feb", "#d9480f", "#2b8a3e", "#7048e8", "#c2255c", "#0c8599", "#e67700", "#495057")
GLOBAL = "GLOBAL"
GLOBAL_COLOR = "#111111"
HEIGHT = 340  # px, every chart; two side by side on a wide screen
CONFIG = {"displaylogo": False, "responsive": True, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


@dataclass
class Series:
    """One trace: ``points`` (x, y), y None = a gap. ``org``: the org it belongs to when its name is not the
    org's key (e.g. "emea: Genesys"); by default a series named like an org key or a region is that org's or
    region's."""

    name: str
    points: list[tuple[object, float | None]] = field(default_factory=list)
    org: str | None = None


@dataclass(frozen=True)
class Scopes:
    """The orgs of a page: org key -> region domain (``dim_org``), in display order."""

    regions: dict[str, str] = field(default_factory=dict)

    def tag(self, series: Series) -> dict:
        """The trace's ``meta``: {"org", "region"} for an org's, {"region"} for a region's, {"scope": "GLOBAL"},
        or {} for a trace that belongs to no org (e.g. "forecast" over every org)."""
        org = series.org or (series.name if series.name in self.regions else None)
        if org:
            return {"org": org, "region": self.regions.get(org, "")}
        if series.name in self.regions.values():
            return {"region": series.name}
        return {"scope": GLOBAL} if series.name == GLOBAL else {}

    def color(self, series: Series, index: int) -> str:
        """GLOBAL black; a series named like an org (or region) that org's color on every chart (orgs in
        display order, then regions); others (e.g. forecast, actual) by their place in the chart, after the
        orgs' colors so that none looks like an org."""
        if series.name == GLOBAL:
            return GLOBAL_COLOR
        named = list(self.regions) + sorted(set(self.regions.values()))
        at = named.index(series.name) if series.name in named else len(named) + index
        return PALETTE[at % len(PALETTE)]


def percent(value: float) -> str:
    return f"{value * 100:.1f}%"


def number(value: float) -> str:
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:,.1f}" if value != int(value) else f"{value:,.0f}"


def _x(value) -> str:
    """An x value as plotly.js reads it: dates ISO, instants as naive UTC 'YYYY-MM-DD HH:MM' (plotly.js has no
    time zones: an offset would be dropped or misread), anything else as text."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@dataclass
class Chart:
    """A titled chart with both axes named (``axes``: x title, y title, units included), drawn by plotly."""

    chart_id: str
    title: str
    kind: str  # "line" or "bar"
    series: list[Series]
    axes: tuple[str, str]
    fmt: object = number
    y_min: float | None = None
    y_max: float | None = None
    categories: list | None = None  # bar charts: the categories, in order
    horizontal: bool = False  # bar charts: categories down the y axis (long names), values along x
    by_org: dict[str, list[Series]] | None = None  # an org's page draws these instead (same title and axes)

    def only(self, org_key: str, scopes: Scopes) -> Chart | None:
        """The chart an org's page shows: its ``by_org`` series, else the traces that are the org's (None when
        it has none)."""
        if self.by_org and self.by_org.get(org_key):  # a title naming GLOBAL names the org instead
            series = [replace(s, org=org_key) for s in self.by_org[org_key]]
            return replace(self, title=self.title.replace(GLOBAL, org_key), series=series, by_org=None)
        kept = [s for s in self.series if scopes.tag(s).get("org") == org_key]
        return replace(self, series=kept, by_org=None) if kept else None

    def _trace(self, series: Series, index: int, scopes: Scopes):
        if self.kind == "line":  # gaps inside a line stay gaps; none before its first value or after its last
            points = sorted(series.points, key=lambda p: _x(p[0]))
            known = [i for i, (_, y) in enumerate(points) if y is not None]
            points = points[known[0] : known[-1] + 1] if known else []
        else:
            points = [(x, y) for x, y in series.points if y is not None]
        color, is_global = scopes.color(series, index), series.name == GLOBAL
        xs, ys = [_x(x) for x, _ in points], [y for _, y in points]
        common = dict(
            name=series.name,
            x=ys if self.horizontal else xs,
            y=xs if self.horizontal else ys,
            customdata=[[_x(x), "–" if y is None else self.fmt(y)] for x, y in points],
            hovertemplate=f"<b>{escape(series.name)}</b><br>{escape(self.axes[0])}: %{{customdata[0]}}<br>"
            f"{escape(self.axes[1])}: %{{customdata[1]}}<extra></extra>",
            meta=scopes.tag(series),
        )
        if self.kind == "bar":
            return go.Bar(
                orientation="h" if self.horizontal else "v",
                marker={"color": color, "line": {"width": 1.5 if is_global else 0, "color": "#fff"}},
                **common,
            )
        return go.Scatter(
            mode="lines+markers",
            line={"color": color, "width": 3.5 if is_global else 1.8},
            marker={"size": 6 if is_global else 4, "color": color},
            connectgaps=False,
            **common,
        )

    def figure(self, scopes: Scopes) -> go.Figure:
        traces = [self._trace(s, i, scopes) for i, s in enumerate(self.series)]
        empty = not any(y is not None for s in self.series for _, y in s.points)
        include = [v for v in (self.y_min, self.y_max) if v is not None]
        axis = {"gridcolor": "#eaeef2", "automargin": True}
        x_axis = {**axis, "title": {"text": self.axes[0], "font": {"size": 11}}}
        y_axis = {
            **axis,
            "title": {"text": self.axes[1], "font": {"size": 11}},
            "zerolinecolor": "#8c959f",
            "tickformat": ".0%" if self.fmt is percent else ",~r",
            "autorangeoptions": {"include": include} if include else {},
        }
        height = HEIGHT
        if self.kind == "bar":
            order = [_x(c) for c in self.categories or []]
            x_axis.update(type="category", categoryorder="array", categoryarray=order)
            if self.horizontal:  # the categories down the side, the first on top, room for every bar
                x_axis, y_axis = y_axis, {**x_axis, "autorange": "reversed"}
                height = max(HEIGHT, 130 + len(order) * (10 * max(1, len(traces)) + 8))
        layout = go.Layout(
            template="none",
            title={"text": self.title, "x": 0.01, "xanchor": "left", "font": {"size": 15}},
            xaxis=x_axis,
            yaxis=y_axis,
            height=height,
            margin={"l": 64, "r": 16, "t": 48, "b": 56},
            legend={"orientation": "h", "yanchor": "top", "y": -0.18, "x": 0},
            hovermode="closest",
            barmode="group",
            font={"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 12, "color": "#1b1f24"},
            paper_bgcolor="#fff",
            plot_bgcolor="#fff",
            annotations=[{"text": "No data yet", "showarrow": False, "xref": "paper", "yref": "paper"}]
            if empty
            else [],
        )
        return go.Figure(data=traces, layout=layout)

    def html(self, scopes: Scopes) -> str:
        """A ``div.chart`` (plotly draws into it) and its figure as JSON (``script[data-chart-spec]``); the page
        script plots every spec with plotly.js, inlined once per page."""
        spec = json.loads(pio.to_json(self.figure(scopes), validate=False))
        spec["config"] = {**CONFIG, "toImageButtonOptions": {"filename": self.chart_id}}
        payload = json.dumps(spec, separators=(",", ":")).replace("</", "<\\/")  # no </script> inside the JSON
        div = f"chart-{escape(self.chart_id)}"
        return (
            f'<div class="chart" id="{div}" data-chart="{escape(self.chart_id)}" data-title="{escape(self.title)}">'
            f'</div>\n<script type="application/json" data-chart-spec="{div}">{payload}</script>'
        )


def line_chart(
    chart_id: str,
    title: str,
    series: list[Series],
    axes: tuple[str, str],
    fmt=number,
    y_min: float | None = None,
    y_max: float | None = None,
    by_org: dict[str, list[Series]] | None = None,
) -> Chart:
    """One line per series (points sorted by x); ``axes``: (x title, y title); the y axis always shows
    ``y_min``/``y_max`` when given (e.g. 100% adherence); ``by_org``: what each org's page draws instead (for a
    chart over every org, e.g. staffing summed over orgs)."""
    return Chart(chart_id, title, "line", series, axes, fmt, y_min, y_max, by_org=by_org)


def bar_chart(
    chart_id: str,
    title: str,
    categories: list,
    series: list[Series],
    axes: tuple[str, str],
    fmt=number,
    by_org: dict[str, list[Series]] | None = None,
    horizontal: bool = False,
) -> Chart:
    """Grouped bars: one group per category (in the given order), one bar per series (negative values go
    down); ``axes``: (category title, value title), x and y unless ``horizontal`` (categories down the side,
    for long names); ``by_org`` as for ``line_chart``."""
    return Chart(
        chart_id, title, "bar", series, axes, fmt, categories=list(categories), by_org=by_org, horizontal=horizontal
    )
