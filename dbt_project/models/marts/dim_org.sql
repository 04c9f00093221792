select
    org_id,
    org_key,
    org_name,
    region
from {{ ref('stg_genesys__organizations') }}
