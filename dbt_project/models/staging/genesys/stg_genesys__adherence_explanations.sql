with source as (
    {{ union_genesys_orgs('adherence_explanations') }}
),

renamed as (
    select
        {{ colon_key(["org_key", "explanation_id"]) }} as adherence_explanation_key,
        org_key,
        explanation_id,
        business_unit_id,
        management_unit_id,
        user_id,
        type as explanation_type,
        status as explanation_status,
        start_date as start_utc,
        business_unit_date,
        length_minutes,
        notes,
        reviewed_by,
        reviewed_date as reviewed_at_utc
    from source
    -- a tombstone removes its explanation when dlt loads it (hard delete); one never lingers
    where not coalesce(deleted, false)
)

select * from renamed
