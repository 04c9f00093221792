with source as (
    {{ union_genesys_orgs('adherence_stream_status') }}
),

renamed as (
    select
        {{ colon_key(["org_key", "cast(changed_at as " ~ dbt.type_string() ~ ")"]) }} as adherence_stream_status_key,
        org_key,
        region,
        changed_at as changed_at_utc,
        state,
        reason,
        channels,
        topics,
        polled_units
    from source
)

select * from renamed
