"""Macro code in the shapes dbt packages use: key hashing, star, unions, spines, pivots."""
from _case import case, block

AREA = 'dbt_macros'

REL_USERS = {'name': 'raw.users_eu', 'columns': [{'name': 'id', 'data_type': 'integer'}, {'name': 'email', 'data_type': 'varchar'}, {'name': 'signup_at', 'data_type': 'timestamp'}]}
REL_US = {'name': 'raw.users_us', 'columns': [{'name': 'id', 'data_type': 'integer'}, {'name': 'email', 'data_type': 'varchar'}, {'name': 'state', 'data_type': 'varchar'}]}
REL_APAC = {'name': 'raw.users_apac', 'columns': [{'name': 'ID', 'data_type': 'bigint'}, {'name': 'region', 'data_type': 'varchar'}]}

CASES = [
    case('surrogate_key', block('''
        {%- macro as_text(expr) -%}cast({{ expr }} as varchar){%- endmacro -%}
        {%- macro digest(sql) -%}md5({{ sql }}){%- endmacro -%}

        {%- macro row_key(columns) -%}
            {%- if columns is string -%}
                {%- set columns = [columns] + varargs | list -%}
            {%- elif varargs -%}
                {%- set columns = columns + varargs | list -%}
            {%- endif -%}
            {%- set parts = [] -%}
            {%- for col in columns -%}
                {%- do parts.append("coalesce(" ~ as_text(col) ~ ", '~')") -%}
                {%- if loop.last and loop.length > 1 -%}
                    {%- do parts.append("'#" ~ loop.length ~ "'") -%}
                {%- endif -%}
            {%- endfor -%}
            {{ digest(parts | join(" || '|' || ")) }}
        {%- endmacro -%}

        select
            {{ row_key(['account_id', 'device_id', 'started_at']) }} as session_key,
            {{ row_key('show_id') }} as show_key,
            {{ row_key('region', 'plan') }} as segment_key,
            {{ row_key(['a'], 'b', 'c') }} as mixed_key,
            *
        from {{ source_table }}
        '''), context={'source_table': 'raw.sessions'}),
    case('star_columns', block('''
        {%- macro ident(name, quoted) -%}{{ '"' ~ name ~ '"' if quoted else name }}{%- endmacro -%}

        {%- macro select_list(columns, exclude=[], table_alias=none, prefix='', suffix='', quoted=true) -%}
            {%- set skip = exclude | map('lower') | list -%}
            {%- set chosen = [] -%}
            {%- for col in columns if col | lower not in skip -%}
                {%- do chosen.append(col) -%}
            {%- endfor -%}
            {%- if not chosen -%}*{%- endif -%}
            {%- for col in chosen -%}
                {%- set renamed = prefix ~ col ~ suffix -%}
                {{ table_alias ~ '.' if table_alias }}{{ ident(col, quoted) }}
                {%- if renamed != col %} as {{ ident(renamed, quoted) }}{% endif -%}
                {{ ',\\n    ' if not loop.last }}
            {%- endfor -%}
        {%- endmacro -%}

        select
            {{ select_list(cols, exclude=['_LOADED_AT', 'password_hash']) }}
        from accounts;

        select
            {{ select_list(cols, exclude=['password_hash'], table_alias='a', prefix='acct_', quoted=false) }}
        from accounts as a;

        select {{ select_list(cols, exclude=cols) }} from accounts;
        select {{ select_list(cols[1:3], suffix='_prev') }} from accounts
        '''), context={'cols': ['id', 'email', 'password_hash', '_loaded_at']}),
    case('union_relations', block('''
        {%- macro stacked(relations, type_overrides=none, only=[], origin_column='_source_relation') -%}
            {%- set overrides = type_overrides or {} -%}
            {%- set types = {} -%}
            {%- set order = [] -%}
            {%- set present = {} -%}
            {%- for rel in relations -%}
                {%- set seen = [] -%}
                {%- for col in rel.columns -%}
                    {%- set key = col.name | lower -%}
                    {%- if only and key not in only -%}{%- continue -%}{%- endif -%}
                    {%- do seen.append(key) -%}
                    {%- if key not in types -%}
                        {%- do types.update({key: overrides.get(key, col.data_type)}) -%}
                        {%- do order.append(key) -%}
                    {%- endif -%}
                {%- endfor -%}
                {%- do present.update({rel.name: seen}) -%}
            {%- endfor -%}
            {%- for rel in relations %}
        select
            '{{ rel.name }}'::varchar as {{ origin_column }}
            {%- for key in order %},
            {{ key if key in present[rel.name] else 'null' }}::{{ types[key] }} as {{ key }}
            {%- endfor %}
        from {{ rel.name }}
            {%- if not loop.last %}
        union all
            {%- endif %}
            {%- endfor %}
        {%- endmacro -%}

        {{ stacked(relations, type_overrides={'id': 'bigint'}) }};
        {{ stacked(relations[1:], only=['id', 'email'], origin_column='src') }}
        '''), context={'relations': [REL_USERS, REL_US, REL_APAC]}),
    case('union_relations_include_and_name', block('''
        {%- macro unioned(relations, include=[]) -%}
        {%- set ns = namespace(cols=[]) -%}
        {%- for r in relations -%}
          {%- for c in r.columns | map(attribute='name') | map('lower') if not include or c in include -%}
            {%- if c not in ns.cols %}{% set ns.cols = ns.cols + [c] %}{% endif -%}
          {%- endfor -%}
        {%- endfor -%}
        {%- for r in relations %}
        select '{{ r.name }}' as _dbt_source_relation, {% for c in ns.cols -%}
          {{ c if c in (r.columns | map(attribute='name') | map('lower') | list) else 'null' }} as {{ c }}{{ ', ' if not loop.last }}
        {%- endfor %} from {{ r.name }}
        {%- if not loop.last %}
        union all
        {%- endif %}
        {%- endfor %}
        {%- endmacro -%}
        {{ unioned(relations, include=['id', 'region', 'email']) }}
        '''), context={'relations': [REL_USERS, REL_APAC]}),
    case('date_spine', block('''
        {%- macro digit_count(n) -%}
            {%- set state = namespace(digits=1) -%}
            {%- for _ in range(18) -%}
                {%- if 10 ** state.digits < n %}{% set state.digits = state.digits + 1 %}{% endif -%}
            {%- endfor -%}
            {{ state.digits }}
        {%- endmacro -%}

        {%- macro offset_expr(width) -%}
            {%- for d in range(width) %}{{ ' + ' if not loop.first }}d{{ d }}.v * {{ 10 ** d }}{% endfor -%}
        {%- endmacro -%}

        {%- macro numbers(n) -%}
            {%- set width = digit_count(n) | int -%}
            select {{ offset_expr(width) }} as k
            from {% for d in range(width) -%}
                (values (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) as d{{ d }}(v){{ ',\\n         ' if not loop.last }}
            {%- endfor %}
            where {{ offset_expr(width) }} < {{ n }}
        {%- endmacro -%}

        {%- macro shift(unit, amount, start) -%}
            ({{ start }} + {{ amount }} * interval '1 {{ unit }}')
        {%- endmacro -%}

        {%- macro calendar(unit, first_day, last_day, first_date, last_date) -%}
            {%- set lengths = {'day': 1, 'week': 7, 'month': 30} -%}
            {%- set steps = ((last_day - first_day) / lengths[unit]) | round(0, 'ceil') | int -%}
            {%- set start = "date '" ~ first_date ~ "'" -%}
            -- {{ steps }} steps of one {{ unit }}
            select {{ shift(unit, 'k', start) }} as {{ unit }}_start
            from (
                {{ numbers(steps) }}
            ) as offsets
            where {{ shift(unit, 'k', start) }} < date '{{ last_date }}'
            order by 1
        {%- endmacro -%}

        {{ calendar('week', 0, 45, '2023-01-01', '2023-02-15') }};
        {{ calendar('day', 0, 120, '2023-01-01', '2023-05-01') }}
        ''')),
    case('pivot', block('''
        {%- macro spread(column, values, agg='sum', op='=', then_value=1, else_value=0, name_prefix='', name_suffix='', quote_names=true, distinct=false, alias=true) -%}
            {%- for value in values %}
            {%- set literal = "'" ~ value | replace("'", "''") ~ "'" -%}
            {%- set name = name_prefix ~ value ~ name_suffix %}
            {{ agg }}({{ 'distinct ' if distinct }}case when {{ column }} {{ op }} {{ literal }} then {{ then_value }} else {{ else_value }} end)
            {%- if alias %} as {{ '"' ~ name ~ '"' if quote_names else name | lower | replace(' ', '_') | replace("'", '') }}{% endif %}
            {{- ',' if not loop.last }}
            {%- endfor %}
        {%- endmacro -%}

        select
            account_id,
            {{- spread('payment_method', methods, name_suffix='_total', then_value='amount') }}
        from payments
        group by account_id;

        select
            {{- spread('device', ["Smart TV", "kid's tablet"], agg='max', else_value='null', name_prefix='seen_on_', quote_names=false, distinct=true) }}
        from sessions;

        select {{ spread('tier', ['gold'], alias=false, op='<>') | trim }} from accounts
        '''), context={'methods': ['credit_card', 'coupon', 'bank_transfer', 'gift_card']}),
    case('collect_columns_with_do', block('''
        {% set cols = [] %}
        {% for c in columns %}
            {% if c.data_type in ('integer', 'bigint', 'double') %}
                {% do cols.append('sum(' ~ c.name ~ ') as total_' ~ c.name) %}
            {% endif %}
        {% endfor %}
        select
            {{ cols | join(',\\n    ') }}
        from {{ table }}
        '''), context={'table': 'fct_watch', 'columns': [{'name': 'user_id', 'data_type': 'varchar'}, {'name': 'minutes', 'data_type': 'integer'}, {'name': 'bytes', 'data_type': 'bigint'}, {'name': 'rating', 'data_type': 'double'}]}),
    case('dict_update_config', block('''
        {%- set defaults = {'materialized': 'view', 'tags': []} -%}
        {%- set cfg = {} -%}
        {%- do cfg.update(defaults) -%}
        {%- do cfg.update({'materialized': 'incremental', 'unique_key': 'event_id'}) -%}
        {%- do cfg.update(overrides) -%}
        {%- for k, v in cfg | dictsort %}
        {{ k }} = {{ v }}
        {%- endfor %}
        keys: {{ cfg.keys() | list }}
        json: {{ cfg | tojson }}
        '''), context={'overrides': {'tags': ['nightly', 'pii'], 'on_schema_change': 'append_new_columns'}}),
    case('dispatch_by_adapter_prefix', block('''
        {%- macro default__current_ts() -%}current_timestamp{%- endmacro -%}
        {%- macro duckdb__current_ts() -%}now(){%- endmacro -%}
        {%- macro default__safe_cast(field, type) -%}cast({{ field }} as {{ type }}){%- endmacro -%}
        {%- macro duckdb__safe_cast(field, type) -%}try_cast({{ field }} as {{ type }}){%- endmacro -%}
        {%- macro postgres__safe_cast(field, type) -%}{{ field }}::{{ type }}{%- endmacro -%}

        {%- set registry = {
            'default__current_ts': default__current_ts,
            'duckdb__current_ts': duckdb__current_ts,
            'default__safe_cast': default__safe_cast,
            'duckdb__safe_cast': duckdb__safe_cast,
            'postgres__safe_cast': postgres__safe_cast,
        } -%}

        {%- macro dispatch(name, adapter) -%}
            {%- for prefix in [adapter, 'default'] -%}
                {%- set key = prefix ~ '__' ~ name -%}
                {%- if key in registry -%}
                    {{ registry[key](*varargs, **kwargs) }}
                    {%- break -%}
                {%- endif -%}
            {%- endfor -%}
        {%- endmacro -%}

        {% for adapter in ['duckdb', 'postgres', 'snowflake'] -%}
        {{ adapter }}: {{ dispatch('current_ts', adapter) }} / {{ dispatch('safe_cast', adapter, 'amount', type='decimal(18,2)') }}
        {% endfor %}
        ''')),
    case('statement_blocks_with_caller', block('''
        {%- set log_lines = [] -%}
        {%- macro statement(name=none, fetch_result=false, auto_begin=true) -%}
            {%- set sql = caller() -%}
            {%- do log_lines.append(name ~ ':' ~ (sql | trim | length)) -%}
            {%- if fetch_result %}-- fetching {{ name }}{% endif %}
        {{ sql | trim }};
        {%- endmacro -%}

        {%- call statement('create_tmp', fetch_result=false) %}
            create temporary table {{ this }}__tmp as (
                {{ sql }}
            )
        {%- endcall %}

        {% call statement('swap', fetch_result=true) -%}
            alter table {{ this }}__tmp rename to {{ this.split('.')[-1] }}
        {%- endcall %}

        -- {{ log_lines }}
        '''), context={'this': 'analytics.fct_orders', 'sql': 'select * from stg_orders'}),
    case('quoted_value_lists', block('''
        {%- macro quoted(values) -%}
            {%- set out = [] -%}
            {%- for v in values -%}
                {%- if v is none -%}{%- do out.append('null') -%}
                {%- elif v is number -%}{%- do out.append(v | string) -%}
                {%- else -%}{%- do out.append("'" ~ (v | replace("'", "''")) ~ "'") -%}
                {%- endif -%}
            {%- endfor -%}
            ({{ out | join(', ') }})
        {%- endmacro -%}
        select * from titles
        where genre in {{ quoted(genres) }}
          and rating in {{ quoted([1, 2.5, none]) }}
          and title = {{ "'" ~ title ~ "'" }}
        '''), context={'genres': ['drama', "children's", 'sci-fi'], 'title': 'Heat'}),
    case('map_lower_select_in_keep', block('''
        {%- set keep = ['id', 'email', 'country'] -%}
        {%- set lowered = columns | map(attribute='name') | map('lower') | list -%}
        lowered: {{ lowered }}
        kept: {{ columns | selectattr('name', 'in', keep) | map(attribute='name') | join(', ') }}
        dropped: {{ columns | rejectattr('name', 'in', keep) | map(attribute='name') | join(', ') }}
        typed: {% for c in columns | selectattr('data_type', 'equalto', 'varchar') %}{{ c.name }}{{ ',' if not loop.last }}{% endfor %}
        '''), context={'columns': [{'name': 'id', 'data_type': 'integer'}, {'name': 'EMAIL', 'data_type': 'varchar'}, {'name': 'email', 'data_type': 'varchar'}, {'name': 'country', 'data_type': 'varchar'}, {'name': 'Password', 'data_type': 'varchar'}]}),
    case('nested_macro_calls_kwargs', block('''
        {%- macro quote_col(name, quote=true) -%}{{ '"' ~ name ~ '"' if quote else name }}{%- endmacro -%}
        {%- macro cast_col(name, type='varchar', quote=true, alias=none) -%}
            cast({{ quote_col(name, quote=quote) }} as {{ type }}){% if alias %} as {{ quote_col(alias, quote=quote) }}{% endif %}
        {%- endmacro -%}
        {%- macro select_typed(spec, quote=false) -%}
            {%- for name, type in spec.items() %}
            {{ cast_col(name, type=type, quote=quote, alias=name ~ '_' ~ type.split('(')[0]) }}{{ ',' if not loop.last }}
            {%- endfor %}
        {%- endmacro -%}
        select
            {{- select_typed({'id': 'bigint', 'amount': 'decimal(10,2)', 'note': 'varchar'}) }}
        from payments
        union all
        select
            {{- select_typed({'id': 'bigint'}, quote=true) }}
        from refunds
        ''')),
    case('generate_schema_name', block('''
        {%- macro generate_schema_name(custom_schema_name, node) -%}
            {%- set base = target.schema -%}
            {%- set custom = custom_schema_name | trim if custom_schema_name is not none else '' -%}
            {%- if not custom -%}
                {{ base }}
            {%- elif target.name in ('prod', 'ci') -%}
                {{ custom }}
            {%- else -%}
                {{ [base, custom] | join('_') }}
            {%- endif -%}
        {%- endmacro -%}
        {% for n in nodes -%}
        {{ n.name }} -> {{ generate_schema_name(n.schema, n) }}
        {% endfor %}
        '''), context={'target': {'name': 'dev', 'schema': 'dbt_ada'}, 'nodes': [{'name': 'stg_accounts', 'schema': None}, {'name': 'mart_kpis', 'schema': ' marts '}, {'name': 'blank', 'schema': '  '}]}),
    case('incremental_model', block('''
        {%- macro config() %}{% if kwargs %}{% endif %}{% endmacro -%}
        {%- macro is_incremental() -%}{{ 'true' if (flags.incremental and not flags.full_refresh) else '' }}{%- endmacro -%}
        {{ config(
            materialized='incremental',
            unique_key='play_id',
            incremental_strategy='delete+insert'
        ) }}
        {%- set lookback_hours = 3 %}

        select
            play_id,
            account_id,
            played_at,
            {%- for key in props %}
            attributes ->> '{{ key }}' as {{ key | lower }},
            {%- endfor %}
            current_date as loaded_on
        from {{ source_relation }}
        {%- if is_incremental() %}
        -- newer plays only, re-reading a margin for late arrivals
        where played_at >= (
            select coalesce(max(played_at), timestamp '1970-01-01') - interval '{{ lookback_hours }} hours'
            from {{ this }}
        )
        {%- endif %}
        '''), context={'flags': {'incremental': True, 'full_refresh': False}, 'source_relation': 'raw.plays', 'this': 'analytics.fct_plays', 'props': ['show_id', 'Device', 'bitrate']}),
    case('accepted_values_test', block('''
        {% macro test_allowed_values(model, column_name, values, quote=true) %}
            {%- set literals = [] -%}
            {%- for v in values -%}
                {%- do literals.append("'" ~ v ~ "'" if quote else v | string) -%}
            {%- endfor %}

        select {{ column_name }} as value_field, count(*) as n_records
        from {{ model }}
        where {{ column_name }} not in ({{ literals | join(', ') }})
        group by {{ column_name }}

        {% endmacro %}
        {{ test_allowed_values('stg_subscriptions', 'plan', ['basic', 'standard', 'premium']) }}
        {{- test_allowed_values('stg_ratings', 'stars', [1, 2, 3, 4, 5], quote=false) }}
        ''')),
    case('deduplicate_macro', block('''
        {%- macro latest_rows(relation, key, newest_first) -%}
            {%- set keys = [key] if key is string else key -%}
            select *
            from {{ relation }}
            qualify row_number() over (
                partition by {{ keys | join(', ') }}
                order by {{ newest_first }}
            ) = 1
        {%- endmacro -%}
        {{ latest_rows('stg_streams', ['stream_id', 'captured_at'], 'ingested_at desc') }}
        ;
        {{ latest_rows(relation='stg_accounts', key='account_id', newest_first='updated_at desc, id') }}
        ''')),
    case('run_query_results_shape', block('''
        {%- set results = {'columns': [{'name': 'plan', 'values': ['basic', 'premium', 'standard']}], 'rows': [['basic'], ['premium'], ['standard']]} -%}
        {%- set plans = results.columns[0]['values'] if execute else [] -%}
        select
            account_id
            {%- for plan in plans %},
            count(*) filter (where plan = '{{ plan }}') as months_on_{{ plan }}
            {%- endfor %}
        from subscriptions
        group by account_id
        rows: {{ results.rows | map('first') | join(';') }}
        '''), context={'execute': True}),
    case('date_dimension_columns', block('''
        {%- set day_names = {1: 'Monday', 2: 'Tuesday', 3: 'Wednesday', 4: 'Thursday', 5: 'Friday', 6: 'Saturday', 7: 'Sunday'} -%}
        {%- set parts = [('year', 'year'), ('quarter', 'quarter'), ('month', 'month'), ('dow', 'isodow')] -%}
        select
            date_day,
            {%- for alias, part in parts %}
            extract({{ part }} from date_day) as {{ alias }}_of_date,
            {%- endfor %}
            case extract(isodow from date_day)
                {%- for n, name in day_names.items() %}
                when {{ n }} then '{{ name }}'
                {%- endfor %}
            end as day_name,
            {{ "extract(isodow from date_day) in (6, 7)" }} as is_weekend
        from {{ spine }}
        '''), context={'spine': 'date_spine'}),
    case('audit_compare_columns', block('''
        {%- macro column_diff(left_sql, right_sql, key, columns) -%}
        with left_side as ({{ left_sql }}),
        right_side as ({{ right_sql }}),
        paired as (
            select
                coalesce(l.{{ key }}, r.{{ key }}) as {{ key }}
                {%- for col in columns %},
                l.{{ col }} as left_{{ col }},
                r.{{ col }} as right_{{ col }},
                case
                    when l.{{ key }} is null then 'only right'
                    when r.{{ key }} is null then 'only left'
                    when l.{{ col }} is not distinct from r.{{ col }} then 'same'
                    else 'changed'
                end as {{ col }}_diff
                {%- endfor %}
            from left_side as l
            full outer join right_side as r on l.{{ key }} = r.{{ key }}
        )
        select * from paired
        {%- endmacro -%}
        {{ column_diff('select * from prod.accounts', 'select * from dev.accounts', 'account_id', ['email', 'plan']) }}
        ''')),
    case('model_with_refs_and_sources', block('''
        {%- macro ref(name, version=none) -%}
            {%- set rel = '"' ~ target.database ~ '"."' ~ target.schema ~ '"."' ~ name ~ '"' -%}
            {{ rel }}{% if version %} /* v{{ version }} */{% endif %}
        {%- endmacro -%}
        {%- macro source(source_name, table_name) -%}
            "{{ target.database }}"."{{ sources[source_name] }}"."{{ table_name }}"
        {%- endmacro -%}
        with users as (
            select * from {{ ref('stg_users') }}
        ),
        subs as (
            select * from {{ ref('stg_subscriptions', version=2) }}
        ),
        raw_payments as (
            select * from {{ source('billing', 'payments') }}
        )
        select
            users.user_id,
            count(distinct subs.subscription_id) as subscriptions,
            sum(raw_payments.amount) as revenue
        from users
        left join subs using (user_id)
        left join raw_payments using (user_id)
        {% if target.name == 'dev' -%}
        where users.signup_date >= current_date - interval '{{ dev_days }} days'
        {% endif -%}
        group by 1
        '''), context={'target': {'name': 'dev', 'database': 'warehouse', 'schema': 'dbt_ada'}, 'sources': {'billing': 'raw_billing'}, 'dev_days': 30}),
    case('cte_per_source_loop', block('''
        {%- set sources = ['users', 'subscriptions', 'payments', 'viewing_activity'] %}
        with
        {% for s in sources %}
        {{ s }} as (
            select * from {{ "raw_" ~ s }}
        ){% if not loop.last %},{% endif %}
        {% endfor %}
        select
        {%- for s in sources %}
            (select count(*) from {{ s }}) as {{ s }}_rows{{ "," if not loop.last }}
        {%- endfor %}
        ''')),
    case('var_with_defaults_macro', block('''
        {%- macro var(name, default=none) -%}
            {%- if name in vars -%}{{ vars[name] }}{%- elif default is not none -%}{{ default }}{%- else -%}{{ name ~ '_UNSET' }}{%- endif -%}
        {%- endmacro -%}
        select *
        from activity
        where activity_date between '{{ var("start_date", "2023-01-01") }}' and '{{ var("end_date", "2023-12-31") }}'
          and country = '{{ var("country") }}'
          and minutes >= {{ var("min_minutes", 0) | int + 1 }}
        '''), context={'vars': {'start_date': '2023-03-01', 'min_minutes': '4'}}),
    case('column_type_mapping', block('''
        {%- set type_map = {'string': 'varchar', 'int': 'integer', 'float': 'double', 'ts': 'timestamp'} -%}
        create table {{ name }} (
        {%- for col in columns %}
            {{ col.name | lower | replace(' ', '_') }} {{ type_map.get(col.type, col.type) | upper }}{% if col.get('not_null') %} not null{% endif %}{{ "," if not loop.last }}
        {%- endfor %}
        )
        '''), context={'name': 'seeds.plans', 'columns': [{'name': 'Plan Id', 'type': 'int', 'not_null': True}, {'name': 'Plan Name', 'type': 'string'}, {'name': 'Monthly Price', 'type': 'decimal(8,2)'}, {'name': 'Created', 'type': 'ts'}]}),
    case('snapshot_check_cols_hash', block('''
        {%- macro check_hash(check_cols) -%}
            md5(
            {%- for col in check_cols -%}
                coalesce(cast({{ col }} as varchar), '')
                {%- if not loop.last %} || '|' || {% endif -%}
            {%- endfor -%}
            )
        {%- endmacro -%}
        {%- set check_cols = ['plan', 'status', 'price'] if strategy == 'check' else ['updated_at'] -%}
        select
            *,
            {{ check_hash(check_cols) }} as dbt_scd_id,
            {{ 'updated_at' if strategy == 'timestamp' else 'current_timestamp' }} as dbt_valid_from,
            cast(null as timestamp) as dbt_valid_to
        from {{ source_sql }}
        '''), context={'strategy': 'check', 'source_sql': 'raw.subscriptions'}),
    case('grouped_metrics_with_namespace', block('''
        {%- set ns = namespace(sql_parts=[], total=0) -%}
        {%- for grp in metrics | groupby('category') -%}
            {%- set part -%}
        -- {{ grp.grouper }} ({{ grp.list | length }})
        {% for m in grp.list | sort(attribute='name') -%}
        {{ m.agg }}({{ m.expr }}) as {{ m.name }}{{ ',' if not loop.last }}
        {% endfor %}
            {%- endset -%}
            {%- set ns.sql_parts = ns.sql_parts + [part] -%}
            {%- set ns.total = ns.total + grp.list | length -%}
        {%- endfor -%}
        select
        {{ ns.sql_parts | join(',\\n') }}
        -- {{ ns.total }} metrics
        '''), context={'metrics': [{'category': 'revenue', 'name': 'mrr', 'agg': 'sum', 'expr': 'price'}, {'category': 'engagement', 'name': 'minutes', 'agg': 'sum', 'expr': 'watch_minutes'}, {'category': 'revenue', 'name': 'arpu', 'agg': 'avg', 'expr': 'price'}, {'category': 'engagement', 'name': 'dau', 'agg': 'count', 'expr': 'distinct user_id'}]}),
    case('where_clause_builder', block('''
        {%- macro where_clause(filters) -%}
            {%- set conds = [] -%}
            {%- for col, val in filters.items() -%}
                {%- if val is none -%}
                    {%- do conds.append(col ~ ' is null') -%}
                {%- elif val is sequence and val is not string -%}
                    {%- do conds.append(col ~ ' in (' ~ val | map('string') | map('tojson') | join(', ') ~ ')') -%}
                {%- elif val is number -%}
                    {%- do conds.append('%s = %s' % (col, val)) -%}
                {%- else -%}
                    {%- do conds.append("{} = '{}'".format(col, val)) -%}
                {%- endif -%}
            {%- endfor -%}
            {{ 'where ' ~ conds | join('\\n  and ') if conds else '' }}
        {%- endmacro -%}
        select * from t
        {{ where_clause({'status': 'active', 'deleted_at': none, 'plan_id': [1, 2], 'score': 4.5}) }}
        select * from t {{ where_clause({}) }}
        ''')),
    case('macro_value_through_trim_int', block('''
        {%- macro days_between(a, b) -%}
            {{ (b - a) // 86400 }}
        {%- endmacro -%}
        {%- macro batch_count(n, size=7) %}
            {{ (n / size) | round(0, 'ceil') | int }}
        {% endmacro -%}
        {%- set days = days_between(start_ts, end_ts) | int -%}
        days={{ days }}; batches={{ batch_count(days) | trim | int }}; raw=[{{ batch_count(days, size=10) }}]
        '''), context={'start_ts': 1672531200, 'end_ts': 1675209600}),
    case('exposure_like_loop_with_loop_vars', block('''
        {%- for dash in dashboards %}
        {{ loop.index }}. {{ dash.name | title }}{% if loop.first %} (first){% endif %}{% if loop.last %} (last){% endif %}
           depends on: {{ dash.depends_on | map('upper') | join(', ') or 'nothing' }}
           owner: {{ dash.owner.name | default('unknown') }} <{{ dash.owner.email | default('n/a') }}>
        {%- endfor %}
        '''), context={'dashboards': [{'name': 'weekly kpis', 'depends_on': ['mart_daily_kpis', 'mart_top_titles'], 'owner': {'name': 'Ada', 'email': 'ada@example.com'}}, {'name': 'live viewers', 'depends_on': [], 'owner': {}}]}),
    case('string_method_heavy_macro', block('''
        {%- macro slug(s) -%}
            {{ s.strip().lower().replace(' ', '_').replace('-', '_').replace('.', '') }}
        {%- endmacro -%}
        {%- macro split_part_ident(fqn) -%}
            {%- set parts = fqn.split('.') -%}
            db={{ parts[0] if parts | length == 3 else 'default' }} schema={{ parts[-2] if parts | length > 1 else 'main' }} table={{ parts[-1] }}
        {%- endmacro -%}
        {% for label in labels -%}
        {{ slug(label) }}
        {% endfor -%}
        {{ split_part_ident('warehouse.analytics.fct_watch') }}
        {{ split_part_ident('stg_users') }}
        {{ 'models/marts/core/dim_users.sql'.rsplit('/', 1)[0].split('/')[1:] }}
        {{ '{}__{}'.format('stg', 'users'.upper()) }} {{ 'fct_watch'.startswith(('fct_', 'dim_')) }} {{ 'ABC'.center(9, '=') }}
        '''), context={'labels': [' Watch Minutes ', 'Sign-up Date', 'avg. rating']}),
]
