with source as (
    {{ union_genesys_orgs('time_off_limits') }}
),

renamed as (
    select
        {{ colon_key(["org_key", "time_off_limit_id"]) }} as time_off_limit_key,
        org_key,
        business_unit_id,
        time_off_limit_id,
        management_unit_id,
        staffing_group_id,
        granularity,
        full_day_time_off_start_time,
        metadata_version,
        {{ scd2_validity(["org_key", "time_off_limit_id"]) }}
    from source
)

select * from renamed
