-- One row per planning group, with the media its route paths serve (dim_planning_group_queue lists them).
with groups as (
    select * from {{ ref('stg_genesys__planning_groups') }}
    where is_latest
),

route_paths as (
    select
        org_key,
        planning_group_id,
        count(distinct queue_id) as queues,
        {{ sorted_list_agg('lower(media_type)') }} as media_types
    from {{ ref('stg_genesys__planning_group_queues') }}
    group by org_key, planning_group_id
)

select
    groups.planning_group_key,
    groups.org_key,
    groups.business_unit_id,
    {{ colon_key(["groups.org_key", "groups.business_unit_id"]) }} as business_unit_key,
    groups.planning_group_id,
    groups.planning_group_name as name,
    groups.planning_group_name_key as name_key,
    groups.service_goal_template_id,
    coalesce(route_paths.queues, 0) as queues,
    route_paths.media_types,
    groups.valid_to_utc as deleted_at_utc,
    not groups.is_current as is_deleted
from groups
left join route_paths
    on groups.org_key = route_paths.org_key and groups.planning_group_id = route_paths.planning_group_id
