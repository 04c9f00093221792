with source as (
    {{ union_genesys_orgs('business_units') }}
),

renamed as (
    select
        {{ colon_key(["org_key", "business_unit_id"]) }} as business_unit_key,
        org_id,
        org_key,
        region,
        business_unit_id,
        name as business_unit_name,
        name_key as business_unit_name_key,
        time_zone,
        start_day_of_week,
        {{ scd2_validity(["org_key", "business_unit_id"]) }}
    from source
)

select * from renamed
