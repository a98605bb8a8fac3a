import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProject } from './index.js';
import { CLEAN_ENV, writeProject } from './test-project.js';

test("source freshness has dbt's shape: empty thresholds are {count: null, period: null}, only an explicit null drops one", async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: mill\nprofile: mill\n',
    'models/grain.yml': `version: 2
sources:
  - name: silo
    freshness:
      warn_after: {count: 6, period: hour}
    tables:
      - name: wheat
      - name: barley
        freshness:
          warn_after: null
      - name: oats
        freshness: null
  - name: barn
    tables:
      - name: hay
`,
  });
  try {
    const sources = (await loadProject({ projectDir: p.dir, env: CLEAN_ENV })).manifest.sources;
    const empty = { count: null, period: null };
    assert.deepEqual(sources['source.mill.silo.wheat']!.freshness, { warn_after: { count: 6, period: 'hour' }, error_after: empty, filter: null });
    assert.deepEqual(sources['source.mill.silo.barley']!.freshness, { warn_after: null, error_after: empty, filter: null });
    assert.equal(sources['source.mill.silo.oats']!.freshness, null);
    assert.deepEqual(sources['source.mill.barn.hay']!.freshness, { warn_after: empty, error_after: empty, filter: null });
  } finally {
    await p.cleanup();
  }
});
