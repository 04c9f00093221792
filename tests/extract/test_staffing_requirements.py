"""The forecasts' staffing requirement over real HTTP (issue 15, defect 5): the first request for a forecast
answers Processing and the result comes on the business unit's topic, the resource subscribed before asking;
the rows are the simulator's model of Genesys' requirement. A result that never comes is NotReady, never an empty
requirement, and nothing is loaded for it."""

from __future__ import annotations

import pytest

from genesys_sim.model import Model, staffing, volume
from genesys_sim.scenarios import get_scenario
from tests.simproc import TEST_ANCHOR, start_sim
from tests.warehouse import ANCHOR, fast_extract, query, run_pipeline

pytestmark = pytest.mark.slow


def test_requirements_arrive_by_notification_and_equal_the_model(tmp_path):
    sim = start_sim("tiny")
    try:
        report = run_pipeline(sim, tmp_path, fast_extract(), org_keys=["apac"], resources=["staffing_requirements"])
        notes = sim.control("GET", "/_sim/notifications")["apac"]
    finally:
        sim.stop()
    assert not report.failed, [r.error for r in report.failed]
    assert notes["published"] == notes["delivered"] > 0  # every forecast Processing first, its event delivered
    rows = query(
        tmp_path / "wfm_hub.duckdb",
        "select planning_group_id, timezone('UTC', interval_start), staffing_requirement "
        "from genesys_apac.staffing_requirements",
    )
    model = Model(get_scenario("tiny"), ANCHOR)
    bu = model.orgs["apac"].business_units[0]
    (pg,) = bu.planning_groups
    expected = {}
    for week in model.world.bu_weeks(bu):
        reference = volume.week_reference_start(week, bu.tz)
        offered, aht = volume.forecast_week(model.seed, "apac", pg.id, pg.spec, bu.spec, reference)
        for i, value in enumerate(staffing.requirement(pg.spec.media_type, offered, aht)):
            expected[(pg.id, (reference + i * volume.INTERVAL).replace(tzinfo=None))] = value
    got = {(p, t): v for p, t, v in rows}
    assert len(got) == len(expected) == 3 * 672
    assert got == pytest.approx(expected)
    assert any(v > 0 for v in got.values())


def test_a_requirement_whose_event_never_comes_is_not_ready(tmp_path):
    sim = start_sim("tiny", TEST_ANCHOR, "--async-result-seconds", "30")
    try:
        report = run_pipeline(
            sim, tmp_path, fast_extract(job_deadline_seconds=2), org_keys=["apac"], resources=["staffing_requirements"]
        )
    finally:
        sim.stop()
    (failed,) = report.failed
    assert "no notification for operation" in failed.error and "not ready" in failed.error
    tables = query(
        tmp_path / "wfm_hub.duckdb",
        "select count(*) from information_schema.tables where table_name = 'staffing_requirements'",
    )
    assert tables == [(0,)]  # nothing loaded, not an empty requirement
