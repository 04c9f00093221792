with source as (
    {{ union_genesys_orgs('work_plan_agents') }}
),

renamed as (
    select
        {{ colon_key(["org_key", "work_plan_id", "user_id"]) }} as work_plan_agent_key,
        org_key,
        management_unit_id,
        work_plan_id,
        user_id,
        {{ scd2_validity(["org_key", "work_plan_id", "user_id"]) }}
    from source
)

select * from renamed
