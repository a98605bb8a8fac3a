{#- The query `dbt show` runs: the model's sql_header, then its query with the row limit. The
    text keeps dbt's layout (a line break and indent before the query, a line break after it), as
    run_results.json records it as the node's compiled code. -#}
{% macro get_show_sql(compiled_code, sql_header, limit) -%}
  {%- if sql_header is not none %}{{ sql_header }}{% endif %}
  {{ get_limit_sql(compiled_code, limit) }}
{% endmacro %}

{#- The older name of get_limit_sql. -#}
{%- macro get_limit_subquery_sql(sql, limit) -%}
  {{ adapter.dispatch('get_limit_sql', 'dbt')(sql, limit) }}
{%- endmacro -%}

{%- macro get_limit_sql(sql, limit) -%}
  {{ adapter.dispatch('get_limit_sql', 'dbt')(sql, limit) }}
{%- endmacro -%}

{#- A limit is appended to the query as written (none: no limit), on lines laid out as dbt's. -#}
{% macro default__get_limit_sql(sql, limit) %}
  {{ sql }}
  {% if limit is not none %}
  limit {{ limit }}{% endif -%}
{% endmacro %}

{#- Checks a query without running it: the database plans it (EXPLAIN) and the result is returned. -#}
{% macro validate_sql(sql) -%}
  {{ return(adapter.dispatch('validate_sql', 'dbt')(sql)) }}
{%- endmacro %}

{% macro default__validate_sql(sql) -%}
  {%- call statement('validate_sql') -%}
    explain {{ sql }}
  {%- endcall -%}
  {{ return(load_result('validate_sql')) }}
{%- endmacro %}
