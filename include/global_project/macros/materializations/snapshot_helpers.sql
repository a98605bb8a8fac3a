{#- Helpers a custom snapshot strategy (a `snapshot_<name>_strategy` macro) calls. -#}

{#- The hash identifying a snapshot row version: md5 of the parts as text, NULL as '', joined by '|'
    (the value Reelhouse's built-in strategies write to dbt_scd_id). -#}
{% macro snapshot_hash_arguments(args) -%}
  {{ return(adapter.dispatch('snapshot_hash_arguments', 'dbt')(args)) }}
{%- endmacro %}

{% macro default__snapshot_hash_arguments(args) -%}
  md5({%- for arg in args -%}coalesce(cast({{ arg }} as varchar), ''){% if not loop.last %} || '|' || {% endif %}{%- endfor -%})
{%- endmacro %}
