"""doctor's permission table and request arithmetic against the resource registry and the simulator.

Every resource has a probe and an estimate (a new resource cannot forget either); each probe's call
exists in the simulator with a permission list inside the one Genesys documents (SDK docs, "Requires
ANY permissions"), and the simulated role can pass it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import genesys_sim.app  # noqa: F401  (registers every route)
from genesys_sim.routes import ENDPOINTS
from genesys_sim.runtime import ALL_PERMISSIONS
from pipelines.config import ExtractSettings
from pipelines.doctor.checks import advice
from pipelines.genesys.budget import (
    ASYNC,
    DIRECTORY,
    DOWNLOAD,
    LOGIN,
    QUERY,
    TOKEN,
    OrgCounts,
    UnitCounts,
    critical_paths,
    requests_by_resource,
    run_requests,
)
from pipelines.genesys.helpers import Windows
from pipelines.genesys.probes import PROBES, fill
from pipelines.genesys.resources import REGISTRY
from pipelines.genesys.settings import DEFAULT_RESOURCES

# doctor's placeholders -> the simulator's path parameters
SIM_PARAMS = {
    "{bu}": "{businessUnitId}",
    "{mu}": "{managementUnitId}",
    "{week}": "{weekDateId}",
    "{forecast}": "{forecastId}",
    "{queue}": "{queueId}",
    "weeks/recent/schedules": "weeks/{weekId}/schedules",
}


def _sim_endpoint(method: str, path: str):
    for placeholder, name in SIM_PARAMS.items():
        path = path.replace(placeholder, name)
    found = [e for e in ENDPOINTS if e.method == method and e.path == path]
    assert len(found) == 1, f"{method} {path}: {len(found)} simulator routes"
    return found[0]


def _names(permission) -> set[str]:
    return set() if permission is None else {permission} if isinstance(permission, str) else set(permission)


def test_every_resource_has_a_probe_and_an_estimate():
    assert list(PROBES) == list(REGISTRY)
    counts = OrgCounts(users=1, queues=1, business_units=(UnitCounts(1, ((1,),), 1),))
    windows = Windows.for_run(ExtractSettings(), date(2026, 11, 23), False)
    assert set(requests_by_resource(counts, windows)) == {TOKEN, *REGISTRY}


@pytest.mark.parametrize("resource", list(PROBES))
def test_the_simulator_asks_for_a_documented_permission_its_role_can_hold(resource):
    probe = PROBES[resource]
    sim = _names(_sim_endpoint(probe.method, probe.path).permission)
    assert sim <= set(probe.permissions), f"{resource}: the simulator asks for {sim - set(probe.permissions)}"
    assert bool(sim) == bool(probe.permissions), f"{resource}: one side requires a permission, the other none"
    if sim:
        assert sim & set(ALL_PERMISSIONS), f"{resource}: the simulated role can never pass {sim}"
        assert probe.permissions[0] in sim, f"{resource}: doctor advises {probe.permissions[0]}, not modelled"


def test_every_simulator_route_can_be_passed_by_its_role():
    for endpoint in ENDPOINTS:
        names = _names(endpoint.permission)
        assert not names or names & set(ALL_PERMISSIONS), f"{endpoint.method} {endpoint.path}: {names}"


def test_placeholders_fill_paths_and_bodies_at_any_depth():
    ids = {"mu": "m1", "day": "2026-11-22", "tomorrow": "2026-11-23"}
    body = fill(PROBES["historical_adherence"].body, ids)
    assert body["items"][0] == {
        "managementUnitId": "m1",
        "startDate": "2026-11-22T00:00:00.000Z",
        "endDate": "2026-11-23T00:00:00.000Z",
        "includeExceptions": False,
    }
    assert fill(PROBES["time_off_requests"].path, ids).endswith("/managementunits/m1/timeoffrequests/query")


def test_advice_names_the_permission_then_its_alternatives():
    assert advice(("routing:queue:view",)) == "add permission routing:queue:view to the OAuth client's role"
    assert advice(PROBES["schedules"].permissions) == (
        "add permission wfm:schedule:view (or any one of: wfm:publishedSchedule:view) to the OAuth client's role"
    )


def test_the_estimate_counts_pages_units_weeks_and_downloads():
    """One business unit with two management units (60 and 10 agents), two weeks some published schedule
    spans and two forecast weeks over a nightly window: the arithmetic by hand."""
    windows = Windows.for_run(ExtractSettings(), date(2026, 11, 23), False)
    counts = OrgCounts(users=1001, queues=0, business_units=(UnitCounts(2, ((60, 10), (60, 10)), 2),), deleted_users=3)
    got = requests_by_resource(counts, windows, inline_agents=50)
    # users: state any (500 a page) then state deleted; an empty listing is one page
    assert got["users"] == 3 + 1 and got["queues"] == 1
    # listing, per week one search per unit + the 60's download, and the notification channel
    assert got["schedules"] == 1 + 2 * (2 + 1) + 3
    # doctor's default counts a download for every query (Genesys' inline threshold is not documented)
    assert requests_by_resource(counts, windows)["schedules"] == 1 + 2 * (2 + 2) + 3
    assert got["forecasts"] == 1 + 2
    assert got["historical_adherence"] == 1 + 2 + 1 * 2  # submit, two polls, one 3-day item per unit
    assert got["time_off_requests"] == 2 * (2 + 1)  # 56 days in 33-day queries, plus PENDING, per unit
    # the user count, then 3 days in queries of 24 hours (1,001 users x 2 half hours x ~6 rows fit a day)
    assert got["interaction_volume"] == 1 and got["user_presence"] == 1 + 3
    big = OrgCounts(users=5000, queues=0, business_units=())
    assert requests_by_resource(big, windows)["user_presence"] == 1 + 3 * 24 // 4  # 5,000 users: 4-hour queries
    # per unit its templates; per forecast the requirement and its week's download, and the channel
    assert got["service_goal_templates"] == 1
    assert got["staffing_requirements"] == 1 + 2 * 2 + 3
    assert run_requests(got, DEFAULT_RESOURCES) == sum(got.values()) - got["realtime_adherence"]


def test_the_configuration_docs_list_every_probe_with_its_permission():
    """docs/configuration.md's permission table: one row per resource, naming the probe's advised
    permission (or none): the docs cannot drift from the table doctor checks."""
    text = (Path(__file__).resolve().parents[2] / "docs" / "configuration.md").read_text()
    table = text.split("| resource | probe | permission (any one of) |", 1)[1].split("\n\n", 1)[0]
    rows = {line.split("|")[1].strip(" `"): line for line in table.splitlines()[2:]}
    assert list(rows) == list(PROBES)
    for name, probe in PROBES.items():
        cell = rows[name].split("|")[3]
        expected = f"`{probe.permissions[0]}`" if probe.permissions else "none"
        assert cell.strip().startswith(expected), (name, cell)


def test_the_critical_paths_follow_the_api_s_dependencies():
    """The same org as above: each resource's longest chain of calls that need each other's answers."""
    windows = Windows.for_run(ExtractSettings(), date(2026, 11, 23), False)
    counts = OrgCounts(users=1001, queues=0, business_units=(UnitCounts(2, ((60, 10), (60, 10)), 2),), deleted_users=3)
    paths = critical_paths(counts, windows, inline_agents=50, async_agents=55)
    assert set(paths) == set(REGISTRY)
    assert paths["users"] == (LOGIN, DIRECTORY, DIRECTORY), "pages after the first need its total"
    assert paths["queues"] == (LOGIN, DIRECTORY)
    # token, business units, a unit's settings (start day), the week listing, a search, its event, its download
    assert paths["schedules"] == (LOGIN, DIRECTORY, DIRECTORY, DIRECTORY, QUERY, ASYNC, DOWNLOAD)
    assert critical_paths(counts, windows, inline_agents=50)["schedules"][-2:] == (QUERY, DOWNLOAD)
    assert paths["historical_adherence"] == (LOGIN, DIRECTORY, DIRECTORY, QUERY, DIRECTORY, DIRECTORY, DOWNLOAD)
    assert paths["user_presence"] == (LOGIN, DIRECTORY, QUERY), "the user count sizes the queries"


def test_the_planners_critical_paths_follow_the_api_s_dependencies():
    """One business unit (two management units: 60 members and none, three planning groups), 1,001 users, 30
    queues (one with 150 members), 120 skills, two work teams (250 members and 3)."""
    windows = Windows.for_run(ExtractSettings(), date(2026, 11, 23), False)
    unit = UnitCounts(2, members=(60, 0), planning_groups=3)
    counts = OrgCounts(1001, 30, (unit,), 3, skills=120, teams=(250, 3), queue_members=(10, 150))
    paths = critical_paths(counts, windows, inline_agents=50)
    settings = (LOGIN, DIRECTORY, DIRECTORY)  # token, business units, a unit's settings or one of its listings
    job = (QUERY, DIRECTORY, DIRECTORY, DOWNLOAD)  # the POST, Processing once, Complete, the download
    assert paths["adherence_explanations"] == settings + job
    assert paths["shift_trades"] == settings + job
    assert paths["time_off_plans"] == paths["staffing_groups"] == settings
    assert paths["time_off_limits"] == settings + (QUERY,), "a limit's values need the limit"
    # the unit's members, the query, its download (60 agents over 50 inline)
    assert paths["work_plans"] == settings + (DIRECTORY, QUERY, DOWNLOAD)
    assert critical_paths(counts, windows, inline_agents=60)["work_plans"] == settings + (DIRECTORY, QUERY)
    assert paths["work_plan_rotations"] == settings + (DIRECTORY,)
    assert paths["presence_definitions"] == (LOGIN, DIRECTORY), "both listings at once"
    # one page of queues, then the 150-member queue's two pages (nextUri: one after the other)
    assert paths["queue_members"] == (LOGIN, DIRECTORY, DIRECTORY, DIRECTORY)
    # skills (two pages), users any (three) and deleted (one) need nothing from each other
    assert paths["routing_skills"] == (LOGIN, DIRECTORY, DIRECTORY)
    # one cursor page of teams, then the 250-member team's three cursor pages
    assert paths["teams"] == (LOGIN, DIRECTORY, DIRECTORY, DIRECTORY, DIRECTORY)
    assert paths["intraday"] == settings + (QUERY,), "a query needs its planning group"
    assert critical_paths(counts, windows, async_intraday=True)["intraday"] == settings + (QUERY, ASYNC)
    # an org without units or queues: the listings alone
    bare = critical_paths(OrgCounts(10, 0, (UnitCounts(0),)), windows)
    assert bare["work_plans"] == bare["shift_trades"] == bare["time_off_limits"] == settings
    assert bare["queue_members"] == (LOGIN, DIRECTORY) and bare["intraday"] == settings
