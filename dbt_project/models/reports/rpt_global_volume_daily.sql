-- Queue volume per UTC date and org, and a GLOBAL row per UTC date (sums across orgs). `date` is the UTC
-- calendar date of the 15-minute interval start: the one day boundary every org shares. Inbound contacts;
-- outbound_handled counts the outbound ones apart. blended_aht_seconds = sum(handle seconds) / sum(handled)
-- over the row's inbound contacts, never an average of averages; service_level_pct = sum(oServiceLevel
-- numerator) / sum(denominator), Genesys' own formula (rpt_service_level has it per queue and interval). An org
-- has a row for every date its volume was extracted for (zero-filled: a day without contacts is 0, not missing);
-- GLOBAL rows only for the dates every org's was (a partial sum would look like a real one).
{%- set measures = ['offered', 'answered', 'handled', 'abandoned', 'handle_seconds', 'answer_seconds',
                    'outbound_handled', 'sl_numerator', 'sl_denominator'] %}
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
        sum(case when is_inbound then offered else 0 end) as offered,
        sum(case when is_inbound then answered else 0 end) as answered,
        sum(case when is_inbound then handled else 0 end) as handled,
        sum(case when is_inbound then abandoned else 0 end) as abandoned,
        sum(case when is_inbound then handle_seconds else 0 end) as handle_seconds,
        sum(case when is_inbound then answer_seconds else 0 end) as answer_seconds,
        sum(case when is_inbound then 0 else handled end) as outbound_handled,
        sum(case when is_inbound then coalesce(sl_numerator, 0) else 0 end) as sl_numerator,
        sum(case when is_inbound then coalesce(sl_denominator, 0) else 0 end) as sl_denominator
    from volume
    group by org_key, utc_date
),

per_org as (
    select
        org_dates.date_day as utc_date,
        org_dates.org_key,
        orgs.region,
        {%- for m in measures %}
            coalesce(daily.{{ m }}, 0) as {{ m }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from org_dates
    left join orgs on org_dates.org_key = orgs.org_key
    left join daily on org_dates.org_key = daily.org_key and org_dates.date_day = daily.utc_date
),

global_rows as (
    select
        utc_date,
        'GLOBAL' as org_key,
        'GLOBAL' as region,
        {%- for m in measures %}
            sum({{ m }}) as {{ m }}{% if not loop.last %},{% endif %}
        {%- endfor %}
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
    outbound_handled,
    case when sl_denominator > 0 then cast(sl_numerator as {{ type_double() }}) / sl_denominator end
        as service_level_pct
from unioned
order by utc_date, case when org_key = 'GLOBAL' then 1 else 0 end, org_key
