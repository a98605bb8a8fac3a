import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProject } from './index.js';
import { versionConfig } from './version-config.js';
import { CLEAN_ENV, writeProject } from './test-project.js';

test("a version's config: deep-merges into the model's: mappings key by key, the version's list in front of the model's", () => {
  const model = { materialized: 'table', meta: { owner: 'fin', tier: 1, nested: { a: 1 } }, tags: ['core'], grants: { select: ['analyst'] } };
  const merged = versionConfig(model, { meta: { tier: 2, nested: { b: 2 } }, tags: ['v2'], grants: { select: ['auditor'] }, alias: 'invoices' });
  assert.deepEqual(merged, {
    materialized: 'table',
    meta: { owner: 'fin', tier: 2, nested: { a: 1, b: 2 } },
    tags: ['v2', 'core'],
    grants: { select: ['auditor', 'analyst'] },
    alias: 'invoices',
  });
  assert.deepEqual(model.meta, { owner: 'fin', tier: 1, nested: { a: 1 } }, "the model's config is left as it was");
  assert.equal(versionConfig(model, undefined), model);
});

test("each version of a model gets the model's config: deep-merged with its own, and only its own deprecation_date", async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: ledger\nprofile: ledger\n',
    'models/invoices_v1.sql': 'select 1 as invoice_id',
    'models/invoices_v2.sql': 'select 1 as invoice_id',
    'models/invoices.yml': `models:
  - name: invoices
    latest_version: 2
    deprecation_date: 2999-01-01
    config:
      meta: {owner: fin, tier: 1}
      tags: [core]
    versions:
      - v: 1
        deprecation_date: 2998-01-01
        config:
          meta: {tier: 2}
          tags: [legacy]
      - v: 2
`,
  });
  try {
    const nodes = (await loadProject({ projectDir: p.dir, env: CLEAN_ENV })).manifest.nodes;
    const v1 = nodes['model.ledger.invoices.v1']!;
    const v2 = nodes['model.ledger.invoices.v2']!;
    assert.deepEqual(v1.config.meta, { owner: 'fin', tier: 2 });
    assert.deepEqual(v1.tags, ['legacy', 'core']);
    assert.deepEqual(v2.config.meta, { owner: 'fin', tier: 1 });
    assert.deepEqual(v2.tags, ['core']);
    assert.equal(v1.deprecation_date, '2998-01-01T00:00:00+00:00');
    assert.equal(v2.deprecation_date ?? null, null);
  } finally {
    await p.cleanup();
  }
});

test("a versioned model's top-level meta moves into its config: before a version's config: meta merges in; only the model entry itself may not set it twice", async () => {
  const files = (model: string) => ({
    'dbt_project.yml': 'name: ledger\nprofile: ledger\n',
    'models/invoices_v1.sql': 'select 1 as invoice_id',
    'models/invoices_v2.sql': 'select 1 as invoice_id',
    'models/invoices.yml': `models:\n  - name: invoices\n    latest_version: 2\n${model}    versions:\n      - v: 1\n        config:\n          meta: {tier: 2}\n      - v: 2\n`,
  });
  const p = await writeProject(files('    meta: {owner: fin}\n'));
  try {
    const nodes = (await loadProject({ projectDir: p.dir, env: CLEAN_ENV })).manifest.nodes;
    assert.deepEqual(nodes['model.ledger.invoices.v1']!.config.meta, { owner: 'fin', tier: 2 });
    assert.deepEqual(nodes['model.ledger.invoices.v2']!.config.meta, { owner: 'fin' });
  } finally {
    await p.cleanup();
  }
  const twice = await writeProject(files('    meta: {owner: fin}\n    config:\n      meta: {owner: ops}\n'));
  try {
    await assert.rejects(loadProject({ projectDir: twice.dir, env: CLEAN_ENV }), /found meta dictionary in 'config' dictionary and as top-level key/);
  } finally {
    await twice.cleanup();
  }
});

test("a model version takes the dbt_project.yml levels of its model's name and version, not those of its file's name", async () => {
  const p = await writeProject({
    'dbt_project.yml': `name: ledger
profile: ledger
models:
  ledger:
    invoices_v1:
      +tags: [by_file]
      +materialized: table
    invoices:
      +tags: [by_model]
      v1:
        +tags: [by_version]
`,
    'models/invoices_v1.sql': 'select 1 as invoice_id',
    'models/invoices_v2.sql': 'select 1 as invoice_id',
    'models/invoices.yml': 'models:\n  - name: invoices\n    latest_version: 2\n    versions:\n      - v: 1\n      - v: 2\n',
  });
  try {
    const loaded = await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    const v1 = loaded.manifest.nodes['model.ledger.invoices.v1']!;
    assert.deepEqual(v1.fqn, ['ledger', 'invoices', 'v1']);
    assert.deepEqual(v1.tags, ['by_model', 'by_version']);
    assert.equal(v1.config.materialized, 'view');
    assert.deepEqual(v1.unrendered_config, { tags: ['by_version'] });
    assert.deepEqual(loaded.manifest.nodes['model.ledger.invoices.v2']!.tags, ['by_model']);
  } finally {
    await p.cleanup();
  }
});
