{#- Helpers incremental strategy macros (get_incremental_<name>_sql) call, as dbt's global project has them. -#}

{#- The column names quoted for the adapter and joined with commas, for an insert's column list. -#}
{% macro get_quoted_csv(column_names) -%}
  {%- set quoted = [] -%}
  {%- for name in column_names -%}
    {%- do quoted.append(adapter.quote(name)) -%}
  {%- endfor -%}
  {{- return(quoted | join(', ')) -}}
{%- endmacro %}

{#- The columns of `source_columns` whose name `target_columns` lacks (names only, not types). -#}
{% macro diff_columns(source_columns, target_columns) -%}
  {%- set target_names = target_columns | map(attribute='name') | list -%}
  {%- set missing = [] -%}
  {%- for column in source_columns -%}
    {%- if column.name not in target_names -%}{%- do missing.append(column) -%}{%- endif -%}
  {%- endfor -%}
  {{- return(missing) -}}
{%- endmacro %}

{#- For each column both lists hold whose type differs (and cannot simply widen), the
    {column_name, new_type} change that gives the target the source's type. -#}
{% macro diff_column_data_types(source_columns, target_columns) -%}
  {%- set changes = [] -%}
  {%- for column in source_columns -%}
    {%- set counterpart = target_columns | selectattr('name', 'equalto', column.name) | list | first -%}
    {%- if counterpart and column.data_type != counterpart.data_type and not column.can_expand_to(counterpart) -%}
      {%- do changes.append({'column_name': counterpart.name, 'new_type': column.data_type}) -%}
    {%- endif -%}
  {%- endfor -%}
  {{- return(changes) -}}
{%- endmacro %}
