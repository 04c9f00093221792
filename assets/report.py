"""The director's report as a Dagster asset: the pages ``python -m report`` writes, after the nightly dbt build.

``reports/director_report`` depends on every report mart: the dbt models of group ``dbt_reports``, read from the dbt
assets, so a new ``rpt_*`` model is a dependency without an edit here. It is part of ``nightly_transform``
(assets/jobs.py, group ``reports``) and writes ``index.html``, ``org_<key>.html`` per org, the forecast export and
``summary.json`` into ``reports/`` beside the warehouse file (``data/reports/`` in the demo; like dlt's working
directories, so a test's or a second installation's run never overwrites another's report; ``make report`` still
writes the repo's ``reports/``), or the folder the run config names. Its metadata: the index page's path,
the page count and size, and the headline figures as numbers (GLOBAL adherence, service level, shrinkage,
occupancy, headcount, real-time adherence, the share of reconciled org-days within tolerance, the oldest data's
age), so the Dagster UI plots them night after night; a figure the marts do not have yet is null, never 0.

It reads the DuckDB file, which DuckDB will not open while another process writes it: the asset runs in pool
``duckdb_writer`` (never beside a dbt build) and under the warehouse writer lock (an extraction's load waits for it).
"""

# No `from __future__ import annotations`: Dagster inspects the context type hints at runtime.

from pathlib import Path

import dagster as dg

from pipelines.warehouse import writer_lock

from .transform import wfm_hub_dbt, wfm_hub_dbt_realtime

REPORT_KEY = dg.AssetKey(["reports", "director_report"])


def report_marts() -> list[dg.AssetKey]:
    """Every dbt model of group dbt_reports (the marts the report reads from), the real-time ones included."""
    keys = {
        spec.key
        for dbt in (wfm_hub_dbt, wfm_hub_dbt_realtime)
        for spec in dbt.specs
        if spec.group_name == "dbt_reports"
    }
    return sorted(keys, key=lambda k: k.to_user_string())


class ReportConfig(dg.Config):
    """out_dir: the report folder, absolute or relative to the repo root; empty: reports/ beside the warehouse."""

    out_dir: str = ""


def out_dir_of(config: ReportConfig) -> Path:
    from report.warehouse import ROOT, default_warehouse

    if not config.out_dir:
        return default_warehouse().parent / "reports"
    return Path(config.out_dir) if Path(config.out_dir).is_absolute() else ROOT / config.out_dir


def _number(value) -> dg.MetadataValue:
    return dg.MetadataValue.null() if value is None else dg.MetadataValue.float(float(value))


def report_metadata(summary: dict, out_dir: Path) -> dict[str, dg.MetadataValue]:
    """The asset's metadata from ``report.build.build``'s summary (shapes: report.build)."""
    figures = summary["global"]
    workforce, service, snapshot = figures.get("workforce", {}), figures.get("service_level", {}), figures["snapshot"]
    reconciled, freshness = figures.get("reconciliation", {}), figures.get("freshness", {})
    checked = reconciled.get("checked") or 0
    return {
        "index": dg.MetadataValue.path(str(out_dir / "index.html")),
        "pages": dg.MetadataValue.int(len(summary["pages"])),
        "largest_page_mb": dg.MetadataValue.float(round(max(summary["pages"].values()) / 1e6, 2)),
        "date": dg.MetadataValue.text(str(workforce.get("date", ""))),
        "global_adherence_pct": _number(workforce.get("adherence_pct")),
        "global_conformance_pct": _number(workforce.get("conformance_pct")),
        "global_shrinkage_pct": _number(workforce.get("shrinkage_pct")),
        "global_occupancy_pct": _number(workforce.get("occupancy_pct")),
        "global_headcount": _number(workforce.get("headcount")),
        "global_service_level_pct": _number(service.get("service_level_pct")),
        "realtime_adherence_pct": _number(snapshot.get("adherence_pct")),
        "reconciled_within_tolerance_pct": _number(reconciled["within_tolerance"] / checked if checked else None),
        "oldest_data_hours": _number(freshness.get("max_age_hours")),
        "resources_latest_run_not_success": _number(freshness.get("latest_run_not_success")),
        "export_rows": dg.MetadataValue.int(summary["export_rows"]),
    }


@dg.asset(
    key=REPORT_KEY,
    group_name="reports",
    deps=report_marts(),
    pool="duckdb_writer",
    kinds={"python", "html"},
    description="The director's HTML report (python -m report): index.html with a region/org filter, a page per "
    "org, self-contained (plotly.js inlined), from the report marts; headline figures as metadata.",
)
def director_report(context: dg.AssetExecutionContext, config: ReportConfig) -> dg.MaterializeResult:
    from report.build import build

    out_dir = out_dir_of(config)
    with writer_lock():
        summary = build(out_dir)
    context.log.info(f"director's report: {out_dir / 'index.html'}, pages {summary['pages']}")
    return dg.MaterializeResult(metadata=report_metadata(summary, out_dir))
