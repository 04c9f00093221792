"""Schedules and short-term forecasts through the official SDK (inline, download and notified answers)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx

from genesys_sim.scenarios import get_scenario
from tests.contract.common import (
    ANCHOR,
    NOW,
    UTC,
    WEEK,
    answer_kind,
    build,
    expect_api_error,
    query_agent_schedules,
    schedule_for,
    search_agent_schedules,
)
from tests.contract.sdk_helpers import check_model, deserialize


# -------------------------------------------------------------------------------------- schedules
def test_week_schedules(sdk, unit):
    wfm = sdk.wfm
    one = sdk.check(wfm.get_workforcemanagement_businessunit_week_schedules(unit.bu_id, WEEK), "BuScheduleListing")
    assert len(one.entities) == 1
    item = one.entities[0]
    assert item.week_date == date.fromisoformat(WEEK) and item.week_count == 1 and item.published is True
    assert item.short_term_forecast.id and item.generation_results.failed is False
    assert item.metadata.date_modified <= NOW

    recent = sdk.check(
        wfm.get_workforcemanagement_businessunit_week_schedules(unit.bu_id, "recent"), "BuScheduleListing"
    )
    weeks = [e.week_date for e in recent.entities]
    assert weeks == sorted(weeks) and len(weeks) == 3, "tiny: 2 history weeks + the anchor week (its 1 future week)"
    assert all(w.weekday() == 0 for w in weeks), "weeks start on the unit's startDayOfWeek (Monday)"
    assert all(b - a == timedelta(weeks=1) for a, b in zip(weeks, weeks[1:], strict=False))
    assert date.fromisoformat(WEEK) in weeks and ANCHOR in weeks
    assert item.id in {e.id for e in recent.entities}

    assert wfm.get_workforcemanagement_businessunit_week_schedules(unit.bu_id, "2026-01-05").entities == []
    expect_api_error(
        lambda: wfm.get_workforcemanagement_businessunit_week_schedules(unit.bu_id, "2026-11-17"), 400, sdk.client
    )


def test_week_schedule(sdk, unit):
    item = schedule_for(sdk, unit)
    detail = sdk.check(
        sdk.wfm.get_workforcemanagement_businessunit_week_schedule(unit.bu_id, WEEK, item.id), "BuScheduleMetadata"
    )
    assert detail.id == item.id and detail.week_date == item.week_date
    assert {m.management_unit.id for m in detail.management_units} == set(unit.mu_ids)
    for mu in detail.management_units:
        assert mu.agent_count == len(mu.agents) > 0
        assert {a.id for a in mu.agents} <= unit.all_user_ids
    expect_api_error(
        lambda: sdk.wfm.get_workforcemanagement_businessunit_week_schedule(
            unit.bu_id, WEEK, "00000000-0000-4000-8000-000000000000"
        ),
        404,
        sdk.client,
    )


def check_agent_schedules(unit, agent_schedules, schedule_id: str | None, start: datetime, end: datetime):
    """Shifts inside [start, end), activities inside their shift with this BU's codes, markers on TimeOff."""
    assert agent_schedules, "the query should find scheduled agents"
    shifts = 0
    for row in agent_schedules:
        assert row.user.id in unit.all_user_ids
        for shift in row.shifts:
            shifts += 1
            shift_end = shift.start_date + timedelta(minutes=shift.length_minutes)
            assert start - timedelta(days=1) <= shift.start_date < end
            assert 0 < shift.length_minutes <= 16 * 60 and shift.activities
            if schedule_id:
                assert shift.schedule.id == schedule_id
            for act in shift.activities:
                assert shift.start_date <= act.start_date
                assert act.start_date + timedelta(minutes=act.length_minutes) <= shift_end
                assert act.activity_code_id in unit.codes, "activities use this business unit's codes"
        for marker in row.full_day_time_off_markers:
            assert unit.codes[marker.activity_code_id].category == "TimeOff"
            assert start.date() - timedelta(days=1) <= marker.business_unit_date < end.date() + timedelta(days=1)
    assert shifts > 0


def test_agent_schedules_query_answer_by_size(sdk, unit):
    """Inline up to the scenario's inline limit, downloadUrl up to its async limit, Processing above."""
    limits = get_scenario("tiny")
    item = schedule_for(sdk, unit)
    start = datetime.combine(date.fromisoformat(WEEK), datetime.min.time(), ZoneInfo(unit.tz))
    found = set()
    for mu_id in unit.mu_ids:
        body = build("BuQueryAgentSchedulesRequest", management_unit_id=mu_id)
        answer, result = query_agent_schedules(sdk, unit.bu_id, WEEK, item.id, body)
        rows = len(result.agent_schedules)
        expected = (
            "inline"
            if rows <= limits.inline_schedule_limit
            else "download"
            if rows <= limits.async_schedule_limit
            else "async"
        )
        assert answer_kind(answer) == expected, (mu_id, rows)
        assert result.business_unit_time_zone == unit.tz
        check_agent_schedules(unit, result.agent_schedules, item.id, start, start + timedelta(days=7))
        found |= {r.user.id for r in result.agent_schedules}
    hired_in_time = {
        uid
        for uid in unit.mu_user_ids
        if date.fromisoformat(unit.users[uid].employer_info.date_hire) < start.date() + timedelta(days=7)
    }
    assert hired_in_time and hired_in_time <= found, "every member employed that week has a schedule row"

    # userIds filters, and two agents always fit inline.
    some = sorted(found & unit.mu_user_ids)[:2]
    body = build("BuQueryAgentSchedulesRequest", management_unit_id=unit.mu_id, user_ids=some)
    answer, only = query_agent_schedules(sdk, unit.bu_id, WEEK, item.id, body)
    assert answer_kind(answer) == "inline"
    assert sorted(r.user.id for r in only.agent_schedules) == some


def test_agent_schedules_query_forced_answers(sdk, unit):
    """forceDownloadService (unless the size already makes it async) and forceAsync: the same data."""
    item = schedule_for(sdk, unit)
    body = build("BuQueryAgentSchedulesRequest", management_unit_id=unit.mu_id)
    _, plain = query_agent_schedules(sdk, unit.bu_id, WEEK, item.id, body)
    answer, downloaded = query_agent_schedules(sdk, unit.bu_id, WEEK, item.id, body, force_download_service=True)
    assert answer_kind(answer) in ("download", "async")
    if answer.download_url:
        assert answer.download_url.startswith("http")
        assert httpx.get(answer.download_url, timeout=30).status_code == 200  # pre-signed: no Authorization
    assert downloaded.to_dict() == plain.to_dict(), "the download carries the same schema and data as inline"
    answer, notified = query_agent_schedules(sdk, unit.bu_id, WEEK, item.id, body, force_async=True)
    assert answer_kind(answer) == "async"
    assert notified.to_dict() == plain.to_dict(), "the notified download carries the same data"


def test_agent_schedules_search(sdk, unit):
    start = datetime(2026, 11, 16, tzinfo=UTC)
    end = datetime(2026, 11, 23, tzinfo=UTC)
    body = build("BuSearchAgentSchedulesRequest", start_date=start, end_date=end)
    answer, result = search_agent_schedules(sdk, unit.mu_id, body)
    assert answer_kind(answer) in ("inline", "download", "async")
    assert result.business_unit_time_zone == unit.tz
    published = {p.week_date for p in result.published_schedules}
    assert date.fromisoformat(WEEK) in published
    assert all(p.id and p.week_count == 1 for p in result.published_schedules)
    for row in result.agent_schedules:
        for shift in row.shifts:
            assert start <= shift.start_date < end, "search returns the shifts that start inside the range"
    check_agent_schedules(unit, result.agent_schedules, None, start, end)
    answer, forced = search_agent_schedules(sdk, unit.mu_id, body, force_async=True)
    assert answer_kind(answer) == "async" and forced.to_dict() == result.to_dict()


# -------------------------------------------------------------------------------------- forecasts
def test_short_term_forecasts(sdk, unit):
    wfm = sdk.wfm
    listing = sdk.check(
        wfm.get_workforcemanagement_businessunit_week_shorttermforecasts(unit.bu_id, WEEK), "BuShortTermForecastListing"
    )
    assert len(listing.entities) == 1
    item = listing.entities[0]
    assert item.week_date == date.fromisoformat(WEEK) and item.week_count == 1 and item.can_use_for_scheduling
    assert item.id == schedule_for(sdk, unit).short_term_forecast.id, "the schedule names its forecast"
    recent = sdk.check(
        wfm.get_workforcemanagement_businessunit_week_shorttermforecasts(unit.bu_id, "recent"),
        "BuShortTermForecastListing",
    )
    assert item.id in {f.id for f in recent.entities} and all(f.week_date.weekday() == 0 for f in recent.entities)

    fc = sdk.check(
        wfm.get_workforcemanagement_businessunit_week_shorttermforecast(unit.bu_id, WEEK, item.id),
        "BuShortTermForecast",
    )
    assert fc.id == item.id and fc.time_zone == unit.tz
    week_start = datetime.combine(date.fromisoformat(WEEK), datetime.min.time(), ZoneInfo(unit.tz))
    assert fc.reference_start_date == week_start, "reference start = the week's local midnight"
    assert {pg.id for pg in fc.planning_groups.entities} == unit.planning_group_ids

    groups = sdk.check(
        wfm.get_workforcemanagement_businessunit_week_shorttermforecast_planninggroups(unit.bu_id, WEEK, item.id),
        "ForecastPlanningGroupsResponse",
    )
    assert {pg.id for pg in groups.entities} == unit.planning_group_ids
    assert all(pg.route_paths and pg.route_paths[0].queue.id in unit.queue_ids for pg in groups.entities)


def test_short_term_forecast_data(sdk, unit):
    wfm = sdk.wfm
    item = wfm.get_workforcemanagement_businessunit_week_shorttermforecasts(unit.bu_id, WEEK).entities[0]
    data = sdk.check(
        wfm.get_workforcemanagement_businessunit_week_shorttermforecast_data(unit.bu_id, WEEK, item.id),
        "BuForecastResultResponse",
    )
    result = data.result
    assert data.download_url is None and result.week_number == 0 and result.week_count == 1
    assert result.reference_start_date == datetime.combine(
        date.fromisoformat(WEEK), datetime.min.time(), ZoneInfo(unit.tz)
    )
    assert {pg.planning_group_id for pg in result.planning_groups} == unit.planning_group_ids
    for pg in result.planning_groups:
        assert len(pg.offered_per_interval) == 672, "15-minute intervals, 7 * 96 per week"
        assert len(pg.average_handle_time_seconds_per_interval) == 672
        assert all(v >= 0 for v in pg.offered_per_interval) and sum(pg.offered_per_interval) > 100
        assert 0 < max(pg.average_handle_time_seconds_per_interval) < 7200

    downloaded = sdk.check(
        wfm.get_workforcemanagement_businessunit_week_shorttermforecast_data(
            unit.bu_id, WEEK, item.id, force_download_service=True
        ),
        "BuForecastResultResponse",
    )
    assert downloaded.result is None and downloaded.download_url
    body = httpx.get(downloaded.download_url, timeout=30).json()
    same = deserialize(sdk.client, body, "BuForecastResult")
    check_model(sdk.client, same, "BuForecastResult", body)
    assert same.to_dict() == result.to_dict()
