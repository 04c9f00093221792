"""The planners' marts and reports (issue 16) reconcile with the simulator's ground truth (its model, not its
API), on the tiny scenario as tests/reports/conftest.py loads and builds it once for the package."""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest

from genesys_sim import truth_planners
from genesys_sim.model import Model
from genesys_sim.scenarios import get_scenario
from tests.reports.conftest import rows
from tests.warehouse import ANCHOR


@pytest.fixture(scope="module")
def model():
    return Model(get_scenario("tiny"), ANCHOR)


@pytest.fixture(scope="module")
def html(tiny_reports, tmp_path_factory):
    from report.build import build

    out = tmp_path_factory.mktemp("planner_report")
    build(out, tiny_reports.db)
    return (out / "index.html").read_text()


# ------------------------------------------------------------------------- adherence explanations
def test_explanations_per_org_and_status_equal_truth(tiny_reports, model):
    got = {
        (r["org_key"], r["explanation_status"]): (r["n"], r["minutes"])
        for r in rows(
            tiny_reports.db,
            "select org_key, explanation_status, count(*) as n, sum(length_minutes) as minutes "
            "from marts.fct_adherence_explanation group by 1, 2",
        )
    }
    expected = defaultdict(lambda: [0, 0])
    for key, org in model.orgs.items():
        for e in truth_planners.explanations(model, org):
            expected[(key, e.status)][0] += 1
            expected[(key, e.status)][1] += e.minutes
    assert got == {k: tuple(v) for k, v in expected.items()}
    # statuses as Genesys spells them, more than one (tiny holds none denied since the exception lengths spread)
    assert {s for _, s in got} <= {"Pending", "Approved", "Denied"} and len({s for _, s in got}) >= 2


def test_each_explanation_explains_its_late_start_exception(tiny_reports):
    found = rows(
        tiny_reports.db,
        "select e.length_minutes, e.explained_exception_minutes, x.minutes as exception_minutes, "
        "x.scheduled_category, x.actual_category, e.local_date, e.canonical_agent_id "
        "from marts.fct_adherence_explanation e left join marts.fct_adherence_exception x "
        "using (adherence_exception_key)",
    )
    extracted = [r for r in found if r["exception_minutes"] is not None]
    assert len(extracted) >= len(found) - 2, "only explanations of today's shifts lack an extracted exception"
    for r in extracted:
        assert r["explained_exception_minutes"] == r["length_minutes"] == r["exception_minutes"]
        assert (r["scheduled_category"], r["actual_category"]) == ("OnQueueWork", "Unavailable")
    assert all(r["canonical_agent_id"] for r in found)


def test_adherence_excluding_approved_explanations_adds_back_exactly_their_minutes(tiny_reports):
    day = rows(
        tiny_reports.db,
        "select sum(approved_explained_minutes) as approved, "
        "sum(adherence_pct_excluding_approved * scheduled_minutes) - sum(adherence_pct * scheduled_minutes) as gain, "
        # the days adherence is known on (Genesys' day metric) whose explained minutes fit under 100%
        "sum(approved_explained_minutes) filter (where adherence_pct is not null and adherence_pct * scheduled_minutes "
        "+ approved_explained_minutes <= scheduled_minutes) as added_back "
        "from marts.rpt_adherence_explained_daily",
    )[0]
    approved = rows(
        tiny_reports.db,
        "select sum(explained_exception_minutes) as m from marts.fct_adherence_explanation "
        "where explanation_status = 'Approved'",
    )[0]["m"]
    assert day["approved"] == approved > 0
    assert day["added_back"] > 0 and day["gain"] == pytest.approx(float(day["added_back"]))


def test_the_report_shows_explanations_per_org_and_week(tiny_reports, html):
    weeks = rows(
        tiny_reports.db, "select org_key, week_start_date, explanations from marts.rpt_adherence_explanations_weekly"
    )
    assert Counter(r["org_key"] for r in weeks).keys() == {"emea", "apac"}
    assert "Adherence explanations</h2>" in html and "Explanations per org and week" in html
    newest = max(weeks, key=lambda r: (r["week_start_date"], r["org_key"]))
    assert f"<td>{newest['week_start_date']}</td><td>{newest['org_key']}</td><td>{newest['explanations']}</td>" in html


# ------------------------------------------------------------------------------------ shift trades
def test_trades_per_org_week_and_state_equal_truth(tiny_reports, model):
    got = {
        (r["org_key"], r["week_date"].isoformat(), r["trade_state"]): r["n"]
        for r in rows(
            tiny_reports.db,
            "select org_key, week_date, trade_state, count(*) as n from marts.fct_shift_trade group by 1, 2, 3",
        )
    }
    expected = Counter(
        (key, t.week.isoformat(), t.state) for key, org in model.orgs.items() for t in truth_planners.trades(model, org)
    )
    assert got == dict(expected) and len(got) >= 6


def test_each_trade_joins_both_people_and_its_real_shift(tiny_reports, model):
    truth = {t.id: t for org in model.orgs.values() for t in truth_planners.trades(model, org)}
    found = rows(tiny_reports.db, "select * from marts.fct_shift_trade")
    people = {
        (r["org_key"], r["user_id"]): r["canonical_agent_id"]
        for r in rows(tiny_reports.db, "select org_key, user_id, canonical_agent_id from marts.dim_agent_account")
    }
    for r in found:
        t = truth[r["shift_trade_key"].split(":", 1)[1]]
        assert r["initiating_agent_id"] == people[(r["org_key"], t.initiating.account.user_id)]
        assert r["shift_minutes"] == t.initiating.minutes
        assert r["is_matched"] == t.matched and r["is_one_sided"] == t.one_sided
        if t.matched:
            assert r["receiving_agent_id"] == people[(r["org_key"], t.taker.user_id)]
    reviewed = [r for r in found if r["is_reviewed"]]
    assert reviewed and all(r["hours_to_review"] > 0 for r in reviewed)


def test_the_report_shows_trade_volume_and_review_time(tiny_reports, html):
    weekly = rows(tiny_reports.db, "select sum(trades) as n, sum(approved) as a from marts.rpt_shift_trades_weekly")[0]
    assert weekly["n"] == len(rows(tiny_reports.db, "select 1 from marts.fct_shift_trade")) and weekly["a"] > 0
    assert "Shift trades</h2>" in html and 'data-chart="shift-trades"' in html
    assert "Latest reviewed week of each team" in html


# ---------------------------------------------------------------------- time-off plans and limits
def test_time_off_limit_minutes_per_org_equal_truth_and_holidays_differ_by_org(tiny_reports, model):
    from datetime import timedelta

    from genesys_sim.model.timeoff_plans import limit_values

    found = rows(
        tiny_reports.db,
        "select org_key, min(value_date) as first, max(value_date) as last, sum(limit_minutes) as limit_m, "
        "sum(allocated_minutes) as allocated_m from marts.fct_time_off_limit_day group by org_key",
    )
    assert {r["org_key"] for r in found} == {"emea", "apac"}
    for r in found:
        assert r["first"] == ANCHOR - timedelta(days=56) and r["last"] == ANCHOR + timedelta(days=41)
        org = model.orgs[r["org_key"]]
        expected = [
            limit_values(model, org.key, bu, mu, r["first"], r["last"])
            for bu in org.business_units
            for mu in bu.management_units
        ]
        assert r["limit_m"] == sum(sum(v["limitMinutes"]) for v in expected)
        assert r["allocated_m"] == sum(sum(v["allocatedMinutes"]) for v in expected) > 0
    blocked = {
        r["org_key"]: set(r["dates"].split(","))
        for r in rows(
            tiny_reports.db,
            "select org_key, string_agg(blocked_dates, ',') as dates from marts.rpt_time_off_capacity_weekly "
            "where org_key <> 'GLOBAL' group by org_key",
        )
    }
    assert "2026-10-03" in blocked["emea"] - blocked["apac"], "German Unity Day is Berlin's holiday only"
    assert "2026-12-25" in blocked["emea"] & blocked["apac"]


def test_each_plan_reaches_its_units_members_and_its_staffing_groups_users(tiny_reports, model):
    from genesys_sim.model.timeoff_plans import part_timers, plans

    got = {
        (r["org_key"], r["time_off_plan_name"]): r["agents"]
        for r in rows(
            tiny_reports.db,
            "select org_key, time_off_plan_name, count(distinct canonical_agent_id) as agents "
            "from marts.fct_agent_time_off_plan group by 1, 2",
        )
    }
    expected = {}
    for key, org in model.orgs.items():
        for bu in org.business_units:
            members = [a for mu in bu.management_units for a in mu.accounts if a.employed_on(ANCHOR)]
            for p in plans(model, key, bu):
                n = len(part_timers(model, bu)) if p.groups else len(members)
                expected[(key, p.name)] = expected.get((key, p.name), 0) + n
    assert got == expected and any(name == "Part-time Vacation" for _, name in got)


# ------------------------------------------------------------------------------------- work plans
def test_each_agent_week_has_the_plan_the_model_assigns_and_its_scheduled_paid_minutes(tiny_reports, model):
    from datetime import timedelta

    from genesys_sim.model import FullDayMarker, Shift
    from genesys_sim.model.work_plans import assignments, plan_of_week, plans

    found = rows(
        tiny_reports.db,
        "select org_key, user_id, week_date, work_plan_key, scheduled_paid_minutes, has_schedule "
        "from marts.fct_agent_week_work_plan",
    )
    changed = {(m["userId"], m["businessUnitDate"]) for m in tiny_reports.mutations}
    compared = 0
    for key, org in model.orgs.items():
        for bu in org.business_units:
            for mu in bu.management_units:
                ids = {k: p.id for k, p in plans(model.seed, key, mu).items()}
                for user, assignment in assignments(model, bu, mu).items():
                    for r in (r for r in found if (r["org_key"], r["user_id"]) == (key, user)):
                        week = r["week_date"]
                        assert r["work_plan_key"] == f"{key}:{ids[plan_of_week(model, bu, assignment, week)]}"
                        days = {(week + timedelta(days=i)).isoformat() for i in range(7)}
                        if not r["has_schedule"] or any((user, d) in changed for d in days):
                            continue
                        items = model.week_plan(key, bu, week).get(user, [])
                        paid = sum(a.minutes for s in items if isinstance(s, Shift) for a in s.activities if a.code.spec.paid)
                        paid += sum(m.minutes for m in items if isinstance(m, FullDayMarker))
                        assert r["scheduled_paid_minutes"] == paid, (key, user, week)
                        compared += 1
    assert compared >= 40 and len(found) == sum(
        truth_planners.work_plan_counts(model, org)["agent_week_work_plans"] for org in model.orgs.values()
    )


def test_the_report_shows_scheduled_against_contracted_hours(tiny_reports, html):
    status = {
        r["contract_status"]: r["n"]
        for r in rows(
            tiny_reports.db,
            "select contract_status, count(*) as n from marts.rpt_contracted_vs_scheduled_weekly group by 1",
        )
    }
    assert status.get("within", 0) > 5 * (status.get("under", 0) + status.get("over", 0)) > 0
    assert "Scheduled vs contracted hours</h2>" in html and "Largest gaps" in html


# --------------------------------------------------------------- presence definitions and breaks
def test_breaks_that_ran_over_equal_the_models_overrun_exceptions(tiny_reports, model):
    from genesys_sim.model import Shift
    from genesys_sim.model.adherence import exceptions

    got = {
        r["break_key"].split(":")[1] + "|" + r["start_utc"].isoformat(): r["overrun_minutes"]
        for r in rows(
            tiny_reports.db,
            "select break_key, start_utc, overrun_minutes from marts.fct_break_overrun where has_adherence "
            "and org_key = 'apac'",
        )
    }
    org = model.orgs["apac"]
    expected, worst = {}, 0
    for bu in org.business_units:
        for week in model.world.bu_weeks(bu):
            for user, items in model.week_plan("apac", bu, week).items():
                for shift in (s for s in items if isinstance(s, Shift)):
                    found = {(e.start, e.actual_category): e.seconds // 60 for e in exceptions(model.seed, shift, model.now)}
                    for a in shift.activities:
                        key = f"{user}|{a.start.replace(tzinfo=None).isoformat()}"
                        if a.category in ("Break", "Meal") and key in got:
                            expected[key] = found.get((a.end, a.category), 0)
                            worst = max(worst, a.minutes + expected[key])
    assert got == expected and sum(1 for v in got.values() if v) >= 10 and worst > 15


def test_presence_definitions_by_org_and_the_report_shows_overruns(tiny_reports, model, html):
    from genesys_sim.model.presence import definitions

    got = {
        (r["org_key"], r["presence_name"], r["system_presence"], r["is_deactivated"])
        for r in rows(tiny_reports.db, "select * from marts.dim_presence_definition where not is_deleted")
    }
    expected = {
        (key, d.name, d.system_presence, d.deactivated) for key, org in model.orgs.items() for d in definitions(model.seed, org)
    }
    assert got == expected and ("emea", "Smoke break", "Break", True) in got
    assert "Break and meal overruns</h2>" in html and 'data-chart="break-overruns"' in html


# ------------------------------------------------------------------ queues, skills and work teams
def test_queue_members_teams_and_skills_equal_truth(tiny_reports, model):
    from genesys_sim.model import routing

    today = model.now.date()
    members = {
        (r["org_key"], r["queue_name"], r["user_id"], r["is_joined"])
        for r in rows(tiny_reports.db, "select * from marts.fct_queue_member")
    }
    expected = {
        (key, q.name, a.user_id, joined)
        for key, org in model.orgs.items()
        for q in org.queues
        for a, joined in routing.queue_members(model.seed, org, q, today)
    }
    assert members == expected and any(not j for *_, j in members)
    teams = {(r["org_key"], r["team_name"], r["user_id"]) for r in rows(tiny_reports.db, "select * from marts.fct_team_member")}
    assert teams == {
        (key, t.name, a.user_id) for key, org in model.orgs.items() for t in routing.teams(model.seed, org, today) for a in t.members
    }
    skills = {(r["org_key"], r["user_id"], r["skill_name"], r["proficiency"]) for r in rows(tiny_reports.db, "select * from marts.fct_user_skill")}
    assert skills == {
        (key, a.user_id, s.name, float(p))
        for key, org in model.orgs.items()
        for a in org.accounts
        for s, p in routing.user_skills(model.seed, org, a)
    }


def test_team_and_queue_staffing_reports_add_up_and_are_shown(tiny_reports, html):
    team = rows(tiny_reports.db, "select sum(scheduled_on_queue_hours) as h from marts.rpt_team_staffing_daily")[0]["h"]
    activity = rows(
        tiny_reports.db,
        "select sum(minutes) / 60.0 as h from marts.fct_schedule_activity a join marts.fct_team_member t "
        "using (org_key, user_id) where a.is_on_queue",
    )[0]["h"]
    assert team == pytest.approx(float(activity)) and team > 100
    occupancy = rows(tiny_reports.db, "select min(occupancy_pct) as lo, max(occupancy_pct) as hi from marts.rpt_team_staffing_daily")[0]
    assert 0 < occupancy["lo"] <= occupancy["hi"] < 1
    assert "Queues and teams</h2>" in html and "Work teams" in html


# --------------------------------------------------------------------------------------- intraday
def test_intraday_forecast_and_scheduled_time_equal_the_model_and_actuals_join(tiny_reports, model):
    from genesys_sim.model import intraday, volume

    found = rows(
        tiny_reports.db,
        "select org_key, planning_group_key, business_unit_date, sum(forecast_offered) as forecast, "
        "sum(scheduled_on_queue_seconds) as on_queue, sum(actual_offered) as actual, count(*) as n "
        "from marts.fct_intraday_interval group by 1, 2, 3",
    )
    groups = {f"{key}:{pg.id}": (org, bu, pg) for key, org in model.orgs.items() for bu in org.business_units for pg in bu.planning_groups}
    changed = {m["businessUnitDate"] for m in tiny_reports.mutations}
    assert len(found) >= 3 * 6  # a first run reads its last week
    for r in found:
        org, bu, pg = groups[r["planning_group_key"]]
        start, end = intraday.day_bounds(bu, r["business_unit_date"])
        assert r["n"] == (end - start).total_seconds() // 900
        offered = sum(
            volume.forecast_interval(model.seed, org.key, pg.id, pg.spec, bu.spec, start + i * volume.INTERVAL)[0]
            for i in range(r["n"])
        )
        assert r["forecast"] == pytest.approx(offered, abs=0.01 * r["n"])
        if r["business_unit_date"].isoformat() not in changed:
            share = intraday.on_queue_seconds(model, org.key, bu, start, end, 15)
            assert r["on_queue"] == sum(s // len(bu.planning_groups) for s in share)
    assert sum(r["actual"] or 0 for r in found) > 0


def test_the_report_shows_genesys_intraday_beside_actuals(tiny_reports, html):
    days = rows(tiny_reports.db, "select count(*) as n, sum(actual_offered) as actual from marts.rpt_intraday_daily")[0]
    assert days["n"] > 0 and days["actual"] > 0
    assert 'data-chart="intraday-forecast-vs-actual"' in html and "Latest day per planning group" in html


# -------------------------------------------------------------------------------- cross-org drift
def test_drift_lists_what_one_org_has_alone_and_changes_nothing(tiny_reports, model, html):
    drift = {
        (r["entity"], r["name"]): (r["org_keys"], r["missing_org_keys"], r["drift"])
        for r in rows(tiny_reports.db, "select * from marts.rpt_cross_org_drift")
    }
    assert drift[("secondary_presence", "Smoke break")] == ("emea", "apac", "missing_in_some_orgs")
    assert drift[("secondary_presence", "Prayer break")] == ("apac", "emea", "missing_in_some_orgs")
    assert drift[("planning_group", "Support Chat")] == ("emea", "apac", "missing_in_some_orgs")
    assert drift[("time_off_plan", "Vacation")] == ("apac,emea", None, "same")
    only = {name for (entity, name), (orgs, _, _) in drift.items() if entity == "planning_group" and "," not in orgs}
    assert only == {
        pg.spec.name
        for key, org in model.orgs.items()
        for bu in org.business_units
        for pg in bu.planning_groups
        if not any(p.spec.name == pg.spec.name for o in model.orgs.values() if o.key != key for b in o.business_units for p in b.planning_groups)
    }
    assert "Cross-org drift</h2>" in html and "Smoke break" in html
