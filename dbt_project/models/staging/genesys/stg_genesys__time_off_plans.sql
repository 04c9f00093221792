with source as (
    {{ union_genesys_orgs('time_off_plans') }}
),

renamed as (
    select
        {{ colon_key(["org_key", "time_off_plan_id"]) }} as time_off_plan_key,
        org_key,
        business_unit_id,
        time_off_plan_id,
        name as time_off_plan_name,
        name_key as time_off_plan_name_key,
        management_unit_id,
        activity_code_ids,
        auto_approval_rule,
        enabled as is_enabled,
        count_against_time_off_limits,
        days_before_start_to_expire_from_waitlist,
        time_off_limit_ids,
        metadata_version,
        date_modified as modified_at_utc,
        {{ scd2_validity(["org_key", "time_off_plan_id"]) }}
    from source
)

select * from renamed
