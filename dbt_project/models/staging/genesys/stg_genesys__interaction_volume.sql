with source as (
    {{ union_genesys_orgs('interaction_volume') }}
),

renamed as (
    select
        {{ colon_key(["org_key", "queue_id", "media_type", "interval_start"]) }} as interaction_volume_key,
        org_key,
        queue_id,
        media_type,
        interval_start as interval_start_utc,
        interval_minutes,
        coalesce(offered, 0) as offered,
        coalesce(handled, 0) as handled,
        coalesce(answered, 0) as answered,
        coalesce(abandoned, 0) as abandoned,
        coalesce(handle_ms, 0) / 1000.0 as handle_seconds,
        coalesce(talk_ms, 0) / 1000.0 as talk_seconds,
        coalesce(held_ms, 0) / 1000.0 as hold_seconds,
        coalesce(acw_ms, 0) / 1000.0 as acw_seconds,
        coalesce(answer_ms, 0) / 1000.0 as answer_seconds
    from source
)

select * from renamed
