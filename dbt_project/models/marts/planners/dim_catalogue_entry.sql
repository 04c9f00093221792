-- The catalogues the cross-org drift report compares, one row per org and entry: planning groups, time-off plans,
-- secondary (User) presences and service goal templates, each with its cross-org name key (extracted:
-- pipelines/names.py) and the attributes compared, as text. An entry a business unit of an org has twice (one
-- time-off plan per business unit) is one row per distinct attributes.
-- Service goal templates are read from the raw tables of the orgs that have them (optional_genesys_table: they are
-- extracted by the metrics work; switch to its staging model once it exists).
with templates as (
    {{ optional_genesys_table('service_goal_templates', {
        'org_key': 'text', 'name': 'text', 'name_key': 'text',
        'service_level_include': 'bool', 'service_level_percent': 'bigint', 'service_level_seconds': 'bigint',
        'average_speed_of_answer_include': 'bool', 'average_speed_of_answer_seconds': 'bigint',
        'abandon_rate_include': 'bool', 'abandon_rate_percent': 'bigint'}) }}
),

entries as (
    select
        'planning_group' as entity,
        org_key,
        name_key,
        name,
        'media=' || coalesce(media_types, '') as attributes
    from {{ ref('dim_planning_group') }}
    where not is_deleted

    union all

    select
        'time_off_plan' as entity,
        org_key,
        time_off_plan_name_key as name_key,
        time_off_plan_name as name,
        'rule=' || coalesce(auto_approval_rule, '')
        || '; counts against limits=' || coalesce(cast(count_against_time_off_limits as {{ dbt.type_string() }}), '')
        || '; enabled=' || coalesce(cast(is_enabled as {{ dbt.type_string() }}), '') as attributes
    from {{ ref('dim_time_off_plan') }}
    where not is_deleted

    union all

    select
        'secondary_presence' as entity,
        org_key,
        presence_name_key as name_key,
        presence_name as name,
        'system presence=' || system_presence
        || '; deactivated=' || cast(is_deactivated as {{ dbt.type_string() }}) as attributes
    from {{ ref('dim_presence_definition') }}
    where is_secondary and not is_deleted

    union all

    select
        'service_goal_template' as entity,
        org_key,
        name_key,
        name,
        'service level='
        || case
            when service_level_include
                then
                    cast(service_level_percent as {{ dbt.type_string() }}) || '% in '
                    || cast(service_level_seconds as {{ dbt.type_string() }}) || 's'
            else 'off'
        end
        || '; asa=' || case
            when average_speed_of_answer_include
                then cast(average_speed_of_answer_seconds as {{ dbt.type_string() }}) || 's'
            else 'off'
        end
        || '; abandon rate=' || case
            when abandon_rate_include
                then cast(abandon_rate_percent as {{ dbt.type_string() }}) || '%'
            else 'off'
        end as attributes
    from templates
)

select distinct
    {{ colon_key(["entity", "org_key", "name_key", "attributes"]) }} as catalogue_entry_key,
    entity,
    org_key,
    name_key,
    name,
    attributes
from entries
