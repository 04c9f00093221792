"""The pipeline against the simulator's real-API behaviours (issue 14), into real DuckDB files: deleted users and
optional employerInfo fields (item 1), every week of a multi-week forecast and its 8th day (3), the published
view of overlapping multi-week schedules filed per own week (4), a one-day backfill reading one week although
the schedule starts before it (5), and historical adherence items across a DST week within the limits (6)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.simproc import start_sim
from tests.warehouse import fast_extract, query, run_pipeline

SEARCH = "POST /api/v2/workforcemanagement/managementunits/{managementUnitId}/agentschedules/search"
QUERY = (
    "POST /api/v2/workforcemanagement/businessunits/{businessUnitId}/weeks/{weekId}/schedules/{scheduleId}"
    "/agentschedules/query"
)
DATA = (
    "GET /api/v2/workforcemanagement/businessunits/{businessUnitId}/weeks/{weekDateId}/shorttermforecasts"
    "/{forecastId}/data"
)


def test_users_in_every_state_with_optional_employer_info(tiny_load):
    """emea's leaver was deleted (only state=deleted lists it here); one user has no employeeId, one no dateHire."""
    _, workdir, _ = tiny_load
    db = workdir / "wfm_hub.duckdb"
    states = dict(query(db, "select state, count(*) from genesys_emea.users where _dlt_valid_to is null group by 1"))
    assert states == {"active": 10, "deleted": 1}
    (missing_id, missing_hire, deleted_id) = query(
        db,
        "select count(*) filter (where employee_id is null), count(*) filter (where date_hire is null), "
        "count(*) filter (where state = 'deleted' and employee_id is not null) from genesys_emea.users",
    )[0]
    assert (missing_id, missing_hire, deleted_id) == (2, 1, 1)


def test_overlapping_schedules_load_as_the_published_view_each_activity_in_its_own_week(tiny_load):
    """tiny emea: a 2-week schedule from 2026-11-09 and a later one-week schedule over 2026-11-16. Each
    activity once, under the week of its shift's start, naming the schedule the published view shows."""
    _, workdir, _ = tiny_load
    db = workdir / "wfm_hub.duckdb"
    current = "from genesys_emea.schedule_activities where _dlt_valid_to is null"
    assert query(db, f"select count(*) - count(distinct (user_id, start_date)) {current}")[0][0] == 0
    schedules = dict(
        query(db, "select week_date::varchar || '/' || week_count, schedule_id from genesys_emea.schedules")
    )
    assert set(schedules) == {"2026-11-09/2", "2026-11-16/1", "2026-11-23/1"}
    by_week = dict(
        query(db, f"select week_date::varchar, list(distinct schedule_id order by schedule_id) {current} group by 1")
    )
    assert by_week == {
        "2026-11-09": [schedules["2026-11-09/2"]],
        "2026-11-16": [schedules["2026-11-16/1"]],  # not the 2-week schedule's superseded week
        "2026-11-23": [schedules["2026-11-23/1"]],
    }
    misfiled = query(
        db,
        "select count(*) from genesys_emea.schedule_activities where week_date <> "
        "date_trunc('week', timezone('Europe/Berlin', shift_start_date))::date",
    )[0][0]
    assert misfiled == 0, "every activity under the Monday week of its shift's start (Berlin)"


def test_every_week_of_every_forecast_with_its_eighth_day_flagged(tiny_load):
    _, workdir, _ = tiny_load
    db = workdir / "wfm_hub.duckdb"
    rows = query(
        db,
        "select f.week_date::varchar, f.week_count, i.week_date::varchar, i.week_number, "
        "count(*) filter (where i.is_in_week), count(*) filter (where not i.is_in_week) "
        "from genesys_emea.forecast_intervals i join genesys_emea.forecasts f using (forecast_id) "
        "group by all order by 3",
    )
    # two planning groups, Support Chat with an 8th day: 2 x 672 in the week, 96 past it, each week
    assert rows == [
        ("2026-11-09", 2, "2026-11-09", 1, 1344, 96),
        ("2026-11-09", 2, "2026-11-16", 2, 1344, 96),
        ("2026-11-23", 1, "2026-11-23", 1, 1344, 96),
    ]


@pytest.fixture(scope="module")
def backfilled(tmp_path_factory):
    """A one-day backfill (2026-11-18) of emea's schedules and forecasts: a day in the second week of a 2-week
    schedule and forecast that start before it."""
    sim = start_sim("tiny")
    workdir = tmp_path_factory.mktemp("one_day")
    try:
        sim.reset_stats()
        report = run_pipeline(
            sim,
            workdir,
            fast_extract(),
            org_keys=["emea"],
            resources=["schedules", "forecasts"],
            start=date(2026, 11, 18),
            end=date(2026, 11, 19),
        )
        yield report, sim.stats()["emea"], workdir / "wfm_hub.duckdb"
    finally:
        sim.stop()


def test_a_one_day_backfill_reads_one_week_of_a_schedule_that_started_before_it(backfilled):
    report, stats, db = backfilled
    assert not report.failed, [r.error for r in report.failed]
    calls = stats["byEndpoint"]
    assert calls.get(SEARCH) == 2, "one week, two management units"
    assert QUERY not in calls, "the published view is read by search, never per schedule"
    assert calls.get(DATA) == 1, "one forecast spans the week: its week 2"
    assert query(db, "select distinct week_date::varchar from genesys_emea.schedule_activities") == [("2026-11-16",)]
    listed = query(db, "select week_date::varchar, week_count from genesys_emea.schedules order by 1")
    assert listed == [("2026-11-09", 2), ("2026-11-16", 1)], "the 2-week schedule starting before the day is found"
    assert query(db, "select distinct week_number from genesys_emea.forecast_intervals") == [(2,)]


def test_adherence_items_across_a_fall_back_week_stay_within_seven_days(tmp_path):
    """The week of 2026-10-19 in Berlin has 169 hours: a single local-midnight item would exceed the 7 days the
    simulator allows with exceptions (400). The pipeline's items never do, so the backfill succeeds."""
    sim = start_sim("tiny")
    try:
        report = run_pipeline(
            sim,
            tmp_path,
            fast_extract(),
            org_keys=["emea"],
            resources=["historical_adherence"],
            start=date(2026, 10, 19),
            end=date(2026, 10, 26),
        )
        stats = sim.stats()["emea"]
    finally:
        sim.stop()
    assert not report.failed, [r.error for r in report.failed]
    assert stats["errors"] == 0
    berlin, utc = ZoneInfo("Europe/Berlin"), ZoneInfo("UTC")
    week = datetime(2026, 10, 26, tzinfo=berlin).astimezone(utc) - datetime(2026, 10, 19, tzinfo=berlin).astimezone(utc)
    assert week == timedelta(hours=169)
    downloads = stats["byEndpoint"]["GET /_downloads/{key}"]
    assert downloads == 2 * 2, "the 169-hour week split in two items, for each of the two management units"
