// End to end: a metric in the `graph` context carries every field of dbt's MetricTypeParams,
// null when the YAML leaves it out, so a macro that reads `type_params.window | tojson` on any
// metric renders `null` (an absent field is Undefined, which tojson cannot serialize).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, readArtifact, runCli, writeDailyTimeSpine, writeProjectFile } from './test-helpers.js';

let dir = '';

before(async () => {
  dir = await newProject('ledger');
  // dbt refuses a semantic layer without a daily time spine.
  writeDailyTimeSpine(dir);
  writeProjectFile(dir, 'models/orders.sql', 'select 1 as order_id, 10 as amount, current_date as ordered_at\n');
  writeProjectFile(dir, 'models/semantic.yml', [
    'semantic_models:',
    '  - name: order_facts',
    "    model: ref('orders')",
    '    defaults: {agg_time_dimension: ordered_at}',
    '    entities: [{name: order, type: primary, expr: order_id}]',
    '    dimensions: [{name: ordered_at, type: time, type_params: {time_granularity: day}}]',
    '    measures: [{name: order_total, agg: sum, expr: amount}]',
    'metrics:',
    '  - name: revenue',
    '    label: Revenue',
    '    type: simple',
    '    type_params: {measure: order_total}',
    '',
  ].join('\n'));
  writeProjectFile(dir, 'models/metric_fields.sql', [
    '{% if execute %}{% for m in graph.metrics.values() %}',
    "select '{{ m.name }}' as name, '{{ m.filter | tojson }}' as filter, '{{ m.type_params.numerator | tojson }}' as numerator,",
    "  '{{ m.type_params.denominator | tojson }}' as denominator, '{{ m.type_params.expr | tojson }}' as expr,",
    "  '{{ m.type_params.window | tojson }}' as window_, '{{ m.type_params.grain_to_date | tojson }}' as grain_to_date,",
    "  '{{ m.type_params.metrics | tojson }}' as metrics, '{{ m.type_params.conversion_type_params | tojson }}' as conversion,",
    "  '{{ m.type_params.cumulative_type_params | tojson }}' as cumulative, '{{ m.type_params.measure.name }}' as measure",
    '{% endfor %}{% else %}select 1 as name{% endif %}',
    '',
  ].join('\n'));
});
after(() => rm(dir, { recursive: true, force: true }));

test('graph.metrics type_params has every dbt field, null when not given', async () => {
  const run = await runCli(['compile', '--select', 'metric_fields', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, run.err + run.out);
  const compiled = readFileSync(join(dir, 'target/compiled/ledger/models/metric_fields.sql'), 'utf8');
  assert.match(compiled, /'revenue' as name, 'null' as filter, 'null' as numerator,/);
  assert.match(compiled, /'null' as denominator, 'null' as expr,/);
  assert.match(compiled, /'null' as window_, 'null' as grain_to_date,/);
  assert.match(compiled, /'null' as metrics, 'null' as conversion,/);
  assert.match(compiled, /'null' as cumulative, 'order_total' as measure/);
});

test('manifest.json lists the same type_params fields, in dbt order', () => {
  const manifest = readArtifact<{ metrics: Record<string, { type_params: Record<string, unknown> }> }>(dir, 'manifest.json');
  const params = manifest.metrics['metric.ledger.revenue']!.type_params;
  assert.deepEqual(Object.keys(params), ['measure', 'input_measures', 'numerator', 'denominator', 'expr', 'window', 'grain_to_date', 'metrics', 'conversion_type_params', 'cumulative_type_params']);
  assert.equal(params['window'], null);
});
