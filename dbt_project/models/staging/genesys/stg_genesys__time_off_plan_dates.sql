with source as (
    {{ union_genesys_orgs('time_off_plan_dates') }}
),

renamed as (
    select
        {{ colon_key(["org_key", "time_off_plan_id", "cast(override_date as " ~ dbt.type_string() ~ ")"]) }}
            as time_off_plan_date_key,
        org_key,
        business_unit_id,
        time_off_plan_id,
        override_date,
        override_type,
        {{ scd2_validity(["org_key", "time_off_plan_id", "override_date"]) }}
    from source
)

select * from renamed
