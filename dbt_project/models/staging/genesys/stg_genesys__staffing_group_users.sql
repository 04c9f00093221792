with source as (
    {{ union_genesys_orgs('staffing_group_users') }}
),

renamed as (
    select
        {{ colon_key(["org_key", "staffing_group_id", "user_id"]) }} as staffing_group_user_key,
        org_key,
        business_unit_id,
        staffing_group_id,
        user_id,
        {{ scd2_validity(["org_key", "staffing_group_id", "user_id"]) }}
    from source
)

select * from renamed
