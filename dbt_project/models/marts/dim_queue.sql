-- One row per queue, with its service-level goal per media (Queue.mediaSettings.<media>.serviceLevel).
select
    queue_key,
    org_key,
    queue_id,
    queue_name as name,
    queue_name_key as name_key,
    media_types,
    {%- for media in ['call', 'callback', 'chat', 'email', 'message'] %}
        {{ media }}_service_level_percentage,
        cast({{ media }}_service_level_duration_ms as {{ type_double() }}) / 1000 as {{ media }}_service_level_seconds,
    {%- endfor %}
    valid_to_utc as deleted_at_utc,
    not is_current as is_deleted
from {{ ref('stg_genesys__queues') }}
where is_latest
