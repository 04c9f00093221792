"""Intraday monitoring per business unit, planning group and day: Genesys' forecast, scheduled on-queue time
and predicted service level per 15-minute interval (no actuals: this API has none; analytics has them).

POST ``/businessunits/{id}/intraday`` (SDK v269, ``wfm:intraday:view``) groups its answer by media type for
the planning groups asked, so one request per planning group gives per-planning-group rows. It answers
``Complete`` with the result, or ``Processing`` and an ``operationId`` whose result comes only as a
notification on ``v2.businessunits.{id}.workforcemanagement.intraday`` (there is no route to poll): as for
the agent-schedule queries (``schedules.AgentScheduleQueries``), the resource subscribes to each business
unit's topic before its first query and waits for the event; one that does not come is ``NotReady``
(retryable), never "no data". The days are the volume window's dates as business-unit dates.

Every (unit, planning group, day) read gets a row in ``intraday_days`` (with ``no_data_reason`` when Genesys
has none: no published schedule, no forecast), and its intervals in ``intraday_intervals``; both are replaced
per business unit and day, and the marts use intervals only of days whose header says they have data.
"""

from __future__ import annotations

from datetime import timedelta

from ..client import GenesysClient, JobFailed
from ..emit import emit
from ..helpers import parse_ts
from ..notifications import Notifications
from ..settings import WFM
from ..structure import Extraction

TOPIC = "v2.businessunits.{id}.workforcemanagement.intraday"
CATEGORIES = ["ForecastData", "ScheduleData", "PerformancePredictionData"]
INTERVAL_MINUTES = 15


class IntradayQueries:
    """The intraday query with its two answers. The channel opens at the first query and subscribes every
    business unit's topic at once (one request), before any query (an event nobody listens for is lost)."""

    def __init__(self, client: GenesysClient, bu_ids: list[str]):
        self.client, self.topics = client, [TOPIC.format(id=bu_id) for bu_id in bu_ids]
        self.notes: Notifications | None = None

    def fetch(self, bu_id: str, body: dict) -> dict:
        topic = TOPIC.format(id=bu_id)
        if self.notes is None:
            self.notes = Notifications(self.client)
            self.notes.subscribe(*self.topics)
        answer = self.client.post(f"{WFM}/businessunits/{bu_id}/intraday", body, expect=("status",))
        status = answer["status"]
        if status == "Processing":
            return self.notes.wait_for(topic, answer["operationId"]).get("result") or {}
        if status != "Complete":
            raise JobFailed(f"org {self.client.org.key}: intraday operation {answer.get('operationId')} ended {status}")
        return answer.get("result") or {}

    def close(self) -> None:
        if self.notes is not None:
            self.notes.close()


def day_row(cols: dict, bu_id: str, pg_id: str, day, result: dict) -> dict:
    return {
        **cols,
        "business_unit_id": bu_id,
        "planning_group_id": pg_id,
        "business_unit_date": day,
        "start_date": result["startDate"],
        "end_date": result["endDate"],
        "interval_minutes": result.get("intervalLengthMinutes"),
        "no_data_reason": result.get("noDataReason"),
        "short_term_forecast_id": (result.get("shortTermForecast") or {}).get("id"),
        "schedule_id": (result.get("schedule") or {}).get("id"),
    }


def interval_rows(cols: dict, bu_id: str, pg_id: str, day, result: dict, group: dict) -> list[dict]:
    start, minutes = parse_ts(result["startDate"]), result["intervalLengthMinutes"]
    forecast = group.get("forecastDataPerInterval") or []
    scheduled = group.get("scheduleDataPerInterval") or []
    predicted = group.get("performancePredictionDataPerInterval") or []
    rows = []
    for i in range(max(len(forecast), len(scheduled), len(predicted))):
        f = forecast[i] if i < len(forecast) else {}
        s = scheduled[i] if i < len(scheduled) else {}
        p = predicted[i] if i < len(predicted) else {}
        rows.append(
            {
                **cols,
                "business_unit_id": bu_id,
                "planning_group_id": pg_id,
                "business_unit_date": day,
                "media_type": group["mediaType"],
                "interval_index": i,
                "interval_start": start + timedelta(minutes=minutes * i),
                "interval_minutes": minutes,
                "forecast_offered": f.get("offered"),
                "forecast_average_handle_time_seconds": f.get("averageHandleTimeSeconds"),
                "scheduled_on_queue_seconds": s.get("onQueueTimeSeconds"),
                "predicted_service_level_percent": p.get("serviceLevelPercent"),
                "predicted_average_speed_of_answer_seconds": p.get("averageSpeedOfAnswerSeconds"),
                "predicted_occupancy_percent": p.get("occupancyPercent"),
            }
        )
    return rows


def intraday(x: Extraction):
    queries = IntradayQueries(x.client, [bu["id"] for bu in x.org.business_units])
    try:
        yield from _intraday(x, queries)
    finally:
        queries.close()


def _intraday(x: Extraction, queries: IntradayQueries):
    c = x.client
    first, end = x.window("intraday")
    days = [first + timedelta(days=i) for i in range((end - first).days)]
    for bu in x.org.business_units:
        groups = c.get(f"{WFM}/businessunits/{bu['id']}/planninggroups", expect=("entities",))["entities"]
        for day in days:
            headers, intervals = [], []
            for pg in (g for g in groups if isinstance(g, dict) and g.get("id")):
                body = {
                    "businessUnitDate": day.isoformat(),
                    "categories": CATEGORIES,
                    "planningGroupIds": [pg["id"]],
                    "intervalLengthMinutes": INTERVAL_MINUTES,
                }
                result = queries.fetch(bu["id"], body)
                headers += x.rows(day_row, [result], bu["id"], pg["id"], day)
                for rows in x.rows(
                    interval_rows, result.get("intradayDataGroupings") or [], bu["id"], pg["id"], day, result
                ):
                    intervals += rows
            yield headers
            yield emit("intraday_intervals", intervals)
