"""What the HTML report shows, read from the rpt_* marts only (no raw, staging or intermediate tables).

The sections live beside this module (``people``, ``queues``, ``reconciliation``, ``freshness``); each returns its
section, the headline figures it contributes (GLOBAL's, and each org's for the org's page) and the GLOBAL values
``summary.json`` carries (tests recompute those from the raw tables, independently of the models). The pages
(``report.pages``) show every section on the overview and each org's part of it on the org's page.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial

from .charts import GLOBAL, Chart, Series, number, percent

MARTS = "marts"


@dataclass
class Figure:
    """A headline figure; ``org``: None on the overview (GLOBAL), an org key on that org's page."""

    label: str
    value: str
    note: str = ""
    org: str | None = None


@dataclass
class Table:
    """A table; a column headed "Org" (or "Region") says whose each row is, so the filter and the org pages can
    pick rows (``org_column``/``region_column``: another column's index instead)."""

    title: str
    columns: list[str]
    rows: list[list[str]]
    note: str = ""
    org_column: int | None = None
    region_column: int | None = None


@dataclass
class Section:
    title: str
    intro: str
    charts: list[Chart | str] = field(default_factory=list)  # a str: ready HTML, shown on the overview only
    tables: list[Table] = field(default_factory=list)


@dataclass
class Org:
    key: str
    name: str
    region: str


@dataclass
class ReportData:
    figures: list[Figure]
    sections: list[Section]
    global_figures: dict[str, object]
    orgs: list[Org] = field(default_factory=list)


def fmt(value, kind: str = "number") -> str:
    """A value as the report prints it ("–" for none): pct, int, seconds, text, minute (a timestamp to the minute)
    or a number."""
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
    if kind == "minute":  # an instant to the minute (the marts keep naive UTC)
        return value.strftime("%Y-%m-%d %H:%M")
    return number(float(value))


def global_then_orgs(latest: dict[str, object]) -> list[tuple[str, object, str | None]]:
    """(scope, its value, the org its Figures belong to) for GLOBAL (``{}`` when missing: its figures say "–") and
    then every org by key; ``latest``: scope key (an org key or "GLOBAL") -> that scope's row (or rows)."""
    orgs = sorted(k for k in latest if k != GLOBAL)
    return [(GLOBAL, latest.get(GLOBAL, {}), None)] + [(k, latest[k], k) for k in orgs]


def series_by(rows: list[dict], key: str, x: str, y: str, order: list[str] | None = None) -> list[Series]:
    """One series per value of ``key`` (GLOBAL last), points (x, y) in row order."""
    grouped: dict[str, list] = defaultdict(list)
    for row in rows:
        grouped[str(row[key])].append((row[x], None if row[y] is None else float(row[y])))
    names = order or sorted(grouped, key=lambda n: (n == GLOBAL, n))
    return [Series(name, grouped[name]) for name in names if name in grouped]


def read_orgs(query) -> list[Org]:
    """Every org the hub holds (dim_org) or has tried to extract (rpt_data_freshness: an org whose every run
    failed has no dim_org row but must show), by key."""
    orgs = {
        r["org_key"]: Org(r["org_key"], r["org_name"] or r["org_key"], r["region"])
        for r in query(f"select org_key, org_name, region from {MARTS}.dim_org")
    }
    for r in query(f"select distinct org_key, region from {MARTS}.rpt_data_freshness"):
        orgs.setdefault(r["org_key"], Org(r["org_key"], r["org_key"], r["region"] or ""))
    return [orgs[k] for k in sorted(orgs)]


def gather(query, now: datetime | None = None) -> ReportData:
    """Every section, its figures and the GLOBAL values; ``now`` (UTC, default: now) is when data ages are
    counted to."""
    from .freshness import freshness_section
    from .people import adherence_section, workforce_section
    from .queues import service_level_section, staffing_section, volume_section
    from .realtime import realtime_part
    from .reconciliation import reconciliation_section

    figures, sections, global_figures = [], [], {}
    for build in (
        adherence_section,
        realtime_part,  # after the historical and snapshot adherence
        service_level_section,
        volume_section,
        workforce_section,
        reconciliation_section,
        staffing_section,
        partial(freshness_section, now=now or datetime.now(UTC)),
    ):
        section, section_figures, values = build(query)
        sections.append(section)
        figures += section_figures
        global_figures.update(values)
    return ReportData(figures=figures, sections=sections, global_figures=global_figures, orgs=read_orgs(query))
