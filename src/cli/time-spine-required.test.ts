// End to end: dbt refuses to parse a project with semantic models unless it has a time spine at
// the day grain or finer (a model configured with `time_spine:`, or the legacy
// `metricflow_time_spine` model); a coarser spine does not count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

const SEMANTIC = [
  'semantic_models:',
  '  - name: order_facts',
  "    model: ref('orders')",
  '    defaults: {agg_time_dimension: ordered_at}',
  '    entities: [{name: order, type: primary, expr: order_id}]',
  '    dimensions: [{name: ordered_at, type: time, type_params: {time_granularity: day}}]',
  '    measures: [{name: order_total, agg: sum, expr: amount}]',
  'metrics:',
  '  - {name: revenue, label: Revenue, type: simple, type_params: {measure: order_total}}',
  '',
].join('\n');

const NO_SPINE =
  'The semantic layer requires a time spine model with granularity DAY or smaller in the project, but none was found. ' +
  'Guidance on creating this model can be found on our docs site (https://docs.getdbt.com/docs/build/metricflow-time-spine).';

/** `parse` of a project with one semantic model and a metric, plus the given files. */
async function parse(files: Record<string, string>): Promise<{ code: number; text: string; spines: string[] }> {
  const dir = await newProject('ledger');
  try {
    writeProjectFile(dir, 'models/orders.sql', "select 1 as order_id, 5 as amount, date '2025-03-01' as ordered_at\n");
    writeProjectFile(dir, 'models/semantic.yml', SEMANTIC);
    for (const [path, text] of Object.entries(files)) writeProjectFile(dir, path, text);
    const run = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
    if (run.code !== 0) return { code: run.code, text: `${run.out}\n${run.err}`, spines: [] };
    const manifest = readArtifact<{ nodes: Record<string, { name: string; time_spine?: unknown }> }>(dir, 'manifest.json');
    return { code: 0, text: '', spines: Object.values(manifest.nodes).filter((n) => n.time_spine).map((n) => n.name) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const spine = (grain: string): Record<string, string> => ({
  'models/spine.sql': "select timestamp '2025-03-01' as ts\n",
  'models/spine.yml': `models:\n  - name: spine\n    time_spine: {standard_granularity_column: ts}\n    columns: [{name: ts, granularity: ${grain}}]\n`,
});
const LEGACY = { 'models/metricflow_time_spine.sql': "select date '2025-03-01' as date_day\n" };

test('semantic models without any time spine fail to parse, naming their file', async () => {
  const run = await parse({});
  assert.notEqual(run.code, 0);
  assert.ok(run.text.includes(NO_SPINE), run.text);
  assert.match(run.text, /models[/\\]semantic\.yml/);
});

test('a time spine coarser than a day does not count as the time spine', async () => {
  const run = await parse(spine('month'));
  assert.notEqual(run.code, 0);
  assert.ok(run.text.includes(NO_SPINE), run.text);
});

test('a model disabled in its own file is no legacy time spine', async () => {
  const run = await parse({ 'models/metricflow_time_spine.sql': "{{ config(enabled=false) }}\nselect date '2025-03-01' as date_day\n" });
  assert.notEqual(run.code, 0);
  assert.ok(run.text.includes(NO_SPINE), run.text);
});

test('a daily or finer time spine, or the legacy metricflow_time_spine model, satisfies the semantic layer', async () => {
  assert.deepEqual(await parse(spine('hour')), { code: 0, text: '', spines: ['spine'] });
  assert.deepEqual(await parse(spine('day')), { code: 0, text: '', spines: ['spine'] });
  // The finest spine counts: a monthly one beside the legacy daily model is fine.
  assert.deepEqual(await parse({ ...spine('month'), ...LEGACY }), { code: 0, text: '', spines: ['spine'] });
  assert.deepEqual(await parse(LEGACY), { code: 0, text: '', spines: [] });
});

test('a missing ref is reported before the missing time spine, as dbt resolves refs first', async () => {
  const run = await parse({ 'models/semantic.yml': SEMANTIC.replace("ref('orders')", "ref('order_lines')") });
  assert.notEqual(run.code, 0);
  assert.match(run.text, /order_lines/);
  assert.ok(!run.text.includes(NO_SPINE), run.text);
});
