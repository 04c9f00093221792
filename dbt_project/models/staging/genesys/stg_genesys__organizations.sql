with source as (
    {{ union_genesys_orgs('organizations', [
        'org_id:string',
        'org_key:string',
        'region:string',
        'name:string',
        'state:string',
        'domain:string'
    ]) }}
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
