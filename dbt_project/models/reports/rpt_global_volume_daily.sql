-- Queue volume per UTC date and org, and a GLOBAL row per UTC date (sums across orgs). `date` is the UTC
-- calendar date of the 15-minute interval start: the one day boundary every org shares.
-- blended_aht_seconds = sum(handle seconds) / sum(handled) over the row's contacts, never an average of
-- averages. Every org has a row for each date between its first and last date with volume (zero-filled).
with volume as (
    select * from {{ ref('fct_interaction_volume') }}
),

orgs as (
    select
        org_key,
        region
    from {{ ref('dim_org') }}
),

coverage as (
    select
        org_key,
        min(utc_date) as first_date,
        max(utc_date) as last_date
    from volume
    group by org_key
),

dates as (
    select distinct utc_date from volume
),

daily as (
    select
        org_key,
        utc_date,
        sum(offered) as offered,
        sum(answered) as answered,
        sum(handled) as handled,
        sum(abandoned) as abandoned,
        sum(handle_seconds) as handle_seconds,
        sum(answer_seconds) as answer_seconds
    from volume
    group by org_key, utc_date
),

per_org as (
    select
        dates.utc_date,
        coverage.org_key,
        orgs.region,
        coalesce(daily.offered, 0) as offered,
        coalesce(daily.answered, 0) as answered,
        coalesce(daily.handled, 0) as handled,
        coalesce(daily.abandoned, 0) as abandoned,
        coalesce(daily.handle_seconds, 0) as handle_seconds,
        coalesce(daily.answer_seconds, 0) as answer_seconds
    from coverage
    inner join dates on dates.utc_date between coverage.first_date and coverage.last_date
    left join orgs on coverage.org_key = orgs.org_key
    left join daily on coverage.org_key = daily.org_key and dates.utc_date = daily.utc_date
),

global_rows as (
    select
        utc_date,
        'GLOBAL' as org_key,
        'GLOBAL' as region,
        sum(offered) as offered,
        sum(answered) as answered,
        sum(handled) as handled,
        sum(abandoned) as abandoned,
        sum(handle_seconds) as handle_seconds,
        sum(answer_seconds) as answer_seconds
    from per_org
    group by utc_date
),

unioned as (
    select * from per_org
    union all
    select * from global_rows
)

select
    utc_date as date,
    org_key,
    region,
    offered,
    answered,
    handled,
    abandoned,
    handle_seconds,
    case when handled > 0 then cast(handle_seconds as {{ type_double() }}) / handled end as blended_aht_seconds,
    case when answered > 0 then cast(answer_seconds as {{ type_double() }}) / answered end as asa_seconds,
    case when offered > 0 then cast(abandoned as {{ type_double() }}) / offered end as abandon_rate,
    -- oServiceLevel / nOverSla are not extracted (see the model docs): no service level yet
    cast(null as {{ type_double() }}) as service_level_pct
from unioned
order by utc_date, case when org_key = 'GLOBAL' then 1 else 0 end, org_key
