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

{#- Sets the model's `sql_header` from a call block; the materialization runs it, on the same
    connection, just before the statement that builds the relation. -#}
{% macro set_sql_header(config) -%}
  {{ config.set('sql_header', caller()) }}
{%- endmacro %}
