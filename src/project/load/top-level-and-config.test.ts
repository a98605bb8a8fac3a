// A model's properties may set meta (docs, group, contract, access) at the top level or under
// config:, not both: dbt refuses the entry rather than silently picking one of the two.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProject } from './index.js';
import { CLEAN_ENV, writeProject } from './test-project.js';

test('meta both at the top level and under config: is rejected; either place alone is kept', async () => {
  const both = await writeProject({
    'dbt_project.yml': 'name: bakery\n',
    'models/loaves.sql': 'select 1 as id',
    'models/props.yml': 'models:\n  - name: loaves\n    meta:\n      baker: ines\n    config:\n      meta:\n        baker: tomas\n',
  });
  try {
    await assert.rejects(loadProject({ projectDir: both.dir, env: CLEAN_ENV }), /found meta dictionary in 'config' dictionary and as top-level key/);
  } finally {
    await both.cleanup();
  }
  const apart = await writeProject({
    'dbt_project.yml': 'name: bakery\n',
    'models/loaves.sql': 'select 1 as id',
    'models/rolls.sql': 'select 1 as id',
    'models/props.yml': 'models:\n  - name: loaves\n    meta:\n      baker: ines\n  - name: rolls\n    config:\n      meta:\n        baker: tomas\n',
  });
  try {
    const { manifest } = await loadProject({ projectDir: apart.dir, env: CLEAN_ENV });
    assert.deepEqual(manifest.nodes['model.bakery.loaves']?.config.meta, { baker: 'ines' });
    assert.deepEqual(manifest.nodes['model.bakery.rolls']?.config.meta, { baker: 'tomas' });
  } finally {
    await apart.cleanup();
  }
});
