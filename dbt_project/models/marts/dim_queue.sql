select
    queue_key,
    org_key,
    queue_id,
    queue_name as name,
    queue_name_key as name_key,
    media_types
from {{ ref('stg_genesys__queues') }}
