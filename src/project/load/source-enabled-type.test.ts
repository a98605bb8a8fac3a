// A source table's `enabled` must be a boolean: text such as "yes please" is an error naming it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProject } from './index.js';
import { CLEAN_ENV, writeProject } from './test-project.js';

test('a source enabled: that is not a boolean is rejected; true and false are kept', async () => {
  const bad = await writeProject({
    'dbt_project.yml': 'name: mill\n',
    'models/src.yml': 'sources:\n  - name: grain\n    tables:\n      - name: wheat\n        config:\n          enabled: yes please\n      - name: rye\n',
  });
  try {
    await assert.rejects(loadProject({ projectDir: bad.dir, env: CLEAN_ENV }), /Source config value of 'enabled: yes please' is not of type boolean/);
  } finally {
    await bad.cleanup();
  }
  const good = await writeProject({
    'dbt_project.yml': 'name: mill\n',
    'models/src.yml': 'sources:\n  - name: grain\n    tables:\n      - name: wheat\n        config:\n          enabled: false\n      - name: rye\n',
  });
  try {
    const { manifest } = await loadProject({ projectDir: good.dir, env: CLEAN_ENV });
    assert.deepEqual(Object.keys(manifest.sources), ['source.mill.grain.rye']);
    assert.ok(manifest.disabled['source.mill.grain.wheat']);
  } finally {
    await good.cleanup();
  }
});
