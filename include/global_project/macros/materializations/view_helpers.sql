{#- dbt's create_or_replace_view: the body of a view materialization, for adapters and projects
    whose own view materialization calls it. An existing table of the model's name is handed to
    handle_existing_table (dropped by default). -#}
{% macro create_or_replace_view() -%}
  {%- set identifier = model['alias'] -%}
  {%- set old_relation = adapter.get_relation(database=database, schema=schema, identifier=identifier) -%}
  {%- set exists_as_view = (old_relation is not none and old_relation.is_view) -%}
  {%- set target_relation = api.Relation.create(identifier=identifier, schema=schema, database=database, type='view') -%}
  {%- set grant_config = config.get('grants') -%}
  {{ run_hooks(pre_hooks) }}
  {%- if old_relation is not none and old_relation.is_table -%}
    {{ handle_existing_table(should_full_refresh(), old_relation) }}
  {%- endif -%}
  {%- call statement('main') -%}
    {{ get_create_view_as_sql(target_relation, sql) }}
  {%- endcall -%}
  {%- do apply_grants(target_relation, grant_config, should_revoke=should_revoke(exists_as_view, full_refresh_mode=True)) -%}
  {{ run_hooks(post_hooks) }}
  {{ return({'relations': [target_relation]}) }}
{%- endmacro %}

{% macro handle_existing_table(full_refresh, old_relation) -%}
  {{ adapter.dispatch('handle_existing_table', 'dbt')(full_refresh, old_relation) }}
{%- endmacro %}

{% macro default__handle_existing_table(full_refresh, old_relation) -%}
  {{ log('Dropping relation ' ~ old_relation.render() ~ ' because it is of type ' ~ old_relation.type) }}
  {{ adapter.drop_relation(old_relation) }}
{%- endmacro %}
