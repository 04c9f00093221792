"""The report's headline figures, recomputed from the raw tables (genesys_<org>.*) in Python, independently of every
dbt model: identities, shift dates, Genesys' formulas and roll-ups are rebuilt here from the definitions in
docs/metrics.md, so a wrong model cannot agree with itself."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import duckdb
import pytest

pytestmark = pytest.mark.slow  # the package fixture loads and builds tiny (about a minute)
ORGS = ("emea", "apac")
UTC = ZoneInfo("UTC")
RANK = {"OutOfAdherence": 1, "Explained": 2, "InAdherence": 3, "Ignored": 4, "Unknown": 5}


class Raw:
    """The raw tables of every org, and who is who, read straight from them."""

    def __init__(self, db):
        self.con = duckdb.connect(str(db), read_only=True)
        self.accounts = self._accounts()
        self.person, self.zone = self._people()

    def all(self, sql: str) -> list[tuple]:
        return [row for org in ORGS for row in self.con.sql(sql.format(org=org)).fetchall()]

    def _accounts(self) -> dict:
        latest = self.all(
            "select '{org}', user_id, employee_id, lower(trim(email)), date_hire, state, _dlt_valid_from "
            "from genesys_{org}.users "
            "qualify row_number() over (partition by user_id order by _dlt_valid_from desc) = 1"
        )
        units = {
            (o, u): bu
            for o, u, bu in self.all(
                "select '{org}', user_id, min(business_unit_id) from genesys_{org}.schedule_activities group by 2"
            )
        }
        zones = dict(self.all("select business_unit_id, time_zone from genesys_{org}.business_units"))
        return {
            (o, u): {"employee": e, "email": m, "hire": h, "state": s, "zone": zones.get(units.get((o, u)))}
            for o, u, e, m, h, s, _ in latest
        }

    def _people(self):
        owners = defaultdict(set)
        for a in self.accounts.values():
            if a["employee"] and a["email"]:
                owners[a["email"]].add(a["employee"])
        person = {}
        for key, a in self.accounts.items():
            if a["employee"]:
                person[key] = "E" + a["employee"]
            elif a["email"] and len(owners[a["email"]]) == 1:
                person[key] = "E" + next(iter(owners[a["email"]]))
            else:
                person[key] = "M" + (a["email"] or ":".join(key))
        home = {}
        for key, a in sorted(self.accounts.items(), key=lambda kv: (kv[1]["hire"] or date.max, kv[0])):
            home.setdefault(person[key], a["zone"])
        return person, {key: ZoneInfo(home[p]) for key, p in person.items() if home[p]}

    def local(self, key, moment: datetime) -> date:
        return moment.replace(tzinfo=UTC).astimezone(self.zone[key]).date()


def _shift_dates(raw: Raw) -> dict:
    """(org, user, business date) -> person-local date of the day's first shift start; shift windows per account."""
    rows = raw.all(
        "select '{org}', s.user_id, s.shift_id, min(s.shift_start_date), "
        "max(s.start_date + s.length_minutes * interval 1 minute), min(b.time_zone) "
        "from genesys_{org}.schedule_activities s join genesys_{org}.business_units b using (business_unit_id) "
        "where s._dlt_valid_to is null group by 2, 3"
    )
    dates, windows = {}, defaultdict(list)
    for org, user, _, start, end, tz in rows:
        start, end = (timezone_naive(t) for t in (start, end))
        bu_date = start.replace(tzinfo=UTC).astimezone(ZoneInfo(tz)).date()
        key = (org, user, bu_date)
        local = raw.local((org, user), start)
        dates[key] = min(dates.get(key, local), local)
        windows[(org, user)].append((start - timedelta(hours=1), end + timedelta(hours=1), local))
    return {"dates": dates, "windows": windows}


def timezone_naive(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _realtime(raw: Raw) -> dict:
    rows = raw.all(
        "select '{org}', user_id, adherence_state from genesys_{org}.realtime_adherence "
        "where snapshot_at = (select max(snapshot_at) from genesys_{org}.realtime_adherence)"
    )
    worst: dict = {}
    for org, user, state in rows:
        person = raw.person.get((org, user), f"{org}:{user}")
        worst[person] = min(worst.get(person, 6), RANK.get(state, 6))
    ins, outs = sum(1 for r in worst.values() if r == 3), sum(1 for r in worst.values() if r == 1)
    return {"agents": len(worst), "adherence_pct": ins / (ins + outs) if ins + outs else None}


def _inbound_day(raw: Raw, day: date) -> dict:
    (offered, num, den) = [
        sum(v or 0 for v in col)
        for col in zip(
            *raw.all(
                "select offered, sl_numerator, sl_denominator from genesys_{org}.interaction_volume "
                f"where direction = 'inbound' and cast(timezone('UTC', interval_start) as date) = '{day}'"
            ),
            strict=True,
        )
    ]
    return {"offered": offered, "service_level_pct": num / den}


def _workforce(raw: Raw, day: date) -> dict:
    shifts = _shift_dates(raw)
    adh = defaultdict(int)
    for org, user, bu_date, *m in raw.all(
        "select '{org}', user_id, business_date, adherence_schedule_seconds, exception_duration_seconds, "
        "actual_length_seconds, conformance_schedule_seconds, conformance_actual_seconds "
        "from genesys_{org}.adherence_day_metrics"
    ):
        sched, exc, actual, conf_sched, conf_actual = m
        if shifts["dates"].get((org, user, bu_date)) != day or actual <= 0:
            continue
        if sched > 0:
            adh["sched"], adh["exc"] = adh["sched"] + sched, adh["exc"] + exc
        if conf_sched > 0:
            adh["conf_sched"], adh["conf_actual"] = adh["conf_sched"] + conf_sched, adh["conf_actual"] + conf_actual
    presence = defaultdict(float)
    for org, user, start, qualifier, ms in raw.all(
        "select '{org}', user_id, timezone('UTC', interval_start), qualifier, milliseconds "
        "from genesys_{org}.user_presence where metric = 'tAgentRoutingStatus'"
    ):
        if (org, user) in raw.zone and raw.local((org, user), start) == day:
            presence[qualifier] += ms
    shrink = _shrinkage(raw, day, shifts)
    return {
        "adherence_pct": max(0.0, 1 - adh["exc"] / adh["sched"]),
        "conformance_pct": adh["conf_actual"] / adh["conf_sched"],
        "occupancy_pct": presence["INTERACTING"]
        / (presence["INTERACTING"] + presence["COMMUNICATING"] + presence["IDLE"]),
        **shrink,
    }


def _shrinkage(raw: Raw, day: date, shifts: dict) -> dict:
    flags = {
        (o, bu, c): (counts, planned)
        for o, bu, c, counts, planned in raw.all(
            "select '{org}', business_unit_id, activity_code_id, counts_toward_shrinkage, planned_shrinkage "
            "from genesys_{org}.activity_codes qualify row_number() over "
            "(partition by business_unit_id, activity_code_id order by _dlt_valid_from desc) = 1"
        )
    }
    minutes = defaultdict(float)

    def add(org, bu, code, length):
        counts, planned = flags.get((org, bu, code), (False, False))
        minutes["base"] += length
        minutes["planned" if planned else "unplanned"] += length if counts else 0

    for org, user, bu, code, start, length in raw.all(
        "select '{org}', user_id, business_unit_id, activity_code_id, timezone('UTC', shift_start_date), "
        "length_minutes from genesys_{org}.schedule_activities where _dlt_valid_to is null"
    ):
        if raw.local((org, user), start) == day:
            add(org, bu, code, length)
    for org, bu, code, length in raw.all(
        f"select '{{org}}', business_unit_id, activity_code_id, length_minutes from genesys_{{org}}.full_day_time_off "
        f"where business_unit_date = '{day}'"
    ):
        add(org, bu, code, length)
    for org, user, start, end in raw.all(
        "select '{org}', user_id, timezone('UTC', start_date), timezone('UTC', end_date) "
        "from genesys_{org}.adherence_exceptions where impact = 'Negative'"
    ):
        dated = [d for lo, hi, d in shifts["windows"][(org, user)] if lo <= start < hi]
        if (dated[0] if dated else raw.local((org, user), start)) == day:
            minutes["unplanned"] += (end - start).total_seconds() / 60
    return {
        "planned_shrinkage_pct": minutes["planned"] / minutes["base"],
        "unplanned_shrinkage_pct": minutes["unplanned"] / minutes["base"],
    }


def _headcount(raw: Raw, day: date) -> int:
    """People with an account employed on ``day``: hired by then (an account without ``dateHire``, optional in the
    API, from the local date of its first scheduled activity: its first evidence), and active, or a leaver whose
    last scheduled activity ended on or after it (Genesys keeps no leaving date)."""
    last_end = {
        (o, u): timezone_naive(end)
        for o, u, end in raw.all(
            "select '{org}', user_id, max(start_date + length_minutes * interval 1 minute) "
            "from genesys_{org}.schedule_activities where _dlt_valid_to is null group by 2"
        )
    }
    first_start = {
        (o, u): timezone_naive(start)
        for o, u, start in raw.all(
            "select '{org}', user_id, min(start_date) from genesys_{org}.schedule_activities group by 2"
        )
    }
    employed = set()
    for key, account in raw.accounts.items():
        if key not in raw.zone:
            continue
        hired = account["hire"] or (raw.local(key, first_start[key]) if key in first_start else None)
        if hired is None or hired > day:
            continue
        if account["state"] == "active" or (key in last_end and raw.local(key, last_end[key]) >= day):
            employed.add(raw.person[key])
    return len(employed)


def test_the_headline_figures_recomputed_from_raw_tables(tiny_reports, tmp_path):
    from report.build import build

    summary = build(tmp_path / "reports", tiny_reports.db)["global"]
    raw = Raw(tiny_reports.db)
    snapshot = _realtime(raw)
    assert (summary["snapshot"]["agents"], summary["snapshot"]["adherence_pct"]) == (
        snapshot["agents"],
        pytest.approx(snapshot["adherence_pct"]),
    )
    for figure in ("service_level", "volume"):
        inbound = _inbound_day(raw, summary[figure]["date"])
        assert summary[figure]["service_level_pct"] == pytest.approx(inbound["service_level_pct"]), figure
    assert summary["volume"]["offered"] == _inbound_day(raw, summary["volume"]["date"])["offered"]
    workforce = summary["workforce"]
    assert workforce["headcount"] == _headcount(raw, workforce["date"])
    want = _workforce(raw, workforce["date"])
    for name, value in want.items():
        assert workforce[name] == pytest.approx(value, rel=1e-6), name
    assert summary["reconciliation"]["checked"] == summary["reconciliation"]["within_tolerance"] > 100
