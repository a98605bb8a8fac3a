import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProject } from './index.js';
import { CLEAN_ENV, writeProject } from './test-project.js';

test('manifest metadata.env holds the DBT_ENV_CUSTOM_ENV_ variables without their prefix, as dbt records them', async () => {
  const p = await writeProject({ 'dbt_project.yml': 'name: orchard\n', 'models/apples.sql': 'select 1 as apple_id' });
  try {
    const env = { ...CLEAN_ENV, DBT_ENV_CUSTOM_ENV_harvest: 'autumn', DBT_ENV_CUSTOM_ENV_: 'no key', DBT_ENV_SECRET_KEY: 'hidden', ORCHARD_ROW: '7' };
    const { manifest } = await loadProject({ projectDir: p.dir, env });
    assert.deepEqual(manifest.metadata.env, { harvest: 'autumn' });
  } finally {
    await p.cleanup();
  }
});
