{#- Array building with the SQL-standard ARRAY[...] forms, which DuckDB accepts as they are
    (dbt-duckdb keeps dbt's defaults). The blank runs are those of dbt's rendering. -#}
{% macro array_construct(inputs=[], data_type=api.Column.translate_type('integer')) -%}
{{ return(adapter.dispatch('array_construct', 'dbt')(inputs, data_type)) }}
{%- endmacro %}
{% macro default__array_construct(inputs, data_type) -%}
{{ '\n    ' }}
{%- if inputs | length > 0 -%}array[ {{ inputs | join(' , ') }} ]{%- else -%}array[]::{{ data_type }}[]{%- endif -%}
{{ '\n    ' }}
{%- endmacro %}

{% macro array_append(array, new_element) -%}
{{ return(adapter.dispatch('array_append', 'dbt')(array, new_element)) }}
{%- endmacro %}
{% macro default__array_append(array, new_element) -%}array_append({{ array }}, {{ new_element }}){%- endmacro %}

{% macro array_concat(array_1, array_2) -%}
{{ return(adapter.dispatch('array_concat', 'dbt')(array_1, array_2)) }}
{%- endmacro %}
{% macro default__array_concat(array_1, array_2) -%}array_cat({{ array_1 }}, {{ array_2 }}){%- endmacro %}
