with source as (
    {{ union_genesys_orgs('organizations') }}
),

renamed as (
    select
        org_id,
        org_key,
        region,
        name as org_name,
        state as org_state
    from source
)

select * from renamed
