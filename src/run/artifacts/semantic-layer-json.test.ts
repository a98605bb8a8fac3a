import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadProject } from '../../project/load/index.js';
import { CLEAN_ENV, writeProject } from '../../project/load/test-project.js';
import { manifestJsonParts, toManifestJson } from './manifest-json.js';
import { loadSchemaValidator } from './schema-validator.js';
import { metricTimeWindow, whereFilter } from './semantic-layer-json.js';

const validate = loadSchemaValidator('manifest/v12.json');
type Json = Record<string, any>;

const PROPERTIES = `version: 2
groups:
  - name: finance
    owner: {name: Fin Team, email: fin@example.com}
models:
  - name: orders
    config: {group: finance}
semantic_models:
  - name: orders
    model: ref('orders')
    meta: {owner: ana}
    tags: [core]
    defaults: {agg_time_dimension: ordered_at}
    entities:
      - {name: order, type: primary, expr: id}
    dimensions:
      - {name: ordered_at, type: time, type_params: {time_granularity: day}}
    measures:
      - {name: revenue, agg: sum, expr: amount}
      - {name: order_count, agg: count, expr: id}
      - name: last_amount
        agg: max
        expr: amount
        non_additive_dimension: {name: ordered_at, window_choice: max}
metrics:
  - name: revenue
    label: Revenue
    type: simple
    type_params: {measure: revenue}
  - name: paid_revenue
    label: Paid revenue
    type: simple
    filter: "{{ Dimension('order__status') }} = 'paid'"
    type_params:
      measure: {name: revenue, filter: ["{{ Dimension('order__status') }} = 'paid'", "amount > 0"]}
  - name: weekly_revenue
    label: Weekly revenue
    type: cumulative
    type_params:
      measure: revenue
      cumulative_type_params: {window: 7 days}
  - name: orders
    label: Orders
    type: simple
    type_params: {measure: order_count, cumulative_type_params: {window: 2 days}}
  - name: running_revenue
    label: Running revenue
    type: cumulative
    type_params: {measure: revenue}
  - name: monthly_revenue
    label: Month-to-date revenue
    type: cumulative
    type_params: {measure: revenue, grain_to_date: month}
  - name: revenue_growth
    label: Revenue growth
    type: derived
    type_params:
      expr: revenue - revenue_prev
      metrics:
        - revenue
        - {name: revenue, offset_window: 1 weeks, alias: revenue_prev}
  - name: paying_orders
    label: Paying orders
    type: conversion
    type_params:
      conversion_type_params: {entity: order, base_measure: order_count, conversion_measure: {name: revenue}, window: 3 days}
saved_queries:
  - name: revenue_by_day
    meta: {team: finance}
    query_params:
      metrics: [revenue]
      group_by: ["TimeDimension('order__ordered_at', 'day')"]
      where: ["{{ Dimension('order__status') }} = 'paid'"]
    exports:
      - {name: revenue_by_day, config: {export_as: table}}
`;

async function loadedManifest() {
  const p = await writeProject({
    'dbt_project.yml': 'name: shop\nprofile: shop\n',
    'models/orders.sql': "select 1 as id, 2.5 as amount, 'paid' as status, current_date as ordered_at",
    'models/props.yml': PROPERTIES,
    // dbt refuses a semantic layer without a daily time spine.
    'models/days.sql': "select date '2024-01-01' as date_day\n",
    'models/days.yml': 'models:\n  - name: days\n    time_spine: {standard_granularity_column: date_day}\n    columns: [{name: date_day, granularity: day}]\n',
  });
  try {
    return (await loadProject({ projectDir: p.dir, env: CLEAN_ENV })).manifest;
  } finally {
    await p.cleanup();
  }
}

describe('manifest.json semantic layer and groups', () => {
  it('writes windows as MetricTimeWindow and filters as WhereFilterIntersection, as dbt parses them', () => {
    assert.deepEqual(metricTimeWindow('7 days'), { count: 7, granularity: 'day' });
    assert.deepEqual(metricTimeWindow('1 Month'), { count: 1, granularity: 'month' });
    assert.deepEqual(metricTimeWindow('2 fiscal_weeks'), { count: 2, granularity: 'fiscal_weeks' }, 'a custom grain keeps its name');
    assert.equal(metricTimeWindow('weekly'), 'weekly', 'what is no "<count> <grain>" is left as written');
    assert.deepEqual(whereFilter('a = 1'), { where_filters: [{ where_sql_template: 'a = 1' }] });
    assert.deepEqual(whereFilter(['a = 1', 'b = 2']), { where_filters: [{ where_sql_template: 'a = 1' }, { where_sql_template: 'b = 2' }] });
  });

  it('a project with groups, semantic models, metrics and saved queries validates against the v12 schema', async () => {
    const manifest = await loadedManifest();
    const json = toManifestJson(manifest) as Json;
    const result = validate(json);
    assert.ok(result.valid, result.errors);

    const group = json['groups']['group.shop.finance'];
    assert.equal(group.path, 'props.yml', "dbt's path is the file's below models/");
    assert.equal(group.original_file_path, 'models/props.yml');
    assert.equal(group.description, null);
    assert.deepEqual(group.config, { meta: {} });
    assert.deepEqual(group.owner, { name: 'Fin Team', email: 'fin@example.com' });
    assert.deepEqual(json['group_map'], { finance: ['model.shop.orders'] }, "group_map lists each group's members");

    const metrics = json['metrics'];
    assert.deepEqual(metrics['metric.shop.weekly_revenue'].type_params.cumulative_type_params, { window: { count: 7, granularity: 'day' }, grain_to_date: null, period_agg: 'first' });
    // Every cumulative metric gets its nested params, filled from the legacy ones; others have none.
    assert.deepEqual(metrics['metric.shop.running_revenue'].type_params.cumulative_type_params, { window: null, grain_to_date: null, period_agg: 'first' });
    assert.deepEqual(metrics['metric.shop.monthly_revenue'].type_params.cumulative_type_params, { window: null, grain_to_date: 'month', period_agg: 'first' });
    assert.equal(metrics['metric.shop.monthly_revenue'].type_params.grain_to_date, 'month');
    assert.equal(metrics['metric.shop.revenue'].type_params.cumulative_type_params, null);
    assert.equal(metrics['metric.shop.orders'].type_params.cumulative_type_params, null, 'a simple metric has none, even when its YAML gives some');
    assert.deepEqual(metrics['metric.shop.paid_revenue'].filter, { where_filters: [{ where_sql_template: "{{ Dimension('order__status') }} = 'paid'" }] });
    assert.equal(metrics['metric.shop.paid_revenue'].type_params.measure.filter.where_filters.length, 2);
    const prev = metrics['metric.shop.revenue_growth'].type_params.metrics[1];
    assert.deepEqual(prev.offset_window, { count: 1, granularity: 'week' });
    assert.equal(metrics['metric.shop.revenue_growth'].type_params.metrics[0].offset_window, null);
    const conversion = metrics['metric.shop.paying_orders'].type_params.conversion_type_params;
    assert.deepEqual(conversion.base_measure, { name: 'order_count', filter: null, alias: null, join_to_timespine: false, fill_nulls_with: null });
    assert.deepEqual(conversion.window, { count: 3, granularity: 'day' });
    assert.equal(conversion.calculation, 'conversion_rate');

    const model = json['semantic_models']['semantic_model.shop.orders'];
    assert.ok(!('meta' in model) && !('tags' in model), 'meta and tags of a semantic model live in its config');
    assert.deepEqual(model.config.meta, { owner: 'ana' });
    assert.deepEqual(model.measures[2].non_additive_dimension, { name: 'ordered_at', window_choice: 'max', window_groupings: [] });
    const query = json['saved_queries']['saved_query.shop.revenue_by_day'];
    assert.ok(!('meta' in query));
    assert.deepEqual(query.config.meta, { team: 'finance' });
  });

  it("writes each metric, semantic model and saved query with its fields in the order of dbt's class", async () => {
    const json = toManifestJson(await loadedManifest()) as Json;
    const base = ['name', 'resource_type', 'package_name', 'path', 'original_file_path', 'unique_id', 'fqn'];
    assert.deepEqual(Object.keys(json['metrics']['metric.shop.revenue']), [...base, 'description', 'label', 'type', 'type_params', 'filter',
      'metadata', 'time_granularity', 'meta', 'tags', 'config', 'unrendered_config', 'sources', 'depends_on', 'refs', 'metrics', 'created_at', 'group']);
    assert.deepEqual(Object.keys(json['semantic_models']['semantic_model.shop.orders']), [...base, 'model', 'node_relation', 'description', 'label',
      'defaults', 'entities', 'measures', 'dimensions', 'metadata', 'depends_on', 'refs', 'created_at', 'config', 'unrendered_config', 'primary_entity', 'group']);
    assert.deepEqual(Object.keys(json['saved_queries']['saved_query.shop.revenue_by_day']), [...base, 'query_params', 'exports', 'description', 'label',
      'metadata', 'config', 'unrendered_config', 'group', 'depends_on', 'created_at', 'refs', 'tags']);
    // An owner is dbt's Owner: email, then name.
    assert.deepEqual(Object.keys(json['groups']['group.shop.finance'].owner), ['email', 'name']);
  });

  it('leaves the loaded manifest as read, for the metric engine', async () => {
    const manifest = await loadedManifest();
    toManifestJson(manifest);
    const weekly = manifest.metrics['metric.shop.weekly_revenue'] as Json;
    assert.equal(weekly['type_params'].cumulative_type_params.window, '7 days');
    assert.equal((manifest.metrics['metric.shop.paid_revenue'] as Json)['filter'], "{{ Dimension('order__status') }} = 'paid'");
    assert.deepEqual((manifest.semantic_models['semantic_model.shop.orders'] as Json)['meta'], { owner: 'ana' });
  });

  it('the schema rejects the raw shapes the writer replaces', async () => {
    const json = toManifestJson(await loadedManifest()) as Json;
    const rejected = (mutate: (j: Json) => void) => {
      const copy = structuredClone(json);
      mutate(copy);
      return !validate(copy).valid;
    };
    assert.ok(rejected((j) => { j['metrics']['metric.shop.weekly_revenue'].type_params.cumulative_type_params.window = '7 days'; }));
    assert.ok(rejected((j) => { j['metrics']['metric.shop.paid_revenue'].filter = 'x = 1'; }));
    assert.ok(rejected((j) => { delete j['groups']['group.shop.finance'].path; }));
    assert.ok(rejected((j) => { j['semantic_models']['semantic_model.shop.orders'].meta = {}; }));
    assert.ok(rejected((j) => { j['saved_queries']['saved_query.shop.revenue_by_day'].meta = {}; }));
  });

  it('streams the same text for these collections', async () => {
    const manifest = await loadedManifest();
    assert.equal([...manifestJsonParts(manifest, 1)].join(''), JSON.stringify(toManifestJson(manifest, 1)));
  });
});
