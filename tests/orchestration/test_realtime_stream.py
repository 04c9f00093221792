"""Dagster and the adherence stream: the snapshot polls only the orgs not pushed, gaps get the historical job.

The sensors read the stream's status files (pipelines/realtime/health.py), written here as the stream
writes them, in a private pipelines directory.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

import dagster as dg
import pytest

from assets.keys import raw_key
from assets.realtime_stream import gap_days
from pipelines.realtime.health import write_status


@pytest.fixture
def status_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("WFM_HUB_PIPELINES_DIR", str(tmp_path / "pipelines"))
    return tmp_path


def _status(org: str, state: str = "streaming", **extra) -> None:
    write_status(org, {"org_key": org, "state": state, "heartbeat_at": time.time(), "polled_units": [], **extra})


def _tick(instance, name: str):
    from assets.definitions import defs

    sensor = defs.resolve_sensor_def(name)
    return sensor.evaluate_tick(dg.build_sensor_context(instance=instance, repository_def=defs.get_repository_def()))


def test_the_snapshot_polls_only_the_orgs_the_stream_does_not_push(status_dir, dagster_instance):
    (everyone,) = _tick(dagster_instance, "realtime_snapshot_sensor").run_requests
    assert everyone.asset_selection is None, "no stream: the whole snapshot job"
    _status("emea")
    _status("apac", "polling", reason="notifications not permitted: missing wfm:realtimeAdherence:view")
    _status("amer", heartbeat_at=time.time() - 600)  # a stream that stopped writing its status is down
    (some,) = _tick(dagster_instance, "realtime_snapshot_sensor").run_requests
    assert set(some.asset_selection) == {
        raw_key("apac", "realtime_adherence"),
        raw_key("amer", "realtime_adherence"),
        dg.AssetKey(["marts", "rpt_global_adherence_snapshot"]),
    }
    assert some.tags["wfm_hub/polled"] == "apac,amer"
    for org in ("apac", "amer"):
        _status(org)
    result = _tick(dagster_instance, "realtime_snapshot_sensor")
    assert not result.run_requests and "pushed" in result.skip_message


def test_each_gap_asks_once_for_the_historical_job_of_the_days_it_touched(status_dir, dagster_instance):
    start = datetime(2026, 11, 20, 23, 50, tzinfo=UTC).timestamp()
    end = datetime(2026, 11, 21, 0, 5, tzinfo=UTC).timestamp()
    first_ever = {"id": "g0", "start": None, "end": start, "reason": "the stream started"}
    dropped = {"id": "g1", "start": start, "end": end, "reason": "the socket dropped"}
    _status("emea", gaps=[first_ever, dropped])
    requests = _tick(dagster_instance, "adherence_gap_sensor").run_requests
    assert [r.partition_key for r in requests] == ["2026-11-20", "2026-11-21"]  # UTC-12 .. UTC+14
    assert {r.run_key for r in requests} == {"adherence-gap-emea-g1-2026-11-20", "adherence-gap-emea-g1-2026-11-21"}
    assert set(requests[0].asset_selection) == {
        raw_key("emea", "adherence_day_metrics"),
        raw_key("emea", "adherence_exceptions"),
    }


def test_gap_days_cover_every_time_zone_and_stop_at_the_last_partition():
    early = datetime(2026, 11, 21, 2, 0, tzinfo=UTC).timestamp()  # still Nov 20 in New York
    assert gap_days(early, early + 60, "2026-12-31") == ["2026-11-20", "2026-11-21"]
    late = datetime(2026, 11, 21, 11, 0, tzinfo=UTC).timestamp()  # Nov 20 at UTC-12, Nov 22 at UTC+14
    assert gap_days(late, late + 60, "2026-12-31") == ["2026-11-20", "2026-11-21", "2026-11-22"]
    assert gap_days(late, late + 60, "2026-11-21") == ["2026-11-20", "2026-11-21"], "no partition after the last"
