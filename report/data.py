"""What the HTML report shows, read from the rpt_* marts only (no raw, staging or intermediate tables).

The sections live beside this module (``people``, ``queues``, ``reconciliation``); each returns its section, the
headline figures it contributes and the GLOBAL values ``summary.json`` carries (tests recompute those from the raw
tables, independently of the models).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .charts import Series, number, percent

MARTS = "marts"


@dataclass
class Figure:
    label: str
    value: str
    note: str = ""


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list[str]]
    note: str = ""


@dataclass
class Section:
    title: str
    intro: str
    charts: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


@dataclass
class ReportData:
    figures: list[Figure]
    sections: list[Section]
    global_figures: dict[str, object]


def fmt(value, kind: str = "number") -> str:
    """A value as the report prints it ("–" for none): pct, int, seconds, text or a number."""
    if value is None:
        return "–"
    if kind == "pct":
        return percent(float(value))
    if kind == "int":
        return f"{int(value):,}"
    if kind == "seconds":
        return f"{float(value):,.0f} s"
    if kind == "text":
        return str(value)
    return number(float(value))


def series_by(rows: list[dict], key: str, x: str, y: str, order: list[str] | None = None) -> list[Series]:
    """One series per value of ``key`` (GLOBAL last), points (x, y) in row order."""
    grouped: dict[str, list] = defaultdict(list)
    for row in rows:
        grouped[str(row[key])].append((row[x], None if row[y] is None else float(row[y])))
    names = order or sorted(grouped, key=lambda n: (n == "GLOBAL", n))
    return [Series(name, grouped[name]) for name in names if name in grouped]


def gather(query) -> ReportData:
    from .people import adherence_section, workforce_section
    from .queues import service_level_section, staffing_section, volume_section
    from .reconciliation import reconciliation_section

    figures, sections, global_figures = [], [], {}
    for build in (
        adherence_section,
        service_level_section,
        volume_section,
        workforce_section,
        reconciliation_section,
        staffing_section,
    ):
        section, section_figures, values = build(query)
        sections.append(section)
        figures += section_figures
        global_figures.update(values)
    return ReportData(figures=figures, sections=sections, global_figures=global_figures)
