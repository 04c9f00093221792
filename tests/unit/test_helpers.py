"""Pure helpers of the extraction, tested on small real-shaped answers: row shapers, Arrow pages, week
versions and the skipping of records that cannot be shaped."""

from __future__ import annotations

from datetime import date, datetime

import pyarrow as pa

from pipelines.genesys.aggregates import presence_rows, volume_rows
from pipelines.genesys.client import Counters
from pipelines.genesys.helpers import (
    adherence_rows,
    arrow_page,
    user_row,
)
from pipelines.genesys.resources.weeks import spans_window, week_version, weeks_to_read
from pipelines.genesys.settings import TABLES
from pipelines.genesys.structure import Extraction

ORG = {"org_id": "o1", "org_key": "emea", "region": "mypurecloud.de"}


def test_user_row_reads_employer_info_and_tolerates_its_absence():
    full = user_row(ORG, {"id": "u1", "name": "Ann", "employerInfo": {"employeeId": "E7", "dateHire": "2020-06-08"}})
    bare = user_row(ORG, {"id": "u2", "name": "Bo"})
    assert (full["employee_id"], full["date_hire"]) == ("E7", "2020-06-08")
    assert (bare["employee_id"], bare["date_hire"], bare["user_id"]) == (None, None, "u2")


def test_adherence_rows_date_days_and_exceptions_in_the_business_unit_zone():
    result = {
        "startDate": "2026-11-15T23:00:00Z",
        "managementUnitId": "mu1",
        "userResults": [
            {
                "userId": "u1",
                "dayMetrics": [{"dayStartOffsetSeconds": 0, "adherenceScheduleSeconds": 28800}],
                "exceptionInfo": [{"startOffsetSeconds": 3600, "endOffsetSeconds": 4500, "impact": "Negative"}],
            }
        ],
    }
    days, exceptions = adherence_rows(ORG, result, "Europe/Berlin")
    assert (days[0]["business_date"], days[0]["adherence_schedule_seconds"]) == ("2026-11-16", 28800)
    assert (exceptions[0]["start_date"], exceptions[0]["end_date"]) == (
        "2026-11-16T00:00:00.000Z",
        "2026-11-16T00:15:00.000Z",
    )


def test_volume_rows_zero_every_metric_the_bucket_lacks():
    answer = {
        "results": [
            {
                "group": {"queueId": "q1", "mediaType": "voice"},
                "data": [
                    {
                        "interval": "2026-11-16T08:00:00.000Z/2026-11-16T08:15:00.000Z",
                        "metrics": [{"metric": "tHandle", "stats": {"count": 3, "sum": 900000}}],
                    }
                ],
            }
        ]
    }
    (row,) = volume_rows(ORG, answer)
    assert (row["interval_minutes"], row["handled"], row["handle_ms"], row["offered"]) == (15, 3, 900000, 0)
    assert volume_rows(ORG, {}) == []  # an aggregate without results: no conversations in the interval


def test_offset_intervals_are_stored_as_their_utc_instants_per_direction():
    """Issue 14 item 8: an answer to a query with ``timeZone`` spells its intervals with the zone's offset (SDK
    v269: "The interval offset is used even when timeZone is specified"); a half-hour offset included, each is
    stored as the UTC instant it names, inbound and outbound apart, COMMUNICATING kept as its own status."""
    bucket = "2026-11-20T10:30:00.000+10:30/2026-11-20T11:00:00.000+10:30"
    volume = {
        "results": [
            {
                "group": {"queueId": "q1", "mediaType": "voice", "direction": direction},
                "data": [{"interval": bucket, "metrics": [{"metric": metric, "stats": {"count": count}}]}],
            }
            for direction, metric, count in (("inbound", "nOffered", 7), ("outbound", "nOutbound", 2))
        ]
    }
    rows = {r["direction"]: r for r in volume_rows(ORG, volume)}
    assert {d: (r["interval_start"], r["interval_minutes"]) for d, r in rows.items()} == {
        "inbound": ("2026-11-20T00:00:00.000Z", 30),
        "outbound": ("2026-11-20T00:00:00.000Z", 30),
    }
    assert (rows["inbound"]["offered"], rows["inbound"]["outbound"], rows["outbound"]["outbound"]) == (7, 0, 2)
    presence = {
        "results": [
            {
                "group": {"userId": "u1"},
                "data": [
                    {
                        "interval": bucket,
                        "metrics": [
                            {"metric": "tAgentRoutingStatus", "qualifier": "COMMUNICATING", "stats": {"sum": 60000}}
                        ],
                    }
                ],
            }
        ]
    }
    (row,) = presence_rows(ORG, presence)
    assert (row["interval_start"], row["qualifier"], row["milliseconds"]) == (
        "2026-11-20T00:00:00.000Z",
        "COMMUNICATING",
        60000,
    )


def test_arrow_pages_follow_the_load_contract():
    columns = TABLES["interaction_volume"]["columns"]
    page = arrow_page(
        "interaction_volume",
        [{**ORG, "queue_id": "q1", "interval_start": "2026-11-16T08:00:00Z", "offered": 4, "handle_ms": 5, "extra": 1}],
        columns,
    )
    assert page.column_names == list(columns)
    assert page.schema.field("interval_start").type == pa.timestamp("us", tz="UTC")
    assert page.schema.field("handle_ms").type == pa.float64()
    assert page.column("interval_start")[0].as_py() == datetime.fromisoformat("2026-11-16T08:00:00+00:00")


def test_week_versions_change_with_any_metadata_and_are_unknown_without_it():
    a = {"id": "s1", "weekDate": "2026-11-16", "metadata": {"version": 3, "dateModified": "2026-11-14T10:00:00Z"}}
    b = {**a, "metadata": {"version": 4, "dateModified": "2026-11-15T10:00:00Z"}}
    assert week_version([a]) != week_version([b]) and week_version([a]) == week_version([dict(a)])
    assert week_version([{"id": "s2", "weekDate": "2026-11-16"}]) is None


def test_multi_week_entities_span_the_window():
    weeks = [datetime(2026, 11, 16).date(), datetime(2026, 11, 23).date()]
    two_weeks_before = {"weekDate": "2026-11-09", "weekCount": 2}
    ends_before = {"weekDate": "2026-11-02", "weekCount": 2}
    assert spans_window(two_weeks_before, weeks) and not spans_window(ends_before, weeks)
    assert spans_window({"weekDate": "2026-11-23"}, weeks) and not spans_window({"weekDate": "2026-11-30"}, weeks)


def test_weeks_to_read_skip_loaded_versions_unless_the_window_is_explicit(monkeypatch):
    import dlt

    state: dict = {}
    monkeypatch.setattr(dlt.current, "resource_state", lambda: state)
    weeks = [date(2026, 11, 9), date(2026, 11, 16), date(2026, 11, 23)]
    listing = [{"id": "s1", "weekDate": "2026-11-16", "metadata": {"version": 1}}]
    assert _read(listing, weeks, explicit=False, load=False) == [date(2026, 11, 16)]
    assert _read(listing, weeks, explicit=False) == [date(2026, 11, 16)], "not loaded yet: read again"
    assert _read(listing, weeks, explicit=False) == []
    assert _read(listing, weeks, explicit=True) == [date(2026, 11, 16)]


def _read(entities: list[dict], weeks: list[date], explicit: bool, load: bool = True) -> list[date]:
    """The weeks ``weeks_to_read`` says to read, each then loaded (its pages yielded) when ``load``."""
    found = weeks_to_read("bu1", entities, weeks, explicit=explicit)
    for _, _, loaded in found:
        if load:
            loaded()
    return [week for week, _, _ in found]


def test_a_multi_week_schedule_is_in_every_week_it_spans_and_a_change_rereads_each(monkeypatch):
    import dlt

    state: dict = {}
    monkeypatch.setattr(dlt.current, "resource_state", lambda: state)
    weeks = [date(2026, 11, 16), date(2026, 11, 23)]  # the window starts in the 2-week schedule's 2nd week
    two = {"id": "s2", "weekDate": "2026-11-09", "weekCount": 2, "metadata": {"version": 1}}
    one = {"id": "s1", "weekDate": "2026-11-16", "weekCount": 1, "metadata": {"version": 1}}
    found = weeks_to_read("bu1", [two, one], weeks, explicit=False)
    assert [(w, [e["id"] for e in group]) for w, group, _ in found] == [(date(2026, 11, 16), ["s2", "s1"])], (
        "no schedule spans 2026-11-23: nothing to read"
    )
    found[0][2]()
    two["metadata"] = {"version": 2}
    assert _read([two, one], weeks, explicit=False) == [date(2026, 11, 16)]


def test_a_record_that_cannot_be_shaped_is_skipped_and_named():
    class Client:
        counters = Counters(current="users")

    x = Extraction(Client(), type("Org", (), {"columns": ORG})(), None)
    rows = x.rows(user_row, [{"id": "u1"}, {"name": "no id"}, "not an object"])
    assert [r["user_id"] for r in rows] == ["u1"]
    assert Client.counters.warning_count["users"] == 2
    assert Client.counters.warnings["users"][0].startswith("record #1 skipped: KeyError")


def _listing(monkeypatch, deleted_in_any: bool):
    """users() over a client whose state=any listing does (or does not) include the deleted user: what it does
    is NOT CONFIRMED for Genesys, so both must load the same users, once each."""
    import dlt

    from pipelines.config import ExtractSettings
    from pipelines.genesys.resources.directory import users

    monkeypatch.setattr(dlt.current, "resource_state", lambda state={}: state)
    people = {
        "any": [{"id": "u1", "state": "active"}, {"id": "u2", "state": "inactive"}],
        "deleted": [{"id": "u3", "state": "deleted", "employerInfo": {"employeeId": "E3"}}],
    }
    if deleted_in_any:
        people["any"] = people["any"] + people["deleted"]

    class Client:
        counters = Counters(current="users")
        settings = ExtractSettings()
        asked: list = []

        def pages(self, path, size, **params):
            self.asked.append(params)
            yield people[params["state"]]

    x = Extraction(Client(), type("Org", (), {"columns": ORG})(), None)
    rows = [row for page in users(x) for row in page]
    return rows, Client.asked


def test_users_come_from_state_any_and_deleted_once_each_whatever_any_holds(monkeypatch):
    for deleted_in_any in (False, True):
        rows, asked = _listing(monkeypatch, deleted_in_any)
        assert [(r["user_id"], r["state"], r["employee_id"]) for r in rows] == [
            ("u1", "active", None),
            ("u2", "inactive", None),
            ("u3", "deleted", "E3"),
        ]
        assert [(a["state"], a["expand"]) for a in asked] == [("any", "employerInfo"), ("deleted", "employerInfo")]
