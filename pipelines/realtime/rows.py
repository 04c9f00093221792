"""Pure shaping for the adherence stream: topic names, channel plans, and the rows of its three tables.

The two wire shapes of one agent's real-time adherence differ only in names (SDK v269): the topic model
``WfmUserScheduleAdherenceUpdatedMuTopicUserScheduleAdherenceUpdate`` has ``managementUnitId``,
``businessUnitId`` and ``adherenceChangeTime``; the polling answer ``UserScheduleAdherence`` has
``managementUnit{id}``, ``businessUnit{id}`` and ``timeOfAdherenceChange``. Both become one
``adherence_events`` row (its contract: ``pipelines/genesys/settings.py`` ``TABLES``). The topic's
``routingStatus`` enum adds ``OFFLINE`` and ``__EMPTY__`` (an empty value) to the polling enum: empty is
stored as null, ``OFFLINE`` as sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

MU_TOPIC = "v2.workforcemanagement.managementunits.{id}.adherence"
TOPICS_PER_CHANNEL = 1000  # "Each WebSocket connection is limited to 1,000 topics" (Genesys notification docs)
CHANNELS_PER_CLIENT = 20  # SDK v269 post_notifications_channels: "a limit of 20 channels per user/app"
# Channels the stream leaves to others: the nightly run's schedule-query channel and, for it and for the
# stream, the second channel a renewal opens before the first is retired.
RESERVED_CHANNELS = 4
# the fields that make a state: an event equal to the agent's last one in these is a duplicate (the same
# event on two channels while one is renewed), dropped
STATE_FIELDS = (
    "management_unit_id",
    "adherence_state",
    "scheduled_activity_category",
    "scheduled_activity_code_id",
    "actual_activity_category",
    "system_presence",
    "routing_status",
    "impact",
    "is_out_of_office",
    "adherence_change_time",
    "presence_update_time",
)


@dataclass(frozen=True)
class StreamOptions:
    """How one org's stream uses its channels (``wfm-hub listen`` flags)."""

    per_channel: int = TOPICS_PER_CHANNEL
    channels: int = CHANNELS_PER_CLIENT - RESERVED_CHANNELS
    verify_seconds: float = 900.0  # re-send the subscriptions (a lost permission shows as Rejected)
    retry_seconds: float = 60.0  # after the org could not be reached, or a repair failed


def mu_topic(mu_id: str) -> str:
    return MU_TOPIC.format(id=mu_id)


def plan_channels(
    unit_ids: list[str], per_channel: int = TOPICS_PER_CHANNEL, channels: int = CHANNELS_PER_CLIENT - RESERVED_CHANNELS
) -> tuple[list[list[str]], list[str]]:
    """Units grouped into at most ``channels`` channels of at most ``per_channel`` topics each, and the
    units left over (they stay with the polling snapshot)."""
    if per_channel < 1 or channels < 0:
        raise ValueError(f"per_channel must be at least 1 and channels at least 0, got {per_channel}, {channels}")
    groups = [unit_ids[i : i + per_channel] for i in range(0, len(unit_ids), per_channel)]
    kept = groups[:channels]
    return kept, [u for group in groups[channels:] for u in group]


def _routing(value) -> str | None:
    return None if value in (None, "", "__EMPTY__") else str(value)


def _state(body: dict, mu_id, bu_id, changed) -> dict:
    return {
        "user_id": (body.get("user") or {}).get("id") or body["id"],
        "management_unit_id": mu_id,
        "business_unit_id": bu_id,
        "adherence_state": body.get("adherenceState"),
        "scheduled_activity_category": body.get("scheduledActivityCategory"),
        "scheduled_activity_code_id": (body.get("scheduledActivityCode") or {}).get("id"),
        "actual_activity_category": body.get("actualActivityCategory"),
        "system_presence": body.get("systemPresence"),
        "routing_status": _routing(body.get("routingStatus")),
        "impact": body.get("impact"),
        "is_out_of_office": body.get("isOutOfOffice"),
        "adherence_change_time": changed,
        "presence_update_time": body.get("presenceUpdateTime"),
    }


def event_row(cols: dict, body: dict, received_at: datetime, sequence: int) -> dict:
    """An ``adherence_events`` row from a topic's ``eventBody`` (``KeyError`` without a user id)."""
    state = _state(body, body.get("managementUnitId"), body.get("businessUnitId"), body.get("adherenceChangeTime"))
    return {**cols, **state, "source": "notification", "received_at": received_at, "sequence": sequence}


def polled_row(cols: dict, record: dict, received_at: datetime, sequence: int) -> dict:
    """An ``adherence_events`` row from one agent of a polling answer (a gap's repair)."""
    mu_id = (record.get("managementUnit") or {}).get("id")
    state = _state(record, mu_id, (record.get("businessUnit") or {}).get("id"), record.get("timeOfAdherenceChange"))
    return {**cols, **state, "source": "snapshot", "received_at": received_at, "sequence": sequence}


def state_key(row: dict) -> tuple:
    return tuple(row.get(name) for name in STATE_FIELDS)


def utc(epoch_seconds: float | None) -> datetime | None:
    return None if epoch_seconds is None else datetime.fromtimestamp(epoch_seconds, UTC)
