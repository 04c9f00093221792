"""Activity-code sync on the demo scenario: the plan is exactly the scenario's drift; apply writes it
once (through 429s, without duplicates), records every write, never touches default codes, and a
second run writes nothing."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest

from genesys_sim.model.catalog import SHARED_CODES
from pipelines.activity_codes import apply_plan, plan_all
from tests.sync.conftest import DEMO, SPEC_WIRE, Api, duplicate_names, hub, wire
from tests.warehouse import query

ENFORCED_SPEC_FIELDS = ("category", "length_minutes", "paid", "work", "agent_selectable")


def expected_drift(scenario) -> list[tuple]:
    """(org, business unit, kind, code, diffs) straight from the scenario's specification."""
    rows = []
    for org in scenario.orgs:
        for bu in org.business_units:
            for spec in SHARED_CODES:
                drift = {f: v for f, v in org.code_overrides.get(spec.name, {}).items() if f in ENFORCED_SPEC_FIELDS}
                if spec.name in org.codes_missing:
                    rows.append((org.key, bu.name, "create", spec.name, ()))
                elif drift:
                    diffs = tuple(sorted((SPEC_WIRE[f], v, getattr(spec, f)) for f, v in drift.items()))
                    rows.append((org.key, bu.name, "update", spec.name, diffs))
                else:
                    rows.append((org.key, bu.name, "skip", spec.name, ()))
            rows += [(org.key, bu.name, "extra", extra.name, ()) for extra in org.codes_only_here]
    return sorted(rows)


def as_rows(plan) -> list[tuple]:
    return sorted(
        (a.org, a.business_unit, a.kind, a.code, tuple(sorted((d.field, d.before, d.after) for d in a.diffs)))
        for a in plan.actions
    )


@dataclass
class Applied:
    plan: object
    report: object
    again: object  # the plan of a second run
    rerun: object  # applying it
    before: dict  # org -> business unit id -> codes, before the apply
    after: dict
    writes_before: dict  # POST/PATCH requests per org and endpoint after the apply ...
    writes_after: dict  # ... and after the second run
    db: object
    sim_orgs: list


def all_codes(sim) -> dict:
    found = {}
    for org in DEMO.orgs:
        api = Api(sim, org.key)
        found[org.key] = {bu["id"]: api.codes(bu["id"]) for bu in api.units()}
        api.close()
    return found


def write_counts(sim) -> dict:
    return {
        org: {k: v for k, v in stats["byEndpoint"].items() if k.startswith(("POST", "PATCH")) and "activitycodes" in k}
        for org, stats in sim.stats().items()
    }


@pytest.fixture(scope="module")
def applied(demo_writable, tmp_path_factory) -> Applied:
    """One apply of the demo drift, with 429 bursts: on apac's first updates, and on amer's first create."""
    sim = demo_writable
    armed = []

    def arm_amer(result):  # amer's first write is an update; arm the burst for the create right after it
        if result.action.org == "amer" and not armed:
            armed.append(sim.faults("amer", burst_429_next=2, path_contains="/activitycodes"))

    with hub(sim, tmp_path_factory.mktemp("sync")) as config:
        before = all_codes(sim)
        plan = plan_all(config)
        sim.faults("apac", burst_429_next=2, path_contains="/activitycodes")
        report = apply_plan(plan, config, operator="test-operator", on_result=arm_amer)
        sim.reset_faults()
        writes_before = write_counts(sim)
        again = plan_all(config)
        rerun = apply_plan(again, config, operator="test-operator")
        writes_after = write_counts(sim)
        from pipelines.warehouse import warehouse_path

        db = warehouse_path()
    return Applied(plan, report, again, rerun, before, all_codes(sim), writes_before, writes_after, db, sim.orgs)


def test_the_dry_run_plan_is_exactly_the_scenarios_drift(demo_writable, tmp_path):
    """Runs first (file order), before the module's apply changes the simulator."""
    with hub(demo_writable, tmp_path) as config:
        plan = plan_all(config)
    assert as_rows(plan) == expected_drift(DEMO)
    counts = plan.counts()
    assert counts == {"create": 2, "update": 6, "skip": 28, "extra": 4, "conflict": 0}
    for action in plan.writes:  # creates carry every catalogue attribute, updates only the diffs
        spec = next(s for s in SHARED_CODES if s.name == action.code)
        expected = (
            {"name": spec.name, **wire(spec)} if action.kind == "create" else {d.field: d.after for d in action.diffs}
        )
        assert action.body == expected
    json.dumps(plan.to_dict())  # serializable as asset metadata


def test_apply_then_rerun_makes_zero_writes(applied):
    assert [r.outcome for r in applied.report.results] == ["updated"] * 4 + ["updated", "created"] * 2
    assert not applied.report.failed
    assert applied.again.writes == [] and applied.again.counts()["skip"] == 36
    assert applied.rerun.results == []
    assert applied.writes_after == applied.writes_before, "the second run sent no POST or PATCH"


def test_the_spokes_now_match_the_catalogue(applied):
    for org in DEMO.orgs:
        for codes in applied.after[org.key].values():
            custom = {c["name"]: c for c in codes if not c["defaultCode"]}
            for spec in SHARED_CODES:
                assert {
                    k: custom[spec.name][k]
                    for k in (
                        "category",
                        "lengthInMinutes",
                        "countsAsPaidTime",
                        "countsAsWorkTime",
                        "agentTimeOffSelectable",
                    )
                } == {k: v for k, v in wire(spec).items() if k != "plannedShrinkage"}
            assert {e.name for e in org.codes_only_here} <= set(custom), "extras are never deleted"


def test_default_codes_are_untouched(applied):
    for org, units in applied.before.items():
        for bu_id, codes in units.items():
            defaults = {c["id"]: c for c in codes if c["defaultCode"]}
            after = {c["id"]: c for c in applied.after[org][bu_id] if c["defaultCode"]}
            assert after == defaults and len(defaults) == 8


def test_a_429_during_apply_is_retried_without_a_duplicate(applied, demo_writable):
    assert applied.report.status_429 == 4, "both bursts were met and retried"
    stats = demo_writable.stats()
    assert stats["apac"]["status429"] == 2 and stats["amer"]["status429"] == 2
    creates = "POST /api/v2/workforcemanagement/businessunits/{businessUnitId}/activitycodes"
    assert applied.writes_before["amer"][creates] == 2 + 2, "two creates, one of them sent three times (429, 429, ok)"
    for org, units in applied.after.items():
        for codes in units.values():
            assert duplicate_names(codes) == [], org
    for codes in applied.after["amer"].values():
        assert sum(c["name"] == "Email Backlog" for c in codes) == 1
    assert all(r.attempts == 1 for r in applied.report.results), "a 429 is never an ambiguous attempt"


def test_the_audit_table_holds_every_write(applied):
    rows = query(
        applied.db,
        "select run_id, operator, org_key, region, business_unit_id, business_unit_name, "
        "activity_code_id, code_name, action, outcome, changed_fields, code_before, code_after "
        "from wfm_hub_ops.activity_code_audit order by applied_at",
    )
    results = applied.report.results
    assert len(rows) == len(results) == 8, "one row per write; the empty re-run adds none"
    regions = {o.key: o.region for o in DEMO.orgs}
    for row, result in zip(rows, results, strict=False):
        run_id, operator, org, region, bu_id, bu_name, code_id, name, action, outcome, changed, before, after = row
        a = result.action
        assert (run_id, operator, org, region) == (applied.report.run_id, "test-operator", a.org, regions[a.org])
        assert (bu_id, bu_name, name, action, outcome) == (
            a.business_unit_id,
            a.business_unit,
            a.code,
            a.kind,
            result.outcome,
        )
        after = json.loads(after)
        assert code_id == after["id"] and after["name"] == a.code
        if action == "create":
            assert before is None and changed is None
        else:
            before = json.loads(before)
            assert changed == ",".join(d.field for d in a.diffs)
            for d in a.diffs:
                assert (before[d.field], after[d.field]) == (d.before, d.after)
            assert after["version"] == before["version"] + 1
    secrets = [o["client_secret"] for o in applied.sim_orgs]
    dumped = repr(query(applied.db, "select * from wfm_hub_ops.activity_code_audit"))
    assert not any(secret in dumped for secret in secrets), "no credential is ever recorded"


def test_a_hub_org_can_be_the_source_of_truth(applied, demo_writable, tmp_path):
    """``hub_org = "emea"``: emea's custom codes (the catalogue plus Works Council) become the catalogue.
    Runs after the apply above: the only writes left are Works Council everywhere but emea."""
    with hub(demo_writable, tmp_path) as config:
        from pipelines.activity_codes import with_sync

        plan = plan_all(with_sync(config, hub_org="emea"))
    assert plan.source.startswith("hub org emea (EMEA Customer Care, EMEA Back Office)")
    assert sorted((a.org, a.business_unit, a.code) for a in plan.writes) == sorted(
        (org.key, bu.name, "Works Council") for org in DEMO.orgs if org.key != "emea" for bu in org.business_units
    )
    assert {a.kind for a in plan.writes} == {"create"}
    assert sorted(a.code for a in plan.actions if a.kind == "extra") == ["Public Holiday", "Public Holiday"]
