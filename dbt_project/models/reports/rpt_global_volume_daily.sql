-- Queue volume per UTC date and org, and a GLOBAL row per UTC date (sums across orgs). `date` is the UTC
-- calendar date of the 15-minute interval start: the one day boundary every org shares.
-- blended_aht_seconds = sum(handle seconds) / sum(handled) over the row's contacts, never an average of
-- averages. An org has a row for every date its volume was extracted for (zero-filled: a day without contacts
-- is 0, not missing); GLOBAL rows only for the dates every org's was (a partial sum would look like a real one).
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
    {{ extracted_dates('volume', 'utc_date') }}
),

org_dates as (
    {{ dates_between('coverage', 'first_date', 'last_date', ['org_key']) }}
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
        org_dates.date_day as utc_date,
        org_dates.org_key,
        orgs.region,
        coalesce(daily.offered, 0) as offered,
        coalesce(daily.answered, 0) as answered,
        coalesce(daily.handled, 0) as handled,
        coalesce(daily.abandoned, 0) as abandoned,
        coalesce(daily.handle_seconds, 0) as handle_seconds,
        coalesce(daily.answer_seconds, 0) as answer_seconds
    from org_dates
    left join orgs on org_dates.org_key = orgs.org_key
    left join daily on org_dates.org_key = daily.org_key and org_dates.date_day = daily.utc_date
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
    having count(*) = (select count(*) from coverage)
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
