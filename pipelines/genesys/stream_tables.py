"""Load contracts of the real-time adherence stream's tables (``pipelines/realtime``, ``wfm-hub listen``).

Merged into ``settings.TABLES`` (one contract); apart because the stream is a service, not a dlt source
resource, so these tables are in no ``RESOURCES`` entry.
"""

from __future__ import annotations

from .columns import columns as _cols

# The real-time adherence stream (pipelines/realtime: a service, not a dlt source resource, so these tables
# are in no RESOURCES entry): every state change pushed on the management-unit adherence topics, and every
# polling answer that repaired a gap, appended; the gaps themselves; the stream's state per org.
STREAM_CONTRACTS = dict(
    adherence_events=dict(
        write_disposition="append",
        columns=_cols(
            user_id="text",
            management_unit_id="text",
            business_unit_id="text",
            adherence_state="text",
            scheduled_activity_category="text",
            scheduled_activity_code_id="text",
            actual_activity_category="text",
            system_presence="text",
            routing_status="text",
            impact="text",
            is_out_of_office="bool",
            adherence_change_time="timestamp",
            presence_update_time="timestamp",
            source="text",
            received_at="timestamp",
            sequence="bigint",
            written_at="timestamp",
        ),
    ),
    adherence_stream_gaps=dict(
        write_disposition="append",
        columns=_cols(
            gap_id="text",
            management_unit_id="text",
            gap_start="timestamp",
            gap_end="timestamp",
            reason="text",
            repaired_at="timestamp",
            repair_rows="bigint",
            repair_error="text",
        ),
    ),
    adherence_stream_status=dict(
        write_disposition="append",
        columns=_cols(
            changed_at="timestamp",
            state="text",
            reason="text",
            channels="bigint",
            topics="bigint",
            polled_units="bigint",
        ),
    ),
)
STREAM_TABLES = tuple(STREAM_CONTRACTS)
