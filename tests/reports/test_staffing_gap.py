"""rpt_staffing_gap on tiny: Erlang C in SQL equals tests/reports/erlang.py on every interval; forecast and scheduled
on-queue agents equal the simulator's model (with the intraday republish)."""

from __future__ import annotations

from collections import defaultdict
from datetime import timezone

import pytest

from genesys_sim.model import volume
from tests.reports import erlang
from tests.reports.conftest import rows
from tests.reports.truth import on_queue_agents, planning_groups

pytestmark = pytest.mark.slow  # the package fixture loads and builds tiny (about a minute)


@pytest.fixture(scope="module")
def gaps(tiny_reports):
    return rows(tiny_reports.db, "select * from marts.rpt_staffing_gap")


def test_required_agents_are_erlang_c_for_every_interval(gaps):
    assert len(gaps) == 3 * 3 * 672  # 3 planning groups, 3 forecast weeks
    busy = 0
    for row in gaps:
        load = erlang.traffic(row["offered_forecast"], row["aht_seconds_forecast"], row["interval_minutes"] * 60)
        assert row["traffic_erlangs"] == pytest.approx(load, rel=1e-9)
        staffing = erlang.required_agents(load, row["aht_seconds_forecast"], row["answer_time_seconds"],
                                          row["service_level_target"])
        assert row["required_agents"] == staffing.agents, row["staffing_gap_key"]
        assert row["required_agents_with_shrinkage"] == erlang.with_shrinkage(staffing.agents, row["shrinkage_pct"])
        if load > 0:
            assert row["predicted_service_level"] == pytest.approx(staffing.service_level, rel=1e-9)
            busy += 1
    assert busy > 1000


def test_goals_come_from_the_seed_or_the_defaults(gaps):
    goals = {(r["planning_group_name"], r["service_level_target"], r["answer_time_seconds"], r["shrinkage_pct"])
             for r in gaps}
    assert goals == {("Billing Voice", 0.8, 20, 0.1), ("Support Chat", 0.8, 60, 0.1)}


def test_forecast_and_scheduled_on_queue_agents_equal_the_model(gaps, truth):
    groups = {(org_key, pg.id): (bu, pg) for org_key, bu, pg in planning_groups(truth)}
    for row in gaps[::7]:
        bu, pg = groups[(row["org_key"], row["planning_group_id"])]
        start = row["interval_start_utc"].replace(tzinfo=timezone.utc)
        offered, aht = volume.forecast_interval(truth.model.seed, row["org_key"], pg.id, pg.spec, bu.spec, start)
        assert (row["offered_forecast"], row["aht_seconds_forecast"]) == pytest.approx((offered, aht), rel=1e-6)
    expected = on_queue_agents(truth)
    units = defaultdict(float)
    for row in gaps:
        assert row["business_unit_on_queue_agents"] == pytest.approx(
            expected.get((row["org_key"], row["business_unit_id"], row["interval_start_utc"]), 0), abs=1e-9)
        units[(row["org_key"], row["business_unit_id"], row["interval_start_utc"])] += row["scheduled_on_queue_agents"]
        assert row["gap"] == pytest.approx(row["scheduled_on_queue_agents"] - row["required_agents_with_shrinkage"])
    # the unit's agents are shared out between its planning groups, none lost or double counted
    for key, agents in units.items():
        assert agents == pytest.approx(expected.get(key, 0), abs=1e-9)
    assert sum(expected.values()) > 0 and len({k for k, v in units.items() if v > 0}) > 500
