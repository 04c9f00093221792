-- Every stretch the adherence stream may have missed events in, per management unit, and its repair by polling.
-- A view, like the stream's other marts.
{{ config(materialized='view') }}

select
    adherence_stream_gap_key,
    org_key,
    region,
    gap_id,
    management_unit_id,
    gap_start_utc,
    gap_end_utc,
    reason,
    repaired_at_utc,
    repair_rows,
    repair_error,
    case
        when gap_start_utc is not null then {{ seconds_between('gap_start_utc', 'gap_end_utc') }}
    end as gap_seconds,
    repaired_at_utc is not null as is_repaired
from {{ ref('stg_genesys__adherence_stream_gaps') }}
