{{
    config(
        materialized='incremental',
        incremental_strategy='window_replace',
        on_schema_change='fail',
        window_column='interval_start_utc',
        window_families=['volume'],
    )
}}
-- Incremental on the volume window (macros/incremental_window.sql).
-- Queue volume per 15-minute interval, queue, media type and direction, with Genesys' service level inputs.
-- Inbound contacts carry the queue measures (offered, answered, abandoned, flow-outs, service level); outbound
-- ones only their handling. A row loaded before direction was extracted has none (both directions together: it
-- counts as inbound, as it did) until its interval is read again.
select
    interaction_volume_key,
    org_key,
    queue_id,
    {{ colon_key(["org_key", "queue_id"]) }} as queue_key,
    media_type,
    coalesce(direction, 'inbound') as direction,
    direction is null or direction = 'inbound' as is_inbound,
    interval_start_utc,
    cast(interval_start_utc as date) as utc_date,
    interval_minutes,
    offered,
    answered,
    abandoned,
    short_abandoned,
    flow_out,
    over_sla,
    handled,
    outbound,
    handle_seconds,
    talk_seconds,
    hold_seconds,
    acw_seconds,
    answer_seconds,
    abandon_seconds,
    wait_seconds,
    sl_numerator,
    sl_denominator,
    sl_target
from {{ ref('stg_genesys__interaction_volume') }}
{% if is_incremental() %} where {{ rebuilt_rows() }} {% endif %}
