-- Every real-time adherence snapshot row, with the person. A view, like its staging model: the real-time
-- snapshot job rebuilds only rpt_global_adherence_snapshot every few minutes, which must see the new rows.
{{ config(materialized='view') }}

select
    snapshots.realtime_adherence_key,
    snapshots.org_key,
    snapshots.region,
    snapshots.snapshot_at_utc,
    identity.canonical_agent_id,
    snapshots.user_id,
    snapshots.business_unit_id,
    snapshots.management_unit_id,
    snapshots.scheduled_category,
    snapshots.actual_category,
    snapshots.system_presence,
    snapshots.routing_status,
    snapshots.adherence_state,
    snapshots.impact,
    snapshots.adherence_changed_at_utc
from {{ ref('stg_genesys__realtime_adherence') }} as snapshots
{{ join_person('snapshots') }}
