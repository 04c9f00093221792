"""The report's pages: ``index.html`` (GLOBAL and every org, with a region/org filter) and ``org_<key>.html`` per org.

Every page is one self-contained file: plotly.js inlined once in a ``<script>`` (about 4.9 MB, the price of opening
from disk with no network, e.g. mailed or on a share), each chart a div and its figure JSON, plotted by the page's
own script; nothing is fetched. A page per org rather than one page with tabs: a regional manager can be sent their
own file, and every file must inline plotly.js anyway to open alone.

The overview shows every section. Its filter picks a region and/or an org; each chart trace and table row that
belongs to an org (or a region) is shown only when that org (or one of the region's orgs) is picked: traces by their
``meta`` (``report.charts.Scopes.tag``), rows by ``data-org``/``data-region`` (the table's "Org" or "Region"
column). GLOBAL, and what belongs to no org (e.g. a forecast summed over every org), always stays. An org's page
has the org's headline figures and every section cut to the org: a chart's ``by_org`` series or the traces that
are the org's, the rows of tables with an Org column; what holds nothing of the org is left out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from plotly.offline import get_plotlyjs

from .charts import GLOBAL, Chart, Scopes
from .data import Org, ReportData, Section, Table

TEMPLATES = Path(__file__).with_name("templates")
INDEX = "index.html"
TITLE = "wfm-hub: consolidated workforce report"


def org_page(org_key: str) -> str:
    """An org's page file (org keys are lower-case letters, digits and underscores: pipelines.config)."""
    return f"org_{org_key}.html"


def scopes_of(orgs: list[Org]) -> Scopes:
    return Scopes({o.key: o.region for o in orgs})


def _columns(table: Table) -> tuple[int | None, int | None]:
    org = (
        table.org_column
        if table.org_column is not None
        else next((i for i, c in enumerate(table.columns) if c == "Org"), None)
    )
    region = (
        table.region_column
        if table.region_column is not None
        else next((i for i, c in enumerate(table.columns) if c == "Region"), None)
    )
    return org, region


def row_scope(table: Table, row: list[str], scopes: Scopes) -> dict[str, str]:
    """Whose a row is: {"org", "region"}, {"region"}, {} for GLOBAL or a row of no org (always shown)."""
    org_at, region_at = _columns(table)
    org = row[org_at] if org_at is not None and org_at < len(row) else None
    if org and org != GLOBAL:
        return {"org": org, "region": scopes.regions.get(org, "")}
    region = row[region_at] if region_at is not None and region_at < len(row) else None
    return {"region": region} if region and region != GLOBAL else {}


def org_section(section: Section, org_key: str, scopes: Scopes) -> Section | None:
    """``section`` cut to one org (None when nothing of it is the org's)."""
    charts = [c.only(org_key, scopes) for c in section.charts if isinstance(c, Chart)]
    org_at = [_columns(t)[0] for t in section.tables]
    tables = [
        replace(t, rows=[r for r in t.rows if row_scope(t, r, scopes).get("org") == org_key])
        for t, at in zip(section.tables, org_at, strict=True)
        if at is not None
    ]
    kept = [c for c in charts if c is not None]
    if not kept and not any(t.rows for t in tables):
        return None
    return replace(section, charts=kept, tables=tables)


@dataclass
class Page:
    file: str
    heading: str
    org: Org | None  # None: the overview


def _rendered(section: Section, scopes: Scopes) -> dict:
    return {
        "title": section.title,
        "intro": section.intro,
        "charts": [c.html(scopes) if isinstance(c, Chart) else c for c in section.charts],
        "tables": [
            {
                "title": t.title,
                "note": t.note,
                "columns": t.columns,
                "rows": [(row_scope(t, r, scopes), r) for r in t.rows],
            }
            for t in section.tables
        ],
    }


def render_pages(data: ReportData, source: str, generated_at: str) -> dict[str, str]:
    """Every page's file name and HTML: the overview first, then one per org (``data.orgs``)."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    template = env.get_template("page.html")
    scopes = scopes_of(data.orgs)
    plotly_js = get_plotlyjs()
    pages = [Page(INDEX, "GLOBAL and every org", None)] + [
        Page(org_page(o.key), f"{o.name} ({o.key}, {o.region})", o) for o in data.orgs
    ]
    nav = [(p.org.key if p.org else "Overview", p.file) for p in pages]
    out = {}
    for page in pages:
        if page.org is None:
            figures = [f for f in data.figures if f.org is None]
            sections = data.sections
        else:
            figures = [f for f in data.figures if f.org == page.org.key]
            sections = [s for s in (org_section(s, page.org.key, scopes) for s in data.sections) if s is not None]
        out[page.file] = template.render(
            title=TITLE if page.org is None else f"{TITLE}: {page.org.key}",
            heading=page.heading,
            nav=nav,
            current=page.file,
            figures=figures,
            sections=[_rendered(s, scopes) for s in sections],
            orgs=data.orgs if page.org is None else [],  # the filter: the overview only
            orgs_json=json.dumps(scopes.regions).replace("</", "<\\/"),
            source=source,
            generated_at=generated_at,
            plotly_js=plotly_js,
        )
    return out
