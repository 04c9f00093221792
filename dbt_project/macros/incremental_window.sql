{#-
Facts rebuilt over the orchestrator's window (docs/architecture.md, "Incremental facts").

A model opts in with
    config(materialized='incremental', incremental_strategy='window_replace', on_schema_change='fail',
           window_column='<time column>', window_families=['volume', ...], window_identity=true)
and filters its source CTE with `{% if is_incremental() %} where {{ rebuilt_rows() }} {% endif %}`; the strategy
deletes the target's rows matching the same predicate and inserts the recomputed ones. Rows that vanished from raw
inside the window vanish from the fact (a delete over the window, not an upsert by key).

Why not dbt's microbatch: dbt-postgres 1.10 implements it as a merge on unique_key (rows deleted upstream stay), it
reads the window from --event-time-start/--event-time-end instead of the vars the orchestrator passes, and a full
build then runs one query per day since `begin`.

The window: vars <family>_window_start/<family>_window_end (UTC dates, end exclusive) per extraction family
(schedules, adherence, volume: pipelines/genesys/settings.py WINDOW_FAMILY), each defaulting to
window_start/window_end (the partition; wide defaults: a plain run rebuilds everything). The rebuilt rows are
- those whose window_column falls in the union of the families' windows, widened by `days_before`/`days_after`
  (the extraction's dates are UTC dates, a business or person-local day lies up to 14 hours before and 12 hours
  after its UTC date (UTC-12..+14, DST included): a day either side holds every row such a day can produce);
- every row of an org the target holds no row of yet (an org added later, or a resource enabled later, backfills
  more than the nightly's window);
- with window_identity, every row of an account whose canonical agent the target names differently than
  int_resolve_agent_identity does now (identity is resolved over all time: a new account can relink old rows).
A time-zone change of a person outside the window is not followed: `dbt build --full-refresh` rebuilds all.
-#}

{#- (start date, end date or none) of the rebuilt span; none = open-ended (the wide default). -#}
{% macro rebuilt_span(families, days_before, days_after) -%}
    {%- set starts, ends = [], [] -%}
    {%- for family in families -%}
        {%- do starts.append(var(family ~ '_window_start', var('window_start')) | string) -%}
        {%- do ends.append(var(family ~ '_window_end', var('window_end')) | string) -%}
    {%- endfor -%}
    {%- set dt = modules.datetime -%}
    {%- set start = dt.date.fromisoformat(starts | min) - dt.timedelta(days=days_before) -%}
    {%- set end = none if (ends | max) >= '9000-01-01'
        else dt.date.fromisoformat(ends | max) + dt.timedelta(days=days_after) -%}
    {{- return((start, end)) -}}
{%- endmacro %}

{#- The predicate of the rows an incremental run rebuilds, from the model's config (see above): on the source CTE
and, by the window_replace strategy, on the target. The source uses the fact's column names. -#}
{% macro rebuilt_rows() -%}
    {%- set column = config.require('window_column') -%}
    {%- set span = rebuilt_span(
        config.require('window_families'), config.get('window_days_before', 1), config.get('window_days_after', 1)
    ) -%}
    {%- set cast_to = config.get('window_column_type', 'timestamp') -%}
    (
        ({{ column }} >= cast('{{ span[0] }}' as {{ cast_to }})
        {%- if span[1] is not none %} and {{ column }} < cast('{{ span[1] }}' as {{ cast_to }}){% endif %})
        or org_key not in (select distinct held.org_key from {{ this }} as held)
        {%- if config.get('window_identity', false) %}
            or (org_key, user_id) in (
                select held.org_key, held.user_id
                from (select distinct org_key, user_id, canonical_agent_id from {{ this }}) as held
                left join {{ ref('int_resolve_agent_identity') }} as now_resolved
                    on held.org_key = now_resolved.org_key and held.user_id = now_resolved.user_id
                where held.canonical_agent_id is distinct from now_resolved.canonical_agent_id
            )
        {%- endif %}
    )
{%- endmacro %}

{#- Strategy window_replace: delete the target's rebuilt rows, insert the recomputed ones (one transaction). -#}
{% macro get_incremental_window_replace_sql(arg_dict) -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    delete from {{ arg_dict['target_relation'] }} where {{ rebuilt_rows() }};
    insert into {{ arg_dict['target_relation'] }} ({{ columns }})
    select {{ columns }} from {{ arg_dict['temp_relation'] }}
{%- endmacro %}
