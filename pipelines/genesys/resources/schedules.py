"""Published schedules (agent schedules per management unit) and short-term forecasts, per BU week.

Both are read per business-unit week and replaced per week (``merge_key``); a week whose metadata
versions an earlier run already loaded is skipped on nightly runs (``weeks.fresh_weeks``). An agent-
schedule query that is not ``Complete`` is not data: the resource fails retryably and the week is not
recorded as loaded (``GenesysClient.result``).
"""

from __future__ import annotations

from ..emit import emit
from ..helpers import forecast_interval_rows, schedule_rows
from ..settings import WFM
from ..structure import Extraction
from .weeks import fresh_weeks, spans_window, window_weeks


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
                    result = c.result(
                        lambda path=path, mu=mu: c.post(path, {"managementUnitId": mu["id"]}),
                        "result",
                        expect=("agentSchedules",),
                    )
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
