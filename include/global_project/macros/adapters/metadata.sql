{#- Catalog look-ups as macros: schemas of a database, whether one exists, the relations of a
    schema. The adapter methods of the same names answer these natively; the macros are what a
    project calls or overrides. -#}
{% macro information_schema_name(database) -%}
  {{ return(adapter.dispatch('information_schema_name', 'dbt')(database)) }}
{%- endmacro %}

{% macro default__information_schema_name(database) -%}
  {%- if database -%}{{ database }}.INFORMATION_SCHEMA{%- else -%}INFORMATION_SCHEMA{%- endif -%}
{%- endmacro %}

{#- A table of schema_name rows. -#}
{% macro list_schemas(database) -%}
  {{ return(adapter.dispatch('list_schemas', 'dbt')(database)) }}
{%- endmacro %}

{% macro default__list_schemas(database) -%}
  {%- set sql -%}
    select distinct schema_name
    from {{ information_schema_name(database) }}.SCHEMATA
    where catalog_name ilike '{{ database }}'
  {%- endset -%}
  {{ return(run_query(sql)) }}
{%- endmacro %}

{% macro duckdb__list_schemas(database) -%}
  {%- set sql -%}
    select schema_name
    from information_schema.schemata
    {%- if database %}
    where catalog_name = '{{ database }}'
    {%- endif %}
  {%- endset -%}
  {{ return(run_query(sql)) }}
{%- endmacro %}

{#- A one-row table holding the count of schemas of that name (0 or 1). -#}
{% macro check_schema_exists(information_schema, schema) -%}
  {{ return(adapter.dispatch('check_schema_exists', 'dbt')(information_schema, schema)) }}
{%- endmacro %}

{% macro default__check_schema_exists(information_schema, schema) -%}
  {%- set sql -%}
    select count(*)
    from {{ information_schema.replace(information_schema_view='SCHEMATA') }}
    where catalog_name = '{{ information_schema.database }}'
      and schema_name = '{{ schema }}'
  {%- endset -%}
  {{ return(run_query(sql)) }}
{%- endmacro %}

{% macro duckdb__check_schema_exists(information_schema, schema) -%}
  {%- set database = information_schema.database if information_schema is not string else information_schema -%}
  {%- set sql -%}
    select count(*)
    from information_schema.schemata
    where schema_name = '{{ schema }}'
    {%- if database %}
      and catalog_name = '{{ database }}'
    {%- endif %}
  {%- endset -%}
  {{ return(run_query(sql)) }}
{%- endmacro %}

{#- A table of (database, name, schema, type) rows, type being table or view. -#}
{% macro list_relations_without_caching(schema_relation) -%}
  {{ return(adapter.dispatch('list_relations_without_caching', 'dbt')(schema_relation)) }}
{%- endmacro %}

{% macro default__list_relations_without_caching(schema_relation) -%}
  {{ exceptions.raise_not_implemented('list_relations_without_caching macro not implemented for adapter ' + adapter.type()) }}
{%- endmacro %}

{% macro duckdb__list_relations_without_caching(schema_relation) -%}
  {%- call statement('list_relations_without_caching', fetch_result=True) -%}
    select
      table_catalog as database,
      table_name as name,
      table_schema as schema,
      case table_type when 'VIEW' then 'view' else 'table' end as type
    from information_schema.tables
    where table_schema = '{{ schema_relation.schema }}'
    {%- if schema_relation.database %}
      and table_catalog = '{{ schema_relation.database }}'
    {%- endif %}
  {%- endcall -%}
  {{ return(load_result('list_relations_without_caching').table) }}
{%- endmacro %}

{#- Hooks an adapter implements when it can answer them; dbt's defaults say it cannot. -#}
{% macro get_catalog_for_single_relation(relation) -%}
  {{ return(adapter.dispatch('get_catalog_for_single_relation', 'dbt')(relation)) }}
{%- endmacro %}

{% macro default__get_catalog_for_single_relation(relation) -%}
  {{ exceptions.raise_not_implemented('get_catalog_for_single_relation macro not implemented for adapter ' + adapter.type()) }}
{%- endmacro %}

{% macro get_relations() -%}
  {{ return(adapter.dispatch('get_relations', 'dbt')()) }}
{%- endmacro %}

{% macro default__get_relations() -%}
  {{ exceptions.raise_not_implemented('get_relations macro not implemented for adapter ' + adapter.type()) }}
{%- endmacro %}

{% macro get_relation_last_modified(information_schema, relations) -%}
  {{ return(adapter.dispatch('get_relation_last_modified', 'dbt')(information_schema, relations)) }}
{%- endmacro %}

{% macro default__get_relation_last_modified(information_schema, relations) -%}
  {{ exceptions.raise_not_implemented('get_relation_last_modified macro not implemented for adapter ' + adapter.type()) }}
{%- endmacro %}
