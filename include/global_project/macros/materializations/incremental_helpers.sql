{#- Helpers incremental strategy macros (get_incremental_<name>_sql) call, as dbt's global project has them. -#}

{#- The column names quoted for the adapter and joined with commas, for an insert's column list. -#}
{% macro get_quoted_csv(column_names) -%}
  {%- set quoted = [] -%}
  {%- for name in column_names -%}
    {%- do quoted.append(adapter.quote(name)) -%}
  {%- endfor -%}
  {{- return(quoted | join(', ')) -}}
{%- endmacro %}
