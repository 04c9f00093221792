with source as (
    {{ union_genesys_orgs('time_off_plan_units') }}
),

renamed as (
    select
        {{ colon_key([
            "org_key", "time_off_plan_id", "coalesce(management_unit_id, '')", "coalesce(staffing_group_id, '')"
        ]) }} as time_off_plan_unit_key,
        org_key,
        business_unit_id,
        time_off_plan_id,
        management_unit_id,
        staffing_group_id,
        {{ scd2_validity(["org_key", "time_off_plan_id", "management_unit_id", "staffing_group_id"]) }}
    from source
)

select * from renamed
