"""The request estimate: what an org holds (read by a few cheap calls) -> requests -> minutes.

The arithmetic is the extraction's own (``genesys.budget.requests_by_resource``, also behind
``bench.minimum``); this module only turns what doctor read into its counts, for the nightly windows
and for a first run (the backfill), and compares the minutes with the run's deadline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..config import HubConfig
from ..genesys.budget import OrgCounts, UnitCounts, requests_by_resource, run_requests
from ..genesys.client import RateLimiter
from ..genesys.helpers import Windows
from ..genesys.resources.weeks import spans, window_weeks
from ..genesys.settings import DEFAULT_RESOURCES
from .table import Check

SHOWN = 4  # the resources with the most requests, named in the detail


@dataclass
class Unit:
    """A business unit as doctor read it: its week start, the members of each management unit, its
    published schedules and its forecasts (listing entries: ``weekDate``, ``weekCount``)."""

    start_day_of_week: str
    time_zone: str = "UTC"
    planning_groups: int = 0
    members: list[int] = field(default_factory=list)
    schedules: list[dict] = field(default_factory=list)
    forecasts: list[dict] = field(default_factory=list)


@dataclass
class Census:
    """What doctor counted; ``gaps`` names what it could not (the estimate is then a lower bound);
    ``ids`` holds a business unit, management unit and forecast for the probes that need one."""

    users: int = 0  # the users state=any lists
    deleted_users: int = 0  # and those state=deleted lists (the pipeline reads both)
    queues: int = 0
    skills: int = 0
    teams: list[int] = field(default_factory=list)  # members per team
    units: list[Unit] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)
    ids: dict = field(default_factory=dict)

    def counts(self, windows: Windows) -> OrgCounts:
        """``OrgCounts`` for a run over ``windows``: the weeks of the window some published schedule spans
        (as the resources read them), each searched for every management unit at its current size (the
        size decides inline answer or download), and every week of every forecast in the window."""
        units = []
        for unit in self.units:
            weeks = window_weeks(windows.schedules, unit.start_day_of_week)
            published = [s for s in unit.schedules if s.get("published")]
            read = [w for w in weeks if any(spans(s, w) for s in published)]
            forecast_weeks = sum(1 for w in weeks for f in unit.forecasts if spans(f, w))
            units.append(
                UnitCounts(
                    len(unit.members),
                    tuple(tuple(unit.members) for _ in read),
                    forecast_weeks,
                    unit.time_zone,
                    unit.start_day_of_week,
                    members=tuple(unit.members),
                    planning_groups=unit.planning_groups,
                )
            )
        return OrgCounts(
            self.users, self.queues, tuple(units), self.deleted_users, skills=self.skills, teams=tuple(self.teams)
        )


def estimate_rows(org_key: str, census: Census, config: HubConfig, today: date, allowed: int | None) -> list:
    """Two rows: the nightly run and a first run (``backfill_days``), each with its requests, the
    resources that need most, and the minutes at the client's pace; FAIL when the minutes exceed
    ``extract.run_deadline_seconds`` (the run would stop before reading everything)."""
    settings = config.extract
    pace = RateLimiter(settings.rate_limit_per_minute).limit  # what the client really sends a minute
    if allowed is not None:
        pace = min(pace, allowed)
    rows = []
    for name, first_run in (("nightly requests", False), ("first-run requests", True)):
        windows = Windows.for_run(settings, today, first_run)
        by_resource = requests_by_resource(census.counts(windows), windows)
        total = run_requests(by_resource, DEFAULT_RESOURCES)
        minutes = total / pace
        top = sorted(((n, by_resource[n]) for n in DEFAULT_RESOURCES), key=lambda item: -item[1])[:SHOWN]
        detail = (
            f"{total:,} requests ({', '.join(f'{n} {r:,}' for n, r in top)}, ...): at least "
            f"{minutes:.1f} min at {pace} a minute"
        )
        status, fix = "ok", ""
        if census.gaps:
            status, detail = "WARN", f"{detail}; a lower bound: not counted: {', '.join(census.gaps)}"
        if minutes * 60 > settings.run_deadline_seconds:
            status = "FAIL"
            fix = (
                f"raise extract.run_deadline_seconds above {minutes * 60:.0f} in {config.path}, or ask Genesys "
                "for a higher rate limit"
            ) + ("; or backfill in pieces (wfm-hub run --start D --end D)" if first_run else "")
        figures = {"requests": total, "minutes": round(minutes, 2), "by_resource": by_resource, "windows": windows}
        rows.append(Check(org_key, name, status, detail, fix, figures))
    return rows
