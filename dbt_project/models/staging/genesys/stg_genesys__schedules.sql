with source as (
    {{ union_genesys_orgs('schedules') }}
),

renamed as (
    select
        {{ colon_key(["org_key", "schedule_id"]) }} as schedule_key,
        org_key,
        schedule_id,
        business_unit_id,
        week_date,
        week_count,
        published as is_published,
        short_term_forecast_id as forecast_id,
        metadata_version as schedule_version,
        date_modified as modified_at_utc
    from source
)

select * from renamed
