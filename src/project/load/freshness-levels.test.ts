// A source table's freshness merges every level in dbt's order: the source's freshness:, its
// config: freshness:, the table's freshness:, then the table's config: freshness:.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProject } from './index.js';
import { CLEAN_ENV, writeProject } from './test-project.js';

test('freshness at top level and under config: merge threshold by threshold, config: later', async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: bakery\n',
    'models/src.yml': `sources:
  - name: ovens
    freshness:
      warn_after: {count: 20, period: hour}
      error_after: {count: 30, period: hour}
    config:
      freshness:
        warn_after: {count: 10, period: hour}
    loaded_at_field: baked_at
    tables:
      - name: rye
        freshness:
          warn_after: {count: 8, period: hour}
        config:
          freshness:
            warn_after: {count: 4, period: hour}
      - name: spelt
        freshness:
          warn_after: {count: 3, period: hour}
          error_after: {count: 99, period: hour}
        config:
          freshness:
            error_after: {count: 50, period: hour}
      - name: oat
        config:
          freshness: null
      - name: barley
`,
  });
  try {
    const { manifest } = await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    const rule = (t: string) => manifest.sources[`source.bakery.ovens.${t}`]!.freshness;
    const h = (count: number) => ({ count, period: 'hour' });
    assert.deepEqual(rule('rye'), { warn_after: h(4), error_after: h(30), filter: null });
    assert.deepEqual(rule('spelt'), { warn_after: h(3), error_after: h(50), filter: null });
    assert.equal(rule('oat'), null);
    assert.deepEqual(rule('barley'), { warn_after: h(10), error_after: h(30), filter: null });
  } finally {
    await p.cleanup();
  }
});
