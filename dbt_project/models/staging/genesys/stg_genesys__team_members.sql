with source as (
    {{ union_genesys_orgs('team_members') }}
),

renamed as (
    select
        {{ colon_key(["org_key", "team_id", "user_id"]) }} as team_member_key,
        org_key,
        team_id,
        user_id,
        {{ scd2_validity(["org_key", "team_id", "user_id"]) }}
    from source
)

select * from renamed
