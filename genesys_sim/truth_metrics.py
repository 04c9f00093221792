"""Ground truth of the metrics Genesys computes itself, from the generator's model (never through the API).

- ``day_metrics``: historical adherence day metrics per account and business-unit day, by Genesys' definitions
  (RC "How Genesys Cloud calculates adherence and conformance"): a shift counts on the day it starts; work outside
  the shift is an exception and adds to the adherence schedule; a day still running counts its elapsed part.
- ``service_level_days``: per org and UTC day, what oServiceLevel sums to under the org's options, and the counts
  behind it.
- ``staffing_requirement_days``: per org and business-unit day, the agent-hours of the forecasts' staffing
  requirement (``model.staffing``), immediate media apart (the only ones Erlang C can cross-check).

Reconciliation tests compare the warehouse's Genesys-side figures with these, and its own figures with what the
model says the hub should compute.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from .ids import daterange
from .model import Model, Shift, staffing, volume
from .model.adherence import actual_segments, exceptions
from .model.catalog import ANALYTICS_MEDIA
from .model.publication import forecast_week_start

DAY_FIELDS = (
    "adherence_schedule_seconds",
    "exception_duration_seconds",
    "schedule_length_seconds",
    "actual_length_seconds",
    "conformance_schedule_seconds",
    "conformance_actual_seconds",
)


def shifts(model: Model):
    """(org key, business unit, account, shift) for every scheduled shift of the published weeks."""
    for org in model.orgs.values():
        for bu in org.business_units:
            for week in model.world.bu_weeks(bu):
                for user_id, items in model.week_plan(org.key, bu, week).items():
                    for item in items:
                        if isinstance(item, Shift):
                            yield org.key, bu, org.account(user_id), item


def day_metrics(model: Model, now: datetime | None = None) -> dict[tuple[str, str, str], dict[str, int]]:
    """(org_key, user_id, business-unit date) -> Genesys' day metrics (``DAY_FIELDS``, seconds), for the
    business-unit days from the window start to the day before the anchor (what the extraction reads)."""
    now = now or model.now
    world, out = model.world, defaultdict(lambda: dict.fromkeys(DAY_FIELDS, 0))
    for org_key, bu, account, shift in shifts(model):
        bu_date = shift.start.astimezone(ZoneInfo(bu.tz)).date()
        if not world.window_start <= bu_date < world.anchor or shift.start >= now:
            continue
        day = out[(org_key, account.user_id, bu_date.isoformat())]
        found = exceptions(model.seed, shift, now)
        outside = sum(e.seconds for e in found if e.scheduled_category == "Unscheduled")
        day["schedule_length_seconds"] += shift.minutes * 60
        day["adherence_schedule_seconds"] += min(shift.minutes * 60, int((now - shift.start).total_seconds())) + outside
        day["exception_duration_seconds"] += sum(e.seconds for e in found)
        for activity in shift.activities:
            if activity.category == "OnQueueWork" and activity.start < now:
                day["conformance_schedule_seconds"] += int((min(activity.end, now) - activity.start).total_seconds())
        for start, end, category in actual_segments(model.seed, shift, now):
            seconds = int((end - start).total_seconds())
            day["actual_length_seconds"] += seconds
            day["conformance_actual_seconds"] += seconds if category == "OnQueueWork" else 0
    return dict(out)


def adherence(day: dict[str, int]) -> float | None:
    """Genesys' adherence of a day (or of summed days): undefined without actual or adherence schedule time."""
    if day["actual_length_seconds"] <= 0 or day["adherence_schedule_seconds"] <= 0:
        return None
    return max(0.0, 1 - day["exception_duration_seconds"] / day["adherence_schedule_seconds"])


def service_level_days(model: Model) -> dict[tuple[str, str], dict[str, int]]:
    """(org_key, UTC date) -> inbound counts and oServiceLevel's numerator and denominator under the org's
    service-level options, for the UTC days from the window start to the day before the anchor."""
    world, out = model.world, {}
    for org in model.orgs.values():
        spec = org.spec
        for day in daterange(world.window_start, world.anchor - timedelta(days=1)):
            sums = defaultdict(int)
            for bu in org.business_units:
                for pg in bu.planning_groups:
                    for row in volume.actual_day(model.seed, org.key, pg.id, pg.spec, bu.spec, day):
                        for name, value in row._asdict().items():
                            sums[name] += value
            denominator = sums["handled"] + sums["abandoned"]
            denominator -= 0 if spec.sl_include_short_abandons else sums["short_abandoned"]
            denominator += sums["flow_out"] if spec.sl_include_flow_outs else 0
            out[(org.key, day.isoformat())] = {
                **sums,
                "sl_numerator": sums["handled"] - sums["over_sla"],
                "sl_denominator": denominator,
            }
    return out


def staffing_requirement_days(model: Model) -> dict[tuple[str, str, str], float]:
    """(org_key, planning-group media in analytics spelling, business-unit date) -> agent-hours of the staffing
    requirement over every week of every published forecast, each week where its ``/data`` places it
    (``publication.forecast_week_start``)."""
    out: dict[tuple[str, str, str], float] = defaultdict(float)
    step = volume.INTERVAL
    for org in model.orgs.values():
        for bu in org.business_units:
            tz = ZoneInfo(bu.tz)
            for forecast in model.forecasts(org.key, bu):
                for number in range(1, forecast.week_count + 1):
                    start = forecast_week_start(forecast, number, bu.tz)
                    for pg in bu.planning_groups:
                        offered, aht = volume.forecast_week(model.seed, org.key, pg.id, pg.spec, bu.spec, start)
                        media = ANALYTICS_MEDIA[pg.spec.media_type]
                        for i, agents in enumerate(staffing.requirement(pg.spec.media_type, offered, aht)):
                            local: date = (start + i * step).astimezone(tz).date()
                            out[(org.key, media, local.isoformat())] += agents * step.total_seconds() / 3600
    return dict(out)


__all__ = ["DAY_FIELDS", "adherence", "day_metrics", "service_level_days", "shifts", "staffing_requirement_days"]
