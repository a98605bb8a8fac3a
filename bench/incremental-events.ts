// A 120-day event fact (10 million rows by default) built in full, then one new day of raw
// events appended and the model built incrementally (delete+insert on event_id): prints both
// times and their ratio (target: the incremental run under 5% of the full build).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDuckDb } from '../src/adapters/duckdb/index.js';
import { materializeNode } from '../src/materialize/index.js';
import { makeContext, makeNode } from '../src/materialize/test-fixtures.js';

const totalRows = Number(process.argv[2] ?? 10_000_000);
const days = 120;
const perDay = Math.floor(totalRows / days);
const dir = await mkdtemp(join(tmpdir(), 'reelhouse-bench-incremental-'));
const adapter = await openDuckDb({ path: join(dir, 'bench.duckdb') });

/** Raw events for days [from, to): perDay rows per day, ordered by time as a stream arrives. */
const insertDays = (from: number, to: number) =>
  adapter.execute(`insert into raw.events
    select i as event_id,
           (hash(i) % 500000)::int as user_id,
           timestamp '2024-01-01' + to_seconds((i // ${perDay}) * 86400 + (i % ${perDay}) * 86400 // ${perDay}) as event_ts,
           (['play', 'pause', 'stop', 'seek'])[1 + (hash(i * 7) % 4)::int] as kind,
           (hash(i * 13) % 10000) / 100.0 as watch_seconds
    from range(${from * perDay}, ${to * perDay}) t(i)`);

try {
  await adapter.execute('create schema raw');
  await adapter.execute('create table raw.events (event_id bigint, user_id int, event_ts timestamp, kind varchar, watch_seconds double)');
  await insertDays(0, days);

  const select = `select event_id, user_id, event_ts, cast(event_ts as date) as event_date, kind, watch_seconds,
    watch_seconds >= 30 as engaged from raw.events`;
  const node = makeNode(adapter.defaultDatabase, {
    name: 'fct_events',
    compiled_code: select,
    config: { materialized: 'incremental', incremental_strategy: 'delete+insert', unique_key: 'event_id', on_schema_change: 'append_new_columns' },
  });

  const t0 = performance.now();
  const full = await materializeNode(makeContext(adapter, node));
  const t1 = performance.now();
  if (full.status !== 'success') throw new Error(full.message);

  await insertDays(days, days + 1);
  // What is_incremental() renders: only events newer than the table's latest one.
  node.compiled_code = `${select}\nwhere event_ts > (select max(event_ts) from main.fct_events)`;
  const t2 = performance.now();
  const inc = await materializeNode(makeContext(adapter, node));
  const t3 = performance.now();
  if (inc.status !== 'success') throw new Error(inc.message);

  const count = (await adapter.execute('select count(*) from main.fct_events')).rows[0]?.[0];
  const fullS = (t1 - t0) / 1000;
  const incS = (t3 - t2) / 1000;
  console.log(`event fact: ${days} days, ${(perDay * days).toLocaleString('en-US')} rows; then 1 day (${perDay.toLocaleString('en-US')} rows) appended; final rows ${String(count)}`);
  console.log(`full build: ${fullS.toFixed(2)} s`);
  console.log(`incremental build (delete+insert on event_id): ${incS.toFixed(3)} s, ${String(inc.rowsAffected)} rows written`);
  console.log(`ratio: ${((incS / fullS) * 100).toFixed(1)}% of the full build (target < 5%)`);
} finally {
  await adapter.close();
  await rm(dir, { recursive: true, force: true });
}
