"""Analytics answers the metrics need, through the official SDK: service level (oServiceLevel, nOverSla,
short abandons, flow-outs), direction, intervals with the query's time-zone offset, COMMUNICATING and
tOrganizationPresence in user aggregates (fidelity evidence item 8, entities evidence A1 and A6)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

import pytest

from genesys_sim.scenarios import get_scenario
from tests.contract.common import UTC, build, expect_api_error

SL_METRICS = ["nOffered", "tAnswered", "tAbandon", "tShortAbandon", "tFlowOut", "tWait", "nOverSla", "oServiceLevel"]
DAY = "2026-11-20T00:00:00.000Z/2026-11-21T00:00:00.000Z"


def _aggregate(sdk, **attrs):
    query = build("ConversationAggregationQuery", **attrs)
    return sdk.check(
        sdk.conversations.post_analytics_conversations_aggregates_query(query), "ConversationAggregateQueryResponse"
    )


def test_service_level_is_answered_within_target_over_the_orgs_denominator(sdk):
    spec = get_scenario("tiny").org(sdk.key)
    answer = _aggregate(sdk, interval=DAY, granularity="PT1H", group_by=["queueId", "direction"], metrics=SL_METRICS)
    checked = short_seen = 0
    for container in answer.results:
        assert container.group["direction"] == "inbound", "only inbound contacts carry these metrics"
        for bucket in container.data:
            m = {x.metric: x.stats for x in bucket.metrics}
            count = {k: (m[k].count if k in m else 0) for k in SL_METRICS if k != "oServiceLevel"}
            # offered contacts are answered, abandoned (short abandons included) or flow out
            assert count["nOffered"] == count["tAnswered"] + count["tAbandon"] + count["tFlowOut"]
            assert count["tWait"] == count["nOffered"] and count["tShortAbandon"] <= count["tAbandon"]
            short_seen += count["tShortAbandon"]
            sl = m["oServiceLevel"]
            assert sl.numerator == count["tAnswered"] - count["nOverSla"]
            denominator = count["tAnswered"] + count["tAbandon"]
            denominator -= 0 if spec.sl_include_short_abandons else count["tShortAbandon"]
            denominator += count["tFlowOut"] if spec.sl_include_flow_outs else 0
            assert sl.denominator == denominator
            assert sl.ratio == pytest.approx(sl.numerator / sl.denominator) and sl.target == 0.8
            checked += 1
    assert checked > 10 and short_seen > 0


def test_short_abandons_are_a_time_metric_only(sdk):
    query = build("ConversationAggregationQuery", interval=DAY, metrics=["nShortAbandon"])
    expect_api_error(lambda: sdk.conversations.post_analytics_conversations_aggregates_query(query), 400, sdk.client)


def test_outbound_contacts_are_their_own_direction(sdk):
    answer = _aggregate(
        sdk, interval=DAY, granularity="P1D", group_by=["direction"], metrics=["nOffered", "tHandle", "nOutbound"]
    )
    by_direction = {c.group["direction"]: {m.metric: m.stats for m in c.data[0].metrics} for c in answer.results}
    assert set(by_direction) == {"inbound", "outbound"}
    outbound = by_direction["outbound"]
    assert "nOffered" not in outbound and outbound["nOutbound"].count == outbound["tHandle"].count > 0
    merged = _aggregate(sdk, interval=DAY, granularity="P1D", metrics=["tHandle"])
    (total,) = [m.stats.count for m in merged.results[0].data[0].metrics]
    assert total == by_direction["inbound"]["tHandle"].count + outbound["tHandle"].count


@pytest.mark.parametrize("zone, offset", [("Australia/Adelaide", "+10:30"), ("Asia/Kolkata", "+05:30")])
def test_intervals_carry_the_query_time_zone_offset(sdk, zone, offset):
    answer = _aggregate(
        sdk,
        interval=f"2026-11-20T00:00:00.000{offset}/2026-11-21T00:00:00.000{offset}",
        granularity="PT30M",
        time_zone=zone,
        group_by=["queueId"],
        metrics=["nOffered"],
    )
    starts = set()
    for container in answer.results:
        for bucket in container.data:
            lo, _, hi = bucket.interval.partition("/")
            assert lo.endswith(offset) and hi.endswith(offset), bucket.interval
            start, stop = datetime.fromisoformat(lo), datetime.fromisoformat(hi)
            assert stop - start == timedelta(minutes=30) and start.minute in (0, 30)
            starts.add(start.astimezone(UTC))
    assert starts and all(s.minute in (0, 30) for s in starts)
    whole_day = _aggregate(sdk, interval=DAY, granularity="PT30M", group_by=["queueId"], metrics=["nOffered"])
    utc = {d.interval for c in whole_day.results for d in c.data}
    assert all(i.endswith("Z") for i in utc), "no timeZone: UTC intervals ...Z/...Z"


def test_user_aggregates_carry_communicating_and_organization_presence(sdk):
    query = build(
        "UserAggregationQuery",
        interval=DAY,
        granularity="PT15M",
        group_by=["userId"],
        metrics=["tAgentRoutingStatus", "tSystemPresence", "tOrganizationPresence"],
    )
    answer = sdk.check(sdk.analytics.post_analytics_users_aggregates_query(query), "UserAggregateQueryResponse")
    definitions = {i for ids in answer.system_to_organization_mappings.values() for i in ids}
    assert "ON_QUEUE" in answer.system_to_organization_mappings
    seen: dict[str, set] = defaultdict(set)
    for container in answer.results:
        for bucket in container.data:
            totals: dict[str, int] = defaultdict(int)
            for m in bucket.metrics:
                seen[m.metric].add(m.qualifier)
                totals[m.metric] += m.stats.sum
            # organization presence is the same time as system presence, under the org's definition ids
            assert totals["tOrganizationPresence"] == pytest.approx(totals["tSystemPresence"], abs=10)
    assert "COMMUNICATING" in seen["tAgentRoutingStatus"]
    assert seen["tOrganizationPresence"] and seen["tOrganizationPresence"] <= definitions
