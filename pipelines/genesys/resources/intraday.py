"""Intraday monitoring per business unit, planning group and day: Genesys' forecast, scheduled on-queue time
and predicted service level per 15-minute interval (no actuals: this API has none; analytics has them).

POST ``/businessunits/{id}/intraday`` (SDK v269, ``wfm:intraday:view``) groups its answer by media type for
the planning groups asked, so one request per planning group gives per-planning-group rows. It answers
``Complete`` with the result, or ``Processing`` and an ``operationId`` whose result comes only as a
notification on ``v2.businessunits.{id}.workforcemanagement.intraday`` (there is no route to poll): as for
the agent-schedule searches (``schedules.PublishedView``), the resource subscribes to each business
unit's topic before its first query and waits for the event; one that does not come is ``NotReady``
(retryable), never "no data". Every query of the run (business unit, day, planning group) is asked, in flight
together (``GenesysClient.each``), before any result is awaited, so asynchronous results arrive meanwhile (a
wait holds no thread a query could use); the rows are handed on in that order. The days are the volume
window's dates as business-unit dates, a first run's at most the last week (``intraday_window``).

Every (unit, planning group, day) read gets a row in ``intraday_days`` (with ``no_data_reason`` when Genesys
has none: no published schedule, no forecast), and its intervals in ``intraday_intervals``; both are replaced
per business unit and day, and the marts use intervals only of days whose header says they have data.
"""

from __future__ import annotations

import threading
from contextlib import closing
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
FIRST_RUN_DAYS = 7  # of a backfill that is not explicit (a first run)
# queries asked before their results are awaited: their events wait in the channel's buffer meanwhile, which
# keeps at most Notifications.max_buffered (10,000); a longer backfill is asked in batches
ASKED_AT_ONCE = 2_000


class IntradayQueries:
    """The intraday query with its two answers. The channel opens once, before the first query, and subscribes
    every business unit's topic at once (one request), before any query (an event nobody listens for is lost).
    Queries run in parallel threads: ``ask`` and ``finish`` may be called from any of them."""

    def __init__(self, client: GenesysClient, bu_ids: list[str]):
        self.client, self.topics = client, [TOPIC.format(id=bu_id) for bu_id in bu_ids]
        self.notes: Notifications | None = None
        self._opening = threading.Lock()  # the channel is opened once, whichever query comes first

    def open(self) -> None:
        """Open the channel and subscribe (once; before the first query, or by it)."""
        with self._opening:
            if self.notes is None:
                notes = Notifications(self.client)
                notes.subscribe(*self.topics)
                self.notes = notes

    def ask(self, bu_id: str, body: dict) -> dict:
        """Post one query; its answer (``finish`` turns it into the result)."""
        self.open()
        answer = self.client.post(f"{WFM}/businessunits/{bu_id}/intraday", body, expect=("status",))
        status = answer["status"]
        if status not in ("Processing", "Complete"):
            raise JobFailed(f"org {self.client.org.key}: intraday operation {answer.get('operationId')} ended {status}")
        return {**answer, "topic": TOPIC.format(id=bu_id)}

    def finish(self, answer: dict) -> dict:
        """The result of an answer: inline, or the event announcing its operation (``NotReady`` if none comes)."""
        if answer["status"] == "Processing":
            return self.notes.wait_for(answer["topic"], answer["operationId"]).get("result") or {}
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


def intraday_window(windows) -> tuple:
    """The volume window's days, at most the last ``FIRST_RUN_DAYS`` of a first run's backfill: intraday
    monitoring is the planning day's view (history is in the forecasts and schedules); an explicit backfill
    (``--start/--end``) reads its whole range."""
    first, end = windows.volume
    return (first, end) if windows.explicit else (max(first, end - timedelta(days=FIRST_RUN_DAYS)), end)


def intraday(x: Extraction):
    with closing(IntradayQueries(x.client, [bu["id"] for bu in x.org.listed_business_units])) as queries:
        yield from _intraday(x, queries)


def _intraday(x: Extraction, queries: IntradayQueries):
    c = x.client
    first, end = intraday_window(x.windows)
    days = [first + timedelta(days=i) for i in range((end - first).days)]
    bus = x.org.listed_business_units

    def planning_groups(bu: dict) -> list[dict]:
        groups = c.get(f"{WFM}/businessunits/{bu['id']}/planninggroups", expect=("entities",))["entities"]
        return [g for g in groups if isinstance(g, dict) and g.get("id")]

    # urgent: the queries need the planning groups
    groups = dict(zip([bu["id"] for bu in bus], c.each(planning_groups, bus, urgent=True), strict=True))
    reads = [(bu["id"], day, pg["id"]) for bu in bus for day in days for pg in groups[bu["id"]]]

    def ask(item) -> dict:
        bu_id, day, pg_id = item
        body = {
            "businessUnitDate": day.isoformat(),
            "categories": CATEGORIES,
            "planningGroupIds": [pg_id],
            "intervalLengthMinutes": INTERVAL_MINUTES,
        }
        return queries.ask(bu_id, body)

    def results():
        """The results in the reads' order: a batch's queries all asked (together) before any is awaited, so
        the asynchronous ones' events arrive while the others are asked (waits hold no calls)."""
        for i in range(0, len(reads), ASKED_AT_ONCE):
            for answer in list(c.each(ask, reads[i : i + ASKED_AT_ONCE])):
                yield queries.finish(answer)

    if reads:
        queries.open()  # here, not in the first query: the other queries would queue before it
    answered = results()
    for bu in bus:
        for day in days:
            headers, intervals = [], []
            for pg in groups[bu["id"]]:
                result = next(answered)
                headers += x.rows(day_row, [result], bu["id"], pg["id"], day)
                groupings = result.get("intradayDataGroupings") or []
                intervals += x.flat_rows(interval_rows, groupings, bu["id"], pg["id"], day, result)
            yield headers
            yield emit("intraday_intervals", intervals)
