"""Schedules and forecasts over several weeks, an overlapping published schedule, the week listing's filters,
1-based forecast weeks with an 8th day (tiny emea: 2-week schedules and forecasts, a week rescheduled on its own,
Support Chat's 768 values; issue 14 items 3, 4, 5)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from genesys_sim.model import volume
from genesys_sim.scenarios import get_scenario
from tests.sim._api import WFM, OrgApi, parse_utc

TWO_WEEKS, OVERLAPPED, LAST = "2026-11-09", "2026-11-16", "2026-11-23"  # tiny emea's business-unit weeks


@pytest.fixture(scope="module")
def emea(tiny_sim):
    with OrgApi(tiny_sim, "emea") as api:
        (bu,) = api.business_units()
        yield api, bu, api.management_units(bu["id"])


def _by_start(schedules: list[dict]) -> dict[tuple[str, int], dict]:
    return {(s["weekDate"], s["weekCount"]): s for s in schedules}


def test_a_schedule_spans_two_weeks_and_is_listed_under_each(emea):
    api, bu, _ = emea
    assert set(_by_start(api.schedules(bu["id"], TWO_WEEKS))) == {(TWO_WEEKS, 2)}
    # the week it shares with a later one-week schedule lists both ("any schedule which spans the week")
    assert set(_by_start(api.schedules(bu["id"], OVERLAPPED))) == {(TWO_WEEKS, 2), (OVERLAPPED, 1)}
    assert set(_by_start(api.schedules(bu["id"], LAST))) == {(LAST, 1)}


def test_recent_bounds_the_start_week_only(emea):
    """earliestWeekDate/latestWeekDate (SDK v269: the schedule START week, only with ``recent``)."""
    api, bu, _ = emea
    path = f"{WFM}/businessunits/{bu['id']}/weeks/recent/schedules"
    everything = api.get(path)["entities"]
    assert len(everything) == 3
    narrow = api.get(path, earliestWeekDate=OVERLAPPED, latestWeekDate=LAST)["entities"]
    assert set(_by_start(narrow)) == {(OVERLAPPED, 1), (LAST, 1)}, "the 2-week schedule starts before: not listed"
    wide = api.get(path, earliestWeekDate=TWO_WEEKS, latestWeekDate=OVERLAPPED)["entities"]
    assert set(_by_start(wide)) == {(TWO_WEEKS, 2), (OVERLAPPED, 1)}
    dated = f"{WFM}/businessunits/{bu['id']}/weeks/{OVERLAPPED}/schedules"
    assert len(api.get(dated, earliestWeekDate=LAST)["entities"]) == 2, "ignored unless weekId is recent"


def test_the_published_view_shows_the_later_schedule_and_the_earlier_keeps_its_own_week(emea):
    """Week 2026-11-16: the 2-week schedule (published 14 days before its first week) and a one-week schedule
    published 3 days before. The search shows the later one's shifts; the query of the 2-week schedule answers
    its own, older version of that week (shifts 30 minutes earlier, other ids): reading both double-counts."""
    api, bu, mus = emea
    spanning = _by_start(api.schedules(bu["id"], OVERLAPPED))
    old, new = spanning[(TWO_WEEKS, 2)], spanning[(OVERLAPPED, 1)]
    assert old["metadata"]["dateModified"] < new["metadata"]["dateModified"]
    start, end = datetime(2026, 11, 15, 23, tzinfo=UTC), datetime(2026, 11, 22, 23, tzinfo=UTC)
    shown, queried, compared = 0, 0, 0
    for mu in mus:
        view = api.search(mu["id"], start, end)
        assert {p["id"] for p in view["publishedSchedules"]} == {old["id"], new["id"]}
        shifts = {(r["user"]["id"], s["id"]): s for r in view["agentSchedules"] for s in r["shifts"]}
        assert {s["schedule"]["id"] for s in shifts.values()} == {new["id"]}
        shown += len(shifts)
        own = api.query_schedule(bu["id"], new, mu["id"])
        assert {(r["user"]["id"], s["id"]) for r in own for s in r["shifts"]} == set(shifts)
        earlier = [
            (r["user"]["id"], s)
            for r in api.query_schedule(bu["id"], old, mu["id"])
            for s in r["shifts"]
            if start <= parse_utc(s["startDate"]) + timedelta(minutes=30) < end
        ]
        queried += len(earlier)
        starts = {(u, s["startDate"]) for (u, _), s in shifts.items()}
        for user, shift in earlier:
            assert (user, shift["id"]) not in shifts and shift["schedule"]["id"] == old["id"]
            later = parse_utc(shift["startDate"]) + timedelta(minutes=30)
            compared += (user, later.strftime("%Y-%m-%dT%H:%M:%S.000Z")) in starts
    assert shown == queried == compared > 20


def test_the_query_of_a_two_week_schedule_covers_both_weeks(emea):
    api, bu, mus = emea
    (old,) = [s for s in api.schedules(bu["id"], TWO_WEEKS) if s["weekCount"] == 2]
    days = {
        parse_utc(s["startDate"]).date()
        for mu in mus
        for r in api.query_schedule(bu["id"], old, mu["id"])
        for s in r["shifts"]
    }
    assert min(days) < date(2026, 11, 16) <= max(days) < date(2026, 11, 23)


def test_forecast_weeks_are_one_based_and_support_chat_has_an_eighth_day(emea):
    """A real answer for a one-week forecast reads weekNumber 1 and carries 768 values for one planning group
    beside 672 for others; a 2-week forecast answers weeks 1 and 2, and refuses 0 and 3."""
    api, bu, _ = emea
    (fc,) = api.forecasts(bu["id"], OVERLAPPED)
    assert (fc["weekDate"], fc["weekCount"]) == (TWO_WEEKS, 2), "the 2-week forecast is listed under its 2nd week"
    names = {pg["id"]: pg["name"] for pg in api.planning_groups(bu["id"])}
    reference = datetime(2026, 11, 8, 23, tzinfo=UTC)
    path = f"{WFM}/businessunits/{bu['id']}/weeks/{fc['weekDate']}/shorttermforecasts/{fc['id']}/data"
    assert api.get(path)["result"]["weekNumber"] == 1, "weekNumber defaults to the first week"
    unit = get_scenario("tiny").org("emea").business_units[0]
    seed = get_scenario("tiny").seed
    for number in (1, 2):
        result = api.forecast_data(bu["id"], fc, number)
        assert (result["weekNumber"], result["weekCount"]) == (number, 2)
        assert parse_utc(result["referenceStartDate"]) == reference, "the forecast's reference start, every week"
        for group in result["planningGroups"]:
            name, values = names[group["planningGroupId"]], group["offeredPerInterval"]
            assert len(values) == (768 if name == "Support Chat" else 672)
            if name == "Support Chat":
                assert values[672:] == values[:96], "the 8th day repeats the week's first day"
            spec = next(pg for pg in unit.planning_groups if pg.name == name)
            moment = reference + ((number - 1) * 672 + 40) * timedelta(minutes=15)
            expected = volume.forecast_interval(seed, "emea", group["planningGroupId"], spec, unit, moment)
            assert values[40] == expected[0], "week n continues the forecast's 15-minute grid"
    for wrong in (0, 3):
        response = api.request("GET", path, params={"weekNumber": wrong})
        assert response.status_code == 400 and response.json()["code"] == "bad.request", wrong
