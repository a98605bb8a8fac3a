// A microbatch model built through the CLI: one batch per day, lookback, date-range backfills
// with --event-time-start/--event-time-end, a failed day kept apart and re-run by retry.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { csv, scenarioProject, type ScenarioProject } from './incremental-scenario-kit.js';
import { readArtifact } from './test-helpers.js';

const DAY = 86_400_000;
const today = new Date(Math.floor(Date.now() / DAY) * DAY);
/** The UTC date `n` days from today, as YYYY-MM-DD. */
const day = (n: number) => new Date(today.getTime() + n * DAY).toISOString().slice(0, 10);

const SOURCES = `version: 2
sources:
  - name: raw
    tables:
      - name: events
        config:
          event_time: event_at
          external_location: 'data/events.csv'
`;

// A batch fails on purpose when --vars names its day.
const MODEL = `{{ config(materialized='incremental', incremental_strategy='microbatch', event_time='event_at',
    batch_size='day', begin='${day(-3)}', lookback=1) }}
select id, event_at, amount,
  {% if model.batch and var('fail_day', none) == model.batch.event_time_start.strftime('%Y-%m-%d') %} cast('boom' as integer) {% else %} 0 {% endif %} as broken
from {{ source('raw', 'events') }}
`;

const input = (amounts: [number, number, number, number, number]) =>
  csv(
    'id,event_at,amount',
    [1, `${day(-3)} 08:00:00`, amounts[0]],
    [2, `${day(-2)} 09:00:00`, amounts[1]],
    [3, `${day(-1)} 10:00:00`, amounts[2]],
    [4, `${day(0)} 00:00:00`, amounts[3]],
    [5, `${day(-1)} 23:59:59`, amounts[4]],
  );

interface BatchResults {
  successful: [string, string][];
  failed: [string, string][];
}

describe('microbatch models', () => {
  let p: ScenarioProject;
  before(async () => {
    p = await scenarioProject({ 'models/sources.yml': SOURCES, 'models/events_mb.sql': MODEL, 'data/events.csv': input([10, 20, 30, 40, 50]) });
  });
  after(async () => {
    await p.dispose();
  });

  const amounts = async () => (await p.rows('select id, amount::int from main.events_mb order by id')).map((r) => r[1]);
  const batchResults = () =>
    readArtifact<{ results: { unique_id: string; status: string; batch_results: BatchResults | null }[] }>(p.dir, 'run_results.json').results.find(
      (r) => r.unique_id === 'model.scenario.events_mb',
    )!;
  const iso = (d: string) => `${d}T00:00:00+00:00`;

  test('the first build runs one batch per day from begin to today, each with filtered inputs', async () => {
    const run = await p.ok('build');
    assert.match(run.out, /Batch 1 of 4 START batch \S+ of main\.events_mb/);
    // A batch line shows the batch's result message, dbt-duckdb's `OK` (no row count), as dbt prints it.
    assert.match(run.out, new RegExp(`Batch 4 of 4 OK created batch ${day(0)} of main\\.events_mb .* \\[OK in \\d+\\.\\d\\ds\\]`));
    assert.deepEqual(await amounts(), [10, 20, 30, 40, 50]);
    const compiled = batchResults();
    assert.deepEqual(compiled.batch_results?.successful.map((b) => b[0]), [iso(day(-3)), iso(day(-2)), iso(day(-1)), iso(day(0))]);
    assert.deepEqual(compiled.batch_results?.failed, []);
    // Each batch read its input through dbt's event_time filter (its SQL in a run file of its own).
    const executed = readFileSync(join(p.dir, 'target', 'run', 'scenario', 'models', 'events_mb', `events_mb_${day(-2)}.sql`), 'utf8');
    assert.ok(executed.includes(`where event_at >= '${day(-2)} 00:00:00+00:00' and event_at < '${day(-1)} 00:00:00+00:00')`), executed);
  });

  test('an incremental run reprocesses the lookback batch and the current one only', async () => {
    p.write('data/events.csv', input([11, 21, 31, 41, 51]));
    const run = await p.ok('run');
    assert.match(run.out, /Batch 2 of 2 OK/);
    // Days -3 and -2 are outside the lookback: their old amounts stay.
    assert.deepEqual(await amounts(), [10, 20, 31, 41, 51]);
  });

  test('--event-time-start/--event-time-end backfill a date range, one committed day at a time', async () => {
    const run = await p.ok('build', '--event-time-start', day(-3), '--event-time-end', day(-1));
    assert.match(run.out, /Batch 1 of 2 START batch/);
    assert.match(run.out, /Batch 2 of 2 OK created batch/);
    assert.deepEqual(await amounts(), [11, 21, 31, 41, 51]);
    assert.deepEqual(batchResults().batch_results?.successful, [
      [iso(day(-3)), iso(day(-2))],
      [iso(day(-2)), iso(day(-1))],
    ]);
  });

  test('a failing day is reported without losing the days around it, and retry re-runs only that day', async () => {
    p.write('data/events.csv', input([12, 22, 32, 42, 52]));
    const run = await p.run('build', '--event-time-start', day(-3), '--event-time-end', day(1), '--vars', `{fail_day: '${day(-2)}'}`);
    assert.equal(run.code, 1);
    const text = `${run.out}\n${run.err}`;
    // As dbt: the batch runs once, and its exception is logged as one on the batch's worker thread.
    assert.match(text, new RegExp(`Batch 2 of 4 ERROR creating batch ${day(-2)} of main\\.events_mb \\.+ \\[ERROR in`));
    assert.match(text, /Unhandled error while executing model\.scenario\.events_mb\nException on worker thread\. Runtime Error\n {2}Conversion Error/);
    assert.match(text, /OK created sql microbatch model main\.events_mb \.+ \[PARTIAL SUCCESS \(3\/4\) in/);
    // Days before and after the failed one are committed.
    assert.deepEqual(await amounts(), [12, 21, 32, 42, 52]);
    const failed = batchResults();
    assert.equal(failed.status, 'partial success');
    assert.deepEqual(failed.batch_results?.failed, [[iso(day(-2)), iso(day(-1))]]);
    assert.equal(failed.batch_results?.successful.length, 3);

    // retry reuses the failed build's vars, as dbt does: new vars clear the injected failure.
    const retry = await p.ok('retry', '--vars', '{fail_day: none}');
    assert.match(retry.out, /Batch 1 of 1 OK created batch/);
    assert.deepEqual(await amounts(), [12, 22, 32, 42, 52]);
    // The batches that succeeded before are recorded again after the retried one, as dbt does.
    const earlier = failed.batch_results?.successful ?? [];
    assert.deepEqual(batchResults().batch_results, { successful: [[iso(day(-2)), iso(day(-1))], ...earlier], failed: [] });
  });

  test('--event-time-start without --event-time-end is refused', async () => {
    const run = await p.run('build', '--event-time-start', day(-3));
    assert.equal(run.code, 2);
    assert.match(`${run.out}\n${run.err}`, /The flag `--event-time-start` was specified, but `--event-time-end` was not\. When specifying `--event-time-start`, `--event-time-end` must also be present\./);
  });

  test('an --event-time-start not before --event-time-end is refused in dbt\'s words', async () => {
    const run = await p.run('build', '--event-time-start', day(-1), '--event-time-end', day(-3));
    assert.equal(run.code, 2);
    assert.match(`${run.out}\n${run.err}`, /Value for `--event-time-start` must be less than `--event-time-end`/);
  });
});

describe('hourly microbatch models', () => {
  let p: ScenarioProject;
  before(async () => {
    p = await scenarioProject({
      'models/sources.yml': SOURCES,
      'models/hits_hourly.sql': `{{ config(materialized='incremental', incremental_strategy='microbatch', event_time='event_at',
    batch_size='hour', begin='2024-03-01') }}
select id, event_at, '{{ model.batch.id }}' as batch_id from {{ source('raw', 'events') }}
`,
      'data/events.csv': csv('id,event_at,amount', [1, '2024-03-01 05:10:00', 1], [2, '2024-03-01 06:59:59', 2], [3, '2024-03-01 07:00:00', 3]),
    });
  });
  after(async () => {
    await p.dispose();
  });

  test("name each batch as dbt's format_batch_start does (2024-03-01T05) in progress lines and compiled files, with batch_id 20240301T05", async () => {
    const run = await p.ok('build', '--event-time-start', '2024-03-01 05:00:00', '--event-time-end', '2024-03-01 07:00:00');
    assert.match(run.out, /Batch 1 of 2 START batch 2024-03-01T05 of main\.hits_hourly /);
    assert.match(run.out, /Batch 2 of 2 OK created batch 2024-03-01T06 of main\.hits_hourly /);
    const compiled = readFileSync(join(p.dir, 'target', 'compiled', 'scenario', 'models', 'hits_hourly', 'hits_hourly_2024-03-01T06.sql'), 'utf8');
    assert.match(compiled, /'20240301T06' as batch_id/);
    assert.deepEqual(await p.rows('select id, batch_id from main.hits_hourly order by id'), [
      [1, '20240301T05'],
      [2, '20240301T06'],
    ]);
  });
});
