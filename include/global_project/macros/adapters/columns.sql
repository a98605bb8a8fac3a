{#- Column introspection for macros: of an existing relation, of a rows-and-types table, or
    of a query (found by running it so that it returns no rows). -#}
{% macro get_columns_in_relation(relation) -%}
{{ return(adapter.get_columns_in_relation(relation)) }}
{%- endmacro %}

{% macro sql_convert_columns_in_relation(table) -%}
{%- set found = [] -%}
{%- for described in table -%}{%- do found.append(api.Column(*described)) -%}{%- endfor -%}
{{ return(found) }}
{%- endmacro %}

{% macro get_empty_subquery_sql(select_sql, select_sql_header=none) -%}
{{ return(adapter.dispatch('get_empty_subquery_sql', 'dbt')(select_sql, select_sql_header)) }}
{%- endmacro %}

{% macro default__get_empty_subquery_sql(select_sql, select_sql_header=none) -%}
{%- if select_sql_header is not none %}{{ select_sql_header }}
{% endif -%}
select * from (
{{ select_sql }}
) as shape_probe
where 1 = 0
{%- endmacro %}

{% macro get_columns_in_query(select_sql) -%}
{{ return(adapter.dispatch('get_columns_in_query', 'dbt')(select_sql)) }}
{%- endmacro %}

{% macro default__get_columns_in_query(select_sql) -%}
{%- call statement('get_columns_in_query', fetch_result=True, auto_begin=False) -%}
{{ get_empty_subquery_sql(select_sql) }}
{%- endcall -%}
{%- set probe = load_result('get_columns_in_query') -%}
{{ return(probe.table.columns | map(attribute='name') | list) }}
{%- endmacro %}

{#- Changes one column's type in place (dbt's alter_column_type; DuckDB alters it directly, so the
    column keeps its position). -#}
{% macro alter_column_type(relation, column_name, new_column_type) -%}
{{ return(adapter.dispatch('alter_column_type', 'dbt')(relation, column_name, new_column_type)) }}
{%- endmacro %}

{% macro default__alter_column_type(relation, column_name, new_column_type) -%}
{%- call statement('alter_column_type') -%}
alter table {{ relation.render() }} alter column {{ adapter.quote(column_name) }} set data type {{ new_column_type }}
{%- endcall -%}
{%- endmacro %}

{#- Adds and drops columns (api.Column objects; either list may be none), one statement per
    column since DuckDB takes one action per ALTER, as dbt-duckdb does. -#}
{% macro alter_relation_add_remove_columns(relation, add_columns=none, remove_columns=none) -%}
{{ return(adapter.dispatch('alter_relation_add_remove_columns', 'dbt')(relation, add_columns, remove_columns)) }}
{%- endmacro %}

{% macro default__alter_relation_add_remove_columns(relation, add_columns, remove_columns) -%}
{%- for column in (add_columns or []) -%}
  {%- do run_query('alter table ' ~ relation.render() ~ ' add column ' ~ column.quoted ~ ' ' ~ column.data_type) -%}
{%- endfor -%}
{%- for column in (remove_columns or []) -%}
  {%- do run_query('alter table ' ~ relation.render() ~ ' drop column ' ~ column.quoted) -%}
{%- endfor -%}
{%- endmacro %}
