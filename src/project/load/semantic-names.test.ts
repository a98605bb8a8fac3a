// With metrics and semantic models, dbt validates the semantic layer: MetricFlow refuses names
// that are not lower snake case, or that are a time granularity or a name it reserves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadError, type LoadError } from './test-project.js';

async function semanticError(model: string, dimension: string, withMetric = true): Promise<{ error?: LoadError; dir: string }> {
  return loadError({
    'dbt_project.yml': 'name: depot\nprofile: depot\n',
    'models/parcels.sql': "select 1 as parcel_id, date '2025-01-01' as sent_on",
    'models/semantic.yml': [
      'semantic_models:',
      `  - name: ${model}`,
      "    model: ref('parcels')",
      `    defaults: {agg_time_dimension: ${dimension}}`,
      '    entities: [{name: parcel, type: primary, expr: parcel_id}]',
      `    dimensions: [{name: ${dimension}, type: time, expr: sent_on, type_params: {time_granularity: day}}]`,
      '    measures: [{name: parcel_count, agg: count, expr: parcel_id}]',
      ...(withMetric ? ['metrics:', '  - {name: parcels, label: Parcels, type: simple, type_params: {measure: parcel_count}}'] : []),
      '',
    ].join('\n'),
  });
}

test('a semantic model name that is not lower snake case fails the semantic validation', async () => {
  const { error, dir } = await semanticError('Parcels', 'sent_on');
  assert.equal(
    error?.message,
    'Semantic Manifest validation failed.\n[ERROR]: Invalid name `Parcels` - names should only consist of lower case letters, numbers, and underscores. ' +
      'In addition, names should start with a lower case letter, and should not end with an underscore, and they must be at least 2 characters long.',
  );
  assert.deepEqual(error.diagnostic?.location, { file: join(dir, 'models/semantic.yml'), line: 3 });
});

test('a dimension named after a time granularity or metric_time fails it too', async () => {
  assert.match((await semanticError('parcels', 'month')).error?.message ?? '', /^Semantic Manifest validation failed\.\n\[ERROR\]: Invalid name `month` - names cannot match reserved time granularity keywords \(\['NANOSECOND', .*'YEAR'\]\)$/);
  assert.match((await semanticError('parcels', 'metric_time')).error?.message ?? '', /Invalid name `metric_time` - this name is reserved by MetricFlow\. Reason: Used as the query input/);
});

test('names are only validated when the project has metrics as well, as dbt does', async () => {
  assert.equal((await semanticError('Parcels', 'month', false)).error, undefined);
  assert.equal((await semanticError('parcels', 'sent_on')).error, undefined);
});
