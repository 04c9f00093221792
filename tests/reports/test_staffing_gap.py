"""rpt_staffing_gap on tiny: the requirement is Genesys' staffing requirement (the simulator's model of it), Erlang C
in SQL equals tests/reports/erlang.py as a cross-check for immediate media only, and forecast, scheduled and actual
on-queue agents equal the simulator's model (with the intraday republish)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time, timedelta, timezone

import pytest

from genesys_sim.model import staffing, volume
from genesys_sim.model.adherence import actual_segments
from genesys_sim.model.catalog import SERVICE_GOALS
from tests.reports import erlang
from tests.reports.conftest import rows
from tests.reports.truth import ANCHOR, on_queue_agents, planning_groups, shifts

pytestmark = pytest.mark.slow  # the package fixture loads and builds tiny (about a minute)
UTC = timezone.utc


@pytest.fixture(scope="module")
def gaps(tiny_reports):
    return rows(tiny_reports.db, "select * from marts.rpt_staffing_gap order by org_key, planning_group_id, "
                                 "interval_start_utc")


def test_the_requirement_is_genesys_staffing_requirement(gaps, truth):
    """Defect 5: the requirement is the forecast's own staffing requirement (per planning group and interval), not
    Erlang C applied to every medium."""
    assert len(gaps) == 3 * 3 * 672  # 3 planning groups, 3 forecast weeks
    by_group: dict = defaultdict(list)
    for row in gaps:
        by_group[(row["org_key"], row["planning_group_id"])].append(row)
    for org_key, bu, pg in planning_groups(truth):
        for week in truth.world.bu_weeks(bu):
            reference = volume.week_reference_start(week, bu.tz)
            offered, aht = volume.forecast_week(truth.model.seed, org_key, pg.id, pg.spec, bu.spec, reference)
            want = staffing.requirement(pg.spec.media_type, offered, aht)
            got = [r["required_agents"] for r in by_group[(org_key, pg.id)]
                   if reference <= r["interval_start_utc"].replace(tzinfo=UTC) < reference + timedelta(weeks=1)]
            assert got == pytest.approx(want), (org_key, pg.spec.name, week)
    assert sum(r["required_agents"] for r in gaps) > 1000


def test_erlang_c_is_a_cross_check_for_immediate_media_with_chat_concurrency(gaps):
    busy = 0
    for row in gaps:
        assert row["media_type"] in ("voice", "chat")  # tiny has no deferred media: see the unit tests for email
        concurrency = 2 if row["media_type"] == "chat" else 1
        load = erlang.traffic(row["offered_forecast"], row["aht_seconds_forecast"], row["interval_minutes"] * 60)
        assert row["workload_erlangs"] == pytest.approx(load, rel=1e-9)
        target, seconds = SERVICE_GOALS["Chat" if concurrency == 2 else "Voice"]
        assert (row["service_level_target"], row["answer_time_seconds"]) == (target, seconds)  # the template's goal
        check = erlang.required_agents(load / concurrency, row["aht_seconds_forecast"], seconds, target)
        assert row["erlang_c_agents"] == check.agents, row["staffing_gap_key"]
        if load > 0:
            assert row["erlang_c_service_level"] == pytest.approx(check.service_level, rel=1e-9)
            busy += 1
    assert busy > 1000


def test_forecast_scheduled_and_actual_on_queue_agents_equal_the_model(gaps, truth):
    groups = {(org_key, pg.id): (bu, pg) for org_key, bu, pg in planning_groups(truth)}
    for row in gaps[::7]:
        bu, pg = groups[(row["org_key"], row["planning_group_id"])]
        start = row["interval_start_utc"].replace(tzinfo=UTC)
        offered, aht = volume.forecast_interval(truth.model.seed, row["org_key"], pg.id, pg.spec, bu.spec, start)
        assert (row["offered_forecast"], row["aht_seconds_forecast"]) == pytest.approx((offered, aht), rel=1e-6)
    expected = on_queue_agents(truth)
    units, actual_units = defaultdict(float), defaultdict(float)
    for row in gaps:
        key = (row["org_key"], row["business_unit_id"], row["interval_start_utc"])
        assert row["business_unit_on_queue_agents"] == pytest.approx(expected.get(key, 0), abs=1e-9)
        units[key] += row["scheduled_on_queue_agents"]
        actual_units[key] += row["actual_on_queue_agents"] or 0
        assert row["gap"] == pytest.approx(row["scheduled_on_queue_agents"] - row["required_agents"])
    # the unit's agents are shared out between its planning groups, none lost or double counted
    for key, agents in units.items():
        assert agents == pytest.approx(expected.get(key, 0), abs=1e-9)
    assert sum(expected.values()) > 0 and len({k for k, v in units.items() if v > 0}) > 500
    actual = _actual_agents(truth)
    compared = 0
    for key, agents in actual_units.items():
        if key[2] < datetime.combine(ANCHOR, time(0)):  # presence is extracted up to the anchor's UTC midnight
            assert agents == pytest.approx(actual.get(key, 0), abs=1e-4), key  # ms rounded per status
            compared += agents > 0
    assert compared > 300


def _actual_agents(truth) -> dict:
    """(org_key, business unit id, 15-minute slot) -> agents on queue, from each 30-minute presence interval spread
    evenly over its two quarter hours (as the report does)."""
    seconds: dict = defaultdict(float)
    now = datetime.combine(ANCHOR, time(12), UTC)
    for org_key, _, account, shift in shifts(truth):
        for start, end, category in actual_segments(truth.model.seed, shift, now):
            if category != "OnQueueWork":
                continue
            cursor = start
            while cursor < end:
                half = cursor.replace(minute=cursor.minute - cursor.minute % 30, second=0)
                stop = min(end, half + timedelta(minutes=30))
                # on-queue work is time in a routing status other than OFF_QUEUE (their shares sum to 1)
                seconds[(org_key, account.bu.id, half.replace(tzinfo=None))] += (stop - cursor).total_seconds()
                cursor = stop
    out = {}
    for (org_key, bu_id, half), value in seconds.items():
        for quarter in (half, half + timedelta(minutes=15)):
            out[(org_key, bu_id, quarter)] = value / 1800
    return out
