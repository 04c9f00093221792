select
    queue_key,
    org_key,
    queue_id,
    queue_name as name,
    queue_name_key as name_key,
    media_types,
    valid_to_utc as deleted_at_utc,
    not is_current as is_deleted
from {{ ref('stg_genesys__queues') }}
where is_latest
