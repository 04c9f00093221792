-- One row per org and extraction resource: its newest successful extraction and its latest run, from the run log
-- every extraction writes (source wfm_hub_ops.run_status: one row per run, org, resource and table). A run in which
-- the org failed before any resource ran (resource '-': bad credentials, an unreachable region) is the latest run of
-- every resource of that org, failed; an org with no resource ever run keeps that '-' row. Ages are not stored: they
-- depend on when they are read (the report computes them at generation time from last_success_at_utc).
{%- set run_status = source('wfm_hub_ops', 'run_status') %}
{#- the run log exists once an extraction has recorded a run (unit tests set the var: their rows replace it) -#}
{%- set logged = var('run_status_logged', false) or (execute and adapter.get_relation(
    database=run_status.database, schema=run_status.schema, identifier=run_status.identifier
) is not none) %}

with runs as (
    {%- if logged %}
        select
            run_id,
            org_key,
            resource,
            max(region) as region,
            -- every table of a resource's run has the resource's outcome and error (pipelines/status.py)
            max(outcome) as outcome,
            max(error) as error,
            cast(sum(rows) as {{ dbt.type_bigint() }}) as rows_loaded,
            -- the run's time: when the resource finished, else (none ran) when its row was loaded: dlt's load id is
            -- that Unix time
            coalesce(
                max({{ to_utc('finished_at') }}),
                max({{ to_utc('to_timestamp(cast(_dlt_load_id as ' ~ type_double() ~ '))') }})
            ) as run_at_utc
        from {{ run_status }}
        group by run_id, org_key, resource
    {%- else %}
        -- no extraction has recorded a run yet: no rows (the report says so), not a failed build
        select
            cast(null as {{ dbt.type_string() }}) as run_id,
            cast(null as {{ dbt.type_string() }}) as org_key,
            cast(null as {{ dbt.type_string() }}) as resource,
            cast(null as {{ dbt.type_string() }}) as region,
            cast(null as {{ dbt.type_string() }}) as outcome,
            cast(null as {{ dbt.type_string() }}) as error,
            cast(null as {{ dbt.type_bigint() }}) as rows_loaded,
            cast(null as {{ dbt.type_timestamp() }}) as run_at_utc
        where 1 = 0
    {%- endif %}
),

org_resources as (
    select distinct
        org_key,
        resource
    from runs
    where resource <> '-'
    union
    select distinct
        org_key,
        '-' as resource
    from runs
    where org_key not in (
        select ran.org_key from runs as ran
        where ran.resource <> '-'
    )
),

resource_runs as (
    select
        org_resources.org_key,
        org_resources.resource,
        runs.run_id,
        runs.region,
        runs.error,
        runs.run_at_utc,
        case when runs.resource = '-' then 'failed' else runs.outcome end as outcome,
        case when runs.resource = '-' then 0 else runs.rows_loaded end as rows_loaded
    from org_resources
    inner join runs
        on
            org_resources.org_key = runs.org_key
            and (org_resources.resource = runs.resource or runs.resource = '-')
),

ranked as (
    select
        resource_runs.*,
        row_number() over (
            partition by resource_runs.org_key, resource_runs.resource
            order by resource_runs.run_at_utc desc, resource_runs.run_id desc
        ) as run_rank,
        row_number() over (
            partition by resource_runs.org_key, resource_runs.resource, resource_runs.outcome = 'success'
            order by resource_runs.run_at_utc desc, resource_runs.run_id desc
        ) as outcome_rank
    from resource_runs
),

latest as (
    select * from ranked
    where run_rank = 1
),

latest_success as (
    select * from ranked
    where outcome = 'success' and outcome_rank = 1
),

since_success as (
    select
        ranked.org_key,
        ranked.resource,
        count(*) as runs_since_success
    from ranked
    left join latest_success
        on ranked.org_key = latest_success.org_key and ranked.resource = latest_success.resource
    where latest_success.run_at_utc is null or ranked.run_at_utc > latest_success.run_at_utc
    group by ranked.org_key, ranked.resource
)

select
    {{ dbt.concat(["latest.org_key", "':'", "latest.resource"]) }} as freshness_key,
    latest.org_key,
    latest.region,
    latest.resource,
    latest.run_id as last_run_id,
    latest.run_at_utc as last_run_at_utc,
    latest.outcome as last_outcome,
    latest.error as last_error,
    latest_success.run_id as last_success_run_id,
    latest_success.run_at_utc as last_success_at_utc,
    latest_success.rows_loaded as last_success_rows,
    coalesce(since_success.runs_since_success, 0) as runs_since_success
from latest
left join latest_success on latest.org_key = latest_success.org_key and latest.resource = latest_success.resource
left join since_success on latest.org_key = since_success.org_key and latest.resource = since_success.resource
order by latest.org_key, latest.resource
