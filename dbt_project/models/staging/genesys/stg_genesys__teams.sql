with source as (
    {{ union_genesys_orgs('teams') }}
),

renamed as (
    select
        {{ colon_key(["org_key", "team_id"]) }} as team_key,
        org_key,
        team_id,
        name as team_name,
        name_key as team_name_key,
        description,
        division_id,
        member_count,
        date_modified as modified_at_utc,
        {{ scd2_validity(["org_key", "team_id"]) }}
    from source
)

select * from renamed
