{#- not_null: one row per NULL in the column. With failures stored, whole rows are kept so
    the audit table shows what was wrong. Compiles to dbt's text, whitespace included. -#}
{% macro test_not_null(model, column_name) %}
    {% set not_null_sql = adapter.dispatch('test_not_null', 'dbt') %}
    {{ not_null_sql(model, column_name) }}
{% endmacro %}

{% macro default__test_not_null(model, column_name) %}

{% set kept = '*' if should_store_failures() else column_name %}

select {{ kept }}
from {{ model }}
where {{ column_name }} is null

{% endmacro %}
