with source as (
    {{ union_genesys_orgs('planning_groups') }}
),

renamed as (
    select
        {{ colon_key(["org_key", "planning_group_id"]) }} as planning_group_key,
        org_key,
        business_unit_id,
        planning_group_id,
        name as planning_group_name,
        name_key as planning_group_name_key,
        service_goal_template_id,
        {{ scd2_validity(["org_key", "planning_group_id"]) }}
    from source
)

select * from renamed
