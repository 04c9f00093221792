"""The director's report as a Dagster asset: materialized by Dagster against the tiny warehouse, it writes every page
and carries the index's path, the page count and the marts' headline figures as metadata; the nightly transform runs
it after the report marts."""

from __future__ import annotations

import dagster as dg
import pytest

from tests.reports.conftest import rows
from tests.warehouse import fast_extract, hub_env

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def manifest():
    """The dbt manifest the Dagster definitions read, current (as tests/orchestration makes sure)."""
    from tests.orchestration.conftest import pytest_configure

    pytest_configure(None)


def test_the_asset_writes_the_pages_with_their_path_and_headline_figures(manifest, tiny_reports):
    from assets.report import REPORT_KEY, director_report

    out = tiny_reports.db.parent / "reports"  # by default beside the warehouse, as dlt's working directories
    with hub_env(tiny_reports.sim, tiny_reports.workdir, fast_extract()):
        result = dg.materialize([director_report], instance=dg.DagsterInstance.ephemeral())
    assert result.success
    (event,) = result.asset_materializations_for_node("reports__director_report")
    assert event.asset_key == REPORT_KEY
    meta = {k: v.value for k, v in event.metadata.items()}
    assert meta["index"] == str(out / "index.html")
    assert meta["pages"] == 3 and sorted(p.name for p in out.glob("*.html")) == [
        "index.html",
        "org_apac.html",
        "org_emea.html",
    ]
    assert 4.5 < meta["largest_page_mb"] < 6
    workforce = rows(
        tiny_reports.db,
        "select * from marts.rpt_global_workforce_daily where scope = 'global' and "
        "adherence_pct is not null and occupancy_pct is not null order by date desc "
        "limit 1",
    )[0]
    assert meta["date"] == str(workforce["date"]) and meta["global_headcount"] == workforce["headcount"] == 16
    for name in ("adherence_pct", "conformance_pct", "shrinkage_pct", "occupancy_pct"):
        assert isinstance(meta[f"global_{name}"], float) and meta[f"global_{name}"] == pytest.approx(workforce[name])
    service = rows(
        tiny_reports.db,
        "select service_level_pct from marts.rpt_service_level where grain = 'day' and "
        "scope = 'global' order by date desc limit 1",
    )[0]
    assert meta["global_service_level_pct"] == pytest.approx(service["service_level_pct"])
    snapshot = rows(
        tiny_reports.db, "select adherence_pct from marts.rpt_global_adherence_snapshot where region = 'GLOBAL'"
    )[0]
    assert meta["realtime_adherence_pct"] == pytest.approx(snapshot["adherence_pct"])
    assert meta["reconciled_within_tolerance_pct"] == 1.0  # every tiny org-day matches Genesys (test_reconciliation)
    assert 0 <= meta["oldest_data_hours"] < 2 and meta["resources_latest_run_not_success"] == 0
    assert meta["export_rows"] == 28


def test_the_nightly_transform_runs_it_after_every_report_mart(manifest):
    from assets.definitions import defs
    from assets.report import REPORT_KEY

    graph = defs.resolve_asset_graph()
    parents = {k.to_user_string() for k in graph.get(REPORT_KEY).parent_keys}
    reports = {k.to_user_string() for k in graph.get_all_asset_keys() if graph.get(k).group_name == "dbt_reports"}
    assert parents == reports and {"marts/rpt_data_freshness", "marts/rpt_realtime_snapshot_orgs"} <= parents
    nightly = defs.resolve_job_def("nightly_transform").asset_layer.selected_asset_keys
    assert REPORT_KEY in nightly
    assert REPORT_KEY not in defs.resolve_job_def("realtime_snapshot").asset_layer.selected_asset_keys
