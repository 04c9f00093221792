"""Time-off requests per management unit: the window's date ranges plus every PENDING request.

A request Genesys no longer returns (deleted) must not stay PENDING in the warehouse forever: the
resource remembers, in its state (which travels with the load package), each request it loaded with
its dates and status; one that falls inside this run's queries but is not returned any more is sent
as a tombstone (``deleted``: dlt's hard delete removes the row) and logged in ``record_deletions`` with
the time its disappearance was detected. The units' queries are independent and kept in flight together
(``GenesysClient.each``); each unit's results are then compared with the state in the units' order.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import dlt

from ..emit import emit
from ..helpers import chunks, iso, time_off_row
from ..settings import TIME_OFF_MAX_DAYS, WFM
from ..structure import Extraction


def request_dates(r: dict) -> tuple[str, str] | None:
    """First and last date a request covers (management-unit dates or partial-day starts), ISO text."""
    days = [d[:10] for d in (r.get("fullDayManagementUnitDates") or r.get("partialDayStartDateTimes") or [])]
    return (min(days), max(days)) if days else None


def missing_from(known: dict, seen: dict, window: tuple[date, date]) -> tuple[list[str], list[str]]:
    """Known requests this run did not see: (gone, to_check). ``gone``: their dates overlap the window's
    date-range queries, so Genesys no longer has them. ``to_check``: last seen PENDING with dates outside
    the window: approved, denied or deleted since; only a query of their own dates can tell."""
    start, end = window[0].isoformat(), window[1].isoformat()
    gone, to_check = [], []
    for request_id, (first, last, status) in known.items():
        if request_id in seen:
            continue
        if first is not None and first < end and last >= start:
            gone.append(request_id)
        elif status == "PENDING" and first is not None:
            to_check.append(request_id)
    return sorted(gone), sorted(to_check)


def _date_query(first: str, last: str) -> list[dict]:
    a, b = date.fromisoformat(first), date.fromisoformat(last) + timedelta(days=1)
    return [
        {"dateRange": {"startDate": p.isoformat(), "endDate": (q - timedelta(days=1)).isoformat()}}
        for p, q in chunks(a, b, TIME_OFF_MAX_DAYS)
    ]


def _path(mu: dict) -> str:
    return f"{WFM}/managementunits/{mu['id']}/timeoffrequests/query"


def _read(c, path: str, seen: dict, bodies: list[dict]) -> dict:
    """Run time-off queries (together), collecting every returned request by id into ``seen``, in the
    bodies' order; returns ``seen``."""

    def query(body: dict) -> dict:
        return c.result(lambda: c.post(path, body), None, expect=("entities",))

    for listing in c.each(query, bodies):
        for r in listing["entities"]:
            if isinstance(r, dict) and r.get("id"):
                seen[r["id"]] = r
    return seen


def time_off_requests(x: Extraction):
    c = x.client
    window = x.window("time_off_requests")
    state = dlt.current.resource_state().setdefault("known_requests", {})
    bodies = _date_query(*[d.isoformat() for d in (window[0], window[1] - timedelta(days=1))]) + [
        {"statuses": ["PENDING"]}
    ]
    units = [mu for mus in x.org.management_units.values() for mu in mus]
    for mu, seen in zip(units, c.each(lambda mu: _read(c, _path(mu), {}, bodies), units), strict=True):
        known = state.setdefault(mu["id"], {})
        gone, to_check = missing_from(known, seen, window)
        _read(c, _path(mu), seen, [q for rid in to_check for q in _date_query(known[rid][0], known[rid][1])])
        gone += [rid for rid in to_check if rid not in seen]
        rows = x.rows(time_off_row, seen.values(), mu["id"])
        now = iso(datetime.now(UTC))
        yield rows + [{**x.cols, "request_id": rid, "management_unit_id": mu["id"], "deleted": True} for rid in gone]
        if gone:
            yield emit(
                "record_deletions",
                [
                    {
                        **x.cols,
                        "table_name": "time_off_requests",
                        "record_id": rid,
                        "management_unit_id": mu["id"],
                        "detected_at": now,
                    }
                    for rid in gone
                ],
            )
        for rid in gone:
            known.pop(rid)
        for rid, r in seen.items():
            first, last = request_dates(r) or (None, None)
            known[rid] = [first, last, r.get("status")]
        stale = [
            rid
            for rid, (f, last, status) in known.items()
            if status != "PENDING" and last is not None and last < window[0].isoformat()
        ]
        for rid in stale:  # before every future window: never covered again
            known.pop(rid)
