{#- dbt-duckdb's file helpers, for project macros and materializations written against them. -#}

{#- True when DuckDB can read `location` (a file, a glob, a URL). -#}
{% macro location_exists(location) -%}
{{ return(adapter.location_exists(location)) }}
{%- endmacro %}

{#- Writes `relation` to `location` with COPY; `options` is a COPY option list, as
    adapter.external_write_options returns it. -#}
{% macro write_to_file(relation, location, options) -%}
{% call statement('write_to_file') -%}
copy {{ relation }} to '{{ location }}' ({{ options }})
{%- endcall %}
{%- endmacro %}

{#- The model's write options: `options`, each value rendered, plus the older top-level
    `format` and `delimiter` configs. -#}
{% macro render_write_options(config) -%}
{%- set options = config.get('options', {}) -%}
{%- for key in options -%}
  {%- do options.update({key: render(options[key])}) -%}
{%- endfor -%}
{%- if config.get('format') -%}{%- do options.update({'format': render(config.get('format'))}) -%}{%- endif -%}
{%- if config.get('delimiter') -%}{%- do options.update({'delimiter': render(config.get('delimiter'))}) -%}{%- endif -%}
{{ return(options) }}
{%- endmacro %}
