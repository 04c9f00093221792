with source as (
    {{ union_genesys_orgs('management_unit_users') }}
),

renamed as (
    select
        {{ colon_key(["org_key", "management_unit_id", "user_id"]) }} as membership_key,
        org_key,
        management_unit_id,
        business_unit_id,
        user_id
    from source
)

select * from renamed
