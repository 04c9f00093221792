with source as (
    {{ union_genesys_orgs('forecasts', [
        'org_id:string',
        'org_key:string',
        'region:string',
        'forecast_id:string',
        'business_unit_id:string',
        'week_date:date',
        'creation_method:string',
        'reference_start_date:timestamp'
    ]) }}
),

renamed as (
    select
        {{ colon_key(["org_key", "forecast_id"]) }} as forecast_key,
        org_key,
        forecast_id,
        business_unit_id,
        week_date,
        creation_method,
        reference_start_date as reference_start_utc
    from source
)

select * from renamed
