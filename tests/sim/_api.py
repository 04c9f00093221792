"""A thin, explicit HTTP client for one simulated org, used by the simulator behaviour tests."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from datetime import time as dtime
from zoneinfo import ZoneInfo

import httpx

from tests.notify import Listener, listener_for, resolve
from tests.simproc import Sim, token

WFM = "/api/v2/workforcemanagement"
UTC = ZoneInfo("UTC")


def parse_utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def local_midnight(day: date, tz: str) -> datetime:
    return datetime.combine(day, dtime(0), ZoneInfo(tz)).astimezone(UTC)


def date_chunks(first: date, last: date, days: int = 33) -> list[tuple[date, date]]:
    """Inclusive [start, end] ranges of at most ``days`` days covering first..last."""
    chunks, start = [], first
    while start <= last:
        end = min(last, start + timedelta(days=days - 1))
        chunks.append((start, end))
        start = end + timedelta(days=1)
    return chunks


class OrgApi:
    """Bearer-authenticated calls to one org of a running simulator."""

    def __init__(self, sim: Sim, key: str, timeout: float = 30):
        self.sim, self.key = sim, key
        self.info = sim.org(key)
        self.base = self.info["api_base_url"]
        self.http = httpx.Client(base_url=self.base, timeout=timeout)
        self.token = token(self.info)
        self._listener: Listener | None = None
        self._zones: dict[str, str] = {}

    def close(self) -> None:
        if self._listener is not None:
            self._listener.close()
        self.http.close()

    @property
    def listener(self) -> Listener:
        """A notification channel on the agent-schedule result topics, opened on first use."""
        if self._listener is None:
            self._listener = listener_for(self.info, self.token)
        return self._listener

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ------------------------------------------------------------------ raw
    def request(
        self,
        method: str,
        path: str,
        *,
        body=None,
        params=None,
        auth: bool = True,
        bearer: str | None = None,
        timeout: float | None = None,
    ) -> httpx.Response:
        headers = {"Authorization": f"Bearer {bearer or self.token}"} if auth else {}
        extra = {} if timeout is None else {"timeout": timeout}
        return self.http.request(method, path, json=body, params=params, headers=headers, **extra)

    def get(self, path: str, **params) -> dict:
        response = self.request("GET", path, params=params or None)
        assert response.status_code == 200, (path, response.status_code, response.text[:500])
        return response.json()

    def post(self, path: str, body: dict, expect: int = 200, **params) -> dict:
        response = self.request("POST", path, body=body, params=params or None)
        assert response.status_code == expect, (path, response.status_code, response.text[:500])
        return response.json()

    def new_token(self) -> str:
        self.token = token(self.info)
        return self.token

    # ------------------------------------------------------------ directory
    def users(self, state: str = "any", page_size: int = 500, expand: str = "employerInfo") -> list[dict]:
        """Every user of one ``state`` listing, with employerInfo (an expand value) unless ``expand=""``."""
        rows, number = [], 1
        params = {"expand": expand} if expand else {}
        while True:
            page = self.get("/api/v2/users", state=state, pageSize=page_size, pageNumber=number, **params)
            rows += page["entities"]
            if "nextUri" not in page:
                assert len(rows) == page["total"], (len(rows), page["total"])
                return rows
            number += 1

    # ------------------------------------------------------------ wfm structure
    def business_units(self) -> list[dict]:
        """Every business unit with its expanded settings (time zone, start day of week)."""
        return [
            self.get(f"{WFM}/businessunits/{bu['id']}", expand="settings")
            for bu in self.get(f"{WFM}/businessunits")["entities"]
        ]

    def management_units(self, bu_id: str) -> list[dict]:
        return self.get(f"{WFM}/businessunits/{bu_id}/managementunits")["entities"]

    def mu_users(self, mu_id: str) -> list[str]:
        return [u["id"] for u in self.get(f"{WFM}/managementunits/{mu_id}/users")["entities"]]

    def activity_codes(self, bu_id: str) -> list[dict]:
        return self.get(f"{WFM}/businessunits/{bu_id}/activitycodes")["entities"]

    def planning_groups(self, bu_id: str) -> list[dict]:
        return self.get(f"{WFM}/businessunits/{bu_id}/planninggroups")["entities"]

    # ------------------------------------------------------------ schedules
    def schedules(self, bu_id: str, week: str = "recent") -> list[dict]:
        return self.get(f"{WFM}/businessunits/{bu_id}/weeks/{week}/schedules")["entities"]

    def download(self, url: str) -> dict:
        response = httpx.get(url, timeout=30)
        assert response.status_code == 200, (url, response.status_code)
        return response.json()

    def zone(self, bu_id: str) -> str:
        if bu_id not in self._zones:
            self._zones[bu_id] = self.get(f"{WFM}/businessunits/{bu_id}", expand="settings")["settings"]["timeZone"]
        return self._zones[bu_id]

    def search(self, mu_id: str, start: datetime, end: datetime, user_ids: list[str] | None = None) -> dict:
        """The published view of one management unit over [start, end) (inline, downloaded, or announced by
        notification: the listener is subscribed before the search is posted)."""
        body = {"startDate": iso(start), "endDate": iso(end), **({"userIds": user_ids} if user_ids else {})}
        listener = self.listener
        return resolve(self.post(f"{WFM}/managementunits/{mu_id}/agentschedules/search", body), listener)

    def agent_schedules(self, bu_id: str, week: str, mu_id: str, user_ids: list[str] | None = None) -> list[dict]:
        """The published agent schedules of one management unit for one business-unit week: the search over
        the week's local days (the shifts that start in it), whichever schedule Genesys shows for it."""
        tz, day = self.zone(bu_id), date.fromisoformat(week)
        start, end = local_midnight(day, tz), local_midnight(day + timedelta(days=7), tz)
        return self.search(mu_id, start, end, user_ids)["agentSchedules"]

    def query_schedule(self, bu_id: str, schedule: dict, mu_id: str, **body) -> list[dict]:
        """One schedule's own agent schedules (every week it spans) for one management unit: the BU query."""
        listener = self.listener
        path = f"{WFM}/businessunits/{bu_id}/weeks/{schedule['weekDate']}/schedules/{schedule['id']}"
        answer = self.post(f"{path}/agentschedules/query", {"managementUnitId": mu_id, **body})
        return resolve(answer, listener)["agentSchedules"]

    # ------------------------------------------------------------ forecasts
    def forecasts(self, bu_id: str, week: str = "recent") -> list[dict]:
        return self.get(f"{WFM}/businessunits/{bu_id}/weeks/{week}/shorttermforecasts")["entities"]

    def forecast_data(self, bu_id: str, forecast: dict, week_number: int = 1) -> dict:
        """One week (1-based ``weekNumber``) of a forecast's data."""
        path = f"{WFM}/businessunits/{bu_id}/weeks/{forecast['weekDate']}/shorttermforecasts/{forecast['id']}/data"
        return self.get(path, weekNumber=week_number)["result"]

    # ------------------------------------------------------------ time off
    def time_off(self, mu_id: str, first: date, last: date) -> list[dict]:
        """Every request of a management unit touching first..last: 33-day chunks, deduplicated by id."""
        found: dict[str, dict] = {}
        for start, end in date_chunks(first, last):
            answer = self.post(
                f"{WFM}/managementunits/{mu_id}/timeoffrequests/query",
                {"dateRange": {"startDate": start.isoformat(), "endDate": end.isoformat()}},
            )
            for row in answer["entities"]:
                found.setdefault(row["id"], row)
        return list(found.values())

    # ------------------------------------------------------------ adherence
    def start_bulk_adherence(self, items: list[dict], time_zone: str = "UTC") -> str:
        answer = self.post(f"{WFM}/adherence/historical/bulk", {"timeZone": time_zone, "items": items}, expect=202)
        assert answer["job"]["status"] == "Processing", answer
        return answer["job"]["id"]

    def poll_job(self, job_id: str) -> dict:
        return self.get(f"{WFM}/adherence/historical/bulk/jobs/{job_id}")

    def bulk_adherence(self, items: list[dict], time_zone: str = "UTC", polls: int = 10) -> list[dict]:
        job_id = self.start_bulk_adherence(items, time_zone)
        for _ in range(polls):
            answer = self.poll_job(job_id)
            if answer["job"]["status"] != "Processing":
                break
            time.sleep(0.01)
        assert answer["job"]["status"] == "Complete", answer
        return [self.download(url) for url in answer["downloadUrls"]]


def weeks_spanned(entities: list[dict]) -> list[str]:
    """Every week date the listed schedules or forecasts span (``weekDate`` + ``weekCount`` weeks), sorted."""
    return sorted(
        {
            (date.fromisoformat(e["weekDate"]) + timedelta(weeks=i)).isoformat()
            for e in entities
            for i in range(e.get("weekCount") or 1)
        }
    )


def bu_week_start(day: date, start_day_of_week: str) -> date:
    names = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    return day - timedelta(days=(day.weekday() - names.index(start_day_of_week)) % 7)
