// End to end: a project hook's operation node is configured by dbt_project.yml's `models:`
// levels its fqn (`<package>.hooks.<name>`) reaches, as dbt's parser configures it: its config
// and unrendered_config show them, and the config's tags join the hook's own tag.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

type Nodes = { nodes: Record<string, { config: Record<string, unknown>; unrendered_config: Record<string, unknown>; tags: string[]; meta: Record<string, unknown> }> };

test("a hook's node takes the models: levels of its package (not a folder's), in config, unrendered_config, tags and meta", async () => {
  const dir = await newProject('shop', [
    'on-run-start:',
    '  - "select 1"',
    'models:',
    '  shop:',
    '    +materialized: view',
    '    +tags: nightly',
    '    +meta: {owner: data}',
    '    staging:',
    '      +materialized: table',
    '',
  ].join('\n'));
  try {
    writeProjectFile(dir, 'models/staging/orders.sql', 'select 1 as id\n');
    const run = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const hook = readArtifact<Nodes>(dir, 'manifest.json').nodes['operation.shop.shop-on-run-start-0']!;
    assert.deepEqual(hook.unrendered_config, { materialized: 'view', tags: 'nightly', meta: { owner: 'data' } });
    assert.equal(hook.config.materialized, 'view');
    assert.deepEqual(hook.config.tags, ['nightly']);
    assert.deepEqual(hook.tags, ['on-run-start', 'nightly']);
    assert.deepEqual(hook.meta, { owner: 'data' });
    // Still dbt's NodeConfig: no model-only keys.
    assert.equal('access' in hook.config, false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
