"""Short-term forecasts: every week of every forecast that overlaps the window, filed under its own week.

Why: a forecast spans ``weekCount`` weeks and ``/data`` answers one of them per call, chosen by ``weekNumber``
("The week number to fetch (for multi-week forecasts)", SDK v269), 1-based: a real answer for a one-week
forecast reads ``"weekNumber": 1, "weekCount": 1``. So each business-unit week of the window is read from
every forecast spanning it, with that week's number, including a forecast that starts before the window. An
answer naming another week than the one asked for is refused (``MalformedAnswer``): filed under the wrong
week it would replace that week's forecast silently. The week's intervals, all of its forecasts together,
replace what was loaded for it (``merge_key``); a week whose forecasts' versions were already loaded is
skipped on nightly runs (``weeks.weeks_to_read``). The listing takes no filters: ``recent`` covers about
+/-26 weeks and the window is applied here (``spans_window``).
"""

from __future__ import annotations

from datetime import date

from ..client import MalformedAnswer
from ..emit import emit
from ..settings import WFM
from ..structure import Extraction
from ..weekly import forecast_interval_rows
from .weeks import spans_window, week_number, weeks_to_read, window_weeks


def _forecast_row(cols: dict, bu_id: str, fc: dict, result: dict) -> dict:
    return {
        **cols,
        "forecast_id": fc["id"],
        "business_unit_id": bu_id,
        "week_date": fc["weekDate"],
        "week_count": fc.get("weekCount") or 1,
        "creation_method": fc.get("creationMethod"),
        "reference_start_date": result["referenceStartDate"],
        "date_modified": (fc.get("metadata") or {}).get("dateModified"),
    }


def listed_in_window(x: Extraction, bu: dict, resource: str) -> tuple[list[date], list[dict]]:
    """The business-unit weeks of ``resource``'s window and the unit's forecasts spanning them (one listing)."""
    weeks = window_weeks(x.window(resource), bu["settings"]["startDayOfWeek"])
    listed = x.client.get(f"{WFM}/businessunits/{bu['id']}/weeks/recent/shorttermforecasts", expect=("entities",))
    return weeks, [fc for fc in listed["entities"] if spans_window(fc, weeks)]


def forecasts(x: Extraction):
    """Every business unit's listing at once, then every ``/data`` call of the run in flight together
    (``GenesysClient.each``), handed on in order: business unit, week, forecast."""
    c = x.client
    bus = x.org.business_units
    listed = c.each(lambda bu: listed_in_window(x, bu, "forecasts"), bus, urgent=True)
    reads = []  # (bu, week, forecast, its weekNumber, record the week once its last forecast is read)
    for bu, (weeks, in_window) in zip(bus, listed, strict=True):
        # a week is read whole: its forecast intervals are replaced per week, every forecast at once
        for week, group, loaded in weeks_to_read(bu["id"], in_window, weeks, x.windows.explicit):
            reads += [(bu, week, fc, week_number(fc, week), loaded if fc is group[-1] else None) for fc in group]

    def data(item) -> dict:
        bu, _, fc, number, _ = item
        path = f"{WFM}/businessunits/{bu['id']}/weeks/{fc['weekDate']}/shorttermforecasts/{fc['id']}/data"
        return c.result(
            lambda: c.get(path, weekNumber=number), "result", expect=("referenceStartDate", "planningGroups")
        )

    described: set[str] = set()
    for (bu, week, fc, number, loaded), result in zip(reads, c.each(data, reads), strict=True):
        answered = result.get("weekNumber")
        if answered is not None and answered != number:
            raise MalformedAnswer(
                f"org {c.org.key}: forecast {fc['id']} answered weekNumber {answered} for weekNumber "
                f"{number} (the week of {week.isoformat()})"
            )
        if fc["id"] not in described:
            described.add(fc["id"])
            yield [_forecast_row(x.cols, bu["id"], fc, result)]
        yield emit("forecast_intervals", forecast_interval_rows(x.cols, bu, fc, week, number, result))
        if loaded:
            loaded()
