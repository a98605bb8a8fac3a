{#- Equality of two expressions for use in a WHERE or ON clause. With the project flag
    `enable_truthy_nulls_equals_macro`, two nulls count as equal (incremental merges and
    snapshots match null keys); without it, this is plain `=`. -#}
{% macro equals(expr1, expr2) -%}
{{ return(adapter.dispatch('equals', 'dbt')(expr1, expr2)) }}
{%- endmacro %}

{% macro default__equals(expr1, expr2) -%}
{%- if adapter.behavior.enable_truthy_nulls_equals_macro.no_warn -%}
(({{ expr1 }}) is not distinct from ({{ expr2 }}))
{%- else -%}
({{ expr1 }} = {{ expr2 }})
{%- endif -%}
{%- endmacro %}
