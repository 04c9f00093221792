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
from {{ ref('stg_genesys__user_presence') }} as presence
{{ join_person('presence') }}
