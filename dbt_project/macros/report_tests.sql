{#- Generic tests for the reports (no hub packages): each returns the failing rows. -#}

{#- No two rows share the values of `columns` (the model's grain). -#}
{% test unique_combination(model, columns) %}
select {{ columns | join(', ') }}, count(*) as rows_with_these_values
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}

{#- `expression` holds on every row (where it is not null). -#}
{% test expression_is_true(model, expression) %}
select * from {{ model }} where not ({{ expression }})
{% endtest %}

{#- A percentage column lies in [0, 1] (nulls allowed). -#}
{% test between_zero_and_one(model, column_name) %}
select * from {{ model }} where {{ column_name }} < 0 or {{ column_name }} > 1
{% endtest %}

{#- The org-days on which the hub's `metric` is out of Genesys' tolerance (rpt_reconciliation_daily). -#}
{% test reconciles_within_tolerance(model, metric) %}
select * from {{ model }} where metric = '{{ metric }}' and not within_tolerance
{% endtest %}
