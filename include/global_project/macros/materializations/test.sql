{#- dbt's test materialization as a block, for a root project that wraps it in its own
    `{% materialization test %}` (calling dbt.materialization_test_default). Reelhouse runs its
    built-in test materialization otherwise. The test's failing rows are optionally stored (a table
    or view named after the test, in its own schema); the `main` statement then counts them with
    get_test_sql, and its one row (failures, should_warn, should_error) is the test's verdict. -#}
{% materialization test, default %}
  {%- set relations = [] -%}
  {%- set limit = config.get('limit') -%}
  {%- set limited_sql = get_limit_subquery_sql(sql, limit) -%}
  {%- set store_as = config.get('store_failures_as') -%}
  {%- if store_as is none -%}
    {%- set store_as = 'table' if should_store_failures() else 'ephemeral' -%}
  {%- endif -%}
  {%- set store_as = store_as | lower -%}
  {%- if store_as not in ['ephemeral', 'table', 'view'] -%}
    {{ exceptions.raise_compiler_error("'" ~ config.get('store_failures_as') ~ "' is not a valid value for `store_failures_as`. Accepted values are: ['ephemeral', 'table', 'view']") }}
  {%- endif -%}
  {%- if store_as != 'ephemeral' -%}
    {%- set existing = adapter.get_relation(database=model['database'], schema=model['schema'], identifier=model['alias']) -%}
    {%- set stored = api.Relation.create(database=model['database'], schema=model['schema'], identifier=model['alias'], type=store_as) -%}
    {%- if existing -%}{% do adapter.drop_relation(existing) %}{%- endif -%}
    {%- call statement(auto_begin=True) -%}{{ get_create_sql(stored, limited_sql) }}{%- endcall -%}
    {%- do relations.append(stored) -%}
    {%- do adapter.commit() -%}
    {%- set counted_sql = 'select * from ' ~ stored -%}
  {%- else -%}
    {%- set counted_sql = limited_sql -%}
  {%- endif -%}
  {%- call statement('main', fetch_result=True) -%}
    {{ get_test_sql(counted_sql, config.get('fail_calc', 'count(*)'), config.get('warn_if', '!= 0'), config.get('error_if', '!= 0'), none) }}
  {%- endcall -%}
  {{ return({'relations': relations}) }}
{% endmaterialization %}
