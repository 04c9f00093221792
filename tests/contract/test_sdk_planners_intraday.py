"""Intraday monitoring through the official SDK: inline answers, and the asynchronous one whose result comes
only on the business unit's intraday topic (no route to poll).

SDK v269 ``AsyncIntradayResponse``/``BuIntradayResponse``; the event body deserializes into
``WfmBuIntradayDataUpdateTopicBuIntradayNotification``. Values are real: one grouping per media type of the
planning group asked, a value per 15-minute interval of the business unit's local day (96 here), the forecast
and schedule of that week.
"""

from __future__ import annotations

from datetime import date

from pipelines.genesys.helpers import week_start
from tests.contract.common import build
from tests.contract.sdk_helpers import check_model, deserialize
from tests.notify import Listener

CATEGORIES = ["ForecastData", "ScheduleData", "PerformancePredictionData"]


def _ask(sdk, unit, day: date, **flags):
    group = sorted(unit.planning_group_ids)[0]
    body = build(
        "IntradayPlanningGroupRequest", business_unit_date=day, categories=CATEGORIES, planning_group_ids=[group]
    )
    return sdk.check(
        sdk.wfm.post_workforcemanagement_businessunit_intraday(unit.bu_id, body, **flags), "AsyncIntradayResponse"
    )


def _check_result(sdk, result, day: date, unit) -> None:
    assert result.no_data_reason is None and result.interval_length_minutes == 15
    assert result.start_date.date() in (day, date.fromordinal(day.toordinal() - 1))  # local midnight in UTC
    (grouping,) = result.intraday_data_groupings
    assert len(grouping.forecast_data_per_interval) == len(grouping.schedule_data_per_interval) == 96
    assert len(grouping.performance_prediction_data_per_interval) == 96
    assert grouping.forecast_data_summary.offered > 0 and grouping.schedule_data_summary.on_queue_time_seconds > 0
    assert all(0 <= p.occupancy_percent <= 100 for p in grouping.performance_prediction_data_per_interval)
    # each referenced by its own weekDate (its first week: multi-week and overlapping ones start on different
    # weeks) and listed under the day's business-unit week (the ones spanning it)
    assert result.schedule.week_date <= day and result.short_term_forecast.week_date <= day
    week = week_start(day, unit.start_day).isoformat()
    schedules = sdk.wfm.get_workforcemanagement_businessunit_week_schedules(unit.bu_id, week).entities
    forecasts = sdk.wfm.get_workforcemanagement_businessunit_week_shorttermforecasts(unit.bu_id, week).entities
    assert result.schedule.id in {s.id for s in schedules}
    assert result.short_term_forecast.id in {f.id for f in forecasts}


def test_yesterday_is_answered_inline(sdk, unit):
    answer = _ask(sdk, unit, date(2026, 11, 22))  # the simulated now is 2026-11-23
    assert answer.status == "Complete" and answer.result is not None
    _check_result(sdk, answer.result, date(2026, 11, 22), unit)


def test_an_asynchronous_answer_comes_only_on_the_business_units_topic(sdk, unit):
    topic = f"v2.businessunits.{unit.bu_id}.workforcemanagement.intraday"
    with Listener(sdk.org["api_base_url"], sdk.client.access_token, [topic]) as listener:
        answer = _ask(sdk, unit, date(2026, 11, 18), force_async=True)
        assert answer.status == "Processing" and answer.result is None and answer.operation_id
        found = listener.wait(
            lambda m: m.get("topicName") == topic and m["eventBody"].get("operationId") == answer.operation_id
        )
    assert found is not None, "the result arrives as an event"
    body = found["eventBody"]
    event = deserialize(sdk.client, body, "WfmBuIntradayDataUpdateTopicBuIntradayNotification")
    check_model(sdk.client, event, "WfmBuIntradayDataUpdateTopicBuIntradayNotification", body)
    result = deserialize(sdk.client, body["result"], "BuIntradayResponse")
    check_model(sdk.client, result, "BuIntradayResponse", body["result"])
    _check_result(sdk, result, date(2026, 11, 18), unit)


def test_a_day_without_a_published_week_says_why(sdk, unit):
    answer = _ask(sdk, unit, date(2027, 3, 1))
    assert answer.status == "Complete" and answer.result.no_data_reason == "NoPublishedSchedule"
    assert not answer.result.intraday_data_groupings
