{#- The first day of the month of a date or timestamp column, as a date. -#}
{% macro month_start(column) -%}
    cast({{ dbt.date_trunc('month', column) }} as date)
{%- endmacro %}
