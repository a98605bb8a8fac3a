"""Macro code in the shapes dbt packages use: key hashing, star, unions, spines, pivots."""
from _case import case, block

AREA = 'dbt_macros'

REL_USERS = {'name': 'raw.users_eu', 'columns': [{'name': 'id', 'data_type': 'integer'}, {'name': 'email', 'data_type': 'varchar'}, {'name': 'signup_at', 'data_type': 'timestamp'}]}
REL_US = {'name': 'raw.users_us', 'columns': [{'name': 'id', 'data_type': 'integer'}, {'name': 'email', 'data_type': 'varchar'}, {'name': 'state', 'data_type': 'varchar'}]}
REL_APAC = {'name': 'raw.users_apac', 'columns': [{'name': 'ID', 'data_type': 'bigint'}, {'name': 'region', 'data_type': 'varchar'}]}

CASES = [
    case('surrogate_key', block('''
        {%- macro text_type() -%}varchar{%- endmacro -%}

        {%- macro hash_expr(expr) -%}
            md5(cast({{ expr }} as {{ text_type() }}))
        {%- endmacro -%}

        {%- macro concat_expr(parts) -%}
            {{ parts | join(' || ') }}
        {%- endmacro -%}

        {%- macro key_from(field_list) -%}
        {%- if varargs | length >= 1 or field_list is string %}
            {%- set field_list = [field_list] + varargs | list if field_list is string else field_list -%}
        {%- endif -%}
        {%- set null_marker = '_key_null_' -%}
        {%- set fields = [] -%}
        {%- for field in field_list -%}
            {%- do fields.append(
                "coalesce(cast(" ~ field ~ " as " ~ text_type() ~ "), '" ~ null_marker ~ "')"
            ) -%}
            {%- if not loop.last %}
                {%- do fields.append("'-'") -%}
            {%- endif -%}
        {%- endfor -%}
        {{ hash_expr(concat_expr(fields)) }}
        {%- endmacro -%}

        select
            {{ key_from(['user_id', 'session_id', 'event_ts']) }} as event_key,
            {{ key_from('title_id') }} as title_key,
            {{ key_from('a', 'b') }} as pair_key,
            *
        from {{ source_table }}
        '''), context={'source_table': 'raw.events'}),
    case('star_columns', block('''
        {%- macro quote_ident(name) -%}"{{ name }}"{%- endmacro -%}

        {%- macro star(columns, except=[], relation_alias=false, prefix='', suffix='', quote_identifiers=true) -%}
            {%- set except_lower = except | map('lower') | list -%}
            {%- set include_cols = [] -%}
            {%- for col in columns -%}
                {%- if col | lower not in except_lower -%}
                    {%- do include_cols.append(col) -%}
                {%- endif -%}
            {%- endfor -%}
            {%- if include_cols | length == 0 -%}
                *
            {%- else -%}
            {%- for col in include_cols %}
                {%- if relation_alias %}{{ relation_alias }}.{% endif -%}
                {%- if quote_identifiers -%}{{ quote_ident(col) }}{%- else -%}{{ col }}{%- endif -%}
                {%- if prefix or suffix %} as {{ quote_ident(prefix ~ col ~ suffix) if quote_identifiers else prefix ~ col ~ suffix }}{% endif -%}
                {%- if not loop.last %},{{ '\\n    ' }}{% endif -%}
            {%- endfor -%}
            {%- endif -%}
        {%- endmacro -%}

        select
            {{ star(cols, except=['_LOADED_AT', 'password_hash']) }}
        from users;

        select
            {{ star(cols, except=['password_hash'], relation_alias='u', prefix='user_', quote_identifiers=false) }}
        from users u;

        select {{ star(cols, except=cols) }} from users;
        select {{ star(cols[:2], suffix='_old') }} from users
        '''), context={'cols': ['id', 'email', 'password_hash', '_loaded_at']}),
    case('union_relations', block('''
        {%- macro union_relations(relations, column_override=none, include=[], source_column_name='_dbt_source_relation') -%}
            {%- set column_override = column_override if column_override is not none else {} -%}
            {%- set relation_columns = {} -%}
            {%- set column_superset = {} -%}
            {%- set all_columns = [] -%}
            {%- for relation in relations -%}
                {%- do relation_columns.update({relation.name: {}}) -%}
                {%- for col in relation.columns -%}
                    {%- set col_name = col.name | lower -%}
                    {%- if include and col_name not in include -%}{%- continue -%}{%- endif -%}
                    {%- set data_type = column_override.get(col_name, col.data_type) -%}
                    {%- do relation_columns[relation.name].update({col_name: data_type}) -%}
                    {%- if col_name not in column_superset -%}
                        {%- do column_superset.update({col_name: data_type}) -%}
                        {%- do all_columns.append(col_name) -%}
                    {%- endif -%}
                {%- endfor -%}
            {%- endfor -%}

            {%- for relation in relations %}

            (
                select
                    cast({{ "'" ~ relation.name ~ "'" }} as varchar) as {{ source_column_name }},
                    {% for col_name in all_columns -%}
                    {%- set col_type = column_superset[col_name] -%}
                    {%- set present = col_name in relation_columns[relation.name] -%}
                    {%- if present -%}
                    cast({{ col_name }} as {{ col_type }}) as {{ col_name }}
                    {%- else -%}
                    cast(null as {{ col_type }}) as {{ col_name }}
                    {%- endif -%}
                    {{ ",\\n                    " if not loop.last }}
                    {%- endfor %}

                from {{ relation.name }}
            )

            {% if not loop.last -%}
                union all
            {% endif -%}
            {%- endfor -%}
        {%- endmacro -%}

        {{ union_relations(relations, column_override={'id': 'bigint'}) }}
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
        {%- macro powers_of_two(upper_bound) -%}
            {%- if upper_bound <= 0 -%}{{ return_none_text }}{%- endif -%}
            {%- set ns = namespace(p=1) -%}
            {%- for i in range(1, 64) -%}
                {%- if 2 ** i < upper_bound %}{% set ns.p = i + 1 %}{% endif -%}
            {%- endfor -%}
            {{ ns.p }}
        {%- endmacro -%}

        {%- macro generate_series(upper_bound) -%}
            {%- set n = powers_of_two(upper_bound) | int -%}
            with p as (
                select 0 as generated_number union all select 1
            ), unioned as (
            select
            {% for i in range(n) %}
            p{{ i }}.generated_number * power(2, {{ i }})
            {% if not loop.last %} + {% endif %}
            {% endfor %}
            + 1
            as generated_number
            from
            {% for i in range(n) %}
            p as p{{ i }}
            {% if not loop.last %} cross join {% endif %}
            {% endfor %}
            )
            select *
            from unioned
            where generated_number <= {{ upper_bound }}
            order by generated_number
        {%- endmacro -%}

        {%- macro dateadd(datepart, interval, from_date) -%}
            {{ from_date }} + (interval '1 {{ datepart }}' * ({{ interval }}))
        {%- endmacro -%}

        {%- macro date_spine(datepart, start_day, end_day, start_date, end_date) -%}
        {%- set per = {'day': 1, 'week': 7, 'month': 30} -%}
        {%- set periods = ((end_day - start_day) / per[datepart]) | round(0, 'ceil') | int -%}
        /* {{ periods }} {{ datepart }} periods */
        with rawdata as (
            {{ generate_series(periods) }}
        ),
        all_periods as (
            select (
                {{ dateadd(datepart, 'row_number() over (order by 1) - 1', "cast('" ~ start_date ~ "' as date)") }}
            ) as date_{{ datepart }}
            from rawdata
        )
        select * from all_periods
        where date_{{ datepart }} <= cast('{{ end_date }}' as date)
        {%- endmacro -%}

        {{ date_spine('week', 0, 45, '2023-01-01', '2023-02-15') }}
        ''')),
    case('pivot', block('''
        {%- macro pivot(column, values, alias=true, agg='sum', cmp='=', prefix='', suffix='', then_value=1, else_value=0, quote_identifiers=true, distinct=false) -%}
          {%- for value in values %}
          {{ agg }}(
            {% if distinct %} distinct {% endif %}
            case
            when {{ column }} {{ cmp }} '{{ value | replace("'", "''") }}'
              then {{ then_value }}
            else {{ else_value }}
            end
          )
          {%- if alias -%}
            {%- if quote_identifiers %}
                as "{{ prefix ~ value ~ suffix }}"
            {%- else %}
              as {{ (prefix ~ value ~ suffix) | replace(' ', '_') | lower }}
            {%- endif %}
          {%- endif %}
          {%- if not loop.last %},{% endif %}
          {%- endfor %}
        {%- endmacro -%}

        select
            order_id,
            {{ pivot('payment_method', methods, suffix='_amount', then_value='amount') }}
        from payments
        group by 1;

        select
            {{ pivot('device', ["Smart TV", "it's mobile"], agg='max', quote_identifiers=false, prefix='on_', else_value='null', distinct=true) }}
        from sessions
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
            {%- set default_schema = target.schema -%}
            {%- if custom_schema_name is none -%}
                {{ default_schema }}
            {%- elif target.name == 'prod' -%}
                {{ custom_schema_name | trim }}
            {%- else -%}
                {{ default_schema }}_{{ custom_schema_name | trim }}
            {%- endif -%}
        {%- endmacro -%}
        {% for n in nodes -%}
        {{ n.name }} -> {{ generate_schema_name(n.schema, n) }}
        {% endfor %}
        '''), context={'target': {'name': 'dev', 'schema': 'dbt_ada'}, 'nodes': [{'name': 'stg_users', 'schema': None}, {'name': 'mart_kpis', 'schema': ' marts '}]}),
    case('incremental_model', block('''
        {%- macro config() %}{% if kwargs %}{% endif %}{% endmacro -%}
        {%- macro is_incremental() -%}{{ 'true' if (flags.incremental and not flags.full_refresh) else '' }}{%- endmacro -%}
        {{ config(
            materialized='incremental',
            unique_key='event_id',
            on_schema_change='append_new_columns'
        ) }}

        with events as (

            select * from {{ source_relation }}

            {% if is_incremental() %}
            -- this filter will only be applied on an incremental run
            where event_ts > (select max(event_ts) from {{ this }})
            {% endif %}

        )

        select
            event_id,
            user_id,
            event_ts,
            {%- for p in props %}
            payload ->> '{{ p }}' as {{ p | lower }},
            {%- endfor %}
            current_date as loaded_on
        from events
        '''), context={'flags': {'incremental': True, 'full_refresh': False}, 'source_relation': 'raw.player_events', 'this': 'analytics.fct_events', 'props': ['title_id', 'Device', 'bitrate']}),
    case('accepted_values_test', block('''
        {% macro test_accepted_values(model, column_name, values, quote=true) %}

        with all_values as (

            select
                {{ column_name }} as value_field,
                count(*) as n_records

            from {{ model }}
            group by {{ column_name }}

        )

        select *
        from all_values
        where value_field not in (
            {% for value in values -%}
                {% if quote -%}
                '{{ value }}'
                {%- else -%}
                {{ value }}
                {%- endif -%}
                {%- if not loop.last -%},{%- endif %}
            {%- endfor %}
        )

        {% endmacro %}
        {{ test_accepted_values('stg_subscriptions', 'plan', ['basic', 'standard', 'premium']) }}
        {{- test_accepted_values('stg_ratings', 'stars', [1, 2, 3, 4, 5], quote=false) }}
        ''')),
    case('deduplicate_macro', block('''
        {%- macro deduplicate(relation, partition_by, order_by) -%}
            with numbered as (
                select
                    _inner.*,
                    row_number() over (
                        partition by {{ partition_by if partition_by is string else partition_by | join(', ') }}
                        order by {{ order_by }}
                    ) as rn
                from {{ relation }} as _inner
            )
            select * exclude (rn)
            from numbered
            where rn = 1
        {%- endmacro -%}
        {{ deduplicate('stg_streams', ['stream_id', 'captured_at'], 'ingested_at desc') }}
        ;
        {{ deduplicate(relation='stg_users', partition_by='user_id', order_by='updated_at desc, id') }}
        ''')),
    case('run_query_results_shape', block('''
        {%- set results = {'columns': [{'name': 'plan', 'values': ['basic', 'premium', 'standard']}], 'rows': [['basic'], ['premium'], ['standard']]} -%}
        {%- if execute -%}
            {%- set plans = results.columns[0]['values'] -%}
        {%- else -%}
            {%- set plans = [] -%}
        {%- endif -%}
        select
            user_id,
            {% for plan in plans -%}
            sum(case when plan = '{{ plan }}' then 1 else 0 end) as {{ plan }}_months
            {%- if not loop.last %},{% endif %}
            {% endfor %}
        from subscriptions
        group by 1
        rows: {% for row in results.rows %}{{ row[0] }}{% if not loop.last %};{% endif %}{% endfor %}
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
        {%- macro compare_column_values(a_query, b_query, primary_key, columns) -%}
        with a as ({{ a_query }}), b as ({{ b_query }}),
        joined as (
            select
                coalesce(a.{{ primary_key }}, b.{{ primary_key }}) as {{ primary_key }},
                {%- for col in columns %}
                a.{{ col }} as {{ col }}_a,
                b.{{ col }} as {{ col }}_b,
                case
                    when a.{{ col }} = b.{{ col }} then 'perfect match'
                    when a.{{ col }} is null and b.{{ col }} is null then 'both are null'
                    when a.{{ primary_key }} is null then 'missing from a'
                    when b.{{ primary_key }} is null then 'missing from b'
                    else 'values do not match'
                end as {{ col }}_match_status{{ ',' if not loop.last }}
                {%- endfor %}
            from a
            full outer join b on a.{{ primary_key }} = b.{{ primary_key }}
        )
        select * from joined
        {%- endmacro -%}
        {{ compare_column_values('select * from prod.users', 'select * from dev.users', 'user_id', ['email', 'plan']) }}
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
