{#- Helpers of dbt's seed materialization, for a materialization or operation that loads rows
    from an agate-like table (a run_query result): the table's creation from its column types,
    its reset, and its rows inserted in batches. Reelhouse's own seed loader does not use them. -#}
{% macro create_csv_table(model, agate_table) -%}
  {{ return(adapter.dispatch('create_csv_table', 'dbt')(model, agate_table)) }}
{%- endmacro %}

{#- Column types from `column_types`, else the adapter's type for each column of the table. -#}
{% macro default__create_csv_table(model, agate_table) -%}
  {%- set overrides = model['config'].get('column_types', {}) -%}
  {%- set quote_columns = model['config'].get('quote_columns', None) -%}
  {%- set sql -%}
    create table {{ this.render() }} (
      {%- for name in agate_table.column_names -%}
        {%- set inferred = adapter.convert_type(agate_table, loop.index0) if adapter.convert_type is defined else agate_table.column_types[loop.index0] -%}
        {%- set declared = overrides.get(name) or inferred or 'varchar' %}
      {{ adapter.quote_seed_column(name | string, quote_columns) }} {{ declared }}{{ ',' if not loop.last }}
      {%- endfor %}
    )
  {%- endset -%}
  {%- call statement('_') -%}{{ sql }}{%- endcall -%}
  {{ return(sql) }}
{%- endmacro %}

{#- A full refresh drops and recreates the table; otherwise its rows are deleted. Returns the SQL. -#}
{% macro reset_csv_table(model, full_refresh, old_relation, agate_table) -%}
  {{ return(adapter.dispatch('reset_csv_table', 'dbt')(model, full_refresh, old_relation, agate_table)) }}
{%- endmacro %}

{% macro default__reset_csv_table(model, full_refresh, old_relation, agate_table) -%}
  {%- if full_refresh -%}
    {%- do adapter.drop_relation(old_relation) -%}
    {{ return(create_csv_table(model, agate_table)) }}
  {%- endif -%}
  {%- do adapter.truncate_relation(old_relation) -%}
  {{ return('truncate table ' ~ old_relation.render()) }}
{%- endmacro %}

{% macro get_csv_sql(create_or_truncate_sql, insert_sql) -%}
  {{ adapter.dispatch('get_csv_sql', 'dbt')(create_or_truncate_sql, insert_sql) }}
{%- endmacro %}

{% macro default__get_csv_sql(create_or_truncate_sql, insert_sql) -%}
  {{ create_or_truncate_sql }};
  -- dbt seed --
  {{ insert_sql }}
{%- endmacro %}

{#- The placeholder of a bound value in an insert. -#}
{% macro get_binding_char() -%}
  {{ adapter.dispatch('get_binding_char', 'dbt')() }}
{%- endmacro %}

{% macro default__get_binding_char() -%}
  {{ return('%s') }}
{%- endmacro %}

{% macro duckdb__get_binding_char() -%}
  {{ return('?') }}
{%- endmacro %}

{#- Rows per insert statement. -#}
{% macro get_batch_size() -%}
  {{ return(adapter.dispatch('get_batch_size', 'dbt')()) }}
{%- endmacro %}

{% macro default__get_batch_size() -%}
  {{ return(10000) }}
{%- endmacro %}

{% macro duckdb__get_batch_size() -%}
  {{ return(10000) }}
{%- endmacro %}

{#- The column names quoted as the seed's quote_columns config says, joined with commas. -#}
{% macro get_seed_column_quoted_csv(model, column_names) -%}
  {%- set quote_columns = model['config'].get('quote_columns', None) -%}
  {%- set quoted = [] -%}
  {%- for name in column_names -%}
    {%- do quoted.append(adapter.quote_seed_column(name, quote_columns)) -%}
  {%- endfor -%}
  {{ return(quoted | join(', ')) }}
{%- endmacro %}

{% macro load_csv_rows(model, agate_table) -%}
  {{ return(adapter.dispatch('load_csv_rows', 'dbt')(model, agate_table)) }}
{%- endmacro %}

{#- Inserts the table's rows into `this`, get_batch_size() rows per statement, and returns the
    first statement. Values are written as SQL literals (the statements take no bound values). -#}
{% macro default__load_csv_rows(model, agate_table) -%}
  {%- set columns_csv = get_seed_column_quoted_csv(model, agate_table.column_names) -%}
  {%- set statements = [] -%}
  {%- for chunk in agate_table.rows | batch(get_batch_size()) -%}
    {%- set sql -%}
      insert into {{ this.render() }} ({{ columns_csv }}) values
      {%- for row in chunk %}
      ({% for value in row -%}
        {%- if value is none -%}null
        {%- elif value is sameas true -%}true
        {%- elif value is sameas false -%}false
        {%- elif value is number -%}{{ value }}
        {%- else -%}'{{ value | string | replace("'", "''") }}'
        {%- endif -%}
        {{- ', ' if not loop.last -}}
      {%- endfor %}){{ ',' if not loop.last }}
      {%- endfor %}
    {%- endset -%}
    {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
    {%- do statements.append(sql) -%}
  {%- endfor -%}
  {{ return(statements[0] if statements else '') }}
{%- endmacro %}

{% macro duckdb__load_csv_rows(model, agate_table) -%}
  {{ return(default__load_csv_rows(model, agate_table)) }}
{%- endmacro %}
