"""The pure parts of the Notifications API client: message classification, renewal time, redaction."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from pipelines.genesys.errors import GenesysError, NotReady
from pipelines.genesys.notifications import (
    SubscriptionRejected,
    _expires_in,
    event_key,
    parse_message,
    rejected,
    renew_at,
    schedule_query_topic,
    scrub,
    short,
)

TOPIC = "v2.workforcemanagement.users.3f1c6c2e-5d2a-4c8e-9a44-2b7e0c7d9f10.schedules.query"


@pytest.mark.parametrize(
    ("text", "kind", "topic"),
    [
        ('{"topicName":"channel.metadata","eventBody":{"message":"WebSocket Heartbeat"}}', "heartbeat", None),
        ('{"topicName":"channel.metadata","eventBody":{"message":"pong"}}', "pong", None),
        ('{"topicName":"v2.system.socket_closing","eventBody":{"message":"closing"}}', "closing", None),
        ('{"result":"404","message":"Channel was removed"}', "refused", None),
        ('{"result":"200","status":"subscribed"}', "other", None),
        ('{"result":"400","status":"error","message":"bad"}', "other", None),
        ("not json", "other", None),
        ("[1, 2]", "other", None),
        (
            '{"topicName":"' + TOPIC + '","version":"2","eventBody":{"operationId":"op-1","businessUnitId":"bu",'
            '"downloadUrl":"https://x/y?X-Amz-Signature=abc"},"metadata":{"CorrelationId":"c"}}',
            "event",
            TOPIC,
        ),
    ],
)
def test_parse_message(text, kind, topic):
    message = parse_message(text)
    assert message.kind == kind
    if topic:
        assert message.topic == topic and message.body["operationId"] == "op-1"


def test_refused_detail_and_other_detail_carry_no_query_strings():
    refused = parse_message('{"result":"404","message":"see wss://streaming.x/channels/abcdefgh?token=secret"}')
    assert refused.detail == "see wss://streaming.x/channels/…cdefgh" and "secret" not in refused.detail


def test_scrub_removes_query_strings_and_fragments_of_every_url():
    text = "GET https://dl.example/a/b?X-Amz-Signature=s3cr3t&x=1 then wss://s.example/c#frag and http://h/p"
    assert scrub(text) == "GET https://dl.example/a/b then wss://s.example/c and http://h/p"


def test_scrub_shortens_channel_ids_in_paths():
    text = "org emea: PUT /api/v2/notifications/channels/streaming-0-fmtdmf8cdis7jh14udg5p89t6z/subscriptions -> 404"
    assert scrub(text) == "org emea: PUT /api/v2/notifications/channels/…p89t6z/subscriptions -> 404"
    assert scrub("wss://streaming.mypurecloud.de/channels/streaming-0-abcdefghijkl") == (
        "wss://streaming.mypurecloud.de/channels/…ghijkl"
    )


def test_short_keeps_only_the_tail_of_a_channel_id():
    assert short("streaming-0-fmtdmf8cdis7jh14udg5p89t6z") == "…p89t6z"
    assert "fmtdmf8cdis7jh14" not in short("streaming-0-fmtdmf8cdis7jh14udg5p89t6z")


def test_event_key_prefers_operation_id_then_id():
    assert event_key({"operationId": "op", "id": "x"}) == "op"
    assert event_key({"id": "job-1", "downloadUrls": []}) == "job-1"
    assert event_key({"downloadUrl": "u"}) is None
    # the staffing-requirement topic's event names its forecast (no operationId, no id)
    assert event_key({"businessUnitId": "bu", "state": "Complete", "forecast": {"id": "f1"}, "results": []}) == "f1"


def test_renew_at_two_minutes_before_a_day_but_never_before_ninety_percent():
    assert renew_at(1000.0, 86400.0, 120.0) == 1000.0 + 86400.0 - 120.0
    assert renew_at(0.0, 6.0, 120.0) == pytest.approx(5.4)


def test_expires_in_reads_the_api_date_format_and_falls_back():
    soon = (datetime.now(UTC) + timedelta(hours=24)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    assert 86390 < _expires_in(soon) <= 86400
    assert _expires_in("2001-01-01T00:00:00.000Z", default=7.0) == 7.0, "a skewed clock: trust the server's warning"
    assert _expires_in("garbage", default=7.0) == 7.0
    assert _expires_in(None, default=7.0) == 7.0


def test_rejected_picks_rejected_entries():
    listing = {
        "entities": [
            {"id": "a", "state": "Permitted"},
            {"id": "b", "state": "Rejected", "rejectionReason": "Missing permissions", "missingPermissions": ["p"]},
        ]
    }
    assert [t["id"] for t in rejected(listing)] == ["b"]
    assert rejected({}) == []


def test_a_missing_event_is_retryable_a_refused_topic_is_not():
    assert isinstance(NotReady("x"), GenesysError) and NotReady("x").retryable is True
    assert isinstance(SubscriptionRejected("x"), GenesysError) and SubscriptionRejected("x").retryable is False


def test_schedule_query_topic():
    assert schedule_query_topic("3f1c6c2e-5d2a-4c8e-9a44-2b7e0c7d9f10") == TOPIC
