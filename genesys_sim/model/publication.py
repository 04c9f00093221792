"""Which schedules and short-term forecasts a business unit has published, and which schedule a week shows.

Genesys schedules and forecasts span ``weekCount`` weeks from their ``weekDate`` (``BuScheduleListItem``,
``BuShortTermForecastListItem``, SDK v269: "The number of weeks spanned by this schedule"), and a week listing
"includes any schedule which spans the specified week". A unit may publish a second schedule over a week an
earlier one already spans (a week rescheduled on its own). The published view (the management-unit and
business-unit ``agentschedules/search``) shows one merged set of shifts per agent and lists every published
schedule overlapping the range (``publishedSchedules``); which schedule's shifts it shows for a week is NOT
CONFIRMED (no Genesys text found). The simulator shows the most recently published one (ties: the later start
week, then the id), and a query of the other schedule (``.../schedules/{id}/agentschedules/query``) answers
that schedule's own, older version of the week: the same people, shifts 30 minutes earlier under other ids
(``schedule.superseded``). So a reader that unions the schedules of a week double-counts visibly.

Each scenario business unit tiles its weeks with schedules and forecasts of ``schedule_weeks`` and
``forecast_weeks`` weeks (the last one shorter where the window ends) and may add one overlapping one-week
schedule (``overlapping_schedule_week``), published three days before its week.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ..ids import UTC, guid
from .world import BusinessUnit

REGULAR_LEAD_DAYS = 14  # a regular schedule is published two weeks before its first week, 09:00 local
OVERLAP_LEAD_DAYS = 3
FORECAST_LEAD_DAYS = 10  # forecasts are generated ten days before their first week, 06:00 local


@dataclass(frozen=True)
class Publication:
    """One published schedule or one short-term forecast: ``week_count`` weeks from ``week_date``."""

    id: str
    week_date: date
    week_count: int
    published_at: datetime  # UTC
    overlapping: bool = False  # the later one-week schedule published over a week another one spans

    @property
    def end(self) -> date:
        """The week date after its last week (exclusive)."""
        return self.week_date + timedelta(weeks=self.week_count)

    @property
    def weeks(self) -> list[date]:
        return [self.week_date + timedelta(weeks=i) for i in range(self.week_count)]

    def spans(self, week: date) -> bool:
        return self.week_date <= week < self.end


def _local(day: date, tz: str, hour: int) -> datetime:
    return datetime.combine(day, time(hour), ZoneInfo(tz)).astimezone(UTC)


def _tiled(seed: int, org_key: str, bu: BusinessUnit, weeks: list[date], kind: str, size: int, lead: int, hour: int):
    """Publications of ``size`` weeks tiling ``weeks`` (the last one shorter), each published ``lead`` days
    before its first week at ``hour`` local time."""
    return [
        Publication(
            guid(seed, org_key, bu.id, kind, weeks[i]),
            weeks[i],
            min(size, len(weeks) - i),
            _local(weeks[i] - timedelta(days=lead), bu.tz, hour),
        )
        for i in range(0, len(weeks), max(1, size))
    ]


def schedules(seed: int, org_key: str, bu: BusinessUnit, weeks: list[date]) -> list[Publication]:
    """Every published schedule of the unit over its window's weeks, by start week (the overlapping one last)."""
    found = _tiled(seed, org_key, bu, weeks, "schedule", bu.spec.schedule_weeks, REGULAR_LEAD_DAYS, 9)
    index = bu.spec.overlapping_schedule_week
    if index is not None and 0 <= index < len(weeks):
        week = weeks[index]
        published = _local(week - timedelta(days=OVERLAP_LEAD_DAYS), bu.tz, 9)
        found.append(Publication(guid(seed, org_key, bu.id, "schedule", week, "overlap"), week, 1, published, True))
    return found


def forecasts(seed: int, org_key: str, bu: BusinessUnit, weeks: list[date]) -> list[Publication]:
    return _tiled(seed, org_key, bu, weeks, "forecast", bu.spec.forecast_weeks, FORECAST_LEAD_DAYS, 6)


def forecast_week_start(fc: Publication, number: int, tz: str) -> datetime:
    """Where week ``number`` (1-based) of a forecast starts on its 15-minute grid (UTC): its first week's local
    midnight (the ``referenceStartDate`` every week echoes) plus whole weeks. A later week continues that grid,
    so across a DST change it starts an hour off its own local midnight. ``/data``, the staffing requirement and
    ground truth all place a week here."""
    return _local(fc.week_date, tz, 0) + timedelta(weeks=number - 1)


def shown(published: list[Publication], week: date) -> Publication | None:
    """The schedule whose shifts the published view shows for ``week`` (the simulator's rule, see above)."""
    spanning = [p for p in published if p.spans(week)]
    return max(spanning, key=lambda p: (p.published_at, p.week_date, p.id), default=None)
