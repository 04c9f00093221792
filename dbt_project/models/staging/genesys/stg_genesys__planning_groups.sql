with source as (
    {{ union_genesys_orgs('planning_groups', [
        'org_id:string',
        'org_key:string',
        'region:string',
        'business_unit_id:string',
        'planning_group_id:string',
        'name:string'
    ]) }}
),

renamed as (
    select
        {{ colon_key(["org_key", "planning_group_id"]) }} as planning_group_key,
        org_key,
        business_unit_id,
        planning_group_id,
        name as planning_group_name
    from source
)

select * from renamed
