import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProject, mergeConfig } from './index.js';
import { CLEAN_ENV, writeFiles, writeProject } from './test-project.js';

test('mergeConfig unions tags, merges meta, appends hooks, merges grants and replaces the rest', () => {
  const base = { tags: ['a'], meta: { owner: 'x', tier: 1 }, 'pre-hook': [{ sql: 'select 1', transaction: true, index: null }], materialized: 'view', grants: { select: ['r1'] } };
  const merged = mergeConfig(base, { tags: ['b', 'a'], meta: { tier: 2 }, pre_hook: 'select 2', materialized: 'table', grants: { '+select': ['r2'], insert: 'r3' } });
  assert.deepEqual(merged.tags, ['a', 'b']);
  assert.deepEqual(merged.meta, { owner: 'x', tier: 2 });
  assert.deepEqual((merged['pre-hook'] as { sql: string }[]).map((h) => h.sql), ['select 1', 'select 2']);
  assert.equal(merged.materialized, 'table');
  assert.deepEqual(merged.grants, { select: ['r1', 'r2'], insert: ['r3'] });
  assert.deepEqual(base.tags, ['a'], 'the base is not mutated');
});

test('configs apply defaults < dbt_project.yml (general to specific) < YAML config', async () => {
  const p = await writeProject({
    'dbt_project.yml': `name: shop
profile: shop
models:
  +persist_docs: {relation: true}
  shop:
    +materialized: table
    +tags: [all]
    +meta: {owner: data}
    +post-hook: "grant select on {{ this }} to reader"
    schema: should_be_a_config_value
    staging:
      +materialized: view
      +tags: staging
      stg_users:
        +alias: users_v
    docs:
      +enabled: false
`,
    'models/staging/stg_users.sql': 'select 1 as id',
    'models/staging/stg_events.sql': 'select 1 as id',
    'models/docs/old.sql': 'select 1',
    'models/marts/fct.sql': 'select 1',
    'models/staging/props.yml': `version: 2
models:
  - name: stg_events
    config:
      materialized: incremental
      tags: [events]
      meta: {owner: product, pii: false}
      post_hook: ["select 2"]
`,
  });
  try {
    const loaded = await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    const m = loaded.manifest.nodes;
    const users = m['model.shop.stg_users']!;
    assert.equal(users.config.materialized, 'view');
    assert.deepEqual(users.tags, ['all', 'staging']);
    assert.equal(users.alias, 'users_v');
    assert.equal(users.config.schema, 'should_be_a_config_value');
    assert.deepEqual(users.config.persist_docs, { relation: true });
    assert.deepEqual(users.config['post-hook']!.map((h) => h.sql), ['grant select on {{ this }} to reader']);
    const events = m['model.shop.stg_events']!;
    assert.equal(events.config.materialized, 'incremental');
    assert.deepEqual(events.tags, ['all', 'staging', 'events']);
    assert.deepEqual(events.meta, { owner: 'product', pii: false });
    assert.deepEqual(events.config['post-hook']!.map((h) => h.sql), ['grant select on {{ this }} to reader', 'select 2']);
    assert.deepEqual(events.unrendered_config.materialized, 'incremental');
    assert.equal(m['model.shop.fct']!.config.materialized, 'table');
    assert.equal(m['model.shop.old'], undefined);
    assert.ok(loaded.manifest.disabled['model.shop.old'], 'enabled: false goes to disabled');
    assert.equal(loaded.diagnostics.find((d) => d.code === 'profile-default')?.severity, 'warning');
    assert.equal(loaded.target.path, `${p.dir}/shop.duckdb`);
  } finally {
    await p.cleanup();
  }
});

test('vars: --vars beat package-scoped vars, which beat global vars; missing vars name the var', async () => {
  const p = await writeProject({
    'dbt_project.yml': `name: shop
vars:
  start: '2020-01-01'
  region: eu
  shop:
    region: us
  other_pkg:
    region: apac
`,
    'models/a.sql': 'select 1',
  });
  try {
    const loaded = await loadProject({ projectDir: p.dir, env: CLEAN_ENV, vars: { start: '2024-01-01' } });
    assert.equal(loaded.vars.get('start'), '2024-01-01');
    assert.equal(loaded.vars.get('region', { packageName: 'shop' }), 'us');
    assert.equal(loaded.vars.get('nope', { default: 7 }), 7);
    assert.equal(loaded.vars.get('nope', { default: null }), null);
    assert.throws(() => loaded.vars.get('nope', { nodeName: 'model.shop.a' }), (e: Error & { diagnostic?: { code: string } }) => {
      assert.equal(e.diagnostic?.code, 'var-missing');
      assert.match(e.message, /^Required var 'nope' not found in config:\nVars supplied to model\.shop\.a = \{\n {4}"/);
      return true;
    });
  } finally {
    await p.cleanup();
  }
});

test('exposure configs: dbt_project.yml levels, then the YAML config; tags as a sorted set; enabled must be a boolean', async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: kiosk\nprofile: kiosk\nexposures:\n  +enabled: false\n  +tags: [zeta, alpha]\n  +meta: {team: ops, tier: [1, 2]}\n',
    'models/tills.sql': 'select 1 as id',
    'models/exposures.yml': `exposures:
  - name: till_board
    type: dashboard
    owner: {email: ops@example.com}
    depends_on: [ref('tills')]
    config: {enabled: true, tags: [mid], meta: {tier: 3}}
  - name: till_notebook
    type: notebook
    owner: {email: ops@example.com}
    depends_on: [ref('tills')]
`,
  });
  try {
    const { manifest } = await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    assert.deepEqual(Object.keys(manifest.exposures), ['exposure.kiosk.till_board']);
    const board = manifest.exposures['exposure.kiosk.till_board']!;
    assert.deepEqual(board.tags, ['alpha', 'mid', 'zeta']);
    assert.deepEqual(board.meta, { team: 'ops', tier: 3 });
    await writeFiles(p.dir, { 'models/exposures.yml': "exposures:\n  - name: till_board\n    type: dashboard\n    owner: {email: ops@example.com}\n    config: {enabled: 'yes and no'}\n" });
    await assert.rejects(loadProject({ projectDir: p.dir, env: CLEAN_ENV }), /'yes and no' is not of type 'boolean'/);
  } finally {
    await p.cleanup();
  }
});

test("a YAML config's `+` grant key extends the grants dbt_project.yml gave; a plain key replaces them", async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: kiosk\nprofile: kiosk\nmodels:\n  kiosk:\n    +grants:\n      reader: [clerk, auditor]\n      writer: [owner]\n',
    'models/tickets.sql': 'select 1 as ticket_id',
    'models/tickets.yml': 'version: 2\nmodels:\n  - name: tickets\n    config:\n      grants:\n        +reader: [visitor]\n        writer: [manager]\n',
  });
  try {
    const loaded = await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    assert.deepEqual(loaded.manifest.nodes['model.kiosk.tickets']!.config.grants, { reader: ['clerk', 'auditor', 'visitor'], writer: ['manager'] });
  } finally {
    await p.cleanup();
  }
});
