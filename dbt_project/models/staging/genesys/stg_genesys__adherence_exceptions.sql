with source as (
    {{ union_genesys_orgs('adherence_exceptions') }}
),

renamed as (
    select
        {{ colon_key(["org_key", "user_id", "start_date"]) }} as adherence_exception_key,
        org_key,
        management_unit_id,
        user_id,
        business_date,
        start_date as start_utc,
        end_date as end_utc,
        scheduled_activity_code_id,
        scheduled_activity_category as scheduled_category,
        actual_activity_code_id,
        actual_activity_category as actual_category,
        system_presence,
        routing_status,
        impact
    from source
)

select * from renamed
