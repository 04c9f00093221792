with source as (
    {{ union_genesys_orgs('forecast_intervals') }}
),

renamed as (
    select
        {{ colon_key(["org_key", "forecast_id", "planning_group_id", "week_date", "interval_index"]) }}
            as forecast_interval_key,
        org_key,
        business_unit_id,
        forecast_id,
        week_date,
        week_number,
        planning_group_id,
        interval_index,
        interval_start as interval_start_utc,
        interval_minutes,
        is_in_week,
        offered as offered_forecast,
        average_handle_time_seconds as aht_seconds_forecast
    from source
)

select * from renamed
