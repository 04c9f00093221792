-- One row per work team of every org (its latest version; ones Genesys no longer lists marked deleted).
select
    team_key,
    org_key,
    team_id,
    team_name,
    team_name_key,
    description,
    member_count,
    valid_to_utc as deleted_at_utc,
    not is_current as is_deleted
from {{ ref('stg_genesys__teams') }}
where is_latest
