"""Published schedules: each business unit's schedule listing, and the published view of each of its weeks.

Why the published view and not each schedule's query: a schedule spans ``weekCount`` weeks and a unit may
publish a second schedule over a week another one spans (a week rescheduled on its own). Reading every
schedule of such a week counts its shifts twice; which schedule Genesys shows for the week is not documented
(NOT CONFIRMED). The management-unit agent-schedule search ("Query published schedules for given given time
range", SDK v269) answers the published view: one merged set of shifts per agent, each shift naming its
schedule (``BuAgentScheduleShift.schedule``). Reading it per business-unit week stores what Genesys shows,
whatever rule it applies, once. Each activity is filed under its own week (``weekly.published_rows``).

Which weeks: the listing (``recent``) bounds a schedule's START week by ``earliestWeekDate`` (SDK v269: "the
earliest schedule start week date (inclusive) to include"), so it is asked from ``SCHEDULE_LOOKBACK_WEEKS``
before the window, finding a multi-week schedule that starts earlier, and then filtered to the window here
(``spans_window``). A week of the window some published schedule spans is read when the versions of the
schedules spanning it changed since the last run (``weeks.weeks_to_read``): a one-day backfill reads one week.

Which shifts a range returns (by start, by overlap, only whole shifts) is not documented either: each search
runs from the week's local midnight to one day past its end (a shift may cross the week's end) and keeps the
shifts that start in the week, which all three readings return.

A search may answer ``Processing`` with no result: its result then arrives only as a notification
(``notifications.py``), so the resource subscribes to the result topic before its first search and waits for
the event; a result that does not come is ``NotReady`` (retryable), never "no schedules", and the week is not
recorded as loaded.

Every business unit's listing is asked for at once, then every search of the run (business unit, week,
management unit) is kept in flight together (``GenesysClient.each``); their results are handed on in that
order, and a week is recorded as loaded once all its units' pages were yielded.
"""

from __future__ import annotations

import threading
from contextlib import closing
from datetime import date, timedelta

from ..client import GenesysClient
from ..emit import emit
from ..helpers import iso, local_midnight
from ..notifications import Notifications, mu_search_topic
from ..settings import SCHEDULE_LOOKBACK_WEEKS, WFM
from ..structure import Extraction
from ..weekly import published_rows
from .weeks import spans_window, weeks_to_read, window_weeks

SEARCH_PAST_WEEK = timedelta(days=1)


def listing_params(weeks: list[date]) -> dict:
    """The schedule listing's query for a window's weeks (``recent``; the bounds are on a schedule's START week)."""
    return {
        "earliestWeekDate": (weeks[0] - timedelta(weeks=SCHEDULE_LOOKBACK_WEEKS)).isoformat(),
        "latestWeekDate": weeks[-1].isoformat(),
        "includeOnlyPublished": "true",
    }


class PublishedView:
    """The management-unit agent-schedule search with its three answers: ``result`` inline, a ``downloadUrl``,
    or ``Processing`` + ``operationId`` whose ``downloadUrl`` comes on the caller's result topic. The channel
    is opened once, before the first search (an event nobody listens for is lost), and closed with the
    resource."""

    def __init__(self, client: GenesysClient):
        self.client = client
        self.topic = mu_search_topic(client.client_id)
        self.notes: Notifications | None = None
        self._opening = threading.Lock()  # searches run in parallel: the channel is opened once

    def open(self) -> None:
        """Open the channel and subscribe (once; before the first search, or by it)."""
        with self._opening:
            if self.notes is None:
                notes = Notifications(self.client)
                notes.subscribe(self.topic)
                self.notes = notes

    def fetch(self, management_unit_id: str, start, end) -> dict:
        """``BuAgentSchedulesSearchResponse`` of one management unit over [start, end) (UTC datetimes)."""
        self.open()
        path = f"{WFM}/managementunits/{management_unit_id}/agentschedules/search"
        body = {"startDate": iso(start), "endDate": iso(end)}

        def ask() -> dict:
            answer = self.client.post(path, body, expect=("status",))
            if answer["status"] != "Processing":
                return answer
            event = self.notes.wait_for(self.topic, answer["operationId"])
            status = event.get("status") or "Complete"  # Processing, Complete, Canceled or Error (SDK enum)
            return {"status": status, "operationId": answer["operationId"], "downloadUrl": event.get("downloadUrl")}

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
        "week_count": s.get("weekCount") or 1,
        "published": True,
        "short_term_forecast_id": (s.get("shortTermForecast") or {}).get("id"),
        "metadata_version": meta.get("version"),
        "date_modified": meta.get("dateModified"),
    }


def schedules(x: Extraction):
    with closing(PublishedView(x.client)) as view:
        yield from _schedules(x, view)


def _schedules(x: Extraction, view: PublishedView):
    c = x.client
    # an empty window (schedule_days_back = schedule_days_ahead = 0 on a nightly run) lists nothing
    units = [(bu, w) for bu in x.org.business_units if (w := window_weeks(x.window("schedules"), _start_day(bu)))]

    def listing(unit) -> list[dict]:
        bu, weeks = unit
        path = f"{WFM}/businessunits/{bu['id']}/weeks/recent/schedules"
        return c.get(path, expect=("entities",), **listing_params(weeks))["entities"]

    searches = []  # (bu, week, the schedules spanning it, management unit, record the week once its last unit is read)
    for (bu, weeks), listed in zip(units, c.each(listing, units, urgent=True), strict=True):
        published = [s for s in listed if s.get("published") and spans_window(s, weeks)]
        yield x.rows(_schedule_row, published, bu["id"])
        mus = x.org.management_units[bu["id"]]
        for week, spanning, loaded in weeks_to_read(bu["id"], published, weeks, x.windows.explicit):
            if not mus:
                loaded()
            searches += [(bu, week, spanning, mu, loaded if i == len(mus) - 1 else None) for i, mu in enumerate(mus)]

    def search(item) -> dict:
        bu, week, _, mu, _ = item
        tz = bu["settings"]["timeZone"]
        start, end = local_midnight(week, tz), local_midnight(week + timedelta(days=7), tz) + SEARCH_PAST_WEEK
        return view.fetch(mu["id"], start, end)

    if searches:
        view.open()  # here, not in the first search: the other searches' bulk calls would queue before it
    # urgent: a search's answer leads to a download (or an event, then a download), so it goes first
    for (bu, week, spanning, mu, loaded), result in zip(searches, c.each(search, searches, urgent=True), strict=True):
        activities, markers = published_rows(x.cols, bu, mu["id"], week, spanning, result["agentSchedules"])
        yield emit("schedule_activities", activities)
        yield emit("full_day_time_off", markers)
        if loaded:
            loaded()


def _start_day(bu: dict) -> str:
    return bu["settings"]["startDayOfWeek"]
