{#- unique: one row per non-NULL value that occurs more than once, with how often it occurs. -#}
{% macro test_unique(model, column_name) -%}
{{ adapter.dispatch('test_unique', 'dbt')(model, column_name) }}
{%- endmacro %}

{% macro default__test_unique(model, column_name) -%}
select unique_field, n_records
from (
    select {{ column_name }} as unique_field, count(*) as n_records
    from {{ model }}
    where {{ column_name }} is not null
    group by {{ column_name }}
) as value_counts
where n_records > 1
{%- endmacro %}
