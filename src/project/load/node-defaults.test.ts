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
