"""Time-off plans, their limits and the staffing groups they apply to, with each region's public holidays.

Per business unit (SDK v269 ``BuTimeOffPlanResponse``, ``BuTimeOffLimitResponse``, ``StaffingGroupResponse``):

* a staffing group of its part-time agents (those whose shifts are ``PART_SHIFT`` long);
* a "Vacation" plan for every management unit (``businessUnitAssociation.managementUnits``), checked against
  limits (AMER approves none automatically: a drift the cross-org report shows), its public holidays
  ``Blocked`` (one per region's calendar, so each org's differ: Berlin is not London, Sydney not Manila) and
  the day before Christmas ``ManualReview``; a "Sick Leave" plan, always approved, without limits or blocked
  dates; a "Part-time Vacation" plan bound to the staffing group; and, where the business unit has a "Public
  Holiday" code (APAC), a plan for it. Plan names are the same in every org (compared across orgs by name);
* one daily time-off limit per management unit: on a working day a tenth of the unit's agents (at least one)
  may be off, 480 minutes each; none on a blocked holiday; what approved and pending requests of the unit's
  agents take is allocated (480 minutes a full day, 120 a partial one).

Plans carry no users (Genesys lists none): who is on a plan follows from its units and staffing groups.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from ..ids import guid
from .schedule import PART_SHIFT, Shift

# public holidays by business-unit time zone: (month, day) fixed dates; "thanksgiving" is the US rule
CALENDARS = {
    "Europe/Berlin": ((1, 1), (5, 1), (10, 3), (12, 25), (12, 26)),
    "Europe/London": ((1, 1), (12, 25), (12, 26)),
    "Europe/Dublin": ((1, 1), (3, 17), (12, 25), (12, 26)),
    "Australia/Sydney": ((1, 1), (1, 26), (4, 25), (12, 25), (12, 26)),
    "Asia/Manila": ((1, 1), (6, 12), (8, 21), (11, 30), (12, 25), (12, 30)),
    "America/New_York": ((1, 1), (7, 4), "thanksgiving", (12, 25)),
    "America/Chicago": ((1, 1), (7, 4), "thanksgiving", (12, 25)),
}
DEFAULT_CALENDAR = ((1, 1), (12, 25))
LIMIT_SHARE = 0.1  # of a unit's agents that may be off on a working day
RULE_DRIFT = {"amer": "Never"}  # AMER reviews every vacation request by hand (a cross-org drift)
FULL_DAY, PARTIAL = 480, 120


def holidays(tz: str, first: date, last: date) -> list[date]:
    """Public holidays of a business unit's calendar in [first, last]."""
    found = []
    for year in range(first.year, last.year + 1):
        for rule in CALENDARS.get(tz, DEFAULT_CALENDAR):
            if rule == "thanksgiving":
                november = date(year, 11, 1)
                day = november + timedelta(days=(3 - november.weekday()) % 7 + 21)
            else:
                day = date(year, *rule)
            if first <= day <= last:
                found.append(day)
    return sorted(found)


def override_dates(bu, world) -> list[tuple[date, str]]:
    """(date, Blocked | ManualReview) over the world's window and the time-off horizon after it."""
    first, last = world.window_start - timedelta(days=60), world.window_end + timedelta(days=120)
    blocked = holidays(bu.tz, first, last)
    review = [d - timedelta(days=1) for d in blocked if (d.month, d.day) == (12, 25)]
    return sorted([(d, "Blocked") for d in blocked] + [(d, "ManualReview") for d in review if d not in blocked])


def part_timers(model, bu) -> list:
    """Home accounts of a business unit whose shifts are part-time ones (``PART_SHIFT`` minutes)."""
    found = []
    weeks = model.world.bu_weeks(bu)
    for mu in bu.management_units:
        for account in mu.accounts:
            if account.home is not None:
                continue
            lengths = {
                item.minutes
                for week in weeks[:2]
                for item in model.week_plan(account.org_key, bu, week).get(account.user_id, [])
                if isinstance(item, Shift) and not item.manually_edited
            }
            if lengths and max(lengths) == PART_SHIFT:
                found.append(account)
    return found


@dataclass(frozen=True)
class Plan:
    id: str
    name: str
    code_ids: tuple[str, ...]
    rule: str  # autoApprovalRule
    units: tuple[str, ...]  # management unit ids (businessUnitAssociation.managementUnits)
    groups: tuple[str, ...]  # staffing group ids
    limits: tuple[str, ...]  # time-off limit ids
    overrides: tuple[tuple[date, str], ...]


def staffing_group_id(seed: int, org_key: str, bu) -> str:
    return guid(seed, org_key, bu.id, "staffing-group", "part-time")


def limit_id(seed: int, org_key: str, mu) -> str:
    return guid(seed, org_key, mu.id, "time-off-limit")


def plans(model, org_key: str, bu) -> list[Plan]:
    seed = model.seed
    units = tuple(mu.id for mu in bu.management_units)
    limits = tuple(limit_id(seed, org_key, mu) for mu in bu.management_units)
    overrides = tuple(override_dates(bu, model.world))

    def code(name: str, category: str = "TimeOff") -> str:
        return (bu.code_by_name(name) or bu.default_code(category)).id

    def plan(name: str, codes, rule, units=(), groups=(), limits=(), overrides=()) -> Plan:
        return Plan(
            guid(seed, org_key, bu.id, "time-off-plan", name),
            name,
            tuple(codes),
            rule,
            units,
            groups,
            limits,
            overrides,
        )

    found = [
        plan("Vacation", [code("Vacation")], RULE_DRIFT.get(org_key, "CheckLimits"), units, (), limits, overrides),
        plan("Sick Leave", [code("Sick Leave")], "Always", units),
    ]
    if part_timers(model, bu):
        group = staffing_group_id(seed, org_key, bu)
        found.append(
            plan(
                "Part-time Vacation", [code("Vacation")], "CheckLimitsAndActivityCodes", (), (group,), limits, overrides
            )
        )
    if bu.code_by_name("Public Holiday") is not None:
        found.append(plan("Public Holiday", [code("Public Holiday")], "Never", units))
    return found


def limit_values(model, org_key: str, bu, mu, first: date, last: date) -> dict[str, list[int]]:
    """Per day of [first, last]: limitMinutes, allocatedMinutes, waitlistedMinutes, waitlistedRequests."""
    blocked = {d for d, kind in override_dates(bu, model.world) if kind == "Blocked"}
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    agents = max(1, math.ceil(LIMIT_SHARE * len(mu.accounts)))
    allocated = dict.fromkeys(days, 0)
    for req in model.time_off(org_key).for_management_unit(mu.id):
        if req.status in ("APPROVED", "PENDING") and req.submitted <= model.now:
            for day in req.dates:
                if day in allocated:
                    allocated[day] += FULL_DAY if req.full_day else PARTIAL
    return {
        "limitMinutes": [0 if d in blocked else agents * FULL_DAY for d in days],
        "allocatedMinutes": [allocated[d] for d in days],
        "waitlistedMinutes": [0] * len(days),
        "waitlistedRequests": [0] * len(days),
    }
