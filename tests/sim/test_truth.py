"""Ground truth files (``python -m genesys_sim truth``) and their agreement with what the API serves (tiny)."""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from datetime import date, timedelta

import pytest

from tests.sim._api import WFM, OrgApi, local_midnight, weeks_spanned

COLUMNS = {
    "people.csv": ["person_id", "name", "n_accounts", "home_org_key", "home_time_zone"],
    "accounts.csv": [
        "org_key",
        "user_id",
        "person_id",
        "employee_id",
        "email",
        "state",
        "date_hire",
        "date_left",
        "is_secondary",
        "business_unit_id",
        "management_unit_id",
    ],
    "person_day.csv": [
        "person_id",
        "local_date",
        "scheduled_minutes",
        "on_queue_minutes",
        "paid_minutes",
        "time_off_minutes",
        "full_day_time_off_minutes",
        "exception_minutes",
    ],
    "org_day_volume.csv": ["org_key", "utc_date", "offered", "handled", "abandoned", "handle_seconds"],
    "time_off_status.csv": ["org_key", "status", "requests"],
    "entity_counts.csv": ["org_key", "entity", "rows"],
    "adherence_day.csv": [
        "org_key",
        "user_id",
        "business_date",
        "adherence_schedule_seconds",
        "exception_duration_seconds",
        "schedule_length_seconds",
        "actual_length_seconds",
        "conformance_schedule_seconds",
        "conformance_actual_seconds",
    ],
    "service_level_day.csv": [
        "org_key",
        "utc_date",
        "offered",
        "handled",
        "abandoned",
        "short_abandoned",
        "flow_out",
        "over_sla",
        "sl_numerator",
        "sl_denominator",
    ],
    "staffing_requirement_day.csv": ["org_key", "media_type", "local_date", "agent_hours"],
}


def _rows(directory, name: str) -> list[dict]:
    with (directory / name).open(newline="") as handle:
        return list(csv.DictReader(handle))


def test_files_and_columns(tiny_truth):
    manifest = json.loads((tiny_truth / "manifest.json").read_text())
    assert manifest["scenario"] == "tiny" and manifest["anchor_date"] == "2026-11-23"
    assert manifest["now"] == "2026-11-23T12:00:00.000Z"
    assert (manifest["window_start"], manifest["window_end_exclusive"]) == ("2026-11-09", "2026-11-30")
    assert manifest["orgs"] == ["apac", "emea"]
    assert set(manifest["files"]) == set(COLUMNS)
    for name, columns in COLUMNS.items():
        with (tiny_truth / name).open(newline="") as handle:
            reader = csv.reader(handle)
            assert next(reader) == columns, name
            rows = list(reader)
        assert len(rows) == manifest["files"][name] > 0, name
        assert all(len(row) == len(columns) for row in rows), name


def test_people_are_distinct_person_ids(tiny_truth):
    people = _rows(tiny_truth, "people.csv")
    accounts = _rows(tiny_truth, "accounts.csv")
    assert len(people) == len({a["person_id"] for a in accounts}) == len({p["person_id"] for p in people})
    assert sum(int(p["n_accounts"]) for p in people) == len(accounts)
    per_person = Counter(a["person_id"] for a in accounts)
    assert all(int(p["n_accounts"]) == per_person[p["person_id"]] for p in people)
    assert sum(1 for p in people if p["n_accounts"] == "2") == 3  # tiny: shared_people=3
    assert sum(1 for a in accounts if a["is_secondary"] == "1") == 3
    # one leaver per org: emea's user was deleted the day after (scenario users_deleted)
    states = Counter((a["org_key"], a["state"]) for a in accounts)
    assert (states[("emea", "deleted")], states[("emea", "inactive")], states[("apac", "inactive")]) == (1, 0, 1)
    # optional employerInfo fields: each org has a user without employeeId and one without dateHire
    for org in ("emea", "apac"):
        mine = [a for a in accounts if a["org_key"] == org and a["is_secondary"] == "0"]
        assert sum(1 for a in mine if not a["employee_id"]) >= 1 and sum(1 for a in mine if not a["date_hire"]) >= 1


def test_person_days_are_complete_past_days(tiny_truth):
    rows = _rows(tiny_truth, "person_day.csv")
    days = {r["local_date"] for r in rows}
    assert min(days) >= "2026-11-09" and max(days) <= "2026-11-22"
    for r in rows:
        scheduled, on_queue, paid = int(r["scheduled_minutes"]), int(r["on_queue_minutes"]), int(r["paid_minutes"])
        assert 0 <= on_queue <= scheduled and paid <= scheduled + int(r["full_day_time_off_minutes"])
        assert 0 <= int(r["exception_minutes"]) <= scheduled
    assert sum(int(r["exception_minutes"]) for r in rows) > 0


# ------------------------------------------------------------------------------- truth against the API


@pytest.fixture(scope="module")
def counts(tiny_truth) -> dict[str, dict[str, int]]:
    found = defaultdict(dict)
    for row in _rows(tiny_truth, "entity_counts.csv"):
        found[row["org_key"]][row["entity"]] = int(row["rows"])
    return found


@pytest.fixture(scope="module")
def served(tiny_sim, tiny_truth) -> dict[str, dict[str, int]]:
    """The same entity counts, measured through the API of the tiny simulator."""
    manifest = json.loads((tiny_truth / "manifest.json").read_text())
    window_start = date.fromisoformat(manifest["window_start"])
    window_end = date.fromisoformat(manifest["window_end_exclusive"])
    anchor = date.fromisoformat(manifest["anchor_date"])
    found = {}
    for key in manifest["orgs"]:
        with OrgApi(tiny_sim, key) as api:
            n = Counter()
            # state=any leaves deleted users out (the simulator's reading): they come with state=deleted
            n["users"] = sum(api.get("/api/v2/users", state=s, pageSize=1)["total"] for s in ("any", "deleted"))
            n["queues"] = api.get("/api/v2/routing/queues", pageSize=1)["total"]
            bus = api.business_units()
            n["business_units"] = len(bus)
            assert len(api.get(f"{WFM}/managementunits")["entities"]) == sum(
                len(api.management_units(bu["id"])) for bu in bus
            )
            time_off: dict[str, dict] = {}
            for bu in bus:
                mus = api.management_units(bu["id"])
                n["management_units"] += len(mus)
                n["activity_codes"] += len(api.activity_codes(bu["id"]))
                pgs = api.planning_groups(bu["id"])
                n["planning_groups"] += len(pgs)
                for mu in mus:
                    n["management_unit_users"] += len(api.mu_users(mu["id"]))
                schedules = api.schedules(bu["id"])
                n["schedules"] += len(schedules)
                for week in weeks_spanned(schedules):  # the published view: what Genesys shows per week
                    for mu in mus:
                        for row in api.agent_schedules(bu["id"], week, mu["id"]):
                            n["shifts"] += len(row["shifts"])
                            n["schedule_activities"] += sum(len(s["activities"]) for s in row["shifts"])
                            n["full_day_time_off_markers"] += len(row["fullDayTimeOffMarkers"])
                forecasts = api.forecasts(bu["id"])
                n["forecasts"] += len(forecasts)
                for forecast in forecasts:
                    for number in range(1, forecast["weekCount"] + 1):  # every week, 1-based
                        data = api.forecast_data(bu["id"], forecast, number)
                        assert (data["weekNumber"], data["weekCount"]) == (number, forecast["weekCount"])
                        assert {pg["planningGroupId"] for pg in data["planningGroups"]} == {pg["id"] for pg in pgs}
                        n["forecast_intervals"] += sum(len(pg["offeredPerInterval"]) for pg in data["planningGroups"])
                # adherence exceptions of complete business days (window start .. the day before the
                # anchor, business-unit time): one bulk job, one item per management unit and local week
                tz = bu["settings"]["timeZone"]
                items = []
                for mu in mus:
                    day = window_start
                    while day < anchor:
                        until = min(day + timedelta(days=7), anchor)
                        items.append(
                            {
                                "managementUnitId": mu["id"],
                                "includeExceptions": True,
                                "startDate": local_midnight(day, tz).isoformat(),
                                "endDate": local_midnight(until, tz).isoformat(),
                            }
                        )
                        day = until
                for download in api.bulk_adherence(items, tz):
                    n["adherence_exceptions"] += sum(len(u["exceptionInfo"]) for u in download["userResults"])
                # time off: 33-day chunks over a span covering every request, deduplicated by id
                for mu in mus:
                    for row in api.time_off(
                        mu["id"], window_start - timedelta(days=60), window_end + timedelta(days=60)
                    ):
                        time_off[row["id"]] = row
            n["time_off_requests"] = len(time_off)
            n["_time_off_by_status"] = Counter(r["status"] for r in time_off.values())
            found[key] = n
    return found


ENTITIES = [
    "users",
    "queues",
    "business_units",
    "management_units",
    "management_unit_users",
    "activity_codes",
    "planning_groups",
    "schedules",
    "forecasts",
    "forecast_intervals",
    "time_off_requests",
    "shifts",
    "schedule_activities",
    "full_day_time_off_markers",
    "adherence_exceptions",
]


@pytest.mark.parametrize("entity", ENTITIES)
def test_entity_counts_match_the_api(counts, served, entity):
    for key in ("emea", "apac"):
        assert counts[key][entity] == served[key][entity], (key, entity)
    assert any(served[key][entity] for key in ("emea", "apac")), entity


def test_entity_counts_cover_every_entity(counts):
    for key in ("emea", "apac"):
        missing = [e for e in ENTITIES if e not in counts[key]]
        assert missing == [], key


def test_forecast_intervals_formula(counts):
    """Every week of every forecast: tiny emea's two planning groups over 3 weeks (one 2-week forecast and
    a 1-week one), Support Chat with an 8th day (768 values); apac's one group with an 8th day."""
    assert counts["emea"]["forecasts"] == 2 and counts["apac"]["forecasts"] == 3
    assert counts["emea"]["forecast_intervals"] == (672 + 768) * 3
    assert counts["apac"]["forecast_intervals"] == 768 * 3


def test_time_off_status_counts_match_the_api(tiny_truth, served):
    truth = {(r["org_key"], r["status"]): int(r["requests"]) for r in _rows(tiny_truth, "time_off_status.csv")}
    for key in ("emea", "apac"):
        api = served[key]["_time_off_by_status"]
        for status in ("PENDING", "APPROVED", "DENIED", "CANCELED"):
            assert truth.get((key, status), 0) == api.get(status, 0), (key, status)


def test_org_day_volume_matches_analytics(tiny_sim, tiny_truth):
    rows = [r for r in _rows(tiny_truth, "org_day_volume.csv") if r["org_key"] == "emea"]
    assert len(rows) == 14  # window start .. day before the anchor
    with OrgApi(tiny_sim, "emea") as api:
        answer = api.post(
            "/api/v2/analytics/conversations/aggregates/query",
            {
                "interval": "2026-11-09T00:00:00.000Z/2026-11-23T00:00:00.000Z",
                "granularity": "P1D",
                "groupBy": ["direction"],
                "metrics": ["nOffered", "tHandle", "tAbandon"],
            },
        )
    (result,) = [r for r in answer["results"] if r["group"] == {"direction": "inbound"}]
    by_day = {d["interval"][:10]: {m["metric"]: m["stats"] for m in d["metrics"]} for d in result["data"]}
    for row in rows:
        metrics = by_day[row["utc_date"]]
        assert metrics["nOffered"]["count"] == int(row["offered"])
        assert metrics["tHandle"]["count"] == int(row["handled"])
        assert metrics.get("tAbandon", {"count": 0})["count"] == int(row["abandoned"])
        assert metrics["tHandle"]["sum"] / 1000 == pytest.approx(float(row["handle_seconds"]), abs=0.01)
