"""The demo scenario carries the hard cases a consolidation must handle: identity, activity codes, DST.

Each case is checked on the in-process model (fast, complete) and, where cheap, once through the API
of a running demo simulator (``demo_sim``, read-only).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from datetime import time as dtime
from zoneinfo import ZoneInfo

import pytest

from genesys_sim.model.catalog import CATEGORIES
from tests.sim._api import parse_utc
from tests.sim.demo_cases import ORGS, WINDOW_END, WINDOW_START, people_of


def test_window_matches_anchor(demo_model):
    assert (demo_model.world.window_start, demo_model.world.window_end) == (WINDOW_START, WINDOW_END)


# ---------------------------------------------------------------------------------------------- identity


def test_about_five_percent_of_people_have_two_accounts(demo_model):
    people = people_of(demo_model)
    multi = [accounts for accounts in people.values() if len(accounts) > 1]
    assert all(len(accounts) == 2 and accounts[0].org_key != accounts[1].org_key for accounts in multi)
    assert len(multi) >= 30
    assert 0.04 <= len(multi) / len(people) <= 0.07
    same_employee_id = [a for a in multi if a[0].employee_id and a[0].employee_id == a[1].employee_id]
    assert len(same_employee_id) >= 30


def test_api_employee_ids_shared_across_orgs(api_users):
    orgs_by_employee_id = defaultdict(set)
    names = defaultdict(set)
    for key, users in api_users.items():
        for user in users:
            employee_id = user["employerInfo"].get("employeeId")
            if employee_id:
                orgs_by_employee_id[employee_id].add(key)
                names[employee_id].add(user["name"])
    shared = [e for e, orgs in orgs_by_employee_id.items() if len(orgs) == 2]
    assert len(shared) >= 30
    people = sum(len(users) for users in api_users.values()) - len(shared)
    assert 0.04 <= len(shared) / people <= 0.07
    assert all(len(names[e]) == 1 for e in shared)  # the same person, not a collision


def test_api_emails_differing_only_by_case(api_users):
    by_employee_id = defaultdict(list)
    for key, users in api_users.items():
        for user in users:
            if user["employerInfo"].get("employeeId"):
                by_employee_id[user["employerInfo"]["employeeId"]].append((key, user["email"]))
    case_only = [
        rows
        for rows in by_employee_id.values()
        if len({k for k, _ in rows}) == 2 and rows[0][1] != rows[1][1] and rows[0][1].lower() == rows[1][1].lower()
    ]
    assert len(case_only) >= 3
    assert all(any(c.isupper() for _, email in rows for c in email) for rows in case_only)


def test_api_people_without_employee_id_share_the_exact_email(api_users):
    orgs_by_email = defaultdict(set)
    for key, users in api_users.items():
        for user in users:
            if "employeeId" not in user["employerInfo"]:
                orgs_by_email[user["email"]].add(key)
    assert 3 <= sum(1 for orgs in orgs_by_email.values() if len(orgs) == 2) <= 15


def test_two_people_behind_one_mailbox_in_one_org(api_users):
    """Different employeeIds, same email, same org: a conflict to report, never to merge."""
    by_email = defaultdict(set)
    for user in api_users["emea"]:
        by_email[user["email"]].add(user["employerInfo"].get("employeeId"))
    clashes = [ids for ids in by_email.values() if len(ids - {None}) >= 2]
    assert len(clashes) == 1


# -------------------------------------------------------------------------------------------- activity codes


@pytest.fixture(scope="module")
def api_codes(apis, api_bus) -> dict[str, dict[str, list[dict]]]:
    """org -> business unit id -> activity codes."""
    return {key: {bu["id"]: apis[key].activity_codes(bu["id"]) for bu in api_bus[key]} for key in ORGS}


def test_same_code_name_has_different_ids_across_orgs(api_codes):
    ids_by_name = defaultdict(lambda: defaultdict(set))
    for key, units in api_codes.items():
        for codes in units.values():
            for code in codes:
                ids_by_name[code["name"]][key].add(code["id"])
    for name in ("Team Meeting", "Vacation", "Break", "On Queue Work"):
        per_org = ids_by_name[name]
        assert set(per_org) == set(ORGS), name
        all_ids = [i for ids in per_org.values() for i in ids]
        assert len(all_ids) == len(set(all_ids)), name  # never reused across orgs (or units)
    # the same name drifts in its attributes between orgs
    length = {
        key: {c["lengthInMinutes"] for codes in units.values() for c in codes if c["name"] == "Team Meeting"}
        for key, units in api_codes.items()
    }
    assert length == {"emea": {30}, "apac": {45}, "amer": {30}}


def test_code_names_existing_in_one_org_only(api_codes):
    orgs_by_name = defaultdict(set)
    for key, units in api_codes.items():
        for codes in units.values():
            for code in codes:
                orgs_by_name[code["name"]].add(key)
    assert orgs_by_name["Works Council"] == {"emea"}
    assert orgs_by_name["Public Holiday"] == {"apac"}
    assert orgs_by_name["Email Backlog"] == {"emea", "apac"}  # missing in amer


def test_one_default_code_per_category_per_business_unit(api_codes):
    units = 0
    for key, per_bu in api_codes.items():
        for bu_id, codes in per_bu.items():
            units += 1
            defaults = Counter(c["category"] for c in codes if c["defaultCode"])
            assert defaults == Counter(CATEGORIES), (key, bu_id)
            assert any(not c["defaultCode"] for c in codes)
    assert units == 6


# ---------------------------------------------------------------------------------------------------- DST


def _offsets(tz_name: str) -> set[timedelta]:
    tz = ZoneInfo(tz_name)
    return {
        datetime.combine(WINDOW_START + timedelta(days=i), dtime(12), tz).utcoffset()
        for i in range((WINDOW_END - WINDOW_START).days)
    }


def test_dst_change_inside_the_window_for_two_orgs(api_bus):
    changing = {
        key for key, bus in api_bus.items() if any(len(_offsets(bu["settings"]["timeZone"])) == 2 for bu in bus)
    }
    assert len(changing) >= 2
    assert changing == {"emea", "apac", "amer"}
    manila = [bu for bu in api_bus["apac"] if bu["settings"]["timeZone"] == "Asia/Manila"]
    assert len(_offsets(manila[0]["settings"]["timeZone"])) == 1  # a control: no DST there


def _dst_pairs(agent_schedules: list[dict], tz_name: str, change: date) -> list[tuple]:
    """(user, local HH:MM, UTC hour before, UTC hour after) for shifts starting at the same local time."""
    tz = ZoneInfo(tz_name)
    pairs = []
    for row in agent_schedules:
        before, after = {}, {}
        for shift in row["shifts"]:
            start = parse_utc(shift["startDate"])
            local = start.astimezone(tz)
            side = before if local.date() < change else after
            side.setdefault((local.hour, local.minute), start.hour)
        for hhmm in before.keys() & after.keys():
            pairs.append((row["user"]["id"], hhmm, before[hhmm], after[hhmm]))
    return pairs


@pytest.mark.parametrize(
    "org_key, bu_name, change, weeks, shift_hours",
    [
        ("emea", "EMEA Customer Care", date(2026, 10, 25), ("2026-10-19", "2026-10-26"), 1),  # CEST -> CET
        ("amer", "AMER East", date(2026, 11, 1), ("2026-10-25", "2026-11-01"), 1),  # EDT -> EST
        ("apac", "APAC Adelaide", date(2026, 10, 4), ("2026-09-28", "2026-10-05"), -1),  # ACST -> ACDT
    ],
)
def test_api_same_local_start_moves_in_utc_across_dst(
    demo_model, apis, api_bus, org_key, bu_name, change, weeks, shift_hours
):
    """Shifts are laid out in business-unit local time: the same local start is another UTC hour after the change.

    Only home accounts: a bi-regional person's block follows their home shift's UTC time instead."""
    org = demo_model.orgs[org_key]
    (bu,) = [b for b in api_bus[org_key] if b["name"] == bu_name]
    tz_name = bu["settings"]["timeZone"]
    mu = apis[org_key].management_units(bu["id"])[0]
    rows = {}
    for week in weeks:
        for row in apis[org_key].agent_schedules(bu["id"], week, mu["id"]):
            if org.account(row["user"]["id"]).home is not None:
                continue
            rows.setdefault(row["user"]["id"], {"user": row["user"], "shifts": []})["shifts"] += row["shifts"]
    pairs = _dst_pairs(list(rows.values()), tz_name, change)
    assert len(pairs) >= 10
    bad = [p for p in pairs if (p[3] - p[2]) % 24 != shift_hours % 24]
    assert bad == []
