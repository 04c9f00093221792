with source as (
    {{ union_genesys_orgs('time_off_limit_values') }}
),

renamed as (
    select
        {{ colon_key(["org_key", "time_off_limit_id", "cast(value_date as " ~ dbt.type_string() ~ ")"]) }}
            as time_off_limit_value_key,
        org_key,
        business_unit_id,
        time_off_limit_id,
        value_date,
        limit_minutes,
        allocated_minutes,
        waitlisted_minutes,
        waitlisted_requests
    from source
)

select * from renamed
