-- One row per presence definition of every org (its latest version; ones Genesys no longer lists marked deleted):
-- the system presences and the org's secondary (User) presences, each with the system presence it belongs to.
select
    presence_definition_key,
    org_key,
    presence_definition_id,
    presence_name,
    presence_name_key,
    presence_type,
    system_presence,
    is_deactivated,
    valid_to_utc as deleted_at_utc,
    presence_type = 'User' as is_secondary,
    not is_current as is_deleted
from {{ ref('stg_genesys__presence_definitions') }}
where is_latest
