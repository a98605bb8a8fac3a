{#- Relation helpers for project macros: look-ups, and the temporary, intermediate and backup
    siblings a materialization builds beside its target. -#}
{% macro load_cached_relation(relation) -%}
{{ return(adapter.get_relation(database=relation.database, schema=relation.schema, identifier=relation.identifier)) }}
{%- endmacro %}

{% macro load_relation(relation) -%}
{{ return(load_cached_relation(relation)) }}
{%- endmacro %}

{#- A sibling of `base_relation` whose name carries `suffix`; each microbatch batch gets its own. -#}
{% macro make_temp_relation(base_relation, suffix='__dbt_tmp') -%}
  {%- if suffix == '__dbt_tmp' and model.batch -%}
    {%- set suffix = suffix ~ '_' ~ model.batch.id -%}
  {%- endif -%}
  {{ return(adapter.dispatch('make_temp_relation', 'dbt')(base_relation, suffix)) }}
{%- endmacro %}

{% macro default__make_temp_relation(base_relation, suffix) -%}
  {{ return(base_relation.incorporate(path={'identifier': base_relation.identifier ~ suffix})) }}
{%- endmacro %}

{#- dbt-duckdb's temporary relation: a unique name with no database or schema, for a temporary table. -#}
{% macro duckdb__make_temp_relation(base_relation, suffix) -%}
  {%- set identifier = base_relation.identifier ~ suffix ~ py_current_timestring() -%}
  {{ return(base_relation.incorporate(path={'identifier': identifier, 'schema': none, 'database': none})) }}
{%- endmacro %}

{% macro make_intermediate_relation(base_relation, suffix='__dbt_tmp') -%}
  {{ return(adapter.dispatch('make_intermediate_relation', 'dbt')(base_relation, suffix)) }}
{%- endmacro %}

{% macro default__make_intermediate_relation(base_relation, suffix) -%}
  {{ return(default__make_temp_relation(base_relation, suffix)) }}
{%- endmacro %}

{% macro make_backup_relation(base_relation, backup_relation_type, suffix='__dbt_backup') -%}
  {{ return(adapter.dispatch('make_backup_relation', 'dbt')(base_relation, backup_relation_type, suffix)) }}
{%- endmacro %}

{% macro default__make_backup_relation(base_relation, backup_relation_type, suffix) -%}
  {{ return(base_relation.incorporate(path={'identifier': base_relation.identifier ~ suffix}, type=backup_relation_type)) }}
{%- endmacro %}

{#- [true, relation] when it exists, else [false, a new relation of that name and type]. -#}
{% macro get_or_create_relation(database, schema, identifier, type) -%}
  {{ return(adapter.dispatch('get_or_create_relation', 'dbt')(database, schema, identifier, type)) }}
{%- endmacro %}

{% macro default__get_or_create_relation(database, schema, identifier, type) -%}
  {%- set found = adapter.get_relation(database=database, schema=schema, identifier=identifier) -%}
  {%- if found -%}
    {{ return([true, found]) }}
  {%- endif -%}
  {{ return([false, api.Relation.create(database=database, schema=schema, identifier=identifier, type=type)]) }}
{%- endmacro %}

{#- Empties a table, keeping its columns. -#}
{% macro truncate_relation(relation) -%}
  {{ return(adapter.dispatch('truncate_relation', 'dbt')(relation)) }}
{%- endmacro %}

{% macro default__truncate_relation(relation) -%}
  {%- call statement('truncate_relation') -%}
    truncate table {{ relation.render() }}
  {%- endcall -%}
{%- endmacro %}

{#- dbt-duckdb empties with DELETE, which DuckDB allows inside a transaction that also reads the table. -#}
{% macro duckdb__truncate_relation(relation) -%}
  {%- call statement('truncate_relation') -%}
    delete from {{ relation.include(database=adapter.use_database()) }} where 1=1
  {%- endcall -%}
{%- endmacro %}
