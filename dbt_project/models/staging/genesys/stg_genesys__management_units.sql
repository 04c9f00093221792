with source as (
    {{ union_genesys_orgs('management_units') }}
),

renamed as (
    select
        {{ colon_key(["org_key", "management_unit_id"]) }} as management_unit_key,
        org_id,
        org_key,
        management_unit_id,
        business_unit_id,
        name as management_unit_name,
        name_key as management_unit_name_key,
        time_zone,
        start_day_of_week,
        {{ scd2_validity(["org_key", "management_unit_id"]) }}
    from source
)

select * from renamed
