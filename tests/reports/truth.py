"""Expected report values computed from the simulator's model in-process (never from the warehouse or SQL).

The model is the tiny scenario at the test anchor with the same intraday republish the fixture made, so
schedules (past and future) are exactly what the simulator served.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from genesys_sim.model import FullDayMarker, Model, Shift
from genesys_sim.model import volume
from genesys_sim.model.adherence import actual_segments, exceptions
from genesys_sim.model.catalog import ANALYTICS_MEDIA
from genesys_sim.routes.wfm_adherence import _state
from genesys_sim.scenarios import get_scenario
from pipelines.names import name_key
from tests.reports.conftest import FIRST_SNAPSHOT, LATER_SNAPSHOT, REPUBLISHED
from tests.warehouse import ANCHOR

UTC = timezone.utc
MIDNIGHT = datetime.combine(ANCHOR, time(0), UTC)  # volume and presence are extracted up to here
QUARTER = timedelta(minutes=15)


def person_zone(account) -> ZoneInfo:
    return ZoneInfo((account.home or account).bu.tz)


@dataclass
class Truth:
    model: Model
    mutations: list
    original: Model  # the same world before the republish (the "before" of each change)
    items: list = field(default_factory=list)  # (org_key, bu, account, Shift | FullDayMarker)

    @property
    def world(self):
        return self.model.world

    @property
    def accounts(self):
        return [a for org in self.model.orgs.values() for a in org.accounts]

    def region(self, org_key: str) -> str:
        return self.model.orgs[org_key].spec.region


def build_truth() -> Truth:
    model = Model(get_scenario("tiny"), ANCHOR)
    mutations = model.republish("emea", REPUBLISHED)
    truth = Truth(model, mutations, Model(get_scenario("tiny"), ANCHOR))
    for org in model.orgs.values():
        for bu in org.business_units:
            for week in model.world.bu_weeks(bu):
                for user_id, items in model.week_plan(org.key, bu, week).items():
                    account = org.account(user_id)
                    truth.items += [(org.key, bu, account, item) for item in items]
    return truth


def shifts(truth: Truth):
    return [(org_key, bu, account, item) for org_key, bu, account, item in truth.items if isinstance(item, Shift)]


# ----------------------------------------------------------------------------------------- people
def org_days(truth: Truth) -> dict[tuple[str, str], Counter]:
    """(org_key, person-local date of the shift's start) -> minutes: scheduled, paid, on_queue, full_day (full-day
    time off), full_day_paid, planned and unplanned (codes counting toward shrinkage as planned / unplanned),
    exception, negative (historical adherence: complete business days only)."""
    out: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for org_key, bu, account, item in truth.items:
        tz = person_zone(account)
        if isinstance(item, FullDayMarker):
            row = out[(org_key, item.bu_date.isoformat())]
            row["full_day"] += 480
            row["full_day_paid"] += item.minutes
            row[_shrinkage(item.code)] += 480
            continue
        row = out[(org_key, item.start.astimezone(tz).date().isoformat())]
        for activity in item.activities:
            row["scheduled"] += activity.minutes
            row["paid"] += activity.minutes if activity.code.spec.paid else 0
            row["on_queue"] += activity.minutes if activity.category == "OnQueueWork" else 0
            row[_shrinkage(activity.code)] += activity.minutes
        if item.start.astimezone(ZoneInfo(bu.tz)).date() < ANCHOR:  # historical adherence: complete days only
            for exc in exceptions(truth.model.seed, item, truth.model.now):
                row["exception"] += exc.seconds / 60
                row["negative"] += exc.seconds / 60 if exc.impact == "Negative" else 0
    return out


def _shrinkage(code) -> str:
    """Which shrinkage a code's minutes are, by its flags as the API renders them (genesys_sim/render.py)."""
    counts = code.spec.category != "OnQueueWork"  # countsTowardShrinkage
    return "other" if not counts else "planned" if code.spec.planned_shrinkage else "unplanned"


def employment(truth: Truth) -> list[tuple[str, str, date, date | None]]:
    """(person_id, org_key, first local day, last local day or None) per account: hired, and for a leaver up to
    the local date of their last scheduled shift's end (what the API shows: Genesys keeps no leaving date). An
    account without dateHire in the API (optional) starts on the local date of its first scheduled shift, its
    first evidence (its first load comes later)."""
    first_start: dict[tuple[str, str], datetime] = {}
    last_end: dict[tuple[str, str], datetime] = {}
    for key, _, account, item in shifts(truth):
        last_end[(key, account.user_id)] = max(last_end.get((key, account.user_id), item.end), item.end)
        first_start[(key, account.user_id)] = min(first_start.get((key, account.user_id), item.start), item.start)

    def first_day(a) -> date:
        if a.date_hire_on_file:
            return a.date_hire
        return first_start[(a.org_key, a.user_id)].astimezone(person_zone(a)).date()

    return [(a.person_id, a.org_key, first_day(a),
             None if a.date_left is None else last_end[(a.org_key, a.user_id)].astimezone(person_zone(a)).date())
            for a in truth.accounts]


def headcount(employed: list, day: date, org_key: str | None = None) -> int:
    return len({person for person, key, first, last in employed
                if (org_key is None or key == org_key) and first <= day and (last is None or day <= last)})


def presence_days(truth: Truth) -> dict[tuple[str, str], list[float]]:
    """(org_key, person-local date) -> [on-queue, interacting, communicating, idle seconds] from actual activity, as
    the users aggregates report it (extracted up to the anchor's UTC midnight)."""
    out: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0])
    seed = truth.model.seed
    for org_key, _, account, shift in shifts(truth):
        shares = volume.routing_shares(seed, org_key, account.user_id, shift.start.date())
        tz = person_zone(account)
        for start, end, category in actual_segments(seed, shift, datetime.combine(ANCHOR, time(12), UTC)):
            minute = start
            while category == "OnQueueWork" and minute < min(end, MIDNIGHT):
                row = out[(org_key, minute.astimezone(tz).date().isoformat())]
                row[0] += 60
                row[1] += 60 * shares["INTERACTING"]
                row[2] += 60 * shares["COMMUNICATING"]
                row[3] += 60 * shares["IDLE"]
                minute += timedelta(minutes=1)
    return out


def outlier_runs(truth: Truth) -> dict[tuple[str, str, datetime], float]:
    """Every historical run out of adherence: exceptions of one account that touch end to start are one run.
    (org_key, user_id, run start) -> minutes."""
    found: dict[tuple[str, str], list] = defaultdict(list)
    for org_key, bu, account, shift in shifts(truth):
        if shift.start.astimezone(ZoneInfo(bu.tz)).date() < ANCHOR:
            found[(org_key, account.user_id)] += exceptions(truth.model.seed, shift, truth.model.now)
    runs = {}
    for (org_key, user_id), pieces in found.items():
        start = end = None
        for exc in sorted(pieces, key=lambda e: e.start):
            if start is None or exc.start != end:
                start = exc.start.replace(tzinfo=None)
                runs[(org_key, user_id, start)] = 0.0
            runs[(org_key, user_id, start)] += exc.seconds / 60
            end = exc.end
    return runs


def snapshot_states(truth: Truth) -> dict[str, dict[str, str]]:
    """org_key -> {person_id: adherence state} as the latest snapshot of each org saw it."""
    taken = {"emea": LATER_SNAPSHOT, "apac": FIRST_SNAPSHOT}
    out: dict[str, dict[str, str]] = {}
    for org in truth.model.orgs.values():
        now = taken[org.key].replace(tzinfo=UTC)
        states = {}
        for bu in org.business_units:
            for mu in bu.management_units:
                for account in mu.accounts:
                    if account.employed_on(now.astimezone(ZoneInfo(bu.tz)).date()):
                        states[account.person_id] = _state(truth.model, account, now)["adherenceState"]
        out[org.key] = states
    return out


def time_off_requests(truth: Truth) -> list[tuple[datetime, str, str, str]]:
    """(submitted UTC, org_key, request id, status) of every request submitted by now, in submission order."""
    rows = [(r.submitted.astimezone(UTC).replace(tzinfo=None), key, r.id, r.status)
            for key in truth.model.orgs for r in truth.model.time_off(key).requests if r.submitted <= truth.model.now]
    return sorted(rows)


# ----------------------------------------------------------------------------------------- volume
def planning_groups(truth: Truth):
    for org in truth.model.orgs.values():
        for bu in org.business_units:
            for pg in bu.planning_groups:
                yield org.key, bu, pg


def queue_group_days(truth: Truth) -> dict[tuple[str, str, str], list[float]]:
    """(queue name key, media type, UTC date) -> [offered, handled, handle seconds, orgs] over every org."""
    out: dict[tuple, list] = defaultdict(lambda: [0, 0, 0.0, set()])
    day = truth.world.window_start
    while day < ANCHOR:
        for org_key, bu, pg in planning_groups(truth):
            rows = volume.actual_day(truth.model.seed, org_key, pg.id, pg.spec, bu.spec, day)
            offered = sum(r[0] for r in rows)
            if offered:
                cell = out[(name_key(pg.spec.queue_name), ANALYTICS_MEDIA[pg.spec.media_type], day.isoformat())]
                cell[0] += offered
                cell[1] += sum(r[2] for r in rows)
                cell[2] += sum(r[3] for r in rows) / 1000
                cell[3].add(org_key)
        day += timedelta(days=1)
    return out


def forecast_days(truth: Truth) -> dict[tuple[str, str, str], dict]:
    """(org_key, planning group id, business-unit local date) -> forecast and actual offered, interval errors, for
    the local days inside the extracted volume (UTC days from the window start to the anchor)."""
    seed, out = truth.model.seed, {}
    first = datetime.combine(truth.world.window_start, time(0), UTC)
    for org_key, bu, pg in planning_groups(truth):
        tz = ZoneInfo(bu.tz)
        for offset in range(-1, (ANCHOR - truth.world.window_start).days):
            day = truth.world.window_start + timedelta(days=offset)
            start = datetime.combine(day, time(0), tz).astimezone(UTC)
            end = datetime.combine(day + timedelta(days=1), time(0), tz).astimezone(UTC)
            if start < first or end > MIDNIGHT:
                continue
            pairs, t = [], start
            while t < end:
                forecast, _ = volume.forecast_interval(seed, org_key, pg.id, pg.spec, bu.spec, t)
                actual = volume.actual_day(seed, org_key, pg.id, pg.spec, bu.spec, t.date())[t.hour * 4 + t.minute // 15]
                pairs.append((forecast, actual[0]))
                t += QUARTER
            total_f, total_a = sum(f for f, _ in pairs), sum(a for _, a in pairs)
            apes = [abs(f - a) / a for f, a in pairs if a > 0]
            out[(org_key, pg.id, day.isoformat())] = {
                "forecast": total_f, "actual": total_a, "intervals": len(pairs),
                "wape": sum(abs(f - a) for f, a in pairs) / total_a, "mape": sum(apes) / len(apes),
                "bias": (total_f - total_a) / total_a}
    return out


def on_queue_agents(truth: Truth) -> dict[tuple[str, str, datetime], float]:
    """(org_key, business unit id, 15-minute interval start) -> agents scheduled on queue (minutes / 15)."""
    out: dict[tuple, float] = defaultdict(float)
    for org_key, bu, account, shift in shifts(truth):
        for activity in shift.activities:
            if activity.category != "OnQueueWork":
                continue
            t = activity.start.replace(minute=activity.start.minute - activity.start.minute % 15)
            while t < activity.end:
                overlap = (min(activity.end, t + QUARTER) - max(activity.start, t)).total_seconds() / 60
                out[(org_key, account.bu.id, t.replace(tzinfo=None))] += overlap / 15
                t += QUARTER
    return out
