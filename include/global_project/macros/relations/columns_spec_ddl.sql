{#- An enforced model contract in DDL: the check that the query's columns match the YAML's (names
    and types), and the column list with its constraints that the table is created with. -#}
{%- macro get_table_columns_and_constraints() -%}
  {{ adapter.dispatch('get_table_columns_and_constraints', 'dbt')() }}
{%- endmacro -%}

{% macro default__get_table_columns_and_constraints() -%}
  {{ return(table_columns_and_constraints()) }}
{%- endmacro %}

{%- macro get_columns_and_constraints_clause(sql) -%}
  {{ adapter.dispatch('get_columns_and_constraints_clause', 'dbt')(sql) }}
{%- endmacro -%}

{% macro default__get_columns_and_constraints_clause(sql) -%}
  {{ get_assert_columns_equivalent(sql) }}
  {{ get_table_columns_and_constraints() }}
{%- endmacro %}

{#- One constraint as a column clause (`not null`, `check (...)`...), or '' for one a column
    cannot carry. -#}
{% macro contract_column_constraint_sql(constraint) -%}
  {%- set kind = constraint.get('type') -%}
  {%- set expression = constraint.get('expression') -%}
  {%- if kind == 'not_null' -%}not null
  {%- elif kind == 'unique' -%}unique
  {%- elif kind == 'primary_key' -%}primary key
  {%- elif kind == 'check' and expression -%}check ({{ expression }})
  {%- elif kind == 'foreign_key' and constraint.get('to') and constraint.get('to_columns') -%}references {{ constraint.get('to') }} ({{ constraint.get('to_columns') | join(', ') }})
  {%- elif kind == 'foreign_key' and expression -%}references {{ expression }}
  {%- elif kind == 'custom' and expression -%}{{ expression }}
  {%- endif -%}
{%- endmacro %}

{#- One model-level constraint as a table clause, named when it has a name. -#}
{% macro contract_model_constraint_sql(constraint) -%}
  {%- set kind = constraint.get('type') -%}
  {%- set expression = constraint.get('expression') -%}
  {%- set columns = constraint.get('columns') or [] -%}
  {%- set body -%}
    {%- if kind == 'check' and expression -%}check ({{ expression }})
    {%- elif kind == 'unique' and columns -%}unique ({{ columns | join(', ') }})
    {%- elif kind == 'primary_key' and columns -%}primary key ({{ columns | join(', ') }})
    {%- elif kind == 'foreign_key' and columns and constraint.get('to') and constraint.get('to_columns') -%}foreign key ({{ columns | join(', ') }}) references {{ constraint.get('to') }} ({{ constraint.get('to_columns') | join(', ') }})
    {%- elif kind == 'foreign_key' and columns and expression -%}foreign key ({{ columns | join(', ') }}) references {{ expression }}
    {%- elif kind == 'custom' and expression -%}{{ expression }}
    {%- endif -%}
  {%- endset -%}
  {%- if body and constraint.get('name') -%}constraint {{ constraint.get('name') }} {% endif -%}{{ body }}
{%- endmacro %}

{#- `(name type constraints, ..., model constraints)` from the model's YAML columns. -#}
{% macro table_columns_and_constraints() -%}
  {%- set clauses = [] -%}
  {%- for key in model['columns'] -%}
    {%- set column = model['columns'][key] -%}
    {%- set parts = [adapter.quote(column['name']) if column.get('quote') else column['name'], column['data_type']] -%}
    {%- for constraint in column.get('constraints') or [] -%}
      {%- set rendered = contract_column_constraint_sql(constraint) | trim -%}
      {%- if rendered -%}{%- do parts.append(rendered) -%}{%- endif -%}
    {%- endfor -%}
    {%- do clauses.append(parts | join(' ')) -%}
  {%- endfor -%}
  {%- for constraint in model.get('constraints') or [] -%}
    {%- set rendered = contract_model_constraint_sql(constraint) | trim -%}
    {%- if rendered -%}{%- do clauses.append(rendered) -%}{%- endif -%}
  {%- endfor %}
    (
    {%- for clause in clauses %}
      {{ clause }}{{ ',' if not loop.last }}
    {%- endfor %}
    )
{%- endmacro %}

{%- macro get_assert_columns_equivalent(sql) -%}
  {{ adapter.dispatch('get_assert_columns_equivalent', 'dbt')(sql) }}
{%- endmacro -%}

{% macro default__get_assert_columns_equivalent(sql) -%}
  {{ return(assert_columns_equivalent(sql)) }}
{%- endmacro %}

{#- Raises dbt's contract error unless the query returns exactly the YAML's columns, each with
    the YAML's type (compared as the database reports both). -#}
{% macro assert_columns_equivalent(sql) -%}
  {%- set declared = model['columns'] -%}
  {%- if not declared -%}
    {{ exceptions.raise_contract_error([], []) }}
  {%- endif -%}
  {%- set sql_columns = format_columns(get_column_schema_from_query(sql, config.get('sql_header', none))) -%}
  {%- set yaml_columns = format_columns(get_column_schema_from_query(get_empty_schema_sql(declared))) -%}
  {%- if sql_columns | length != yaml_columns | length -%}
    {%- do exceptions.raise_contract_error(yaml_columns, sql_columns) -%}
  {%- endif -%}
  {%- for sql_column in sql_columns -%}
    {%- set match = yaml_columns | selectattr('name', 'equalto', sql_column['name']) | list -%}
    {%- if not match or match[0]['formatted'] != sql_column['formatted'] -%}
      {%- do exceptions.raise_contract_error(yaml_columns, sql_columns) -%}
    {%- endif -%}
  {%- endfor -%}
{%- endmacro %}

{% macro format_columns(columns) -%}
  {%- set formatted = [] -%}
  {%- for column in columns -%}
    {%- do formatted.append(adapter.dispatch('format_column', 'dbt')(column)) -%}
  {%- endfor -%}
  {{ return(formatted) }}
{%- endmacro %}

{% macro default__format_column(column) -%}
  {{ return({'name': column.name, 'data_type': column.dtype, 'formatted': column.column.lower() ~ ' ' ~ column.dtype}) }}
{%- endmacro %}
