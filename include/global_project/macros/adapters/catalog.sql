{#- dbt's catalog queries, as `docs generate` asks them and macros may call them: one row per
    column of each relation, with its table's type and the comments persist_docs wrote. Names
    match case-insensitively, as unquoted identifiers do in DuckDB. -#}
{% macro get_catalog_relations(information_schema, relations) -%}
{{ return(adapter.dispatch('get_catalog_relations', 'dbt')(information_schema, relations)) }}
{%- endmacro %}

{% macro default__get_catalog_relations(information_schema, relations) -%}
{%- set filters = [] -%}
{%- for relation in relations -%}
  {%- set clause = "lower(c.schema_name) = lower('" ~ (relation.schema | replace("'", "''")) ~ "')" -%}
  {%- if relation.identifier -%}
    {%- set clause = clause ~ " and lower(c.table_name) = lower('" ~ (relation.identifier | replace("'", "''")) ~ "')" -%}
  {%- endif -%}
  {%- do filters.append('(' ~ clause ~ ')') -%}
{%- endfor -%}
{{ return(dbt.catalog_rows(information_schema, filters)) }}
{%- endmacro %}

{% macro get_catalog(information_schema, schemas) -%}
{{ return(adapter.dispatch('get_catalog', 'dbt')(information_schema, schemas)) }}
{%- endmacro %}

{% macro default__get_catalog(information_schema, schemas) -%}
{%- set filters = [] -%}
{%- for schema in schemas -%}
  {%- do filters.append("(lower(c.schema_name) = lower('" ~ (schema | replace("'", "''")) ~ "'))") -%}
{%- endfor -%}
{{ return(dbt.catalog_rows(information_schema, filters)) }}
{%- endmacro %}

{#- The catalog's rows for the relations `filters` select, in the database `information_schema` names. -#}
{% macro catalog_rows(information_schema, filters) -%}
{%- if filters | length == 0 -%}{%- set filters = ['false'] -%}{%- endif -%}
{%- set database = information_schema.database or target.database -%}
{% set query %}
select
    c.database_name as table_database,
    c.schema_name as table_schema,
    c.table_name,
    case when v.view_name is not null then 'VIEW' else 'BASE TABLE' end as table_type,
    coalesce(t.comment, v.comment) as table_comment,
    c.column_name,
    c.column_index,
    c.data_type as column_type,
    c.comment as column_comment,
    null as table_owner
from duckdb_columns() as c
left join duckdb_tables() as t
  on t.database_name = c.database_name and t.schema_name = c.schema_name and t.table_name = c.table_name
left join duckdb_views() as v
  on v.database_name = c.database_name and v.schema_name = c.schema_name and v.view_name = c.table_name
where lower(c.database_name) = lower('{{ database | replace("'", "''") }}')
  and ({{ filters | join(' or ') }})
order by c.schema_name, c.table_name, c.column_index
{% endset %}
{{ return(run_query(query)) }}
{%- endmacro %}
