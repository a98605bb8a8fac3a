// End to end: `state:modified` compares metrics, semantic models and saved queries with a
// previous manifest in the shape manifest.json writes them, so an unchanged project selects none.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { listLines, newProject, runCli, writeDailyTimeSpine, writeProjectFile } from './test-helpers.js';

const SEMANTIC_YAML = (label: string): string => `semantic_models:
  - name: order_lines
    model: ref('orders')
    defaults:
      agg_time_dimension: ordered_at
    entities:
      - name: order
        type: primary
        expr: order_id
    dimensions:
      - name: ordered_at
        type: time
        type_params:
          time_granularity: day
      - name: is_paid
        type: categorical
    measures:
      - name: amount
        agg: sum
metrics:
  - name: paid_amount
    label: ${label}
    type: simple
    type_params:
      measure:
        name: amount
        fill_nulls_with: 0
    filter: "{{ Dimension('order__is_paid') }}"
  - name: amount_total
    label: Amount
    type: simple
    type_params:
      measure: amount
saved_queries:
  - name: paid_by_day
    query_params:
      metrics: [paid_amount]
      group_by: ["TimeDimension('order__ordered_at', 'day')"]
      where: ["{{ Dimension('order__is_paid') }}"]
`;

describe('state:modified and the semantic layer', () => {
  let dir = '';
  before(async () => {
    dir = await newProject('semstate');
    // dbt refuses a semantic layer without a daily time spine.
    writeDailyTimeSpine(dir);
    writeProjectFile(dir, 'models/orders.sql', 'select 1 as order_id, current_date as ordered_at, true as is_paid, 10 as amount');
    writeProjectFile(dir, 'models/semantic.yml', SEMANTIC_YAML('Paid amount'));
    const parse = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir, '-q']);
    assert.equal(parse.code, 0, parse.err);
    await cp(join(dir, 'target'), join(dir, 'state'), { recursive: true });
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const modified = (): Promise<string[]> =>
    listLines(dir, '--select', 'state:modified', '--state', join(dir, 'state'));

  test('selects no metric, semantic model or saved query when nothing changed', async () => {
    assert.deepEqual(await modified(), []);
  });

  test('selects the metric whose definition changed, and only it', async () => {
    writeProjectFile(dir, 'models/semantic.yml', SEMANTIC_YAML('Amount paid'));
    assert.deepEqual(await modified(), ['metric:semstate.paid_amount']);
  });
});
