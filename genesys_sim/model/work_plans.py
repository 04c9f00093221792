"""Work plans, work-plan rotations and which plan each agent works under each week.

Per management unit (SDK v269 ``WorkPlanListItemResponse``, ``WorkPlanRotationResponse``): a full-time plan
(36 to 40 paid hours a week: the simulator's full shifts are 510 minutes with a 30-minute unpaid meal, so 480
paid minutes a day), a part-time plan (exactly 25 paid hours: five 300-minute shifts), an early and a late
plan (40 hours, different start windows) that an Early/Late rotation alternates week by week, and a cover plan
(at most 10 hours) for the two-hour blocks bi-regional people work in their second org. Genesys has no
"contract hours": a plan's weekly paid time is ``weeklyExactPaidMinutes`` or ``weeklyMinimumPaidMinutes`` /
``weeklyMaximumPaidMinutes``.

Part-timers are on the part-time plan, every third full-timer of a unit is on the rotation (starting at
either end of its pattern), the other full-timers on the full-time plan, second-org accounts on the cover
plan. The per-week plan of an agent (``agents/workplans/query``) is the rotation's plan of that week for
rotation agents and their own plan otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..ids import guid, week_start
from .timeoff_plans import part_timers

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class WorkPlan:
    id: str
    key: str  # full, part, early, late, cover
    name: str
    exact: int | None  # weeklyExactPaidMinutes (flexibleWeeklyPaidTime false)
    minimum: int | None
    maximum: int | None
    shift_minutes: tuple[int, int]  # minimum / maximum paid minutes of a shift
    start_window: tuple[int, int]  # earliest / latest start, minutes from midnight
    days: tuple[str, ...]


PLANS = (
    ("full", "Full-time 40h", None, 2160, 2400, (480, 480), (420, 750), WEEKDAYS),
    ("part", "Part-time 25h", 1500, None, None, (300, 300), (420, 960), WEEKDAYS),
    ("early", "Early shifts 40h", 2400, None, None, (480, 480), (420, 540), WEEKDAYS),
    ("late", "Late shifts 40h", 2400, None, None, (480, 480), (660, 750), WEEKDAYS),
    ("cover", "Cover blocks", None, 0, 600, (120, 120), (0, 1410), WEEKDAYS),
)


def plans(seed: int, org_key: str, mu) -> dict[str, WorkPlan]:
    return {
        key: WorkPlan(guid(seed, org_key, mu.id, "work-plan", key), key, name, exact, low, high, shift, window, days)
        for key, name, exact, low, high, shift, window, days in PLANS
    }


def rotation_id(seed: int, org_key: str, mu) -> str:
    return guid(seed, org_key, mu.id, "work-plan-rotation")


@dataclass(frozen=True)
class Assignment:
    """An account's own plan (``plan``) or its place on the unit's rotation (``position`` 0 or 1)."""

    plan: str | None
    position: int | None = None


def assignments(model, bu, mu) -> dict[str, Assignment]:
    """user id -> the account's assignment, for every account of a management unit."""
    part = {a.user_id for a in part_timers(model, bu)}
    out, full_time = {}, 0
    for account in mu.accounts:
        if account.home is not None:
            out[account.user_id] = Assignment("cover")
        elif account.user_id in part:
            out[account.user_id] = Assignment("part")
        else:
            full_time += 1
            out[account.user_id] = Assignment(None, full_time % 2) if full_time % 3 == 0 else Assignment("full")
    return out


def rotation_start(model, bu) -> date:
    """The rotation's first week: the business unit's week of the world's window start."""
    return week_start(model.world.window_start, bu.spec.start_day_of_week)


def plan_of_week(model, bu, assignment: Assignment, week: date) -> str:
    """The plan key an assignment works under in a business-unit week."""
    if assignment.plan is not None:
        return assignment.plan
    weeks = (week - rotation_start(model, bu)).days // 7
    return ("early", "late")[(assignment.position + weeks) % 2]
