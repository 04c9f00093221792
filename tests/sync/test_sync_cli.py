"""``python -m pipelines sync-activity-codes`` as an operator runs it, on the tiny scenario; and a create
whose answer times out is looked for before it is sent again."""

from __future__ import annotations

import os
import subprocess
import sys

from pipelines.activity_codes import apply_plan, parse_catalogue, plan_all
from tests.sync.conftest import ROOT, Api, duplicate_names, hub


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipelines", "sync-activity-codes", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ),
    )


def writes(sim) -> int:
    return sum(
        v
        for stats in sim.stats().values()
        for k, v in stats["byEndpoint"].items()
        if k.startswith(("POST", "PATCH")) and "activitycodes" in k
    )


def test_dry_run_by_default_then_apply_then_nothing_to_do(fresh_tiny, tmp_path):
    with hub(fresh_tiny, tmp_path):
        dry = cli("--json", str(tmp_path / "plan.json"))
        assert dry.returncode == 0, dry.stderr
        assert (
            "apac / APAC Sydney" in dry.stdout
            and "update   Team Meeting             lengthInMinutes: 45 -> 30" in dry.stdout
        )
        assert "Dry run: nothing written. Run again with --apply to make these 1 writes." in dry.stdout
        assert (tmp_path / "plan.json").exists() and writes(fresh_tiny) == 0

        done = cli("--apply", "--operator", "planner@acme")
        assert done.returncode == 0, done.stderr
        assert "apac / APAC Sydney: update Team Meeting -> updated" in done.stdout
        assert "1 rows recorded in wfm_hub_ops.activity_code_audit" in done.stdout

        again = cli("--apply")
        assert again.returncode == 0 and "Nothing to write" in again.stdout
        assert writes(fresh_tiny) == 1


def test_bad_input_exits_2_naming_the_problem(fresh_tiny, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("codes:\n  - name: Lunch Walk\n    category: Lunch\n")
    with hub(fresh_tiny, tmp_path):
        for args, message in [
            (("--catalogue", str(bad)), "codes[0] (Lunch Walk).category must be one of"),
            (("--hub-org", "mars"), "--hub-org: 'mars' is not a configured org"),
            (("--hub-business-unit", "X"), "--hub-business-unit needs --hub-org"),
            (("--orgs", "mars"), "no org 'mars'"),
        ]:
            done = cli(*args)
            assert done.returncode == 2 and message in done.stderr, (args, done.stderr)
    assert writes(fresh_tiny) == 0


def test_listings_without_entities_stop_the_apply_before_any_write(fresh_tiny, tmp_path):
    """Read as empty, they made --apply create a second copy of every catalogue code and say "0 failed"."""
    fresh_tiny.faults("apac", drop_field="entities")
    with hub(fresh_tiny, tmp_path):
        done = cli("--apply")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "org apac: GET /api/v2/workforcemanagement/businessunits: the answer has no entities list" in done.stderr
    assert "nothing is written" in done.stderr and writes(fresh_tiny) == 0


def test_a_create_that_times_out_is_re_read_before_it_is_sent_again(fresh_tiny, tmp_path):
    """The simulator drops a write whose client gave up waiting (it reads the body after the hang), so
    here the re-read finds nothing and the code is created once, by the second POST. The other branch
    (the write had landed: adopted, never re-sent) is in test_write_safety."""
    catalogue = parse_catalogue(
        {"codes": [{"name": "Wellbeing Break", "category": "Break", "lengthInMinutes": 10}]}, "test.yaml"
    )
    with hub(fresh_tiny, tmp_path, request_timeout_seconds=1, max_retries=2) as config:
        plan = plan_all(config, catalogue=catalogue)
        assert [(a.org, a.kind) for a in plan.writes] == [("emea", "create"), ("apac", "create")]
        fresh_tiny.faults("emea", timeout_next=1, timeout_seconds=1.5, path_contains="/activitycodes")
        report = apply_plan(plan, config, operator="test", record=False)
        again = plan_all(config, catalogue=catalogue)
    assert [(r.outcome, r.attempts) for r in report.results] == [("created", 2), ("created", 1)]
    assert again.writes == []
    posts = {
        org: sum(v for k, v in stats["byEndpoint"].items() if k.startswith("POST") and "activitycodes" in k)
        for org, stats in fresh_tiny.stats().items()
    }
    assert posts == {"emea": 2, "apac": 1}
    api = Api(fresh_tiny, "emea")
    for bu in api.units():
        codes = api.codes(bu["id"])
        assert duplicate_names(codes) == [] and sum(c["name"] == "Wellbeing Break" for c in codes) == 1
    api.close()


def test_the_orchestrator_entry_point_behaves_like_the_cli(fresh_tiny, tmp_path):
    """``sync()`` is what a Dagster job wraps: a dry run returns the plan (JSON for asset metadata) only."""
    import json

    from pipelines.activity_codes import sync

    with hub(fresh_tiny, tmp_path) as config:
        plan, report = sync(config)
        assert report is None and json.loads(json.dumps(plan.to_dict()))["summary"]["update"] == 1
        assert writes(fresh_tiny) == 0
        plan, report = sync(config, apply=True, operator="dagster")
        assert [r.outcome for r in report.results] == ["updated"] and report.operator == "dagster"
        plan, report = sync(config, apply=True)
        assert plan.writes == [] and report is None and writes(fresh_tiny) == 1
