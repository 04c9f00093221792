with source as (
    {{ union_genesys_orgs('forecasts') }}
),

renamed as (
    select
        {{ colon_key(["org_key", "forecast_id"]) }} as forecast_key,
        org_key,
        forecast_id,
        business_unit_id,
        week_date,
        week_count,
        creation_method,
        reference_start_date as reference_start_utc,
        date_modified as modified_at_utc
    from source
)

select * from renamed
