// End to end: semantic models, metrics and saved queries (of the project and of a local package)
// are dbt-shaped in manifest.json, sit in parent_map/child_map, are selectable with
// `+metric:x`, and a reference to something missing is an error at its YAML line.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSchemaValidator } from '../run/artifacts/schema-validator.js';
import { readArtifact, runCli, writeProjectFile, listLines, writeDailyTimeSpine } from './test-helpers.js';

let base = '';
let dir = '';

type Entry = Record<string, unknown> & { depends_on: { nodes: string[] }; config: Record<string, unknown>; fqn: string[] };
interface Manifest {
  semantic_models: Record<string, Entry>;
  metrics: Record<string, Entry>;
  saved_queries: Record<string, Entry>;
  parent_map: Record<string, string[]>;
  child_map: Record<string, string[]>;
  disabled: Record<string, Entry[]>;
}

const SEMANTIC = [
  'semantic_models:',
  '  - name: order_facts',
  '    description: One row per order.',
  "    model: ref('orders')",
  '    config: {meta: {owner: finance}}',
  '    defaults: {agg_time_dimension: ordered_at}',
  '    entities: [{name: order, type: primary, expr: order_id}]',
  '    dimensions: [{name: ordered_at, type: time, type_params: {time_granularity: day}}]',
  '    measures:',
  '      - {name: order_total, agg: sum, expr: amount}',
  '      - {name: order_count, agg: count, expr: order_id}',
  'metrics:',
  '  - name: revenue',
  '    label: Revenue',
  '    type: simple',
  '    tags: [finance]',
  '    type_params: {measure: order_total}',
  '  - name: orders_placed',
  '    label: Orders',
  '    type: simple',
  '    type_params:',
  '      measure: {name: order_count, filter: "1 = 1"}',
  '  - name: revenue_per_order',
  '    label: Revenue per order',
  '    type: ratio',
  '    type_params: {numerator: revenue, denominator: {name: orders_placed}}',
  '  - name: running_revenue',
  '    label: Running revenue',
  '    type: cumulative',
  '    type_params: {measure: order_total}',
  '  - name: revenue_plus_one',
  '    label: Revenue plus one',
  '    type: derived',
  '    type_params: {expr: revenue + 1, metrics: [revenue]}',
  '  - name: paying_orders',
  '    label: Paying orders',
  '    type: conversion',
  '    type_params:',
  '      conversion_type_params: {entity: order, base_measure: order_count, conversion_measure: {name: order_total}}',
  'saved_queries:',
  '  - name: weekly_revenue',
  '    query_params:',
  '      metrics: [revenue_per_order]',
  "      group_by: [\"TimeDimension('order__ordered_at', 'week')\"]",
  '',
].join('\n');

// dbt refuses a semantic layer without a daily time spine: each project here declares one.
function writeTimeSpine(project: string): void {
  writeDailyTimeSpine(project);
}

before(async () => {
  base = await mkdtemp(join(tmpdir(), 'reelhouse-semantic-'));
  dir = join(base, 'shop');
  writeProjectFile(dir, 'dbt_project.yml', 'name: shop\nprofile: shop\nmetrics:\n  shop:\n    +meta: {layer: semantic}\n');
  writeProjectFile(dir, 'profiles.yml', 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: shop.duckdb\n');
  writeTimeSpine(dir);
  writeProjectFile(dir, 'packages.yml', 'packages:\n  - local: ../stock\n');
  writeProjectFile(dir, 'models/raw_orders.sql', 'select 1 as order_id, 10.5 as amount, date \'2024-01-01\' as ordered_at\n');
  writeProjectFile(dir, 'models/orders.sql', "select * from {{ ref('raw_orders') }}\n");
  writeProjectFile(dir, 'models/unrelated.sql', 'select 1 as x\n');
  writeProjectFile(dir, 'models/marts/semantic.yml', SEMANTIC);
  writeProjectFile(base, 'stock/dbt_project.yml', 'name: stock\n');
  writeProjectFile(base, 'stock/models/stock_levels.sql', 'select 1 as item_id, 3 as on_hand\n');
  writeProjectFile(base, 'stock/models/stock.yml', [
    'semantic_models:',
    '  - name: stock_facts',
    "    model: ref('stock_levels')",
    '    entities: [{name: item, type: primary, expr: item_id}]',
    '    measures: [{name: units_on_hand, agg: sum, expr: on_hand}]',
    'metrics:',
    '  - name: units',
    '    label: Units',
    '    type: simple',
    '    type_params: {measure: units_on_hand}',
    '',
  ].join('\n'));
  const deps = await runCli(['deps', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(deps.code, 0, deps.err);
  const parse = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(parse.code, 0, `${parse.out}\n${parse.err}`);
});
after(async () => {
  await rm(base, { recursive: true, force: true });
});

const ls = (...args: string[]): Promise<string[]> => listLines(dir, ...args);

test('manifest.json holds dbt-shaped semantic models, metrics and saved queries and still validates', () => {
  const m = readArtifact<Manifest>(dir, 'manifest.json');
  const sm = m.semantic_models['semantic_model.shop.order_facts']!;
  assert.deepEqual(sm.fqn, ['shop', 'marts', 'order_facts']);
  assert.equal(sm.original_file_path, 'models/marts/semantic.yml');
  assert.equal(sm.path, 'marts/semantic.yml');
  assert.equal(sm.package_name, 'shop');
  assert.equal(sm.description, 'One row per order.');
  assert.deepEqual(sm.config, { enabled: true, group: null, meta: { owner: 'finance' }, tags: [] });
  assert.deepEqual(sm.depends_on.nodes, ['model.shop.orders']);
  assert.deepEqual(sm['node_relation'], { alias: 'orders', schema_name: 'main', database: 'shop', relation_name: '"shop"."main"."orders"' });
  assert.equal(sm['origin'], undefined, 'internal fields stay out of the artifact');

  const revenue = m.metrics['metric.shop.revenue']!;
  assert.deepEqual(revenue.fqn, ['shop', 'marts', 'revenue']);
  assert.deepEqual(revenue['tags'], ['finance']);
  assert.deepEqual(revenue['meta'], { layer: 'semantic' }, 'meta from the dbt_project.yml metrics: tree');
  assert.deepEqual(revenue.depends_on.nodes, ['semantic_model.shop.order_facts']);
  assert.equal((revenue['type_params'] as { measure: { name: string } }).measure.name, 'order_total');
  assert.deepEqual(m.metrics['metric.shop.revenue_per_order']!.depends_on.nodes, ['metric.shop.orders_placed', 'metric.shop.revenue']);
  assert.deepEqual(m.metrics['metric.shop.running_revenue']!.depends_on.nodes, ['semantic_model.shop.order_facts']);
  assert.deepEqual(m.metrics['metric.shop.revenue_plus_one']!.depends_on.nodes, ['metric.shop.revenue']);
  const conversion = m.metrics['metric.shop.paying_orders']!;
  assert.deepEqual(conversion.depends_on.nodes, ['semantic_model.shop.order_facts']);
  assert.deepEqual((conversion['type_params'] as { input_measures: { name: string }[] }).input_measures.map((x) => x.name), ['order_count', 'order_total']);
  assert.deepEqual(m.saved_queries['saved_query.shop.weekly_revenue']!.depends_on.nodes, ['metric.shop.revenue_per_order']);
  assert.deepEqual(m.metrics['metric.stock.units']!.depends_on.nodes, ['semantic_model.stock.stock_facts']);
  assert.deepEqual(m.semantic_models['semantic_model.stock.stock_facts']!.depends_on.nodes, ['model.stock.stock_levels']);

  assert.deepEqual(m.parent_map['metric.shop.revenue'], ['semantic_model.shop.order_facts']);
  assert.deepEqual(m.child_map['model.shop.orders'], ['semantic_model.shop.order_facts']);
  assert.deepEqual(m.child_map['metric.shop.revenue'], ['metric.shop.revenue_per_order', 'metric.shop.revenue_plus_one']);

  const validate = loadSchemaValidator('manifest/v12.json');
  const v = validate(m);
  assert.ok(v.valid, JSON.stringify(v.errors?.slice(0, 3)));
});

test('+metric:x selects the metric, what it combines and the models under them; saved queries and semantic models select too', async () => {
  assert.deepEqual(await ls('-s', '+metric:revenue_per_order'), [
    'metric:shop.orders_placed',
    'metric:shop.revenue',
    'metric:shop.revenue_per_order',
    // ls prints in unique_id order, as dbt: metric.*, then model.*, then semantic_model.*
    'shop.orders',
    'shop.raw_orders',
    'semantic_model:shop.order_facts',
  ]);
  assert.deepEqual(await ls('-s', '+saved_query:weekly_revenue', '--resource-type', 'model'), ['shop.orders', 'shop.raw_orders']);
  assert.deepEqual(await ls('-s', 'semantic_model:order_facts+', '--resource-type', 'saved_query'), ['saved_query:shop.weekly_revenue']);
  assert.deepEqual(await ls('-s', '+metric:stock.units'), ['metric:stock.units', 'stock.stock_levels', 'semantic_model:stock.stock_facts']);
});

test('a semantic model over a missing model, or a metric over a missing measure, names the YAML file and line', async () => {
  const bad = join(base, 'bad');
  writeProjectFile(bad, 'dbt_project.yml', 'name: bad\nprofile: shop\n');
  writeProjectFile(bad, 'profiles.yml', 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: bad.duckdb\n');
  writeTimeSpine(bad);
  writeProjectFile(bad, 'models/orders.sql', 'select 1 as order_id\n');
  writeProjectFile(bad, 'models/semantic.yml', SEMANTIC.replace("model: ref('orders')", "model: ref('missing_orders')"));
  const missingModel = await runCli(['parse', '--project-dir', bad, '--profiles-dir', bad]);
  assert.notEqual(missingModel.code, 0);
  assert.match(`${missingModel.out}\n${missingModel.err}`, /semantic_model\.bad\.order_facts.*'missing_orders'/);
  assert.match(`${missingModel.out}\n${missingModel.err}`, /models[/\\]semantic\.yml:4/);

  writeProjectFile(bad, 'models/semantic.yml', SEMANTIC.replace('type_params: {measure: order_total}', 'type_params: {measure: order_totl}'));
  const missingMeasure = await runCli(['parse', '--project-dir', bad, '--profiles-dir', bad]);
  assert.notEqual(missingMeasure.code, 0);
  const text = `${missingMeasure.out}\n${missingMeasure.err}`;
  assert.match(text, /Metric 'revenue' .*measure named 'order_totl'/);
  assert.match(text, /models[/\\]semantic\.yml:17/);

  writeProjectFile(bad, 'models/semantic.yml', SEMANTIC.replace('metrics: [revenue_per_order]', 'metrics: [revenue_per_ordr]'));
  const missingMetric = await runCli(['parse', '--project-dir', bad, '--profiles-dir', bad]);
  assert.notEqual(missingMetric.code, 0);
  const saved = `${missingMetric.out}\n${missingMetric.err}`;
  assert.match(saved, /Saved query 'weekly_revenue' .*metric named 'revenue_per_ordr'/);
  const metricsLine = SEMANTIC.split('\n').findIndex((line) => line.includes('metrics: [revenue_per_order]')) + 1;
  assert.match(saved, new RegExp(`models[/\\\\]semantic\\.yml:${metricsLine}\\b`));
});

test('enabled: false puts a metric in disabled, out of the graph', async () => {
  const off = join(base, 'quiet');
  writeProjectFile(off, 'dbt_project.yml', 'name: quiet\nprofile: shop\nmetrics:\n  quiet:\n    +enabled: false\n');
  writeProjectFile(off, 'profiles.yml', 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: quiet.duckdb\n');
  writeTimeSpine(off);
  writeProjectFile(off, 'models/orders.sql', 'select 1 as order_id, 2 as amount\n');
  writeProjectFile(off, 'models/semantic.yml', SEMANTIC.split('saved_queries:')[0]!);
  const parse = await runCli(['parse', '--project-dir', off, '--profiles-dir', off]);
  assert.equal(parse.code, 0, `${parse.out}\n${parse.err}`);
  const m = readArtifact<Manifest>(off, 'manifest.json');
  assert.deepEqual(Object.keys(m.metrics), []);
  assert.equal(m.disabled['metric.quiet.revenue']?.[0]?.['resource_type'], 'metric');
  assert.deepEqual(Object.keys(m.semantic_models), ['semantic_model.quiet.order_facts']);
});

test('a measure with create_metric: true also defines a simple metric of its name, in the graph and in ls', async () => {
  const gen = join(base, 'generated');
  writeProjectFile(gen, 'dbt_project.yml', 'name: gen\nprofile: shop\n');
  writeProjectFile(gen, 'profiles.yml', 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: gen.duckdb\n');
  writeTimeSpine(gen);
  writeProjectFile(gen, 'models/orders.sql', 'select 1 as order_id, 2 as amount\n');
  writeProjectFile(gen, 'models/semantic.yml', SEMANTIC.split('metrics:')[0]!.replace('{name: order_count, agg: count, expr: order_id}', '{name: order_count, agg: count, expr: order_id, create_metric: true, label: Order count}'));
  const parse = await runCli(['parse', '--project-dir', gen, '--profiles-dir', gen]);
  assert.equal(parse.code, 0, `${parse.out}\n${parse.err}`);
  const m = readArtifact<Manifest>(gen, 'manifest.json');
  const metric = m.metrics['metric.gen.order_count'];
  assert.ok(metric, Object.keys(m.metrics).join(', '));
  assert.equal(metric['label'], 'Order count');
  assert.equal((metric['type_params'] as { measure: { name: string } }).measure.name, 'order_count');
  assert.deepEqual(metric.depends_on.nodes, ['semantic_model.gen.order_facts']);
  const listed = await runCli(['ls', '--project-dir', gen, '--profiles-dir', gen, '-q', '--resource-type', 'metric']);
  assert.equal(listed.out.trim(), 'metric:gen.order_count');
});

test('ratio and derived metrics list the measures under what they combine; entities, dimensions and measures carry every member, expr as text', async () => {
  const combo = join(base, 'combo');
  writeProjectFile(combo, 'dbt_project.yml', 'name: combo\nprofile: shop\n');
  writeProjectFile(combo, 'profiles.yml', 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: combo.duckdb\n');
  writeTimeSpine(combo);
  writeProjectFile(combo, 'models/visits.sql', "select 7 as visit_id, 3 as pages, date '2024-02-01' as visited_on\n");
  writeProjectFile(combo, 'models/visits.yml', [
    'semantic_models:',
    '  - name: visit_facts',
    "    model: ref('visits')",
    '    defaults: {agg_time_dimension: visited_on}',
    '    entities: [{name: visit, type: primary, expr: visit_id}]',
    '    dimensions:',
    '      - {name: visited_on, type: time, type_params: {time_granularity: day}}',
    '      - {name: pages_band, type: categorical, expr: pages, config: {meta: {band: true}}}',
    '    measures:',
    '      - {name: visit_rows, agg: sum, expr: 1}',
    '      - {name: page_views, agg: sum, expr: pages, description: Pages seen}',
    'metrics:',
    '  - {name: visit_count, label: Visits, type: simple, type_params: {measure: visit_rows}}',
    '  - {name: views, label: Views, type: simple, type_params: {measure: page_views}}',
    '  - {name: views_per_visit, label: Views per visit, type: ratio, type_params: {numerator: views, denominator: visit_count}}',
    '  - name: views_growth',
    '    label: Views growth',
    '    type: derived',
    '    type_params:',
    '      expr: now_views - views_before',
    '      metrics:',
    '        - {name: views, alias: now_views}',
    '        - {name: views, alias: views_before, offset_window: 1 week}',
    '  - {name: growth_per_ratio, label: Growth per ratio, type: derived, type_params: {expr: views_growth / views_per_visit, metrics: [views_growth, views_per_visit]}}',
    '',
  ].join('\n'));
  const parse = await runCli(['parse', '--project-dir', combo, '--profiles-dir', combo]);
  assert.equal(parse.code, 0, `${parse.out}\n${parse.err}`);
  const m = readArtifact<Manifest>(combo, 'manifest.json');
  const inputs = (name: string) => ((m.metrics[`metric.combo.${name}`]!['type_params'] as { input_measures: { name: string }[] }).input_measures.map((x) => x.name));
  assert.deepEqual(inputs('visit_count'), ['visit_rows']);
  assert.deepEqual(inputs('views_per_visit'), ['page_views', 'visit_rows']);
  // dbt's add_input_measure skips a measure equal to one already listed.
  assert.deepEqual(inputs('views_growth'), ['page_views']);
  assert.deepEqual(inputs('growth_per_ratio'), ['page_views', 'visit_rows']);

  const sm = m.semantic_models['semantic_model.combo.visit_facts']!;
  assert.deepEqual(sm['entities'], [{ name: 'visit', type: 'primary', description: null, label: null, role: null, expr: 'visit_id', config: { meta: {} } }]);
  assert.deepEqual(sm['dimensions'], [
    { name: 'visited_on', type: 'time', description: null, label: null, is_partition: false, type_params: { time_granularity: 'day', validity_params: null }, expr: null, metadata: null, config: { meta: {} } },
    { name: 'pages_band', type: 'categorical', description: null, label: null, is_partition: false, type_params: null, expr: 'pages', metadata: null, config: { meta: { band: true } } },
  ]);
  const measures = sm['measures'] as Record<string, unknown>[];
  assert.deepEqual(measures[0], { name: 'visit_rows', agg: 'sum', description: null, label: null, create_metric: false, expr: '1', agg_params: null, non_additive_dimension: null, agg_time_dimension: null, config: { meta: {} } });
  assert.equal(measures[1]!['expr'], 'pages');
  assert.equal(measures[1]!['description'], 'Pages seen');
  const v = loadSchemaValidator('manifest/v12.json')(m);
  assert.ok(v.valid, JSON.stringify(v.errors?.slice(0, 3)));
});

test('saved queries carry dbt defaults: cache, export_as and schema in config, order_by and limit in query_params, full export configs', async () => {
  const sq = join(base, 'exports');
  writeProjectFile(sq, 'dbt_project.yml', 'name: exporter\nprofile: shop\nsaved-queries:\n  +cache:\n    enabled: true\n');
  writeProjectFile(sq, 'profiles.yml', 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: exporter.duckdb\n');
  writeTimeSpine(sq);
  writeProjectFile(sq, 'models/parcels.sql', "select 4 as parcel_id, date '2024-03-01' as sent_on\n");
  writeProjectFile(sq, 'models/parcels.yml', [
    'semantic_models:',
    '  - name: parcel_facts',
    "    model: ref('parcels')",
    '    defaults: {agg_time_dimension: sent_on}',
    '    entities: [{name: parcel, type: primary, expr: parcel_id}]',
    '    dimensions: [{name: sent_on, type: time, type_params: {time_granularity: day}}]',
    '    measures: [{name: parcel_rows, agg: sum, expr: 1}]',
    'metrics:',
    '  - {name: parcels_sent, label: Parcels, type: simple, type_params: {measure: parcel_rows}}',
    'saved_queries:',
    '  - name: daily_parcels',
    '    config: {schema: shipping}',
    '    query_params:',
    '      metrics: [parcels_sent]',
    '      group_by: ["TimeDimension(\'metric_time\', \'day\')"]',
    '      where: ["{{ Dimension(\'parcel__sent_on\') }} > \'2024-01-01\'"]',
    '    exports:',
    '      - {name: parcels_table, config: {export_as: table}}',
    '      - {name: parcels_view, config: {export_as: view, alias: parcels_latest, schema: outbox}}',
    '  - name: all_parcels',
    '    query_params: {metrics: [parcels_sent]}',
    '',
  ].join('\n'));
  const parse = await runCli(['parse', '--project-dir', sq, '--profiles-dir', sq]);
  assert.equal(parse.code, 0, `${parse.out}\n${parse.err}`);
  const m = readArtifact<Manifest>(sq, 'manifest.json');
  const daily = m.saved_queries['saved_query.exporter.daily_parcels']!;
  assert.equal(daily.config['export_as'], null);
  assert.equal(daily.config['schema'], 'shipping');
  assert.deepEqual(daily.config['cache'], { enabled: true });
  const params = daily['query_params'] as Record<string, unknown>;
  assert.deepEqual(params['order_by'], []);
  assert.equal(params['limit'], null);
  assert.deepEqual(daily['exports'], [
    { name: 'parcels_table', config: { export_as: 'table', schema_name: 'shipping', alias: null, database: null }, unrendered_config: { export_as: 'table' } },
    { name: 'parcels_view', config: { export_as: 'view', schema_name: 'outbox', alias: 'parcels_latest', database: null }, unrendered_config: { export_as: 'view', alias: 'parcels_latest', schema: 'outbox' } },
  ]);
  const listed = await runCli(['ls', '--project-dir', sq, '--profiles-dir', sq, '-q', '--resource-type', 'saved_query', '--output', 'json', '--output-keys', 'name,config']);
  const configs = listed.out.trim().split('\n').map((line) => JSON.parse(line) as { name: string; config: Record<string, unknown> });
  assert.deepEqual(configs.find((c) => c.name === 'all_parcels')?.config['cache'], { enabled: true });
  assert.equal(configs.find((c) => c.name === 'all_parcels')?.config['export_as'], null);
  const all = m.saved_queries['saved_query.exporter.all_parcels']!;
  assert.deepEqual(all['exports'], []);
  assert.equal(all.config['schema'], null);
  const v = loadSchemaValidator('manifest/v12.json')(m);
  assert.ok(v.valid, JSON.stringify(v.errors?.slice(0, 3)));
});
