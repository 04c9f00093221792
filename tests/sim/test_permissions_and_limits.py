"""The simulator's answers carry what real ones carry for a preflight: an RFC 7231 ``Date``, the
``inin-ratelimit-*`` headers of the caller's token, and Genesys' "Requires ANY permissions" rule."""

from __future__ import annotations

import time
from email.utils import parsedate_to_datetime

import pytest

from genesys_sim.routes.wfm_units import MEMBERS_VIEW
from genesys_sim.runtime import ALL_PERMISSIONS
from tests.sim._api import WFM, OrgApi
from tests.simproc import TEST_ANCHOR, start_sim

# the member listing's permissions the simulated role holds (the planners' entities added three): deny them all
MEMBERS = [p for p in MEMBERS_VIEW if p in ALL_PERMISSIONS]


@pytest.fixture(scope="module")
def sim():
    """Three requests a minute per token; apac's role lacks every permission (it holds) that lists
    management-unit members, emea's only wfm:schedule:view."""
    denied = [arg for p in MEMBERS for arg in ("--deny", f"apac:{p}")]
    process = start_sim("tiny", TEST_ANCHOR, "--rate-limit", "3", "--deny", "emea:wfm:schedule:view", *denied)
    yield process
    process.stop()


def test_answers_carry_the_token_window_and_a_date(sim):
    with OrgApi(sim, "emea") as api:
        first, second = api.request("GET", "/api/v2/users"), api.request("GET", "/api/v2/routing/queues")
        third, limited = api.request("GET", "/api/v2/organizations/me"), api.request("GET", "/api/v2/users")
    assert [r.status_code for r in (first, second, third, limited)] == [200, 200, 200, 429]
    assert [r.headers["inin-ratelimit-count"] for r in (first, second, third, limited)] == ["1", "2", "3", "3"]
    assert {r.headers["inin-ratelimit-allowed"] for r in (first, limited)} == {"3"}
    assert 1 <= int(limited.headers["inin-ratelimit-reset"]) <= 60
    assert abs(int(limited.headers["Retry-After"]) - int(limited.headers["inin-ratelimit-reset"])) <= 1
    assert abs(parsedate_to_datetime(first.headers["Date"]).timestamp() - time.time()) < 5


def test_a_fresh_token_has_its_own_window_and_no_token_no_limit_headers(sim):
    with OrgApi(sim, "apac") as api:
        assert api.request("GET", "/api/v2/users").headers["inin-ratelimit-count"] == "1"
        anonymous = api.http.get("/api/v2/users")
    assert anonymous.status_code == 401 and "inin-ratelimit-count" not in anonymous.headers


def test_any_one_permission_of_the_list_suffices(sim):
    """Members of a management unit take any of nine permissions: emea lacks wfm:schedule:view only and
    still lists them (but not its schedules); apac lacks every one its role held: 403 naming the list.
    (Three calls per token: the limit.)"""
    seen = {}
    for key in ("emea", "apac"):
        with OrgApi(sim, key) as api:
            bu = api.get(f"{WFM}/businessunits")["entities"][0]
            mu = api.get(f"{WFM}/businessunits/{bu['id']}/managementunits")["entities"][0]["id"]
            members = api.request("GET", f"{WFM}/managementunits/{mu}/users")
            api.new_token()
            schedules = api.request("GET", f"{WFM}/businessunits/{bu['id']}/weeks/recent/schedules")
            seen[key] = bu, members, schedules
    bu, members, schedules = seen["emea"]
    assert bu["authorized"] is True and members.status_code == 200 and members.json()["entities"]
    assert schedules.status_code == 403 and "[wfm:schedule:view]" in schedules.json()["message"]
    bu, refused, schedules = seen["apac"]
    assert bu["authorized"] is True  # apac still holds other wfm view permissions
    assert refused.status_code == 403 and refused.json()["code"] == "missing.permissions"
    assert all(p in refused.json()["messageParams"]["permissions"] for p in ["wfm:agent:view", *MEMBERS])
    assert schedules.status_code == 403
