{#- Whether the dbt version this project runs as is 2 or later. -#}
{% macro is_core_v2() -%}
  {{ return((dbt_version.split('.') | first | int) >= 2) }}
{%- endmacro %}
