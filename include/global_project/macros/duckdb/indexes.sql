{#- dbt-duckdb's helper for replacing a table: drops the indexes DuckDB keeps on it (a table
    with indexes cannot be renamed). -#}
{% macro drop_indexes_on_relation(relation) -%}
  {%- call statement('get_indexes_on_relation', fetch_result=True) -%}
    select index_name
    from duckdb_indexes()
    where schema_name = '{{ relation.schema }}'
      and table_name = '{{ relation.identifier }}'
    {%- if relation.database %}
      and database_name = '{{ relation.database }}'
    {%- endif %}
  {%- endcall -%}
  {%- for row in load_result('get_indexes_on_relation').table -%}
    {%- call statement('drop_index_' ~ loop.index, auto_begin=false) -%}
      drop index {{ relation.include(identifier=false) }}.{{ adapter.quote(row[0]) }}
    {%- endcall -%}
  {%- endfor -%}
{%- endmacro %}
