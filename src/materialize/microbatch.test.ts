import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PyDatetime } from '../project/context/py/datetime.js';
import { materializeNode } from './materialize-node.js';
import { makeContext, makeNode, openTestWarehouse, type TestWarehouse } from './test-fixtures.js';
import type { BatchProgress } from './types.js';

const utc = (s: string) => new Date(`${s}Z`);

describe('microbatch incremental strategy', () => {
  let wh: TestWarehouse;
  before(async () => {
    wh = await openTestWarehouse();
    await wh.adapter.execute('create table main.raw_events (id int, ts timestamp, v int)');
    await wh.adapter.execute(`insert into main.raw_events values
      (1, '2024-01-01 08:00', 1), (2, '2024-01-02 09:00', 1), (3, '2024-01-03 10:00', 1), (4, '2024-01-04 23:59', 1)`);
  });
  after(async () => {
    await wh.dispose();
  });

  const model = (name: string, extra: Record<string, unknown> = {}) =>
    makeNode(wh.database, {
      name,
      compiled_code: 'select id, ts, v from main.raw_events',
      config: { materialized: 'incremental', incremental_strategy: 'microbatch', event_time: 'ts', batch_size: 'day', begin: '2024-01-01', ...extra },
    });
  const contents = (name: string) => wh.rows(`select id, ts::varchar as ts, v from main.${name} order by id`);

  it('builds from begin in daily batches, then reprocesses only the lookback window', async () => {
    const node = model('mb_events', { lookback: 1 });
    const progress: BatchProgress[] = [];
    const first = await materializeNode(makeContext(wh.adapter, node, { now: () => utc('2024-01-04T12:00:00'), microbatch: { onBatch: (p) => progress.push(p) } }));
    assert.equal(first.status, 'success', first.message);
    assert.equal(first.batchResults?.successful.length, 4);
    assert.deepEqual(progress.map((p) => `${p.index + 1}/${p.total} ${p.status} ${p.rowsAffected}`), ['1/4 success 1', '2/4 success 1', '3/4 success 1', '4/4 success 1']);
    assert.equal((await contents('mb_events')).length, 4);

    // Late data for Jan 3 (inside the lookback), a correction for Jan 1 (outside it), a new day.
    await wh.adapter.execute("insert into main.raw_events values (5, '2024-01-03 11:00', 2), (6, '2024-01-01 12:00', 2), (7, '2024-01-05 01:00', 3)");
    await wh.adapter.execute('update main.raw_events set v = 9 where id = 3');
    const second = await materializeNode(makeContext(wh.adapter, node, { now: () => utc('2024-01-05T02:00:00') }));
    assert.equal(second.status, 'success', second.message);
    assert.deepEqual(second.batchResults?.successful, [
      ['2024-01-04T00:00:00+00:00', '2024-01-05T00:00:00+00:00'],
      ['2024-01-05T00:00:00+00:00', '2024-01-06T00:00:00+00:00'],
    ]);
    // lookback 1 covers Jan 4 and 5 only: Jan 3's late rows and the Jan 1 correction wait for a backfill.
    assert.deepEqual((await contents('mb_events')).map((r) => r['id']), [1, 2, 3, 4, 7]);

    const backfill = await materializeNode(
      makeContext(wh.adapter, node, { now: () => utc('2024-01-05T02:00:00'), microbatch: { eventTimeStart: utc('2024-01-01T00:00:00'), eventTimeEnd: utc('2024-01-04T00:00:00') } }),
    );
    assert.equal(backfill.status, 'success', backfill.message);
    assert.equal(backfill.batchResults?.successful.length, 3);
    assert.deepEqual(await contents('mb_events'), [
      { id: 1, ts: '2024-01-01 08:00:00', v: 1 },
      { id: 2, ts: '2024-01-02 09:00:00', v: 1 },
      { id: 3, ts: '2024-01-03 10:00:00', v: 9 },
      { id: 4, ts: '2024-01-04 23:59:00', v: 1 },
      { id: 5, ts: '2024-01-03 11:00:00', v: 2 },
      { id: 6, ts: '2024-01-01 12:00:00', v: 2 },
      { id: 7, ts: '2024-01-05 01:00:00', v: 3 },
    ]);
    const again = await materializeNode(makeContext(wh.adapter, node, { now: () => utc('2024-01-05T02:00:00'), microbatch: { eventTimeStart: utc('2024-01-01T00:00:00') } }));
    assert.equal(again.status, 'success');
    assert.equal((await contents('mb_events')).length, 7, 'rerunning batches changes nothing');
  });

  it('uses the run layer\'s per-batch rendering when given', async () => {
    const node = model('mb_rendered');
    const seen: string[] = [];
    const result = await materializeNode(
      makeContext(wh.adapter, node, {
        now: () => utc('2024-01-02T05:00:00'),
        renderForBatch: ({ start, end }) => {
          seen.push(start.toISOString().slice(0, 10));
          return `select id, ts, v from main.raw_events where ts >= '${start.toISOString()}'::timestamptz::timestamp and ts < '${end.toISOString()}'::timestamptz::timestamp`;
        },
      }),
    );
    assert.equal(result.status, 'success', result.message);
    assert.ok(seen.includes('2024-01-01') && seen.includes('2024-01-02'));
    assert.deepEqual((await contents('mb_rendered')).map((r) => r['id']), [1, 2, 6]);
  });

  it('renders each batch once, so the log() and run_query() calls of a model run once per batch as in dbt', async () => {
    const node = model('mb_render_once');
    const seen: string[] = [];
    const result = await materializeNode(
      makeContext(wh.adapter, node, {
        now: () => utc('2024-01-03T05:00:00'),
        renderForBatch: ({ start }) => {
          seen.push(start.toISOString().slice(0, 10));
          return 'select id, ts, v from main.raw_events';
        },
      }),
    );
    assert.equal(result.status, 'success', result.message);
    assert.deepEqual(seen, ['2024-01-01', '2024-01-02', '2024-01-03']);
  });

  it("writes only each batch's own time range when a rendered batch also returns rows outside it", async () => {
    // An input without event_time is not filtered per batch: every batch returns all its rows.
    await wh.adapter.execute('create table main.visits (visitor int, seen_at timestamp)');
    await wh.adapter.execute("insert into main.visits values (10, '2024-02-01 07:00'), (11, '2024-02-02 15:00'), (12, '2024-02-03 22:30')");
    const node = makeNode(wh.database, {
      name: 'mb_visits',
      compiled_code: 'select visitor, seen_at from main.visits',
      config: { materialized: 'incremental', incremental_strategy: 'microbatch', event_time: 'seen_at', batch_size: 'day', begin: '2024-02-01' },
    });
    const build = (now: string) =>
      materializeNode(makeContext(wh.adapter, node, { now: () => utc(now), renderForBatch: () => 'select visitor, seen_at from main.visits' }));
    const counts = () => wh.rows('select visitor, count(*)::int as n from main.mb_visits group by visitor order by visitor');
    assert.equal((await build('2024-02-03T23:00:00')).status, 'success');
    assert.deepEqual(await counts(), [
      { visitor: 10, n: 1 },
      { visitor: 11, n: 1 },
      { visitor: 12, n: 1 },
    ]);
    // A later visit lands after the run's last batch: it waits for the run whose batches cover it.
    await wh.adapter.execute("insert into main.visits values (13, '2024-02-04 01:00')");
    assert.equal((await build('2024-02-03T23:30:00')).status, 'success');
    assert.deepEqual((await counts()).map((r) => r['visitor']), [10, 11, 12]);
    assert.equal((await build('2024-02-04T02:00:00')).status, 'success');
    assert.deepEqual(await counts(), [
      { visitor: 10, n: 1 },
      { visitor: 11, n: 1 },
      { visitor: 12, n: 1 },
      { visitor: 13, n: 1 },
    ]);
  });

  it('creates the table from every row its first batch returns, as dbt-duckdb creates it from the compiled SQL, then replaces only batch ranges', async () => {
    // An input without event_time is not filtered per batch: the first batch returns rows from
    // before begin and after the last batch too, and the table is created with all of them.
    await wh.adapter.execute('create table main.orders_log (id int, placed_at timestamp)');
    await wh.adapter.execute("insert into main.orders_log values (1, '2024-02-28 10:00'), (2, '2024-03-01 10:00'), (3, '2024-03-02 10:00'), (4, '2024-03-09 10:00')");
    const node = makeNode(wh.database, {
      name: 'mb_orders',
      compiled_code: 'select id, placed_at from main.orders_log',
      config: { materialized: 'incremental', incremental_strategy: 'microbatch', event_time: 'placed_at', batch_size: 'day', begin: '2024-03-01' },
    });
    const build = (now: string) => materializeNode(makeContext(wh.adapter, node, { now: () => utc(now), renderForBatch: () => 'select id, placed_at from main.orders_log' }));
    const ids = async () => (await wh.rows('select id from main.mb_orders order by id')).map((r) => r['id']);
    assert.equal((await build('2024-03-02T12:00:00')).status, 'success');
    assert.deepEqual(await ids(), [1, 2, 3, 4]);
    // Later batches delete and insert their own day only: the rows outside them stay as created.
    await wh.adapter.execute("insert into main.orders_log values (5, '2024-03-02 11:00'), (6, '2024-02-27 09:00')");
    assert.equal((await build('2024-03-02T13:00:00')).status, 'success');
    assert.deepEqual(await ids(), [1, 2, 3, 4, 5]);
  });

  it('writes into an existing table only the batch rows incremental_predicates allow, so rerunning a batch duplicates nothing', async () => {
    await wh.adapter.execute('create table main.readings (id int, ts timestamp, v int)');
    await wh.adapter.execute("insert into main.readings values (1, '2024-03-01 01:00', 5), (2, '2024-03-01 02:00', 50), (3, '2024-03-02 01:00', 60)");
    const node = makeNode(wh.database, {
      name: 'mb_readings',
      compiled_code: 'select id, ts, v from main.readings',
      config: {
        materialized: 'incremental',
        incremental_strategy: 'microbatch',
        event_time: 'ts',
        batch_size: 'day',
        begin: '2024-03-01',
        incremental_predicates: ['v > 10', 'DBT_INTERNAL_DEST.v < 100'],
      },
    });
    const build = () => materializeNode(makeContext(wh.adapter, node, { now: () => utc('2024-03-02T12:00:00') }));
    const ids = async () => (await wh.rows('select id from main.mb_readings order by id')).map((r) => r['id']);
    // The first batch creates the table from all its rows; later batches delete and insert under the predicates.
    assert.equal((await build()).status, 'success');
    assert.deepEqual(await ids(), [1, 2, 3]);
    assert.equal((await build()).status, 'success');
    assert.deepEqual(await ids(), [1, 2, 3]);
  });

  it('keeps committed batches when one fails, retries it, and re-runs only failed batches', async () => {
    const node = model('mb_flaky');
    await wh.adapter.execute('create table main.fail_days (d date)');
    await wh.adapter.execute("insert into main.fail_days values ('2024-01-03')");
    // A batch fails when its day is listed in fail_days (error() raises at run time).
    node.compiled_code = `select id, ts, v from main.raw_events where case when exists (select 1 from main.fail_days f where f.d = ts::date) then error('day is locked') else true end`;
    let attempts = 0;
    const errors: string[] = [];
    const onBatch = (p: BatchProgress) => {
      attempts += p.status === 'error' ? p.attempts : 0;
      if (p.status === 'error') errors.push(`${p.start.toISOString()} ${p.message}`);
    };
    const result = await materializeNode(makeContext(wh.adapter, node, { now: () => utc('2024-01-04T12:00:00'), microbatch: { retries: 2, onBatch } }));
    // Some batches written, one not: dbt's `partial success`, the failure reported with its batch.
    assert.equal(result.status, 'partial success');
    assert.equal(result.message, 'PARTIAL SUCCESS (3/4)');
    assert.match(errors.join('\n'), /^2024-01-03T00:00:00\.000Z .*day is locked/su);
    assert.deepEqual(result.batchResults?.failed, [['2024-01-03T00:00:00+00:00', '2024-01-04T00:00:00+00:00']]);
    assert.equal(attempts, 3);
    assert.deepEqual((await contents('mb_flaky')).map((r) => r['id']), [1, 2, 4, 6]);

    await wh.adapter.execute('delete from main.fail_days');
    const retried = await materializeNode(makeContext(wh.adapter, node, { microbatch: { onlyBatches: result.batchResults?.failed ?? [] } }));
    assert.equal(retried.status, 'success', retried.message);
    assert.equal(retried.batchResults?.successful.length, 1);
    assert.deepEqual((await contents('mb_flaky')).map((r) => r['id']), [1, 2, 3, 4, 5, 6]);
  });

  it('refuses a unique_key in every batch written into an existing table, as dbt-duckdb does', async () => {
    await wh.adapter.execute("create table main.keyed_plays as select * from (values (7, timestamp '2024-03-01 10:00'), (8, timestamp '2024-03-02 11:00')) t(play_id, played_at)");
    const node = makeNode(wh.database, {
      name: 'mb_keyed',
      compiled_code: 'select play_id, played_at from main.keyed_plays',
      config: { materialized: 'incremental', incremental_strategy: 'microbatch', event_time: 'played_at', batch_size: 'day', begin: '2024-03-01', lookback: 0, unique_key: 'play_id' },
    });
    const errors: string[] = [];
    const onBatch = (p: BatchProgress) => (p.status === 'error' ? errors.push(p.message) : undefined);
    // The first batch creates the table (no strategy involved); the second reaches the strategy.
    const first = await materializeNode(makeContext(wh.adapter, node, { now: () => utc('2024-03-02T12:00:00'), microbatch: { onBatch } }));
    assert.equal(first.status, 'partial success');
    assert.match(errors.join('\n'), /microbatch incremental strategy does not support 'unique_key'/u);
    assert.deepEqual(await wh.rows('select play_id from main.mb_keyed'), [{ play_id: 7 }]);
    const again = await materializeNode(makeContext(wh.adapter, node, { now: () => utc('2024-03-02T12:00:00') }));
    assert.equal(again.status, 'error');
    assert.match(again.message, /does not support 'unique_key'/u);
  });

  it('compares a TIMESTAMPTZ event_time in UTC', async () => {
    const node = model('mb_tz');
    node.compiled_code = "select 1 as id, timestamptz '2024-01-01 23:30:00-02' as ts"; // 2024-01-02 01:30 UTC
    const result = await materializeNode(makeContext(wh.adapter, node, { now: () => utc('2024-01-02T05:00:00') }));
    assert.equal(result.status, 'success', result.message);
    assert.equal((await wh.rows('select count(*)::int as n from main.mb_tz'))[0]?.['n'], 1);
    const again = await materializeNode(makeContext(wh.adapter, node, { now: () => utc('2024-01-02T05:00:00'), microbatch: { eventTimeStart: utc('2024-01-02T00:00:00') } }));
    assert.equal(again.status, 'success', again.message);
    assert.equal((await wh.rows('select count(*)::int as n from main.mb_tz'))[0]?.['n'], 1);
  });

  it('takes begin as a template datetime (config(begin=modules.datetime.datetime(...)))', async () => {
    const datetime = new PyDatetime(2024, 1, 3, 0, 0, 0, 0, null);
    const node = model('mb_dt_begin', { begin: datetime });
    const result = await materializeNode(makeContext(wh.adapter, node, { now: () => utc('2024-01-04T12:00:00') }));
    assert.equal(result.status, 'success', result.message);
    assert.deepEqual(result.batchResults?.successful, [
      ['2024-01-03T00:00:00+00:00', '2024-01-04T00:00:00+00:00'],
      ['2024-01-04T00:00:00+00:00', '2024-01-05T00:00:00+00:00'],
    ]);
  });

  it('explains a missing event_time or begin', async () => {
    await assert.rejects(materializeNode(makeContext(wh.adapter, model('mb_bad', { event_time: undefined }))), /needs an event_time/u);
    await assert.rejects(materializeNode(makeContext(wh.adapter, model('mb_bad2', { begin: undefined }))), /needs a begin/u);
    await assert.rejects(materializeNode(makeContext(wh.adapter, model('mb_bad3', { batch_size: 'week' }))), /batch_size set to one of hour, day, month, year/u);
  });
});
