with source as (
    {{ union_genesys_orgs('user_presence') }}
),

renamed as (
    select
        {{ colon_key(["org_key", "user_id", "interval_start", "metric", "qualifier"]) }} as user_presence_key,
        org_key,
        user_id,
        interval_start as interval_start_utc,
        interval_minutes,
        metric,
        qualifier,
        milliseconds / 1000.0 as seconds
    from source
)

select * from renamed
