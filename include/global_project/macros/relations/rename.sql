{#- Renaming relations within their schema: get_rename_sql is the statement for the relation's
    type; rename_relation runs one. -#}
{%- macro get_rename_sql(relation, new_name) -%}
  {{- log('Applying RENAME to: ' ~ relation) -}}
  {{- adapter.dispatch('get_rename_sql', 'dbt')(relation, new_name) -}}
{%- endmacro -%}

{%- macro default__get_rename_sql(relation, new_name) -%}
  {%- if relation.is_view -%}
    {{ get_rename_view_sql(relation, new_name) }}
  {%- elif relation.is_table -%}
    {{ get_rename_table_sql(relation, new_name) }}
  {%- elif relation.is_materialized_view -%}
    {{ get_rename_materialized_view_sql(relation, new_name) }}
  {%- else -%}
    {{- exceptions.raise_compiler_error("`get_rename_sql` has not been implemented for: " ~ relation.type) -}}
  {%- endif -%}
{%- endmacro -%}

{% macro get_rename_table_sql(relation, new_name) -%}
  {{- adapter.dispatch('get_rename_table_sql', 'dbt')(relation, new_name) -}}
{%- endmacro %}

{% macro default__get_rename_table_sql(relation, new_name) -%}
alter table {{ relation.render() }} rename to {{ new_name }}
{%- endmacro %}

{% macro get_rename_view_sql(relation, new_name) -%}
  {{- adapter.dispatch('get_rename_view_sql', 'dbt')(relation, new_name) -}}
{%- endmacro %}

{% macro default__get_rename_view_sql(relation, new_name) -%}
alter view {{ relation.render() }} rename to {{ new_name }}
{%- endmacro %}

{% macro get_rename_materialized_view_sql(relation, new_name) -%}
  {{- adapter.dispatch('get_rename_materialized_view_sql', 'dbt')(relation, new_name) -}}
{%- endmacro %}

{% macro default__get_rename_materialized_view_sql(relation, new_name) -%}
  {{- exceptions.raise_compiler_error("`get_rename_materialized_view_sql` has not been implemented for this adapter.") -}}
{%- endmacro %}

{#- The intermediate relation a replace built (make_intermediate_relation's name), renamed to `relation`'s name. -#}
{%- macro get_rename_intermediate_sql(relation) -%}
  {{- log('Applying RENAME INTERMEDIATE to: ' ~ relation) -}}
  {{- adapter.dispatch('get_rename_intermediate_sql', 'dbt')(relation) -}}
{%- endmacro -%}

{%- macro default__get_rename_intermediate_sql(relation) -%}
  {{ get_rename_sql(make_intermediate_relation(relation), relation.identifier) }}
{%- endmacro -%}

{% macro rename_relation(from_relation, to_relation) -%}
  {{ return(adapter.dispatch('rename_relation', 'dbt')(from_relation, to_relation)) }}
{%- endmacro %}

{% macro default__rename_relation(from_relation, to_relation) -%}
  {%- set target_name = adapter.quote_as_configured(to_relation.identifier, 'identifier') -%}
  {%- call statement('rename_relation') -%}
    alter table {{ from_relation.render() }} rename to {{ target_name }}
  {%- endcall -%}
{%- endmacro %}

{#- DuckDB renames a view with ALTER VIEW, so the statement names the relation's own type. -#}
{% macro duckdb__rename_relation(from_relation, to_relation) -%}
  {%- set kind = to_relation.type or from_relation.type -%}
  {%- if not kind -%}
    {%- set found = load_cached_relation(from_relation) -%}
    {%- set kind = found.type if found else 'table' -%}
  {%- endif -%}
  {%- set target_name = adapter.quote_as_configured(to_relation.identifier, 'identifier') -%}
  {%- call statement('rename_relation') -%}
    alter {{ 'view' if kind == 'view' else 'table' }} {{ from_relation }} rename to {{ target_name }}
  {%- endcall -%}
{%- endmacro %}
