{#- Date helpers from dbt's global project: a timestamp string for unique names, and the days of
    a range (as `partition_range` takes them, 'YYYYMMDD[,YYYYMMDD]'). -#}
{% macro py_current_timestring() -%}
  {{ return(modules.datetime.datetime.now().strftime('%Y%m%d%H%M%S%f')) }}
{%- endmacro %}

{% macro convert_datetime(date_str, date_fmt) -%}
  {{ return(modules.datetime.datetime.strptime(date_str, date_fmt)) }}
{%- endmacro %}

{#- Every date from start to end inclusive, formatted as `out_fmt`. -#}
{% macro dates_in_range(start_date_str, end_date_str=none, in_fmt="%Y%m%d", out_fmt="%Y%m%d") -%}
  {%- set end_date_str = start_date_str if end_date_str is none else end_date_str -%}
  {%- set start_date = convert_datetime(start_date_str, in_fmt) -%}
  {%- set end_date = convert_datetime(end_date_str, in_fmt) -%}
  {%- set day_count = (end_date - start_date).days -%}
  {%- if day_count < 0 -%}
    {%- do exceptions.raise_compiler_error("Partition start date is after the end date ({}, {})".format(start_date, end_date)) -%}
  {%- endif -%}
  {%- set days = [] -%}
  {%- for i in range(0, day_count + 1) -%}
    {%- do days.append((start_date + modules.datetime.timedelta(days=i)).strftime(out_fmt)) -%}
  {%- endfor -%}
  {{ return(days) }}
{%- endmacro %}

{% macro partition_range(raw_partition_date, date_fmt='%Y%m%d') -%}
  {%- set parts = raw_partition_date.split(',') -%}
  {%- if parts | length == 1 -%}
    {{ return(dates_in_range(parts[0] | trim, in_fmt=date_fmt)) }}
  {%- elif parts | length == 2 -%}
    {{ return(dates_in_range(parts[0] | trim, parts[1] | trim, in_fmt=date_fmt)) }}
  {%- else -%}
    {{ exceptions.raise_compiler_error("Invalid partition time. Expected format: {Start Date}[,{End Date}]. Got: " ~ raw_partition_date) }}
  {%- endif -%}
{%- endmacro %}
