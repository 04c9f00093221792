with source as (
    {{ union_genesys_orgs('intraday_intervals') }}
),

renamed as (
    select
        {{ colon_key([
            "org_key", "planning_group_id", "media_type", "cast(interval_start as " ~ dbt.type_string() ~ ")"
        ]) }} as intraday_interval_key,
        org_key,
        business_unit_id,
        planning_group_id,
        business_unit_date,
        media_type,
        interval_index,
        interval_start as interval_start_utc,
        interval_minutes,
        forecast_offered,
        forecast_average_handle_time_seconds,
        scheduled_on_queue_seconds,
        predicted_service_level_percent,
        predicted_average_speed_of_answer_seconds,
        predicted_occupancy_percent
    from source
)

select * from renamed
