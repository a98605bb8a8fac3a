// A microbatch model some of whose batches fail, through the CLI on a real DuckDB file: the
// model is a `partial success` (console line, summary, run_results.json, exit code, JSON log),
// its children are skipped, retry re-runs only the failed batch, each batch has its own
// compiled and run file, and the model's hooks run with the first and last batch.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadSchemaValidator } from '../run/artifacts/schema-validator.js';
import { runFromResults } from '../server/runs/run-history.js';
import { csv, dayFromToday as day, ORDERS_SOURCE_YML as SOURCES, scenarioProject, type ScenarioProject } from './incremental-scenario-kit.js';
import { readArtifact } from './test-helpers.js';

/** dbt's model.batch.id of a day batch: YYYYMMDD. */
const batchId = (n: number) => day(n).replace(/-/g, '');

// The batch named by --vars {broken_batch: ...} fails; the hooks log the batch they run with.
const MODEL = `{{ config(materialized='incremental', incremental_strategy='microbatch', event_time='sold_at',
    batch_size='day', begin='${day(-2)}',
    pre_hook="{% if execute %}{{ log('pre-hook ran for batch ' ~ model.batch.id, info=True) }}{% endif %}",
    post_hook="{% if execute %}{{ log('post-hook ran for batch ' ~ model.batch.id, info=True) }}{% endif %}") }}
select order_id, sold_at,
  {% if model.batch and model.batch.id == var('broken_batch', 'none') %} cast('not a number' as integer) {% else %} amount {% endif %} as amount
from {{ source('shop', 'orders') }}
`;

const ORDERS = csv('order_id,sold_at,amount', [1, `${day(-2)} 09:00:00`, 10], [2, `${day(-1)} 10:00:00`, 20], [3, `${day(0)} 11:00:00`, 30]);

const WINDOW = ['--event-time-start', day(-2), '--event-time-end', day(1)];

interface Result {
  unique_id: string;
  status: string;
  message: string | null;
  failures: number | null;
  adapter_response: Record<string, unknown>;
  compiled: boolean | null;
  compiled_code: string | null;
  batch_results: { successful: [string, string][]; failed: [string, string][] } | null;
}

describe('a microbatch model with failed and successful batches', () => {
  let p: ScenarioProject;
  const validateRunResults = loadSchemaValidator('run-results/v6.json');
  const results = () => readArtifact<{ results: Result[] }>(p.dir, 'run_results.json');
  const resultOf = (name: string) => results().results.find((r) => r.unique_id === `model.scenario.${name}`);
  const ids = async () => (await p.rows('select order_id from main.mb_orders order by order_id')).map((r) => r[0]);
  const iso = (n: number) => `${day(n)}T00:00:00+00:00`;

  before(async () => {
    p = await scenarioProject({
      'models/sources.yml': SOURCES,
      'models/mb_orders.sql': MODEL,
      'models/orders_total.sql': "{{ config(materialized='table') }}\nselect count(*) as n from {{ ref('mb_orders') }}\n",
      'data/orders.csv': ORDERS,
      'selectors.yml': 'selectors:\n  - name: partly_built\n    definition:\n      method: result\n      value: partial success\n',
    });
  });
  after(async () => {
    await p.dispose();
  });

  test('is reported as a partial success, and its children are skipped', async () => {
    const run = await p.run('run', ...WINDOW, '--vars', `{broken_batch: '${batchId(-1)}'}`);
    const text = `${run.out}\n${run.err}`;
    assert.equal(run.code, 1, text);
    assert.match(text, /1 of 2 START sql microbatch model main\.mb_orders \.+ \[RUN\]/);
    assert.match(text, /1 of 2 OK created sql microbatch model main\.mb_orders \.+ \[PARTIAL SUCCESS \(2\/3\) in \d+\.\d\ds\]/);
    assert.match(text, new RegExp(`Batch 2 of 3 ERROR creating batch ${day(-1)} of main\\.mb_orders`));
    assert.match(text, /2 of 2 SKIP relation main\.orders_total \.+ \[SKIP\]/);
    assert.match(text, /Completed with 1 partial success and 0 warnings/);
    assert.doesNotMatch(text, /Completed with \d+ error/);
    assert.match(text, /Done\. PASS=0 WARN=0 ERROR=1 SKIP=1 NO-OP=0 TOTAL=2/);
    // The failed batch's own error is shown when it fails.
    assert.match(text, /Could not convert string 'not a number'/);
    // Its neighbours are committed.
    assert.deepEqual(await ids(), [1, 3]);

    const doc = results();
    const model = resultOf('mb_orders')!;
    assert.equal(model.status, 'partial success');
    assert.equal(model.message, 'PARTIAL SUCCESS (2/3)');
    // As dbt: the batches did the work, so the model's own result has no adapter response and 0 failures.
    assert.equal(model.failures, 0);
    assert.deepEqual(model.adapter_response, {});
    // dbt compiles the batches only: the model itself is recorded uncompiled, here and in manifest.json.
    assert.equal(model.compiled, false);
    assert.equal(model.compiled_code, null);
    const manifest = readArtifact<{ nodes: Record<string, { compiled_code?: string; compiled_path?: string | null }> }>(p.dir, 'manifest.json');
    assert.equal(manifest.nodes['model.scenario.mb_orders']?.compiled_code, undefined);
    assert.equal(manifest.nodes['model.scenario.mb_orders']?.compiled_path, null);
    assert.deepEqual(model.batch_results, {
      successful: [
        [iso(-2), iso(-1)],
        [iso(0), iso(1)],
      ],
      failed: [[iso(-1), iso(0)]],
    });
    assert.equal(resultOf('orders_total')?.status, 'skipped');
    const valid = validateRunResults(doc);
    assert.ok(valid.valid, valid.errors);
  });

  test('`result:partial success` selects it from the previous run results', async () => {
    const state = mkdtempSync(join(tmpdir(), 'reelhouse-state-'));
    try {
      cpSync(join(p.dir, 'target'), state, { recursive: true });
      const ls = await p.ok('ls', '-q', '--selector', 'partly_built', '--state', state, '--resource-type', 'model');
      assert.deepEqual(ls.out.trim().split('\n'), ['scenario.mb_orders']);
    } finally {
      rmSync(state, { recursive: true, force: true });
    }
  });

  test("the web app's run view marks the run failed and counts the partial success", () => {
    const run = runFromResults(readArtifact(p.dir, 'run_results.json'), readArtifact(p.dir, 'manifest.json'));
    assert.equal(run?.status, 'error');
    assert.deepEqual(run?.counts, { 'partial success': 1, skipped: 1 });
    assert.equal(run?.nodes.find((n) => n.name === 'mb_orders')?.message, 'PARTIAL SUCCESS (2/3)');
  });

  test('writes one compiled and one run file per batch, named for the batch', () => {
    for (const n of [-2, -1, 0]) {
      const name = `mb_orders_${day(n)}.sql`;
      const compiled = readFileSync(join(p.dir, 'target', 'compiled', 'scenario', 'models', 'mb_orders', name), 'utf8');
      assert.ok(compiled.includes(`sold_at >= '${day(n)} 00:00:00+00:00' and sold_at < '${day(n + 1)} 00:00:00+00:00'`), compiled);
      const executed = readFileSync(join(p.dir, 'target', 'run', 'scenario', 'models', 'mb_orders', name), 'utf8');
      assert.ok(executed.includes(`'${day(n)} 00:00:00+00:00'`), executed);
    }
    // The broken batch's file holds the SQL that failed.
    assert.match(readFileSync(join(p.dir, 'target', 'compiled', 'scenario', 'models', 'mb_orders', `mb_orders_${day(-1)}.sql`), 'utf8'), /not a number/);
    // No single run file for the whole model: each batch ran its own SQL.
    assert.equal(existsSync(join(p.dir, 'target', 'run', 'scenario', 'models', 'mb_orders.sql')), false);
  });

  test('retry re-runs only the failed batch and its skipped child, keeping the batches that succeeded', async () => {
    const retry = await p.run('retry', '--vars', '{broken_batch: none}');
    const text = `${retry.out}\n${retry.err}`;
    assert.equal(retry.code, 0, text);
    assert.match(text, new RegExp(`Batch 1 of 1 OK created batch ${day(-1)} of main\\.mb_orders`));
    assert.doesNotMatch(text, /PARTIAL SUCCESS/);
    assert.match(text, /1 of 2 OK created sql microbatch model main\.mb_orders \.+ \[SUCCESS in/);
    assert.match(text, /Completed successfully/);
    assert.deepEqual(await ids(), [1, 2, 3]);
    const model = resultOf('mb_orders')!;
    assert.equal(model.status, 'success');
    // As dbt records it: the retried batch, then the batches that succeeded before.
    assert.deepEqual(model.batch_results, {
      successful: [
        [iso(-1), iso(0)],
        [iso(-2), iso(-1)],
        [iso(0), iso(1)],
      ],
      failed: [],
    });
    assert.equal(resultOf('orders_total')?.status, 'success');
  });

  test('a retry whose only batch fails again is an error, not a partial success', async () => {
    const run = await p.run('run', ...WINDOW, '--vars', `{broken_batch: '${batchId(0)}'}`, '--select', 'mb_orders');
    assert.equal(run.code, 1);
    assert.match(`${run.out}\n${run.err}`, /Completed with 1 partial success and 0 warnings/);
    const again = await p.run('retry');
    const text = `${again.out}\n${again.err}`;
    assert.equal(again.code, 1, text);
    assert.match(text, /ERROR creating sql microbatch model main\.mb_orders/);
    assert.match(text, /Completed with 1 error, 0 partial successes, and 0 warnings:/);
    assert.doesNotMatch(text, /PARTIAL SUCCESS/);
    assert.equal(resultOf('mb_orders')?.status, 'error');
  });

  test('under --log-format json the node result and the summary carry the status', async () => {
    const run = await p.run('run', ...WINDOW, '--vars', `{broken_batch: '${batchId(-1)}'}`, '--select', 'mb_orders', '--log-format', 'json');
    assert.equal(run.code, 1);
    const events = run.out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { info: { name: string; level: string; msg: string }; data: Record<string, unknown> });
    const node = events.find((e) => e.info.name === 'LogModelResult');
    assert.equal(node?.data['status'], 'partial success');
    assert.equal((node?.data['node_info'] as { node_status?: string } | undefined)?.node_status, 'partial success');
    assert.match(node?.info.msg ?? '', /\[PARTIAL SUCCESS \(2\/3\) in/);
    const summary = events.filter((e) => e.info.name === 'EndOfRunSummary').map((e) => e.info.msg);
    assert.ok(summary.includes('Completed with 1 partial success and 0 warnings'), summary.join('\n'));
    // Each batch's START and result events carry dbt's fields and code, and node_info as the batch left it.
    type Batch = { batch_index: number; total_batches: number; description: string; status?: string; node_info: { unique_id: string; node_status: string; node_finished_at: string } };
    const batchEvents = (name: string) => events.filter((e) => e.info.name === name) as unknown as { info: { code: string; level: string; thread: string }; data: Batch }[];
    const starts = batchEvents('LogStartBatch');
    const results = batchEvents('LogBatchResult');
    assert.deepEqual(starts.map((e) => [e.info.code, e.data.batch_index, e.data.total_batches, e.data.description, e.data.node_info.node_status]), [
      ['Q045', 1, 3, `batch ${day(-2)} of main.mb_orders`, 'started'],
      ['Q045', 2, 3, `batch ${day(-1)} of main.mb_orders`, 'started'],
      ['Q045', 3, 3, `batch ${day(0)} of main.mb_orders`, 'started'],
    ]);
    assert.deepEqual(results.map((e) => [e.info.code, e.info.level, e.data.batch_index, e.data.status, e.data.node_info.node_status]), [
      ['Q046', 'info', 1, 'OK', 'success'],
      ['Q046', 'error', 2, 'error', 'error'],
      ['Q046', 'info', 3, 'OK', 'success'],
    ]);
    for (const e of [...starts, ...results]) {
      assert.equal(e.data.node_info.unique_id, 'model.scenario.mb_orders');
      assert.match(e.info.thread, /^Thread-\d+ \(worker\)$/);
    }
    assert.ok(results.every((e) => e.data.node_info.node_finished_at !== ''));
  });
});

describe('a microbatch model run with pre- and post-hooks', () => {
  let p: ScenarioProject;
  before(async () => {
    p = await scenarioProject({ 'models/sources.yml': SOURCES, 'models/mb_orders.sql': MODEL, 'data/orders.csv': ORDERS });
  });
  after(async () => {
    await p.dispose();
  });

  test('runs the pre-hook with the first batch and the post-hook with the last, once each', async () => {
    const run = await p.ok('run', ...WINDOW);
    const pre = run.out.match(/pre-hook ran for batch \S+/g) ?? [];
    const post = run.out.match(/post-hook ran for batch \S+/g) ?? [];
    assert.deepEqual(pre, [`pre-hook ran for batch ${batchId(-2)}`]);
    assert.deepEqual(post, [`post-hook ran for batch ${batchId(0)}`]);
  });
});

describe('a microbatch model whose first batch fails', () => {
  let p: ScenarioProject;
  before(async () => {
    p = await scenarioProject({ 'models/sources.yml': SOURCES, 'models/mb_orders.sql': MODEL, 'data/orders.csv': ORDERS });
  });
  after(async () => {
    await p.dispose();
  });
  const statusOf = () => readArtifact<{ results: Result[] }>(p.dir, 'run_results.json').results[0];

  test('skips the other batches and is an error, on a first build and on an incremental run', async () => {
    const first = await p.run('run', ...WINDOW, '--vars', `{broken_batch: '${batchId(-2)}'}`);
    const text = `${first.out}\n${first.err}`;
    assert.equal(first.code, 1, text);
    assert.match(text, new RegExp(`Batch 2 of 3 SKIP batch ${day(-1)} of main\\.mb_orders \\.+ \\[SKIPPED in`));
    assert.match(text, new RegExp(`Batch 3 of 3 SKIP batch ${day(0)} of main\\.mb_orders`));
    assert.match(text, /Completed with 1 error, 0 partial successes, and 0 warnings:/);
    assert.equal(statusOf()?.status, 'error');
    assert.equal(statusOf()?.batch_results?.failed.length, 3);
    // dbt's message for a model none of whose batches succeeded, printed under the summary as it is.
    assert.equal(statusOf()?.message, 'ERROR');
    assert.equal(statusOf()?.failures, 0);
    assert.match(text, /^\S+ {4}ERROR$/m);
    assert.deepEqual(await p.rows("select count(*) from information_schema.tables where table_name = 'mb_orders'"), [[0]]);

    await p.ok('run', ...WINDOW);
    p.write('data/orders.csv', ORDERS.replace(',30\n', ',31\n'));
    const again = await p.run('run', ...WINDOW, '--vars', `{broken_batch: '${batchId(-2)}'}`);
    assert.equal(again.code, 1);
    assert.equal(statusOf()?.status, 'error');
    // The later batches did not run: the last day keeps its old amount.
    assert.deepEqual(await p.rows('select amount from main.mb_orders where order_id = 3'), [[30]]);
  });
});

describe('a microbatch batch that does not compile', () => {
  let p: ScenarioProject;
  before(async () => {
    p = await scenarioProject({
      'models/sources.yml': SOURCES,
      'data/orders.csv': ORDERS,
      'models/mb_orders.sql': MODEL.replace(
        'select order_id',
        `{% if model.batch and model.batch.id == '${batchId(-1)}' %}{{ exceptions.raise_compiler_error('no orders for this day') }}{% endif %}\nselect order_id`,
      ),
    });
  });
  after(async () => {
    await p.dispose();
  });

  test('fails its batch with dbt\'s batch line alone, its error logged at debug level', async () => {
    const run = await p.run('run', ...WINDOW);
    const text = `${run.out}\n${run.err}`;
    assert.equal(run.code, 1, text);
    assert.match(text, new RegExp(`Batch 2 of 3 ERROR creating batch ${day(-1)} of main\\.mb_orders`));
    assert.match(text, /\[PARTIAL SUCCESS \(2\/3\) in/);
    // dbt logs a batch's compilation error as a catchable exception, at debug level.
    assert.doesNotMatch(text, /Unhandled error while executing/);
    assert.doesNotMatch(text, /no orders for this day/);
    const debug = await p.run('run', ...WINDOW, '--debug');
    assert.match(`${debug.out}\n${debug.err}`, /Compilation Error\n {2}no orders for this day/);
  });
});
