"""Same scenario + anchor date => byte-identical answers, in separate processes; truth files likewise."""

from __future__ import annotations

import csv
import json

import pytest

from tests.sim._api import WFM, OrgApi
from tests.sim.conftest import run_truth
from tests.simproc import TEST_ANCHOR, start_sim


def _snapshot(sim) -> dict[str, bytes]:
    """Raw bodies of a fixed sequence of requests against every org of a simulator."""
    bodies: dict[str, bytes] = {}

    for info in sim.orgs:
        key = info["api_base_url"].rsplit("/", 1)[1]
        with OrgApi(sim, key) as api:

            def raw(name: str, method: str, path: str, body=None, params=None, expect: int = 200, key=key) -> bytes:
                response = api.request(method, path, body=body, params=params)
                assert response.status_code == expect, (name, response.status_code, response.text[:300])
                bodies[f"{key} {name}"] = response.content
                return response.content

            # users: several small pages, plus the default page
            page, number = {"nextUri": True}, 1
            while "nextUri" in page:
                page = json.loads(
                    raw(
                        f"users p{number}",
                        "GET",
                        "/api/v2/users",
                        params={"state": "any", "pageSize": 4, "pageNumber": number, "expand": "employerInfo"},
                    )
                )
                number += 1
            assert number > 3  # really paged
            raw("users default", "GET", "/api/v2/users")
            raw("queues", "GET", "/api/v2/routing/queues")
            first_mu = None
            for bu in json.loads(raw("bus", "GET", f"{WFM}/businessunits"))["entities"]:
                b = bu["id"]
                raw(f"{b} codes", "GET", f"{WFM}/businessunits/{b}/activitycodes")
                mus = json.loads(raw(f"{b} mus", "GET", f"{WFM}/businessunits/{b}/managementunits"))["entities"]
                first_mu = first_mu or mus[0]["id"]
                schedules = json.loads(raw(f"{b} schedules", "GET", f"{WFM}/businessunits/{b}/weeks/recent/schedules"))
                week = schedules["entities"][0]
                raw(
                    f"{b} agent schedules",
                    "POST",
                    f"{WFM}/businessunits/{b}/weeks/{week['weekDate']}/schedules/{week['id']}/agentschedules/query",
                    body={"managementUnitId": mus[0]["id"]},
                )
                forecasts = json.loads(
                    raw(f"{b} forecasts", "GET", f"{WFM}/businessunits/{b}/weeks/recent/shorttermforecasts")
                )
                fc = forecasts["entities"][-1]
                raw(
                    f"{b} forecast data",
                    "GET",
                    f"{WFM}/businessunits/{b}/weeks/{fc['weekDate']}/shorttermforecasts/{fc['id']}/data",
                )
                for mu in mus:
                    raw(
                        f"{mu['id']} time off",
                        "POST",
                        f"{WFM}/managementunits/{mu['id']}/timeoffrequests/query",
                        body={"dateRange": {"startDate": "2026-11-01", "endDate": "2026-12-03"}},
                    )
                    raw(
                        f"{mu['id']} time off pending",
                        "POST",
                        f"{WFM}/managementunits/{mu['id']}/timeoffrequests/query",
                        body={"statuses": ["PENDING"]},
                    )
            raw(
                "conversation aggregates",
                "POST",
                "/api/v2/analytics/conversations/aggregates/query",
                body={
                    "interval": "2026-11-09T00:00:00.000Z/2026-11-23T12:00:00.000Z",
                    "granularity": "PT1H",
                    "groupBy": ["queueId", "mediaType"],
                },
            )
            raw(
                "user aggregates",
                "POST",
                "/api/v2/analytics/users/aggregates/query",
                body={
                    "interval": "2026-11-16T00:00:00.000Z/2026-11-23T00:00:00.000Z",
                    "granularity": "P1D",
                    "groupBy": ["userId"],
                },
            )
            # historical adherence: the job envelope carries the port in its URLs; compare the downloads
            downloads = api.bulk_adherence(
                [
                    {
                        "managementUnitId": first_mu,
                        "startDate": "2026-11-16T00:00:00Z",
                        "endDate": "2026-11-23T00:00:00Z",
                        "includeExceptions": True,
                        "includeActuals": True,
                    }
                ],
                time_zone="Europe/Berlin",
            )
            bodies[f"{key} adherence download"] = json.dumps(downloads, sort_keys=False).encode()
    return bodies


@pytest.fixture(scope="module")
def twin_snapshots():
    """Two simulator processes (different hash seeds), same scenario and anchor."""
    snapshots = []
    for hash_seed in ("1", "2"):
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("PYTHONHASHSEED", hash_seed)
            sim = start_sim("tiny", TEST_ANCHOR)
        try:
            snapshots.append(_snapshot(sim))
        finally:
            sim.stop()
    return snapshots


def test_two_processes_answer_byte_identically(twin_snapshots):
    first, second = twin_snapshots
    assert sorted(first) == sorted(second)
    different = [name for name in first if first[name] != second[name]]
    assert different == [], f"answers differ between processes: {different}"


def test_snapshot_covers_real_data(twin_snapshots):
    """Guard against comparing empty answers: every compared body carries data."""
    bodies = twin_snapshots[0]
    assert len(bodies) >= 30
    for name, body in bodies.items():
        if "time off" not in name:  # one management unit may have no request in the range
            assert len(body) > 20, name
    for key in ("emea", "apac"):
        adherence = json.loads(bodies[f"{key} adherence download"])
        assert sum(len(u["exceptionInfo"]) for d in adherence for u in d["userResults"]) > 10
        assert json.loads(bodies[f"{key} conversation aggregates"])["results"]
        assert json.loads(bodies[f"{key} user aggregates"])["results"]
        assert any(
            json.loads(body)["entities"]
            for name, body in bodies.items()
            if name.startswith(key) and name.endswith(" time off")
        )
        data = [
            json.loads(body)["result"]
            for name, body in bodies.items()
            if name.startswith(key) and name.endswith("forecast data")
        ]
        # a week of 15-minute values, 768 where the planning group carries an 8th day
        assert data and all(len(pg["offeredPerInterval"]) in (672, 768) for d in data for pg in d["planningGroups"])


def _files(directory) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def test_truth_cli_is_reproducible(tiny_truth, tmp_path):
    again = tmp_path / "again"
    run_truth(again)
    first, second = _files(tiny_truth), _files(again)
    assert sorted(first) == [
        "accounts.csv",
        "adherence_day.csv",
        "entity_counts.csv",
        "manifest.json",
        "org_day_volume.csv",
        "people.csv",
        "person_day.csv",
        "service_level_day.csv",
        "staffing_requirement_day.csv",
        "time_off_status.csv",
    ]
    assert [name for name in first if first[name] != second[name]] == []


def test_truth_cli_seed_changes_the_world(tiny_truth, tmp_path):
    other = tmp_path / "seed7"
    run_truth(other, "tiny", "--seed", "7")
    with (tiny_truth / "accounts.csv").open() as handle:
        base = list(csv.DictReader(handle))
    with (other / "accounts.csv").open() as handle:
        seeded = list(csv.DictReader(handle))
    assert len(base) == len(seeded)  # same scenario shape ...
    assert {r["user_id"] for r in base}.isdisjoint({r["user_id"] for r in seeded})  # ... other users
    assert [r["email"] for r in base] != [r["email"] for r in seeded]
    assert json.loads((other / "manifest.json").read_text())["seed"] == 7
