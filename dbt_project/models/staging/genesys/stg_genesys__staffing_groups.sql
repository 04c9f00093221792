with source as (
    {{ union_genesys_orgs('staffing_groups') }}
),

renamed as (
    select
        {{ colon_key(["org_key", "staffing_group_id"]) }} as staffing_group_key,
        org_key,
        business_unit_id,
        staffing_group_id,
        name as staffing_group_name,
        name_key as staffing_group_name_key,
        management_unit_id,
        metadata_version,
        {{ scd2_validity(["org_key", "staffing_group_id"]) }}
    from source
)

select * from renamed
