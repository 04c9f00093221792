-- The adherence stream's state per org over time (streaming, polling when notifications are not permitted,
-- stopped), is_current marking each org's latest. A view, like the stream's other marts.
{{ config(materialized='view') }}

with states as (
    select
        *,
        row_number() over (partition by org_key order by changed_at_utc desc) as recency
    from {{ ref('stg_genesys__adherence_stream_status') }}
)

select
    adherence_stream_status_key,
    org_key,
    region,
    changed_at_utc,
    state,
    reason,
    channels,
    topics,
    polled_units,
    recency = 1 as is_current
from states
