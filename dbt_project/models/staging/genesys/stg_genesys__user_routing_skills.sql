with source as (
    {{ union_genesys_orgs('user_routing_skills') }}
),

renamed as (
    select
        {{ colon_key(["org_key", "user_id", "skill_id"]) }} as user_skill_key,
        org_key,
        user_id,
        skill_id,
        skill_name,
        proficiency,
        state as skill_state,
        {{ scd2_validity(["org_key", "user_id", "skill_id"]) }}
    from source
)

select * from renamed
