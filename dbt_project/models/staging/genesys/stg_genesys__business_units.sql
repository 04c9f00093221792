with source as (
    {{ union_genesys_orgs('business_units', [
        'org_id:string',
        'org_key:string',
        'region:string',
        'business_unit_id:string',
        'name:string',
        'time_zone:string',
        'start_day_of_week:string'
    ]) }}
),

renamed as (
    select
        {{ colon_key(["org_key", "business_unit_id"]) }} as business_unit_key,
        org_id,
        org_key,
        region,
        business_unit_id,
        name as business_unit_name,
        time_zone,
        start_day_of_week
    from source
)

select * from renamed
