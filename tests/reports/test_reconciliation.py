"""rpt_reconciliation_daily on tiny: Genesys' figures equal the simulator's model of them (genesys_sim.truth_metrics),
the hub's own figures equal what the model says the hub computes, and every difference is one the model explains
(work outside the shift is in Genesys' adherence schedule; Erlang C is not Genesys' requirement)."""

from __future__ import annotations

from collections import defaultdict
from zoneinfo import ZoneInfo

import pytest

from genesys_sim.truth_metrics import adherence, day_metrics, service_level_days, shifts, staffing_requirement_days
from tests.reports.conftest import rows

pytestmark = pytest.mark.slow  # the package fixture loads and builds tiny (about a minute)
METRICS = {"adherence_pct", "conformance_pct", "exception_minutes", "scheduled_minutes", "service_level_pct",
           "required_staff"}


@pytest.fixture(scope="module")
def reconciled(tiny_reports):
    got = rows(tiny_reports.db, "select * from marts.rpt_reconciliation_daily")
    return {(r["org_key"], str(r["local_date"]), r["metric"]): r for r in got}


def test_every_metric_for_every_org_and_day_within_tolerance(reconciled):
    assert {m for _, _, m in reconciled} == METRICS
    assert {o for o, _, _ in reconciled} == {"emea", "apac"}
    assert all(r["within_tolerance"] for r in reconciled.values()), [
        k for k, r in reconciled.items() if not r["within_tolerance"]]
    for row in reconciled.values():
        assert row["abs_diff"] == pytest.approx(abs(row["wfm_hub_value"] - row["genesys_value"]))


def test_the_workforce_metrics_are_genesys_day_metrics_beside_the_hubs_own(reconciled, truth):
    model = truth.model
    days, per_org_day = day_metrics(model), defaultdict(lambda: defaultdict(float))
    for org_key, bu, account, shift in shifts(model):
        key = (org_key, account.user_id, shift.start.astimezone(ZoneInfo(bu.tz)).date().isoformat())
        if key not in days:
            continue
        metrics, acc = days[key], per_org_day[(org_key, key[2])]
        for field, value in metrics.items():
            acc[field] += value
        if adherence(metrics) is not None:  # the hub's side over the same account-days: its schedule, its list
            acc["genesys_exc"] += metrics["exception_duration_seconds"]
            acc["genesys_sched"] += metrics["adherence_schedule_seconds"]
            acc["hub_exc"] += metrics["exception_duration_seconds"] / 60
            acc["hub_sched"] += shift.minutes
    outside_work = 0
    for (org_key, day), acc in per_org_day.items():
        def row(metric):
            return reconciled[(org_key, day, metric)]  # noqa: B023
        assert row("scheduled_minutes")["genesys_value"] == pytest.approx(acc["schedule_length_seconds"] / 60)
        assert row("scheduled_minutes")["wfm_hub_value"] == pytest.approx(acc["schedule_length_seconds"] / 60)
        assert row("exception_minutes")["genesys_value"] == pytest.approx(acc["exception_duration_seconds"] / 60)
        assert row("adherence_pct")["genesys_value"] == pytest.approx(max(0, 1 - acc["genesys_exc"] / acc["genesys_sched"]))
        assert row("adherence_pct")["wfm_hub_value"] == pytest.approx(max(0, 1 - acc["hub_exc"] / acc["hub_sched"]))
        outside_work += row("adherence_pct")["abs_diff"] > 0
    assert len(per_org_day) == 28 and outside_work > 0  # Genesys counts work outside the shift, the hub does not


def test_service_level_and_required_staff(reconciled, truth):
    for (org_key, day), want in service_level_days(truth.model).items():
        if want["sl_denominator"]:
            row = reconciled[(org_key, day, "service_level_pct")]
            assert row["genesys_value"] == pytest.approx(want["sl_numerator"] / want["sl_denominator"])
            assert row["wfm_hub_value"] == pytest.approx(row["genesys_value"])  # the seed has each org's options
    required = staffing_requirement_days(truth.model)
    staffed = [(k, r) for k, r in reconciled.items() if k[2] == "required_staff"]
    assert len(staffed) >= 2 * 14
    for (org_key, day, _), row in staffed:
        want = sum(v for (o, media, d), v in required.items() if o == org_key and d == day and media in ("voice", "chat"))
        assert row["genesys_value"] == pytest.approx(want, rel=1e-6), (org_key, day)
    # a cross-check, not a copy: Erlang C on all traffic vs the requirement net of expected abandons
    assert sum(r["wfm_hub_value"] != pytest.approx(r["genesys_value"], rel=1e-3) for _, r in staffed) > len(staffed) / 2
