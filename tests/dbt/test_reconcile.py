"""The marts reconcile with the simulator's ground truth (computed from its model, not its API)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import pytest

from genesys_sim.model import Model
from genesys_sim.scenarios import get_scenario
from genesys_sim.truth import org_day_volume, person_days
from tests.warehouse import ANCHOR, query


@pytest.fixture(scope="module")
def truth():
    model = Model(get_scenario("tiny"), ANCHOR)
    accounts = {(a.org_key, a.user_id): a.person_id for org in model.orgs.values() for a in org.accounts}
    statuses = defaultdict(int)
    for key in model.orgs:
        for request in model.time_off(key).requests:
            if request.submitted <= model.now:
                statuses[(key, request.status)] += 1
    return {
        "model": model,
        "accounts": accounts,
        "days": person_days(model),
        "volume": org_day_volume(model),
        "statuses": dict(statuses),
    }


def _person_of(db, truth) -> dict[str, str]:
    """canonical_agent_id -> simulator person id, through the accounts."""
    mapping = {}
    for org_key, user_id, agent in query(
        db, "select org_key, user_id, canonical_agent_id from marts.dim_agent_account"
    ):
        person = truth["accounts"][(org_key, user_id)]
        assert mapping.setdefault(agent, person) == person, f"{agent} merges two people"
    return mapping


def test_dbt_build_passes_with_its_tests(tiny_warehouse):
    *_, build = tiny_warehouse
    assert "ERROR=0" in build.stdout and "FAIL" not in build.stdout.split("Done.")[-1]
    passed = int(build.stdout.split("PASS=")[-1].split()[0])
    assert passed > 150


def test_distinct_canonical_agents_equal_distinct_people(tiny_warehouse, truth):
    _, _, db, _ = tiny_warehouse
    people = set(truth["accounts"].values())
    assert query(db, "select count(*) from marts.dim_agent")[0][0] == len(people) == 18
    mapping = _person_of(db, truth)
    assert set(mapping.values()) == people
    bi_regional = query(db, "select count(*) from marts.dim_agent where n_accounts = 2")[0][0]
    assert bi_regional == 3


def test_scheduled_and_exception_minutes_per_person_day_equal_truth(tiny_warehouse, truth):
    _, _, db, _ = tiny_warehouse
    mapping = _person_of(db, truth)
    got = {
        (mapping[a], d.isoformat()): (s, e)
        for a, d, s, e in query(
            db,
            "select canonical_agent_id, local_date, scheduled_minutes, exception_minutes "
            "from marts.fct_agent_adherence_daily",
        )
    }
    expected = {key: (v[0], v[5]) for key, v in truth["days"].items() if v[0] > 0}
    assert len(expected) > 150
    missing = {k: v for k, v in expected.items() if k not in got}
    wrong = {k: (got[k], v) for k, v in expected.items() if k in got and (round(got[k][0]), round(got[k][1])) != v}
    extra = [k for k in got if k not in expected and date.fromisoformat(k[1]) < ANCHOR]
    assert not missing and not wrong and not extra, (list(missing.items())[:5], list(wrong.items())[:5], extra[:5])
    # one row per person and day, both orgs combined for bi-regional people
    both = query(db, "select count(*) from marts.fct_agent_adherence_daily where org_keys like '%,%'")[0][0]
    assert both > 0


def test_offered_and_handled_per_org_and_utc_day_equal_truth(tiny_warehouse, truth):
    _, _, db, _ = tiny_warehouse
    got = {
        (o, d.isoformat()): (off, han, round(hs, 1))
        for o, d, off, han, hs in query(
            db,
            "select org_key, utc_date, sum(offered), sum(handled), sum(handle_seconds) "
            "from marts.fct_interaction_volume group by 1, 2",
        )
    }
    expected = {(o, d): (off, han, round(hs, 1)) for o, d, off, han, _, hs in truth["volume"] if off}
    assert len(expected) >= 28
    assert {k: got.get(k) for k in expected} == expected


def test_time_off_requests_per_status_equal_truth(tiny_warehouse, truth):
    _, _, db, _ = tiny_warehouse
    got = {
        (o, s): n
        for o, s, n in query(db, "select org_key, status, count(*) from marts.fct_time_off_request group by 1, 2")
    }
    assert got == truth["statuses"]
    assert {s for _, s in got} == {"PENDING", "APPROVED", "DENIED", "CANCELED"}


def test_identity_conflicts_are_listed_not_merged(tiny_warehouse):
    _, _, db, _ = tiny_warehouse
    conflicts = dict(
        query(db, "select conflict_type, count(*) from intermediate.int_agent_identity_conflicts group by 1")
    )
    assert conflicts.get("employee_id_with_several_emails", 0) >= 1
    methods = dict(query(db, "select resolution_method, count(*) from marts.dim_agent_account group by 1"))
    assert methods.get("email", 0) >= 2  # the people with no employeeId matched by email


def test_local_dates_use_one_time_zone_per_person(tiny_warehouse):
    _, _, db, _ = tiny_warehouse
    zones = query(
        db,
        "select canonical_agent_id, count(distinct person_time_zone) from marts.fct_schedule_activity "
        "group by 1 having count(distinct person_time_zone) > 1",
    )
    assert zones == []
    bi = query(
        db,
        "select count(distinct org_key) from marts.fct_schedule_activity f join marts.dim_agent a "
        "using (canonical_agent_id) where a.n_accounts = 2",
    )[0][0]
    assert bi == 2


def test_dbt_docs_generate_works(tiny_warehouse):
    from tests.dbtrun import run_dbt

    sim, workdir, _, _ = tiny_warehouse
    from tests.warehouse import fast_extract, hub_env

    with hub_env(sim, workdir, fast_extract()):
        run_dbt(["docs", "generate"], workdir, {"WFM_HUB_ORG_KEYS": "emea,apac"})
    catalog = (workdir / "dbt_target" / "catalog.json").read_text()
    assert "fct_agent_adherence_daily" in catalog and "canonical_agent_id" in catalog
