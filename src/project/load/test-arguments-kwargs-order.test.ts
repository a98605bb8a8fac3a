// A column's generic test written with `arguments:` lists its column_name first in
// test_metadata.kwargs, as dbt adds the column before it spreads the arguments in; a test written
// with top-level inputs keeps them first, as before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProject } from './index.js';
import { CLEAN_ENV, writeProject } from './test-project.js';

test("a column test's kwargs list column_name before the inputs given under arguments:, after top-level ones", async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: mill\nprofile: mill\n',
    'models/flour.sql': "select 'I' as grade\n",
    'models/flour.yml': `version: 2
models:
  - name: flour
    columns:
      - name: grade
        data_tests:
          - accepted_values:
              arguments:
                values: ['I', 'U']
          - accepted_values:
              values: ['I', 'U', 'D']
`,
  });
  try {
    const nodes = (await loadProject({ projectDir: p.dir, env: CLEAN_ENV })).manifest.nodes;
    const kwargs = (id: string) => Object.keys((nodes[id] as unknown as { test_metadata: { kwargs: Record<string, unknown> } }).test_metadata.kwargs);
    const ids = Object.keys(nodes).filter((id) => id.startsWith('test.'));
    const nested = ids.find((id) => id.includes('grade__I__U.'))!;
    const flat = ids.find((id) => id.includes('grade__I__U__D.'))!;
    assert.deepEqual(kwargs(nested), ['column_name', 'values', 'model']);
    assert.deepEqual(kwargs(flat), ['values', 'column_name', 'model']);
  } finally {
    await p.cleanup();
  }
});
