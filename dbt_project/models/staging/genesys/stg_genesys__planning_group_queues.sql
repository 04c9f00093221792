with source as (
    {{ union_genesys_orgs('planning_group_queues', [
        'org_id:string',
        'org_key:string',
        'region:string',
        'business_unit_id:string',
        'planning_group_id:string',
        'queue_id:string',
        'media_type:string'
    ]) }}
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
