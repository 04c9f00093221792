"""Volume reports on tiny equal the simulator's own volume and forecast (computed from its model)."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from datetime import date, timedelta

import pytest

from genesys_sim.truth import org_day_volume
from tests.reports.conftest import rows
from tests.reports.truth import forecast_days, queue_group_days

pytestmark = pytest.mark.slow  # the package fixture loads and builds tiny (about a minute)


def test_dbt_build_with_the_reports_passes_every_test_and_unit_test(tiny_reports):
    out = tiny_reports.build.stdout
    assert "ERROR=0" in out and "FAIL" not in out.split("Done.")[-1]
    for name in ("rpt_staffing_gap::erlang_c_cross_check_textbook_case_needs_14_agents",
                 "rpt_staffing_gap::staffing_follows_genesys_requirement_and_splits_by_it",
                 "rpt_global_volume_daily::global_volume_blends_aht",
                 "rpt_adherence_outliers::outliers_include_the_threshold_and_rank_worst_first",
                 "rpt_global_adherence_snapshot::snapshot_counts_people_once_and_shows_stale_orgs",
                 "rpt_forecast_accuracy::a_25_hour_day_missing_its_last_hour_of_forecast_is_incomplete",
                 "fct_forecast_interval::latest_forecast_is_the_most_recently_modified",
                 "fct_adherence_day_metric::day_extracted_early_is_incomplete_no_show_undefined",
                 "int_enrich_schedule_activities::overnight_shift_stays_on_the_day_it_began"):
        assert name in out
    # a warn-level reconciliation test per metric, and tiny reconciles within every tolerance
    for metric in ("adherence_pct", "conformance_pct", "exception_minutes", "scheduled_minutes", "service_level_pct",
                   "required_staff"):
        assert f"reconciliation_{metric}_within_tolerance" in out
    # the one warning is main's by design: tiny's user without dateHire (optional in the API), not a reconciliation
    assert re.findall(r"Warning in test (\S+)", out) == ["not_null_dim_agent_account_hire_date"] and "WARN=1" in out


def test_daily_volume_per_org_and_global_with_blended_aht(tiny_reports, truth):
    got = {(str(r["date"]), r["org_key"]): r for r in rows(tiny_reports.db, "select * from marts.rpt_global_volume_daily")}
    expected = defaultdict(lambda: [0, 0, 0, 0.0])
    for org_key, day, offered, handled, abandoned, handle_seconds in org_day_volume(truth.model):
        for key in (org_key, "GLOBAL"):
            cell = expected[(day, key)]
            cell[0] += offered
            cell[1] += handled
            cell[2] += abandoned
            cell[3] += handle_seconds
    assert set(got) == set(expected) and len(expected) == 14 * 3
    for key, (offered, handled, abandoned, handle_seconds) in expected.items():
        row = got[key]
        assert (row["offered"], row["handled"], row["abandoned"]) == (offered, handled, abandoned), key
        assert row["handle_seconds"] == pytest.approx(handle_seconds, abs=0.01)
        # blended: total handle time over total handled, never an average of the orgs' averages
        assert row["blended_aht_seconds"] == pytest.approx(handle_seconds / handled, rel=1e-7)
        assert row["region"] == ("GLOBAL" if key[1] == "GLOBAL" else truth.region(key[1]))
    day = max(d for d, _ in expected)
    orgs = [got[(day, k)] for k in ("emea", "apac")]
    mean_of_averages = sum(o["blended_aht_seconds"] for o in orgs) / 2
    assert got[(day, "GLOBAL")]["blended_aht_seconds"] != pytest.approx(mean_of_averages, rel=1e-3)


def test_queue_groups_pool_the_orgs_same_work(tiny_reports, truth):
    got = {(r["queue_group"], r["media_type"], str(r["date"])): r
           for r in rows(tiny_reports.db, "select * from marts.rpt_global_volume_by_queue_group_daily")}
    expected = queue_group_days(truth)
    assert set(got) == set(expected) == {(g, m, d) for g, m, _ in got for d in {k[2] for k in got}}
    for key, (offered, handled, handle_seconds, orgs) in expected.items():
        row = got[key]
        assert (row["offered"], row["handled"], row["org_keys"]) == (offered, handled, ",".join(sorted(orgs))), key
        assert row["blended_aht_seconds"] == pytest.approx(handle_seconds / handled, rel=1e-6)
    assert {k[:2] for k in expected} == {("billing", "voice"), ("support chat", "chat")}
    assert all(got[k]["org_keys"] == "apac,emea" for k in got if k[0] == "billing")


def test_forecast_accuracy_per_planning_group_and_local_day(tiny_reports, truth):
    got = {(r["org_key"], r["planning_group_id"], str(r["date"])): r for r in rows(
        tiny_reports.db, "select * from marts.rpt_forecast_accuracy where grain = 'day'")}
    expected = forecast_days(truth)
    assert set(got) == set(expected) and len(expected) == 3 * 13
    for key, want in expected.items():
        row = got[key]
        assert row["intervals"] == want["intervals"] == 96
        assert row["offered_actual"] == want["actual"], key
        assert row["offered_forecast"] == pytest.approx(want["forecast"], rel=1e-5)
        assert row["interval_wape"] == pytest.approx(want["wape"], rel=1e-4)
        assert row["interval_mape"] == pytest.approx(want["mape"], rel=1e-4)
        assert row["bias"] == pytest.approx(want["bias"], rel=1e-4, abs=1e-6)
        assert row["day_wape"] == pytest.approx(abs(want["bias"]), rel=1e-4, abs=1e-6)
    weeks = rows(tiny_reports.db, "select * from marts.rpt_forecast_accuracy where grain = 'week'")
    for week in weeks:
        days = [v for (o, p, d), v in expected.items() if o == week["org_key"] and p == week["planning_group_id"]
                and week["date"] <= date.fromisoformat(d) < week["date"] + timedelta(days=7)]
        assert week["days"] == len(days)
        actual = sum(d["actual"] for d in days)
        assert week["day_wape"] == pytest.approx(sum(abs(d["forecast"] - d["actual"]) for d in days) / actual, rel=1e-4)
        assert week["day_mape"] == pytest.approx(sum(abs(d["bias"]) for d in days) / len(days), rel=1e-4)


def test_report_build_exports_the_queue_group_history_for_a_forecast_engine(tiny_reports, tmp_path):
    from report.build import EXPORT, build

    summary = build(tmp_path, tiny_reports.db)
    with (tmp_path / EXPORT).open() as handle:
        exported = list(csv.DictReader(handle))
    table = rows(tiny_reports.db, "select * from marts.rpt_global_volume_by_queue_group_daily "
                                  "order by queue_group, media_type, date")
    assert summary["export_rows"] == len(exported) == len(table) == 28
    assert list(exported[0]) == ["date", "queue_group", "media_type", "offered", "handled", "blended_aht_seconds"]
    for line, row in zip(exported, table):
        assert (line["date"], line["queue_group"], int(line["offered"])) == (str(row["date"]), row["queue_group"],
                                                                            row["offered"])


def test_service_level_is_genesys_formula_at_every_roll_up(tiny_reports, truth):
    """Service level per queue and interval, and per day for queue, org, region and GLOBAL: sum(numerator) /
    sum(denominator) under each org's options (apac leaves short abandons out), never an average of ratios."""
    from genesys_sim.truth_metrics import service_level_days

    days = service_level_days(truth.model)
    got = {(r["scope"], r["scope_key"], str(r["date"])): r for r in rows(
        tiny_reports.db, "select * from marts.rpt_service_level where grain = 'day'")}
    volume = {(str(r["date"]), r["org_key"]): r for r in rows(tiny_reports.db, "select * from marts.rpt_global_volume_daily")}
    compared = 0
    for (org_key, day), want in days.items():
        if not want["offered"]:
            continue
        row = got[("org", org_key, day)]
        assert (row["answered_within_threshold"], row["service_level_contacts"]) == (want["sl_numerator"],
                                                                                    want["sl_denominator"])
        assert row["service_level_pct"] == pytest.approx(want["sl_numerator"] / want["sl_denominator"])
        assert volume[(day, org_key)]["service_level_pct"] == pytest.approx(row["service_level_pct"])
        assert row["abandon_rate"] == pytest.approx(want["abandoned"] / want["offered"])
        assert row["short_abandoned"] == want["short_abandoned"] and row["flow_out"] == want["flow_out"]
        compared += 1
    assert compared == 28
    for day in {d for _, d in days}:
        both = [days[(o, day)] for o in ("emea", "apac")]
        num, den = sum(d["sl_numerator"] for d in both), sum(d["sl_denominator"] for d in both)
        glob = got[("global", "GLOBAL", day)]
        assert glob["service_level_pct"] == pytest.approx(num / den)
        mean_of_ratios = sum(d["sl_numerator"] / d["sl_denominator"] for d in both) / 2
        assert glob["service_level_pct"] != pytest.approx(mean_of_ratios, rel=1e-6)
    # apac counts no short abandons (its option); emea does: the difference shows in the denominators
    apac = [d for (o, _), d in days.items() if o == "apac" and d["offered"]]
    assert all(d["sl_denominator"] == d["handled"] + d["abandoned"] - d["short_abandoned"] for d in apac)
    queues = rows(tiny_reports.db, "select * from marts.rpt_service_level where grain = 'interval'")
    assert queues and all(r["service_level_target"] == 0.8 and r["service_level_threshold_seconds"] in (20, 60)
                          for r in queues)
    assert sum(r["answered_within_threshold"] or 0 for r in queues) == sum(d["sl_numerator"] for d in days.values())
    outbound = sum(r["outbound_handled"] for r in volume.values() if r["org_key"] != "GLOBAL")
    assert outbound > 0
