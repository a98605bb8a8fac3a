{#- Helpers a materialization block calls, as dbt's global project has them. -#}

{#- Runs the hooks (`pre_hooks` / `post_hooks`) whose `transaction` matches `inside_transaction`,
    each rendered in the model's context. -#}
{% macro run_hooks(hooks, inside_transaction=True) -%}
  {%- for hook in hooks -%}
    {%- if hook.transaction == inside_transaction -%}
      {%- set rendered = render(hook.sql) | trim -%}
      {%- if (rendered | length) > 0 -%}
        {%- call statement(auto_begin=inside_transaction) -%}
          {{ rendered }}
        {%- endcall -%}
      {%- endif -%}
    {%- endif -%}
  {%- endfor -%}
{%- endmacro %}

{#- Reelhouse writes no relation or column comments, as its built-in materializations do not. -#}
{% macro persist_docs(relation, model, for_relation=true, for_columns=true) -%}
{%- endmacro %}

{#- DuckDB has no grants: accepted and ignored. -#}
{% macro apply_grants(relation, grant_config, should_revoke=true) -%}
{%- endmacro %}

{% macro should_revoke(existing_relation, full_refresh_mode=True) -%}
  {%- if not existing_relation -%}
    {{ return(False) }}
  {%- elif full_refresh_mode -%}
    {{ return(True) }}
  {%- else -%}
    {{ return(False) }}
  {%- endif -%}
{%- endmacro %}

{#- The model's `indexes` config: DuckDB adapters create none, as dbt-duckdb does not. -#}
{% macro create_indexes(relation) -%}
  {{ adapter.dispatch('create_indexes', 'dbt')(relation) }}
{%- endmacro %}

{% macro default__create_indexes(relation) -%}
  {%- for index_dict in config.get('indexes', default=[]) -%}
    {%- set create_index_sql = get_create_index_sql(relation, index_dict) -%}
    {%- if create_index_sql -%}{%- do run_query(create_index_sql) -%}{%- endif -%}
  {%- endfor -%}
{%- endmacro %}

{% macro get_create_index_sql(relation, index_dict) -%}
  {{ return(adapter.dispatch('get_create_index_sql', 'dbt')(relation, index_dict)) }}
{%- endmacro %}

{% macro default__get_create_index_sql(relation, index_dict) -%}
  {{ return(None) }}
{%- endmacro %}

{#- Sets the model's `sql_header` from a call block; the materialization runs it, on the same
    connection, just before the statement that builds the relation. -#}
{% macro set_sql_header(config) -%}
  {{ config.set('sql_header', caller()) }}
{%- endmacro %}
