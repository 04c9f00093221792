"""The simulator's planners' entities (issue 16) hold the hard cases on purpose (the demo model, no HTTP)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from genesys_sim import truth_planners
from genesys_sim.model import Model
from genesys_sim.scenarios import get_scenario
from tests.warehouse import ANCHOR


@pytest.fixture(scope="module")
def demo():
    return Model(get_scenario("demo"), ANCHOR)


def test_demo_trades_cross_local_midnight_and_a_dst_change(demo):
    midnight = dst = 0
    for org in demo.orgs.values():
        for t in truth_planners.trades(demo, org):
            tz = ZoneInfo(t.bu.tz)
            start, end = t.initiating.start.astimezone(tz), t.initiating.end.astimezone(tz)
            midnight += start.date() != end.date()
            if start.utcoffset() != end.utcoffset():
                dst += 1
                # a shift across a change: its real length is not its wall-clock length
                wall = (end.replace(tzinfo=None) - start.replace(tzinfo=None)).total_seconds()
                assert (t.initiating.end - t.initiating.start).total_seconds() != wall
    assert midnight >= 10 and dst >= 1


def test_demo_people_with_accounts_in_two_orgs_trade_in_both(demo):
    by_person: dict[str, set[str]] = {}
    for org in demo.orgs.values():
        for t in truth_planners.trades(demo, org):
            by_person.setdefault(t.initiating.account.person_id, set()).add(org.key)
    shared = {a.person_id for org in demo.orgs.values() for a in org.accounts if a.home is not None}
    both = {p for p in shared if len(by_person.get(p, ())) == 2}
    assert len(both) >= len(shared) // 2


def test_trades_take_every_state_and_only_the_past_happened(demo):
    found = [t for org in demo.orgs.values() for t in truth_planners.trades(demo, org)]
    assert {t.state for t in found} == {"Unmatched", "Matched", "Approved", "Denied", "Expired", "Canceled"}
    for t in found:
        assert t.created <= t.modified <= demo.now and (t.reviewed is None or t.reviewed <= demo.now)
        assert t.expiration < t.initiating.start and t.taker.mu is t.mu
        assert (t.receiving is None) == (t.one_sided or t.state not in ("Matched", "Approved", "Denied"))


def test_an_intraday_day_across_the_dst_change_has_its_real_intervals(demo):
    from datetime import date

    from genesys_sim.model import intraday

    org = demo.orgs["apac"]
    # demo's APAC BU in Adelaide (UTC+9:30/+10:30) changes its clocks with Sydney's, on Oct 4
    australian = next(bu for bu in org.business_units if bu.tz in ("Australia/Sydney", "Australia/Adelaide"))
    for day, count in ((date(2026, 10, 4), 92), (date(2026, 10, 5), 96)):
        start, end = intraday.day_bounds(australian, day)
        assert (end - start).total_seconds() // 900 == count
        values = intraday.intervals(demo, org.key, australian, australian.planning_groups[:1], day, 15)
        assert [len(v) for v in values.values()] == [count]
