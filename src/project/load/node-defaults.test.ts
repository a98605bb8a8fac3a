import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProject } from './index.js';
import { CLEAN_ENV, writeProject } from './test-project.js';

test("loaded nodes carry dbt's always-present fields as null until set (group; version, latest_version, deprecation_date on models)", async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: shop\nprofile: shop\n',
    'models/plain.sql': 'select 1 as id',
    'models/grouped.sql': 'select 1 as id',
    'seeds/codes.csv': 'code\na\n',
    'models/props.yml': `version: 2
groups:
  - name: finance
    owner: {name: Ana}
models:
  - name: grouped
    config: {group: finance}
    deprecation_date: 2030-01-01
`,
  });
  try {
    const nodes = (await loadProject({ projectDir: p.dir, env: CLEAN_ENV })).manifest.nodes;
    const plain = nodes['model.shop.plain']!;
    for (const key of ['group', 'version', 'latest_version', 'deprecation_date'] as const) {
      assert.ok(key in plain, `${key} is present`);
      assert.equal(plain[key], null, `${key} is null`);
    }
    assert.equal(nodes['model.shop.grouped']!.group, 'finance');
    assert.ok(nodes['model.shop.grouped']!.deprecation_date, 'a YAML deprecation_date is kept');
    const seed = nodes['seed.shop.codes']!;
    assert.equal(seed.group, null);
    assert.ok(!('latest_version' in seed), 'model-only fields stay off other nodes');
  } finally {
    await p.cleanup();
  }
});

test('models without YAML properties carry access, contract and constraints as dbt does, taken from project config', async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: shop\nprofile: shop\nmodels:\n  shop:\n    shared:\n      +access: public\n      +contract: {enforced: true}\n',
    'models/loose.sql': 'select 1 as id',
    'models/shared/offered.sql': 'select 1 as id',
    'seeds/codes.csv': 'code\na\n',
  });
  try {
    const nodes = (await loadProject({ projectDir: p.dir, env: CLEAN_ENV })).manifest.nodes;
    const loose = nodes['model.shop.loose']!;
    assert.equal(loose.access, 'protected');
    assert.deepEqual(loose.contract, { enforced: false, alias_types: true });
    assert.deepEqual(loose.constraints, []);
    const offered = nodes['model.shop.offered']!;
    assert.equal(offered.access, 'public');
    assert.deepEqual(offered.contract, { enforced: true, alias_types: true });
    assert.ok(!('access' in nodes['seed.shop.codes']!), 'access stays a model field');
  } finally {
    await p.cleanup();
  }
});

test("node configs hold dbt's defaults for the microbatch, group and strategy keys; a test's config has group, an analysis none of access", async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: shop\nprofile: shop\n',
    'models/orders.sql': 'select 1 as id',
    'models/props.yml': 'version: 2\nmodels:\n  - name: orders\n    config: {materialized: incremental, event_time: placed_at, lookback: 3}\n',
    'models/plain.sql': 'select 1 as id',
    'seeds/codes.csv': 'code\na\n',
    'analyses/peek.sql': 'select 1 as id',
    'tests/no_rows.sql': 'select 1 as id where false',
  });
  try {
    const nodes = (await loadProject({ projectDir: p.dir, env: CLEAN_ENV })).manifest.nodes;
    const extras = { group: null, incremental_strategy: null, event_time: null, lookback: 1, batch_size: null, begin: null, concurrent_batches: null };
    for (const id of ['model.shop.plain', 'seed.shop.codes', 'analysis.shop.peek']) {
      const config = nodes[id]!.config as Record<string, unknown>;
      for (const [key, value] of Object.entries(extras)) assert.deepEqual(config[key], value, `${id} ${key}`);
    }
    const orders = nodes['model.shop.orders']!.config as Record<string, unknown>;
    assert.equal(orders['event_time'], 'placed_at');
    assert.equal(orders['lookback'], 3);
    assert.equal((nodes['seed.shop.codes']!.config as Record<string, unknown>)['on_configuration_change'], 'apply');
    assert.ok(!('access' in nodes['analysis.shop.peek']!.config));
    assert.equal(nodes['model.shop.plain']!.config['access'], 'protected');
    const testConfig = nodes['test.shop.no_rows']!.config as Record<string, unknown>;
    assert.ok('group' in testConfig && testConfig['group'] === null);
    assert.ok(!('lookback' in testConfig), 'tests carry no model-only configs');
  } finally {
    await p.cleanup();
  }
});
