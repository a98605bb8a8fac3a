import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRenderer } from './index.js';
import { makeNode, makeProject, RENDER_OPTIONS } from './testing/make-project.js';

// A model that prints what a batch render sees of itself, and must also compile outside a batch.
const RAW = [
  "{% if '20240302' == model.batch.id %}select 'flagged' as note{% else %}",
  "select '{{ model.batch.id }}' as batch_id,",
  " '{{ model.config.__dbt_internal_microbatch_event_time_start }}' as cfg_start,",
  " '{{ model.config.__dbt_internal_microbatch_event_time_end }}' as cfg_end",
  '{% endif %}',
].join('');

function compiler(config: Record<string, unknown> = {}) {
  const project = makeProject({ nodes: [makeNode({ name: 'clicks_by_slot', raw_code: RAW }, { materialized: 'incremental', incremental_strategy: 'microbatch', event_time: 'clicked_at', begin: '2024-01-01', batch_size: 'day', ...config })] });
  const renderer = createRenderer(project, RENDER_OPTIONS);
  const manifest = renderer.parse(project.manifest);
  const node = manifest.nodes['model.shop.clicks_by_slot']!;
  return (batch?: { start: string; end: string }) =>
    renderer.compile(node, manifest, batch ? { batch: { start: new Date(batch.start), end: new Date(batch.end) } } : undefined);
}

test('outside a batch, model.batch is None: reading its fields renders nothing instead of failing', () => {
  const compile = compiler();
  assert.equal(compile(), "select '' as batch_id, '' as cfg_start, '' as cfg_end");
});

test('a batch render sees its id and bounds on model.batch and in the model config', () => {
  const compile = compiler();
  assert.equal(
    compile({ start: '2024-03-01T00:00:00Z', end: '2024-03-02T00:00:00Z' }),
    "select '20240301' as batch_id, '2024-03-01 00:00:00+00:00' as cfg_start, '2024-03-02 00:00:00+00:00' as cfg_end",
  );
  assert.equal(compile({ start: '2024-03-02T00:00:00Z', end: '2024-03-03T00:00:00Z' }), "select 'flagged' as note");
  // Hourly batches carry the hour in their id, midnight included.
  const hourly = compiler({ batch_size: 'hour' });
  assert.match(hourly({ start: '2024-03-01T00:00:00Z', end: '2024-03-01T01:00:00Z' }), /^select '20240301T00' as batch_id/u);
  assert.match(hourly({ start: '2024-03-01T17:00:00Z', end: '2024-03-01T18:00:00Z' }), /^select '20240301T17' as batch_id/u);
});

test("model.batch.id is dbt's batch_id: the start at the batch size's grain without dashes", () => {
  const id = (batchSize: string, start: string, end: string) => /^select '(\w+)' as batch_id/u.exec(compiler({ batch_size: batchSize })({ start, end }))?.[1];
  assert.equal(id('hour', '2024-03-01T00:00:00Z', '2024-03-01T01:00:00Z'), '20240301T00');
  assert.equal(id('day', '2024-03-01T00:00:00Z', '2024-03-02T00:00:00Z'), '20240301');
  assert.equal(id('month', '2024-03-01T00:00:00Z', '2024-04-01T00:00:00Z'), '202403');
  assert.equal(id('year', '2024-01-01T00:00:00Z', '2025-01-01T00:00:00Z'), '2024');
});
