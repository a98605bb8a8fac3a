{#- Materialized view statements. DuckDB has no materialized views, so these are dbt's defaults,
    which say so when called (drop_materialized_view is in drop.sql). -#}
{% macro get_create_materialized_view_as_sql(relation, sql) -%}
  {{- adapter.dispatch('get_create_materialized_view_as_sql', 'dbt')(relation, sql) -}}
{%- endmacro %}

{% macro default__get_create_materialized_view_as_sql(relation, sql) -%}
  {{ exceptions.raise_compiler_error("`get_create_materialized_view_as_sql` has not been implemented for this adapter.") }}
{%- endmacro %}

{% macro get_replace_materialized_view_sql(relation, sql) -%}
  {{- adapter.dispatch('get_replace_materialized_view_sql', 'dbt')(relation, sql) -}}
{%- endmacro %}

{% macro default__get_replace_materialized_view_sql(relation, sql) -%}
  {{ exceptions.raise_compiler_error("`get_replace_materialized_view_sql` has not been implemented for this adapter.") }}
{%- endmacro %}

{% macro get_alter_materialized_view_as_sql(relation, configuration_changes, sql, existing_relation, backup_relation, intermediate_relation) -%}
  {{- log('Applying ALTER to: ' ~ relation) -}}
  {{- adapter.dispatch('get_alter_materialized_view_as_sql', 'dbt')(relation, configuration_changes, sql, existing_relation, backup_relation, intermediate_relation) -}}
{%- endmacro %}

{% macro default__get_alter_materialized_view_as_sql(relation, configuration_changes, sql, existing_relation, backup_relation, intermediate_relation) -%}
  {{ exceptions.raise_compiler_error("Materialized views have not been implemented for this adapter.") }}
{%- endmacro %}

{% macro get_materialized_view_configuration_changes(existing_relation, new_config) -%}
  {{- log('Determining configuration changes on: ' ~ existing_relation) -}}
  {%- do return(adapter.dispatch('get_materialized_view_configuration_changes', 'dbt')(existing_relation, new_config)) -%}
{%- endmacro %}

{% macro default__get_materialized_view_configuration_changes(existing_relation, new_config) -%}
  {{ exceptions.raise_compiler_error("Materialized views have not been implemented for this adapter.") }}
{%- endmacro %}

{% macro refresh_materialized_view(relation) -%}
  {{- log('Applying REFRESH to: ' ~ relation) -}}
  {{- adapter.dispatch('refresh_materialized_view', 'dbt')(relation) -}}
{%- endmacro %}

{% macro default__refresh_materialized_view(relation) -%}
  {{ exceptions.raise_compiler_error("`refresh_materialized_view` has not been implemented for this adapter.") }}
{%- endmacro %}
