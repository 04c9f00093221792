"""Published schedules (agent schedules per management unit) and short-term forecasts, per BU week.

Both are read per business-unit week and replaced per week (``merge_key``); a week whose metadata
versions an earlier run already loaded is skipped on nightly runs (``weeks.fresh_weeks``). An agent-
schedule query may answer ``Processing`` with no result: its result then arrives only as a
notification (``notifications.py``), so the resource subscribes to the result topic before its first
query and waits for the event; a result that does not come is ``NotReady`` (retryable), never "no
schedules", and the week is not recorded as loaded.
"""

from __future__ import annotations

from ..client import GenesysClient
from ..emit import emit
from ..helpers import forecast_interval_rows, schedule_rows
from ..notifications import Notifications, schedule_query_topic
from ..settings import WFM
from ..structure import Extraction
from .weeks import fresh_weeks, spans_window, window_weeks


class AgentScheduleQueries:
    """The BU agent-schedule query with its three answers: ``result`` inline, a ``downloadUrl``, or
    ``Processing`` + ``operationId`` whose ``downloadUrl`` comes on the caller's result topic. The
    channel is opened once, before the first query (an event nobody listens for is lost), and closed
    with the resource."""

    def __init__(self, client: GenesysClient):
        self.client = client
        self.topic = schedule_query_topic(client.client_id)
        self.notes: Notifications | None = None

    def fetch(self, path: str, management_unit_id: str) -> dict:
        if self.notes is None:
            self.notes = Notifications(self.client)
            self.notes.subscribe(self.topic)

        def ask() -> dict:
            answer = self.client.post(path, {"managementUnitId": management_unit_id}, expect=("status",))
            if answer["status"] != "Processing":
                return answer
            event = self.notes.wait_for(self.topic, answer["operationId"])
            return {"status": "Complete", "downloadUrl": event.get("downloadUrl")}

        return self.client.result(ask, "result", expect=("agentSchedules",))

    def close(self) -> None:
        if self.notes is not None:
            self.notes.close()


def _schedule_row(cols: dict, bu_id: str, s: dict) -> dict:
    meta = s.get("metadata") or {}
    return {
        **cols,
        "schedule_id": s["id"],
        "business_unit_id": bu_id,
        "week_date": s["weekDate"],
        "published": True,
        "short_term_forecast_id": (s.get("shortTermForecast") or {}).get("id"),
        "metadata_version": meta.get("version"),
        "date_modified": meta.get("dateModified"),
    }


def schedules(x: Extraction):
    queries = AgentScheduleQueries(x.client)
    try:
        yield from _schedules(x, queries)
    finally:
        queries.close()


def _schedules(x: Extraction, queries: AgentScheduleQueries):
    c = x.client
    for bu in x.org.business_units:
        weeks = window_weeks(x.window("schedules"), bu["settings"]["startDayOfWeek"])
        if not weeks:  # an empty window (schedule_days_back = schedule_days_ahead = 0 on a nightly run)
            continue
        listed = c.get(
            f"{WFM}/businessunits/{bu['id']}/weeks/recent/schedules",
            expect=("entities",),
            earliestWeekDate=weeks[0].isoformat(),
            latestWeekDate=weeks[-1].isoformat(),
            includeOnlyPublished="true",
        )["entities"]
        published = [s for s in listed if s.get("published") and spans_window(s, weeks)]
        yield x.rows(_schedule_row, published, bu["id"])
        for _, week_schedules in fresh_weeks(bu["id"], published, x.windows.explicit):
            for schedule in week_schedules:
                path = (
                    f"{WFM}/businessunits/{bu['id']}/weeks/{schedule['weekDate']}/schedules/"
                    f"{schedule['id']}/agentschedules/query"
                )
                for mu in x.org.management_units[bu["id"]]:
                    result = queries.fetch(path, mu["id"])
                    activities, markers = schedule_rows(x.cols, bu["id"], mu["id"], schedule, result["agentSchedules"])
                    yield emit("schedule_activities", activities)
                    yield emit("full_day_time_off", markers)


def _forecast_row(cols: dict, bu_id: str, fc: dict, result: dict) -> dict:
    return {
        **cols,
        "forecast_id": fc["id"],
        "business_unit_id": bu_id,
        "week_date": fc["weekDate"],
        "creation_method": fc.get("creationMethod"),
        "reference_start_date": result["referenceStartDate"],
        "date_modified": (fc.get("metadata") or {}).get("dateModified"),
    }


def forecasts(x: Extraction):
    c = x.client
    for bu in x.org.business_units:
        weeks = window_weeks(x.window("forecasts"), bu["settings"]["startDayOfWeek"])
        listed = c.get(f"{WFM}/businessunits/{bu['id']}/weeks/recent/shorttermforecasts", expect=("entities",))
        in_window = [fc for fc in listed["entities"] if spans_window(fc, weeks)]
        # a week is read whole: its forecast intervals are replaced per week, every forecast at once
        for fc in (fc for _, group in fresh_weeks(bu["id"], in_window, x.windows.explicit) for fc in group):
            path = f"{WFM}/businessunits/{bu['id']}/weeks/{fc['weekDate']}/shorttermforecasts/{fc['id']}/data"
            result = c.result(
                lambda path=path: c.get(path, weekNumber=0),
                "result",
                expect=("referenceStartDate", "planningGroups"),
            )
            yield [_forecast_row(x.cols, bu["id"], fc, result)]
            yield emit("forecast_intervals", forecast_interval_rows(x.cols, bu["id"], fc, result))
