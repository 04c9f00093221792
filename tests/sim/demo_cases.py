"""Shared by the hard-case tests: the demo scenario, its window, and read-only API fixtures."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import pytest

from genesys_sim.scenarios import get_scenario
from tests.sim._api import OrgApi

DEMO = get_scenario("demo")
WINDOW_START, WINDOW_END = date(2026, 9, 28), date(2026, 12, 7)  # anchor 2026-11-23: 8 weeks back, 2 ahead
ORGS = ("emea", "apac", "amer")


@pytest.fixture(scope="module")
def apis(demo_sim):
    clients = {key: OrgApi(demo_sim, key) for key in ORGS}
    yield clients
    for client in clients.values():
        client.close()


@pytest.fixture(scope="module")
def api_users(apis) -> dict[str, list[dict]]:
    return {key: api.users("any") for key, api in apis.items()}


@pytest.fixture(scope="module")
def api_bus(apis) -> dict[str, list[dict]]:
    return {key: api.business_units() for key, api in apis.items()}


def people_of(model) -> dict[str, list]:
    people = defaultdict(list)
    for org in model.orgs.values():
        for account in org.accounts:
            people[account.person_id].append(account)
    return people
