with source as (
    {{ union_genesys_orgs('planning_group_queues') }}
),

renamed as (
    select
        {{ colon_key(["org_key", "planning_group_id", "queue_id", "media_type"]) }} as planning_group_queue_key,
        org_key,
        business_unit_id,
        planning_group_id,
        queue_id,
        media_type
    from source
)

select * from renamed
