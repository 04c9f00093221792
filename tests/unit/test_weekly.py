"""Rows filed under their own business-unit week, from small real-shaped answers: the published view of a week
(a shift past the week's end left out, each activity under the schedule its shift names) and forecast data
(1-based weeks of a multi-week forecast, an 8th day flagged out of the week). Issue 14 items 3 and 4."""

from __future__ import annotations

from datetime import date, timedelta

from pipelines.genesys.resources.weeks import spans, week_number
from pipelines.genesys.weekly import forecast_interval_rows, grid_start, published_rows, week_of

ORG = {"org_id": "o1", "org_key": "emea", "region": "mypurecloud.de"}
BERLIN = {"id": "bu1", "settings": {"timeZone": "Europe/Berlin", "startDayOfWeek": "Monday"}}


def _shift(shift_id: str, start: str, schedule: dict | None, minutes: int = 60) -> dict:
    shift = {
        "id": shift_id,
        "startDate": start,
        "lengthMinutes": minutes,
        "activities": [{"startDate": start, "lengthMinutes": minutes, "activityCodeId": "c1", "paid": True}],
    }
    return {**shift, "schedule": schedule} if schedule else shift


def test_the_published_view_of_a_week_keeps_its_own_shifts_and_markers():
    """A search answer for 2026-11-16 (Berlin, Monday weeks) asked one day past the week's end: the Monday
    00:30 local shift of the next week is left out; a shift starting Sunday 23:30 local is this week's."""
    new = {"id": "s-new", "weekDate": "2026-11-16"}
    spanning = [{"id": "s-old", "weekDate": "2026-11-09", "weekCount": 2}, {**new, "weekCount": 1}]
    answer = [
        {
            "user": {"id": "u1"},
            "shifts": [
                _shift("a", "2026-11-16T07:00:00.000Z", new),
                _shift("b", "2026-11-22T22:30:00.000Z", new, 120),  # Sunday 23:30 in Berlin
                _shift("c", "2026-11-22T23:30:00.000Z", new),  # Monday 00:30: the next week
                _shift("d", "2026-11-18T07:00:00.000Z", None),  # no schedule reference
            ],
            "fullDayTimeOffMarkers": [
                {"businessUnitDate": "2026-11-20", "activityCodeId": "c9", "lengthMinutes": 480},
                {"businessUnitDate": "2026-11-23", "activityCodeId": "c9", "lengthMinutes": 480},
            ],
        }
    ]
    activities, markers = published_rows(ORG, BERLIN, "mu1", date(2026, 11, 16), spanning, answer)
    assert [(a["shift_id"], a["schedule_id"], a["week_date"]) for a in activities] == [
        ("a", "s-new", "2026-11-16"),
        ("b", "s-new", "2026-11-16"),
        ("d", "s-new", "2026-11-16"),  # the schedule the week's other shifts name
    ]
    assert [(m["business_unit_date"], m["schedule_id"]) for m in markers] == [("2026-11-20", "s-new")]
    assert week_of("2026-11-22T23:30:00.000Z", "Europe/Berlin", "Monday") == date(2026, 11, 23)


def test_markers_of_a_week_without_shifts_take_the_latest_starting_schedule():
    spanning = [{"id": "s-old", "weekDate": "2026-11-09", "weekCount": 2}, {"id": "s-new", "weekDate": "2026-11-16"}]
    answer = [{"user": {"id": "u1"}, "shifts": [], "fullDayTimeOffMarkers": [{"businessUnitDate": "2026-11-17"}]}]
    _, markers = published_rows(ORG, BERLIN, "mu1", date(2026, 11, 16), spanning, answer)
    assert [m["schedule_id"] for m in markers] == ["s-new"]


def test_a_real_one_week_answer_with_an_eighth_day():
    """The shape of a stored real /data answer: weekNumber 1 of 1, referenceStartDate the week's local midnight
    (14:00Z = Sunday 00:00 in UTC+10), one planning group with 768 values beside one with 672."""
    brisbane = {"id": "bu2", "settings": {"timeZone": "Australia/Brisbane", "startDayOfWeek": "Sunday"}}
    result = {
        "referenceStartDate": "2024-05-25T14:00:00Z",
        "weekNumber": 1,
        "weekCount": 1,
        "planningGroups": [
            {
                "planningGroupId": "pg8",
                "offeredPerInterval": [1.0] * 768,
                "averageHandleTimeSecondsPerInterval": [300] * 768,
            },
            {
                "planningGroupId": "pg7",
                "offeredPerInterval": [2.0] * 672,
                "averageHandleTimeSecondsPerInterval": [200] * 672,
            },
        ],
    }
    forecast = {"id": "f1", "weekDate": "2024-05-26", "weekCount": 1}
    rows = forecast_interval_rows(ORG, brisbane, forecast, date(2024, 5, 26), 1, result)
    assert len(rows) == 768 + 672
    out = [r for r in rows if not r["is_in_week"]]
    assert len(out) == 96 and {r["planning_group_id"] for r in out} == {"pg8"}
    assert min(r["interval_index"] for r in out) == 672 and out[0]["interval_start"] == "2024-06-01T14:00:00.000Z"
    assert sum(r["offered"] for r in rows if r["is_in_week"]) == 672 * 1.0 + 672 * 2.0
    assert {(r["week_date"], r["week_number"]) for r in rows} == {("2024-05-26", 1)}


def test_week_two_of_a_two_week_forecast_continues_its_grid():
    """Week 2 (weekNumber 2) of a forecast from 2026-11-09 (Berlin): whether referenceStartDate is the forecast's
    first week or already the second is NOT CONFIRMED; both place the values from 2026-11-15T23:00Z."""
    forecast = {"id": "f2", "weekDate": "2026-11-09", "weekCount": 2}
    week = date(2026, 11, 16)
    assert spans(forecast, week) and week_number(forecast, week) == 2
    first = {"referenceStartDate": "2026-11-08T23:00:00.000Z"}
    own = {"referenceStartDate": "2026-11-15T23:00:00.000Z"}
    assert grid_start(first, week, 2, "Europe/Berlin") == grid_start(own, week, 2, "Europe/Berlin")
    rows = forecast_interval_rows(
        ORG,
        BERLIN,
        forecast,
        week,
        2,
        {**first, "planningGroups": [{"planningGroupId": "pg", "offeredPerInterval": [1.0] * 672}]},
    )
    assert rows[0]["interval_start"] == "2026-11-15T23:00:00.000Z" and all(r["is_in_week"] for r in rows)
    assert rows[-1]["interval_start"] == "2026-11-22T22:45:00.000Z" and rows[0]["average_handle_time_seconds"] is None


def test_a_spring_forward_week_is_shorter_than_672_intervals():
    """Europe/Berlin's week of 2026-03-23 has 167 hours: the grid's last hour lies in the next week."""
    result = {
        "referenceStartDate": "2026-03-22T23:00:00.000Z",
        "planningGroups": [{"planningGroupId": "pg", "offeredPerInterval": [1.0] * 672}],
    }
    rows = forecast_interval_rows(ORG, BERLIN, {"id": "f"}, date(2026, 3, 23), 1, result)
    assert sum(1 for r in rows if not r["is_in_week"]) == 4
    assert rows[-1]["interval_start"] == "2026-03-29T22:45:00.000Z"
    assert date(2026, 3, 23) + timedelta(days=7) == date(2026, 3, 30)
