import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRenderer } from './index.js';
import { makeNode, makeProject, makeSource, RENDER_OPTIONS } from './testing/make-project.js';

test('parse records refs and sources and applies config() over the YAML config', () => {
  const orders = makeNode(
    {
      name: 'orders',
      raw_code: "{{ config(materialized='table', tags=['daily'], meta={'owner': 'ana'}, post_hook='analyze {{ this }}') }}\nselect * from {{ ref('stg_orders') }} join {{ source('billing', 'payments') }} using (id) join {{ ref('shop', 'stg_users', v=2) }} using (id)",
    },
    { tags: ['finance'], meta: { tier: 1 }, 'post-hook': [{ sql: 'select 1', transaction: true }] },
  );
  const project = makeProject({ nodes: [orders], sources: [makeSource('billing', 'payments')] });
  const manifest = createRenderer(project, RENDER_OPTIONS).parse(project.manifest);
  const node = manifest.nodes['model.shop.orders']!;
  assert.equal(node.config.materialized, 'table');
  assert.deepEqual(node.config.tags, ['finance', 'daily']);
  assert.deepEqual(node.tags, ['finance', 'daily']);
  assert.deepEqual(node.config.meta, { tier: 1, owner: 'ana' });
  assert.deepEqual(node.config['post-hook']!.map((h) => h.sql), ['select 1', 'analyze {{ this }}']);
  assert.deepEqual(node.refs, [
    { name: 'stg_orders', package: null, version: null },
    { name: 'stg_users', package: 'shop', version: 2 },
  ]);
  assert.deepEqual(node.sources, [['billing', 'payments']]);
  assert.equal(node.relation_name, '"warehouse"."main"."orders"');
});

test('parse names relations with dbt default schema rules, aliases and versions', () => {
  const nodes = [
    makeNode({ name: 'plain', raw_code: 'select 1' }),
    makeNode({ name: 'custom', raw_code: 'select 1' }, { schema: 'marts', alias: 'kpis', database: 'other' }),
    makeNode({ name: 'eph', raw_code: 'select 1' }, { materialized: 'ephemeral' }),
    makeNode({ name: 'dim', raw_code: 'select 1', version: '2', unique_id: 'model.shop.dim.v2' }),
  ];
  const project = makeProject({ nodes });
  const m = createRenderer(project, RENDER_OPTIONS).parse(project.manifest);
  assert.equal(m.nodes['model.shop.plain']!.relation_name, '"warehouse"."main"."plain"');
  const custom = m.nodes['model.shop.custom']!;
  assert.deepEqual([custom.database, custom.schema, custom.alias], ['other', 'main_marts', 'kpis']);
  assert.equal(custom.relation_name, '"other"."main_marts"."kpis"');
  assert.equal(m.nodes['model.shop.eph']!.relation_name, null);
  assert.equal(m.nodes['model.shop.dim.v2']!.alias, 'dim_v2');
});

test("a project's generate_schema_name overrides dbt's, and sees the node and target", () => {
  const node = makeNode({ name: 'fct', raw_code: 'select 1' }, { schema: 'marts' });
  const macros = {
    'schema.sql': `{% macro generate_schema_name(custom_schema_name, node) -%}
      {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}_{{ node.name }}{%- endif -%}
    {%- endmacro %}`,
  };
  const project = makeProject({ nodes: [node], macros });
  const m = createRenderer(project, RENDER_OPTIONS).parse(project.manifest);
  assert.equal(m.nodes['model.shop.fct']!.schema, 'marts_fct');
});

test('generate_schema_name requires its vars while parsing, unlike a model', () => {
  // dbt renders generate_*_name macros with RuntimeVar: a missing var is an error even at parse.
  const node = makeNode({ name: 'fct', raw_code: 'select 1' }, { schema: 'marts' });
  const macros = { 'schema.sql': "{% macro generate_schema_name(custom_schema_name, node) %}{{ var('schema_prefix') }}_{{ custom_schema_name }}{% endmacro %}" };
  const project = makeProject({ nodes: [node], macros });
  assert.throws(() => createRenderer(project, RENDER_OPTIONS).parse(project.manifest), /Required var 'schema_prefix'/);
});

test('a project overriding default__generate_alias_name is used through dispatch', () => {
  const node = makeNode({ name: 'fct', raw_code: 'select 1' });
  const macros = { 'alias.sql': "{% macro default__generate_alias_name(custom_alias_name, node) %}x_{{ node.name }}{% endmacro %}" };
  const project = makeProject({ nodes: [node], macros });
  const m = createRenderer(project, RENDER_OPTIONS).parse(project.manifest);
  assert.equal(m.nodes['model.shop.fct']!.alias, 'x_fct');
});

test('generic tests get the audit schema and no relation name unless they store failures', () => {
  const t = makeNode({ name: 'not_null_orders_id', resource_type: 'test', raw_code: 'select 1' });
  const project = makeProject({ nodes: [t] });
  const m = createRenderer(project, RENDER_OPTIONS).parse(project.manifest);
  assert.equal(m.nodes['test.shop.not_null_orders_id']!.schema, 'main_dbt_test__audit');
  assert.equal(m.nodes['test.shop.not_null_orders_id']!.relation_name, null);
});

test('parse records the macros a node calls in depends_on.macros', () => {
  const node = makeNode({ name: 'm', raw_code: "select {{ cents_to_dollars('amount') }}, {{ dbt.type_string() }}" });
  const macros = { 'money.sql': '{% macro cents_to_dollars(col) %}({{ col }} / 100)::numeric(16, 2){% endmacro %}' };
  const project = makeProject({ nodes: [node], macros });
  const m = createRenderer(project, RENDER_OPTIONS).parse(project.manifest);
  const deps = m.nodes['model.shop.m']!.depends_on.macros;
  assert.ok(deps.includes('macro.shop.cents_to_dollars'), deps.join(','));
  assert.ok(deps.includes('macro.dbt.type_string'), deps.join(','));
});

test('a template error names the node file and line', () => {
  const node = makeNode({ name: 'broken', raw_code: 'select 1\n{{ exceptions.raise_compiler_error("bad input") }}' });
  const project = makeProject({ nodes: [node] });
  assert.throws(
    () => createRenderer(project, RENDER_OPTIONS).parse(project.manifest),
    (e: Error & { diagnostic?: { code: string; message: string; location?: { file: string; line?: number } } }) => {
      assert.equal(e.diagnostic?.code, 'compiler-error');
      assert.match(e.diagnostic?.message ?? '', /bad input/);
      assert.equal(e.diagnostic?.location?.file, '/project/models/broken.sql');
      assert.equal(e.diagnostic?.location?.line, 2);
      return true;
    },
  );
});

test('var() reads project vars and --vars, uses defaults, and fails clearly when missing', () => {
  const ok = makeNode({ name: 'v', raw_code: "{{ var('start') }}|{{ var('limit', 10) }}|{{ var('cli') }}" });
  const project = makeProject({ nodes: [ok], vars: { start: '2024-01-01' }, cliVars: { cli: 'yes' } });
  const r = createRenderer(project, RENDER_OPTIONS);
  const m = r.parse(project.manifest);
  assert.equal(r.compile(m.nodes['model.shop.v']!, m), '2024-01-01|10|yes');
  // As dbt's ParseVar: parsing reads a missing var as None; compiling the node requires it.
  const bad = makeNode({ name: 'w', raw_code: "{{ var('nope') }}" });
  const p2 = makeProject({ nodes: [bad] });
  const r2 = createRenderer(p2, RENDER_OPTIONS);
  const m2 = r2.parse(p2.manifest);
  assert.throws(() => r2.compile(m2.nodes['model.shop.w']!, m2), /Required var 'nope'/);
});

test('env_var() reads the environment, falls back to a default, and requires a value', () => {
  const node = makeNode({ name: 'e', raw_code: "{{ env_var('REGION') }}-{{ env_var('MISSING', 'eu') }}" });
  const project = makeProject({ nodes: [node] });
  const r = createRenderer(project, { ...RENDER_OPTIONS, env: { REGION: 'us' } });
  const m = r.parse(project.manifest);
  assert.equal(r.compile(m.nodes['model.shop.e']!, m), 'us-eu');
  const p2 = makeProject({ nodes: [makeNode({ name: 'f', raw_code: "{{ env_var('MISSING') }}" })] });
  assert.throws(() => createRenderer(p2, { ...RENDER_OPTIONS, env: {} }).parse(p2.manifest), /Env var required but not provided: 'MISSING'/);
});

test('config() with both spellings of a hook key is refused, as dbt does', () => {
  for (const [oldKey, newKey] of [['pre_hook', 'pre-hook'], ['post_hook', 'post-hook']] as const) {
    const node = makeNode({ name: 'kettle', raw_code: `{{ config({'${oldKey}': 'select 1', '${newKey}': 'select 2'}) }}\nselect 1 as id` });
    const project = makeProject({ nodes: [node] });
    assert.throws(() => createRenderer(project, RENDER_OPTIONS).parse(project.manifest), new RegExp(`Invalid config, has conflicting keys "${oldKey}" and "${newKey}"`));
  }
  const single = makeProject({ nodes: [makeNode({ name: 'teapot', raw_code: "{{ config(pre_hook='select 1') }}\nselect 1 as id" })] });
  assert.doesNotThrow(() => createRenderer(single, RENDER_OPTIONS).parse(single.manifest));
});

test("refs and sources in a node's hooks become its dependencies at parse time; a seed may not have them", () => {
  const summary = makeNode(
    { name: 'summary', raw_code: "{{ config(post_hook=\"insert into audit_log select count(*) from {{ ref('ledger') }}\") }}\nselect 1 as id" },
    { 'pre-hook': [{ sql: "delete from {{ source('billing', 'payments') }} where false", transaction: true }] },
  );
  const ledger = makeNode({ name: 'ledger', raw_code: 'select 2 as id' });
  const project = makeProject({ nodes: [summary, ledger], sources: [makeSource('billing', 'payments')] });
  const manifest = createRenderer(project, RENDER_OPTIONS).parse(project.manifest);
  assert.deepEqual(manifest.nodes['model.shop.summary']!.refs, [{ name: 'ledger', package: null, version: null }]);
  assert.deepEqual(manifest.nodes['model.shop.summary']!.sources, [['billing', 'payments']]);

  const seed = makeNode({ name: 'rates', resource_type: 'seed', raw_code: '' }, { 'post-hook': [{ sql: "select * from {{ ref('ledger') }}", transaction: true }] });
  const withSeed = makeProject({ nodes: [seed, makeNode({ name: 'ledger', raw_code: 'select 2 as id' })] });
  assert.throws(() => createRenderer(withSeed, RENDER_OPTIONS).parse(withSeed.manifest), /Seeds cannot depend on other nodes[\s\S]*seed\.shop\.rates[\s\S]*ref\('ledger'\)/u);
  const plainSeed = makeNode({ name: 'rates', resource_type: 'seed', raw_code: '' }, { 'post-hook': [{ sql: 'update {{ this }} set rate = 1', transaction: true }] });
  const fine = makeProject({ nodes: [plainSeed] });
  assert.doesNotThrow(() => createRenderer(fine, RENDER_OPTIONS).parse(fine.manifest));
});

test('config.get() and config.require() answer an empty string while parsing, so a branch on a config value records what dbt records', () => {
  // A ref() override keyed on the node's tags: dbt parses it down the builtin ref branch
  // (config.get is '' then), so the node depends on stg; compiled, the tag takes the other branch.
  const macros = {
    'refs.sql': "{% macro ref(name) %}{% if 'mocked' in config.get('tags') %}{{ return('mock_' ~ name) }}{% else %}{{ return(builtins.ref(name)) }}{% endif %}{% endmacro %}",
  };
  const stg = makeNode({ name: 'stg', raw_code: 'select 1 as id' });
  const mart = makeNode({
    name: 'mart',
    raw_code: "{{ config(tags=['mocked']) }}select * from {{ ref('stg') }} -- {{ config.require('materialized') }}|{{ config.get('nope', 'dflt') }}",
  });
  const project = makeProject({ macros, nodes: [stg, mart] });
  const renderer = createRenderer(project, RENDER_OPTIONS);
  const manifest = renderer.parse(project.manifest);
  const node = manifest.nodes['model.shop.mart']!;
  assert.deepEqual(node.refs, [{ name: 'stg', package: null, version: null }]);
  assert.deepEqual(node.config.tags, ['mocked']);
  assert.equal(renderer.compile(node, manifest).trim(), 'select * from mock_stg -- view|dflt');
});
