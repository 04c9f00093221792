with source as (
    {{ union_genesys_orgs('queue_members') }}
),

renamed as (
    select
        {{ colon_key(["org_key", "queue_id", "user_id"]) }} as queue_member_key,
        org_key,
        queue_id,
        user_id,
        member_name,
        joined as is_joined,
        member_by,
        ring_number,
        {{ scd2_validity(["org_key", "queue_id", "user_id"]) }}
    from source
)

select * from renamed
