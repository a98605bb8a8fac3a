{#- not_null: one row per NULL in the column. With failures stored, whole rows are kept so
    the audit table shows what was wrong. -#}
{% macro test_not_null(model, column_name) -%}
{{ adapter.dispatch('test_not_null', 'dbt')(model, column_name) }}
{%- endmacro %}

{% macro default__test_not_null(model, column_name) -%}
{%- set kept = '*' if should_store_failures() else column_name -%}
select {{ kept }}
from {{ model }}
where {{ column_name }} is null
{%- endmacro %}
