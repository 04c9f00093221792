select
    interaction_volume_key,
    org_key,
    queue_id,
    {{ colon_key(["org_key", "queue_id"]) }} as queue_key,
    media_type,
    interval_start_utc,
    cast(interval_start_utc as date) as utc_date,
    interval_minutes,
    offered,
    answered,
    abandoned,
    handled,
    handle_seconds,
    talk_seconds,
    hold_seconds,
    acw_seconds,
    answer_seconds
from {{ ref('stg_genesys__interaction_volume') }}
