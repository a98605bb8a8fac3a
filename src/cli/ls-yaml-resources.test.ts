// End to end: `ls` lists the YAML-only resources (metrics, semantic models) as dbt prints them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeProjectFile, listLines } from './test-helpers.js';

let dir = '';

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reelhouse-ls-'));
  writeProjectFile(dir, 'dbt_project.yml', 'name: shop\nprofile: shop\n');
  writeProjectFile(dir, 'profiles.yml', 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: shop.duckdb\n');
  writeProjectFile(dir, 'models/stores.sql', "select 1 as store_id, 0.25 as tax_rate, date '2024-01-01' as opened_on\n");
  writeProjectFile(dir, 'models/stores.yml', [
    // dbt refuses a semantic layer without a daily time spine: the model is its own.
    'models:',
    '  - name: stores',
    '    time_spine: {standard_granularity_column: opened_on}',
    '    columns: [{name: opened_on, granularity: day}]',
    'semantic_models:',
    '  - name: store_facts',
    "    model: ref('stores')",
    '    defaults: {agg_time_dimension: opened_on}',
    '    entities: [{name: store, type: primary, expr: store_id}]',
    '    dimensions: [{name: opened_on, type: time, type_params: {time_granularity: day}}]',
    '    measures: [{name: mean_tax, agg: average, expr: tax_rate}]',
    'metrics:',
    '  - name: mean_tax_rate',
    '    label: Mean tax rate',
    '    type: simple',
    '    type_params: {measure: mean_tax}',
    '',
  ].join('\n'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ls = (...args: string[]): Promise<string[]> => listLines(dir, ...args);

test('ls with no resource type lists metrics and semantic models with their type prefix', async () => {
  // In unique_id order, as dbt prints: metric.*, model.*, semantic_model.*
  assert.deepEqual(await ls(), ['metric:shop.mean_tax_rate', 'shop.stores', 'semantic_model:shop.store_facts']);
});

test('ls --resource-type picks metrics or semantic models alone, in every output format', async () => {
  assert.deepEqual(await ls('--resource-type', 'metric'), ['metric:shop.mean_tax_rate']);
  assert.deepEqual(await ls('--resource-type', 'semantic_model', '--output', 'name'), ['store_facts']);
  const json = (await ls('--resource-type', 'metric', '--output', 'json')).map((line) => JSON.parse(line) as Record<string, unknown>);
  assert.deepEqual(json.map((j) => [j['unique_id'], j['resource_type']]), [['metric.shop.mean_tax_rate', 'metric']]);
});
