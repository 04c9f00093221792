with source as (
    {{ union_genesys_orgs('activity_codes') }}
),

renamed as (
    select
        {{ colon_key(["org_key", "business_unit_id", "activity_code_id"]) }} as activity_code_key,
        org_id,
        org_key,
        business_unit_id,
        activity_code_id,
        name as activity_name,
        name_key as activity_name_key,
        category,
        is_default,
        active as is_active,
        length_minutes,
        counts_as_paid_time,
        counts_as_work_time,
        agent_time_off_selectable,
        counts_toward_shrinkage,
        planned_shrinkage,
        {{ scd2_validity(["org_key", "business_unit_id", "activity_code_id"]) }}
    from source
)

select * from renamed
