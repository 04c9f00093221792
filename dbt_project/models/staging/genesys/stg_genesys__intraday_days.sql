with source as (
    {{ union_genesys_orgs('intraday_days') }}
),

renamed as (
    select
        {{ colon_key([
            "org_key", "business_unit_id", "planning_group_id", "cast(business_unit_date as " ~ dbt.type_string() ~ ")"
        ]) }} as intraday_day_key,
        org_key,
        business_unit_id,
        planning_group_id,
        business_unit_date,
        start_date as start_utc,
        end_date as end_utc,
        interval_minutes,
        no_data_reason,
        short_term_forecast_id,
        schedule_id
    from source
)

select * from renamed
