{#- Column introspection for macros: of an existing relation, of a rows-and-types table, or
    of a query (found by running it so that it returns no rows). -#}
{#- Answered by the adapter, which runs a project's own get_columns_in_relation (or its
    dispatched duckdb__/default__ form) when it has one. -#}
{% macro get_columns_in_relation(relation) -%}
{{ return(adapter.get_columns_in_relation(relation)) }}
{%- endmacro %}

{% macro default__get_columns_in_relation(relation) -%}
{{ exceptions.raise_not_implemented('get_columns_in_relation macro not implemented for adapter ' + adapter.type()) }}
{%- endmacro %}

{#- dbt-duckdb's query: the relation's columns in order, with their sizes, from information_schema. -#}
{% macro duckdb__get_columns_in_relation(relation) -%}
{%- call statement('get_columns_in_relation', fetch_result=True) -%}
select column_name, data_type, character_maximum_length, numeric_precision, numeric_scale
from information_schema.columns
where table_name = '{{ relation.identifier }}'
{%- if relation.schema %}
  and table_schema = '{{ relation.schema }}'
{%- endif %}
{%- if relation.database %}
  and table_catalog = '{{ relation.database }}'
{%- endif %}
order by ordinal_position
{%- endcall -%}
{{ return(sql_convert_columns_in_relation(load_result('get_columns_in_relation').table)) }}
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

{#- A query with no rows whose columns are the given YAML columns ({name: {name, data_type, quote}}),
    each a typed null: what a contract's declared columns look like to the database. -#}
{% macro get_empty_schema_sql(columns) -%}
{{ return(adapter.dispatch('get_empty_schema_sql', 'dbt')(columns)) }}
{%- endmacro %}

{% macro default__get_empty_schema_sql(columns) -%}
  {%- set untyped = [] -%}
  {%- set bare_numeric = [] -%}
select
  {%- for key in columns %}
    {%- set column = columns[key] -%}
    {%- if column['data_type'] is not defined or column['data_type'] is none -%}
      {%- do untyped.append(column['name']) -%}
    {%- elif column['data_type'].strip().lower() in ('numeric', 'decimal', 'number') -%}
      {%- do bare_numeric.append(column['name']) -%}
    {%- endif %}
  {{ cast('null', column['data_type']) }} as {{ adapter.quote(column['name']) if column.get('quote') else column['name'] }}{{ ", " if not loop.last }}
  {%- endfor -%}
  {%- if untyped -%}
    {{ exceptions.column_type_missing(column_names=untyped) }}
  {%- elif bare_numeric -%}
    {%- do exceptions.warn('Detected columns with numeric type and unspecified precision/scale, this can lead to unintended rounding: ' ~ bare_numeric ~ '`') -%}
  {%- endif -%}
{%- endmacro %}

{#- The columns (names and types) a query returns, found without scanning its data. -#}
{% macro get_column_schema_from_query(select_sql, select_sql_header=none) -%}
  {%- set probe = get_empty_subquery_sql(select_sql, select_sql_header) -%}
  {%- set described = run_query('describe ' ~ probe) -%}
  {%- set columns = [] -%}
  {#- Nothing runs while the project is parsed. -#}
  {%- for row in (described if described is not none else []) -%}
    {%- do columns.append(api.Column.from_description(row[0], row[1])) -%}
  {%- endfor -%}
  {{ return(columns) }}
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

{% macro duckdb__alter_relation_add_remove_columns(relation, add_columns, remove_columns) -%}
{%- do default__alter_relation_add_remove_columns(relation, add_columns, remove_columns) -%}
{%- endmacro %}
