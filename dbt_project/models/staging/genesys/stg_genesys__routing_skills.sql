with source as (
    {{ union_genesys_orgs('routing_skills') }}
),

renamed as (
    select
        {{ colon_key(["org_key", "skill_id"]) }} as skill_key,
        org_key,
        skill_id,
        name as skill_name,
        name_key as skill_name_key,
        state as skill_state,
        date_modified as modified_at_utc,
        {{ scd2_validity(["org_key", "skill_id"]) }}
    from source
)

select * from renamed
