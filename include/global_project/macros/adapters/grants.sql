{#- dbt's `grants` config: the GRANT / REVOKE statements that bring a relation's privileges to
    the configured ones. DuckDB has no privileges, so on DuckDB apply_grants only warns that a
    configured grant is ignored (as dbt-duckdb does); the statement builders stay callable. -#}

{#- Whether a replaced relation keeps its old grants (so they must be shown and diffed first). -#}
{% macro copy_grants() -%}
  {{ return(adapter.dispatch('copy_grants', 'dbt')()) }}
{%- endmacro %}

{% macro default__copy_grants() -%}
  {{ return(True) }}
{%- endmacro %}

{#- Whether one statement may name several grantees. -#}
{% macro support_multiple_grantees_per_dcl_statement() -%}
  {{ return(adapter.dispatch('support_multiple_grantees_per_dcl_statement', 'dbt')()) }}
{%- endmacro %}

{% macro default__support_multiple_grantees_per_dcl_statement() -%}
  {{ return(True) }}
{%- endmacro %}

{#- Whether grants the relation may already carry must be revoked: not for a new relation; for a
    replaced one when grants carry over (copy_grants); always for one changed in place. -#}
{% macro should_revoke(existing_relation, full_refresh_mode=True) -%}
  {%- if not existing_relation -%}
    {{ return(False) }}
  {%- elif full_refresh_mode -%}
    {{ return(copy_grants()) }}
  {%- else -%}
    {{ return(True) }}
  {%- endif -%}
{%- endmacro %}

{% macro get_show_grant_sql(relation) -%}
  {{ return(adapter.dispatch('get_show_grant_sql', 'dbt')(relation)) }}
{%- endmacro %}

{% macro default__get_show_grant_sql(relation) -%}
show grants on {{ relation.render() }}
{%- endmacro %}

{#- The grantees as the statements name them (unchanged by default). -#}
{% macro quote_grantees(grantees) -%}
  {{ return(adapter.dispatch('quote_grantees', 'dbt')(grantees)) }}
{%- endmacro %}

{% macro default__quote_grantees(grantees) -%}
  {{ return(grantees) }}
{%- endmacro %}

{% macro get_grant_sql(relation, privilege, grantees) -%}
  {{ return(adapter.dispatch('get_grant_sql', 'dbt')(relation, privilege, grantees)) }}
{%- endmacro %}

{% macro default__get_grant_sql(relation, privilege, grantees) -%}
grant {{ privilege }} on {{ relation.render() }} to {{ quote_grantees(grantees) | join(', ') }}
{%- endmacro %}

{% macro get_revoke_sql(relation, privilege, grantees) -%}
  {{ return(adapter.dispatch('get_revoke_sql', 'dbt')(relation, privilege, grantees)) }}
{%- endmacro %}

{% macro default__get_revoke_sql(relation, privilege, grantees) -%}
revoke {{ privilege }} on {{ relation.render() }} from {{ quote_grantees(grantees) | join(', ') }}
{%- endmacro %}

{#- One statement per privilege (all its grantees), or per privilege and grantee where the
    database takes one grantee at a time; `get_dcl_macro` is get_grant_sql or get_revoke_sql. -#}
{% macro get_dcl_statement_list(relation, grant_config, get_dcl_macro) -%}
  {{ return(adapter.dispatch('get_dcl_statement_list', 'dbt')(relation, grant_config, get_dcl_macro)) }}
{%- endmacro %}

{% macro default__get_dcl_statement_list(relation, grant_config, get_dcl_macro) -%}
  {%- set statements = [] -%}
  {%- for privilege, grantees in grant_config.items() -%}
    {%- if support_multiple_grantees_per_dcl_statement() and grantees -%}
      {%- do statements.append(get_dcl_macro(relation, privilege, grantees)) -%}
    {%- else -%}
      {%- for grantee in grantees -%}
        {%- do statements.append(get_dcl_macro(relation, privilege, [grantee])) -%}
      {%- endfor -%}
    {%- endif -%}
  {%- endfor -%}
  {{ return(statements) }}
{%- endmacro %}

{% macro call_dcl_statements(dcl_statement_list) -%}
  {{ return(adapter.dispatch('call_dcl_statements', 'dbt')(dcl_statement_list)) }}
{%- endmacro %}

{#- All the statements in one block, each ended by a semicolon. -#}
{% macro default__call_dcl_statements(dcl_statement_list) -%}
  {%- call statement('grants') -%}
    {%- for dcl in dcl_statement_list %}
    {{ dcl }};
    {%- endfor %}
  {%- endcall -%}
{%- endmacro %}

{% macro apply_grants(relation, grant_config, should_revoke=True) -%}
  {{ return(adapter.dispatch('apply_grants', 'dbt')(relation, grant_config, should_revoke)) }}
{%- endmacro %}

{#- Grants what is configured and not held, revokes what is held and not configured (the held
    grants are read only when they may have carried over). -#}
{% macro default__apply_grants(relation, grant_config, should_revoke=True) -%}
  {%- if grant_config -%}
    {%- if should_revoke -%}
      {%- set held = adapter.standardize_grants_dict(run_query(get_show_grant_sql(relation))) -%}
      {%- set to_grant = diff_of_two_dicts(grant_config, held) -%}
      {%- set to_revoke = diff_of_two_dicts(held, grant_config) -%}
      {%- if not (to_grant or to_revoke) -%}
        {%- do log('On ' ~ relation.render() ~ ': All grants are in place, no revocation or granting needed.') -%}
      {%- endif -%}
    {%- else -%}
      {%- set to_grant = grant_config -%}
      {%- set to_revoke = {} -%}
    {%- endif -%}
    {%- if to_grant or to_revoke -%}
      {%- set statements = get_dcl_statement_list(relation, to_revoke, get_revoke_sql) + get_dcl_statement_list(relation, to_grant, get_grant_sql) -%}
      {%- if statements -%}
        {{ call_dcl_statements(statements) }}
      {%- endif -%}
    {%- endif -%}
  {%- endif -%}
{%- endmacro %}

{% macro duckdb__apply_grants(relation, grant_config, should_revoke=True) -%}
  {%- if grant_config -%}
    {%- do adapter.warn_once('Grants for relations are not supported by DuckDB') -%}
  {%- endif -%}
{%- endmacro %}
