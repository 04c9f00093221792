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
    hired_by,
    query_agent_schedules,
    resolve_search,
    schedule_for,
    search_agent_schedules,
)
from tests.contract.sdk_helpers import check_model, deserialize


# -------------------------------------------------------------------------------------- schedules
def test_week_schedules(sdk, unit):
    """A week lists every schedule spanning it: tiny emea's week 2026-11-16 is the second week of a 2-week
    schedule and was rescheduled on its own (a later one-week schedule); apac publishes one-week schedules."""
    wfm = sdk.wfm
    one = sdk.check(wfm.get_workforcemanagement_businessunit_week_schedules(unit.bu_id, WEEK), "BuScheduleListing")
    spans = sorted((e.week_date.isoformat(), e.week_count) for e in one.entities)
    assert spans == ([("2026-11-09", 2), (WEEK, 1)] if sdk.key == "emea" else [(WEEK, 1)])
    item = schedule_for(sdk, unit)
    assert item.week_date == date.fromisoformat(WEEK) and item.week_count == 1 and item.published is True
    assert item.short_term_forecast.id and item.generation_results.failed is False
    assert item.metadata.date_modified <= NOW

    recent = sdk.check(
        wfm.get_workforcemanagement_businessunit_week_schedules(unit.bu_id, "recent"), "BuScheduleListing"
    )
    weeks = {e.week_date + timedelta(weeks=i) for e in recent.entities for i in range(e.week_count)}
    assert sorted(weeks) == [date(2026, 11, 9), date(2026, 11, 16), ANCHOR], "2 history weeks + the anchor week"
    assert all(e.week_date.weekday() == 0 for e in recent.entities), "weeks start on the unit's start day (Monday)"
    assert item.id in {e.id for e in recent.entities}
    # earliestWeekDate/latestWeekDate bound the START week (SDK v269), only with recent
    bounded = wfm.get_workforcemanagement_businessunit_week_schedules(
        unit.bu_id, "recent", earliest_week_date=WEEK, latest_week_date=WEEK
    )
    assert [e.week_date.isoformat() for e in sdk.check(bounded, "BuScheduleListing").entities] == [WEEK]

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
    hired_in_time = {uid for uid in unit.mu_user_ids if hired_by(unit.users[uid], start.date() + timedelta(days=6))}
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
    published = {(p.week_date, p.week_count) for p in result.published_schedules}
    assert (date.fromisoformat(WEEK), 1) in published
    assert all(p.id and p.self_uri for p in result.published_schedules)
    if sdk.key == "emea":  # the 2-week schedule spans the week too: listed, but its shifts are not shown
        assert (date(2026, 11, 9), 2) in published
    for row in result.agent_schedules:
        for shift in row.shifts:
            assert start <= shift.start_date < end, "search returns the shifts that start inside the range"
    shown = {s.schedule.id for r in result.agent_schedules for s in r.shifts}
    assert schedule_for(sdk, unit).id in shown, "the week shows the schedule published last"
    assert shown <= {p.id for p in result.published_schedules if p.week_count == 1}, "never the 2-week one's week"
    check_agent_schedules(unit, result.agent_schedules, None, start, end)
    answer, forced = search_agent_schedules(sdk, unit.mu_id, body, force_async=True)
    assert answer_kind(answer) == "async" and forced.to_dict() == result.to_dict()


def test_business_unit_search_is_every_unit_of_the_published_view(sdk, unit):
    """POST /businessunits/{id}/agentschedules/search: the same published view for every management unit;
    a Processing answer's result comes on v2.workforcemanagement.users.{id}.schedules.search."""
    start, end = datetime(2026, 11, 16, tzinfo=UTC), datetime(2026, 11, 23, tzinfo=UTC)
    body = build("BuSearchAgentSchedulesRequest", start_date=start, end_date=end)
    sdk.listener  # noqa: B018  (subscribe before posting)
    answer = sdk.check(
        sdk.wfm.post_workforcemanagement_businessunit_agentschedules_search(unit.bu_id, body, force_async=True),
        "BuAsyncAgentSchedulesSearchResponse",
    )
    assert answer_kind(answer) == "async"
    whole = resolve_search(sdk, answer)
    per_unit = {
        r.user.id: r.to_dict() for mu in unit.mu_ids for r in search_agent_schedules(sdk, mu, body)[1].agent_schedules
    }
    assert {r.user.id: r.to_dict() for r in whole.agent_schedules} == per_unit


# -------------------------------------------------------------------------------------- forecasts
def test_short_term_forecasts(sdk, unit):
    """A week lists the forecast spanning it: tiny emea forecasts 2 weeks at a time (2026-11-09 + 2 weeks)."""
    wfm = sdk.wfm
    listing = sdk.check(
        wfm.get_workforcemanagement_businessunit_week_shorttermforecasts(unit.bu_id, WEEK), "BuShortTermForecastListing"
    )
    assert len(listing.entities) == 1
    item = listing.entities[0]
    expected = (date(2026, 11, 9), 2) if sdk.key == "emea" else (date.fromisoformat(WEEK), 1)
    assert (item.week_date, item.week_count) == expected and item.can_use_for_scheduling
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
    first_week = datetime.combine(item.week_date, datetime.min.time(), ZoneInfo(unit.tz))
    assert fc.reference_start_date == first_week, "reference start = the first week's local midnight"
    assert {pg.id for pg in fc.planning_groups.entities} == unit.planning_group_ids

    groups = sdk.check(
        wfm.get_workforcemanagement_businessunit_week_shorttermforecast_planninggroups(unit.bu_id, WEEK, item.id),
        "ForecastPlanningGroupsResponse",
    )
    assert {pg.id for pg in groups.entities} == unit.planning_group_ids
    assert all(pg.route_paths and pg.route_paths[0].queue.id in unit.queue_ids for pg in groups.entities)


def test_short_term_forecast_data(sdk, unit):
    """weekNumber is 1-based (a real one-week answer reads weekNumber 1); one planning group per org carries an
    8th day (768 values, its first day again: emea's Support Chat, apac's Billing Voice), the others 672."""
    wfm = sdk.wfm
    item = wfm.get_workforcemanagement_businessunit_week_shorttermforecasts(unit.bu_id, WEEK).entities[0]
    number = (date.fromisoformat(WEEK) - item.week_date).days // 7 + 1
    assert number == (2 if sdk.key == "emea" else 1)
    data = sdk.check(
        wfm.get_workforcemanagement_businessunit_week_shorttermforecast_data(
            unit.bu_id, item.week_date.isoformat(), item.id, week_number=number
        ),
        "BuForecastResultResponse",
    )
    result = data.result
    assert data.download_url is None and (result.week_number, result.week_count) == (number, item.week_count)
    assert result.reference_start_date == datetime.combine(item.week_date, datetime.min.time(), ZoneInfo(unit.tz))
    assert {pg.planning_group_id for pg in result.planning_groups} == unit.planning_group_ids
    lengths = []
    for pg in result.planning_groups:
        values = pg.offered_per_interval
        lengths.append(len(values))
        assert len(pg.average_handle_time_seconds_per_interval) == len(values) in (672, 768)
        if len(values) == 768:
            assert values[672:] == values[:96], "the 8th day repeats the first"
        assert all(v >= 0 for v in values) and sum(values) > 100
        assert 0 < max(pg.average_handle_time_seconds_per_interval) < 7200
    assert sorted(lengths) == ([672, 768] if sdk.key == "emea" else [768])
    for wrong in (0, item.week_count + 1):
        expect_api_error(
            lambda wrong=wrong: wfm.get_workforcemanagement_businessunit_week_shorttermforecast_data(
                unit.bu_id, item.week_date.isoformat(), item.id, week_number=wrong
            ),
            400,
            sdk.client,
        )

    downloaded = sdk.check(
        wfm.get_workforcemanagement_businessunit_week_shorttermforecast_data(
            unit.bu_id, item.week_date.isoformat(), item.id, week_number=number, force_download_service=True
        ),
        "BuForecastResultResponse",
    )
    assert downloaded.result is None and downloaded.download_url
    body = httpx.get(downloaded.download_url, timeout=30).json()
    same = deserialize(sdk.client, body, "BuForecastResult")
    check_model(sdk.client, same, "BuForecastResult", body)
    assert same.to_dict() == result.to_dict()
