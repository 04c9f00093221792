"""Notifications in the simulator: channels, subscriptions, the socket, and the async agent-schedule query.

Real HTTP and WebSocket over loopback against ``python -m genesys_sim serve`` processes. The private
simulators here run with a 0.3 s heartbeat (and one with a 3 s channel lifetime) so the protocol's
timing shows within seconds; the defaults (30 s, 24 h) are checked through the SDK contract tests.
"""

from __future__ import annotations

import time

import httpx
import orjson
import pytest
from websockets.sync.client import connect

from genesys_sim.scenarios import get_scenario
from tests.notify import SCHEDULE_QUERY, Listener, listener_for, resolve
from tests.sim._api import WFM, OrgApi
from tests.simproc import start_sim, token

CHANNELS = "/api/v2/notifications/channels"


@pytest.fixture(scope="module")
def sim():
    sim = start_sim("tiny", "2026-11-23", "--heartbeat-seconds", "0.3")
    yield sim
    sim.stop()


@pytest.fixture
def apac(sim):
    with OrgApi(sim, "apac") as api:
        yield api


def _query_path(api: OrgApi, week: str = "2026-11-16") -> tuple[str, str]:
    (bu,) = api.business_units()
    (item,) = api.schedules(bu["id"], week)
    mu_id = api.management_units(bu["id"])[0]["id"]
    return f"{WFM}/businessunits/{bu['id']}/weeks/{week}/schedules/{item['id']}/agentschedules/query", mu_id


def _lost(sim, org: str) -> int:
    return sim.control("GET", "/_sim/notifications").get(org, {}).get("lost", 0)


@pytest.mark.parametrize("scenario", ["tiny", "demo"])
def test_every_answer_occurs_by_default(scenario, request):
    """Each scenario answers some whole-unit queries inline, some by downloadUrl and some Processing."""
    sim = request.getfixturevalue(f"{scenario}_sim")
    limits = get_scenario(scenario)
    kinds: dict[str, int] = {}
    for org in sim.orgs:
        with OrgApi(sim, org["api_base_url"].rsplit("/", 1)[1]) as api:
            for bu in api.business_units():
                (item,) = api.schedules(bu["id"], "recent")[-1:]
                path = f"{WFM}/businessunits/{bu['id']}/weeks/{item['weekDate']}/schedules/{item['id']}"
                for mu in api.management_units(bu["id"]):
                    listener = api.listener
                    answer = api.post(f"{path}/agentschedules/query", {"managementUnitId": mu["id"]})
                    rows = len(resolve(answer, listener)["agentSchedules"])
                    if "result" in answer:
                        kind = "inline"
                        assert rows <= limits.inline_schedule_limit
                    elif answer["status"] == "Complete":
                        kind = "download"
                        assert limits.inline_schedule_limit < rows <= limits.async_schedule_limit
                    else:
                        kind = "async"
                        assert rows > limits.async_schedule_limit
                        assert set(answer) == {"status", "operationId", "progress"} and answer["progress"] == 0
                    kinds[kind] = kinds.get(kind, 0) + 1
    assert set(kinds) == {"inline", "download", "async"}, kinds


def test_processing_result_arrives_on_the_clients_topic(apac):
    path, mu_id = _query_path(apac)
    listener = apac.listener
    plain = apac.post(path, {"managementUnitId": mu_id})
    assert plain["status"] == "Processing"
    event = listener.event(plain["operationId"])
    assert set(event) == {"operationId", "businessUnitId", "downloadUrl"}
    assert event["businessUnitId"] == apac.business_units()[0]["id"]
    (message,) = [m for m in listener.messages if m.get("eventBody") == event]
    assert message["topicName"] == SCHEDULE_QUERY.format(id=apac.info["client_id"])
    assert set(message) == {"topicName", "version", "eventBody", "metadata"} and message["metadata"]["CorrelationId"]
    forced = apac.post(path, {"managementUnitId": mu_id, "userIds": [apac.mu_users(mu_id)[0]]}, forceAsync="true")
    assert forced["status"] == "Processing", "forceAsync makes even a one-agent query asynchronous"
    assert len(resolve(forced, listener)["agentSchedules"]) == 1
    assert resolve(plain, listener) == apac.download(event["downloadUrl"])


def test_nobody_listening_loses_the_result(sim, apac):
    path, mu_id = _query_path(apac)
    before = _lost(sim, "apac")
    answer = apac.post(path, {"managementUnitId": mu_id})  # no channel yet: nobody subscribed
    time.sleep(1.0)
    assert _lost(sim, "apac") == before + 1
    late = apac.listener  # subscribing afterwards does not bring it back
    assert late.event(answer["operationId"], timeout=1.5) is None
    # subscribed but not connected is not listening either
    unconnected = httpx.post(f"{apac.base}{CHANNELS}", headers={"Authorization": f"Bearer {apac.token}"}).json()
    late.close()
    apac._listener = None
    put = httpx.put(
        f"{apac.base}{CHANNELS}/{unconnected['id']}/subscriptions",
        headers={"Authorization": f"Bearer {apac.token}"},
        json=[{"id": SCHEDULE_QUERY.format(id=apac.info["client_id"])}],
    )
    assert put.status_code == 200
    apac.post(path, {"managementUnitId": mu_id})
    time.sleep(1.0)
    assert _lost(sim, "apac") == before + 2


def test_socket_protocol(sim):
    org = sim.org("emea")
    with listener_for(org, token(org)) as ws:
        beats = ws.wait(lambda m: len([x for x in ws.messages if x.get("topicName") == "channel.metadata"]) >= 3, 5)
        assert beats is not None and beats == {
            "topicName": "channel.metadata",
            "eventBody": {"message": "WebSocket Heartbeat"},
        }
        ws.ws.send('{"message":"ping"}')
        pong = ws.wait(lambda m: m.get("eventBody") == {"message": "pong"}, 5)
        assert pong == {"topicName": "channel.metadata", "eventBody": {"message": "pong"}}
        ws.ws.send('{"message":"subscribe","topics":["v2.users.x.presence"]}')
        assert ws.wait(lambda m: m.get("result") == "400", 5) is not None, "in-band subscribe is not modelled"
        # one connection per channel: a second connection replaces the first
        with connect(ws.channel["connectUri"], ping_interval=None, legacy=True) as second:
            assert ws.closed.wait(5), "the first connection is closed"
            assert orjson.loads(second.recv(timeout=5))["topicName"] == "channel.metadata"
    with connect(
        org["api_base_url"].split("/orgs/")[0].replace("http", "ws") + "/_streaming/channels/nope", legacy=True
    ) as ws:
        refused = orjson.loads(ws.recv(timeout=5))
        assert refused["result"] == "404" and refused["message"]


def test_channels_are_per_client_and_token(sim):
    org = sim.org("emea")
    first, second = token(org), token(org)
    mine = httpx.post(f"{org['api_base_url']}{CHANNELS}", headers={"Authorization": f"Bearer {first}"}).json()
    theirs = httpx.post(f"{org['api_base_url']}{CHANNELS}", headers={"Authorization": f"Bearer {second}"}).json()
    listed = httpx.get(f"{org['api_base_url']}{CHANNELS}", headers={"Authorization": f"Bearer {first}"}).json()
    ids = [c.get("id") for c in listed["entities"]]
    assert mine["id"] in ids and theirs["id"] not in ids
    everything = httpx.get(
        f"{org['api_base_url']}{CHANNELS}",
        params={"includechannels": "oauthclient"},
        headers={"Authorization": f"Bearer {first}"},
    ).json()["entities"]
    assert len(everything) > len(listed["entities"]) and any("id" not in c and c["expires"] for c in everything)
    assert httpx.post(f"{org['api_base_url']}{CHANNELS}").status_code == 401
    other = sim.org("apac")
    head = httpx.head(
        f"{other['api_base_url']}{CHANNELS}/{mine['id']}", headers={"Authorization": f"Bearer {token(other)}"}
    )
    assert head.status_code == 404, "another org's channel does not exist for this client"


def test_twenty_channels_then_the_least_recently_used_unconnected_one_goes(sim):
    org = sim.org("apac")
    bearer = {"Authorization": f"Bearer {token(org)}"}
    base = org["api_base_url"]
    # start from 20 channels of this client, the first of them connected
    made = [httpx.post(f"{base}{CHANNELS}", headers=bearer).json() for _ in range(20)]
    with connect(made[0]["connectUri"], ping_interval=None, legacy=True) as ws:
        ws.recv(timeout=5)
        httpx.post(f"{base}{CHANNELS}", headers=bearer)
        status = {c["id"]: httpx.head(f"{base}{CHANNELS}/{c['id']}", headers=bearer).status_code for c in made}
        assert status[made[0]["id"]] == 200, "the connected channel stays although it is the oldest"
        assert status[made[1]["id"]] == 404, "the oldest unconnected channel was removed"
        assert sorted(status.values()).count(404) == 1
        listing = httpx.get(f"{base}{CHANNELS}", params={"includechannels": "oauthclient"}, headers=bearer).json()
        assert len(listing["entities"]) == 20


def test_a_thousand_topics_per_channel(sim):
    org = sim.org("emea")
    bearer = {"Authorization": f"Bearer {token(org)}"}
    channel = httpx.post(f"{org['api_base_url']}{CHANNELS}", headers=bearer).json()
    path = f"{org['api_base_url']}{CHANNELS}/{channel['id']}/subscriptions"
    own = SCHEDULE_QUERY.format(id=org["client_id"])
    assert httpx.put(path, headers=bearer, json=[{"id": own}]).status_code == 200
    many = [{"id": f"v2.users.{n}.presence"} for n in range(1000)]
    too_many = httpx.post(path, headers=bearer, json=many, params={"ignoreErrors": "true"})
    assert too_many.status_code == 400 and "1000" in too_many.json()["message"]
    assert httpx.put(path, headers=bearer, json=many, params={"ignoreErrors": "true"}).status_code == 200
    assert httpx.get(path, headers=bearer).json()["entities"] == [], "unknown topics are rejected, none stored"
    assert httpx.put(path, headers=bearer, json={"id": own}).status_code == 400, "the body is a list"


def test_channel_expiry_warns_then_closes():
    sim = start_sim("tiny", "2026-11-23", "--channel-ttl", "3", "--heartbeat-seconds", "0.5")
    try:
        org = sim.org("emea")
        started = time.monotonic()
        with listener_for(org, token(org)) as ws:
            closing = ws.wait(lambda m: m.get("topicName") == "v2.system.socket_closing", 10)
            warned = time.monotonic() - started
            assert closing["eventBody"]["channelId"] == ws.channel["id"]
            assert ws.closed.wait(10)
            closed = time.monotonic() - started
        # warned half-way through a short lifetime (60 s before expiry on a 24 h one), closed at expiry
        assert 1.0 <= warned < closed <= 4.5, (warned, closed)
        head = httpx.head(
            f"{org['api_base_url']}{CHANNELS}/{ws.channel['id']}", headers={"Authorization": f"Bearer {token(org)}"}
        )
        assert head.status_code == 404
    finally:
        sim.stop()


def test_drop_control_closes_sockets_abnormally(sim):
    org = sim.org("emea")
    with Listener(org["api_base_url"], token(org), [SCHEDULE_QUERY.format(id=org["client_id"])]) as ws:
        sim.control("POST", "/_sim/notifications", {"org": "emea", "drop": True})
        assert ws.closed.wait(5)
        assert ws.ws.close_code == 1011
