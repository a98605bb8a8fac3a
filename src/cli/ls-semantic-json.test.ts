// End to end: `ls --output json` prints metrics, semantic models, saved queries and exposures as
// dbt's to_dict writes them, the shape manifest.json holds: a filter as a WhereFilterIntersection,
// a cumulative metric's cumulative_type_params filled, no top-level tags on a semantic model, an
// exposure's owner as dbt's Owner.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { listLines, newProject, writeProjectFile } from './test-helpers.js';

let dir = '';

before(async () => {
  dir = await newProject('kiosk');
  // dbt refuses a semantic layer without a daily time spine.
  writeProjectFile(dir, 'models/calendar.sql', "select date '2024-03-01' as day_at\n");
  writeProjectFile(dir, 'models/calendar.yml', 'models:\n  - name: calendar\n    time_spine: {standard_granularity_column: day_at}\n    columns: [{name: day_at, granularity: day}]\n');
  writeProjectFile(dir, 'models/sales.sql', 'select 3 as sale_id, 40 as cents, current_date as sold_on\n');
  writeProjectFile(dir, 'models/sales.yml', [
    'semantic_models:',
    '  - name: sale_facts',
    "    model: ref('sales')",
    '    defaults: {agg_time_dimension: sold_on}',
    '    entities: [{name: sale, type: primary, expr: sale_id}]',
    '    dimensions: [{name: sold_on, type: time, type_params: {time_granularity: day}}]',
    '    measures: [{name: takings, agg: sum, expr: cents}]',
    'metrics:',
    '  - name: big_takings',
    '    label: Big takings',
    '    type: simple',
    '    type_params: {measure: takings}',
    "    filter: \"{{ Dimension('sale__sold_on') }} > '2024-01-01'\"",
    '  - name: running_takings',
    '    label: Running takings',
    '    type: cumulative',
    '    type_params: {measure: takings}',
    'exposures:',
    '  - name: till_report',
    '    type: dashboard',
    "    depends_on: [ref('sales')]",
    '    owner: {name: Till Team, email: till@example.com}',
    '',
  ].join('\n'));
});
after(() => rm(dir, { recursive: true, force: true }));

test('ls --output json writes a metric filter parsed and cumulative params filled, as in the manifest', async () => {
  const lines = await listLines(dir, '--resource-type', 'metric', '--output', 'json', '--output-keys', 'name,filter,type_params');
  const [big, running] = lines.map((l) => JSON.parse(l) as Record<string, any>);
  assert.equal(big!['name'], 'big_takings');
  assert.deepEqual(big!['filter'], { where_filters: [{ where_sql_template: "{{ Dimension('sale__sold_on') }} > '2024-01-01'" }] });
  assert.equal(running!['name'], 'running_takings');
  assert.deepEqual(running!['type_params'].cumulative_type_params, { window: null, grain_to_date: null, period_agg: 'first' });
});

test("ls --output json lists a semantic model's default keys without tags, which dbt's SemanticModel lacks", async () => {
  const [line] = await listLines(dir, '--resource-type', 'semantic_model', '--output', 'json');
  const entry = JSON.parse(line!) as Record<string, unknown>;
  // In the order of dbt's to_dict: SemanticModel declares depends_on before config.
  assert.deepEqual(Object.keys(entry), ['name', 'resource_type', 'package_name', 'original_file_path', 'unique_id', 'depends_on', 'config']);
  assert.deepEqual(entry['depends_on'], { macros: [], nodes: ['model.kiosk.sales'] });
});

test("ls --output json keeps a metric's and an exposure's default keys in their class's order, tags before config", async () => {
  const keysOf = async (type: string) => (await listLines(dir, '--resource-type', type, '--output', 'json')).map((l) => Object.keys(JSON.parse(l) as object));
  const metricKeys = ['name', 'resource_type', 'package_name', 'original_file_path', 'unique_id', 'tags', 'config', 'depends_on'];
  assert.deepEqual(await keysOf('metric'), [metricKeys, metricKeys]);
  assert.deepEqual(await keysOf('exposure'), [metricKeys]);
});

test("ls --output json writes an exposure's owner as dbt's Owner does, email first", async () => {
  const [line] = await listLines(dir, '--resource-type', 'exposure', '--output', 'json', '--output-keys', 'name,owner');
  assert.equal(line, '{"name": "till_report", "owner": {"email": "till@example.com", "name": "Till Team"}}');
});
