with source as (
    {{ union_genesys_orgs('work_plan_rotation_agents') }}
),

renamed as (
    select
        {{ colon_key(["org_key", "rotation_id", "user_id"]) }} as work_plan_rotation_agent_key,
        org_key,
        management_unit_id,
        rotation_id,
        user_id,
        position,
        start_date,
        end_date,
        {{ scd2_validity(["org_key", "rotation_id", "user_id"]) }}
    from source
)

select * from renamed
