"""Fixtures of the cross-org write-path tests: private simulators (the tests write to them), and helpers
that run the sync and the export against them the way the CLI does."""

from __future__ import annotations

import gzip
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import httpx
import orjson
import pytest

from genesys_sim.scenarios import get_scenario
from pipelines.names import name_key
from tests.simproc import Sim, start_sim, token
from tests.warehouse import fast_extract, hub_env

ROOT = Path(__file__).resolve().parents[2]  # the repo: the CLI's working directory
WFM = "/api/v2/workforcemanagement"
DEMO = get_scenario("demo")
# ActivityCodeSpec field -> wire name, written out here independently of the code under test.
SPEC_WIRE = {
    "category": "category",
    "length_minutes": "lengthInMinutes",
    "paid": "countsAsPaidTime",
    "work": "countsAsWorkTime",
    "agent_selectable": "agentTimeOffSelectable",
    "planned_shrinkage": "plannedShrinkage",
}


def wire(spec) -> dict:
    """A scenario ActivityCodeSpec in Genesys wire terms."""
    return {wire_name: getattr(spec, field) for field, wire_name in SPEC_WIRE.items()}


@pytest.fixture(scope="module")
def demo_writable():
    """A demo simulator of this module's own: the tests here change its codes or import forecasts."""
    sim = start_sim("demo")
    yield sim
    sim.stop()


@pytest.fixture
def fresh_tiny():
    sim = start_sim("tiny")
    yield sim
    sim.stop()


@contextmanager
def hub(sim: Sim, workdir: Path, **extract):
    """The wfm-hub environment (orgs file, secrets, warehouse) pointed at ``sim``; yields the config."""
    from pipelines.config import load_config

    with hub_env(sim, workdir, fast_extract(**extract)):
        yield load_config()


class Api:
    """Plain bearer-authenticated calls to one simulated org (the tests' independent view)."""

    def __init__(self, sim: Sim, key: str):
        self.info = sim.org(key)
        self.http = httpx.Client(
            base_url=self.info["api_base_url"], timeout=30, headers={"Authorization": f"Bearer {token(self.info)}"}
        )

    def get(self, path: str, **params):
        response = self.http.get(path, params=params or None)
        response.raise_for_status()
        return response.json()

    def post(self, path: str, body) -> httpx.Response:
        return self.http.post(path, json=body)

    def units(self) -> list[dict]:
        return [
            self.get(f"{WFM}/businessunits/{bu['id']}", expand="settings")
            for bu in self.get(f"{WFM}/businessunits")["entities"]
        ]

    def codes(self, bu_id: str) -> list[dict]:
        return self.get(f"{WFM}/businessunits/{bu_id}/activitycodes")["entities"]

    def planning_groups(self, bu_id: str) -> dict[str, str]:
        return {g["name"]: g["id"] for g in self.get(f"{WFM}/businessunits/{bu_id}/planninggroups")["entities"]}

    def import_forecast(self, bu_id: str, week: str, payload: dict | bytes) -> httpx.Response:
        """The three-step API import: upload URL, PUT the gzipped JSON (no bearer), import."""
        data = payload if isinstance(payload, bytes) else gzip.compress(orjson.dumps(payload))
        base = f"{WFM}/businessunits/{bu_id}/weeks/{week}/shorttermforecasts/import"
        grant = self.post(f"{base}/uploadurl", {"contentLengthBytes": len(data)})
        grant.raise_for_status()
        grant = grant.json()
        httpx.put(grant["url"], content=data, headers=grant["headers"], timeout=30).raise_for_status()
        return self.post(base, {"uploadKey": grant["uploadKey"]})

    def close(self):
        self.http.close()


@pytest.fixture
def api_for():
    opened = []

    def make(sim: Sim, key: str) -> Api:
        opened.append(Api(sim, key))
        return opened[-1]

    yield make
    for api in opened:
        api.close()


def duplicate_names(codes: list[dict]) -> list[str]:
    counts = Counter(name_key(c["name"]) for c in codes)
    return [name for name, n in counts.items() if n > 1]
