// End to end: every command that writes manifest.json writes target/semantic_manifest.json
// beside it, as dbt does, with dbt-semantic-interfaces' layout: semantic models, metrics, saved
// queries and the project's time spines, every member present, in the order dbt writes them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, writeProjectFile } from './test-helpers.js';

type Json = Record<string, any>;

let base = '';
let shop = '';
let plain = '';

const PROFILE = (name: string): string => `${name}:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: ${name}.duckdb\n`;

const SEMANTIC = `models:
  - name: all_days
    time_spine:
      standard_granularity_column: date_day
      custom_granularities:
        - name: fiscal_quarter
        - name: retail_week
          column_name: week_445
    columns:
      - name: date_day
        granularity: day
      - name: fiscal_quarter
      - name: week_445
semantic_models:
  - name: order_facts
    description: One row per order.
    model: ref('orders')
    config: {meta: {owner: finance}}
    defaults: {agg_time_dimension: ordered_at}
    entities:
      - {name: order, type: primary, expr: order_id}
      - {name: customer, type: foreign, expr: customer_id, config: {meta: {pii: false}}}
    dimensions:
      - name: ordered_at
        type: time
        type_params: {time_granularity: day}
      - {name: amount_band, type: categorical, expr: "case when amount > 10 then 'big' else 'small' end", label: Band}
    measures:
      - {name: order_total, agg: sum, expr: amount, description: Sum of amounts, create_metric: true}
      - {name: order_count, agg: count, expr: 1}
      - name: p90_amount
        agg: percentile
        expr: amount
        agg_params: {percentile: 0.9, use_discrete_percentile: true}
metrics:
  - name: revenue
    label: Revenue
    description: Total revenue in €
    type: simple
    type_params: {measure: order_total}
  - name: big_orders
    label: Big orders
    type: simple
    filter: "{{ Dimension('order__amount_band') }} = 'big'"
    type_params:
      measure: {name: order_count, join_to_timespine: true, fill_nulls_with: 0}
  - name: revenue_per_order
    label: Revenue per order
    type: ratio
    type_params: {numerator: revenue, denominator: {name: big_orders, alias: n}}
  - name: running_revenue
    label: Running revenue
    type: cumulative
    type_params: {measure: order_total, window: 7 days}
  - name: mtd_revenue
    label: MTD revenue
    type: cumulative
    type_params:
      measure: order_total
      cumulative_type_params: {grain_to_date: MONTH, period_agg: last}
  - name: revenue_growth
    label: Revenue growth
    type: derived
    type_params:
      expr: revenue - revenue_last_week
      metrics:
        - revenue
        - {name: revenue, alias: revenue_last_week, offset_window: 1 week}
saved_queries:
  - name: weekly_revenue
    description: Revenue by week
    label: Weekly revenue
    config: {tags: [zeta, alpha]}
    query_params:
      metrics: [revenue, revenue_per_order]
      group_by: ["TimeDimension('order__ordered_at', 'week')"]
      where: ["{{ Dimension('order__amount_band') }} = 'big'"]
    exports:
      - name: weekly_export
        config: {export_as: table, schema: exports, alias: weekly}
`;

before(async () => {
  base = await mkdtemp(join(tmpdir(), 'reelhouse-semantic-manifest-'));
  shop = join(base, 'shop');
  writeProjectFile(shop, 'dbt_project.yml', 'name: shop\nprofile: shop\n');
  writeProjectFile(shop, 'profiles.yml', PROFILE('shop'));
  writeProjectFile(shop, 'models/orders.sql', "select 1 as order_id, 7 as customer_id, 10.5 as amount, date '2024-01-01' as ordered_at\n");
  writeProjectFile(shop, 'models/metricflow_time_spine.sql', "select date '2024-01-01' as date_day\n");
  writeProjectFile(shop, 'models/all_days.sql', "select date '2024-01-01' as date_day, 'Q1' as fiscal_quarter, 1 as week_445\n");
  writeProjectFile(shop, 'models/semantic.yml', SEMANTIC);
  const parse = await runCli(['parse', '--project-dir', shop, '--profiles-dir', shop]);
  assert.equal(parse.code, 0, `${parse.out}\n${parse.err}`);

  plain = join(base, 'plain');
  writeProjectFile(plain, 'dbt_project.yml', 'name: plain\nprofile: plain\n');
  writeProjectFile(plain, 'profiles.yml', PROFILE('plain'));
  writeProjectFile(plain, 'models/things.sql', 'select 1 as thing_id\n');
});
after(async () => {
  await rm(base, { recursive: true, force: true });
});

const text = (dir: string): string => readFileSync(join(dir, 'target', 'semantic_manifest.json'), 'utf8');
const read = (dir: string): Json => JSON.parse(text(dir)) as Json;

const input = (name: string, more: Json = {}): Json => ({ name, filter: null, alias: null, join_to_timespine: false, fill_nulls_with: null, ...more });
const metricInput = (name: string, more: Json = {}): Json => ({ name, filter: null, alias: null, offset_window: null, offset_to_grain: null, ...more });
const params = (more: Json): Json => ({
  measure: null, numerator: null, denominator: null, expr: null, window: null, grain_to_date: null, metrics: [],
  conversion_type_params: null, cumulative_type_params: null, input_measures: [], ...more,
});
const metric = (name: string, label: string, type: string, typeParams: Json, more: Json = {}): Json => ({
  name, description: '', type, type_params: params(typeParams), filter: null, metadata: null, label, config: { meta: {} }, time_granularity: null, ...more,
});

test('parse writes semantic_manifest.json: the semantic model with every member of its entities, dimensions and measures', () => {
  const doc = read(shop);
  assert.deepEqual(Object.keys(doc), ['semantic_models', 'metrics', 'project_configuration', 'saved_queries']);
  assert.equal(doc.semantic_models.length, 1);
  const sm = doc.semantic_models[0];
  assert.deepEqual(Object.keys(sm), ['name', 'defaults', 'description', 'node_relation', 'primary_entity', 'entities', 'measures', 'dimensions', 'label', 'metadata', 'config']);
  assert.deepEqual(Object.keys(sm.entities[0]), ['name', 'description', 'type', 'role', 'expr', 'metadata', 'label', 'config']);
  assert.deepEqual(Object.keys(sm.measures[0]), ['name', 'agg', 'description', 'create_metric', 'expr', 'agg_params', 'metadata', 'non_additive_dimension', 'agg_time_dimension', 'label', 'config']);
  assert.deepEqual(Object.keys(sm.dimensions[0]), ['name', 'description', 'type', 'is_partition', 'type_params', 'expr', 'metadata', 'label', 'config']);
  assert.deepEqual(sm, {
    name: 'order_facts',
    defaults: { agg_time_dimension: 'ordered_at' },
    description: 'One row per order.',
    node_relation: { alias: 'orders', schema_name: 'main', database: 'shop', relation_name: '"shop"."main"."orders"' },
    primary_entity: null,
    entities: [
      { name: 'order', description: null, type: 'primary', role: null, expr: 'order_id', metadata: null, label: null, config: { meta: {} } },
      { name: 'customer', description: null, type: 'foreign', role: null, expr: 'customer_id', metadata: null, label: null, config: { meta: { pii: false } } },
    ],
    measures: [
      { name: 'order_total', agg: 'sum', description: 'Sum of amounts', create_metric: false, expr: 'amount', agg_params: null, metadata: null, non_additive_dimension: null, agg_time_dimension: null, label: null, config: { meta: {} } },
      { name: 'order_count', agg: 'count', description: null, create_metric: false, expr: '1', agg_params: null, metadata: null, non_additive_dimension: null, agg_time_dimension: null, label: null, config: { meta: {} } },
      {
        name: 'p90_amount', agg: 'percentile', description: null, create_metric: false, expr: 'amount',
        agg_params: { percentile: 0.9, use_discrete_percentile: true, use_approximate_percentile: false },
        metadata: null, non_additive_dimension: null, agg_time_dimension: null, label: null, config: { meta: {} },
      },
    ],
    dimensions: [
      { name: 'ordered_at', description: null, type: 'time', is_partition: false, type_params: { time_granularity: 'day', validity_params: null }, expr: null, metadata: null, label: null, config: { meta: {} } },
      { name: 'amount_band', description: null, type: 'categorical', is_partition: false, type_params: null, expr: "case when amount > 10 then 'big' else 'small' end", metadata: null, label: 'Band', config: { meta: {} } },
    ],
    label: null,
    metadata: null,
    config: { meta: { owner: 'finance' } },
  });
});

test('metrics are written with every type param: inputs, parsed windows and filters, cumulative params filled in', () => {
  const metrics = read(shop).metrics as Json[];
  // The file's metrics first, then the one its create_metric measure defines, as dbt parses a file.
  assert.deepEqual(metrics.map((m) => m.name), ['revenue', 'big_orders', 'revenue_per_order', 'running_revenue', 'mtd_revenue', 'revenue_growth', 'order_total']);
  const byName = new Map(metrics.map((m) => [m.name as string, m]));
  assert.deepEqual(Object.keys(byName.get('revenue')!), ['name', 'description', 'type', 'type_params', 'filter', 'metadata', 'label', 'config', 'time_granularity']);
  assert.deepEqual(Object.keys(byName.get('revenue')!.type_params), ['measure', 'numerator', 'denominator', 'expr', 'window', 'grain_to_date', 'metrics', 'conversion_type_params', 'cumulative_type_params', 'input_measures']);
  assert.deepEqual(byName.get('revenue'), metric('revenue', 'Revenue', 'simple', { measure: input('order_total'), input_measures: [input('order_total')] }, { description: 'Total revenue in €' }));
  const counted = input('order_count', { join_to_timespine: true, fill_nulls_with: 0 });
  assert.deepEqual(byName.get('big_orders'), metric('big_orders', 'Big orders', 'simple', { measure: counted, input_measures: [counted] }, {
    filter: { where_filters: [{ where_sql_template: "{{ Dimension('order__amount_band') }} = 'big'" }] },
  }));
  assert.deepEqual(byName.get('revenue_per_order'), metric('revenue_per_order', 'Revenue per order', 'ratio', {
    numerator: metricInput('revenue'), denominator: metricInput('big_orders', { alias: 'n' }), input_measures: [input('order_total'), counted],
  }));
  const week = { count: 7, granularity: 'day' };
  assert.deepEqual(byName.get('running_revenue'), metric('running_revenue', 'Running revenue', 'cumulative', {
    measure: input('order_total'), window: week, cumulative_type_params: { window: week, grain_to_date: null, period_agg: 'first' }, input_measures: [input('order_total')],
  }));
  assert.deepEqual(byName.get('mtd_revenue')!.type_params.cumulative_type_params, { window: null, grain_to_date: 'month', period_agg: 'last' });
  // The same measure reached twice is listed once, as dbt's add_input_measure does.
  assert.deepEqual(byName.get('revenue_growth'), metric('revenue_growth', 'Revenue growth', 'derived', {
    expr: 'revenue - revenue_last_week',
    metrics: [metricInput('revenue'), metricInput('revenue', { alias: 'revenue_last_week', offset_window: { count: 1, granularity: 'week' } })],
    input_measures: [input('order_total')],
  }));
  // A create_metric measure's metric: the measure's name as label and expr, its description.
  assert.deepEqual(byName.get('order_total'), metric('order_total', 'order_total', 'simple', {
    measure: input('order_total'), expr: 'order_total', input_measures: [input('order_total')],
  }, { description: 'Sum of amounts' }));
});

test('saved queries carry their query params, export configs as schema_name and alias, and sorted tags', () => {
  const queries = read(shop).saved_queries as Json[];
  assert.deepEqual(queries, [{
    name: 'weekly_revenue',
    query_params: {
      metrics: ['revenue', 'revenue_per_order'],
      group_by: ["TimeDimension('order__ordered_at', 'week')"],
      order_by: [],
      limit: null,
      where: { where_filters: [{ where_sql_template: "{{ Dimension('order__amount_band') }} = 'big'" }] },
    },
    description: 'Revenue by week',
    metadata: null,
    label: 'Weekly revenue',
    exports: [{ name: 'weekly_export', config: { export_as: 'table', schema_name: 'exports', alias: 'weekly' } }],
    tags: ['alpha', 'zeta'],
  }]);
  assert.deepEqual(Object.keys(queries[0]!.query_params), ['metrics', 'group_by', 'order_by', 'limit', 'where']);
});

test('the project configuration lists time_spine models and, with semantic models, the legacy metricflow_time_spine', () => {
  assert.deepEqual(read(shop).project_configuration, {
    time_spine_table_configurations: [{ location: '"shop"."main"."metricflow_time_spine"', column_name: 'date_day', grain: 'day' }],
    metadata: null,
    dsi_package_version: { major_version: '0', minor_version: '9', patch_version: '0' },
    time_spines: [{
      node_relation: { alias: 'all_days', schema_name: 'main', database: 'shop', relation_name: '"shop"."main"."all_days"' },
      primary_column: { name: 'date_day', time_granularity: 'day' },
      custom_granularities: [{ name: 'fiscal_quarter', column_name: null }, { name: 'retail_week', column_name: 'week_445' }],
    }],
  });
});

test('the file is written as pydantic dumps it: Python json separators, non-ASCII escaped', () => {
  const raw = text(shop);
  assert.ok(raw.startsWith('{"semantic_models": [{"name": "order_facts", "defaults": {"agg_time_dimension": "ordered_at"}, '), raw.slice(0, 120));
  assert.ok(raw.includes('"description": "Total revenue in \\u20ac"'), 'non-ASCII as \\u escapes');
  assert.ok(!raw.endsWith('\n'));
});

test('a project without a semantic layer gets the empty document from every command that writes the manifest', async () => {
  const empty = '{"semantic_models": [], "metrics": [], "project_configuration": {"time_spine_table_configurations": [], "metadata": null, '
    + '"dsi_package_version": {"major_version": "0", "minor_version": "9", "patch_version": "0"}, "time_spines": []}, "saved_queries": []}';
  for (const command of [['parse'], ['ls', '-q'], ['compile'], ['run']]) {
    await rm(join(plain, 'target'), { recursive: true, force: true });
    const run = await runCli([...command, '--project-dir', plain, '--profiles-dir', plain]);
    assert.equal(run.code, 0, `${command.join(' ')}: ${run.out}\n${run.err}`);
    assert.equal(text(plain), empty, command.join(' '));
  }
  await rm(join(plain, 'target'), { recursive: true, force: true });
  const noJson = await runCli(['parse', '--no-write-json', '--project-dir', plain, '--profiles-dir', plain]);
  assert.equal(noJson.code, 0, noJson.err);
  assert.equal(existsSync(join(plain, 'target', 'semantic_manifest.json')), false, 'no artifacts with --no-write-json');
});

test('a metricflow_time_spine model declared with time_spine: is listed both as a time spine and, as dbt keeps it, as the legacy spine', async () => {
  const dir = join(base, 'declared');
  writeProjectFile(dir, 'dbt_project.yml', 'name: declared\nprofile: declared\n');
  writeProjectFile(dir, 'profiles.yml', PROFILE('declared'));
  writeProjectFile(dir, 'models/orders.sql', "select 1 as order_id, date '2024-01-01' as ordered_at\n");
  writeProjectFile(dir, 'models/metricflow_time_spine.sql', "select date '2024-01-01' as date_day\n");
  writeProjectFile(dir, 'models/semantic.yml', `models:
  - name: metricflow_time_spine
    time_spine:
      standard_granularity_column: date_day
    columns:
      - name: date_day
        granularity: day
semantic_models:
  - name: order_facts
    model: ref('orders')
    defaults: {agg_time_dimension: ordered_at}
    entities:
      - {name: order, type: primary, expr: order_id}
    dimensions:
      - {name: ordered_at, type: time, type_params: {time_granularity: day}}
    measures:
      - {name: order_count, agg: count, expr: 1}
metrics:
  - {name: orders, label: Orders, type: simple, type_params: {measure: order_count}}
`);
  const run = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, run.out + run.err);
  const config = read(dir).project_configuration as Json;
  assert.deepEqual(config.time_spine_table_configurations, [{ location: '"declared"."main"."metricflow_time_spine"', column_name: 'date_day', grain: 'day' }]);
  assert.deepEqual((config.time_spines as Json[]).map((s) => s.node_relation.alias), ['metricflow_time_spine']);
});
