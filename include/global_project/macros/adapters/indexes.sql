{#- The `indexes` config ({columns: [...], unique: bool}, dbt-postgres' shape that dbt-duckdb
    honours): create_indexes creates each configured index on a table just built. -#}
{% macro create_indexes(relation) -%}
  {{ adapter.dispatch('create_indexes', 'dbt')(relation) }}
{%- endmacro %}

{% macro default__create_indexes(relation) -%}
  {%- for index_dict in config.get('indexes', default=[]) -%}
    {%- set create_index_sql = get_create_index_sql(relation, index_dict) -%}
    {%- if create_index_sql -%}{%- do run_query(create_index_sql) -%}{%- endif -%}
  {%- endfor -%}
{%- endmacro %}

{% macro get_create_index_sql(relation, index_dict) -%}
  {{ return(adapter.dispatch('get_create_index_sql', 'dbt')(relation, index_dict)) }}
{%- endmacro %}

{% macro default__get_create_index_sql(relation, index_dict) -%}
  {{ return(None) }}
{%- endmacro %}

{#- The index named by a hash of the relation, its columns, uniqueness and the time, so that
    repeated creations never collide. -#}
{% macro duckdb__get_create_index_sql(relation, index_dict) -%}
  {%- set columns = [index_dict['columns']] if index_dict['columns'] is string else index_dict['columns'] -%}
  {%- set unique = index_dict.get('unique', false) -%}
  {%- set name = local_md5(relation.render() ~ '|' ~ columns | join(',') ~ '|' ~ unique ~ '|' ~ py_current_timestring()) -%}
create {{ 'unique ' if unique }}index "{{ name }}" on {{ relation }} ({{ columns | join(', ') }});
{%- endmacro %}

{% macro get_drop_index_sql(relation, index_name) -%}
  {{ adapter.dispatch('get_drop_index_sql', 'dbt')(relation, index_name) }}
{%- endmacro %}

{% macro default__get_drop_index_sql(relation, index_name) -%}
  {{ exceptions.raise_compiler_error("`get_drop_index_sql` has not been implemented for this adapter.") }}
{%- endmacro %}

{% macro get_show_indexes_sql(relation) -%}
  {{ adapter.dispatch('get_show_indexes_sql', 'dbt')(relation) }}
{%- endmacro %}

{% macro default__get_show_indexes_sql(relation) -%}
  {{ exceptions.raise_compiler_error("`get_show_indexes_sql` has not been implemented for this adapter.") }}
{%- endmacro %}
