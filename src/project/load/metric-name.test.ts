// dbt's metric names: a letter first, then letters, digits and underscores (a label is for display).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadError, type LoadError } from './test-project.js';

async function metricError(name: string): Promise<{ error?: LoadError; dir: string }> {
  return loadError({
    'dbt_project.yml': 'name: till\nprofile: till\n',
    'models/sales.sql': "select 1 as sale_id, date '2025-01-01' as sold_on",
    'models/semantic.yml': [
      'semantic_models:',
      '  - name: sales',
      "    model: ref('sales')",
      '    defaults: {agg_time_dimension: sold_on}',
      '    entities: [{name: sale, type: primary, expr: sale_id}]',
      '    dimensions: [{name: sold_on, type: time, type_params: {time_granularity: day}}]',
      '    measures: [{name: sale_count, agg: count, expr: sale_id}]',
      'metrics:',
      `  - name: ${name}`,
      '    label: Sales',
      '    type: simple',
      '    type_params: {measure: sale_count}',
      '',
    ].join('\n'),
  });
}

test("a metric name with a space fails to parse with dbt's message", async () => {
  const { error, dir } = await metricError('sale count');
  assert.equal(
    error?.message,
    "Invalid metrics config given in models/semantic.yml @ metrics: {'name': 'sale count', 'label': 'Sales', 'type': 'simple', 'type_params': {'measure': 'sale_count'}} - at path []: The metric name 'sale count' is invalid.  It cannot contain spaces, must contain only letters, numbers and underscores",
  );
  assert.deepEqual(error.diagnostic?.location, { file: join(dir, 'models/semantic.yml'), line: 9 });
});

test('a metric name must begin with a letter and hold no punctuation', async () => {
  assert.match((await metricError('_sales')).error?.message ?? '', /The metric name '_sales' is invalid\. {2}It must begin with a letter$/);
  assert.match((await metricError('sales-count')).error?.message ?? '', /The metric name 'sales-count' is invalid\. {2}It must contain only letters, numbers and underscores$/);
  assert.equal((await metricError('sales_2025')).error, undefined);
});
