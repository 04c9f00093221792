with source as (
    {{ union_genesys_orgs('work_plan_shifts') }}
),

renamed as (
    select
        {{ colon_key(["org_key", "work_plan_id", "coalesce(work_plan_shift_id, name)"]) }} as work_plan_shift_key,
        org_key,
        management_unit_id,
        work_plan_id,
        work_plan_shift_id,
        name as shift_name,
        days,
        flexible_start_time,
        exact_start_minutes,
        earliest_start_minutes,
        latest_start_minutes,
        flexible_paid_time,
        exact_paid_minutes,
        minimum_paid_minutes,
        maximum_paid_minutes,
        {{ scd2_validity(["org_key", "work_plan_id", "work_plan_shift_id"]) }}
    from source
)

select * from renamed
