"""The fewest API calls one org's extraction can make, counted from the simulator's model."""

from __future__ import annotations

import math
from datetime import timedelta

from genesys_sim.model import Model
from pipelines.genesys.helpers import Windows, chunks, weeks_overlapping
from pipelines.genesys.resources.adherence import adherence_items
from pipelines.genesys.settings import (
    PRESENCE_CHUNK_HOURS,
    QUEUES_PAGE_SIZE,
    TIME_OFF_MAX_DAYS,
    USERS_PAGE_SIZE,
    VOLUME_CHUNK_DAYS,
)

NOTIFICATION_CALLS = 3  # a channel (POST), its subscription (PUT), unsubscribing at the end (DELETE)


def minimum_requests(model: Model, org_key: str, windows: Windows, job_polls: int = 1) -> int:
    """The fewest calls that can read every entity of one org over the run's windows.

    Counted from the simulator's model, not from our client: one token; one call per page of users
    and queues; per business unit its settings, units, codes, planning groups, one schedule list and
    one forecast list; one agent-schedule query per unit and published week (plus its download when
    the answer is not inline: the URL in the answer or the one its notification carries); the
    notification channel of an org that queries schedules (create, subscribe, unsubscribe); one
    forecast data call per week; one bulk adherence job per business unit (create, poll until
    complete, one download per item: the pipeline's own ``adherence_items``); time-off queries of at
    most 33 days per unit plus the PENDING query; and analytics queries of at most 7 days
    (conversations) and 6 hours (users).
    """
    org = model.orgs[org_key]
    world = model.world
    n = 1 + 1 + math.ceil(len(org.accounts) / USERS_PAGE_SIZE) + math.ceil(len(org.queues) / QUEUES_PAGE_SIZE) + 1
    inline_limit = world.scenario.inline_schedule_limit
    queries = 0
    time_off_chunks = len(list(chunks(*windows.time_off, TIME_OFF_MAX_DAYS))) + 1
    for bu in org.business_units:
        mus = bu.management_units
        n += 1 + 1 + len(mus) + 1 + 1 + 1 + 1
        wanted = set(weeks_overlapping(*windows.schedules, bu.spec.start_day_of_week))
        weeks = [w for w in world.bu_weeks(bu) if w in wanted]
        for week in weeks:
            end = week + timedelta(days=7)
            for mu in mus:
                agents = sum(
                    1 for a in mu.accounts if a.date_hire < end and (a.date_left is None or a.date_left > week)
                )
                n += 1 + (agents > inline_limit)
                queries += 1
        n += len(weeks)
        n += 1 + (job_polls + 1) + len(adherence_items(windows.adherence, bu.tz, [mu.id for mu in mus]))
        n += len(mus) * time_off_chunks
    n += NOTIFICATION_CALLS if queries else 0
    n += len(list(chunks(*windows.volume, VOLUME_CHUNK_DAYS)))
    n += (windows.volume[1] - windows.volume[0]).days * 24 // PRESENCE_CHUNK_HOURS
    return n
