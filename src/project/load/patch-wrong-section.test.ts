// A `models:`, `seeds:` or `snapshots:` entry naming a node of another type (a seed described under
// models:) gets dbt's WrongResourceSchemaFile warning, not "Did not find matching node", and
// leaves the node unpatched, as dbt's patch parser does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProject } from './index.js';
import { CLEAN_ENV, writeProject } from './test-project.js';

test("an entry filed under another resource type's section is warned of in dbt's words, and patches nothing", async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: orchard\n',
    'seeds/apples.csv': 'apple_id,variety\n1,cox\n',
    'models/baskets.sql': 'select 1 as basket_id',
    'models/props.yml': `version: 2
models:
  - name: apples
    description: a seed described as a model
seeds:
  - name: baskets
    description: a model described as a seed
`,
  });
  try {
    const loaded = await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    const warnings = loaded.diagnostics.filter((d) => d.code === 'patch-wrong-section');
    assert.deepEqual(
      warnings.map((d) => [d.message, d.hint, d.location?.line]),
      [
        ["'apples' is a seed node, but it is specified in the models section of models/props.yml.", 'To fix this error, place the `apples` specification under the seeds key instead.', 3],
        ["'baskets' is a model node, but it is specified in the seeds section of models/props.yml.", 'To fix this error, place the `baskets` specification under the models key instead.', 6],
      ],
    );
    assert.deepEqual(warnings[0]!.event?.data, { patch_name: 'apples', resource_type: 'seed', plural_resource_type: 'seeds', yaml_key: 'models', file_path: 'models/props.yml' });
    assert.equal(loaded.diagnostics.filter((d) => d.code === 'patch-missing-node').length, 0);
    assert.equal(loaded.manifest.nodes['seed.orchard.apples']?.description, '');
    assert.equal(loaded.manifest.nodes['model.orchard.baskets']?.description, '');
  } finally {
    await p.cleanup();
  }
});
