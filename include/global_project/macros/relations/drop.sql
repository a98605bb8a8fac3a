{#- Dropping relations: get_drop_sql is the statement for the relation's type; drop_relation runs
    it. Every drop is `if exists ... cascade`, so dependent views go too, as in dbt. -#}
{%- macro get_drop_sql(relation) -%}
  {{- log('Applying DROP to: ' ~ relation) -}}
  {{- adapter.dispatch('get_drop_sql', 'dbt')(relation) -}}
{%- endmacro -%}

{%- macro default__get_drop_sql(relation) -%}
  {%- if relation.is_view -%}
    {{ drop_view(relation) }}
  {%- elif relation.is_table -%}
    {{ drop_table(relation) }}
  {%- elif relation.is_materialized_view -%}
    {{ drop_materialized_view(relation) }}
  {%- else -%}
drop {{ relation.type }} if exists {{ relation.render() }} cascade
  {%- endif -%}
{%- endmacro -%}

{% macro drop_table(relation) -%}
  {{- adapter.dispatch('drop_table', 'dbt')(relation) -}}
{%- endmacro %}

{% macro default__drop_table(relation) -%}
drop table if exists {{ relation.render() }} cascade
{%- endmacro %}

{% macro drop_view(relation) -%}
  {{- adapter.dispatch('drop_view', 'dbt')(relation) -}}
{%- endmacro %}

{% macro default__drop_view(relation) -%}
drop view if exists {{ relation.render() }} cascade
{%- endmacro %}

{% macro drop_materialized_view(relation) -%}
  {{- adapter.dispatch('drop_materialized_view', 'dbt')(relation) -}}
{%- endmacro %}

{% macro default__drop_materialized_view(relation) -%}
drop materialized view if exists {{ relation.render() }} cascade
{%- endmacro %}

{% macro drop_relation(relation) -%}
  {{ return(adapter.dispatch('drop_relation', 'dbt')(relation)) }}
{%- endmacro %}

{% macro default__drop_relation(relation) -%}
  {%- call statement('drop_relation', auto_begin=False) -%}
    {{ get_drop_sql(relation) }}
  {%- endcall -%}
{%- endmacro %}

{#- A relation made without a type (api.Relation.create(...)) is dropped as what the database holds. -#}
{% macro duckdb__drop_relation(relation) -%}
  {%- set kind = relation.type -%}
  {%- if not kind -%}
    {%- set found = load_cached_relation(relation) -%}
    {%- set kind = found.type if found else 'table' -%}
  {%- endif -%}
  {%- call statement('drop_relation', auto_begin=False) -%}
    drop {{ 'view' if kind == 'view' else 'table' }} if exists {{ relation.include(database=adapter.use_database()) }} cascade
  {%- endcall -%}
{%- endmacro %}

{% macro drop_relation_if_exists(relation) -%}
  {%- if relation is not none -%}{%- do adapter.drop_relation(relation) -%}{%- endif -%}
{%- endmacro %}

{#- The backup a replace made of `relation` (make_backup_relation's name), dropped. -#}
{%- macro get_drop_backup_sql(relation) -%}
  {{- log('Applying DROP BACKUP to: ' ~ relation) -}}
  {{- adapter.dispatch('get_drop_backup_sql', 'dbt')(relation) -}}
{%- endmacro -%}

{%- macro default__get_drop_backup_sql(relation) -%}
  {{ get_drop_sql(make_backup_relation(relation, relation.type)) }}
{%- endmacro -%}
