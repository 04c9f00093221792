-- Cross-org drift of the catalogues planners keep in every org (no writes: a report): per entity family and name
-- key (the extracted pipelines/names.py key, as the activity-code sync compares), which orgs have the entry, which
-- orgs of the family lack it, and whether its attributes differ. drift = missing_in_some_orgs, attributes_differ
-- or same. An org takes part in a family when it has any entry of it (an org that did not extract the family is
-- not "missing" it).
with entries as (
    select * from {{ ref('dim_catalogue_entry') }}
),

families as (
    select distinct
        entity,
        org_key
    from entries
),

names as (
    select
        entity,
        name_key,
        min(name) as name,
        count(distinct org_key) as orgs_with,
        count(distinct attributes) as attribute_variants,
        {{ sorted_list_agg('org_key') }} as org_keys,
        {{ sorted_list_agg("org_key || ': ' || attributes") }} as attributes_by_org
    from entries
    group by entity, name_key
),

missing as (
    select
        names.entity,
        names.name_key,
        {{ sorted_list_agg('families.org_key') }} as missing_org_keys,
        count(*) as orgs_missing
    from names
    inner join families on names.entity = families.entity
    left join entries
        on
            names.entity = entries.entity
            and names.name_key = entries.name_key
            and families.org_key = entries.org_key
    where entries.org_key is null
    group by names.entity, names.name_key
)

select
    {{ colon_key(["names.entity", "names.name_key"]) }} as drift_key,
    names.entity,
    names.name_key,
    names.name,
    names.org_keys,
    missing.missing_org_keys,
    names.orgs_with,
    names.attribute_variants,
    names.attributes_by_org,
    case
        when missing.orgs_missing > 0 then 'missing_in_some_orgs'
        when names.attribute_variants > 1 then 'attributes_differ'
        else 'same'
    end as drift
from names
left join missing on names.entity = missing.entity and names.name_key = missing.name_key
