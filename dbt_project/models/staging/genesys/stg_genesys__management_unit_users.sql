with source as (
    {{ union_genesys_orgs('management_unit_users', [
        'org_id:string',
        'org_key:string',
        'region:string',
        'management_unit_id:string',
        'business_unit_id:string',
        'user_id:string'
    ]) }}
),

renamed as (
    select
        {{ colon_key(["org_key", "management_unit_id", "user_id"]) }} as membership_key,
        org_key,
        management_unit_id,
        business_unit_id,
        user_id
    from source
)

select * from renamed
