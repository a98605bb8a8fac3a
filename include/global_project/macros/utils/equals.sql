{#- Equality of two expressions for use in a WHERE or ON clause. With the project flag
    `enable_truthy_nulls_equals_macro`, two nulls count as equal (incremental merges and
    snapshots match null keys); without it, this is plain `=`. The text is dbt's, line breaks
    included. -#}
{% macro equals(expr1, expr2) -%}
{{ return(adapter.dispatch('equals', 'dbt')(expr1, expr2)) }}
{%- endmacro %}

{% macro default__equals(expr1, expr2) -%}
{%- if adapter.behavior.enable_truthy_nulls_equals_macro.no_warn -%}
{{ '\n    ' }}case when (({{ expr1 }} = {{ expr2 }}) or ({{ expr1 }} is null and {{ expr2 }} is null))
        then 0
        else 1
    end = 0
{%- else -%}
({{ expr1 }} = {{ expr2 }})
{%- endif -%}
{{ '\n' }}
{%- endmacro %}
