with source as (
    {{ union_genesys_orgs('queues', [
        'org_id:string',
        'org_key:string',
        'region:string',
        'queue_id:string',
        'name:string',
        'media_types:string',
        'date_created:timestamp'
    ]) }}
),

renamed as (
    select
        {{ colon_key(["org_key", "queue_id"]) }} as queue_key,
        org_id,
        org_key,
        region,
        queue_id,
        name as queue_name,
        media_types,
        date_created as created_at_utc
    from source
)

select * from renamed
