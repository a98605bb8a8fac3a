// End to end: dbt's metric() in a node's SQL. The parse records each call in the node's
// `metrics` and links the metric as its parent (after its sources and refs); executing, it
// prints as the metric's name and reads the metric's attributes; a metric that does not exist
// stops the parse in dbt's words.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, readArtifact, runCli, writeDailyTimeSpine, writeProjectFile } from '../../cli/test-helpers.js';

let dir = '';

before(async () => {
  dir = await newProject('ledger');
  // dbt refuses a semantic layer without a daily time spine.
  writeDailyTimeSpine(dir);
  writeProjectFile(dir, 'models/entries.sql', 'select 1 as entry_id, 10 as amount, current_date as booked_on\n');
  writeProjectFile(dir, 'models/semantic.yml', [
    'semantic_models:',
    '  - name: entry_facts',
    "    model: ref('entries')",
    '    defaults: {agg_time_dimension: booked_on}',
    '    entities: [{name: entry, type: primary, expr: entry_id}]',
    '    dimensions: [{name: booked_on, type: time, type_params: {time_granularity: day}}]',
    '    measures: [{name: booked_total, agg: sum, expr: amount}]',
    'metrics:',
    '  - name: booked',
    '    label: Booked amount',
    '    type: simple',
    '    type_params: {measure: booked_total}',
    '',
  ].join('\n'));
  writeProjectFile(dir, 'models/summary.sql', [
    "{% do log('named ' ~ metric('booked') ~ ' execute=' ~ execute, info=true) %}",
    "select '{{ metric(\"booked\").label }}' as label, '{{ metric(\"booked\", \"ledger\").metric_name }}' as name from {{ ref('entries') }}",
    '',
  ].join('\n'));
});
after(() => rm(dir, { recursive: true, force: true }));

test('metric() records its calls and links the metric as a parent; executing it reads the metric', async () => {
  const run = await runCli(['compile', '--select', 'summary', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, run.out + run.err);
  assert.match(run.out, /named booked execute=False/);
  assert.match(run.out, /named booked execute=True/);
  const compiled = readFileSync(join(dir, 'target/compiled/ledger/models/summary.sql'), 'utf8');
  assert.match(compiled, /select 'Booked amount' as label, 'booked' as name from "ledger"\."main"\."entries"/);
  const manifest = readArtifact<{ nodes: Record<string, { metrics: string[][]; depends_on: { nodes: string[] } }> }>(dir, 'manifest.json');
  const node = manifest.nodes['model.ledger.summary']!;
  assert.deepEqual(node.metrics, [['booked'], ['booked'], ['ledger', 'booked']]);
  assert.deepEqual(node.depends_on.nodes, ['model.ledger.entries', 'metric.ledger.booked']);
});

test('a metric() naming no metric stops the parse, as dbt does', async () => {
  writeProjectFile(dir, 'models/stray.sql', "select '{{ metric('bookings') }}' as m\n");
  try {
    const run = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
    assert.notEqual(run.code, 0);
    assert.match(run.out + run.err, /Model 'model\.ledger\.stray' \(models\/stray\.sql\) depends on a metric named 'bookings' which was not found/);
  } finally {
    rmSync(join(dir, 'models/stray.sql'));
  }
});

test("metric() with three arguments fails with dbt's message", async () => {
  writeProjectFile(dir, 'models/stray.sql', "select '{{ metric('a', 'b', 'c') }}' as m\n");
  try {
    const run = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
    assert.notEqual(run.code, 0);
    assert.match(run.out + run.err, /metric\(\) takes at most two arguments \(3 given\)/);
  } finally {
    rmSync(join(dir, 'models/stray.sql'));
  }
});
