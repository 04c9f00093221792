"""Alerts end to end: real pipeline runs against the simulator (one org refused a permission, then one
org with a refused client secret), report tables written by dlt, the real sensor evaluated by Dagster,
messages posted to local Slack / Teams / legacy connector receivers and a local SMTP server.

The first evaluation is shared by the tests of each kind; the last test evaluates again (no
duplicate), adds the reconciliation mart, and recovers adherence (one "resolved")."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import dagster as dg
import dlt
import duckdb
import pytest

from tests.alerts.receivers import Mailbox, Webhooks
from tests.simproc import TEST_ANCHOR, start_sim
from tests.warehouse import fast_extract, hub_env, run_pipeline

pytestmark = pytest.mark.slow
BASE = "http://dagster.test:3000"
ALERTS_TOML = """
dagster_base_url = "{base}/"
[rules]
stale_after_hours = 24
rate_limit_share = 0.8
[business]
adherence_target = 0.9
staffing_gap_agent_hours = 5
[[channels]]
name = "ops_slack"
kind = "slack"
[[channels]]
name = "ops_teams"
kind = "teams"
[[channels]]
name = "legacy_teams"
kind = "teams_messagecard"
[[channels]]
name = "planners"
kind = "email"
smtp_host = "127.0.0.1"
smtp_port = {smtp_port}
starttls = false
from = "wfm-hub@test.example"
to = ["planning@test.example"]
"""


def _marts(name: str, rows: list[dict]) -> None:
    from pipelines.warehouse import destination, pipelines_dir

    pipeline = dlt.pipeline(
        pipeline_name=f"test_marts_{name}",
        destination=destination(),
        dataset_name="marts",
        pipelines_dir=str(pipelines_dir()),
    )
    pipeline.run(rows, table_name=name, write_disposition="replace")


def _workforce(adherence: float) -> list[dict]:
    day = datetime.now(UTC).date()
    return [
        {"date": day, "scope": "global", "scope_key": "GLOBAL", "adherence_pct": adherence},
        {"date": day, "scope": "org", "scope_key": "emea", "adherence_pct": 0.5},
        {"date": day - timedelta(days=1), "scope": "global", "scope_key": "GLOBAL", "adherence_pct": 0.99},
    ]


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    from assets.alerts import wfm_hub_alerts

    sim = start_sim("tiny", TEST_ANCHOR, "--deny", "apac:wfm:historicalAdherence:view")
    workdir = tmp_path_factory.mktemp("alerts")
    hooks, mail = Webhooks(), Mailbox()
    (workdir / "alerts.toml").write_text(ALERTS_TOML.format(base=BASE, smtp_port=mail.port))
    secrets = {
        "WFM_HUB_ALERTS": str(workdir / "alerts.toml"),
        "ALERTS__CHANNELS__OPS_SLACK__URL": f"{hooks.url}/slack",
        "ALERTS__CHANNELS__OPS_TEAMS__URL": f"{hooks.url}/teams",
        "ALERTS__CHANNELS__LEGACY_TEAMS__URL": f"{hooks.url}/card",
    }
    try:
        first = run_pipeline(sim, workdir, fast_extract(), resources=["users", "historical_adherence"])
        assert not first.failed
        refused = {"SOURCES__GENESYS__ORGS__EMEA__CLIENT_SECRET": "wrong"}
        second = run_pipeline(sim, workdir, fast_extract(), env=refused, org_keys=["emea"], resources=["users"])
        assert second.failed
        # the extraction's own limit, as the alert reads it: 2 requests a minute, so 2 requests are near it
        with hub_env(sim, workdir, fast_extract(rate_limit_per_minute=2), **secrets) as db:
            with duckdb.connect(str(db)) as con:  # apac's loads happened two days ago
                con.execute(
                    "update wfm_hub_ops.run_status set started_at = started_at - interval 2 day, "
                    "finished_at = finished_at - interval 2 day where org_key = 'apac'"
                )
            _marts("rpt_global_workforce_daily", _workforce(0.8))
            tomorrow = datetime.now(UTC).replace(hour=9, minute=0, second=0, microsecond=0) + timedelta(days=1)
            _marts(
                "rpt_staffing_gap",
                [
                    {
                        "org_key": "apac",
                        "interval_start_utc": tomorrow + timedelta(minutes=15 * i),
                        "interval_minutes": 15,
                        "gap": -6.0,
                    }
                    for i in range(4)
                ]
                + [{"org_key": "emea", "interval_start_utc": tomorrow, "interval_minutes": 15, "gap": -1.0}],
            )
            with dg.instance_for_test() as instance:
                from dagster._core.test_utils import create_run_for_test

                run = create_run_for_test(instance, job_name="nightly_extract")
                context = dg.build_sensor_context(instance=instance)
                result = wfm_hub_alerts.evaluate_tick(context)
                yield {
                    "db": db,
                    "sensor": wfm_hub_alerts,
                    "instance": instance,
                    "cursor": result.cursor,
                    "hooks": hooks,
                    "mail": mail,
                    "run_id": run.run_id,
                    "first": list(hooks.posts),
                    "mails": list(mail.messages),
                }
    finally:
        hooks.close()
        mail.close()
        sim.stop()


def _slack(hub, kind: str) -> list[dict]:
    return [p for path, p in hub["first"] if path == "/slack" and f"{kind} |" in p["blocks"][2]["elements"][0]["text"]]


def test_org_failed(hub):
    [post] = _slack(hub, "org_failed")
    assert post["text"].startswith("[wfm-hub] Org emea failed") and "emea" in post["blocks"][1]["text"]["text"]
    assert f"<{BASE}/runs/{hub['run_id']}|Dagster run>" in post["blocks"][2]["elements"][0]["text"]


def test_org_skipped_and_permission_missing(hub):
    [skipped] = _slack(hub, "org_skipped")
    [missing] = _slack(hub, "permission_missing")
    assert "apac" in skipped["text"] and "historical_adherence" in skipped["text"]
    assert "wfm:historicalAdherence:view" in missing["blocks"][1]["text"]["text"]


def test_stale(hub):
    [post] = _slack(hub, "stale")  # emea's adherence loaded today; apac's newest success is two days old
    assert post["text"].startswith("[wfm-hub] Org apac: data is stale")
    assert "alert after 24 h" in post["blocks"][1]["text"]["text"]


def test_rate_limit(hub):
    near = _slack(hub, "rate_limit")
    assert any("apac: users near the rate limit" in p["text"] for p in near)
    assert all("limit 2" in p["blocks"][1]["text"]["text"] for p in near)


def test_adherence_below_target(hub):
    [post] = _slack(hub, "adherence_below_target")
    assert "80.0%" in post["blocks"][1]["text"]["text"] and "target 90.0%" in post["blocks"][1]["text"]["text"]


def test_staffing_gap(hub):
    [post] = _slack(hub, "staffing_gap")  # apac: 4 x 6 agents x 15 min = 6 h > 5; emea 0.25 h is not
    assert "Org apac" in post["text"] and "6.0 agent-hours short" in post["blocks"][1]["text"]["text"]


def test_every_channel_gets_every_alert_in_its_format(hub):
    slack = [p for path, p in hub["first"] if path == "/slack"]
    teams = [p for path, p in hub["first"] if path == "/teams"]
    cards = [p for path, p in hub["first"] if path == "/card"]
    assert len(slack) == len(teams) == len(cards) == len(hub["mails"]) >= 6
    attachment = teams[0]["attachments"][0]
    assert teams[0]["type"] == "message" and attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert attachment["content"]["type"] == "AdaptiveCard" and attachment["content"]["actions"][0]["url"].startswith(
        BASE
    )
    assert cards[0]["@type"] == "MessageCard" and cards[0]["potentialAction"][0]["targets"][0]["uri"].startswith(BASE)
    assert any("Subject: [wfm-hub] Org emea failed" in m and "To: planning@test.example" in m for m in hub["mails"])
    assert not any(hub["hooks"].url in str(p) for _, p in hub["first"])  # the secret URLs never travel


def test_no_duplicate_then_reconciliation_then_resolved(hub):
    sensor, instance, hooks, mail = hub["sensor"], hub["instance"], hub["hooks"], hub["mail"]
    posts = len(hooks.posts)
    again = sensor.evaluate_tick(dg.build_sensor_context(instance=instance, cursor=hub["cursor"]))
    assert len(hooks.posts) == posts and len(mail.messages) == len(hub["mails"]), "a re-run repeats nothing"
    assert not _slack(hub, "reconciliation_drift"), "silent while the reconciliation mart does not exist"

    _marts(
        "rpt_reconciliation_daily",
        [
            {"date": "2026-11-22", "org_key": "emea", "within_tolerance": False},
            {"date": "2026-11-22", "org_key": "apac", "within_tolerance": True},
        ],
    )
    _marts("rpt_global_workforce_daily", _workforce(0.95))
    third = sensor.evaluate_tick(dg.build_sensor_context(instance=instance, cursor=again.cursor))
    new = [p for path, p in hooks.posts[posts:] if path == "/slack"]
    assert [p["text"].split(":")[0] for p in new] == [
        "[wfm-hub] Reconciliation drifted past tolerance",
        "[wfm-hub] RESOLVED",
    ]
    assert "org_key=emea" in new[0]["blocks"][1]["text"]["text"] and "GLOBAL adherence" in new[1]["text"]
    final = sensor.evaluate_tick(dg.build_sensor_context(instance=instance, cursor=third.cursor))
    assert final.cursor == third.cursor and len(hooks.posts) == posts + 2 * 3
