with source as (
    {{ union_genesys_orgs('agent_week_work_plans') }}
),

renamed as (
    select
        {{ colon_key(["org_key", "management_unit_id", "user_id", "cast(week_date as " ~ dbt.type_string() ~ ")"]) }}
            as agent_week_work_plan_key,
        org_key,
        management_unit_id,
        user_id,
        week_date,
        work_plan_id,
        work_plan_management_unit_id
    from source
)

select * from renamed
