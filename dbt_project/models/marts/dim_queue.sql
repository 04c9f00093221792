select
    queue_key,
    org_key,
    queue_id,
    queue_name as name,
    {{ name_key('queue_name') }} as name_key,
    media_types
from {{ ref('stg_genesys__queues') }}
