import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRenderer } from './index.js';
import type { DatabaseBridge } from './index.js';
import { makeNode, makeProject, makeSource, RENDER_OPTIONS } from './testing/make-project.js';
import type { CompiledNode } from '../types.js';

function build(nodes: CompiledNode[], extra: Parameters<typeof makeProject>[0] = {}, db?: DatabaseBridge) {
  const project = makeProject({ nodes, ...extra });
  const renderer = createRenderer(project, { ...RENDER_OPTIONS, ...(db ? { db } : {}) });
  const manifest = renderer.parse(project.manifest);
  return { renderer, manifest, compile: (id: string) => renderer.compile(manifest.nodes[id]!, manifest) };
}

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

test('ephemeral refs become CTEs prepended with a new WITH, recursively and once each', () => {
  const { compile } = build([
    makeNode({ name: 'base', raw_code: 'select 1 as id' }, { materialized: 'ephemeral' }),
    makeNode({ name: 'mid', raw_code: "select * from {{ ref('base') }}" }, { materialized: 'ephemeral' }),
    makeNode({ name: 'top', raw_code: "select * from {{ ref('mid') }} join {{ ref('base') }} using (id)" }),
  ]);
  assert.equal(
    compile('model.shop.top'),
    'with __dbt__cte__base as (\nselect 1 as id\n),  __dbt__cte__mid as (\nselect * from __dbt__cte__base\n) select * from __dbt__cte__mid join __dbt__cte__base using (id)',
  );
});

test('--empty limits refs to ephemeral models as well as to relations', () => {
  const project = makeProject({
    nodes: [
      makeNode({ name: 'pebbles', raw_code: 'select 1 as id' }, { materialized: 'ephemeral' }),
      makeNode({ name: 'stones', raw_code: 'select 2 as id' }),
      makeNode({ name: 'beach', raw_code: "select * from {{ ref('pebbles') }} union all select * from {{ ref('stones') }}" }),
    ],
  });
  const renderer = createRenderer(project, { ...RENDER_OPTIONS, flags: { EMPTY: true } });
  const manifest = renderer.parse(project.manifest);
  const sql = renderer.compile(manifest.nodes['model.shop.beach']!, manifest);
  assert.match(sql, /^with __dbt__cte__pebbles as \(\nselect 1 as id\n\) select \* from \(select \* from __dbt__cte__pebbles where false limit 0\) union all /u);
  assert.match(sql, /union all select \* from \(select \* from "[^"]+"\."[^"]+"\."stones" where false limit 0\)$/u);
});

test("ephemeral CTEs merge into the model's own leading WITH", () => {
  const { compile } = build([
    makeNode({ name: 'base', raw_code: 'select 1 as id' }, { materialized: 'ephemeral' }),
    makeNode({ name: 'top', raw_code: "-- header\nwith a as (select * from {{ ref('base') }})\nselect * from a" }),
  ]);
  assert.equal(compile('model.shop.top'), '-- header\nwith  __dbt__cte__base as (\nselect 1 as id\n), a as (select * from __dbt__cte__base)\nselect * from a');
});

test('ref() resolves to the target relation, source() to the source, this to the node', () => {
  const { compile } = build(
    [
      makeNode({ name: 'stg', raw_code: 'select 1' }, { schema: 'staging', alias: 'stg_orders' }),
      makeNode({ name: 'top', raw_code: "{{ ref('stg') }} {{ source('raw', 'events') }} {{ this }} {{ this.schema }}.{{ this.name }} {{ ref('stg').include(database=False) }}" }),
    ],
    { sources: [makeSource('raw', 'events'), makeSource('lake', 'files', { external_location: "read_parquet('lake/{name}/*.parquet')" })] },
  );
  assert.equal(compile('model.shop.top'), '"warehouse"."main_staging"."stg_orders" "warehouse"."raw"."events" "warehouse"."main"."top" main.top "main_staging"."stg_orders"');
});

test('a source with an external location renders as that location', () => {
  const { compile } = build([makeNode({ name: 'top', raw_code: "select * from {{ source('lake', 'files') }}" })], {
    sources: [makeSource('lake', 'files', { external_location: "read_parquet('lake/{name}/*.parquet')" })],
  });
  assert.equal(compile('model.shop.top'), "select * from read_parquet('lake/files/*.parquet')");
});

test('a ref to a missing model fails with ref-not-found at compile', () => {
  const { compile } = build([makeNode({ name: 'top', raw_code: "select * from {{ ref('nowhere') }}" })]);
  assert.throws(() => compile('model.shop.top'), (e: Error & { diagnostic?: { code: string } }) => e.diagnostic?.code === 'ref-not-found');
});

test('adapter.dispatch prefers the root project, then the namespace, adapter prefix before default__', () => {
  const pkg = {
    'utils.sql': `{% macro greet(x) %}{{ return(adapter.dispatch('greet', 'helpers')(x)) }}{% endmacro %}
{% macro default__greet(x) %}hello {{ x }}{% endmacro %}
{% macro duckdb__shout(x) %}DUCK {{ x }}{% endmacro %}
{% macro default__shout(x) %}default {{ x }}{% endmacro %}
{% macro shout(x) %}{{ return(adapter.dispatch('shout', 'helpers')(x)) }}{% endmacro %}`,
  };
  const nodes = [makeNode({ name: 'a', raw_code: "{{ helpers.greet('ann') }}|{{ helpers.shout('bob') }}" })];
  const plain = build(nodes, { packageMacros: { helpers: pkg } });
  assert.equal(plain.compile('model.shop.a'), 'hello ann|DUCK bob');
  const overridden = build([makeNode({ name: 'a', raw_code: "{{ helpers.greet('ann') }}" })], {
    packageMacros: { helpers: pkg },
    macros: { 'mine.sql': '{% macro default__greet(x) %}hi {{ x }} from the project{% endmacro %}' },
  });
  assert.equal(overridden.compile('model.shop.a'), 'hi ann from the project');
  const shimmed = build([makeNode({ name: 'a', raw_code: "{{ helpers.greet('ann') }}" })], {
    packageMacros: { helpers: pkg, shim: { 's.sql': '{% macro default__greet(x) %}shim {{ x }}{% endmacro %}' } },
    macros: { 'mine.sql': '{% macro default__greet(x) %}project {{ x }}{% endmacro %}' },
    dispatch: [{ macro_namespace: 'helpers', search_order: ['shim', 'helpers'] }],
  });
  assert.equal(shimmed.compile('model.shop.a'), 'shim ann');
});

test('macros late-bind to the calling node: this, model and config are the caller', () => {
  const macros = { 'who.sql': "{% macro who() %}{{ this.identifier }}:{{ model.name }}:{{ config.get('materialized') }}{% endmacro %}" };
  const { compile } = build(
    [makeNode({ name: 'one', raw_code: '{{ who() }}' }, { materialized: 'table' }), makeNode({ name: 'two', raw_code: '{{ who() }}' })],
    { macros },
  );
  assert.equal(compile('model.shop.one'), 'one:one:table');
  assert.equal(compile('model.shop.two'), 'two:two:view');
});

test("a root project macro wins over dbt's macro of the same name, and dbt.x still reaches dbt's", () => {
  const macros = { 'types.sql': '{% macro type_string() %}my_text{% endmacro %}' };
  const { compile } = build([makeNode({ name: 'a', raw_code: '{{ type_string() }} {{ dbt.type_string() }}' })], { macros });
  assert.equal(compile('model.shop.a'), 'my_text TEXT');
});

test('built-in generic tests render SQL selecting the failing rows, with the result columns dbt uses', () => {
  const kw = (extra: Record<string, unknown>) => ({ model: "{{ get_where_subquery(ref('orders')) }}", ...extra });
  const tests = [
    makeNode({ name: 't_nn', resource_type: 'test', raw_code: '{{ test_not_null(**_dbt_generic_test_kwargs) }}', test_metadata: { name: 'not_null', namespace: null, kwargs: kw({ column_name: 'id' }) } }),
    makeNode({ name: 't_u', resource_type: 'test', raw_code: '{{ test_unique(**_dbt_generic_test_kwargs) }}', test_metadata: { name: 'unique', namespace: null, kwargs: kw({ column_name: 'id' }) } }),
    makeNode({
      name: 't_av',
      resource_type: 'test',
      raw_code: '{{ test_accepted_values(**_dbt_generic_test_kwargs) }}{{ config(where="status <> \'void\'") }}',
      test_metadata: { name: 'accepted_values', namespace: null, kwargs: kw({ column_name: 'status', values: ['paid', 'open'] }) },
    }),
    makeNode({
      name: 't_rel',
      resource_type: 'test',
      raw_code: '{{ test_relationships(**_dbt_generic_test_kwargs) }}',
      test_metadata: { name: 'relationships', namespace: null, kwargs: kw({ column_name: 'user_id', to: "ref('users')", field: 'id' }) },
    }),
  ];
  const { compile, manifest } = build([makeNode({ name: 'orders', raw_code: 'select 1' }, { materialized: 'table' }), makeNode({ name: 'users', raw_code: 'select 1' }), ...tests]);
  const orders = '"warehouse"."main"."orders"';
  // dbt's text exactly, whitespace included: the test macro's indented set and call lines, then its default__ SQL.
  assert.equal(compile('test.shop.t_nn'), `\n    \n    \n\n\n\nselect id\nfrom ${orders}\nwhere id is null\n\n\n`);
  assert.equal(
    compile('test.shop.t_u'),
    `\n    \n    \n\nselect\n    id as unique_field,\n    count(*) as n_records\n\nfrom ${orders}\nwhere id is not null\ngroup by id\nhaving count(*) > 1\n\n\n`,
  );
  assert.equal(
    compile('test.shop.t_av'),
    `\n    \n    \n\nwith all_values as (\n\n    select\n        status as value_field,\n        count(*) as n_records\n\n    from (select * from ${orders} where status <> 'void') dbt_subquery\n    group by status\n\n)\n\nselect *\nfrom all_values\nwhere value_field not in (\n    'paid','open'\n)\n\n\n`,
  );
  assert.equal(
    compile('test.shop.t_rel'),
    `\n    \n    \n\nwith child as (\n    select user_id as from_field\n    from ${orders}\n    where user_id is not null\n),\n\nparent as (\n    select id as to_field\n    from "warehouse"."main"."users"\n)\n\nselect\n    from_field\n\nfrom child\nleft join parent\n    on child.from_field = parent.to_field\n\nwhere parent.to_field is null\n\n\n`,
  );
  assert.deepEqual(manifest.nodes['test.shop.t_rel']!.refs.map((r) => r.name), ['orders', 'users']);
});

test('a project can override a built-in test through default__test_<name>', () => {
  const t = makeNode({ name: 't_nn', resource_type: 'test', raw_code: '{{ test_not_null(**_dbt_generic_test_kwargs) }}', test_metadata: { name: 'not_null', namespace: null, kwargs: { model: "{{ get_where_subquery(ref('orders')) }}", column_name: 'id' } } });
  const { compile } = build([makeNode({ name: 'orders', raw_code: 'select 1' }), t], { macros: { 't.sql': '{% macro default__test_not_null(model, column_name) %}custom {{ column_name }} on {{ model }}{% endmacro %}' } });
  assert.equal(squash(compile('test.shop.t_nn')), 'custom id on "warehouse"."main"."orders"');
});

/** A bridge answering from fixed data: enough for introspection logic, no warehouse needed. */
function fixedBridge(relations: { schema: string; identifier: string; type: string; columns: [string, string][] }[], results: Record<string, unknown[][]> = {}): DatabaseBridge & { executed: string[] } {
  const executed: string[] = [];
  const find = (r: { schema: string; identifier: string }) => relations.find((x) => x.schema === r.schema && x.identifier === r.identifier);
  return {
    type: 'duckdb',
    defaultDatabase: 'warehouse',
    executed,
    dialect: { quoteIdentifier: (n) => `"${n}"`, quoteString: (s) => `'${s}'`, renderRelation: (r) => [r.database, r.schema, r.identifier].filter(Boolean).map((p) => `"${p}"`).join('.') },
    executeSync(sql) {
      executed.push(sql.trim());
      const key = Object.keys(results).find((k) => sql.includes(k));
      const rows = key ? results[key]! : [];
      return { columns: [{ name: 'n', dataType: 'INTEGER' }, { name: 'label', dataType: 'VARCHAR' }], rows, rowsChanged: 0 };
    },
    getRelationSync(r) {
      const f = find(r);
      return f ? { database: 'warehouse', schema: f.schema, identifier: f.identifier, type: f.type } : undefined;
    },
    getColumnsSync(r) {
      return (find(r)?.columns ?? []).map(([name, dataType]) => ({ name, dataType }));
    },
    listRelationsSync: (_db, schema) => relations.filter((r) => r.schema === schema).map((r) => ({ database: 'warehouse', schema: r.schema, identifier: r.identifier, type: r.type })),
  };
}

test('is_incremental() is true only for an incremental model whose table exists, outside full refresh', () => {
  const inc = makeNode({ name: 'events', raw_code: '{% if is_incremental() %}incremental{% else %}full{% endif %}' }, { materialized: 'incremental' });
  const db = fixedBridge([{ schema: 'main', identifier: 'events', type: 'table', columns: [] }]);
  assert.equal(build([inc], {}, db).compile('model.shop.events'), 'incremental');
  assert.equal(build([inc], {}, fixedBridge([])).compile('model.shop.events'), 'full');
  const project = makeProject({ nodes: [inc] });
  const full = createRenderer(project, { ...RENDER_OPTIONS, db, flags: { full_refresh: true } });
  const m = full.parse(project.manifest);
  assert.equal(full.compile(m.nodes['model.shop.events']!, m), 'full');
  const view = makeNode({ name: 'events', raw_code: '{{ is_incremental() }}' });
  assert.equal(build([view], {}, db).compile('model.shop.events'), 'False');
});

test('is_incremental() asks the catalog once per render, however often the model calls it', () => {
  const code = "{% if is_incremental() %}where ts > (select max(ts) from {{ this }}){% endif %}{% if dbt.is_incremental() and is_incremental() %} and 1 = 1{% endif %}";
  const inc = makeNode({ name: 'events', raw_code: code }, { materialized: 'incremental' });
  const db = fixedBridge([{ schema: 'main', identifier: 'events', type: 'table', columns: [] }]);
  const lookups: string[] = [];
  const lookup = db.getRelationSync.bind(db);
  db.getRelationSync = (r) => {
    lookups.push(r.identifier);
    return lookup(r);
  };
  const { compile } = build([inc], {}, db);
  assert.equal(compile('model.shop.events'), 'where ts > (select max(ts) from "warehouse"."main"."events") and 1 = 1');
  assert.deepEqual(lookups, ['events']);
  compile('model.shop.events');
  assert.deepEqual(lookups, ['events', 'events'], 'the next render looks again: the table may have been dropped meanwhile');
});

test('adapter.get_columns_in_relation returns Column objects, and run_query an agate-like table', () => {
  const db = fixedBridge([{ schema: 'main', identifier: 'src', type: 'view', columns: [['id', 'INTEGER'], ['name', 'VARCHAR'], ['amount', 'DECIMAL(18,3)']] }], { 'from counts': [[3, 'a'], [4, 'b']] });
  const code = `{%- set cols = adapter.get_columns_in_relation(ref('src')) -%}
{%- for c in cols %}{{ c.quoted }} {{ c.data_type }} {{ c.is_string() }} {{ c.is_number() }};{% endfor %}
{%- if execute %}{% set t = run_query('select n, label from counts') %}
{{ t.columns[0].values() }} {{ t.rows[1]['label'] }} {{ t.rows[0][0] }} {{ t.column_names }} {% for row in t %}{{ row.label }}{% endfor %}{% endif %}`;
  const { compile } = build([makeNode({ name: 'src', raw_code: 'select 1' }), makeNode({ name: 'a', raw_code: code })], {}, db);
  assert.equal(
    compile('model.shop.a'),
    '"id" INTEGER False True;"name" character varying(256) True False;"amount" DECIMAL(18,3) False False;\n(3, 4) b 3 (\'n\', \'label\') ab',
  );
});

test('statement blocks run their SQL at execute time and load_result returns the data', () => {
  const db = fixedBridge([], { 'select max': [[42, 'x']] });
  const code = `{% call statement('max_id', fetch_result=True) %}select max(id) from t{% endcall %}
{%- if execute %}{% set r = load_result('max_id') -%}
{{ r['data'][0][0] }} {{ r.table.columns[0].values()[0] }}{% endif %}`;
  const { compile } = build([makeNode({ name: 'a', raw_code: code })], {}, db);
  assert.equal(compile('model.shop.a').trim(), '42 42');
  assert.deepEqual(db.executed, ['select max(id) from t']);
});

test("a statement's result loads once (loading it again is an error), except main's; table[i] is the i-th row", () => {
  const db = fixedBridge([], { 'select count': [[12]] });
  const twice = `{% call statement('hives', fetch_result=True) %}select count(*) as n from t{% endcall %}
{%- set r = load_result('hives') %}{% set r = load_result('hives') %}select 1`;
  const { compile } = build([makeNode({ name: 'a', raw_code: twice })], {}, db);
  assert.throws(() => compile('model.shop.a'), /The 'statement' result named 'hives' has already been loaded into a variable/);
  const main = `{% call statement('main', fetch_result=True) %}select count(*) as n from t{% endcall %}
{%- set r = load_result('main') %}{% set r = load_result('main') %}{{ r['table'][0]['n'] }} {{ r.table[-1][0] }} {{ load_result('never_stored') is none }}`;
  const second = build([makeNode({ name: 'b', raw_code: main })], {}, db);
  assert.equal(second.compile('model.shop.b').trim(), '12 12 True');
});

test('database calls do nothing while parsing', () => {
  const db = fixedBridge([]);
  const code = "{% set t = run_query('select 1') %}{{ t is none }}{% call statement('x', fetch_result=True) %}select 2{% endcall %}{{ load_result('x') is none }}{{ execute }}";
  const project = makeProject({ nodes: [makeNode({ name: 'a', raw_code: code })] });
  createRenderer(project, { ...RENDER_OPTIONS, db }).parse(project.manifest);
  assert.deepEqual(db.executed, []);
});

test('callMacro and renderString run in a node context', () => {
  const { renderer, manifest } = build([makeNode({ name: 'a', raw_code: 'select 1' }, { materialized: 'table' })], {
    macros: { 'g.sql': "{% macro grant_select(role) %}grant select on {{ this }} to {{ role }}{% endmacro %}{% macro answer() %}{{ return({'n': 42}) }}{% endmacro %}" },
  });
  const node = manifest.nodes['model.shop.a']!;
  assert.equal(renderer.callMacro('grant_select', ['analyst'], undefined, node), 'grant select on "warehouse"."main"."a" to analyst');
  assert.equal(renderer.callMacro('shop.grant_select', [], { role: 'bi' }, node), 'grant select on "warehouse"."main"."a" to bi');
  assert.deepEqual(renderer.callMacro('answer', []), { n: 42 });
  assert.equal(renderer.renderString('analyze {{ this }}; -- {{ execute }} {{ target.profile_name }}', node), 'analyze "warehouse"."main"."a"; -- True shop');
});

test('unit-test macro overrides named package.macro replace it in that namespace, also where the package calls it', () => {
  const code = "{{ helpers.bounds()['lo'] }} {{ helpers.wrapped() }} {{ dbt.current_timestamp() }} {{ current_timestamp() }}";
  const { renderer, manifest } = build([makeNode({ name: 'a', raw_code: code })], {
    packageMacros: { helpers: { 'h.sql': "{% macro bounds() %}{{ return({'lo': 'computed'}) }}{% endmacro %}{% macro wrapped() %}<{{ helpers.bounds()['lo'] }}>{% endmacro %}" } },
  });
  const node = manifest.nodes['model.shop.a']!;
  assert.equal(squash(renderer.compile(node, manifest)), 'computed <computed> now() now()');
  // as in dbt: `helpers.bounds` in the helpers namespace; an unqualified name also replaces dbt.<name>
  const overrides = { macros: { 'helpers.bounds': { lo: 'fixed' }, current_timestamp: "'2024-01-01'" } };
  assert.equal(squash(renderer.compile(node, manifest, overrides)), "fixed <fixed> '2024-01-01' '2024-01-01'");
});

test('unit-test overrides replace vars, env vars and macros for one compile', () => {
  const code = "{% if is_incremental() %}inc{% else %}full{% endif %} {{ var('region') }} {{ env_var('STAGE', 'dev') }}";
  const { renderer, manifest } = build([makeNode({ name: 'a', raw_code: code }, { materialized: 'incremental' })], { vars: { region: 'eu' } });
  const node = manifest.nodes['model.shop.a']!;
  assert.equal(renderer.compile(node, manifest), 'full eu dev');
  assert.equal(renderer.compile(node, manifest, { macros: { is_incremental: true }, vars: { region: 'us' }, envVars: { STAGE: 'ci' } }), 'inc us ci');
});

test('a unit-test macro override naming a context value that is not a macro (invocation_id) replaces the value itself', () => {
  const { renderer, manifest } = build([makeNode({ name: 'a', raw_code: "select '{{ invocation_id }}' as run_key, {{ 'called' if invocation_id is callable else 'plain' }} as kind" })]);
  const node = manifest.nodes['model.shop.a']!;
  assert.equal(renderer.compile(node, manifest, { macros: { invocation_id: 456 } }), "select '456' as run_key, plain as kind");
});

test('a set_sql_header block is rendered again when the model compiles: its refs name the relations they resolve to, not the parse placeholders', () => {
  const { manifest, compile } = build(
    [
      makeNode({ name: 'lockers', raw_code: 'select 1 as locker_id' }),
      makeNode({
        name: 'keys',
        raw_code: "{% call set_sql_header(config) %}create temp table key_probe as select * from {{ ref('lockers') }} where {{ execute }};{% endcall %}select * from {{ ref('lockers') }}",
      }),
    ],
    { macros: { 'names.sql': "{% macro generate_alias_name(custom_alias_name=none, node=none) %}{{ 'gym_' ~ node.name }}{% endmacro %}" } },
  );
  assert.match(String(manifest.nodes['model.shop.keys']!.config['sql_header']), /"keys" where False/, "the parse renders placeholders: dbt's parse-time ref() is the parsed node's own relation");
  assert.match(compile('model.shop.keys'), /"gym_lockers"/);
  assert.equal(manifest.nodes['model.shop.keys']!.config['sql_header'], 'create temp table key_probe as select * from "warehouse"."main"."gym_lockers" where True;');
});

test('a Jinja error raised inside a macro while parsing names the node that called it', () => {
  const project = makeProject({
    nodes: [makeNode({ name: 'orders_wide', raw_code: "select {{ spread(['a', missing_col]) }} as c" })],
    macros: { 'spread.sql': '{% macro spread(cols) %}{% for c in cols %}{{ c | indent(2) }}{% endfor %}{% endmacro %}' },
  });
  const renderer = createRenderer(project, RENDER_OPTIONS);
  assert.throws(
    () => renderer.parse(project.manifest),
    (e: unknown) =>
      e instanceof Error &&
      'diagnostic' in e &&
      (e as { diagnostic: { message: string; hint?: string; location?: { file: string } } }).diagnostic.message === "'missing_col' is undefined" &&
      (e as { diagnostic: { hint?: string } }).diagnostic.hint === 'Compilation Error in model orders_wide (models/orders_wide.sql)' &&
      (e as { diagnostic: { location?: { file: string } } }).diagnostic.location?.file === '/project/macros/spread.sql',
  );
});
