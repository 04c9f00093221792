with source as (
    {{ union_genesys_orgs('staffing_requirements') }}
),

renamed as (
    select
        {{ colon_key(["org_key", "forecast_id", "planning_group_id", "interval_start"]) }} as staffing_requirement_key,
        org_key,
        business_unit_id,
        forecast_id,
        week_date,
        week_number,
        planning_group_id,
        interval_index,
        interval_start as interval_start_utc,
        interval_minutes,
        staffing_requirement as required_staff,
        minimum_staff,
        effective_staff
    from source
)

select * from renamed
