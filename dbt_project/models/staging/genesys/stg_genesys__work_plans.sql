with source as (
    {{ union_genesys_orgs('work_plans') }}
),

renamed as (
    select
        {{ colon_key(["org_key", "work_plan_id"]) }} as work_plan_key,
        org_key,
        management_unit_id,
        work_plan_id,
        name as work_plan_name,
        name_key as work_plan_name_key,
        enabled as is_enabled,
        valid as is_valid,
        constrain_weekly_paid_time,
        flexible_weekly_paid_time,
        weekly_exact_paid_minutes,
        weekly_minimum_paid_minutes,
        weekly_maximum_paid_minutes,
        minimum_working_days_per_week,
        maximum_days,
        minimum_time_between_shifts_minutes,
        agent_count,
        metadata_version,
        {{ scd2_validity(["org_key", "management_unit_id", "work_plan_id"]) }}
    from source
)

select * from renamed
