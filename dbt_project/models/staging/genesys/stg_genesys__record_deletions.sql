with source as (
    {{ union_genesys_orgs('record_deletions') }}
),

renamed as (
    select
        org_key,
        table_name,
        record_id,
        management_unit_id,
        detected_at as detected_at_utc
    from source
)

select * from renamed
