with source as (
    {{ union_genesys_orgs('service_goal_templates') }}
),

renamed as (
    select
        {{ colon_key(["org_key", "service_goal_template_id"]) }} as service_goal_template_key,
        org_key,
        business_unit_id,
        service_goal_template_id,
        name as template_name,
        name_key as template_name_key,
        service_level_include,
        cast(service_level_percent as {{ type_double() }}) / 100 as service_level_target,
        service_level_seconds,
        average_speed_of_answer_include,
        average_speed_of_answer_seconds,
        abandon_rate_include,
        cast(abandon_rate_percent as {{ type_double() }}) / 100 as abandon_rate_target,
        metadata_version,
        {{ scd2_validity(["org_key", "service_goal_template_id"]) }}
    from source
)

select * from renamed
