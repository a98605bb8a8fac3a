{#- unique: one row per non-NULL value that occurs more than once, with how often it occurs.
    The text it compiles to, whitespace included, is dbt's, so compiled SQL and artifacts
    read the same as dbt writes them. -#}
{% macro test_unique(model, column_name) %}
    {% set unique_sql = adapter.dispatch('test_unique', 'dbt') %}
    {{ unique_sql(model, column_name) }}
{% endmacro %}

{% macro default__test_unique(model, column_name) %}

select
    {{ column_name }} as unique_field,
    count(*) as n_records

from {{ model }}
where {{ column_name }} is not null
group by {{ column_name }}
having count(*) > 1

{% endmacro %}
