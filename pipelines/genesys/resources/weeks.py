"""Business-unit weeks: which ones a run reads, and remembering the ones already loaded."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from functools import partial

import dlt

from ..helpers import weeks_overlapping
from ..settings import TABLES

# Recorded with every loaded week's version: a new load contract (columns, keys) reads every week once.
CONTRACT = hashlib.sha1(repr(sorted(TABLES.items(), key=lambda item: item[0])).encode()).hexdigest()[:10]


def spans_window(entity: dict, window_weeks: list[date]) -> bool:
    """Whether a schedule or forecast (``weekDate`` + ``weekCount`` weeks) overlaps the window's weeks.

    Filtered here, whatever the listing's own filters did: the week listing "includes any schedule
    which spans the specified week" and ``recent`` covers about +/-26 weeks.
    """
    if not window_weeks:
        return False
    first = date.fromisoformat(entity["weekDate"])
    return first < window_weeks[-1] + timedelta(weeks=1) and entity_end(entity) > window_weeks[0]


def entity_end(entity: dict) -> date:
    """The week date after the last week a schedule or forecast spans (``weekCount`` weeks, at least 1)."""
    return date.fromisoformat(entity["weekDate"]) + timedelta(weeks=max(1, int(entity.get("weekCount") or 1)))


def spans(entity: dict, week: date) -> bool:
    return date.fromisoformat(entity["weekDate"]) <= week < entity_end(entity)


def week_number(entity: dict, week: date) -> int:
    """1-based position of ``week`` in a multi-week forecast: the ``weekNumber`` its ``/data`` takes."""
    return (week - date.fromisoformat(entity["weekDate"])).days // 7 + 1


def window_weeks(window: tuple[date, date], start_day_of_week: str) -> list[date]:
    return weeks_overlapping(window[0], window[1], start_day_of_week)


def weeks_to_read(bu_id: str, entities: list[dict], weeks: list[date], explicit: bool) -> list[tuple]:
    """(week date, the schedules or forecasts spanning it, ``loaded``) for each of the window's business-unit
    ``weeks`` that some entity spans and an earlier run has not loaded at the same metadata versions; all of
    them for a backfill (``explicit``: ``--start/--end``).

    A multi-week entity is in the group of every week it spans, so a change to it reads each of its weeks
    again. Nightly runs re-read the weeks around today, but a week nobody republished has nothing new
    and its rows (replaced per week) stay as loaded. The caller calls ``loaded()`` once every page of
    the week was yielded (the weeks' calls may be in flight together): only then is its version recorded,
    in the resource's state, which travels with the load package, so a failed run forgets it. A missing
    version, or a new load contract (CONTRACT), reads the week again. Call it from the resource's
    generator (it reads dlt's state).
    """
    seen = dlt.current.resource_state().setdefault("loaded_versions", {})
    found = []
    for week in weeks:
        group = [entity for entity in entities if spans(entity, week)]
        if not group:
            continue
        key, version = f"{bu_id}/{week.isoformat()}", week_version(group)
        if not explicit and version is not None and seen.get(key) == version:
            continue
        found.append((week, group, partial(seen.__setitem__, key, version)))
    return found


def fresh_weeks(bu_id: str, entities: list[dict], weeks: list[date], explicit: bool):
    """``weeks_to_read`` one week at a time: (week date, its group); a week's version is recorded when the
    caller asks for the next week, i.e. after every page of this one was yielded."""
    for week, group, loaded in weeks_to_read(bu_id, entities, weeks, explicit):
        yield week, group
        loaded()


def week_version(entities: list[dict]) -> str | None:
    parts = []
    for entity in entities:
        meta = entity.get("metadata") or {}
        if meta.get("version") is None and meta.get("dateModified") is None:
            return None
        parts.append(f"{entity['id']}:{meta.get('version')}@{meta.get('dateModified')}")
    return f"{CONTRACT}|{','.join(sorted(parts))}"
