{#- `{% call statement('name', fetch_result=True) %}select ...{% endcall %}` sends the SQL in
    the block to the warehouse (only when executing, never while parsing) and keeps the
    response for `load_result('name')`. -#}
{%- macro statement(name=None, fetch_result=False, auto_begin=True, language='sql') -%}
{%- if execute -%}
    {%- set sql_text = caller() -%}
    {#- A materialization block's main statement is its node's SQL in target/run (dbt's write()). -#}
    {%- if name == 'main' and _record_main_sql is defined -%}{%- do _record_main_sql(sql_text) -%}
    {#- Elsewhere dbt's write() still runs: a macro run on its own cannot write, and fails. -#}
    {%- elif name == 'main' -%}{%- do write(sql_text) -%}{%- endif -%}
    {%- set response, rows = adapter.execute(sql_text, auto_begin=auto_begin, fetch=fetch_result) -%}
    {%- if name is not none -%}{{ store_result(name, response=response, agate_table=rows) }}{%- endif -%}
{%- endif -%}
{%- endmacro %}

{#- Records a result under `name` without running anything; the block's SQL is rendered and
    discarded. -#}
{% macro noop_statement(name=None, message=None, code=None, rows_affected=None, res=None) -%}
{%- set _unused = caller() -%}
{%- if name is not none -%}
{{ store_raw_result(name, message=message, code=code, rows_affected=rows_affected, agate_table=res) }}
{%- endif -%}
{%- endmacro %}

{#- `run_query(sql)` runs `sql` and returns its rows as a table (nothing while parsing). The
    engine answers calls itself; this definition is what the manifest lists, and what the
    macros calling it depend on. -#}
{% macro run_query(sql) -%}
{%- call statement('run_query_statement', fetch_result=true, auto_begin=false) -%}{{ sql }}{%- endcall -%}
{{ return(load_result('run_query_statement').table) }}
{%- endmacro %}
