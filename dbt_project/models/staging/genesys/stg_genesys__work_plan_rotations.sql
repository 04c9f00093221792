with source as (
    {{ union_genesys_orgs('work_plan_rotations') }}
),

renamed as (
    select
        {{ colon_key(["org_key", "rotation_id"]) }} as work_plan_rotation_key,
        org_key,
        management_unit_id,
        rotation_id,
        name as rotation_name,
        name_key as rotation_name_key,
        enabled as is_enabled,
        start_date,
        end_date,
        pattern_work_plan_ids,
        agent_count,
        {{ scd2_validity(["org_key", "rotation_id"]) }}
    from source
)

select * from renamed
