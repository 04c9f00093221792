with source as (
    {{ union_genesys_orgs('management_units', [
        'org_id:string',
        'org_key:string',
        'region:string',
        'management_unit_id:string',
        'business_unit_id:string',
        'name:string'
    ]) }}
),

renamed as (
    select
        {{ colon_key(["org_key", "management_unit_id"]) }} as management_unit_key,
        org_id,
        org_key,
        management_unit_id,
        business_unit_id,
        name as management_unit_name
    from source
)

select * from renamed
