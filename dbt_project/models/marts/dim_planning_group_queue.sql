-- The route paths of every planning group: one row per planning group, queue and media type. media_type is
-- lower-cased, the spelling of the conversation aggregates (fct_interaction_volume).
select
    planning_group_queue_key,
    org_key,
    business_unit_id,
    planning_group_id,
    {{ colon_key(["org_key", "planning_group_id"]) }} as planning_group_key,
    queue_id,
    {{ colon_key(["org_key", "queue_id"]) }} as queue_key,
    lower(media_type) as media_type
from {{ ref('stg_genesys__planning_group_queues') }}
