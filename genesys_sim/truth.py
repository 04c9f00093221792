"""Ground truth computed from the generator's own model, never through the API.

Later stages reconcile the warehouse against these files: people and accounts, per person per
local day scheduled and out-of-adherence minutes, per org per UTC day volume, time-off requests per
status, and the row count of every entity the API serves.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from .ids import daterange, iso_utc
from .model import FullDayMarker, Model, Shift, volume
from .model.adherence import exceptions
from .truth_metrics import DAY_FIELDS, day_metrics, service_level_days, staffing_requirement_days


def _write(path: Path, header: list[str], rows: list) -> int:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return len(rows)


def person_days(model: Model) -> dict[tuple[str, str], list[int]]:
    """(person_id, local date) -> [scheduled, on_queue, paid, time_off, full_day_time_off, exception] minutes.

    A shift and its exceptions (work just outside it included) count on the person's local date of the shift's
    start (their home account's business-unit time zone), as Genesys dates a shift: an overnight shift is not
    split. Shifts starting on a business-unit day from the window start up to the day before the anchor date:
    complete days only, the days historical adherence is extracted for.
    """
    world, now = model.world, model.now
    out: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0] * 6)
    for org in model.orgs.values():
        for bu in org.business_units:
            for week in world.bu_weeks(bu):
                plan = model.week_plan(org.key, bu, week)
                for account in (a for mu in bu.management_units for a in mu.accounts):
                    home = account.home or account
                    tz = ZoneInfo(home.bu.tz)
                    for item in plan.get(account.user_id, []):
                        if isinstance(item, FullDayMarker):
                            if world.window_start <= item.bu_date < world.anchor:
                                out[(account.person_id, item.bu_date.isoformat())][4] += item.minutes
                            continue
                        if not world.window_start <= item.start.astimezone(ZoneInfo(bu.tz)).date() < world.anchor:
                            continue
                        row = out[(account.person_id, item.start.astimezone(tz).date().isoformat())]
                        for activity in item.activities:
                            row[0] += activity.minutes
                            row[1] += activity.minutes if activity.category == "OnQueueWork" else 0
                            row[2] += activity.minutes if activity.code.spec.paid else 0
                            row[3] += activity.minutes if activity.category == "TimeOff" else 0
                        row[5] += sum(exc.seconds for exc in exceptions(model.seed, item, now)) // 60
    return out


def org_day_volume(model: Model) -> list[tuple]:
    world, rows = model.world, []
    for org in model.orgs.values():
        for day in daterange(world.window_start, world.anchor - timedelta(days=1)):
            totals = [0, 0, 0, 0]
            for bu in org.business_units:
                for pg in bu.planning_groups:
                    for r in volume.actual_day(model.seed, org.key, pg.id, pg.spec, bu.spec, day):
                        totals[0] += r[0]
                        totals[1] += r[2]
                        totals[2] += r[1]
                        totals[3] += r[3]
            rows.append((org.key, day.isoformat(), totals[0], totals[1], totals[2], round(totals[3] / 1000, 3)))
    return rows


ENTITIES = (
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
    "shifts",
    "schedule_activities",
    "full_day_time_off_markers",
    "adherence_exceptions",
    "time_off_requests",
)


def entity_counts(model: Model) -> list[tuple]:
    world, rows = model.world, []
    today = model.now.date()
    for org in model.orgs.values():
        counts = defaultdict(int, dict.fromkeys(ENTITIES, 0))  # every entity gets a row, even with 0 rows
        counts["users"] = len(org.accounts)
        counts["queues"] = len(org.queues)
        counts["business_units"] = len(org.business_units)
        for bu in org.business_units:
            counts["management_units"] += len(bu.management_units)
            counts["management_unit_users"] += sum(
                1 for mu in bu.management_units for a in mu.accounts if a.date_left is None or today < a.date_left
            )
            counts["activity_codes"] += len(bu.codes)
            counts["planning_groups"] += len(bu.planning_groups)
            counts["schedules"] += len(model.schedules(org.key, bu))
            forecasts = model.forecasts(org.key, bu)
            counts["forecasts"] += len(forecasts)
            # every week of every forecast, 672 values per planning group, 768 with an 8th day
            week_values = sum(
                768 if pg.spec.name in bu.spec.eighth_day_planning_groups else 672 for pg in bu.planning_groups
            )
            counts["forecast_intervals"] += week_values * sum(fc.week_count for fc in forecasts)
            for week in world.bu_weeks(bu):
                # the published view: one schedule shown per week (publication.shown)
                for items in model.week_plan(org.key, bu, week).values():
                    for item in items:
                        if isinstance(item, Shift):
                            counts["shifts"] += 1
                            counts["schedule_activities"] += len(item.activities)
                            if item.bu_date < world.anchor:  # complete business days only, as extraction reads
                                counts["adherence_exceptions"] += len(exceptions(model.seed, item, model.now))
                        else:
                            counts["full_day_time_off_markers"] += 1
        counts["time_off_requests"] = sum(1 for r in model.time_off(org.key).requests if r.submitted <= model.now)
        rows += [(org.key, name, value) for name, value in sorted(counts.items())]
    return rows


def write_truth(model: Model, out_dir: str | Path) -> dict[str, int]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    world = model.world
    written = {}
    accounts = [a for org in model.orgs.values() for a in org.accounts]
    people = defaultdict(list)
    for a in accounts:
        people[a.person_id].append(a)
    written["people.csv"] = _write(
        out / "people.csv",
        ["person_id", "name", "n_accounts", "home_org_key", "home_time_zone"],
        [
            (pid, accs[0].name, len(accs), (accs[0].home or accs[0]).org_key, (accs[0].home or accs[0]).bu.tz)
            for pid, accs in sorted(people.items())
        ],
    )
    today = model.now.date()
    written["accounts.csv"] = _write(
        out / "accounts.csv",
        [
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
        [
            (
                a.org_key,
                a.user_id,
                a.person_id,
                a.employee_id or "",
                a.email,
                a.state_on(today),
                a.date_hire.isoformat() if a.date_hire_on_file else "",
                a.date_left.isoformat() if a.date_left else "",
                int(a.home is not None),
                a.bu.id,
                a.mu.id,
            )
            for a in accounts
        ],
    )
    days = person_days(model)
    written["person_day.csv"] = _write(
        out / "person_day.csv",
        [
            "person_id",
            "local_date",
            "scheduled_minutes",
            "on_queue_minutes",
            "paid_minutes",
            "time_off_minutes",
            "full_day_time_off_minutes",
            "exception_minutes",
        ],
        [(p, d, *v) for (p, d), v in sorted(days.items())],
    )
    written["org_day_volume.csv"] = _write(
        out / "org_day_volume.csv",
        ["org_key", "utc_date", "offered", "handled", "abandoned", "handle_seconds"],
        org_day_volume(model),
    )
    statuses = defaultdict(int)
    for org in model.orgs.values():
        for req in model.time_off(org.key).requests:
            if req.submitted <= model.now:
                statuses[(org.key, req.status)] += 1
    written["time_off_status.csv"] = _write(
        out / "time_off_status.csv",
        ["org_key", "status", "requests"],
        [(o, s, n) for (o, s), n in sorted(statuses.items())],
    )
    written["entity_counts.csv"] = _write(
        out / "entity_counts.csv", ["org_key", "entity", "rows"], entity_counts(model)
    )
    written["adherence_day.csv"] = _write(
        out / "adherence_day.csv",
        ["org_key", "user_id", "business_date", *DAY_FIELDS],
        [(*key, *(v[f] for f in DAY_FIELDS)) for key, v in sorted(day_metrics(model).items())],
    )
    sl_fields = ("offered", "handled", "abandoned", "short_abandoned", "flow_out", "over_sla", "sl_numerator")
    written["service_level_day.csv"] = _write(
        out / "service_level_day.csv",
        ["org_key", "utc_date", *sl_fields, "sl_denominator"],
        [
            (*key, *(v[f] for f in sl_fields), v["sl_denominator"])
            for key, v in sorted(service_level_days(model).items())
        ],
    )
    written["staffing_requirement_day.csv"] = _write(
        out / "staffing_requirement_day.csv",
        ["org_key", "media_type", "local_date", "agent_hours"],
        [(*key, round(v, 4)) for key, v in sorted(staffing_requirement_days(model).items())],
    )
    manifest = {
        "scenario": world.scenario.name,
        "seed": model.seed,
        "anchor_date": world.anchor.isoformat(),
        "now": iso_utc(model.now),
        "window_start": world.window_start.isoformat(),
        "window_end_exclusive": world.window_end.isoformat(),
        "orgs": sorted(model.orgs),
        "files": written,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return written


__all__ = ["write_truth", "person_days", "org_day_volume", "entity_counts"]
