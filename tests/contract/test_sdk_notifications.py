"""The Notifications API through the official SDK (``NotificationsApi``) and the socket's event bodies.

Channels, subscriptions and their ``Rejected`` topics deserialize into SDK v269 models; the events the
simulator pushes (the agent-schedule query and search results, ``v2.system.socket_closing``)
deserialize into the topic models the SDK build maps those topic names to.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from PureCloudPlatformClientV2 import NotificationsApi
from PureCloudPlatformClientV2.rest import ApiException

from tests.contract.common import WEEK, build, expect_api_error, make_sdk, schedule_for
from tests.contract.sdk_helpers import check_model, deserialize, sdk_client
from tests.notify import MU_SEARCH, SCHEDULE_QUERY, Listener
from tests.simproc import start_sim


def topic(s, template: str = SCHEDULE_QUERY):
    """A ChannelTopic on the org's own id (its OAuth client id: a client-credentials token has no user)."""
    return build("ChannelTopic", id=template.format(id=s.org["client_id"]))


def head_status(api: NotificationsApi, channel_id: str) -> int:
    """HEAD's status (a HEAD answer has no body, so no ErrorBody to check)."""
    try:
        api.head_notifications_channel(channel_id)
    except ApiException as err:
        return err.status
    return 200


def test_channel_lifecycle(sdk):
    api = NotificationsApi(sdk.client)
    channel = sdk.check(api.post_notifications_channels(), "Channel")
    assert channel.id and channel.connect_uri.startswith("ws")
    left = channel.expires - datetime.now(UTC)
    assert timedelta(hours=23) < left <= timedelta(hours=24), "channels live 24 hours"
    listing = sdk.check(api.get_notifications_channels(), "ChannelEntityListing")
    assert channel.id in {c.id for c in listing.entities}
    assert head_status(api, channel.id) == 200
    assert head_status(api, "streaming-0-nosuchchannel") == 404

    put = sdk.check(api.put_notifications_channel_subscriptions(channel.id, [topic(sdk)]), "ChannelTopicEntityListing")
    assert [(t.id, t.state) for t in put.entities] == [(topic(sdk).id, "Permitted")]
    added = sdk.check(
        api.post_notifications_channel_subscriptions(channel.id, [topic(sdk, MU_SEARCH)]), "ChannelTopicEntityListing"
    )
    assert [t.id for t in added.entities] == [topic(sdk).id, topic(sdk, MU_SEARCH).id]
    got = sdk.check(api.get_notifications_channel_subscriptions(channel.id), "ChannelTopicEntityListing")
    assert {t.state for t in got.entities} == {"Permitted"} and len(got.entities) == 2
    assert api.delete_notifications_channel_subscriptions(channel.id) is None
    assert api.get_notifications_channel_subscriptions(channel.id).entities == []


def test_rejected_topics(sdk):
    api = NotificationsApi(sdk.client)
    channel = api.post_notifications_channels()
    someone_else = build("ChannelTopic", id=SCHEDULE_QUERY.format(id="00000000-0000-4000-8000-000000000000"))
    _, body = expect_api_error(
        lambda: api.put_notifications_channel_subscriptions(channel.id, [topic(sdk), someone_else]), 403, sdk.client
    )
    assert someone_else.id in body.message
    assert api.get_notifications_channel_subscriptions(channel.id).entities == [], "a failed request changes nothing"
    answer = sdk.check(
        api.put_notifications_channel_subscriptions(channel.id, [topic(sdk), someone_else], ignore_errors=True),
        "ChannelTopicEntityListing",
    )
    states = {t.id: t for t in answer.entities}
    assert states[topic(sdk).id].state == "Permitted"
    assert states[someone_else.id].state == "Rejected" and states[someone_else.id].rejection_reason
    unknown = build("ChannelTopic", id="v2.no.such.topic")
    answer = api.post_notifications_channel_subscriptions(channel.id, [unknown], ignore_errors=True)
    assert {t.id: t.state for t in answer.entities}[unknown.id] == "Rejected"


def test_missing_topic_permission_names_it():
    sim = start_sim("tiny", "2026-11-23", "--deny", "emea:wfm:schedule:view")
    try:
        s = make_sdk(sim, "emea")
        api = NotificationsApi(s.client)
        channel = api.post_notifications_channels()  # the endpoints need no permission
        _, body = expect_api_error(
            lambda: api.put_notifications_channel_subscriptions(channel.id, [topic(s)]), 403, s.client
        )
        assert body.code == "missing.permissions" and "wfm:schedule:view" in body.message
        answer = api.put_notifications_channel_subscriptions(channel.id, [topic(s)], ignore_errors=True)
        (rejected,) = answer.entities
        assert rejected.state == "Rejected" and rejected.missing_permissions == ["wfm:schedule:view"]
    finally:
        sim.stop()


@pytest.mark.parametrize("sdk", ["apac"], indirect=True)
def test_result_events_deserialize(sdk, unit):
    """Both WFM result events, as pushed on the socket, are the SDK's topic models."""
    item = schedule_for(sdk, unit)
    with Listener(sdk.org["api_base_url"], sdk.client.access_token, [topic(sdk).id, topic(sdk, MU_SEARCH).id]) as ws:
        query = sdk.wfm.post_workforcemanagement_businessunit_week_schedule_agentschedules_query(
            unit.bu_id, WEEK, item.id, build("BuQueryAgentSchedulesRequest", management_unit_id=unit.mu_id)
        )
        start = datetime(2026, 11, 16, tzinfo=UTC)
        body = build("BuSearchAgentSchedulesRequest", start_date=start, end_date=start + timedelta(days=7))
        search = sdk.wfm.post_workforcemanagement_managementunit_agentschedules_search(
            unit.mu_id, body, force_async=True
        )
        for answer, klass in (
            (query, "WfmBuScheduleQueryResultTopicBuScheduleSearchResultNotification"),
            (search, "WfmAgentMuScheduleSearchCompleteTopicAgentMuScheduleSearchCompleteNotification"),
        ):
            assert answer.status == "Processing" and answer.result is None and answer.download_url is None
            event = ws.event(answer.operation_id)
            model = deserialize(sdk.client, event, klass)
            check_model(sdk.client, model, klass, event)
            assert model.operation_id == answer.operation_id and model.download_url.startswith("http")
        assert model.status == "Complete"


def test_socket_closing_is_a_system_message():
    sim = start_sim("tiny", "2026-11-23", "--channel-ttl", "3", "--heartbeat-seconds", "0.5")
    try:
        org = sim.org("emea")
        client = sdk_client(org)
        with Listener(org["api_base_url"], client.access_token, [SCHEDULE_QUERY.format(id=org["client_id"])]) as ws:
            closing = ws.wait(lambda m: m.get("topicName") == "v2.system.socket_closing", timeout=10)
            assert closing is not None
            model = deserialize(client, closing["eventBody"], "SystemMessageSystemMessage")
            check_model(client, model, "SystemMessageSystemMessage", closing["eventBody"])
            assert set(closing) == {"topicName", "version", "eventBody", "metadata"}
            assert closing["metadata"]["CorrelationId"]
            heartbeats = [m for m in ws.messages if m.get("topicName") == "channel.metadata"]
            assert heartbeats and heartbeats[0]["eventBody"] == {"message": "WebSocket Heartbeat"}
            assert ws.closed.wait(5), "the socket closes when the channel expires"
        time.sleep(0.2)
        api = NotificationsApi(client)
        assert head_status(api, ws.channel["id"]) == 404, "an expired channel is gone"
    finally:
        sim.stop()
