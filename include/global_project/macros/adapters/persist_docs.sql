{#- dbt's `persist_docs` config for a materialization written as a macro: the model's description
    as the relation's comment and its documented columns' descriptions as column comments.
    (Reelhouse's own materializations write the same comments themselves.) -#}
{#- The renderer variant (newer dbt) is handed on only when given, so that two- and four-argument
    implementations keep working. -#}
{% macro persist_docs(relation, model, for_relation=true, for_columns=true, column_comment_renderer_variant=none) -%}
  {%- if column_comment_renderer_variant is none -%}
    {{ return(adapter.dispatch('persist_docs', 'dbt')(relation, model, for_relation, for_columns)) }}
  {%- endif -%}
  {{ return(adapter.dispatch('persist_docs', 'dbt')(relation, model, for_relation, for_columns, column_comment_renderer_variant)) }}
{%- endmacro %}

{% macro default__persist_docs(relation, model, for_relation, for_columns) -%}
  {%- if for_relation and config.persist_relation_docs() and model.description -%}
    {%- do run_query(alter_relation_comment(relation, model.description)) -%}
  {%- endif -%}
  {%- if for_columns and config.persist_column_docs() and model.columns -%}
    {%- set existing = adapter.get_columns_in_relation(relation) | map(attribute='name') | list -%}
    {%- set documented = validate_doc_columns(relation, model.columns, existing) -%}
    {%- set sql = alter_column_comment(relation, documented) -%}
    {%- if sql and sql | trim | length > 0 -%}
      {%- do run_query(sql) -%}
    {%- endif -%}
  {%- endif -%}
{%- endmacro %}

{#- The documented columns the relation has (a quoted name must match exactly, others in any
    case); the others are named in a warning. -#}
{% macro validate_doc_columns(relation, column_dict, existing_column_names) -%}
  {%- set lowered = existing_column_names | map('lower') | list -%}
  {%- set kept = {} -%}
  {%- set missing = [] -%}
  {%- for name in column_dict -%}
    {%- set present = (name in existing_column_names) if column_dict[name]['quote'] else (name | lower in lowered) -%}
    {%- if present -%}{%- do kept.update({name: column_dict[name]}) -%}{%- else -%}{%- do missing.append(name) -%}{%- endif -%}
  {%- endfor -%}
  {%- if missing -%}
    {%- do exceptions.warn('In relation ' ~ relation.render() ~ ': The following columns are specified in the schema but are not present in the database: ' ~ missing | join(', ')) -%}
  {%- endif -%}
  {{ return(kept) }}
{%- endmacro %}

{% macro alter_relation_comment(relation, relation_comment) -%}
  {{ return(adapter.dispatch('alter_relation_comment', 'dbt')(relation, relation_comment)) }}
{%- endmacro %}

{% macro default__alter_relation_comment(relation, relation_comment) -%}
  {{ exceptions.raise_not_implemented('alter_relation_comment macro not implemented for adapter ' + adapter.type()) }}
{%- endmacro %}

{% macro alter_column_comment(relation, column_dict, renderer_variant=none) -%}
  {%- if renderer_variant is none -%}
    {{ return(adapter.dispatch('alter_column_comment', 'dbt')(relation, column_dict)) }}
  {%- endif -%}
  {{ return(adapter.dispatch('alter_column_comment', 'dbt')(relation, column_dict, renderer_variant)) }}
{%- endmacro %}

{% macro default__alter_column_comment(relation, column_dict) -%}
  {{ exceptions.raise_not_implemented('alter_column_comment macro not implemented for adapter ' + adapter.type()) }}
{%- endmacro %}
