"""Real-time and historical adherence and time-off requests through the official SDK."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest

from tests.contract.common import (
    CATEGORIES,
    NOW,
    ROUTING_QUALIFIERS,
    UTC,
    all_users,
    build,
    expect_api_error,
    hired_by,
    make_sdk,
    query_agent_schedules,
    schedule_for,
    search_agent_schedules,
)
from tests.contract.sdk_helpers import (
    check_model,
    deserialize,
)


# -------------------------------------------------------------------------------------- adherence
def test_realtime_adherence(sdk, unit):
    listing = sdk.check(
        sdk.wfm.get_workforcemanagement_managementunit_adherence(unit.mu_id), "UserScheduleAdherenceListing"
    )
    rows = listing.entities
    assert rows and {r.user.id for r in rows} <= unit.mu_user_ids
    for r in rows:
        assert r.id == r.user.id and r.name
        assert r.management_unit.id == unit.mu_id and r.business_unit.id == unit.bu_id
        assert r.adherence_state in ("InAdherence", "OutOfAdherence", "Unscheduled", "Unknown", "Ignored", "Explained")
        assert r.routing_status in ROUTING_QUALIFIERS
        if r.system_presence == "OnQueue":
            assert r.routing_status in ("IDLE", "INTERACTING", "COMMUNICATING", "NOT_RESPONDING")
        else:
            assert r.routing_status == "OFF_QUEUE"
        if r.scheduled_activity_code:
            assert r.scheduled_activity_code.id in unit.codes
        assert r.time_of_adherence_change <= NOW
    if 9 <= NOW.astimezone(ZoneInfo(unit.tz)).hour < 17:  # Berlin 13:00 (Sydney is at 23:00: nobody works)
        assert any(r.scheduled_activity_category != "Unscheduled" for r in rows), "office hours: someone works"


def test_historical_adherence_bulk(sdk, unit):
    wfm = sdk.wfm
    start, end = datetime(2026, 11, 16, tzinfo=UTC), datetime(2026, 11, 23, tzinfo=UTC)
    query = build(
        "WfmHistoricalAdherenceBulkQuery",
        time_zone=unit.tz,
        items=[
            build(
                "WfmHistoricalAdherenceBulkItem",
                management_unit_id=mu_id,
                start_date=start,
                end_date=end,
                include_exceptions=True,
                include_actuals=True,
            )
            for mu_id in unit.mu_ids
        ],
    )
    job = sdk.check(wfm.post_workforcemanagement_adherence_historical_bulk(query), "WfmHistoricalAdherenceBulkResponse")
    assert sdk.client.last_response.status == 202
    assert job.job.id and job.job.status == "Processing" and not job.download_urls
    deadline = time.monotonic() + 10
    while job.job.status == "Processing" and time.monotonic() < deadline:
        time.sleep(0.05)
        job = sdk.check(
            wfm.get_workforcemanagement_adherence_historical_bulk_job(job.job.id), "WfmHistoricalAdherenceBulkResponse"
        )
    assert job.job.status == "Complete"
    assert len(job.download_urls) == len(unit.mu_ids), "one download per item"

    exceptions = 0
    for mu_id, url in zip(unit.mu_ids, job.download_urls, strict=False):
        data = httpx.get(url, timeout=30).json()
        assert set(data) >= {"startDate", "endDate", "managementUnitId", "userResults"}
        assert data["managementUnitId"] == mu_id
        for user in data["userResults"]:
            # the percentages are left out where Genesys' formula leaves them undefined (no-show days)
            assert {"userId", "impact", "exceptionInfo", "actuals", "dayMetrics"} <= set(user)
        result = deserialize(sdk.client, data, "WfmHistoricalAdherenceBulkResult")
        check_model(sdk.client, result, "WfmHistoricalAdherenceBulkResult", data)
        assert result.start_date == start and result.end_date == end
        assert result.user_results and {u.user_id for u in result.user_results} <= unit.all_user_ids
        worked = 0
        for user in result.user_results:
            assert user.adherence_percentage is None or 0 <= user.adherence_percentage <= 100
            assert user.conformance_percentage is None or user.conformance_percentage >= 0
            outside = {}  # day start offset -> seconds worked outside the shift (exceptions scheduled Unscheduled)
            for exc in user.exception_info:
                if exc.scheduled_activity_category == "Unscheduled":
                    day_of = max(
                        d.day_start_offset_seconds
                        for d in user.day_metrics
                        if d.day_start_offset_seconds <= exc.end_offset_seconds
                    )
                    outside[day_of] = outside.get(day_of, 0) + exc.end_offset_seconds - exc.start_offset_seconds
            for day in user.day_metrics:
                assert 0 <= day.day_start_offset_seconds < 7 * 86400 or -86400 < day.day_start_offset_seconds < 0
                # work outside the shift counts in the adherence schedule ("considered exception" option)
                extra = outside.get(day.day_start_offset_seconds, 0)
                assert day.adherence_schedule_seconds <= day.schedule_length_seconds + extra
                assert day.exception_duration_seconds <= day.adherence_schedule_seconds
                # Genesys' formula: undefined without actual time, else max(0, 1 - exceptions / schedule)
                if day.actual_length_seconds == 0 or day.adherence_schedule_seconds == 0:
                    assert day.adherence_percentage is None and day.conformance_percentage is None
                else:
                    expected = max(0.0, 1 - day.exception_duration_seconds / day.adherence_schedule_seconds)
                    assert day.adherence_percentage == pytest.approx(100 * expected, abs=0.006)
                worked += day.schedule_length_seconds
            for exc in user.exception_info:
                exceptions += 1
                assert 0 <= exc.start_offset_seconds < exc.end_offset_seconds <= 7 * 86400
                assert exc.scheduled_activity_category in CATEGORIES | {"Unscheduled"}
                assert exc.impact in ("Positive", "Negative", "Neutral", "Unknown")
            for seg in user.actuals:
                assert 0 <= seg.start_offset_seconds < seg.end_offset_seconds <= 7 * 86400
        assert worked > 0, "a past week has scheduled seconds"
    assert exceptions > 0, "a week of history has adherence exceptions"


def test_historical_adherence_bulk_rejects_long_ranges(sdk, unit):
    query = build(
        "WfmHistoricalAdherenceBulkQuery",
        time_zone="UTC",
        items=[
            build(
                "WfmHistoricalAdherenceBulkItem",
                management_unit_id=unit.mu_id,
                start_date=datetime(2026, 10, 1, tzinfo=UTC),
                end_date=datetime(2026, 11, 20, tzinfo=UTC),
            )
        ],
    )
    expect_api_error(lambda: sdk.wfm.post_workforcemanagement_adherence_historical_bulk(query), 400, sdk.client)


# --------------------------------------------------------------------------------------- time off
def test_time_off_query(sdk, unit):
    wfm = sdk.wfm
    first, last = date(2026, 11, 1), date(2026, 12, 3)  # 33 days inclusive: the most the API allows
    body = build(
        "TimeOffRequestQueryBody",
        date_range=build("DateRange", start_date=first.isoformat(), end_date=last.isoformat()),
    )
    rows = []
    for mu_id in unit.mu_ids:
        answer = sdk.check(
            wfm.post_workforcemanagement_managementunit_timeoffrequests_query(mu_id, body), "TimeOffRequestListing"
        )
        assert answer.download_url is None
        rows += answer.entities
        members = {u.id for u in wfm.get_workforcemanagement_managementunit_users(mu_id).entities}
        assert {r.user.id for r in answer.entities} <= unit.all_user_ids
        assert {r.user.id for r in answer.entities} & members or not answer.entities
    assert rows, "tiny seeds time off around the anchor"
    assert len({r.id for r in rows}) == len(rows)
    for r in rows:
        assert r.id and r.status in ("PENDING", "APPROVED", "DENIED", "CANCELED")
        assert unit.codes[r.activity_code_id].category == "TimeOff"
        assert r.submitted_date <= NOW and r.metadata.date_modified >= r.submitted_date
        if r.is_full_day_request:
            days = [date.fromisoformat(d) for d in r.full_day_management_unit_dates]
            assert days and any(first <= d <= last for d in days), "a request touching the range is returned"
            assert len(r.duration_minutes) == len(days)
        else:
            assert r.partial_day_start_date_times and r.full_day_management_unit_dates is None
        if r.status in ("APPROVED", "DENIED"):
            assert r.reviewed_date and r.reviewed_date >= r.submitted_date
    for mu_id in unit.mu_ids:
        pending = wfm.post_workforcemanagement_managementunit_timeoffrequests_query(
            mu_id, build("TimeOffRequestQueryBody", statuses=["PENDING"])
        ).entities
        assert all(r.status == "PENDING" for r in pending)


def test_time_off_query_rejects_more_than_33_days(sdk, unit):
    body = build(
        "TimeOffRequestQueryBody", date_range=build("DateRange", start_date="2026-11-01", end_date="2026-12-04")
    )  # 34 days
    _, err = expect_api_error(
        lambda: sdk.wfm.post_workforcemanagement_managementunit_timeoffrequests_query(unit.mu_id, body), 400, sdk.client
    )
    assert "33" in err.message
    expect_api_error(
        lambda: sdk.wfm.post_workforcemanagement_managementunit_timeoffrequests_query(
            unit.mu_id, build("TimeOffRequestQueryBody", statuses=["APPROVED"])
        ),
        400,
        sdk.client,
    )


def test_time_off_shows_in_schedules(sdk, unit):
    """Full-day markers and time-off activities point at APPROVED requests of the same agent and date."""
    linked = 0
    for mu_id in unit.mu_ids:
        requests = {
            r.id: r
            for r in sdk.wfm.post_workforcemanagement_managementunit_timeoffrequests_query(
                mu_id,
                build(
                    "TimeOffRequestQueryBody",
                    date_range=build("DateRange", start_date="2026-11-02", end_date="2026-12-04"),
                ),
            ).entities
        }
        for week in ("2026-11-09", "2026-11-16", "2026-11-23"):
            item = schedule_for(sdk, unit, week)
            _, schedules = query_agent_schedules(
                sdk, unit.bu_id, week, item.id, build("BuQueryAgentSchedulesRequest", management_unit_id=mu_id)
            )
            for row in schedules.agent_schedules:
                for marker in row.full_day_time_off_markers:
                    req = requests.get(marker.time_off_request_id)
                    assert req is not None, "a full-day marker points at a time-off request of the unit"
                    assert req.status == "APPROVED" and req.user.id == row.user.id and req.is_full_day_request
                    assert marker.business_unit_date.isoformat() in req.full_day_management_unit_dates
                    assert marker.activity_code_id == req.activity_code_id
                    linked += 1
                for shift in row.shifts:
                    for act in shift.activities:
                        if act.time_off_request_id:
                            req = requests[act.time_off_request_id]
                            assert req.status == "APPROVED" and req.user.id == row.user.id
                            linked += 1
    if sdk.key == "emea":  # apac's only approved time off inside these weeks is a bi-regional account's (below)
        assert linked, "tiny emea has approved time off inside its schedule weeks"


SCHEDULE_WEEKS = ("2026-11-09", "2026-11-16", "2026-11-23")  # tiny, every BU starts on Monday


def test_approved_full_day_time_off_has_markers(tiny_sim):
    """Reverse direction: every APPROVED full-day date inside a published week shows as a marker."""
    missing = []
    for key in ("emea", "apac"):
        s = make_sdk(tiny_sim, key)
        users = {u.id: u for u in all_users(s)}
        bu = s.wfm.get_workforcemanagement_businessunits().entities[0].id
        zone = s.wfm.get_workforcemanagement_businessunit(bu, expand=["settings"]).settings.time_zone
        for mu in s.wfm.get_workforcemanagement_businessunit_managementunits(bu).entities:
            markers = set()
            for week in SCHEDULE_WEEKS:  # the published view of each week (whichever schedule it shows)
                start = datetime.combine(date.fromisoformat(week), datetime.min.time(), ZoneInfo(zone))
                body = build("BuSearchAgentSchedulesRequest", start_date=start, end_date=start + timedelta(days=7))
                _, result = search_agent_schedules(s, mu.id, body)
                markers |= {
                    (r.user.id, m.business_unit_date)
                    for r in result.agent_schedules
                    for m in r.full_day_time_off_markers
                }
            requests = s.wfm.post_workforcemanagement_managementunit_timeoffrequests_query(
                mu.id,
                build(
                    "TimeOffRequestQueryBody",
                    date_range=build("DateRange", start_date="2026-11-09", end_date="2026-11-29"),
                ),
            ).entities
            for req in requests:
                user = users[req.user.id]
                if req.status != "APPROVED" or not req.is_full_day_request or user.state != "active":
                    continue
                for day in map(date.fromisoformat, req.full_day_management_unit_dates):
                    in_window = date(2026, 11, 9) <= day < date(2026, 11, 30)
                    employed = hired_by(user, day)
                    if in_window and employed and (user.id, day) not in markers:
                        missing.append((key, user.email, day.isoformat(), req.id))
        s.close()
    assert not missing, f"approved full-day time off without a schedule marker: {missing}"
