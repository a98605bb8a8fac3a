{#- dbt's hook helpers for a model's pre_hook / post_hook config: each renders the hook as the JSON
    object {"sql": ..., "transaction": ...} that the config reads back, so `before_begin(sql)` and
    `after_commit(sql)` run outside the model's transaction and `in_transaction(sql)` inside it.
    Use: config(post_hook=after_commit("vacuum {{ this }}")) -#}
{% macro make_hook_config(sql, inside_transaction) -%}
    {{ tojson({"sql": sql, "transaction": inside_transaction}) }}
{%- endmacro %}

{% macro before_begin(sql) -%}
    {{ make_hook_config(sql, inside_transaction=False) }}
{%- endmacro %}

{% macro in_transaction(sql) -%}
    {{ make_hook_config(sql, inside_transaction=True) }}
{%- endmacro %}

{% macro after_commit(sql) -%}
    {{ make_hook_config(sql, inside_transaction=False) }}
{%- endmacro %}
