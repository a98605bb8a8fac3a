{#- dbt-duckdb's comment statements for persist_docs (DuckDB comments relations and columns
    as Postgres does). -#}
{#- A comment as a dollar-quoted literal, so any text but the tag itself goes in unescaped. -#}
{% macro duckdb_escape_comment(comment) -%}
  {%- if comment is not string -%}
    {%- do exceptions.raise_compiler_error('cannot escape a non-string: ' ~ comment) -%}
  {%- endif -%}
  {%- set tag = '$dbt_comment_literal_block$' -%}
  {%- if tag in comment -%}
    {%- do exceptions.raise_compiler_error('The string ' ~ tag ~ ' is not allowed in comments.') -%}
  {%- endif -%}
  {{ tag }}{{ comment }}{{ tag }}
{%- endmacro %}

{% macro duckdb__alter_relation_comment(relation, comment) -%}
comment on {{ 'view' if relation.type == 'view' else 'table' }} {{ relation }} is {{ duckdb_escape_comment(comment) }};
{%- endmacro %}

{% macro duckdb__alter_column_comment(relation, column_dict) -%}
  {%- set existing = adapter.get_columns_in_relation(relation) | map(attribute='name') | list -%}
  {%- for name in column_dict if name in existing %}
comment on column {{ relation }}.{{ adapter.quote(name) if column_dict[name]['quote'] else name }} is {{ duckdb_escape_comment(column_dict[name]['description']) }};
  {%- endfor -%}
{%- endmacro %}
