"""Real-time adherence topics through the official SDK: subscribed with ``NotificationsApi``, and every event
the simulator pushes is the SDK's topic model (``WfmUserScheduleAdherenceUpdatedMuTopicUserScheduleAdherence
Update`` on the management-unit topic, ``...UpdatedTopic...`` on the user topic), enums spelt as the SDK
lists them. A private simulator: the test moves its clock.
"""

from __future__ import annotations

from PureCloudPlatformClientV2 import NotificationsApi, WorkforceManagementApi

from tests.contract.common import build
from tests.contract.sdk_helpers import check_model, deserialize, sdk_client
from tests.notify import Listener
from tests.simproc import TEST_ANCHOR, start_sim

MU_MODEL = "WfmUserScheduleAdherenceUpdatedMuTopicUserScheduleAdherenceUpdate"
USER_MODEL = "WfmUserScheduleAdherenceUpdatedTopicUserScheduleAdherenceUpdate"


def test_adherence_events_are_the_sdks_topic_models():
    sim = start_sim("tiny", TEST_ANCHOR)
    try:
        org = sim.org("emea")
        client = sdk_client(org)
        wfm = WorkforceManagementApi(client)
        (bu,) = wfm.get_workforcemanagement_businessunits().entities
        units = [mu.id for mu in wfm.get_workforcemanagement_businessunit_managementunits(bu.id).entities]
        user = wfm.get_workforcemanagement_managementunit_adherence(units[0]).entities[0].user.id
        topics = [f"v2.workforcemanagement.managementunits.{mu}.adherence" for mu in units]
        topics.append(f"v2.users.{user}.workforcemanagement.adherence")
        api = NotificationsApi(client)
        channel = api.post_notifications_channels()
        put = api.put_notifications_channel_subscriptions(channel.id, [build("ChannelTopic", id=t) for t in topics])
        assert {t.state for t in put.entities} == {"Permitted"} and len(put.entities) == len(topics)
        with Listener(org["api_base_url"], client.access_token, topics) as ws:
            sim.control("POST", "/_sim/clock", {"advance_minutes": 120})
            ws.wait(lambda _m: len([m for m in ws.messages if m.get("topicName", "").endswith(".adherence")]) > 20, 10)
        events = [m for m in ws.messages if m.get("topicName", "").endswith(".adherence")]
        assert len(events) > 20
        polled = {
            r.user.id: r for mu in units for r in wfm.get_workforcemanagement_managementunit_adherence(mu).entities
        }
        last = {}
        for message in events:
            klass = MU_MODEL if message["topicName"].startswith("v2.workforcemanagement.") else USER_MODEL
            model = deserialize(client, message["eventBody"], klass)
            check_model(client, model, klass, message["eventBody"])
            last[(klass, model.user.id)] = model
        assert any(klass == USER_MODEL for klass, _ in last)
        for (_, user_id), model in last.items():  # the last event is what polling says now
            now = polled[user_id]
            assert (model.adherence_state, model.routing_status) == (now.adherence_state, now.routing_status)
            assert model.adherence_change_time == now.time_of_adherence_change
    finally:
        sim.stop()
