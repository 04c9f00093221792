{{
    config(
        materialized='incremental',
        incremental_strategy='window_replace',
        on_schema_change='fail',
        window_column='interval_start_utc',
        window_families=['volume'],
        window_identity=true,
    )
}}
-- Incremental on the volume window (macros/incremental_window.sql; presence is read with volume).
-- Routing status, system and organization presence time per account and interval (user aggregates, 30 minutes), with
-- the person.
select
    presence.user_presence_key,
    presence.org_key,
    identity.canonical_agent_id,
    presence.user_id,
    presence.interval_start_utc,
    presence.interval_minutes,
    presence.metric,
    presence.qualifier,
    presence.seconds
from (
    select * from {{ ref('stg_genesys__user_presence') }}
    {% if is_incremental() %} where {{ rebuilt_rows() }} {% endif %}
) as presence
{{ join_person('presence') }}
