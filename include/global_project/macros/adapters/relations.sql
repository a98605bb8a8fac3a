{#- Relation helpers for project macros: look-ups, derived temporary/backup names, and the
    DDL that creates tables, views and schemas. -#}
{% macro load_relation(relation) -%}
{{ return(adapter.get_relation(database=relation.database, schema=relation.schema, identifier=relation.identifier)) }}
{%- endmacro %}

{% macro load_cached_relation(relation) -%}
{{ return(load_relation(relation)) }}
{%- endmacro %}

{#- A sibling of `base_relation` whose name carries `suffix`. -#}
{% macro make_temp_relation(base_relation, suffix='__dbt_tmp') -%}
{{ return(base_relation.incorporate(path={'identifier': base_relation.identifier ~ suffix})) }}
{%- endmacro %}

{% macro make_intermediate_relation(base_relation, suffix='__dbt_tmp') -%}
{{ return(make_temp_relation(base_relation, suffix)) }}
{%- endmacro %}

{% macro make_backup_relation(base_relation, backup_relation_type, suffix='__dbt_backup') -%}
{%- set path = {'identifier': base_relation.identifier ~ suffix} -%}
{{ return(base_relation.incorporate(path=path, type=backup_relation_type)) }}
{%- endmacro %}

{% macro create_table_as(temporary, relation, compiled_code, language='sql') -%}
{{ adapter.dispatch('create_table_as', 'dbt')(temporary, relation, compiled_code) }}
{%- endmacro %}

{% macro get_create_table_as_sql(temporary, relation, sql) -%}
{{ return(create_table_as(temporary, relation, sql)) }}
{%- endmacro %}

{#- Temporary tables live in the session's own schema, so they are named without one. -#}
{% macro default__create_table_as(temporary, relation, sql) -%}
{%- set target_name = relation.include(database=false, schema=false) if temporary else relation -%}
create {{ 'temporary ' if temporary }}table {{ target_name }} as (
{{ sql }}
);
{%- endmacro %}

{% macro create_view_as(relation, sql) -%}
{{ adapter.dispatch('create_view_as', 'dbt')(relation, sql) }}
{%- endmacro %}

{% macro get_create_view_as_sql(relation, sql) -%}
{{ return(create_view_as(relation, sql)) }}
{%- endmacro %}

{% macro default__create_view_as(relation, sql) -%}
create view {{ relation }} as (
{{ sql }}
);
{%- endmacro %}

{% macro drop_relation_if_exists(relation) -%}
{%- if relation is not none -%}{%- do adapter.drop_relation(relation) -%}{%- endif -%}
{%- endmacro %}

{% macro create_schema(relation) -%}
{%- do adapter.create_schema(relation) -%}
{%- endmacro %}

{% macro drop_schema(relation) -%}
{%- do adapter.drop_schema(relation) -%}
{%- endmacro %}

{#- Empties a table, keeping its columns (dbt's truncate_relation). -#}
{% macro truncate_relation(relation) -%}
{{ return(adapter.dispatch('truncate_relation', 'dbt')(relation)) }}
{%- endmacro %}

{% macro default__truncate_relation(relation) -%}
{%- call statement('truncate_relation') -%}
truncate table {{ relation.render() }}
{%- endcall -%}
{%- endmacro %}
