"""dlt source for one Genesys Cloud org: every WFM entity, yielded a page at a time.

Each resource is tracked: rows, requests, retries and 429s are counted per resource, and a missing
permission (403) is recorded and skipped so the org's other resources still load. Any other error
propagates: the run fails for this org and nothing partial is committed for it.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cached_property

import dlt

from ..names import name_key
from . import helpers as h
from .client import GenesysClient, PermissionDenied
from .settings import (
    ADHERENCE_CHUNK_DAYS,
    ARROW_TABLES,
    CONVERSATION_METRICS,
    PRESENCE_CHUNK_HOURS,
    PRESENCE_GRANULARITY,
    QUEUES_PAGE_SIZE,
    RESOURCES,
    TABLES,
    TIME_OFF_MAX_DAYS,
    USERS_PAGE_SIZE,
    VOLUME_CHUNK_DAYS,
    WFM,
)

HINTS = {name: dlt.mark.make_hints(table_name=name, **hints) for name, hints in TABLES.items()}

# Arrow pages get dlt's row columns as dict pages do: _dlt_load_id (which load wrote a row: backfill
# checks and audits use it) and _dlt_id (tables first created from dict pages declare it NOT NULL).
for _setting in ("NORMALIZE__PARQUET_NORMALIZER__ADD_DLT_ID", "NORMALIZE__PARQUET_NORMALIZER__ADD_DLT_LOAD_ID"):
    os.environ.setdefault(_setting, "true")


def emit(table: str, rows: list[dict]):
    """Route a page to one of the tables a resource writes, with that table's load contract."""
    arrow = isinstance(rows, list) and rows and table in ARROW_TABLES
    page = h.arrow_page(table, rows, TABLES[table]["columns"]) if arrow else rows
    return dlt.mark.with_hints(page, HINTS[table], create_table_variant=True)


@dataclass
class ResourceStatus:
    started: datetime | None = None
    finished: datetime | None = None
    rows: dict[str, int] = field(default_factory=dict)  # per table the resource writes
    outcome: str = "not run"
    error: str | None = None


@dataclass
class OrgStatus:
    org_key: str
    resources: dict[str, ResourceStatus] = field(default_factory=dict)
    on_finish: object = None  # called with (org_key, resource name, ResourceStatus): progress display

    def get(self, name: str) -> ResourceStatus:
        return self.resources.setdefault(name, ResourceStatus())


class OrgStructure:
    """Organization, business units (with settings) and management units, fetched once per run."""

    def __init__(self, client: GenesysClient):
        self.client = client

    @cached_property
    def organization(self) -> dict:
        return self.client.get("/api/v2/organizations/me")

    @cached_property
    def columns(self) -> dict:
        return {"org_id": self.organization["id"], "org_key": self.client.org.key, "region": self.client.org.region}

    @cached_property
    def business_units(self) -> list[dict]:
        listed = self.client.get(f"{WFM}/businessunits")["entities"]
        return [self.client.get(f"{WFM}/businessunits/{bu['id']}", expand="settings") for bu in listed]

    @cached_property
    def management_units(self) -> dict[str, list[dict]]:
        return {
            bu["id"]: self.client.get(f"{WFM}/businessunits/{bu['id']}/managementunits")["entities"]
            for bu in self.business_units
        }


def _tracked(status: OrgStatus, client: GenesysClient, name: str, produce):
    """Run a page generator under a resource label; count rows; record 403s and failures."""

    def run():
        entry = status.get(name)
        entry.started, entry.outcome = datetime.now(UTC), "running"
        # The source's state travels with the load package: a failed (aborted) extraction backfills again.
        dlt.current.source_state()["backfilled"] = True
        pages = produce()
        while True:
            client.counters.current = name
            try:
                page = next(pages)
            except StopIteration:
                entry.outcome = "success"
                break
            except PermissionDenied as err:
                entry.outcome, entry.error = "skipped", f"missing permission {err.permission}"
                break
            except Exception as err:
                entry.outcome, entry.error = "failed", str(err)
                entry.finished = datetime.now(UTC)
                raise
            finally:
                client.counters.current = "-"
            if not hasattr(page, "meta"):  # a plain page belongs to the resource's main table
                page = emit(RESOURCES[name][0], page)
            table, rows = page.meta.hints["table_name"], page.data
            entry.rows[table] = entry.rows.get(table, 0) + len(rows)
            if rows:
                yield page
        entry.finished = datetime.now(UTC)
        if status.on_finish:
            status.on_finish(status.org_key, name, entry)

    return run


@dlt.source(name="genesys", max_table_nesting=0)
def genesys_source(client: GenesysClient, windows: h.Windows, status: OrgStatus, snapshot_at: str | None = None):
    """Every resource of one org. ``windows`` bounds the time-windowed ones; ``snapshot_at`` stamps
    the real-time adherence snapshot (default: now)."""
    org = OrgStructure(client)
    c = client
    cols = lambda: org.columns  # noqa: E731  (resolved lazily: the org id costs a request)

    def fresh_weeks(bu_id: str, entities: list[dict]):
        """(week date, its schedules or forecasts) for each business-unit week an earlier run has not
        loaded at the same metadata versions; all of them for a backfill (``--start/--end``).

        Nightly runs re-read the weeks around today, but a week nobody republished has nothing new
        and its rows (replaced per week) stay as loaded. A week's version is recorded only when the
        caller asks for the next week, i.e. after every page of this one was yielded; the record lives
        in the resource's state, which travels with the load package, so a failed run forgets it.
        A missing version, or a new load contract (CONTRACT), reads the week again.
        """
        seen = dlt.current.resource_state().setdefault("loaded_versions", {})
        by_week: dict[str, list[dict]] = {}
        for entity in entities:
            by_week.setdefault(entity["weekDate"], []).append(entity)
        for week, group in sorted(by_week.items()):
            key, version = f"{bu_id}/{week}", _week_version(group)
            if not windows.explicit and version is not None and seen.get(key) == version:
                continue
            yield week, group
            seen[key] = version

    def organizations():
        o = org.organization
        yield [{**cols(), "name": o.get("name"), "state": o.get("state"), "domain": o.get("domain")}]

    def users():
        for page in c.pages("/api/v2/users", USERS_PAGE_SIZE, state="any"):
            yield [h.user_row(cols(), u) for u in page]

    def queues():
        for page in c.pages("/api/v2/routing/queues", QUEUES_PAGE_SIZE):
            yield [h.queue_row(cols(), q) for q in page]

    def business_units():
        yield [
            {
                **cols(),
                "business_unit_id": bu["id"],
                "name": bu["name"],
                "name_key": name_key(bu["name"]),
                "time_zone": bu["settings"]["timeZone"],
                "start_day_of_week": bu["settings"]["startDayOfWeek"],
            }
            for bu in org.business_units
        ]

    def management_units():
        yield [
            {
                **cols(),
                "management_unit_id": mu["id"],
                "business_unit_id": bu_id,
                "name": mu["name"],
                "name_key": name_key(mu["name"]),
                "time_zone": mu.get("timeZone"),
                "start_day_of_week": mu.get("startDayOfWeek"),
            }
            for bu_id, mus in org.management_units.items()
            for mu in mus
        ]

    def management_unit_users():
        for bu_id, mus in org.management_units.items():
            for mu in mus:
                members = c.get(f"{WFM}/managementunits/{mu['id']}/users")["entities"]
                yield [
                    {**cols(), "management_unit_id": mu["id"], "business_unit_id": bu_id, "user_id": m["id"]}
                    for m in members
                ]

    def activity_codes():
        for bu in org.business_units:
            codes = _entities(c, c.get(f"{WFM}/businessunits/{bu['id']}/activitycodes"))
            yield [h.activity_code_row(cols(), bu["id"], code) for code in codes]

    def planning_groups():
        for bu in org.business_units:
            groups = c.get(f"{WFM}/businessunits/{bu['id']}/planninggroups")["entities"]
            yield [
                {
                    **cols(),
                    "business_unit_id": bu["id"],
                    "planning_group_id": g["id"],
                    "name": g["name"],
                    "name_key": name_key(g["name"]),
                    "service_goal_template_id": (g.get("serviceGoalTemplate") or {}).get("id"),
                }
                for g in groups
            ]
            yield emit(
                "planning_group_queues",
                [
                    {
                        **cols(),
                        "business_unit_id": bu["id"],
                        "planning_group_id": g["id"],
                        "queue_id": (p.get("queue") or {}).get("id"),
                        "media_type": p.get("mediaType"),
                    }
                    for g in groups
                    for p in g.get("routePaths") or []
                ],
            )

    def schedules():
        start, end = windows.schedules
        for bu in org.business_units:
            weeks = h.weeks_overlapping(start, end, bu["settings"]["startDayOfWeek"])
            if not weeks:  # an empty window (schedule_days_back = schedule_days_ahead = 0 on a nightly run)
                continue
            listed = c.get(
                f"{WFM}/businessunits/{bu['id']}/weeks/recent/schedules",
                earliestWeekDate=weeks[0].isoformat(),
                latestWeekDate=weeks[-1].isoformat(),
                includeOnlyPublished="true",
            )["entities"]
            published = [s for s in listed if s.get("published")]
            yield [
                {
                    **cols(),
                    "schedule_id": s["id"],
                    "business_unit_id": bu["id"],
                    "week_date": s["weekDate"],
                    "published": True,
                    "short_term_forecast_id": (s.get("shortTermForecast") or {}).get("id"),
                    "metadata_version": (s.get("metadata") or {}).get("version"),
                    "date_modified": (s.get("metadata") or {}).get("dateModified"),
                }
                for s in published
            ]
            for _, week_schedules in fresh_weeks(bu["id"], published):
                for schedule, mu in ((s, mu) for s in week_schedules for mu in org.management_units[bu["id"]]):
                    path = (
                        f"{WFM}/businessunits/{bu['id']}/weeks/{schedule['weekDate']}/schedules/"
                        f"{schedule['id']}/agentschedules/query"
                    )
                    result = c.maybe_download(c.post(path, {"managementUnitId": mu["id"]}), "result") or {}
                    activities, markers = h.schedule_rows(
                        cols(), bu["id"], mu["id"], schedule, result.get("agentSchedules") or []
                    )
                    yield emit("schedule_activities", activities)
                    yield emit("full_day_time_off", markers)

    def forecasts():
        start, end = windows.schedules
        for bu in org.business_units:
            weeks = set(h.weeks_overlapping(start, end, bu["settings"]["startDayOfWeek"]))
            listed = c.get(f"{WFM}/businessunits/{bu['id']}/weeks/recent/shorttermforecasts")["entities"]
            in_window = [fc for fc in listed if date.fromisoformat(fc["weekDate"]) in weeks]
            # a week is read whole: its forecast intervals are replaced per week, every forecast at once
            for fc in (fc for _, group in fresh_weeks(bu["id"], in_window) for fc in group):
                answer = c.get(
                    f"{WFM}/businessunits/{bu['id']}/weeks/{fc['weekDate']}/shorttermforecasts/{fc['id']}/data",
                    weekNumber=0,
                )
                result = c.maybe_download(answer, "result")
                yield [
                    {
                        **cols(),
                        "forecast_id": fc["id"],
                        "business_unit_id": bu["id"],
                        "week_date": fc["weekDate"],
                        "creation_method": fc.get("creationMethod"),
                        "reference_start_date": result["referenceStartDate"],
                        "date_modified": (fc.get("metadata") or {}).get("dateModified"),
                    }
                ]
                yield emit("forecast_intervals", h.forecast_interval_rows(cols(), bu["id"], fc, result))

    def historical_adherence():
        start, end = windows.adherence
        for bu in org.business_units:
            tz = bu["settings"]["timeZone"]
            items = [
                {
                    "managementUnitId": mu["id"],
                    "startDate": h.iso(h.local_midnight(a, tz)),
                    "endDate": h.iso(h.local_midnight(b, tz)),
                    "includeExceptions": True,
                }
                for a, b in h.chunks(start, end, ADHERENCE_CHUNK_DAYS)
                for mu in org.management_units[bu["id"]]
            ]
            if not items:
                continue
            job = c.post(f"{WFM}/adherence/historical/bulk", {"timeZone": tz, "items": items})
            done = c.wait_for_job(
                f"{WFM}/adherence/historical/bulk/jobs/{job['job']['id']}",
                state_of=lambda a: (a.get("job") or {}).get("status"),
            )
            for url in done.get("downloadUrls") or []:
                days, exceptions = h.adherence_rows(cols(), c.download(url), tz)
                yield emit("adherence_day_metrics", days)
                yield emit("adherence_exceptions", exceptions)

    def time_off_requests():
        start, end = windows.time_off
        for mus in org.management_units.values():
            for mu in mus:
                seen: dict[str, dict] = {}
                path = f"{WFM}/managementunits/{mu['id']}/timeoffrequests/query"
                queries = [
                    {"dateRange": {"startDate": a.isoformat(), "endDate": (b - timedelta(days=1)).isoformat()}}
                    for a, b in h.chunks(start, end, TIME_OFF_MAX_DAYS)
                ] + [{"statuses": ["PENDING"]}]
                for body in queries:
                    for r in _entities(c, c.post(path, body)):
                        seen[r["id"]] = r
                yield [h.time_off_row(cols(), mu["id"], r) for r in seen.values()]

    def interaction_volume():
        for interval in _hour_intervals(windows.volume, VOLUME_CHUNK_DAYS * 24):
            answer = c.post(
                "/api/v2/analytics/conversations/aggregates/query",
                {
                    "interval": interval,
                    "granularity": "PT15M",
                    "groupBy": ["queueId", "mediaType"],
                    "metrics": CONVERSATION_METRICS,
                },
            )
            yield h.volume_rows(cols(), answer)

    def user_presence():
        for interval in _hour_intervals(windows.volume, PRESENCE_CHUNK_HOURS):
            answer = c.post(
                "/api/v2/analytics/users/aggregates/query",
                {
                    "interval": interval,
                    "granularity": PRESENCE_GRANULARITY,
                    "groupBy": ["userId"],
                    "metrics": ["tAgentRoutingStatus", "tSystemPresence"],
                },
            )
            yield h.presence_rows(cols(), answer)

    def realtime_adherence():
        taken = snapshot_at or h.iso(datetime.now(UTC))
        for mus in org.management_units.values():
            for mu in mus:
                found = _entities(c, c.get(f"{WFM}/managementunits/{mu['id']}/adherence"))
                yield [h.realtime_row(cols(), taken, a) for a in found]

    produce = locals()
    # Every page carries its table's hints (``emit``), so the resources themselves need none.
    return [dlt.resource(_tracked(status, client, name, produce[name]), name=name) for name in RESOURCES]


# Recorded with every loaded week's version: a new load contract (columns, keys) reads every week once.
CONTRACT = hashlib.sha1(repr(sorted(TABLES.items())).encode()).hexdigest()[:10]


def _week_version(entities: list[dict]) -> str | None:
    parts = []
    for entity in entities:
        meta = entity.get("metadata") or {}
        if meta.get("version") is None and meta.get("dateModified") is None:
            return None
        parts.append(f"{entity['id']}:{meta.get('version')}@{meta.get('dateModified')}")
    return f"{CONTRACT}|{','.join(sorted(parts))}"


def _entities(client: GenesysClient, answer: dict) -> list[dict]:
    """WFM lists come inline as ``entities`` or behind a ``downloadUrl`` with the same shape."""
    if answer.get("downloadUrl"):
        answer = client.download(answer["downloadUrl"])
    return answer.get("entities") or []


def _hour_intervals(window: tuple[date, date], hours: int):
    """ISO-8601 intervals of at most ``hours`` covering the UTC days of ``window``."""
    cursor, end = h.local_midnight(window[0], "UTC"), h.local_midnight(window[1], "UTC")
    while cursor < end:
        stop = min(end, cursor + timedelta(hours=hours))
        yield f"{h.iso(cursor)}/{h.iso(stop)}"
        cursor = stop
