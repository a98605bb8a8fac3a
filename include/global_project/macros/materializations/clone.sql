{#- `dbt clone` helpers: DuckDB has no zero-copy clone, so clone makes views of the deferred
    relations, as it does on any adapter whose can_clone_table is false. -#}
{% macro can_clone_table() -%}
  {{ return(adapter.dispatch('can_clone_table', 'dbt')()) }}
{%- endmacro %}

{% macro default__can_clone_table() -%}
  {{ return(False) }}
{%- endmacro %}

{% macro create_or_replace_clone(this_relation, defer_relation) -%}
  {{ return(adapter.dispatch('create_or_replace_clone', 'dbt')(this_relation, defer_relation)) }}
{%- endmacro %}

{% macro default__create_or_replace_clone(this_relation, defer_relation) -%}
create or replace table {{ this_relation.render() }} clone {{ defer_relation.render() }}
{%- endmacro %}
