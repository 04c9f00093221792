with source as (
    {{ union_genesys_orgs('interaction_volume') }}
),

renamed as (
    select
        {{ colon_key(["org_key", "queue_id", "media_type", "coalesce(direction, 'any')", "interval_start"]) }}
            as interaction_volume_key,
        org_key,
        queue_id,
        media_type,
        direction,
        interval_start as interval_start_utc,
        interval_minutes,
        coalesce(offered, 0) as offered,
        coalesce(handled, 0) as handled,
        coalesce(answered, 0) as answered,
        coalesce(abandoned, 0) as abandoned,
        coalesce(short_abandoned, 0) as short_abandoned,
        coalesce(flow_out, 0) as flow_out,
        coalesce(over_sla, 0) as over_sla,
        coalesce(outbound, 0) as outbound,
        coalesce(handle_ms, 0) / 1000.0 as handle_seconds,
        coalesce(talk_ms, 0) / 1000.0 as talk_seconds,
        coalesce(held_ms, 0) / 1000.0 as hold_seconds,
        coalesce(acw_ms, 0) / 1000.0 as acw_seconds,
        coalesce(answer_ms, 0) / 1000.0 as answer_seconds,
        coalesce(abandon_ms, 0) / 1000.0 as abandon_seconds,
        coalesce(wait_ms, 0) / 1000.0 as wait_seconds,
        sl_numerator,
        sl_denominator,
        sl_target
    from source
)

select * from renamed
