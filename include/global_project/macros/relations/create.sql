{#- Creating a relation from a query: get_create_sql picks the statement for the relation's type;
    create_table_as / create_view_as are the statements themselves (with the model's sql_header
    first, as dbt writes them). -#}
{%- macro get_create_sql(relation, sql) -%}
  {{- log('Applying CREATE to: ' ~ relation) -}}
  {{- adapter.dispatch('get_create_sql', 'dbt')(relation, sql) -}}
{%- endmacro -%}

{%- macro default__get_create_sql(relation, sql) -%}
  {%- if relation.is_view -%}
    {{ get_create_view_as_sql(relation, sql) }}
  {%- elif relation.is_table -%}
    {{ get_create_table_as_sql(False, relation, sql) }}
  {%- elif relation.is_materialized_view -%}
    {{ get_create_materialized_view_as_sql(relation, sql) }}
  {%- else -%}
    {{- exceptions.raise_compiler_error("`get_create_sql` has not been implemented for: " ~ relation.type) -}}
  {%- endif -%}
{%- endmacro -%}

{% macro get_create_table_as_sql(temporary, relation, sql) -%}
  {{ adapter.dispatch('get_create_table_as_sql', 'dbt')(temporary, relation, sql) }}
{%- endmacro %}

{% macro default__get_create_table_as_sql(temporary, relation, sql) -%}
  {{ return(create_table_as(temporary, relation, sql)) }}
{%- endmacro %}

{#- `language` other than sql is handed on only when given, so that an adapter's three-argument
    implementation keeps working. The statement comes between the blank lines dbt's own
    create_table_as leaves around it, which are part of the text dbt writes to target/run. -#}
{% macro create_table_as(temporary, relation, compiled_code, language='sql') -%}
  {%- if language == 'sql' -%}
    {%- set statement = adapter.dispatch('create_table_as', 'dbt')(temporary, relation, compiled_code) -%}
  {%- else -%}
    {%- set statement = adapter.dispatch('create_table_as', 'dbt')(temporary, relation, compiled_code, language) -%}
  {%- endif -%}
  {{- '\n  \n    ' ~ statement ~ '\n  ' -}}
{%- endmacro %}

{#- A temporary table lives in the session's own schema, so it is named without database and schema. -#}
{% macro default__create_table_as(temporary, relation, sql) -%}
  {%- set sql_header = config.get('sql_header', none) -%}
  {%- if sql_header is not none %}{{ sql_header }}
{% endif -%}
create {{ 'temporary ' if temporary }}table {{ relation.include(database=(not temporary), schema=(not temporary)) }} as (
{{ sql }}
);
{%- endmacro %}

{% macro duckdb__create_table_as(temporary, relation, compiled_code, language='sql') -%}
  {%- if language != 'sql' -%}
    {{ exceptions.raise_compiler_error("duckdb__create_table_as macro didn't get supported language, it got %s" % language) }}
  {%- endif -%}
  {%- set sql_header = config.get('sql_header', none) -%}
  {%- set contract_config = config.get('contract') or {} -%}
  {%- if contract_config.get('enforced') -%}
    {{ get_assert_columns_equivalent(compiled_code) }}
  {%- endif -%}
  {%- set target_name = relation.include(database=(not temporary and adapter.use_database()), schema=(not temporary)) -%}
  {#- DuckDB takes no column list in CREATE TABLE AS, and no constraints on a temporary table:
      a contracted table is declared with its columns, then filled. -#}
  {%- if contract_config.get('enforced') and not temporary -%}
  {%- if sql_header is not none %}{{ sql_header }}
{% endif -%}
create table {{ target_name }} {{ get_table_columns_and_constraints() }};
insert into {{ target_name }} ({{ adapter.dispatch('get_column_names', 'dbt')() }}) (
{{ get_select_subquery(compiled_code) }}
);
  {%- else -%}
    {#- dbt-duckdb's layout, blank lines and indents included (the header, when set, on the first line). -#}
    {{- '\n    ' ~ (sql_header if sql_header is not none else '') ~ '\n\n    create ' ~ ('temporary' if temporary else '') ~ ' table\n      ' ~ target_name ~ '\n  \n    as (\n      ' ~ compiled_code ~ '\n    );\n  ' -}}
  {%- endif -%}
{%- endmacro %}

{% macro get_create_view_as_sql(relation, sql) -%}
  {{ adapter.dispatch('get_create_view_as_sql', 'dbt')(relation, sql) }}
{%- endmacro %}

{% macro default__get_create_view_as_sql(relation, sql) -%}
  {{ return(create_view_as(relation, sql)) }}
{%- endmacro %}

{% macro create_view_as(relation, sql) -%}
  {{ adapter.dispatch('create_view_as', 'dbt')(relation, sql) }}
{%- endmacro %}

{% macro default__create_view_as(relation, sql) -%}
  {%- set sql_header = config.get('sql_header', none) -%}
  {%- if sql_header is not none %}{{ sql_header }}
{% endif -%}
create view {{ relation.render() }} as (
{{ sql }}
);
{%- endmacro %}

{#- dbt-duckdb's layout, blank lines and indents included: target/run holds this text. -#}
{% macro duckdb__create_view_as(relation, sql) -%}
  {%- set sql_header = config.get('sql_header', none) -%}
  {{- '\n  ' ~ (sql_header if sql_header is not none else '') ~ '\n  create view ' ~ relation.include(database=adapter.use_database()) ~ ' as (\n    ' ~ sql ~ '\n  );\n' -}}
{%- endmacro %}

{#- The model's query narrowed to its declared columns, in the order the YAML lists them
    (what a contracted table is created from). -#}
{% macro get_select_subquery(sql) -%}
  {{ return(adapter.dispatch('get_select_subquery', 'dbt')(sql)) }}
{%- endmacro %}

{% macro default__get_select_subquery(sql) -%}
select {{ adapter.dispatch('get_column_names', 'dbt')() }}
from (
{{ sql }}
) as model_subq
{%- endmacro %}

{% macro default__get_column_names() -%}
  {%- set declared = model['columns'] -%}
  {%- for key in declared -%}
    {%- set column = declared[key] -%}
    {{ adapter.quote(column['name']) if column.get('quote') else column['name'] }}{{ ", " if not loop.last }}
  {%- endfor -%}
{%- endmacro %}
