with source as (
    {{ union_genesys_orgs('adherence_day_metrics') }}
),

renamed as (
    select
        {{ colon_key(["org_key", "user_id", "business_date"]) }} as adherence_day_key,
        org_key,
        management_unit_id,
        user_id,
        business_date,
        day_start as day_start_utc,
        time_zone,
        adherence_schedule_seconds,
        conformance_schedule_seconds,
        conformance_actual_seconds,
        exception_count,
        exception_duration_seconds,
        impact_seconds,
        schedule_length_seconds,
        actual_length_seconds,
        adherence_percentage,
        conformance_percentage,
        extracted_at as extracted_at_utc
    from source
)

select * from renamed
